/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The catalog builder: collects the topics of one or several sources (the
 * files of a directory), dispatches each source to its reader (YAML
 * documents or an AWS JSON catalog), then checks what needs all of them
 * (references between topics) and hands out the catalog. */
#include "catalog-builder-private.h"
#include "glib-compat.h"
#include "catalog-private.h"
#include "extras-error.h"

#include <string.h>

void
extras_catalog_site_free (ExtrasCatalogSite *site)
{
  g_free (site->origin);
  g_free (site);
}

ExtrasCatalogSite *
extras_catalog_site_new (const char *origin, const yaml_mark_t *mark)
{
  ExtrasCatalogSite *site = g_new0 (ExtrasCatalogSite, 1);

  site->origin = g_strdup (origin);
  site->mark = *mark;
  return site;
}

/* A topic name that a YAML topic refers to; checked once all files are read. */
typedef struct
{
  ExtrasCatalogSite site;
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

/* ---- the builder ------------------------------------------------------- */

ExtrasCatalogBuilder *
extras_catalog_builder_new (const char *origin)
{
  ExtrasCatalogBuilder *b = g_new0 (ExtrasCatalogBuilder, 1);

  b->origin = g_strdup (origin);
  b->topics = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_topic_unref);
  b->sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) extras_catalog_site_free);
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
  g_clear_pointer (&b->catalog_site, extras_catalog_site_free);
  g_free (b->motd);
  g_free (b->core_end_of_support);
  g_strfreev (b->stable_abi);
  g_clear_pointer (&b->whitelists, g_ptr_array_unref);
  g_free (b);
}

/* Takes @topic.  @mark is where its name is. */
gboolean
extras_catalog_builder_add_topic (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, ExtrasTopic *topic,
                                  const yaml_mark_t *mark, GError **error)
{
  g_autoptr (ExtrasTopic) owned = topic;
  const ExtrasCatalogSite *first = g_hash_table_lookup (b->sites, topic->name);

  if (first != NULL)
    {
      g_autofree char *q = extras_yaml_quote (topic->name);

      return extras_yaml_set_error (
          error, p->origin, mark, "topic %s is defined twice: here and at %s:%zu:%zu; remove one",
          q, first->origin, (size_t) first->mark.line + 1, (size_t) first->mark.column + 1);
    }
  if (b->topics->len >= EXTRAS_CATALOG_MAX_TOPICS)
    return extras_yaml_set_error (error, p->origin, mark,
                                  "more than %d topics; a catalog may hold at most %d",
                                  EXTRAS_CATALOG_MAX_TOPICS, EXTRAS_CATALOG_MAX_TOPICS);
  g_hash_table_insert (b->sites, g_strdup (topic->name), extras_catalog_site_new (p->origin, mark));
  g_ptr_array_add (b->topics, g_steal_pointer (&owned));
  return TRUE;
}

void
extras_catalog_builder_add_reference (ExtrasCatalogBuilder *b, ExtrasYamlParser *p,
                                      const char *from, const char *key, const char *name,
                                      const yaml_mark_t *mark)
{
  Reference *ref = g_new0 (Reference, 1);

  ref->site.origin = g_strdup (p->origin);
  ref->site.mark = *mark;
  ref->from = g_strdup (from);
  ref->name = g_strdup (name);
  ref->key = key;
  g_ptr_array_add (b->references, ref);
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
  ExtrasYamlParser p = { 0 };
  g_autofree char *json_copy = NULL;
  gboolean ok;

  p.origin = origin != NULL ? origin : "<catalog>";
  p.data = data;
  p.len = len;
  if (len > EXTRAS_CATALOG_MAX_FILE_SIZE)
    {
      yaml_mark_t mark = { 0, 0, 0 };

      return extras_yaml_set_error (
          error, p.origin, &mark,
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
      json_copy = extras_memdup (data, len);
      for (gsize i = 0; i < len; i++)
        if (json_copy[i] == '\t')
          json_copy[i] = ' ';
      p.data = json_copy;
    }

  if (!yaml_parser_initialize (&p.yaml))
    {
      yaml_mark_t mark = { 0, 0, 0 };

      return extras_yaml_set_error (error, p.origin, &mark, "out of memory while parsing");
    }
  yaml_parser_set_input_string (&p.yaml, (const unsigned char *) p.data, len);

  /* JSON catalogs are per architecture; the original tool defaulted to x86_64. */
  if (p.json)
    ok = extras_catalog_parse_json (b, &p, arch != NULL ? arch : "x86_64", error);
  else
    ok = extras_catalog_parse_yaml (b, &p, error);

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
          g_autofree char *q = extras_yaml_quote (ref->name);

          extras_yaml_set_error (
              error, ref->site.origin, &ref->site.mark,
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
