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

/* The catalog's detached signature: its URL with ".asc" appended (as
 * repomd.xml.asc next to repomd.xml), kept next to the cached copy. */
#define SIGNATURE_SUFFIX ".asc"
/* An armored signature is under 1 KiB; a key with many user ids, some KiB. */
#define MAX_SIGNATURE_SIZE (64 * 1024)
#define MAX_KEY_SIZE (1024 * 1024)

typedef struct
{
  const char *url;
  const char *key_path; /* nullable: no signature checked */
  char *key;            /* the key's bytes */
  gsize key_len;
  const char *arch;
  const char *cache_dir; /* what messages call the cache directory */
} Fetch;

/* Whether @sig_fd is a good signature of @data_fd by the configured key,
 * both read from their start. */
static gboolean
verify (const Fetch *f, const ExtrasDownloader *downloader, int data_fd, int sig_fd,
        const char *what, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (lseek (data_fd, 0, SEEK_SET) != 0 || lseek (sig_fd, 0, SEEK_SET) != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s: cannot read the download: %s", f->url,
                   g_strerror (errno));
      return FALSE;
    }
  if (downloader->verify (f->key, f->key_len, data_fd, sig_fd, &local_error))
    return TRUE;
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
               "%s is not signed by the key CATALOGKEY names (%s): %s; it is not used. Sign "
               "the catalog with that key, or fix CATALOGKEY",
               what, f->key_path, local_error->message);
  return FALSE;
}

static ExtrasCatalog *
use_cache (const Fetch *f, int dir_fd, const char *cache_path, const char *reason,
           char **out_warning, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  struct stat st;
  g_autoptr (GDateTime) mtime = NULL;
  g_autofree char *date = NULL;
  ExtrasCatalog *catalog;
  int fd = extras_safe_openat_file (dir_fd, CATALOG_CACHE_NAME, cache_path, O_RDONLY, 0,
                                    EXTRAS_SAFE_MISSING_OK, NULL);
  gboolean ok
      = fd >= 0 && fstat (fd, &st) == 0
        && extras_safe_read_fd (fd, cache_path, EXTRAS_CATALOG_MAX_FILE_SIZE, &data, &len, NULL);

  if (!ok)
    {
      if (fd >= 0)
        close (fd);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK,
                   "Catalog is not reachable at %s: %s. Try again later, or use --catalog.", f->url,
                   reason);
      return NULL;
    }
  if (f->key_path != NULL)
    {
      /* The cached copy was verified when it was kept; verified again, with
       * the signature kept with it, as the key may have changed since. */
      g_autoptr (GError) local_error = NULL;
      g_autofree char *what = g_strdup_printf ("the cached catalog %s (the catalog is not "
                                               "reachable at %s: %s)",
                                               cache_path, f->url, reason);
      const ExtrasDownloader *downloader = extras_downloader_get (error);
      int sig_fd = extras_safe_openat_file (dir_fd, CATALOG_CACHE_NAME SIGNATURE_SUFFIX, cache_path,
                                            O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, &local_error);

      if (downloader == NULL)
        {
          close (fd);
          if (sig_fd >= 0)
            close (sig_fd);
          return NULL;
        }
      if (sig_fd < 0)
        {
          close (fd);
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "%s has no signature; it is not used. Try again later, or use --catalog",
                       what);
          return NULL;
        }
      ok = verify (f, downloader, fd, sig_fd, what, error);
      close (sig_fd);
      if (!ok)
        {
          close (fd);
          return NULL;
        }
    }
  close (fd);
  catalog = extras_catalog_new_from_data (data, len, cache_path, f->arch, error);
  if (catalog == NULL)
    return NULL;
  mtime = g_date_time_new_from_unix_local (st.st_mtime);
  date
      = mtime != NULL ? g_date_time_format (mtime, "%Y-%m-%d %H:%M") : g_strdup ("an unknown date");
  if (out_warning != NULL)
    *out_warning
        = g_strdup_printf ("Catalog is not reachable at %s (%s); using the cached copy from %s.",
                           f->url, reason, date);
  return catalog;
}

/* Downloads the catalog's signature into a temporary file of the cache
 * directory and checks it; a signature that cannot be fetched is as bad as
 * a wrong one. */
static ExtrasAtomicFile *
fetch_signature (const Fetch *f, const ExtrasDownloader *downloader, int dir_fd, int data_fd,
                 GError **error)
{
  g_autofree char *sig_url = g_strconcat (f->url, SIGNATURE_SUFFIX, NULL);
  g_autofree char *sig_path
      = g_build_filename (f->cache_dir, CATALOG_CACHE_NAME SIGNATURE_SUFFIX, NULL);
  g_autofree char *what = g_strdup_printf ("Catalog %s", f->url);
  g_autoptr (ExtrasAtomicFile) sig = NULL;
  g_autoptr (GError) local_error = NULL;

  sig = extras_atomic_file_new_at (dir_fd, CATALOG_CACHE_NAME SIGNATURE_SUFFIX, sig_path, 0600,
                                   EXTRAS_WRITE_NONE, error);
  if (sig == NULL)
    return NULL;
  if (!downloader->url (sig_url, extras_atomic_file_get_fd (sig), MAX_SIGNATURE_SIZE, &local_error))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                   "Catalog %s: its signature %s cannot be fetched (%s); the catalog is not "
                   "used. Sign the catalog, or remove CATALOGKEY",
                   f->url, sig_url, local_error->message);
      return NULL;
    }
  if (!verify (f, downloader, data_fd, extras_atomic_file_get_fd (sig), what, error))
    return NULL;
  return g_steal_pointer (&sig);
}

