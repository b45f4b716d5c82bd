/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The flat form of a catalog, the payload of its compiled cache
 * (catalog-cache.c): every field in one fixed order, strings NUL-terminated
 * in one blob and numbers in an int32 array.  Read back with every step
 * checked against what is left, and the topics checked again as the parser
 * would, so that a file that is well-formed yet not ours cannot make a
 * catalog the parser would refuse. */
#include "catalog-private.h"

#include <stdlib.h>
#include <string.h>

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Reads the flat catalog: every step checks what is left, and one failure
 * makes the whole reader fail. */
typedef struct
{
  const char *strings;
  gsize strings_len, next_string;
  const gint32 *ints;
  gsize n_ints, next_int;
  gboolean failed;
} Reader;

static gint32
read_int (Reader *r)
{
  if (r->failed || r->next_int >= r->n_ints)
    {
      r->failed = TRUE;
      return 0;
    }
  return r->ints[r->next_int++];
}

/* Returns: (transfer none): the next string, or "" once the reader failed. */
static const char *
read_string (Reader *r)
{
  const char *s;
  gsize len;

  if (r->failed || r->next_string >= r->strings_len)
    {
      r->failed = TRUE;
      return "";
    }
  /* The blob ends with a NUL (checked before reading), so this stays in it. */
  s = r->strings + r->next_string;
  len = strlen (s);
  if (!g_utf8_validate (s, len, NULL))
    {
      r->failed = TRUE;
      return "";
    }
  r->next_string += len + 1;
  return s;
}

static char *
read_optional_string (Reader *r)
{
  gint32 present = read_int (r);

  if (present == 0 || r->failed)
    return NULL;
  if (present != 1)
    {
      r->failed = TRUE;
      return NULL;
    }
  return g_strdup (read_string (r));
}

/* A count of items that take at least one byte of strings each. */
static gsize
read_count (Reader *r)
{
  gint32 n = read_int (r);

  if (n < 0 || (gsize) n > r->strings_len - MIN (r->next_string, r->strings_len))
    {
      r->failed = TRUE;
      return 0;
    }
  return n;
}

static void
read_strv (Reader *r, GStrv *field)
{
  gsize n = read_count (r);
  char **strv = g_new (char *, n + 1);

  for (gsize i = 0; i < n; i++)
    strv[i] = g_strdup (read_string (r));
  strv[n] = NULL;
  g_strfreev (*field);
  *field = strv;
}

static ExtrasTopic *
read_topic (Reader *r)
{
  g_autoptr (ExtrasTopic) topic = NULL;
  const char *name = read_string (r);
  gsize n_index;
  gsize n_arch_versions;

  /* What the parser guarantees, checked again: a file that is well-formed
   * yet not ours must not make a catalog the parser would refuse. */
  if (!extras_name_is_valid (name))
    return NULL;
  topic = extras_topic_new (name);
  topic->summary = read_optional_string (r);
  n_index = read_count (r);
  for (gsize i = 0; i < n_index && !r->failed; i++)
    {
      const char *arch = read_string (r);
      gint32 index = read_int (r);

      if (!extras_name_is_valid (arch) || index < 0 || index == G_MAXINT32)
        return NULL;
      extras_topic_set_index (topic, arch, index);
    }
  read_strv (r, &topic->versions);
  n_arch_versions = read_count (r);
  for (gsize i = 0; i < n_arch_versions && !r->failed; i++)
    {
      g_autofree char *arch = g_strdup (read_string (r));
      g_auto (GStrv) versions = NULL;

      read_strv (r, &versions);
      if (!extras_name_is_valid (arch))
        return NULL;
      extras_topic_set_arch_versions (topic, arch, (const char *const *) versions);
    }
  read_strv (r, &topic->packages);
  read_strv (r, &topic->visible);
  read_strv (r, &topic->conflicts);
  read_strv (r, &topic->requires);
  read_strv (r, &topic->arches);
  read_strv (r, &topic->kernel_series);
  topic->end_of_support = read_optional_string (r);
  topic->successor = read_optional_string (r);
  if (read_int (r) == 1)
    read_strv (r, &topic->al2023);
  return r->failed ? NULL : g_steal_pointer (&topic);
}

