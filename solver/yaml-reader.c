/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The libyaml event plumbing every catalog document is read through (libyaml
 * reads JSON as flow YAML): one event at a time, never a document tree;
 * anchors, aliases and tags refused, nesting depth and string lengths
 * bounded; errors carry file:line:column.  Also the value checks (names,
 * versions, dates) that every document type shares. */
#include "yaml-reader-private.h"
#include "extras-error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- messages ---------------------------------------------------------- */

gboolean
extras_yaml_set_error (GError **error, const char *origin, const yaml_mark_t *mark,
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
char *
extras_yaml_quote (const char *value)
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
syntax_name (const ExtrasYamlParser *p)
{
  return p->json ? "JSON" : "YAML";
}

/* libyaml's reader errors carry a byte offset, not a mark. */
static yaml_mark_t
mark_at_offset (const ExtrasYamlParser *p, gsize offset)
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
libyaml_error (ExtrasYamlParser *p, GError **error)
{
  yaml_mark_t mark;
  const char *problem = p->yaml.problem != NULL ? p->yaml.problem : "syntax error";

  switch (p->yaml.error)
    {
    case YAML_MEMORY_ERROR:
      mark = mark_at_offset (p, 0);
      return extras_yaml_set_error (error, p->origin, &mark, "out of memory while parsing");
    case YAML_READER_ERROR:
      mark = mark_at_offset (p, p->yaml.problem_offset);
      if (p->yaml.problem_value != -1)
        return extras_yaml_set_error (error, p->origin, &mark,
                                      "%s (byte 0x%02x); the file must be UTF-8 text", problem,
                                      (unsigned) p->yaml.problem_value & 0xff);
      return extras_yaml_set_error (error, p->origin, &mark, "%s; the file must be UTF-8 text",
                                    problem);
    case YAML_SCANNER_ERROR:
    case YAML_PARSER_ERROR:
    default:
      mark = p->yaml.problem_mark;
      /* At the end of the input libyaml invents a line break; point at the
       * real end instead, so the position exists in the file. */
      if (mark.index >= p->len)
        mark = mark_at_offset (p, p->len);
      if (p->yaml.context != NULL)
        return extras_yaml_set_error (
            error, p->origin, &mark,
            "%s %s (which started at line %zu, column %zu); fix the %s syntax", problem,
            p->yaml.context, (size_t) p->yaml.context_mark.line + 1,
            (size_t) p->yaml.context_mark.column + 1, syntax_name (p));
      return extras_yaml_set_error (error, p->origin, &mark, "%s; fix the %s syntax", problem,
                                    syntax_name (p));
    }
}

const char *
extras_yaml_describe_event (const ExtrasYamlParser *p)
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

gboolean
extras_yaml_advance (ExtrasYamlParser *p, GError **error)
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
        g_autofree char *q = extras_yaml_quote ((const char *) p->ev.data.alias.anchor);

        return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                      "aliases are not allowed (*%s); write the value out in full",
                                      q);
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
      g_autofree char *q = extras_yaml_quote ((const char *) anchor);

      return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                    "anchors and aliases are not allowed (&%s); remove the anchor",
                                    q);
    }
  if (tag != NULL)
    {
      g_autofree char *q = extras_yaml_quote ((const char *) tag);

      return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                    "tags are not allowed (%s); remove the tag", q);
    }
  if (p->depth > EXTRAS_CATALOG_MAX_DEPTH)
    return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                  "nested deeper than %d levels; flatten the document",
                                  EXTRAS_CATALOG_MAX_DEPTH);
  return TRUE;
}

gboolean
extras_yaml_expect (ExtrasYamlParser *p, yaml_event_type_t type, const char *what, GError **error)
{
  if (!extras_yaml_advance (p, error))
    return FALSE;
  if (p->ev.type != type)
    return extras_yaml_set_error (error, p->origin, &p->ev.start_mark, "expected %s, found %s",
                                  what, extras_yaml_describe_event (p));
  return TRUE;
}

/* Skips the node that starts at the current event (for ignored JSON extras_document_keys). */
gboolean
extras_yaml_skip_node (ExtrasYamlParser *p, GError **error)
{
  int level;

  if (p->ev.type != YAML_SEQUENCE_START_EVENT && p->ev.type != YAML_MAPPING_START_EVENT)
    return TRUE;
  level = p->depth - 1;
  while (p->depth > level)
    if (!extras_yaml_advance (p, error))
      return FALSE;
  return TRUE;
}

gboolean
extras_yaml_scalar_is_null (const ExtrasYamlParser *p)
{
  const char *v = (const char *) p->ev.data.scalar.value;

  return p->ev.type == YAML_SCALAR_EVENT && p->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
         && (p->ev.data.scalar.length == 0 || strcmp (v, "~") == 0 || strcmp (v, "null") == 0);
}

/* The current event as a string value of @key.  In JSON a string is quoted;
 * in YAML any scalar but null is one (versions like 5.10 stay text). */
