/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Repository metadata: librepo downloads (checksums always verified, repomd
 * signature when repo_gpgcheck), and one .solv cache per repository keyed by
 * the repomd checksum and libsolv's tool version, so a warm run parses no XML. */
#include "resolve-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <solv/repo_solv.h>
#include <solv/repo_write.h>
#include <solv/repo_rpmmd.h>
#include <solv/repo_repomdxml.h>
#include <solv/solv_xfopen.h>

#define SOLV_NAME "packages.solv"
#define KEY_NAME "repomd.key"

typedef struct
{
  const ExtrasRepoConf *conf;
  const ExtrasMetadataOptions *options;
} ProgressData;

static int
progress_cb (void *clientp, double total, double done)
{
  ProgressData *data = clientp;

  if (data->options != NULL && data->options->progress != NULL)
    data->options->progress (data->conf->id, total, done, data->options->progress_data);
  return LR_CB_OK;
}

static void
rm_rf (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          rm_rf (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* The key a .solv file is valid for: the repomd checksum and the tool version. */
static char *
make_key (const char *repomd_checksum)
{
  return g_strdup_printf ("%s %s", repomd_checksum, solv_toolversion);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static const char *
first_url (const ExtrasRepoConf *conf)
{
  if (conf->baseurls[0] != NULL)
    return conf->baseurls[0];
  if (conf->mirrorlist != NULL)
    return conf->mirrorlist;
  return conf->metalink != NULL ? conf->metalink : "(no URL)";
}

/* Whether a librepo error means the data is bad rather than out of reach. */
static gboolean
is_integrity_error (const GError *error)
{
  if (error->domain != LR_DOWNLOADER_ERROR && error->domain != LR_HANDLE_ERROR
      && error->domain != LR_YUM_ERROR && error->domain != LR_GPG_ERROR
      && error->domain != LR_REPOMD_ERROR && error->domain != LR_CHECKSUM_ERROR)
    return FALSE;
  switch (error->code)
    {
    case LRE_BADCHECKSUM:
    case LRE_BADGPG:
    case LRE_GPGERROR:
    case LRE_REPOMDXML:
    case LRE_INCOMPLETEREPO:
      return TRUE;
    default:
      /* A target whose checksum does not match fails as a download error. */
      return strstr (error->message, "checksum") != NULL
             || strstr (error->message, "signature") != NULL
             || strstr (error->message, "GPG") != NULL;
    }
}

static gboolean
import_keys (const ExtrasRepoConf *conf, const char *root, const char *gpgdir, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (g_mkdir_with_parents (gpgdir, 0700) != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot create %s: %s", gpgdir,
                   g_strerror (errno));
      return FALSE;
    }
  for (gsize i = 0; conf->gpgkeys[i] != NULL; i++)
    {
      const char *url = conf->gpgkeys[i];
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (url, "file://"))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s: only file:// GPG keys are supported, not %s", conf->id,
                       url);
          return FALSE;
        }
      /* A key of the installroot first, as dnf --installroot does. */
      path = g_build_filename (root != NULL ? root : "/", url + strlen ("file://"), NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_free (path);
          path = g_strdup (url + strlen ("file://"));
        }
      if (!lr_gpg_import_key (path, gpgdir, &local_error))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s: cannot import GPG key %s: %s", conf->id, path,
                       local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Downloads repomd.xml (and the types of @dlist) into @destdir. */
static gboolean
download (const ExtrasRepoConf *conf, const char *root, const char *destdir,
          const char *const *dlist, const ExtrasMetadataOptions *options, LrResult **out_result,
          GError **error)
{
  g_autoptr (LrHandle) h = lr_handle_init ();
  g_autoptr (LrResult) result = lr_result_init ();
  ProgressData pdata = { conf, options };
  g_autofree char *gpgdir = NULL;

  lr_handle_setopt (h, NULL, LRO_REPOTYPE, LR_YUMREPO);
  lr_handle_setopt (h, NULL, LRO_INTERRUPTIBLE, (long) FALSE);
  lr_handle_setopt (h, NULL, LRO_USERAGENT, "extrasolv/" "0.1");
  if (conf->baseurls[0] != NULL)
    lr_handle_setopt (h, NULL, LRO_URLS, conf->baseurls);
  if (conf->mirrorlist != NULL)
    lr_handle_setopt (h, NULL, LRO_MIRRORLISTURL, conf->mirrorlist);
  if (conf->metalink != NULL)
    lr_handle_setopt (h, NULL, LRO_METALINKURL, conf->metalink);
  lr_handle_setopt (h, NULL, LRO_DESTDIR, destdir);
  lr_handle_setopt (h, NULL, LRO_YUMDLIST, dlist);
  lr_handle_setopt (h, NULL, LRO_CHECKSUM, (long) TRUE);
  lr_handle_setopt (h, NULL, LRO_CONNECTTIMEOUT, 10L);
  lr_handle_setopt (h, NULL, LRO_LOWSPEEDTIME, 30L);
  lr_handle_setopt (h, NULL, LRO_PROGRESSCB, progress_cb);
  lr_handle_setopt (h, NULL, LRO_PROGRESSDATA, &pdata);
  if (conf->repo_gpgcheck)
    {
      gpgdir = g_build_filename (destdir, "gpg", NULL);
      if (!import_keys (conf, root, gpgdir, error))
        return FALSE;
      lr_handle_setopt (h, NULL, LRO_GPGCHECK, (long) TRUE);
      lr_handle_setopt (h, NULL, LRO_GNUPGHOMEDIR, gpgdir);
    }
  if (!lr_handle_perform (h, result, error))
    return FALSE;
  if (gpgdir != NULL)
    rm_rf (gpgdir);
  *out_result = g_steal_pointer (&result);
  return TRUE;
}

static gboolean
load_solv (Repo *repo, const char *solv_path, const char *key)
{
  g_autoptr (FILE) fp = fopen (solv_path, "r");
  unsigned char *userdata = NULL;
  int userlen = 0;
  gboolean match;

  if (fp == NULL)
    return FALSE;
  if (solv_read_userdata (fp, &userdata, &userlen) != 0)
    return FALSE;
  match = userdata != NULL && (gsize) userlen == strlen (key)
          && memcmp (userdata, key, userlen) == 0;
  solv_free (userdata);
  if (!match)
    return FALSE;
  rewind (fp);
  if (repo_add_solv (repo, fp, 0) != 0)
    {
      g_debug ("%s: %s", solv_path, pool_errstr (repo->pool));
      repo_empty (repo, 1);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_solv (Repo *repo, const char *dir, const char *key, GError **error)
{
  g_autofree char *path = g_build_filename (dir, SOLV_NAME, NULL);
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);
  g_autofree char *tmp = g_build_filename (dir, ".solv-XXXXXX", NULL);
  g_autoptr (FILE) fp = NULL;
  Repowriter *writer;
  int fd, ret;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0 || (fp = fdopen (fd, "w")) == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write in %s: %s", dir,
                   g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  writer = repowriter_create (repo);
  repowriter_set_userdata (writer, key, strlen (key));
  ret = repowriter_write (writer, fp);
  repowriter_free (writer);
  if (ret != 0 || fflush (fp) != 0 || fsync (fileno (fp)) != 0)
    {
      g_unlink (tmp);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write %s", path);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      g_unlink (tmp);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write %s: %s", path,
                   g_strerror (errno));
      return FALSE;
    }
  return g_file_set_contents (key_path, key, -1, error);
}

/* Parses the repomd and primary of a librepo result into @repo. */
static gboolean
parse_xml (Repo *repo, const ExtrasRepoConf *conf, const char *repomd_path,
           const char *primary_path, GError **error)
{
  g_autoptr (FILE) repomd = fopen (repomd_path, "r");
  FILE *primary;
  int ret;

  if (repomd == NULL || repo_add_repomdxml (repo, repomd, 0) != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "Repository %s: bad %s: %s",
                   conf->id, repomd_path, pool_errstr (repo->pool));
      return FALSE;
    }
  primary = primary_path != NULL ? solv_xfopen (primary_path, "r") : NULL;
  if (primary == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                   "Repository %s: cannot read its primary metadata", conf->id);
      return FALSE;
    }
  ret = repo_add_rpmmd (repo, primary, NULL, 0);
  fclose (primary);
  if (ret != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "Repository %s: bad %s: %s",
                   conf->id, primary_path, pool_errstr (repo->pool));
      return FALSE;
    }
  repo_internalize (repo);
  return TRUE;
}

