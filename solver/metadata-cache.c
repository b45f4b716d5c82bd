/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The metadata cache's files and directories (metadata-private.h): one
 * directory per repository under the cache root, its key file (the repomd
 * checksum and libsolv's tool version), its .solv files, the private
 * directories of downloads in progress, and the one warning about a cache
 * that cannot be written. */
#include "metadata-private.h"
#include "solvcache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>
#include <sys/stat.h>
#include <solv/repo_solv.h>

/* The first failed cache write of this process, for one warning: without
 * its cache every run parses the repository's XML again. */
static char *cache_warning = NULL;
static gboolean cache_warned = FALSE;

void
extras_metadata_note_cache_failure (const GError *error)
{
  g_debug ("%s", error->message);
  if (cache_warned)
    return;
  cache_warned = TRUE;
  cache_warning = g_strdup_printf ("Cannot keep the metadata cache (%s); every run parses the "
                                   "repositories' metadata again until it can be written.",
                                   error->message);
}

char *
extras_metadata_steal_cache_warning (void)
{
  return g_steal_pointer (&cache_warning);
}

/* The key a .solv file is valid for: the repomd checksum and the tool version. */
char *
extras_metadata_make_key (const char *repomd_checksum)
{
  return g_strdup_printf ("%s %s", repomd_checksum, solv_toolversion);
}

/* repomd.xml is small; a larger one is not metadata this tool reads. */
#define MAX_REPOMD_SIZE (16 * 1024 * 1024)
#define MAX_KEY_SIZE 4096

/* The file @path of the cache, at most @max_size bytes (size checked
 * before reading), or NULL; the last component is not followed. */
static char *
read_cache_file (const char *path, gsize max_size, gsize *out_len)
{
  g_autofree char *data = NULL;
  int fd
      = extras_safe_openat_file (AT_FDCWD, path, path, O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, NULL);
  gboolean ok;

  if (fd < 0)
    return NULL;
  ok = extras_safe_read_fd (fd, path, max_size, &data, out_len, NULL);
  close (fd);
  return ok ? g_steal_pointer (&data) : NULL;
}

char *
extras_metadata_file_checksum (const char *path)
{
  gsize len = 0;
  g_autofree char *data = read_cache_file (path, MAX_REPOMD_SIZE, &len);

  return data != NULL ? g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len)
                      : NULL;
}

char *
extras_metadata_read_key (const char *path)
{
  return read_cache_file (path, MAX_KEY_SIZE, NULL);
}

/* Opens @path, a file of a cache directory, for libsolv; never a symlink. */
FILE *
extras_metadata_open_file (const ExtrasBackend *backend, const char *path, gboolean compressed)
{
  int fd
      = extras_safe_openat_file (AT_FDCWD, path, path, O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, NULL);
  FILE *fp;

  if (fd < 0)
    return NULL;
  fp = compressed ? backend->open_compressed (path, fd) : fdopen (fd, "r");
  if (fp == NULL)
    close (fd);
  return fp;
}

const char *
extras_metadata_first_url (const ExtrasRepoConf *conf)
{
  if (conf->baseurls[0] != NULL)
    return conf->baseurls[0];
  if (conf->mirrorlist != NULL)
    return conf->mirrorlist;
  return conf->metalink != NULL ? conf->metalink : "(no URL)";
}

gboolean
extras_metadata_write_solv (Repo *repo, const char *dir, const char *key, GError **error)
{
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);

  g_autofree char *path = g_build_filename (dir, SOLV_NAME, NULL);

  if (!extras_solv_cache_write (repo, path, key, 0, error))
    return FALSE;
  return extras_solv_cache_write_file (key_path, key, strlen (key), error);
}

