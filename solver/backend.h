/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The heavy parts of the resolver: librepo (downloads), rpm (the rpm
 * database and its configuration) and libsolvext (rpm-md XML, testcases),
 * with their libraries (curl, gpgme, libxml2, lua, sqlite, ...: ~10 ms and
 * 12 MiB a start).  They live in one module, extras-backend.so, that
 * backend-loader.c loads on first use, so that `list`, `info`, `enable` and
 * a warm dry-run (metadata, rpmdb and catalog from their caches) never load
 * them.
 *
 * The module is a leaf: it links neither libextrasolv nor the executable
 * (neither exports its internals).  The little of the library it needs comes
 * with the host table it is given at load, and it hands back this one typed
 * table; nothing is looked up by name but its one entry point,
 * EXTRAS_BACKEND_ENTRY.
 */

#include <stdio.h>
#include <glib.h>
#include <solv/pool.h>
#include <solv/repo.h>
#include <solv/solver.h>

#include "download.h"
#include "safe-path.h"

G_BEGIN_DECLS

/* What the module takes from the library (backend-loader.c fills it). */
typedef struct
{
  gsize size; /* sizeof (ExtrasBackendHost): a module of another build is refused */
  GQuark error_domain;
  char *(*config_expand) (const ExtrasConfig *config, const char *text);
  int (*safe_open_file) (const char *path, int oflags, mode_t mode, ExtrasSafeFlags flags,
                         GError **error);
  gboolean (*safe_read_fd) (int fd, const char *shown, gsize max_size, char **out_data,
                            gsize *out_len, GError **error);
  void (*rm_rf) (const char *path);
} ExtrasBackendHost;

typedef struct
{
  gsize size; /* sizeof (ExtrasBackend) */
  /* librepo (download.c) */
  const ExtrasDownloader *download;
  /* libsolvext: a FILE reading the compressed (gz, xz, zstd, bz2) file @fd,
   * which it takes; NULL leaves @fd open. */
  FILE *(*open_compressed) (const char *path, int fd);
  /* libsolvext's repomd.xml and primary/filelists parsers (their return: 0
   * on success, else pool_errstr()). */
  int (*add_repomdxml) (Repo *repo, FILE *fp, int flags);
  int (*add_rpmmd) (Repo *repo, FILE *fp, int flags);
  /* libsolvext's testcase_write(): nonzero on success. */
  int (*write_testcase) (Solver *solv, const char *dir, int resultflags);
  /* rpm: %{_dbpath} of this machine's rpm configuration (nullable, g_free). */
  char *(*dup_configured_dbpath) (void);
  /* rpm: the database at @dbpath (under the pool's rootdir) into @repo,
   * with @reffp (nullable) as libsolv's reference; 0 on success. */
  int (*add_rpmdb) (Repo *repo, FILE *reffp, const char *dbpath, int flags);
} ExtrasBackend;

#define EXTRAS_BACKEND_MODULE "extras-backend.so"
#define EXTRAS_BACKEND_ENTRY "extras_backend_module_get"
typedef const ExtrasBackend *(*ExtrasBackendEntry) (const ExtrasBackendHost *host);

/* Returns: (transfer none): the backend, loading its module on first use;
 * NULL with EXTRAS_ERROR_FAILED when it cannot be loaded. */
const ExtrasBackend *
extras_backend_get (GError **error);

G_END_DECLS