static char *
find_primary (const char *dir)
{
  g_autofree char *repodata = g_build_filename (dir, "repodata", NULL);
  g_autoptr (GDir) d = g_dir_open (repodata, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (strstr (name, "primary.xml") != NULL)
      return g_build_filename (repodata, name, NULL);
  return NULL;
}

/* The cache: a .solv matching the key file, else the XML it came from. */
static gboolean
load_cache (Repo *repo, const ExtrasRepoConf *conf, const char *dir)
{
  g_autofree char *solv = g_build_filename (dir, SOLV_NAME, NULL);
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);
  g_autofree char *key = NULL;
  g_autofree char *repomd = g_build_filename (dir, "repodata", "repomd.xml", NULL);
  g_autofree char *primary = NULL;
  g_autofree char *checksum = NULL;
  g_autoptr (GError) error = NULL;

  if (g_file_get_contents (key_path, &key, NULL, NULL) && load_solv (repo, solv, key))
    return TRUE;
  /* The .solv is missing or from another libsolv: the XML is still verified data. */
  primary = find_primary (dir);
  checksum = file_checksum (repomd);
  if (primary == NULL || checksum == NULL)
    return FALSE;
  if (!parse_xml (repo, conf, repomd, primary, &error))
    {
      repo_empty (repo, 1);
      return FALSE;
    }
  g_free (key);
  key = make_key (checksum);
  if (!write_solv (repo, dir, key, &error))
    g_debug ("%s", error->message);
  return TRUE;
}

