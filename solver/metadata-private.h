/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the metadata files share (metadata.c: a repository's packages;
 * metadata-filelists.c: its file lists; metadata-cache.c: the cache). */

#include "resolve-private.h"
#include "backend.h"

G_BEGIN_DECLS

/* In each repository's directory of the cache root. */
#define SOLV_NAME "packages.solv"
#define FILELISTS_SOLV_NAME "filelists.solv"
#define KEY_NAME "repomd.key"

/* A directory of the cache held open: @path reaches it through its
 * descriptor (extras_fd_dup_path), whatever is renamed meanwhile. */
typedef struct
{
  int fd;
  char *path;
} ExtrasCacheDir;

void
extras_cache_dir_clear (ExtrasCacheDir *dir);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExtrasCacheDir, extras_cache_dir_clear)

/* The cache directory of @id in @cache_fd, into @out.  Anything else of that
 * name (a symlink, a file, a directory that another user made) is no cache
 * of ours: it is removed, without following it, and FALSE returned. */
gboolean
extras_metadata_open_repo_cache (int cache_fd, const char *id, ExtrasCacheDir *out);
/* A new private directory `.ID<what>-XXXXXX` in @cache_fd for a download:
 * its name in @out_name, itself in @out. */
gboolean
extras_metadata_make_tmp_dir (int cache_fd, const char *cache_root, const char *id,
                              const char *what, char **out_name, ExtrasCacheDir *out,
                              GError **error);
/* Once a process: removes the download directories of killed runs. */
void
extras_metadata_remove_stale_downloads (int cache_fd);

/* The key a .solv file is valid for: the repomd checksum and the tool version. */
char *
extras_metadata_make_key (const char *repomd_checksum);
/* The sha256 of the file @path (bounded; the last component is not followed). */
char *
extras_metadata_file_checksum (const char *path);
/* The key file @path, or NULL; never through a symlink. */
char *
extras_metadata_read_key (const char *path);
/* The packages of @repo and their key into the cache directory @dir. */
gboolean
extras_metadata_write_solv (Repo *repo, const char *dir, const char *key, GError **error);
/* Whether @dir's key file is younger than @conf's metadata_expire. */
gboolean
extras_metadata_cache_is_fresh (const ExtrasRepoConf *conf, const char *dir);
/* Sets the modification time of @path to now (no symlink followed). */
void
extras_metadata_touch (const char *path);
/* The metadata file of @type (`primary`, `filelists`) under @dir/repodata, or NULL. */
char *
extras_metadata_find_md (const char *dir, const char *type);
char *
extras_metadata_find_primary (const char *dir);
/* Opens @path, a file of a cache directory, for libsolv; never a symlink;
 * @compressed: through the backend's decompression. */
FILE *
extras_metadata_open_file (const ExtrasBackend *backend, const char *path, gboolean compressed);
/* The repository's first URL, for messages. */
const char *
extras_metadata_first_url (const ExtrasRepoConf *conf);
/* EXTRAS_ERROR_METADATA for @conf's metadata that @why (the download's
 * error) refused: bad data is never replaced by the cache silently. */
void
extras_metadata_set_verification_error (GError **error, const ExtrasRepoConf *conf,
                                        const GError *why);
/* Records a cache write that failed: g_debug, and the process's one warning
 * (extras_metadata_steal_cache_warning()). */
void
extras_metadata_note_cache_failure (const GError *error);

G_END_DECLS