gboolean
extras_yaml_take_string (ExtrasYamlParser *p, const char *key, gsize max, char **out,
                         GError **error)
{
  const yaml_event_t *ev = &p->ev;

  if (ev->type != YAML_SCALAR_EVENT || extras_yaml_scalar_is_null (p)
      || (p->json && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE))
    return extras_yaml_set_error (error, p->origin, &ev->start_mark,
                                  "expected a string for '%s', found %s", key,
                                  extras_yaml_describe_event (p));
  if (ev->data.scalar.length > max)
    return extras_yaml_set_error (
        error, p->origin, &ev->start_mark,
        "the value of '%s' is too long (%zu bytes, at most %zu); shorten it", key,
        (size_t) ev->data.scalar.length, (size_t) max);
  if (memchr (ev->data.scalar.value, '\0', ev->data.scalar.length) != NULL)
    return extras_yaml_set_error (error, p->origin, &ev->start_mark,
                                  "the value of '%s' contains a NUL character; remove it", key);
  *out = g_strndup ((const char *) ev->data.scalar.value, ev->data.scalar.length);
  return TRUE;
}

gboolean
extras_yaml_take_int (ExtrasYamlParser *p, const char *key, int min, int max, int *out,
                      GError **error)
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
      g_autofree char *q = extras_yaml_quote (v);

      return extras_yaml_set_error (error, p->origin, &ev->start_mark,
                                    "expected an integer from %d to %d for '%s', found %s", min,
                                    max, key, q);
    }
  return extras_yaml_set_error (error, p->origin, &ev->start_mark,
                                "expected an integer from %d to %d for '%s', found %s", min, max,
                                key, extras_yaml_describe_event (p));
}

/* ---- values ------------------------------------------------------------ */

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
gboolean
extras_yaml_text_is_clean (const char *text, gboolean multi_line)
{
  for (const guchar *c = (const guchar *) text; *c != '\0'; c++)
    if ((*c < ' ' && *c != '\t' && !(multi_line && *c == '\n')) || *c == 0x7f)
      return FALSE;
  return g_utf8_validate (text, -1, NULL);
}

const ExtrasYamlCheck extras_yaml_topic_name_check
    = { "topic name", extras_name_is_valid,
        "use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 "
        "characters" };
const ExtrasYamlCheck extras_yaml_arch_check
    = { "architecture", extras_name_is_valid,
        "use letters, digits, '.', '_' and '-', starting with a letter or digit" };
const ExtrasYamlCheck extras_yaml_package_check
    = { "package name", package_name_is_valid,
        "use printable ASCII characters without blanks, at most 256" };
const ExtrasYamlCheck extras_yaml_version_check
    = { "version", extras_version_is_valid,
        "use letters, digits, '.', '_', '+', '~' and '-', starting with a letter or digit, at "
        "most 64 characters" };
const ExtrasYamlCheck extras_yaml_date_check
    = { "date", date_is_valid, "write a real date as YYYY-MM-DD" };

static gboolean
check_value (ExtrasYamlParser *p, const ExtrasYamlCheck *check, const char *key, const char *value,
             const yaml_mark_t *mark, GError **error)
{
  g_autofree char *q = NULL;

  if (check->valid (value))
    return TRUE;
  q = extras_yaml_quote (value);
  return extras_yaml_set_error (error, p->origin, mark, "invalid %s %s in '%s'; %s", check->noun, q,
                                key, check->hint);
}

/* The current event is the value of @key: a string that passes @check. */
gboolean
extras_yaml_take_checked (ExtrasYamlParser *p, const char *key, const ExtrasYamlCheck *check,
                          char **out, GError **error)
{
  g_autofree char *value = NULL;

  if (!extras_yaml_take_string (p, key, MAX_STRING, &value, error))
    return FALSE;
  if (check != NULL && !check_value (p, check, key, value, &p->ev.start_mark, error))
    return FALSE;
  *out = g_steal_pointer (&value);
  return TRUE;
}

/* The current event starts the value of @key: a list of strings that pass
 * @check.  @out gets a NULL-terminated array, @marks (optional) each item's
 * position. */
gboolean
extras_yaml_take_list (ExtrasYamlParser *p, const char *key, const ExtrasYamlCheck *check,
                       GPtrArray **out, GArray **marks, GError **error)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) item_marks = g_array_new (FALSE, FALSE, sizeof (yaml_mark_t));

  if (p->ev.type != YAML_SEQUENCE_START_EVENT)
    return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                  "expected a list for '%s', found %s", key,
                                  extras_yaml_describe_event (p));
  for (;;)
    {
      char *value = NULL;

      if (!extras_yaml_advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_SEQUENCE_END_EVENT)
        break;
      if (!extras_yaml_take_checked (p, key, check, &value, error))
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

const char *const *
extras_yaml_list_strv (GPtrArray *list)
{
  return list != NULL ? (const char *const *) list->pdata : NULL;
}