static gboolean
cache_is_fresh (const ExtrasRepoConf *conf, const char *dir)
{
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);
  GStatBuf st;

  if (g_stat (key_path, &st) != 0)
    return FALSE;
  if (conf->metadata_expire < 0)
    return TRUE;
  return (gint64) st.st_mtime + conf->metadata_expire > (gint64) time (NULL);
}

static void
touch (const char *path)
{
  utime (path, NULL);
}

Repo *
extras_metadata_load_repo (Pool *pool, const ExtrasRepoConf *conf, const char *cache_root,
                           const ExtrasMetadataOptions *options, char **out_warning,
                           GError **error)
{
  g_autofree char *dir = g_build_filename (cache_root, conf->id, NULL);
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);
  g_autofree char *cached_key = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *old = NULL;
  g_autofree char *key = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *repomd_path = NULL;
  g_autofree char *primary_path = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (LrResult) result = NULL;
  const char *only_repomd[] = { NULL };
  const char *with_primary[] = { "primary", NULL };
  const char *root = options != NULL ? options->root : NULL;
  Repo *repo;

  if (g_mkdir_with_parents (cache_root, 0755) != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot create %s: %s", cache_root,
                   g_strerror (errno));
      return NULL;
    }
  repo = repo_create (pool, conf->id);

  /* A cache within metadata_expire is used as it is: no network at all. */
  if ((options != NULL && options->offline) || cache_is_fresh (conf, dir))
    {
      if (load_cache (repo, conf, dir))
        return repo;
    }

  tmp = g_strdup_printf ("%s/.%s-XXXXXX", cache_root, conf->id);
  if (g_mkdtemp (tmp) == NULL)
    {
      repo_free (repo, 1);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot create a directory in %s: %s",
                   cache_root, g_strerror (errno));
      return NULL;
    }

  /* First the repomd alone: when it is the one the cache was made from, the
   * cache is current and the primary need not travel again. */
  gboolean repomd_ok = FALSE;

  if (download (conf, root, tmp, only_repomd, options, &result, &local_error))
    {
      repomd_ok = TRUE;
      g_autofree char *new_repomd = g_build_filename (tmp, "repodata", "repomd.xml", NULL);

      checksum = file_checksum (new_repomd);
      key = checksum != NULL ? make_key (checksum) : NULL;
      if (key != NULL && g_file_get_contents (key_path, &cached_key, NULL, NULL)
          && strcmp (key, cached_key) == 0 && load_cache (repo, conf, dir))
        {
          touch (key_path);
          rm_rf (tmp);
          return repo;
        }
      g_clear_pointer (&result, lr_result_free);
      rm_rf (tmp);
      g_mkdir_with_parents (tmp, 0755);
      download (conf, root, tmp, with_primary, options, &result, &local_error);
    }

  if (local_error != NULL)
    {
      rm_rf (tmp);
      /* The server gave the repomd but not a primary that matches it: the
       * data is bad (librepo reports a checksum mismatch as a failed download). */
      if (is_integrity_error (local_error) || repomd_ok)
        {
          /* Bad data is never replaced by the cache silently: it may be an attack. */
          repo_free (repo, 1);
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s (%s): its metadata failed verification (checksum or "
                       "signature): %s", conf->id, first_url (conf),
                       local_error->message);
          return NULL;
        }
      if (load_cache (repo, conf, dir))
        {
          if (out_warning != NULL)
            *out_warning = g_strdup_printf (
                "Repository %s is not reachable at %s (%s); using its cached metadata.",
                conf->id, first_url (conf), local_error->message);
          return repo;
        }
      repo_free (repo, 1);
      if (conf->skip_if_unavailable)
        {
          if (out_warning != NULL)
            *out_warning = g_strdup_printf (
                "Repository %s is not reachable at %s (%s); skipping it.", conf->id,
                first_url (conf), local_error->message);
          return NULL;
        }
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK,
                   "Repository %s is not reachable at %s: %s", conf->id, first_url (conf),
                   local_error->message);
      return NULL;
    }

  /* Verified data in @tmp: it becomes the cache. */
  repomd_path = g_build_filename (tmp, "repodata", "repomd.xml", NULL);
  primary_path = find_primary (tmp);
  if (!parse_xml (repo, conf, repomd_path, primary_path, error))
    {
      rm_rf (tmp);
      repo_free (repo, 1);
      return NULL;
    }
  g_free (checksum);
  checksum = file_checksum (repomd_path);
  g_free (key);
  key = make_key (checksum != NULL ? checksum : "");
  old = g_strdup_printf ("%s/.%s-old", cache_root, conf->id);
  rm_rf (old);
  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    g_rename (dir, old);
  if (g_rename (tmp, dir) != 0)
    {
      g_debug ("cannot keep %s: %s", dir, g_strerror (errno));
      rm_rf (tmp);
    }
  else if (!write_solv (repo, dir, key, &local_error))
    g_debug ("%s", local_error->message);
  rm_rf (old);
  return repo;
}
