/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The catalog parser: topic YAML documents, the catalog YAML document and the
 * original tool's JSON catalogs, all through libyaml's event parser (libyaml
 * reads JSON as flow YAML).  The parser is a small recursive descent over the
 * events; it never builds a document tree, refuses anchors, aliases and tags,
 * and bounds the nesting depth, the string lengths and the topic count. */
#include "catalog-private.h"
#include "extras-error.h"

#include <stdarg.h>
#include <string.h>
#include <yaml.h>

#define MAX_STRING 4096
#define MAX_MOTD (64 * 1024)
#define MAX_PACKAGE_NAME 256
#define MAX_INDEX 9999
#define MAX_ARCHES 64
#define MAX_MESSAGE_VALUE 64 /* characters of a bad value quoted in a message */

/* Where something was defined: for errors that name two places. */
typedef struct
{
  char *origin;
  yaml_mark_t mark;
} Site;

static void
site_free (Site *site)
{
  g_free (site->origin);
  g_free (site);
}

static Site *
site_new (const char *origin, const yaml_mark_t *mark)
{
  Site *site = g_new0 (Site, 1);

  site->origin = g_strdup (origin);
  site->mark = *mark;
  return site;
}

/* A topic name that a YAML topic refers to; checked once all files are read. */
typedef struct
{
  Site site;
  char *from;
  char *name;
  const char *key;
} Reference;

static void
reference_free (Reference *ref)
{
  g_free (ref->site.origin);
  g_free (ref->from);
  g_free (ref->name);
  g_free (ref);
}

struct _ExtrasCatalogBuilder
{
  char *origin;
  GPtrArray *topics;     /* ExtrasTopic */
  GHashTable *sites;     /* topic name -> Site */
  GHashTable *slots;     /* "ARCH INDEX" -> topic name, YAML topics only */
  GPtrArray *references; /* Reference */
  Site *catalog_site;    /* the catalog document, when there was one */
  char *motd;
  char *core_end_of_support;
  GStrv stable_abi;
  GPtrArray *whitelists; /* GHashTable name sets, or NULL */
};

typedef struct
{
  yaml_parser_t yaml;
  yaml_event_t ev;
  gboolean have_ev;
  const char *origin;
  const char *data;
  gsize len;
  int depth;
  gboolean json;
} Parser;

/* ---- messages ---------------------------------------------------------- */

static gboolean G_GNUC_PRINTF (4, 5)
    set_parse_error (GError **error, const char *origin, const yaml_mark_t *mark,
                     const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE, "%s:%zu:%zu: %s", origin,
               (size_t) mark->line + 1, (size_t) mark->column + 1, message);
  return FALSE;
}

/* A value as it may appear inside a one-line message: escaped, shortened. */
static char *
quote (const char *value)
{
  g_autofree char *head = NULL;
  g_autofree char *escaped = NULL;
  gsize len = strlen (value);
  gboolean cut = len > MAX_MESSAGE_VALUE;

  head = g_strndup (value, cut ? MAX_MESSAGE_VALUE : len);
  /* g_strescape escapes non-ASCII bytes too, so a cut UTF-8 sequence stays
   * harmless and the message stays one line of ASCII. */
  escaped = g_strescape (head, NULL);
  return g_strdup_printf ("\"%s%s\"", escaped, cut ? "..." : "");
}

static const char *
syntax_name (const Parser *p)
{
  return p->json ? "JSON" : "YAML";
}

/* libyaml's reader errors carry a byte offset, not a mark. */
static yaml_mark_t
mark_at_offset (const Parser *p, gsize offset)
{
  yaml_mark_t mark = { 0, 0, 0 };

  offset = MIN (offset, p->len);
  for (gsize i = 0; i < offset; i++)
    {
      guchar c = (guchar) p->data[i];

      if (c == '\n')
        {
          mark.line++;
          mark.column = 0;
        }
      else if ((c & 0xc0) != 0x80)
        mark.column++;
    }
  mark.index = offset;
  return mark;
}

static gboolean
libyaml_error (Parser *p, GError **error)
{
  yaml_mark_t mark;
  const char *problem = p->yaml.problem != NULL ? p->yaml.problem : "syntax error";

  switch (p->yaml.error)
    {
    case YAML_MEMORY_ERROR:
      mark = mark_at_offset (p, 0);
      return set_parse_error (error, p->origin, &mark, "out of memory while parsing");
    case YAML_READER_ERROR:
      mark = mark_at_offset (p, p->yaml.problem_offset);
      if (p->yaml.problem_value != -1)
        return set_parse_error (error, p->origin, &mark,
                                "%s (byte 0x%02x); the file must be UTF-8 text", problem,
                                (unsigned) p->yaml.problem_value & 0xff);
      return set_parse_error (error, p->origin, &mark, "%s; the file must be UTF-8 text", problem);
    case YAML_SCANNER_ERROR:
    case YAML_PARSER_ERROR:
    default:
      mark = p->yaml.problem_mark;
      /* At the end of the input libyaml invents a line break; point at the
       * real end instead, so the position exists in the file. */
      if (mark.index >= p->len)
        mark = mark_at_offset (p, p->len);
      if (p->yaml.context != NULL)
        return set_parse_error (error, p->origin, &mark,
                                "%s %s (which started at line %zu, column %zu); fix the %s syntax",
                                problem, p->yaml.context, (size_t) p->yaml.context_mark.line + 1,
                                (size_t) p->yaml.context_mark.column + 1, syntax_name (p));
      return set_parse_error (error, p->origin, &mark, "%s; fix the %s syntax", problem,
                              syntax_name (p));
    }
}

static const char *
describe_event (const Parser *p)
{
  const yaml_event_t *ev = &p->ev;

  switch (ev->type)
    {
    case YAML_SEQUENCE_START_EVENT:
      return "a list";
    case YAML_MAPPING_START_EVENT:
      return "a mapping";
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      return "the end of the collection";
    case YAML_SCALAR_EVENT:
      {
        const char *v = (const char *) ev->data.scalar.value;

        if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
          return "a string";
        if (ev->data.scalar.length == 0 || strcmp (v, "~") == 0 || strcmp (v, "null") == 0)
          return "nothing (null)";
        if (strcmp (v, "true") == 0 || strcmp (v, "false") == 0)
          return "a boolean";
        if (g_ascii_isdigit (v[0]) || ((v[0] == '-' || v[0] == '+') && g_ascii_isdigit (v[1])))
          return p->json ? "a number" : "a number or plain value";
        return p->json ? "a bare word" : "a string";
      }
    default:
      return "the end of the document";
    }
}

