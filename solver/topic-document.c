/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The topic YAML document (`document: extras-topic`): one topic. */
#include "catalog-yaml-private.h"

#include <string.h>

gboolean
extras_topic_document_add (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, ExtrasTopicDocument *doc,
                           GError **error)
{
  g_autoptr (ExtrasTopic) topic = NULL;
  const char *name = doc->strings[KEY_NAME];

  if (name == NULL)
    return extras_yaml_set_error (error, p->origin, &doc->start,
                                  "the topic has no 'name'; add one");
  if (doc->index_arches == NULL)
    return extras_yaml_set_error (
        error, p->origin, &doc->start,
        "topic \"%s\" has no 'index'; add its position in `list` for each "
        "architecture (index: {} when no architecture lists it)",
        name);

  topic = extras_topic_new (name);
  topic->summary = g_strdup (doc->strings[KEY_SUMMARY]);
  topic->end_of_support = g_strdup (doc->strings[KEY_END_OF_SUPPORT]);
  topic->successor = g_strdup (doc->strings[KEY_SUCCESSOR]);
  extras_topic_set_strv (&topic->versions, extras_yaml_list_strv (doc->lists[KEY_VERSIONS]));
  for (guint i = 0; doc->arch_versions_arches != NULL && i < doc->arch_versions_arches->len; i++)
    extras_topic_set_arch_versions (
        topic, g_ptr_array_index (doc->arch_versions_arches, i),
        extras_yaml_list_strv (g_ptr_array_index (doc->arch_versions_lists, i)));
  extras_topic_set_strv (&topic->packages, extras_yaml_list_strv (doc->lists[KEY_PACKAGES]));
  extras_topic_set_strv (&topic->visible, extras_yaml_list_strv (doc->lists[KEY_VISIBLE]));
  extras_topic_set_strv (&topic->conflicts, extras_yaml_list_strv (doc->lists[KEY_CONFLICTS]));
  extras_topic_set_strv (&topic->requires, extras_yaml_list_strv (doc->lists[KEY_REQUIRES]));
  extras_topic_set_strv (&topic->arches, extras_yaml_list_strv (doc->lists[KEY_ARCHES]));
  extras_topic_set_strv (&topic->kernel_series,
                         extras_yaml_list_strv (doc->lists[KEY_KERNEL_SERIES]));
  if (doc->lists[KEY_AL2023] != NULL)
    extras_topic_set_strv (&topic->al2023, extras_yaml_list_strv (doc->lists[KEY_AL2023]));

  /* Two topics in one slot of `list` would make the order a guess. */
  for (guint i = 0; i < doc->index_arches->len; i++)
    {
      const char *arch = g_ptr_array_index (doc->index_arches, i);
      int value = g_array_index (doc->index_values, int, i);
      g_autofree char *slot = g_strdup_printf ("%s %d", arch, value);
      const char *other = g_hash_table_lookup (b->slots, slot);

      if (other != NULL && strcmp (other, name) != 0)
        {
          const ExtrasCatalogSite *site = g_hash_table_lookup (b->sites, other);

          return extras_yaml_set_error (
              error, p->origin, &g_array_index (doc->index_marks, yaml_mark_t, i),
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
          return extras_yaml_set_error (error, p->origin, mark,
                                        "topic \"%s\" names itself in '%s'; remove it", name,
                                        extras_document_keys[k].name);
        extras_catalog_builder_add_reference (b, p, name, extras_document_keys[k].name, other,
                                              mark);
      }
  if (topic->successor != NULL)
    {
      if (strcmp (topic->successor, name) == 0)
        return extras_yaml_set_error (error, p->origin, &doc->value_mark[KEY_SUCCESSOR],
                                      "topic \"%s\" is its own successor; name another topic",
                                      name);
      extras_catalog_builder_add_reference (b, p, name, extras_document_keys[KEY_SUCCESSOR].name,
                                            topic->successor, &doc->value_mark[KEY_SUCCESSOR]);
    }

  extras_topic_finish (topic);
  if (!extras_catalog_builder_add_topic (b, p, g_steal_pointer (&topic), &doc->value_mark[KEY_NAME],
                                         error))
    return FALSE;
  for (guint i = 0; i < doc->index_arches->len; i++)
    g_hash_table_replace (b->slots,
                          g_strdup_printf ("%s %d",
                                           (const char *) g_ptr_array_index (doc->index_arches, i),
                                           g_array_index (doc->index_values, int, i)),
                          g_strdup (name));
  return TRUE;
}