ExtrasCatalog *
extras_catalog_flat_read (const char *strings, gsize strings_len, const gint32 *ints, gsize n_ints)
{
  Reader reader = { strings, strings_len, 0, ints, n_ints, 0, FALSE };
  Reader *r = &reader;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autofree char *origin = read_optional_string (r);
  gsize n_topics;

  catalog = extras_catalog_new_empty (origin);
  catalog->motd = read_optional_string (r);
  catalog->core_end_of_support = read_optional_string (r);
  read_strv (r, &catalog->stable_abi);
  n_topics = read_count (r);
  if (r->failed || n_topics == 0 || n_topics > EXTRAS_CATALOG_MAX_TOPICS)
    return NULL;
  for (gsize i = 0; i < n_topics; i++)
    {
      ExtrasTopic *topic = read_topic (r);

      if (topic == NULL || g_hash_table_contains (catalog->by_name, topic->name))
        {
          extras_topic_unref (topic);
          return NULL;
        }
      g_ptr_array_add (catalog->topics, topic);
      g_hash_table_insert (catalog->by_name, topic->name, topic);
    }
  /* Everything read, nothing left over. */
  if (r->failed || r->next_int != r->n_ints || r->next_string != r->strings_len)
    return NULL;
  return g_steal_pointer (&catalog);
}

typedef struct
{
  GByteArray *strings;
  GArray *ints;
} Writer;

static void
write_int (Writer *w, gint32 value)
{
  g_array_append_val (w->ints, value);
}

static void
write_string (Writer *w, const char *s)
{
  g_byte_array_append (w->strings, (const guint8 *) s, strlen (s) + 1);
}

static void
write_optional_string (Writer *w, const char *s)
{
  write_int (w, s != NULL);
  if (s != NULL)
    write_string (w, s);
}

static void
write_strv (Writer *w, char **strv)
{
  guint n = strv != NULL ? g_strv_length (strv) : 0;

  write_int (w, n);
  for (guint i = 0; i < n; i++)
    write_string (w, strv[i]);
}

static void
write_topic (Writer *w, const ExtrasTopic *topic)
{
  guint n = 0;
  g_autofree const char **arches
      = (const char **) g_hash_table_get_keys_as_array (topic->index, &n);

  write_string (w, topic->name);
  write_optional_string (w, topic->summary);
  /* Sorted, so that the same catalog always gives the same bytes. */
  qsort (arches, n, sizeof (char *), compare_names);
  write_int (w, n);
  for (guint i = 0; i < n; i++)
    {
      write_string (w, arches[i]);
      write_int (w, extras_topic_get_index (topic, arches[i]));
    }
  write_strv (w, topic->versions);
  {
    guint n_av = 0;
    g_autofree const char **av
        = (const char **) g_hash_table_get_keys_as_array (topic->arch_versions, &n_av);

    qsort (av, n_av, sizeof (char *), compare_names);
    write_int (w, n_av);
    for (guint i = 0; i < n_av; i++)
      {
        write_string (w, av[i]);
        write_strv (w, g_hash_table_lookup (topic->arch_versions, av[i]));
      }
  }
  write_strv (w, topic->packages);
  write_strv (w, topic->visible);
  write_strv (w, topic->conflicts);
  write_strv (w, topic->requires);
  write_strv (w, topic->arches);
  write_strv (w, topic->kernel_series);
  write_optional_string (w, topic->end_of_support);
  write_optional_string (w, topic->successor);
  write_int (w, topic->al2023 != NULL);
  if (topic->al2023 != NULL)
    write_strv (w, topic->al2023);
}

void
extras_catalog_flat_write (const ExtrasCatalog *catalog, GByteArray *strings, GArray *ints)
{
  Writer writer = { strings, ints };
  Writer *w = &writer;

  write_optional_string (w, catalog->origin);
  write_optional_string (w, catalog->motd);
  write_optional_string (w, catalog->core_end_of_support);
  write_strv (w, catalog->stable_abi);
  write_int (w, catalog->topics->len);
  for (guint i = 0; i < catalog->topics->len; i++)
    write_topic (w, g_ptr_array_index (catalog->topics, i));
}
