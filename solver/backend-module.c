/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The entry point of extras-backend.so (backend.h): its table, the calls into
 * libsolvext and rpm, and the few library functions that download.c uses,
 * forwarded to the host table the library gave at load.  Those forwarders
 * have the library's names so that download.c reads as library code; they
 * are hidden, like everything of this module but its entry point. */
#include "backend.h"
#include "glib-compat.h"

#include <stdlib.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmmacro.h>
#include <solv/repo_repomdxml.h>
#include <solv/repo_rpmdb.h>
#include <solv/repo_rpmmd.h>
#include <solv/solv_xfopen.h>
#include <solv/testcase.h>

static const ExtrasBackendHost *host;

GQuark
extras_error_quark (void)
{
  return host->error_domain;
}

char *
extras_config_expand (const ExtrasConfig *config, const char *text)
{
  return host->config_expand (config, text);
}

int
extras_safe_open_file (const char *path, int oflags, mode_t mode, ExtrasSafeFlags flags,
                       GError **error)
{
  return host->safe_open_file (path, oflags, mode, flags, error);
}

gboolean
extras_safe_read_fd (int fd, const char *shown, gsize max_size, char **out_data, gsize *out_len,
                     GError **error)
{
  return host->safe_read_fd (fd, shown, max_size, out_data, out_len, error);
}

void
extras_rm_rf (const char *path)
{
  host->rm_rf (path);
}

static FILE *
open_compressed (const char *path, int fd)
{
  return solv_xfopen_fd (path, fd, "r");
}

static int
add_repomdxml (Repo *repo, FILE *fp, int flags)
{
  return repo_add_repomdxml (repo, fp, flags);
}

static int
add_rpmmd (Repo *repo, FILE *fp, int flags)
{
  return repo_add_rpmmd (repo, fp, NULL, flags);
}

static int
write_testcase (Solver *solv, const char *dir, int resultflags)
{
  return testcase_write (solv, dir, resultflags, NULL, NULL);
}

static void
read_rpm_config (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      rpmReadConfigFiles (NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

static char *
dup_configured_dbpath (void)
{
  char *expanded;
  char *dbpath;

  read_rpm_config ();
  expanded = rpmExpand ("%{_dbpath}", NULL);
  dbpath = g_strdup (expanded);
  free (expanded);
  return dbpath;
}

static int
add_rpmdb (Repo *repo, FILE *reffp, const char *dbpath, int flags)
{
  int ret;

  read_rpm_config ();
  rpmPushMacro (NULL, "_dbpath", NULL, dbpath, RMIL_CMDLINE);
  ret = repo_add_rpmdb_reffp (repo, reffp, flags);
  rpmPopMacro (NULL, "_dbpath");
  return ret;
}

static ExtrasBackend backend = {
  .size = sizeof (ExtrasBackend),
  .open_compressed = open_compressed,
  .add_repomdxml = add_repomdxml,
  .add_rpmmd = add_rpmmd,
  .write_testcase = write_testcase,
  .dup_configured_dbpath = dup_configured_dbpath,
  .add_rpmdb = add_rpmdb,
};

/* The one exported symbol (EXTRAS_BACKEND_ENTRY).  NULL for a host of
 * another build. */
__attribute__ ((visibility ("default"))) const ExtrasBackend *
extras_backend_module_get (const ExtrasBackendHost *with)
{
  if (with == NULL || with->size != sizeof (ExtrasBackendHost))
    return NULL;
  host = with;
  backend.download = extras_download_module_get ();
  return &backend;
}