/* The metadata file of @type (`primary`, `filelists`) under @dir/repodata. */
char *
extras_metadata_find_md (const char *dir, const char *type)
{
  g_autofree char *repodata = g_build_filename (dir, "repodata", NULL);
  g_autofree char *needle = g_strdup_printf ("%s.xml", type);
  g_autoptr (GDir) d = g_dir_open (repodata, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (strstr (name, needle) != NULL)
      return g_build_filename (repodata, name, NULL);
  return NULL;
}

char *
extras_metadata_find_primary (const char *dir)
{
  return extras_metadata_find_md (dir, "primary");
}

gboolean
extras_metadata_cache_is_fresh (const ExtrasRepoConf *conf, const char *dir)
{
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);
  struct stat st;

  if (fstatat (AT_FDCWD, key_path, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  if (conf->metadata_expire < 0)
    return TRUE;
  return (gint64) st.st_mtime + conf->metadata_expire > (gint64) time (NULL);
}

void
extras_metadata_touch (const char *path)
{
  utimensat (AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);
}

void
extras_cache_dir_clear (ExtrasCacheDir *dir)
{
  if (dir->fd >= 0)
    close (dir->fd);
  dir->fd = -1;
  g_clear_pointer (&dir->path, g_free);
}

static gboolean
cache_dir_set (ExtrasCacheDir *dir, int fd)
{
  extras_cache_dir_clear (dir);
  dir->fd = fd;
  dir->path = fd >= 0 ? extras_fd_dup_path (fd) : NULL;
  return fd >= 0;
}

/* The cache directory of @id in @cache_fd.  Anything else of that name (a
 * symlink, a file, a directory that another user made) is no cache of ours:
 * it is removed, without following it. */
gboolean
extras_metadata_open_repo_cache (int cache_fd, const char *id, ExtrasCacheDir *out)
{
  struct stat st;
  int fd;

  if (fstatat (cache_fd, id, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return FALSE;
  fd = openat (cache_fd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0 && fstat (fd, &st) == 0 && st.st_uid == geteuid ())
    return cache_dir_set (out, fd);
  if (fd >= 0)
    close (fd);
  g_debug ("%s in the metadata cache is not a directory of this user: removed", id);
  extras_rm_rf_at (cache_fd, id);
  return FALSE;
}

/* A download directory older than this is a killed run's: no download of
 * a live run takes that long (download.c bounds each repository in time). */
#define STALE_DOWNLOAD_SECONDS 3600

/* Whether @name is one of extras_metadata_make_tmp_dir()'s (`.ID-XXXXXX`, `.ID-filelists-XXXXXX`)
 * or a `.ID-old` left between two renames. */
static gboolean
is_download_dir_name (const char *name)
{
  gsize len = strlen (name);

  if (name[0] != '.' || len < 3)
    return FALSE;
  if (g_str_has_suffix (name, "-old"))
    return TRUE;
  if (len < 8 || name[len - 7] != '-')
    return FALSE;
  for (gsize i = len - 6; i < len; i++)
    if (!g_ascii_isxdigit (name[i]))
      return FALSE;
  return TRUE;
}

/* Removes, once per process, the download directories that killed runs left
 * in the cache. */
void
extras_metadata_remove_stale_downloads (int cache_fd)
{
  static gboolean done = FALSE;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  DIR *d;
  struct dirent *e;
  int fd;

  if (done || (fd = openat (cache_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
    return;
  done = TRUE;
  d = fdopendir (fd);
  if (d == NULL)
    {
      close (fd);
      return;
    }
  while ((e = readdir (d)) != NULL)
    {
      struct stat st;

      if (is_download_dir_name (e->d_name)
          && fstatat (dirfd (d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0
          && (gint64) st.st_mtime + STALE_DOWNLOAD_SECONDS < now)
        {
          g_debug ("removing %s, left in the metadata cache by a run that was killed", e->d_name);
          extras_rm_rf_at (dirfd (d), e->d_name);
        }
    }
  closedir (d);
}

/* A new private directory `.ID-XXXXXX` in @cache_fd for a download. */
gboolean
extras_metadata_make_tmp_dir (int cache_fd, const char *cache_root, const char *id,
                              const char *what, char **out_name, ExtrasCacheDir *out,
                              GError **error)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s%s-%06x", id, what, g_random_int () & 0xffffff);
      int fd;

      if (mkdirat (cache_fd, name, 0700) != 0)
        {
          if (errno == EEXIST)
            continue;
          break;
        }
      fd = openat (cache_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0)
        break;
      cache_dir_set (out, fd);
      *out_name = g_steal_pointer (&name);
      return TRUE;
    }
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot create a directory in %s: %s",
               cache_root, g_strerror (errno));
  return FALSE;
}

void
extras_metadata_set_verification_error (GError **error, const ExtrasRepoConf *conf,
                                        const GError *why)
{
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
               "Repository %s (%s): its metadata failed verification (checksum or signature): %s",
               conf->id, extras_metadata_first_url (conf), why->message);
}
