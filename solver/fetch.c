/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extras-fetch.h"
#include "extras-error.h"
#include "download.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* The original tool's name for its cached catalog. */
#define CATALOG_CACHE_NAME "catalog-cache-0"

static gboolean
ensure_private_dir (const char *dir, GError **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, EXTRAS_ERROR,
                   errsv == EACCES || errsv == EPERM ? EXTRAS_ERROR_PERMISSION : EXTRAS_ERROR_IO,
                   "Cannot create %s: %s", dir, g_strerror (errsv));
      return FALSE;
    }
  /* The original keeps its cache private; an existing directory is tightened too. */
  if (chmod (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, EXTRAS_ERROR,
                   errsv == EACCES || errsv == EPERM ? EXTRAS_ERROR_PERMISSION : EXTRAS_ERROR_IO,
                   "Cannot set the mode of %s: %s", dir, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

static ExtrasCatalog *
use_cache (const char *url, const char *cache_path, const char *arch, const char *reason,
           char **out_warning, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  GStatBuf st;
  g_autoptr (GDateTime) mtime = NULL;
  g_autofree char *date = NULL;
  ExtrasCatalog *catalog;

  if (g_stat (cache_path, &st) != 0 || !g_file_get_contents (cache_path, &data, &len, NULL))
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

ExtrasCatalog *
extras_catalog_fetch (const char *url, const char *cache_dir, const char *arch, char **out_warning,
                      GError **error)
{
  g_autofree char *cache_path = NULL;
  g_autofree char *tmp_path = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  const ExtrasDownloader *downloader;
  g_autofree char *data = NULL;
  gsize len = 0;
  int fd;

  g_return_val_if_fail (url != NULL && cache_dir != NULL, NULL);

  if (!ensure_private_dir (cache_dir, error))
    return NULL;
  cache_path = g_build_filename (cache_dir, CATALOG_CACHE_NAME, NULL);
  tmp_path = g_build_filename (cache_dir, ".catalog-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot create a file in %s: %s",
                   cache_dir, g_strerror (errsv));
      return NULL;
    }

  downloader = extras_downloader_get (error);
  if (downloader == NULL)
    {
      close (fd);
      g_unlink (tmp_path);
      return NULL;
    }
  if (!downloader->url (url, fd, &local_error))
    {
      close (fd);
      g_unlink (tmp_path);
      return use_cache (url, cache_path, arch, local_error->message, out_warning, error);
    }
  close (fd);

  if (!g_file_get_contents (tmp_path, &data, &len, &local_error)
      || len > EXTRAS_CATALOG_MAX_FILE_SIZE)
    {
      g_unlink (tmp_path);
      if (local_error != NULL)
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s", local_error->message);
      else
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                     "%s: the catalog is larger than %d bytes", url, EXTRAS_CATALOG_MAX_FILE_SIZE);
      return NULL;
    }

  catalog = extras_catalog_new_from_data (data, len, url, arch, error);
  if (catalog == NULL)
    {
      /* A bad download never replaces a good cached copy. */
      g_unlink (tmp_path);
      return NULL;
    }
  if (g_rename (tmp_path, cache_path) != 0)
    {
      /* The catalog is good; only the cache could not be kept. */
      g_debug ("cannot keep the catalog in %s: %s", cache_path, g_strerror (errno));
      g_unlink (tmp_path);
    }
  return g_steal_pointer (&catalog);
}