/* ---- events ------------------------------------------------------------ */

static gboolean
advance (Parser *p, GError **error)
{
  const yaml_char_t *anchor = NULL;
  const yaml_char_t *tag = NULL;

  if (p->have_ev)
    {
      yaml_event_delete (&p->ev);
      p->have_ev = FALSE;
    }
  if (!yaml_parser_parse (&p->yaml, &p->ev))
    return libyaml_error (p, error);
  p->have_ev = TRUE;

  switch (p->ev.type)
    {
    case YAML_ALIAS_EVENT:
      {
        g_autofree char *q = quote ((const char *) p->ev.data.alias.anchor);

        return set_parse_error (error, p->origin, &p->ev.start_mark,
                                "aliases are not allowed (*%s); write the value out in full", q);
      }
    case YAML_SCALAR_EVENT:
      anchor = p->ev.data.scalar.anchor;
      tag = p->ev.data.scalar.tag;
      break;
    case YAML_SEQUENCE_START_EVENT:
      anchor = p->ev.data.sequence_start.anchor;
      tag = p->ev.data.sequence_start.tag;
      p->depth++;
      break;
    case YAML_MAPPING_START_EVENT:
      anchor = p->ev.data.mapping_start.anchor;
      tag = p->ev.data.mapping_start.tag;
      p->depth++;
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      p->depth--;
      break;
    default:
      break;
    }

  if (anchor != NULL)
    {
      g_autofree char *q = quote ((const char *) anchor);

      return set_parse_error (error, p->origin, &p->ev.start_mark,
                              "anchors and aliases are not allowed (&%s); remove the anchor", q);
    }
  if (tag != NULL)
    {
      g_autofree char *q = quote ((const char *) tag);

      return set_parse_error (error, p->origin, &p->ev.start_mark,
                              "tags are not allowed (%s); remove the tag", q);
    }
  if (p->depth > EXTRAS_CATALOG_MAX_DEPTH)
    return set_parse_error (error, p->origin, &p->ev.start_mark,
                            "nested deeper than %d levels; flatten the document",
                            EXTRAS_CATALOG_MAX_DEPTH);
  return TRUE;
}

static gboolean
expect (Parser *p, yaml_event_type_t type, const char *what, GError **error)
{
  if (!advance (p, error))
    return FALSE;
  if (p->ev.type != type)
    return set_parse_error (error, p->origin, &p->ev.start_mark, "expected %s, found %s", what,
                            describe_event (p));
  return TRUE;
}

/* Skips the node that starts at the current event (for ignored JSON keys). */
static gboolean
skip_node (Parser *p, GError **error)
{
  int level;

  if (p->ev.type != YAML_SEQUENCE_START_EVENT && p->ev.type != YAML_MAPPING_START_EVENT)
    return TRUE;
  level = p->depth - 1;
  while (p->depth > level)
    if (!advance (p, error))
      return FALSE;
  return TRUE;
}

static gboolean
scalar_is_null (const Parser *p)
{
  const char *v = (const char *) p->ev.data.scalar.value;

  return p->ev.type == YAML_SCALAR_EVENT && p->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
         && (p->ev.data.scalar.length == 0 || strcmp (v, "~") == 0 || strcmp (v, "null") == 0);
}

/* The current event as a string value of @key.  In JSON a string is quoted;
 * in YAML any scalar but null is one (versions like 5.10 stay text). */
static gboolean
take_string (Parser *p, const char *key, gsize max, char **out, GError **error)
{
  const yaml_event_t *ev = &p->ev;

  if (ev->type != YAML_SCALAR_EVENT || scalar_is_null (p)
      || (p->json && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE))
    return set_parse_error (error, p->origin, &ev->start_mark,
                            "expected a string for '%s', found %s", key, describe_event (p));
  if (ev->data.scalar.length > max)
    return set_parse_error (error, p->origin, &ev->start_mark,
                            "the value of '%s' is too long (%zu bytes, at most %zu); shorten it",
                            key, (size_t) ev->data.scalar.length, (size_t) max);
  if (memchr (ev->data.scalar.value, '\0', ev->data.scalar.length) != NULL)
    return set_parse_error (error, p->origin, &ev->start_mark,
                            "the value of '%s' contains a NUL character; remove it", key);
  *out = g_strndup ((const char *) ev->data.scalar.value, ev->data.scalar.length);
  return TRUE;
}

static gboolean
take_int (Parser *p, const char *key, int min, int max, int *out, GError **error)
{
  const yaml_event_t *ev = &p->ev;
  const char *v = (const char *) ev->data.scalar.value;
  gint64 value = 0;

  if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE
      || ev->data.scalar.length == 0 || ev->data.scalar.length > 9)
    goto bad;
  for (gsize i = 0; i < ev->data.scalar.length; i++)
    {
      if (!g_ascii_isdigit (v[i]))
        goto bad;
      value = value * 10 + (v[i] - '0');
    }
  if (value < min || value > max)
    goto bad;
  *out = (int) value;
  return TRUE;

bad:
  if (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
      && ev->data.scalar.length > 0)
    {
      g_autofree char *q = quote (v);

      return set_parse_error (error, p->origin, &ev->start_mark,
                              "expected an integer from %d to %d for '%s', found %s", min, max, key,
                              q);
    }
  return set_parse_error (error, p->origin, &ev->start_mark,
                          "expected an integer from %d to %d for '%s', found %s", min, max, key,
                          describe_event (p));
}

/* ---- values ------------------------------------------------------------ */

typedef struct
{
  const char *noun;
  gboolean (*valid) (const char *value);
  const char *hint;
} Check;

static gboolean
package_name_is_valid (const char *name)
{
  if (name[0] == '\0' || strlen (name) > MAX_PACKAGE_NAME)
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (*c <= ' ' || *c > '~')
      return FALSE;
  return TRUE;
}

