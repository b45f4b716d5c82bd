/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extras-fetch.h"
#include "extras-error.h"
#include "download.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* The original tool's name for its cached catalog. */
#define CATALOG_CACHE_NAME "catalog-cache-0"

/* Opens the cache directory, creating it; no symlink is followed on the way,
 * so the chmod below is of this directory and of nothing else. */
static int
open_private_dir (const char *dir, GError **error)
{
  int fd = extras_safe_open_dir (dir, EXTRAS_SAFE_MKDIR, error);

  if (fd < 0)
    return -1;
  /* The original keeps its cache private; an existing directory is tightened too. */
  if (fchmod (fd, 0700) != 0)
    {
      int errsv = errno;
      close (fd);
      g_set_error (error, EXTRAS_ERROR,
                   errsv == EACCES || errsv == EPERM ? EXTRAS_ERROR_PERMISSION : EXTRAS_ERROR_IO,
                   "Cannot set the mode of %s: %s", dir, g_strerror (errsv));
      return -1;
    }
  return fd;
}

static ExtrasCatalog *
use_cache (const char *url, const char *cache_path, const char *arch, const char *reason,
           char **out_warning, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  struct stat st;
  g_autoptr (GDateTime) mtime = NULL;
  g_autofree char *date = NULL;
  ExtrasCatalog *catalog;
  int fd = extras_safe_openat_file (AT_FDCWD, cache_path, cache_path, O_RDONLY, 0,
                                    EXTRAS_SAFE_MISSING_OK, NULL);
  gboolean ok
      = fd >= 0 && fstat (fd, &st) == 0
        && extras_safe_read_fd (fd, cache_path, EXTRAS_CATALOG_MAX_FILE_SIZE, &data, &len, NULL);

  if (fd >= 0)
    close (fd);
  if (!ok)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK,
                   "Catalog is not reachable at %s: %s. Try again later, or use --catalog.", url,
                   reason);
      return NULL;
    }
  catalog = extras_catalog_new_from_data (data, len, cache_path, arch, error);
  if (catalog == NULL)
    return NULL;
  mtime = g_date_time_new_from_unix_local (st.st_mtime);
  date
      = mtime != NULL ? g_date_time_format (mtime, "%Y-%m-%d %H:%M") : g_strdup ("an unknown date");
  if (out_warning != NULL)
    *out_warning = g_strdup_printf (
        "Catalog is not reachable at %s (%s); using the cached copy from %s.", url, reason, date);
  return catalog;
}

/* Downloads @url into a temporary file of the cache directory @dir_fd
 * (@dir_path, the directory's descriptor path); a good catalog replaces the
 * cached one. */
static ExtrasCatalog *
fetch_into (const char *url, int dir_fd, const char *dir_path, const char *arch, char **out_warning,
            GError **error)
{
  g_autofree char *cache_path = g_build_filename (dir_path, CATALOG_CACHE_NAME, NULL);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autoptr (ExtrasAtomicFile) download = NULL;
  const ExtrasDownloader *downloader;
  g_autofree char *data = NULL;
  gsize len = 0;
  int fd;

  download = extras_atomic_file_new_at (dir_fd, CATALOG_CACHE_NAME, cache_path, 0600,
                                        EXTRAS_WRITE_NONE, error);
  if (download == NULL)
    return NULL;
  fd = extras_atomic_file_get_fd (download);

  downloader = extras_downloader_get (error);
  if (downloader == NULL)
    return NULL;
  if (!downloader->url (url, fd, EXTRAS_CATALOG_MAX_FILE_SIZE, &local_error))
    {
      g_clear_pointer (&download, extras_atomic_file_free);
      return use_cache (url, cache_path, arch, local_error->message, out_warning, error);
    }
  if (lseek (fd, 0, SEEK_SET) != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s: cannot read the download: %s", url,
                   g_strerror (errno));
      return NULL;
    }
  if (!extras_safe_read_fd (fd, url, EXTRAS_CATALOG_MAX_FILE_SIZE, &data, &len, error))
    return NULL;

  /* A bad download never replaces a good cached copy. */
  catalog = extras_catalog_new_from_data (data, len, url, arch, error);
  if (catalog == NULL)
    return NULL;
  if (!extras_atomic_file_commit (download, &local_error))
    {
      /* The catalog is good; only the cache could not be kept. */
      g_debug ("cannot keep the catalog: %s", local_error->message);
    }
  return g_steal_pointer (&catalog);
}

ExtrasCatalog *
extras_catalog_fetch (const char *url, const char *cache_dir, const char *arch, char **out_warning,
                      GError **error)
{
  g_autofree char *dir_path = NULL;
  ExtrasCatalog *catalog;
  int dir_fd;

  g_return_val_if_fail (url != NULL && cache_dir != NULL, NULL);

  dir_fd = open_private_dir (cache_dir, error);
  if (dir_fd < 0)
    return NULL;
  /* Every path below reaches the directory through its descriptor. */
  dir_path = extras_fd_dup_path (dir_fd);
  catalog = fetch_into (url, dir_fd, dir_path, arch, out_warning, error);
  close (dir_fd);
  return catalog;
}
