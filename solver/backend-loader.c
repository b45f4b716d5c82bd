/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Finds and loads the backend module (backend.h): next to the object this
 * code is in, else the build tree's when that object is in the build tree
 * (the tests), else the installed module dir.  No environment variable
 * chooses it: a module is code, and root must not run code that the
 * environment names. */
#define _GNU_SOURCE /* dladdr */
#include "extrasolv-config.h"
#include "backend.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <gmodule.h>

static char *
module_path (void)
{
  Dl_info info;

  if (dladdr ((void *) extras_backend_get, &info) != 0 && info.dli_fname != NULL)
    {
      g_autofree char *object = realpath (info.dli_fname, NULL);
      g_autofree char *dir = g_path_get_dirname (object != NULL ? object : info.dli_fname);
      g_autofree char *next = g_build_filename (dir, EXTRAS_BACKEND_MODULE, NULL);

      if (g_file_test (next, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&next);
      if (g_str_has_prefix (dir, EXTRAS_BUILD_ROOT "/"))
        return g_build_filename (EXTRAS_BUILD_SOLVER_DIR, EXTRAS_BACKEND_MODULE, NULL);
    }
  return g_build_filename (EXTRAS_MODULE_DIR, EXTRAS_BACKEND_MODULE, NULL);
}

static const ExtrasBackendHost host = {
  .size = sizeof (ExtrasBackendHost),
  .config_expand = extras_config_expand,
  .safe_open_file = extras_safe_open_file,
  .safe_read_fd = extras_safe_read_fd,
  .rm_rf = extras_rm_rf,
};

const ExtrasBackend *
extras_backend_get (GError **error)
{
  static const ExtrasBackend *backend = NULL;
  static ExtrasBackendHost with;
  ExtrasBackendEntry entry = NULL;
  g_autofree char *path = NULL;
  GModule *module;

  if (backend != NULL)
    return backend;
  path = module_path ();
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_FAILED,
                   "Cannot load %s: %s; reinstall extrasolv", path, g_module_error ());
      return NULL;
    }
  with = host;
  with.error_domain = EXTRAS_ERROR;
  if (!g_module_symbol (module, EXTRAS_BACKEND_ENTRY, (gpointer *) &entry) || entry == NULL
      || (backend = entry (&with)) == NULL || backend->size != sizeof (ExtrasBackend))
    {
      backend = NULL;
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_FAILED,
                   "%s is not the backend module of this extrasolv; reinstall extrasolv", path);
      g_module_close (module);
      return NULL;
    }
  /* Kept loaded for the life of the process. */
  return backend;
}

const ExtrasDownloader *
extras_downloader_get (GError **error)
{
  const ExtrasBackend *backend = extras_backend_get (error);

  return backend != NULL ? backend->download : NULL;
}
