/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Loads the resolve module on first use, so that commands that need no
 * libsolv, librepo or rpm do not pay for loading them. */
#include "extrasolv-config.h"
#include "cli.h"

#include <gmodule.h>

/* Whether this process is the binary of the build tree. */
static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;

  return g_strcmp0 (dir, EXTRAS_BUILD_CLI_DIR) == 0;
}

const char *
extras_cli_get_default_catalog_dir (void)
{
  return running_from_build_tree () ? EXTRAS_SOURCE_TOPICS_DIR : EXTRAS_TOPICS_DIR;
}

gpointer
extras_cli_module_symbol (const char *name, GError **error)
{
  static GModule *module = NULL;
  gpointer symbol = NULL;

  if (module == NULL)
    {
      const char *dir = running_from_build_tree () ? EXTRAS_BUILD_CLI_DIR : EXTRAS_MODULE_DIR;
      g_autofree char *path = g_build_filename (dir, "extras-resolve.so", NULL);

      module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (module == NULL)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_FAILED,
                       "Cannot load %s: %s; reinstall extrasolv", path, g_module_error ());
          return NULL;
        }
    }
  if (!g_module_symbol (module, name, &symbol) || symbol == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_FAILED, "%s has no %s; reinstall extrasolv",
                   g_module_name (module), name);
      return NULL;
    }
  return symbol;
}