/* Versions end up in repository URLs and section names: no '/', no blanks. */
static gboolean
version_is_valid (const char *version)
{
  gsize len = strlen (version);

  if (len == 0 || len > EXTRAS_NAME_MAX || !g_ascii_isalnum (version[0]))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isalnum (version[i]) && strchr ("._+~-", version[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
date_is_valid (const char *date)
{
  int y, m, d;

  if (strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  y = atoi (date);
  m = atoi (date + 5);
  d = atoi (date + 8);
  return y >= 1 && g_date_valid_dmy (d, m, y);
}

/* Summaries are one line; the motd may have several. */
static gboolean
text_is_clean (const char *text, gboolean multi_line)
{
  for (const guchar *c = (const guchar *) text; *c != '\0'; c++)
    if ((*c < ' ' && *c != '\t' && !(multi_line && *c == '\n')) || *c == 0x7f)
      return FALSE;
  return g_utf8_validate (text, -1, NULL);
}

static const Check topic_name_check
    = { "topic name", extras_name_is_valid,
        "use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 "
        "characters" };
static const Check arch_check
    = { "architecture", extras_name_is_valid,
        "use letters, digits, '.', '_' and '-', starting with a letter or digit" };
static const Check package_check = { "package name", package_name_is_valid,
                                     "use printable ASCII characters without blanks, at most 256" };
static const Check version_check
    = { "version", version_is_valid,
        "use letters, digits, '.', '_', '+', '~' and '-', starting with a letter or digit, at "
        "most 64 characters" };
static const Check date_check = { "date", date_is_valid, "write a real date as YYYY-MM-DD" };

static gboolean
check_value (Parser *p, const Check *check, const char *key, const char *value,
             const yaml_mark_t *mark, GError **error)
{
  g_autofree char *q = NULL;

  if (check->valid (value))
    return TRUE;
  q = quote (value);
  return set_parse_error (error, p->origin, mark, "invalid %s %s in '%s'; %s", check->noun, q, key,
                          check->hint);
}

/* The current event is the value of @key: a string that passes @check. */
static gboolean
take_checked (Parser *p, const char *key, const Check *check, char **out, GError **error)
{
  g_autofree char *value = NULL;

  if (!take_string (p, key, MAX_STRING, &value, error))
    return FALSE;
  if (check != NULL && !check_value (p, check, key, value, &p->ev.start_mark, error))
    return FALSE;
  *out = g_steal_pointer (&value);
  return TRUE;
}

/* The current event starts the value of @key: a list of strings that pass
 * @check.  @out gets a NULL-terminated array, @marks (optional) each item's
 * position. */
static gboolean
take_list (Parser *p, const char *key, const Check *check, GPtrArray **out, GArray **marks,
           GError **error)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) item_marks = g_array_new (FALSE, FALSE, sizeof (yaml_mark_t));

  if (p->ev.type != YAML_SEQUENCE_START_EVENT)
    return set_parse_error (error, p->origin, &p->ev.start_mark,
                            "expected a list for '%s', found %s", key, describe_event (p));
  for (;;)
    {
      char *value = NULL;

      if (!advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_SEQUENCE_END_EVENT)
        break;
      if (!take_checked (p, key, check, &value, error))
        return FALSE;
      g_ptr_array_add (items, value);
      g_array_append_val (item_marks, p->ev.start_mark);
    }
  g_ptr_array_add (items, NULL);
  *out = g_steal_pointer (&items);
  if (marks != NULL)
    *marks = g_steal_pointer (&item_marks);
  return TRUE;
}

static const char *const *
list_strv (GPtrArray *list)
{
  return list != NULL ? (const char *const *) list->pdata : NULL;
}

/* ---- the builder ------------------------------------------------------- */

ExtrasCatalogBuilder *
extras_catalog_builder_new (const char *origin)
{
  ExtrasCatalogBuilder *b = g_new0 (ExtrasCatalogBuilder, 1);

  b->origin = g_strdup (origin);
  b->topics = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_topic_unref);
  b->sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) site_free);
  b->slots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  b->references = g_ptr_array_new_with_free_func ((GDestroyNotify) reference_free);
  return b;
}

void
extras_catalog_builder_free (ExtrasCatalogBuilder *b)
{
  if (b == NULL)
    return;
  g_free (b->origin);
  g_ptr_array_unref (b->topics);
  g_hash_table_unref (b->sites);
  g_hash_table_unref (b->slots);
  g_ptr_array_unref (b->references);
  g_clear_pointer (&b->catalog_site, site_free);
  g_free (b->motd);
  g_free (b->core_end_of_support);
  g_strfreev (b->stable_abi);
  g_clear_pointer (&b->whitelists, g_ptr_array_unref);
  g_free (b);
}

/* Takes @topic.  @mark is where its name is. */
static gboolean
builder_add_topic (ExtrasCatalogBuilder *b, Parser *p, ExtrasTopic *topic, const yaml_mark_t *mark,
                   GError **error)
{
  g_autoptr (ExtrasTopic) owned = topic;
  const Site *first = g_hash_table_lookup (b->sites, topic->name);

  if (first != NULL)
    {
      g_autofree char *q = quote (topic->name);

      return set_parse_error (
          error, p->origin, mark, "topic %s is defined twice: here and at %s:%zu:%zu; remove one",
          q, first->origin, (size_t) first->mark.line + 1, (size_t) first->mark.column + 1);
    }
  if (b->topics->len >= EXTRAS_CATALOG_MAX_TOPICS)
    return set_parse_error (error, p->origin, mark,
                            "more than %d topics; a catalog may hold at most %d",
                            EXTRAS_CATALOG_MAX_TOPICS, EXTRAS_CATALOG_MAX_TOPICS);
  g_hash_table_insert (b->sites, g_strdup (topic->name), site_new (p->origin, mark));
  g_ptr_array_add (b->topics, g_steal_pointer (&owned));
  return TRUE;
}

static void
builder_add_reference (ExtrasCatalogBuilder *b, Parser *p, const char *from, const char *key,
                       const char *name, const yaml_mark_t *mark)
{
  Reference *ref = g_new0 (Reference, 1);

  ref->site.origin = g_strdup (p->origin);
  ref->site.mark = *mark;
  ref->from = g_strdup (from);
  ref->name = g_strdup (name);
  ref->key = key;
  g_ptr_array_add (b->references, ref);
}

/* ---- YAML documents ---------------------------------------------------- */

typedef enum
{
  KEY_DOCUMENT,
  KEY_VERSION,
  KEY_NAME,
  KEY_SUMMARY,
  KEY_INDEX,
  KEY_VERSIONS,
  KEY_PACKAGES,
  KEY_VISIBLE,
  KEY_CONFLICTS,
  KEY_REQUIRES,
  KEY_ARCHES,
  KEY_END_OF_SUPPORT,
  KEY_SUCCESSOR,
  KEY_KERNEL_SERIES,
  KEY_AL2023,
  KEY_MOTD,
  KEY_CORE_END_OF_SUPPORT,
  KEY_STABLE_ABI,
  N_KEYS
} Key;

