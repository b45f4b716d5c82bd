/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Repository metadata: downloads (download.c, librepo: checksums always
 * verified, repomd signature when repo_gpgcheck), and one .solv cache per
 * repository keyed by the repomd checksum and libsolv's tool version
 * (metadata-cache.c), so a warm run parses no XML and loads no librepo.  The
 * file lists, loaded only when a file dependency needs them, are
 * metadata-filelists.c's. */
#include "metadata-private.h"
#include "solvcache.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <solv/repo_solv.h>

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

/* Parses the repomd and primary of a librepo result into @repo. */
static gboolean
parse_xml (Repo *repo, const ExtrasRepoConf *conf, const char *repomd_path,
           const char *primary_path, GError **error)
{
  const ExtrasBackend *backend = extras_backend_get (error);
  g_autoptr (FILE) repomd = NULL;
  FILE *primary;
  int ret;

  if (backend == NULL)
    return FALSE;
  repomd = extras_metadata_open_file (backend, repomd_path, FALSE);
  if (repomd == NULL || backend->add_repomdxml (repo, repomd, 0) != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "Repository %s: bad %s: %s",
                   conf->id, repomd_path, pool_errstr (repo->pool));
      return FALSE;
    }
  primary = primary_path != NULL ? extras_metadata_open_file (backend, primary_path, TRUE) : NULL;
  if (primary == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                   "Repository %s: cannot read its primary metadata", conf->id);
      return FALSE;
    }
  ret = backend->add_rpmmd (repo, primary, 0);
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

  if ((key = extras_metadata_read_key (key_path)) != NULL
      && extras_solv_cache_read (repo, solv, key, 0))
    return TRUE;
  /* The .solv is missing or from another libsolv: the XML is still verified data. */
  primary = extras_metadata_find_primary (dir);
  checksum = extras_metadata_file_checksum (repomd);
  if (primary == NULL || checksum == NULL)
    return FALSE;
  if (!parse_xml (repo, conf, repomd, primary, &error))
    {
      repo_empty (repo, 1);
      return FALSE;
    }
  g_free (key);
  key = extras_metadata_make_key (checksum);
  if (!extras_metadata_write_solv (repo, dir, key, &error))
    extras_metadata_note_cache_failure (error);
  return TRUE;
}

