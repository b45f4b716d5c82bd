/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "resolve-module.h"
#include "extras-fetch.h"

ExtrasCatalog *
extras_cli_module_fetch_catalog (const char *url, const char *cache_dir, const char *arch,
                                 char **out_warning, GError **error)
{
  return extras_catalog_fetch (url, cache_dir, arch, out_warning, error);
}

gboolean
extras_cli_module_resolve_install (ExtrasCli *cli, ExtrasState *state, const char *const *topics,
                                   ExtrasJson *json, GStrv *out_nevras, GError **error)
{
  /* Until the resolver lands: hand the catalog's package names over as they are. */
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  ExtrasCatalog *catalog = extras_cli_get_catalog (cli, error);

  if (catalog == NULL)
    return FALSE;
  for (gsize i = 0; topics[i] != NULL; i++)
    {
      ExtrasTopic *topic = extras_catalog_lookup (catalog, topics[i]);
      const char *const *pkgs = topic != NULL ? extras_topic_get_packages (topic) : NULL;

      for (gsize j = 0; pkgs != NULL && pkgs[j] != NULL; j++)
        g_ptr_array_add (names, g_strdup (pkgs[j]));
    }
  g_ptr_array_add (names, NULL);
  *out_nevras = (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  return TRUE;
}

int
extras_cli_module_cmd_why (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE, "why: not implemented yet");
  return 2;
}