enum
{
  IN_TOPIC = 1 << 0,
  IN_CATALOG = 1 << 1,
};

static const struct
{
  const char *name;
  guint in;
} keys[N_KEYS] = {
  [KEY_DOCUMENT] = { "document", IN_TOPIC | IN_CATALOG },
  [KEY_VERSION] = { "version", IN_TOPIC | IN_CATALOG },
  [KEY_NAME] = { "name", IN_TOPIC },
  [KEY_SUMMARY] = { "summary", IN_TOPIC },
  [KEY_INDEX] = { "index", IN_TOPIC },
  [KEY_VERSIONS] = { "versions", IN_TOPIC },
  [KEY_PACKAGES] = { "packages", IN_TOPIC },
  [KEY_VISIBLE] = { "visible", IN_TOPIC },
  [KEY_CONFLICTS] = { "conflicts", IN_TOPIC },
  [KEY_REQUIRES] = { "requires", IN_TOPIC },
  [KEY_ARCHES] = { "arches", IN_TOPIC },
  [KEY_END_OF_SUPPORT] = { "end-of-support", IN_TOPIC },
  [KEY_SUCCESSOR] = { "successor", IN_TOPIC },
  [KEY_KERNEL_SERIES] = { "kernel-series", IN_TOPIC },
  [KEY_AL2023] = { "al2023", IN_TOPIC },
  [KEY_MOTD] = { "motd", IN_CATALOG },
  [KEY_CORE_END_OF_SUPPORT] = { "core-end-of-support", IN_CATALOG },
  [KEY_STABLE_ABI] = { "stable-abi", IN_CATALOG },
};

/* What one YAML document said, before we know what kind it is. */
typedef struct
{
  yaml_mark_t start;
  gboolean seen[N_KEYS];
  yaml_mark_t key_mark[N_KEYS];
  yaml_mark_t value_mark[N_KEYS];
  char *strings[N_KEYS];
  GPtrArray *lists[N_KEYS];
  GArray *marks[N_KEYS];
  int version;
  GPtrArray *index_arches; /* char * */
  GArray *index_values;    /* int */
  GArray *index_marks;     /* yaml_mark_t */
} Document;

