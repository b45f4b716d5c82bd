/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The catalog YAML document (`document: extras-catalog`): what is not per
 * topic (the message of the day, the core's end of support, the stable ABI). */
#include "catalog-yaml-private.h"

gboolean
extras_catalog_document_add (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, ExtrasTopicDocument *doc,
                             GError **error)
{
  if (b->catalog_site != NULL)
    return extras_yaml_set_error (error, p->origin, &doc->start,
                                  "a second extras-catalog document (the first is at %s:%zu:%zu); "
                                  "merge them into one",
                                  b->catalog_site->origin, (size_t) b->catalog_site->mark.line + 1,
                                  (size_t) b->catalog_site->mark.column + 1);
  b->catalog_site = extras_catalog_site_new (p->origin, &doc->start);
  b->motd = g_steal_pointer (&doc->strings[KEY_MOTD]);
  b->core_end_of_support = g_steal_pointer (&doc->strings[KEY_CORE_END_OF_SUPPORT]);
  b->stable_abi = g_strdupv ((char **) extras_yaml_list_strv (doc->lists[KEY_STABLE_ABI]));
  return TRUE;
}