Repo *
extras_metadata_load_repo (Pool *pool, const ExtrasRepoConf *conf, const char *cache_root,
                           const ExtrasMetadataOptions *options, char **out_warning, GError **error)
{
  g_auto (ExtrasCacheDir) cache = { -1, NULL };
  g_auto (ExtrasCacheDir) tmp = { -1, NULL };
  g_autofree char *tmp_name = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *cached_key = NULL;
  g_autofree char *key = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *repomd_path = NULL;
  g_autofree char *primary_path = NULL;
  g_autoptr (GError) local_error = NULL;
  const ExtrasDownloader *downloader = NULL;
  const char *only_repomd[] = { NULL };
  const char *with_primary[] = { "primary", NULL };
  const char *root = options != NULL ? options->root : NULL;
  int cache_fd;
  Repo *repo;

  if (!extras_repo_id_is_valid (conf->id))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE, "%s: bad repository id", conf->id);
      return NULL;
    }
  cache_fd = extras_safe_open_dir (cache_root, EXTRAS_SAFE_MKDIR, error);
  if (cache_fd < 0)
    return NULL;
  extras_metadata_remove_stale_downloads (cache_fd);
  repo = repo_create (pool, conf->id);
  if (extras_metadata_open_repo_cache (cache_fd, conf->id, &cache))
    key_path = g_build_filename (cache.path, KEY_NAME, NULL);

  /* A cache within metadata_expire is used as it is: no network at all. */
  if (cache.fd >= 0
      && ((options != NULL && options->offline)
          || extras_metadata_cache_is_fresh (conf, cache.path))
      && load_cache (repo, conf, cache.path))
    goto done;

  if (!extras_metadata_make_tmp_dir (cache_fd, cache_root, conf->id, "", &tmp_name, &tmp, error))
    {
      repo_free (repo, 1);
      repo = NULL;
      goto done;
    }

  /* First the repomd alone: when it is the one the cache was made from, the
   * cache is current and the primary need not travel again. */
  gboolean repomd_ok = FALSE;

  downloader = extras_downloader_get (&local_error);
  if (downloader != NULL
      && downloader->repo (conf, root, tmp.path, only_repomd, options, &local_error))
    {
      repomd_ok = TRUE;
      g_autofree char *new_repomd = g_build_filename (tmp.path, "repodata", "repomd.xml", NULL);

      checksum = extras_metadata_file_checksum (new_repomd);
      key = checksum != NULL ? extras_metadata_make_key (checksum) : NULL;
      if (key != NULL && key_path != NULL
          && (cached_key = extras_metadata_read_key (key_path)) != NULL
          && strcmp (key, cached_key) == 0 && load_cache (repo, conf, cache.path))
        {
          extras_metadata_touch (key_path);
          goto done;
        }
      extras_rm_rf_contents (tmp.fd);
      downloader->repo (conf, root, tmp.path, with_primary, options, &local_error);
    }

  if (local_error != NULL)
    {
      /* The server gave the repomd but not a primary that matches it: the
       * data is bad (librepo reports a checksum mismatch as a failed download). */
      if (g_error_matches (local_error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA) || repomd_ok)
        {
          /* Bad data is never replaced by the cache silently: it may be an attack. */
          repo_free (repo, 1);
          repo = NULL;
          extras_metadata_set_verification_error (error, conf, local_error);
          goto done;
        }
      if (cache.fd >= 0 && load_cache (repo, conf, cache.path))
        {
          if (out_warning != NULL)
            *out_warning = g_strdup_printf (
                "Repository %s is not reachable at %s (%s); using its cached metadata.", conf->id,
                extras_metadata_first_url (conf), local_error->message);
          goto done;
        }
      repo_free (repo, 1);
      repo = NULL;
      if (conf->skip_if_unavailable)
        {
          if (out_warning != NULL)
            *out_warning = g_strdup_printf (
                "Repository %s is not reachable at %s (%s); skipping it.", conf->id,
                extras_metadata_first_url (conf), local_error->message);
          goto done;
        }
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK,
                   "Repository %s is not reachable at %s: %s", conf->id,
                   extras_metadata_first_url (conf), local_error->message);
      goto done;
    }

  /* Verified data in @tmp: it becomes the cache. */
  repomd_path = g_build_filename (tmp.path, "repodata", "repomd.xml", NULL);
  primary_path = extras_metadata_find_primary (tmp.path);
  if (!parse_xml (repo, conf, repomd_path, primary_path, error))
    {
      repo_free (repo, 1);
      repo = NULL;
      goto done;
    }
  g_free (checksum);
  checksum = extras_metadata_file_checksum (repomd_path);
  g_free (key);
  key = extras_metadata_make_key (checksum != NULL ? checksum : "");
  old_name = g_strdup_printf (".%s-old", conf->id);
  extras_rm_rf_at (cache_fd, old_name);
  extras_cache_dir_clear (&cache);
  if (renameat (cache_fd, conf->id, cache_fd, old_name) != 0 && errno != ENOENT)
    g_debug ("cannot move %s/%s away: %s", cache_root, conf->id, g_strerror (errno));
  if (renameat (cache_fd, tmp_name, cache_fd, conf->id) != 0)
    g_debug ("cannot keep %s/%s: %s", cache_root, conf->id, g_strerror (errno));
  else
    {
      /* Readable by all, as dnf's cache, whatever the umask. */
      extras_chmod_tree (tmp.fd, 0);
      g_clear_pointer (&tmp_name, g_free);
      if (!extras_metadata_write_solv (repo, tmp.path, key, &local_error))
        extras_metadata_note_cache_failure (local_error);
    }
  extras_rm_rf_at (cache_fd, old_name);

done:
  if (tmp_name != NULL)
    extras_rm_rf_at (cache_fd, tmp_name);
  close_fd (&cache_fd);
  return repo;
}