static void
document_clear (Document *doc)
{
  for (int k = 0; k < N_KEYS; k++)
    {
      g_free (doc->strings[k]);
      g_clear_pointer (&doc->lists[k], g_ptr_array_unref);
      g_clear_pointer (&doc->marks[k], g_array_unref);
    }
  g_clear_pointer (&doc->index_arches, g_ptr_array_unref);
  g_clear_pointer (&doc->index_values, g_array_unref);
  g_clear_pointer (&doc->index_marks, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Document, document_clear)

static gboolean
take_index (Parser *p, Document *doc, GError **error)
{
  const char *key = keys[KEY_INDEX].name;

  if (p->ev.type != YAML_MAPPING_START_EVENT)
    return set_parse_error (error, p->origin, &p->ev.start_mark,
                            "expected a mapping of architecture to position for 'index', "
                            "found %s",
                            describe_event (p));
  doc->index_arches = g_ptr_array_new_with_free_func (g_free);
  doc->index_values = g_array_new (FALSE, FALSE, sizeof (int));
  doc->index_marks = g_array_new (FALSE, FALSE, sizeof (yaml_mark_t));
  for (;;)
    {
      g_autofree char *arch = NULL;
      yaml_mark_t mark;
      int value;

      if (!advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_MAPPING_END_EVENT)
        break;
      mark = p->ev.start_mark;
      /* Bounds the duplicate check below, which is quadratic. */
      if (doc->index_arches->len >= MAX_ARCHES)
        return set_parse_error (error, p->origin, &mark,
                                "more than %d architectures in 'index'; remove some", MAX_ARCHES);
      if (!take_checked (p, key, &arch_check, &arch, error))
        return FALSE;
      for (guint i = 0; i < doc->index_arches->len; i++)
        if (strcmp (g_ptr_array_index (doc->index_arches, i), arch) == 0)
          {
            g_autofree char *q = quote (arch);

            return set_parse_error (error, p->origin, &mark,
                                    "architecture %s appears twice in 'index'; remove one", q);
          }
      if (!advance (p, error) || !take_int (p, key, 0, MAX_INDEX, &value, error))
        return FALSE;
      g_ptr_array_add (doc->index_arches, g_steal_pointer (&arch));
      g_array_append_val (doc->index_values, value);
      g_array_append_val (doc->index_marks, p->ev.start_mark);
    }
  return TRUE;
}

static gboolean
take_document_value (Parser *p, Document *doc, Key k, GError **error)
{
  const char *key = keys[k].name;

  switch (k)
    {
    case KEY_VERSION:
      return take_int (p, key, 0, 999999, &doc->version, error);
    case KEY_INDEX:
      return take_index (p, doc, error);
    case KEY_DOCUMENT:
      return take_checked (p, key, NULL, &doc->strings[k], error);
    case KEY_NAME:
    case KEY_SUCCESSOR:
      return take_checked (p, key, &topic_name_check, &doc->strings[k], error);
    case KEY_END_OF_SUPPORT:
    case KEY_CORE_END_OF_SUPPORT:
      return take_checked (p, key, &date_check, &doc->strings[k], error);
    case KEY_SUMMARY:
    case KEY_MOTD:
      {
        gboolean motd = k == KEY_MOTD;

        if (!take_string (p, key, motd ? MAX_MOTD : MAX_STRING, &doc->strings[k], error))
          return FALSE;
        if (!text_is_clean (doc->strings[k], motd))
          return set_parse_error (error, p->origin, &p->ev.start_mark,
                                  "the value of '%s' contains control characters%s; remove them",
                                  key, motd ? "" : " or line breaks");
        return TRUE;
      }
    case KEY_VERSIONS:
    case KEY_KERNEL_SERIES:
      return take_list (p, key, &version_check, &doc->lists[k], &doc->marks[k], error);
    case KEY_PACKAGES:
    case KEY_VISIBLE:
    case KEY_STABLE_ABI:
      return take_list (p, key, &package_check, &doc->lists[k], &doc->marks[k], error);
    case KEY_CONFLICTS:
    case KEY_REQUIRES:
      return take_list (p, key, &topic_name_check, &doc->lists[k], &doc->marks[k], error);
    case KEY_ARCHES:
      return take_list (p, key, &arch_check, &doc->lists[k], &doc->marks[k], error);
    case KEY_AL2023:
      /* `none` (or []) when Amazon Linux 2023 has no equivalent. */
      if (p->ev.type == YAML_SCALAR_EVENT
          && strcmp ((const char *) p->ev.data.scalar.value, "none") == 0)
        {
          doc->lists[k] = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (doc->lists[k], NULL);
          doc->marks[k] = g_array_new (FALSE, FALSE, sizeof (yaml_mark_t));
          return TRUE;
        }
      return take_list (p, key, &package_check, &doc->lists[k], &doc->marks[k], error);
    case N_KEYS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
add_topic_document (ExtrasCatalogBuilder *b, Parser *p, Document *doc, GError **error)
{
  g_autoptr (ExtrasTopic) topic = NULL;
  const char *name = doc->strings[KEY_NAME];

  if (name == NULL)
    return set_parse_error (error, p->origin, &doc->start, "the topic has no 'name'; add one");
  if (doc->index_arches == NULL)
    return set_parse_error (error, p->origin, &doc->start,
                            "topic \"%s\" has no 'index'; add its position in `list` for each "
                            "architecture (index: {} when no architecture lists it)",
                            name);

  topic = extras_topic_new (name);
  topic->summary = g_strdup (doc->strings[KEY_SUMMARY]);
  topic->end_of_support = g_strdup (doc->strings[KEY_END_OF_SUPPORT]);
  topic->successor = g_strdup (doc->strings[KEY_SUCCESSOR]);
  extras_topic_set_strv (&topic->versions, list_strv (doc->lists[KEY_VERSIONS]));
  extras_topic_set_strv (&topic->packages, list_strv (doc->lists[KEY_PACKAGES]));
  extras_topic_set_strv (&topic->visible, list_strv (doc->lists[KEY_VISIBLE]));
  extras_topic_set_strv (&topic->conflicts, list_strv (doc->lists[KEY_CONFLICTS]));
  extras_topic_set_strv (&topic->requires, list_strv (doc->lists[KEY_REQUIRES]));
  extras_topic_set_strv (&topic->arches, list_strv (doc->lists[KEY_ARCHES]));
  extras_topic_set_strv (&topic->kernel_series, list_strv (doc->lists[KEY_KERNEL_SERIES]));
  if (doc->lists[KEY_AL2023] != NULL)
    extras_topic_set_strv (&topic->al2023, list_strv (doc->lists[KEY_AL2023]));

  /* Two topics in one slot of `list` would make the order a guess. */
  for (guint i = 0; i < doc->index_arches->len; i++)
    {
      const char *arch = g_ptr_array_index (doc->index_arches, i);
      int value = g_array_index (doc->index_values, int, i);
      g_autofree char *slot = g_strdup_printf ("%s %d", arch, value);
      const char *other = g_hash_table_lookup (b->slots, slot);

      if (other != NULL && strcmp (other, name) != 0)
        {
          const Site *site = g_hash_table_lookup (b->sites, other);

          return set_parse_error (error, p->origin,
                                  &g_array_index (doc->index_marks, yaml_mark_t, i),
                                  "index %d on %s is already taken by topic \"%s\" (%s:%zu:%zu); "
                                  "give each topic its own position",
                                  value, arch, other, site->origin, (size_t) site->mark.line + 1,
                                  (size_t) site->mark.column + 1);
        }
      extras_topic_set_index (topic, arch, value);
    }

  /* References are checked once every file is read. */
  for (Key k = KEY_CONFLICTS; k <= KEY_REQUIRES; k++)
    for (guint i = 0; doc->lists[k] != NULL && i + 1 < doc->lists[k]->len; i++)
      {
        const char *other = g_ptr_array_index (doc->lists[k], i);
        const yaml_mark_t *mark = &g_array_index (doc->marks[k], yaml_mark_t, i);

        if (strcmp (other, name) == 0)
          return set_parse_error (error, p->origin, mark,
                                  "topic \"%s\" names itself in '%s'; remove it", name,
                                  keys[k].name);
        builder_add_reference (b, p, name, keys[k].name, other, mark);
      }
  if (topic->successor != NULL)
    {
      if (strcmp (topic->successor, name) == 0)
        return set_parse_error (error, p->origin, &doc->value_mark[KEY_SUCCESSOR],
                                "topic \"%s\" is its own successor; name another topic", name);
      builder_add_reference (b, p, name, keys[KEY_SUCCESSOR].name, topic->successor,
                             &doc->value_mark[KEY_SUCCESSOR]);
    }

  extras_topic_finish (topic);
  if (!builder_add_topic (b, p, g_steal_pointer (&topic), &doc->value_mark[KEY_NAME], error))
    return FALSE;
  for (guint i = 0; i < doc->index_arches->len; i++)
    g_hash_table_replace (b->slots,
                          g_strdup_printf ("%s %d",
                                           (const char *) g_ptr_array_index (doc->index_arches, i),
                                           g_array_index (doc->index_values, int, i)),
                          g_strdup (name));
  return TRUE;
}

static gboolean
add_catalog_document (ExtrasCatalogBuilder *b, Parser *p, Document *doc, GError **error)
{
  if (b->catalog_site != NULL)
    return set_parse_error (error, p->origin, &doc->start,
                            "a second extras-catalog document (the first is at %s:%zu:%zu); "
                            "merge them into one",
                            b->catalog_site->origin, (size_t) b->catalog_site->mark.line + 1,
                            (size_t) b->catalog_site->mark.column + 1);
  b->catalog_site = site_new (p->origin, &doc->start);
  b->motd = g_steal_pointer (&doc->strings[KEY_MOTD]);
  b->core_end_of_support = g_steal_pointer (&doc->strings[KEY_CORE_END_OF_SUPPORT]);
  b->stable_abi = g_strdupv ((char **) list_strv (doc->lists[KEY_STABLE_ABI]));
  return TRUE;
}

/* The current event is DOCUMENT_START. */
static gboolean
parse_yaml_document (ExtrasCatalogBuilder *b, Parser *p, GError **error)
{
  g_auto (Document) doc = { 0 };
  guint in;

  if (!advance (p, error))
    return FALSE;
  /* An empty document (a stray `---`) holds nothing. */
  if (scalar_is_null (p))
    return expect (p, YAML_DOCUMENT_END_EVENT, "the end of the document", error);
  if (p->ev.type != YAML_MAPPING_START_EVENT)
    return set_parse_error (error, p->origin, &p->ev.start_mark,
                            "expected a mapping starting with 'document: extras-topic' or "
                            "'document: extras-catalog', found %s",
                            describe_event (p));
  doc.start = p->ev.start_mark;

  for (;;)
    {
      g_autofree char *name = NULL;
      yaml_mark_t key_mark;
      int k;

      if (!advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_MAPPING_END_EVENT)
        break;
      key_mark = p->ev.start_mark;
      if (p->ev.type != YAML_SCALAR_EVENT || scalar_is_null (p))
        return set_parse_error (error, p->origin, &key_mark, "expected a key, found %s",
                                describe_event (p));
      name = g_strndup ((const char *) p->ev.data.scalar.value, p->ev.data.scalar.length);
      for (k = 0; k < N_KEYS; k++)
        if (strcmp (keys[k].name, name) == 0)
          break;
      if (k == N_KEYS)
        {
          g_autofree char *q = quote (name);

          return set_parse_error (error, p->origin, &key_mark,
                                  "unknown key %s; remove it or fix its spelling", q);
        }
      if (doc.seen[k])
        return set_parse_error (error, p->origin, &key_mark,
                                "duplicate key '%s' (first at line %zu); remove one", name,
                                (size_t) doc.key_mark[k].line + 1);
      doc.seen[k] = TRUE;
      doc.key_mark[k] = key_mark;
      if (!advance (p, error))
        return FALSE;
      doc.value_mark[k] = p->ev.start_mark;
      if (!take_document_value (p, &doc, k, error))
        return FALSE;
    }
  if (!expect (p, YAML_DOCUMENT_END_EVENT, "the end of the document", error))
    return FALSE;

  if (!doc.seen[KEY_DOCUMENT])
    return set_parse_error (error, p->origin, &doc.start,
                            "missing 'document: extras-topic' (or 'document: extras-catalog'); "
                            "add it");
  if (strcmp (doc.strings[KEY_DOCUMENT], "extras-topic") == 0)
    in = IN_TOPIC;
  else if (strcmp (doc.strings[KEY_DOCUMENT], "extras-catalog") == 0)
    in = IN_CATALOG;
  else
    {
      g_autofree char *q = quote (doc.strings[KEY_DOCUMENT]);

      return set_parse_error (error, p->origin, &doc.value_mark[KEY_DOCUMENT],
                              "unknown document type %s; use extras-topic or extras-catalog", q);
    }
  if (!doc.seen[KEY_VERSION])
    return set_parse_error (error, p->origin, &doc.start, "missing 'version: 1'; add it");
  if (doc.version != 1)
    return set_parse_error (error, p->origin, &doc.value_mark[KEY_VERSION],
                            "unsupported version %d; this tool reads version 1", doc.version);
  for (int k = 0; k < N_KEYS; k++)
    if (doc.seen[k] && !(keys[k].in & in))
      return set_parse_error (error, p->origin, &doc.key_mark[k],
                              "key '%s' does not belong in an %s document; %s", keys[k].name,
                              doc.strings[KEY_DOCUMENT],
                              in == IN_TOPIC ? "move it to the extras-catalog document"
                                             : "move it to a topic document");

  return in == IN_TOPIC ? add_topic_document (b, p, &doc, error)
                        : add_catalog_document (b, p, &doc, error);
}

static gboolean
parse_yaml (ExtrasCatalogBuilder *b, Parser *p, GError **error)
{
  if (!expect (p, YAML_STREAM_START_EVENT, "the start of the stream", error))
    return FALSE;
  for (;;)
    {
      if (!advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_STREAM_END_EVENT)
        return TRUE;
      if (p->ev.type != YAML_DOCUMENT_START_EVENT)
        return set_parse_error (error, p->origin, &p->ev.start_mark,
                                "expected a document, found %s", describe_event (p));
      if (!parse_yaml_document (b, p, error))
        return FALSE;
    }
}

/* ---- JSON catalogs ----------------------------------------------------- */

typedef struct
{
  char *name;
  yaml_mark_t mark;
  GPtrArray *inst;
  GPtrArray *versions;
  GPtrArray *visible;
  GPtrArray *conflicts;
  char *deprecated_at;
} JsonTopic;

static void
json_topic_free (JsonTopic *t)
{
  g_free (t->name);
  g_clear_pointer (&t->inst, g_ptr_array_unref);
  g_clear_pointer (&t->versions, g_ptr_array_unref);
  g_clear_pointer (&t->visible, g_ptr_array_unref);
  g_clear_pointer (&t->conflicts, g_ptr_array_unref);
  g_free (t->deprecated_at);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JsonTopic, json_topic_free)

/* The current event is the topic's MAPPING_START.  Keys AWS may add later
 * are skipped: the format is theirs, not ours. */
static gboolean
parse_json_topic (Parser *p, JsonTopic **out, GError **error)
{
  g_autoptr (JsonTopic) t = g_new0 (JsonTopic, 1);
  yaml_mark_t start = p->ev.start_mark;

  if (p->ev.type != YAML_MAPPING_START_EVENT)
    return set_parse_error (error, p->origin, &p->ev.start_mark,
                            "expected a topic (a mapping) in 'topics', found %s",
                            describe_event (p));
  for (;;)
    {
      g_autofree char *key = NULL;

      if (!advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_MAPPING_END_EVENT)
        break;
      if (!take_string (p, "key", MAX_STRING, &key, error) || !advance (p, error))
        return FALSE;

#define TAKE_LIST(field, check)                                                                    \
  do                                                                                               \
    {                                                                                              \
      g_clear_pointer (&t->field, g_ptr_array_unref);                                              \
      if (!take_list (p, key, check, &t->field, NULL, error))                                      \
        return FALSE;                                                                              \
    }                                                                                              \
  while (0)

      if (strcmp (key, "n") == 0)
        {
          g_clear_pointer (&t->name, g_free);
          t->mark = p->ev.start_mark;
          if (!take_checked (p, key, &topic_name_check, &t->name, error))
            return FALSE;
        }
      else if (strcmp (key, "inst") == 0)
        TAKE_LIST (inst, &package_check);
      else if (strcmp (key, "versions") == 0)
        TAKE_LIST (versions, &version_check);
      else if (strcmp (key, "visible") == 0)
        TAKE_LIST (visible, &package_check);
      else if (strcmp (key, "conflicts") == 0)
        TAKE_LIST (conflicts, &topic_name_check);
      else if (strcmp (key, "deprecated-at") == 0)
        {
          g_clear_pointer (&t->deprecated_at, g_free);
          if (!scalar_is_null (p) && !take_checked (p, key, &date_check, &t->deprecated_at, error))
            return FALSE;
        }
      else if (!skip_node (p, error))
        return FALSE;
#undef TAKE_LIST
    }
  if (t->name == NULL)
    return set_parse_error (error, p->origin, &start, "topic without a name ('n'); add one");
  *out = g_steal_pointer (&t);
  return TRUE;
}

/* The current event is the whitelists' SEQUENCE_START. */
static gboolean
parse_whitelists (Parser *p, GPtrArray *whitelists, GError **error)
{
  if (p->ev.type != YAML_SEQUENCE_START_EVENT)
    return set_parse_error (error, p->origin, &p->ev.start_mark,
                            "expected a list of lists of topic positions for 'whitelists', "
                            "found %s",
                            describe_event (p));
  for (;;)
    {
      g_autoptr (GArray) list = g_array_new (FALSE, FALSE, sizeof (int));

      if (!advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_SEQUENCE_END_EVENT)
        return TRUE;
      if (p->ev.type != YAML_SEQUENCE_START_EVENT)
        return set_parse_error (error, p->origin, &p->ev.start_mark,
                                "expected a list of topic positions in 'whitelists', found %s",
                                describe_event (p));
      for (;;)
        {
          int value;

          if (!advance (p, error))
            return FALSE;
          if (p->ev.type == YAML_SEQUENCE_END_EVENT)
            break;
          if (!take_int (p, "whitelists", 0, MAX_INDEX, &value, error))
            return FALSE;
          g_array_append_val (list, value);
        }
      g_ptr_array_add (whitelists, g_steal_pointer (&list));
    }
}

static gboolean
parse_json (ExtrasCatalogBuilder *b, Parser *p, const char *arch, GError **error)
{
  g_autoptr (GPtrArray) topics = NULL;
  g_autoptr (GPtrArray) whitelists = NULL;
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *motd = NULL;
  yaml_mark_t start;

  if (!expect (p, YAML_STREAM_START_EVENT, "the start of the stream", error)
      || !expect (p, YAML_DOCUMENT_START_EVENT, "a JSON object", error)
      || !expect (p, YAML_MAPPING_START_EVENT, "a JSON object", error))
    return FALSE;
  start = p->ev.start_mark;

  for (;;)
    {
      g_autofree char *key = NULL;

      if (!advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_MAPPING_END_EVENT)
        break;
      if (!take_string (p, "key", MAX_STRING, &key, error) || !advance (p, error))
        return FALSE;

      if (strcmp (key, "motd") == 0)
        {
          g_clear_pointer (&motd, g_free);
          if (!scalar_is_null (p) && !take_string (p, key, MAX_MOTD, &motd, error))
            return FALSE;
          if (motd != NULL && !text_is_clean (motd, TRUE))
            return set_parse_error (error, p->origin, &p->ev.start_mark,
                                    "the value of 'motd' contains control characters; remove "
                                    "them");
        }
      else if (strcmp (key, "version") == 0)
        {
          int version;

          if (!take_int (p, key, 0, 999999, &version, error))
            return FALSE;
          if (version != 1 && version != 2)
            return set_parse_error (error, p->origin, &p->ev.start_mark,
                                    "unsupported catalog version %d; this tool reads versions 1 "
                                    "and 2",
                                    version);
        }
      else if (strcmp (key, "status") == 0)
        {
          g_autofree char *status = NULL;

          if (!take_string (p, key, MAX_STRING, &status, error))
            return FALSE;
        }
      else if (strcmp (key, "whitelists") == 0)
        {
          g_clear_pointer (&whitelists, g_ptr_array_unref);
          whitelists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
          if (!parse_whitelists (p, whitelists, error))
            return FALSE;
        }
      else if (strcmp (key, "topics") == 0)
        {
          if (topics != NULL)
            return set_parse_error (error, p->origin, &p->ev.start_mark,
                                    "a second 'topics' list; remove one");
          topics = g_ptr_array_new_with_free_func ((GDestroyNotify) json_topic_free);
          if (p->ev.type != YAML_SEQUENCE_START_EVENT)
            return set_parse_error (error, p->origin, &p->ev.start_mark,
                                    "expected a list of topics for 'topics', found %s",
                                    describe_event (p));
          for (;;)
            {
              JsonTopic *t = NULL;

              if (!advance (p, error))
                return FALSE;
              if (p->ev.type == YAML_SEQUENCE_END_EVENT)
                break;
              if (topics->len >= EXTRAS_CATALOG_MAX_TOPICS)
                return set_parse_error (error, p->origin, &p->ev.start_mark,
                                        "more than %d topics; a catalog may hold at most %d",
                                        EXTRAS_CATALOG_MAX_TOPICS, EXTRAS_CATALOG_MAX_TOPICS);
              if (!parse_json_topic (p, &t, error))
                return FALSE;
              g_ptr_array_add (topics, t);
            }
        }
      else if (!skip_node (p, error))
        return FALSE;
    }
  if (!expect (p, YAML_DOCUMENT_END_EVENT, "the end of the JSON object", error))
    return FALSE;
  if (!advance (p, error))
    return FALSE;
  if (p->ev.type != YAML_STREAM_END_EVENT)
    return set_parse_error (error, p->origin, &p->ev.start_mark,
                            "more after the JSON object; a JSON catalog is one object");
  if (topics == NULL)
    return set_parse_error (error, p->origin, &start,
                            "the catalog has no 'topics' list; is this an extras catalog?");

  for (guint i = 0; i < topics->len; i++)
    g_hash_table_add (names, ((JsonTopic *) g_ptr_array_index (topics, i))->name);
  for (guint i = 0; i < topics->len; i++)
    {
      JsonTopic *t = g_ptr_array_index (topics, i);
      const char *arches[] = { arch, NULL };
      g_autoptr (ExtrasTopic) topic = extras_topic_new (t->name);

      /* Names in 'conflicts' that the catalog does not have are dropped
       * silently: the AWS catalogs name topics of other architectures. */
      if (t->conflicts != NULL)
        {
          g_autoptr (GPtrArray) known = g_ptr_array_new_with_free_func (g_free);

          for (guint j = 0; j + 1 < t->conflicts->len; j++)
            {
              const char *other = g_ptr_array_index (t->conflicts, j);

              if (strcmp (other, t->name) != 0 && g_hash_table_contains (names, other))
                g_ptr_array_add (known, g_strdup (other));
            }
          g_ptr_array_add (known, NULL);
          g_ptr_array_unref (t->conflicts);
          t->conflicts = g_steal_pointer (&known);
        }
      extras_topic_set_index (topic, arch, (int) i);
      extras_topic_set_strv (&topic->arches, arches);
      extras_topic_set_strv (&topic->packages, list_strv (t->inst));
      extras_topic_set_strv (&topic->versions, list_strv (t->versions));
      extras_topic_set_strv (&topic->visible, list_strv (t->visible));
      extras_topic_set_strv (&topic->conflicts, list_strv (t->conflicts));
      topic->end_of_support = g_strdup (t->deprecated_at);
      extras_topic_finish (topic);
      if (!builder_add_topic (b, p, g_steal_pointer (&topic), &t->mark, error))
        return FALSE;
    }

  if (whitelists != NULL)
    {
      /* Positions past the end of 'topics' are ignored, like unknown names. */
      if (b->whitelists == NULL)
        b->whitelists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
      for (guint i = 0; i < whitelists->len; i++)
        {
          GArray *list = g_ptr_array_index (whitelists, i);
          GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

          for (guint j = 0; j < list->len; j++)
            {
              int pos = g_array_index (list, int, j);

              if ((guint) pos < topics->len)
                {
                  const char *name = ((JsonTopic *) g_ptr_array_index (topics, pos))->name;

                  g_hash_table_replace (set, g_strdup (name), NULL);
                }
            }
          g_ptr_array_add (b->whitelists, set);
        }
    }
  if (motd != NULL)
    {
      g_free (b->motd);
      b->motd = g_steal_pointer (&motd);
    }
  return TRUE;
}

/* ---- entry points ------------------------------------------------------ */

static gboolean
looks_like_json (const char *data, gsize len)
{
  gsize i = 0;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  for (; i < len; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
      return data[i] == '{';
  return FALSE;
}

gboolean
extras_catalog_builder_add_data (ExtrasCatalogBuilder *b, const char *data, gsize len,
                                 const char *origin, const char *arch, ExtrasCatalogFormat format,
                                 GError **error)
{
  Parser p = { 0 };
  g_autofree char *json_copy = NULL;
  gboolean ok;

  p.origin = origin != NULL ? origin : "<catalog>";
  p.data = data;
  p.len = len;
  if (len > EXTRAS_CATALOG_MAX_FILE_SIZE)
    {
      yaml_mark_t mark = { 0, 0, 0 };

      return set_parse_error (error, p.origin, &mark,
                              "the catalog is too big (%zu bytes, at most %d); is this the right "
                              "file?",
                              (size_t) len, EXTRAS_CATALOG_MAX_FILE_SIZE);
    }
  if (format == EXTRAS_CATALOG_FORMAT_AUTO)
    format = looks_like_json (data, len) ? EXTRAS_CATALOG_FORMAT_JSON : EXTRAS_CATALOG_FORMAT_YAML;
  p.json = format == EXTRAS_CATALOG_FORMAT_JSON;

  /* JSON allows tabs wherever it allows blanks, YAML refuses them as
   * indentation.  A raw tab inside a JSON string is invalid JSON anyway, so
   * turning every tab byte into a space changes no valid catalog and keeps
   * every position. */
  if (p.json && memchr (data, '\t', len) != NULL)
    {
      json_copy = g_memdup2 (data, len);
      for (gsize i = 0; i < len; i++)
        if (json_copy[i] == '\t')
          json_copy[i] = ' ';
      p.data = json_copy;
    }

  if (!yaml_parser_initialize (&p.yaml))
    {
      yaml_mark_t mark = { 0, 0, 0 };

      return set_parse_error (error, p.origin, &mark, "out of memory while parsing");
    }
  yaml_parser_set_input_string (&p.yaml, (const unsigned char *) p.data, len);

  /* JSON catalogs are per architecture; the original tool defaulted to x86_64. */
  if (p.json)
    ok = parse_json (b, &p, arch != NULL ? arch : "x86_64", error);
  else
    ok = parse_yaml (b, &p, error);

  if (p.have_ev)
    yaml_event_delete (&p.ev);
  yaml_parser_delete (&p.yaml);
  return ok;
}

ExtrasCatalog *
extras_catalog_builder_finish (ExtrasCatalogBuilder *b, GError **error)
{
  g_autoptr (ExtrasCatalog) catalog = NULL;

  if (b->topics->len == 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "%s: no topics found; a catalog needs at least one 'document: extras-topic' "
                   "(or, in JSON, a 'topics' list that is not empty)",
                   b->origin);
      return NULL;
    }
  for (guint i = 0; i < b->references->len; i++)
    {
      const Reference *ref = g_ptr_array_index (b->references, i);

      if (!g_hash_table_contains (b->sites, ref->name))
        {
          g_autofree char *q = quote (ref->name);

          set_parse_error (error, ref->site.origin, &ref->site.mark,
                           "topic \"%s\" names %s in '%s', but the catalog has no such topic; "
                           "fix the name or add the topic",
                           ref->from, q, ref->key);
          return NULL;
        }
    }

  catalog = extras_catalog_new_empty (b->origin);
  for (guint i = 0; i < b->topics->len; i++)
    {
      ExtrasTopic *topic = g_ptr_array_index (b->topics, i);

      g_ptr_array_add (catalog->topics, extras_topic_ref (topic));
      g_hash_table_insert (catalog->by_name, topic->name, topic);
    }
  g_ptr_array_set_size (b->topics, 0);
  catalog->motd = g_steal_pointer (&b->motd);
  catalog->core_end_of_support = g_steal_pointer (&b->core_end_of_support);
  if (b->stable_abi != NULL)
    {
      g_strfreev (catalog->stable_abi);
      catalog->stable_abi = g_steal_pointer (&b->stable_abi);
    }
  if (b->whitelists != NULL)
    {
      catalog->whitelists = g_steal_pointer (&b->whitelists);
      catalog->whitelisted = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < catalog->whitelists->len; i++)
        {
          GHashTableIter iter;
          gpointer name;

          g_hash_table_iter_init (&iter, g_ptr_array_index (catalog->whitelists, i));
          while (g_hash_table_iter_next (&iter, &name, NULL))
            g_hash_table_add (catalog->whitelisted, name);
        }
    }
  return g_steal_pointer (&catalog);
}
