/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Finds and loads the download module: next to the object this code is in,
 * else the build tree's when that object is in the build tree (the tests),
 * else the installed module dir.  No environment variable chooses it: a
 * module is code, and root must not run code that the environment names. */
#define _GNU_SOURCE /* dladdr */
#include "extrasolv-config.h"
#include "download.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <gmodule.h>

static char *
module_path (void)
{
  Dl_info info;

  if (dladdr ((void *) extras_downloader_get, &info) != 0 && info.dli_fname != NULL)
    {
      g_autofree char *object = realpath (info.dli_fname, NULL);
      g_autofree char *dir = g_path_get_dirname (object != NULL ? object : info.dli_fname);
      g_autofree char *next = g_build_filename (dir, "extras-download.so", NULL);

      if (g_file_test (next, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&next);
      if (g_str_has_prefix (dir, EXTRAS_BUILD_ROOT "/"))
        return g_build_filename (EXTRAS_BUILD_SOLVER_DIR, "extras-download.so", NULL);
    }
  return g_build_filename (EXTRAS_MODULE_DIR, "extras-download.so", NULL);
}

const ExtrasDownloader *
extras_downloader_get (GError **error)
{
  static const ExtrasDownloader *downloader = NULL;
  const ExtrasDownloader *(*get) (void) = NULL;
  g_autofree char *path = NULL;
  GModule *module;

  if (downloader != NULL)
    return downloader;
  path = module_path ();
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_FAILED,
                   "Cannot load %s: %s; reinstall extrasolv", path, g_module_error ());
      return NULL;
    }
  if (!g_module_symbol (module, "extras_download_module_get", (gpointer *) &get) || get == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_FAILED,
                   "%s is not extrasolv's download module; reinstall extrasolv", path);
      g_module_close (module);
      return NULL;
    }
  /* Kept loaded for the life of the process. */
  downloader = get ();
  return downloader;
}