/* Downloads the catalog into a temporary file of the cache directory @dir_fd;
 * a good catalog, with its good signature when a key is configured, replaces
 * the cached one. */
static ExtrasCatalog *
fetch_into (const Fetch *f, int dir_fd, char **out_warning, GError **error)
{
  g_autofree char *cache_path = g_build_filename (f->cache_dir, CATALOG_CACHE_NAME, NULL);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autoptr (ExtrasAtomicFile) download = NULL;
  g_autoptr (ExtrasAtomicFile) signature = NULL;
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
  if (!downloader->url (f->url, fd, EXTRAS_CATALOG_MAX_FILE_SIZE, &local_error))
    {
      g_clear_pointer (&download, extras_atomic_file_free);
      return use_cache (f, dir_fd, cache_path, local_error->message, out_warning, error);
    }
  if (f->key_path != NULL)
    {
      signature = fetch_signature (f, downloader, dir_fd, fd, error);
      if (signature == NULL)
        return NULL;
    }
  if (lseek (fd, 0, SEEK_SET) != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s: cannot read the download: %s", f->url,
                   g_strerror (errno));
      return NULL;
    }
  if (!extras_safe_read_fd (fd, f->url, EXTRAS_CATALOG_MAX_FILE_SIZE, &data, &len, error))
    return NULL;

  /* A bad download never replaces a good cached copy. */
  catalog = extras_catalog_new_from_data (data, len, f->url, f->arch, error);
  if (catalog == NULL)
    return NULL;
  /* The signature first: a cached copy whose signature is older fails its
   * check, never the other way round. */
  if ((signature != NULL && !extras_atomic_file_commit (signature, &local_error))
      || !extras_atomic_file_commit (download, &local_error))
    {
      /* The catalog is good; only the cache could not be kept. */
      g_debug ("cannot keep the catalog: %s", local_error->message);
    }
  if (f->key_path == NULL && extras_url_is_plain_http (f->url) && out_warning != NULL)
    *out_warning = g_strdup_printf (
        "Catalog %s came over plain http unsigned: anyone on the way could have changed it; "
        "use https, or sign it and set CATALOGKEY.",
        f->url);
  return g_steal_pointer (&catalog);
}

ExtrasCatalog *
extras_catalog_fetch_signed (const char *url, const char *key_path, const char *cache_dir,
                             const char *arch, char **out_warning, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  Fetch f = { url, key_path, NULL, 0, arch, cache_dir };
  ExtrasCatalog *catalog;
  int dir_fd;

  g_return_val_if_fail (url != NULL && cache_dir != NULL, NULL);

  if (!extras_url_is_fetchable (url))
    {
      g_autofree char *shown = g_strescape (url, NULL);

      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "Catalog URL \"%.200s\" is not an https://, http:// or file:// URL; nothing "
                   "was fetched. Give one of these, or a path",
                   shown);
      return NULL;
    }
  /* The key is read before anything is fetched, through no symlink. */
  if (key_path != NULL
      && !extras_safe_read_file (key_path, MAX_KEY_SIZE, EXTRAS_SAFE_NONE, &f.key, &f.key_len,
                                 &local_error))
    {
      g_set_error (error, EXTRAS_ERROR,
                   local_error->code == EXTRAS_ERROR_PERMISSION ? EXTRAS_ERROR_PERMISSION
                                                                : EXTRAS_ERROR_PARSE,
                   "CATALOGKEY: %s; nothing was fetched. Fix amazon-linux-extras.conf",
                   local_error->message);
      return NULL;
    }

  dir_fd = open_private_dir (cache_dir, error);
  if (dir_fd < 0)
    {
      g_free (f.key);
      return NULL;
    }
  /* Every file below is reached through the directory's descriptor. */
  catalog = fetch_into (&f, dir_fd, out_warning, error);
  close (dir_fd);
  g_free (f.key);
  return catalog;
}

ExtrasCatalog *
extras_catalog_fetch (const char *url, const char *cache_dir, const char *arch, char **out_warning,
                      GError **error)
{
  return extras_catalog_fetch_signed (url, NULL, cache_dir, arch, out_warning, error);
}

ExtrasCatalog *
extras_catalog_open (ExtrasConfig *config, const char *source, const char *embedded_dir,
                     const char *arch, char **out_warning, GError **error)
{
  g_autofree char *url = NULL;
  g_autofree char *cache_dir = NULL;

  g_return_val_if_fail (config != NULL && embedded_dir != NULL && arch != NULL, NULL);

  if (source == NULL)
    source = url = extras_config_dup_catalog_url (config);
  cache_dir = extras_config_dup_catalog_cache_dir (config);
  if (source == NULL)
    {
      /* Only the embedded directory is cached: a directory given is what
       * users edit while they test, and they should never have to wonder
       * about a cache. */
      g_autofree char *cache_path = g_build_filename (cache_dir, "embedded-catalog.cache", NULL);

      return extras_catalog_new_from_dir_cached (embedded_dir, cache_path, error);
    }
  if (strstr (source, "://") != NULL)
    {
      g_autofree char *key_path = extras_config_dup_catalog_key_path (config);

      return extras_catalog_fetch_signed (source, key_path, cache_dir, arch, out_warning, error);
    }
  if (g_file_test (source, G_FILE_TEST_IS_DIR))
    return extras_catalog_new_from_dir (source, error);
  return extras_catalog_new_from_file (source, arch, error);
}
