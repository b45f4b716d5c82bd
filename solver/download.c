/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The part of the resolver that talks to the network, through librepo.  It
 * is a module of its own (extras-download.so), loaded by download-loader.c on
 * the first download: a run whose metadata is fresh never loads librepo and
 * its libraries (curl, gpgme, libxml2: ~8 ms and 10 MiB a start). */
#include "resolve-private.h"
#include "download.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gmodule.h>
#include <librepo/librepo.h>

/* Bound what servers control. */
#define MAX_MIRRORLIST_SIZE (1024 * 1024)
#define MAX_MIRRORS 256
#define MAX_KEY_SIZE (1024 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrHandle, lr_handle_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrResult, lr_result_free)

typedef struct
{
  const ExtrasRepoConf *conf;
  const ExtrasMetadataOptions *options;
  char *bad_data; /* the first mirror that served data failing its checksum */
} ProgressData;

static int
progress_cb (void *clientp, double total, double done)
{
  ProgressData *data = clientp;

  if (data->options != NULL && data->options->progress != NULL)
    data->options->progress (data->conf->id, total, done, data->options->progress_data);
  return LR_CB_OK;
}

/* librepo tries the next mirror when one serves data whose checksum does not
 * match (a metalink's, the repomd's) and then reports only that all mirrors
 * were tried: remember the mismatch, it is bad data and not an outage. */
static int
mirror_failure_cb (void *clientp, const char *msg, const char *url, const char *metadata)
{
  ProgressData *data = clientp;

  if (data->bad_data == NULL && msg != NULL && strstr (msg, "checksum") != NULL)
    data->bad_data = g_strdup_printf ("%s: %s", url != NULL ? url : "?", msg);
  return LR_CB_OK;
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
      g_autofree char *key_path = NULL;
      gboolean imported;
      int key_fd;

      if (!g_str_has_prefix (url, "file://"))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s: only file:// GPG keys are supported, not %s", conf->id, url);
          return FALSE;
        }
      /* A key of the installroot first, as dnf --installroot does; in the
       * installroot no symlink is followed, and the key is read through the
       * descriptor that was checked. */
      path = g_build_filename (root != NULL ? root : "/", url + strlen ("file://"), NULL);
      key_fd = extras_safe_open_file (path, O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, &local_error);
      if (key_fd < 0 && local_error != NULL)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s: cannot read GPG key: %s", conf->id, local_error->message);
          return FALSE;
        }
      if (key_fd < 0)
        {
          g_free (path);
          path = g_strdup (url + strlen ("file://"));
        }
      /* gpg may read the key in another process: a copy in the private
       * gpg directory, of what was read through the checked descriptor. */
      if (key_fd >= 0)
        {
          g_autofree char *data = NULL;
          gsize len = 0;
          gboolean ok = extras_safe_read_fd (key_fd, path, MAX_KEY_SIZE, &data, &len, &local_error);

          close (key_fd);
          key_path = g_build_filename (gpgdir, "import.key", NULL);
          if (!ok || !g_file_set_contents (key_path, data, len, &local_error))
            {
              g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                           "Repository %s: cannot read GPG key: %s", conf->id,
                           local_error->message);
              return FALSE;
            }
        }
      else
        key_path = g_strdup (path);
      imported = lr_gpg_import_key (key_path, gpgdir, &local_error);
      if (!imported)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s: cannot import GPG key %s: %s", conf->id, path,
                       local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Hosts whose name did not resolve in this process: a run over many topics
 * (validate, or install with several topics) offline asks the resolver once
 * per host, not once per topic, each time waiting for the lookup to fail. */
static GHashTable *unresolved_hosts = NULL;

static char *
url_host (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL ? g_strdup (g_uri_get_host (uri)) : NULL;
}

static gboolean
download_mirrorlist (LrHandle *h, const char *url, int fd, GError **error)
{
  g_autofree char *host = url_host (url);

  if (host != NULL && unresolved_hosts != NULL && g_hash_table_contains (unresolved_hosts, host))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK,
                   "Could not resolve host: %s (already in this run)", host);
      return FALSE;
    }
  if (lr_download_url (h, url, fd, error))
    return TRUE;
  if (host != NULL && strstr ((*error)->message, "resolve host") != NULL)
    {
      if (unresolved_hosts == NULL)
        unresolved_hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (unresolved_hosts, g_steal_pointer (&host));
    }
  return FALSE;
}

/* yum reads a mirrorlist itself and substitutes its variables in every
 * URL of it (yum's varReplace); librepo's LRO_MIRRORLISTURL would not.  So
 * the mirrorlist is fetched here and its URLs, expanded, join the baseurls. */
static GStrv
fetch_mirrorlist (LrHandle *h, const ExtrasRepoConf *conf, const ExtrasMetadataOptions *options,
                  const char *destdir, gboolean *out_is_metalink, GError **error)
{
  g_autofree char *path = g_build_filename (destdir, "mirrorlist", NULL);
  g_autofree char *data = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) lines = NULL;
  gsize len = 0;
  int fd;

  for (gsize i = 0; conf->baseurls[i] != NULL; i++)
    g_ptr_array_add (urls, g_strdup (conf->baseurls[i]));
  fd = g_open (path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write %s: %s", path,
                   g_strerror (errno));
      return NULL;
    }
  if (!download_mirrorlist (h, conf->mirrorlist, fd, &local_error))
    {
      close (fd);
      g_unlink (path);
      /* As yum: the baseurls, when there are some, still serve. */
      if (urls->len > 0)
        {
          g_debug ("%s: mirrorlist %s: %s; using its baseurl", conf->id, conf->mirrorlist,
                   local_error->message);
          g_ptr_array_add (urls, NULL);
          return (GStrv) g_ptr_array_free (g_steal_pointer (&urls), FALSE);
        }
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK, "cannot fetch the mirrorlist: %s",
                   local_error->message);
      return NULL;
    }
  close (fd);
  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  g_unlink (path);
  if (len > MAX_MIRRORLIST_SIZE)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                   "Repository %s: its mirrorlist %s is larger than %d bytes", conf->id,
                   conf->mirrorlist, MAX_MIRRORLIST_SIZE);
      return NULL;
    }
  /* A mirrorlist= that serves a metalink is read as one, as yum does. */
  if (strstr (data, "<metalink") != NULL)
    {
      *out_is_metalink = TRUE;
      return NULL;
    }
  lines = g_strsplit (data, "\n", -1);
  for (gsize i = 0; lines[i] != NULL && urls->len < MAX_MIRRORS; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *url;

      /* As yum: blank lines and comments are skipped, variables substituted,
       * and a URL of the repomd itself stands for its repository. */
      if (*line == '\0' || *line == '#')
        continue;
      url = options != NULL && options->config != NULL
                ? extras_config_expand (options->config, line)
                : g_strdup (line);
      if (g_str_has_suffix (url, "/repodata/repomd.xml"))
        url[strlen (url) - strlen ("repodata/repomd.xml")] = '\0';
      g_ptr_array_add (urls, url);
    }
  if (urls->len == 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK, "its mirrorlist %s lists no URL",
                   conf->mirrorlist);
      return NULL;
    }
  g_ptr_array_add (urls, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&urls), FALSE);
}

/* Downloads repomd.xml (and the types of @dlist) into @destdir. */
static gboolean
download_repo (const ExtrasRepoConf *conf, const char *root, const char *destdir,
               const char *const *dlist, const ExtrasMetadataOptions *options, GError **error)
{
  g_autoptr (LrHandle) h = lr_handle_init ();
  g_autoptr (LrResult) result = lr_result_init ();
  ProgressData pdata = { conf, options, NULL };
  g_autofree char *gpgdir = NULL;
  g_autofree char *made = NULL;
  g_autofree char *bad_data = NULL;
  g_auto (GStrv) mirrors = NULL;
  g_autoptr (GError) local_error = NULL;

  lr_handle_setopt (h, NULL, LRO_REPOTYPE, LR_YUMREPO);
  lr_handle_setopt (h, NULL, LRO_INTERRUPTIBLE, (long) FALSE);
  lr_handle_setopt (h, NULL, LRO_USERAGENT,
                    "extrasolv/"
                    "0.1");
  lr_handle_setopt (h, NULL, LRO_CONNECTTIMEOUT, 10L);
  lr_handle_setopt (h, NULL, LRO_LOWSPEEDTIME, 30L);
  if (conf->mirrorlist != NULL)
    {
      gboolean is_metalink = FALSE;

      mirrors = fetch_mirrorlist (h, conf, options, destdir, &is_metalink, error);
      if (is_metalink)
        {
          if (conf->baseurls[0] != NULL)
            lr_handle_setopt (h, NULL, LRO_URLS, conf->baseurls);
          lr_handle_setopt (h, NULL, LRO_METALINKURL, conf->mirrorlist);
        }
      else if (mirrors == NULL)
        return FALSE;
      else
        lr_handle_setopt (h, NULL, LRO_URLS, mirrors);
    }
  else if (conf->baseurls[0] != NULL)
    lr_handle_setopt (h, NULL, LRO_URLS, conf->baseurls);
  if (conf->metalink != NULL)
    lr_handle_setopt (h, NULL, LRO_METALINKURL, conf->metalink);
  lr_handle_setopt (h, NULL, LRO_DESTDIR, destdir);
  lr_handle_setopt (h, NULL, LRO_YUMDLIST, dlist);
  lr_handle_setopt (h, NULL, LRO_CHECKSUM, (long) TRUE);
  lr_handle_setopt (h, NULL, LRO_PROGRESSCB, progress_cb);
  lr_handle_setopt (h, NULL, LRO_PROGRESSDATA, &pdata);
  if (conf->repo_gpgcheck)
    {
      /* A private directory of its own, outside the tree: gpg runs in
       * processes of its own, which must be given a real path. */
      made = g_dir_make_tmp ("extrasolv-gpg-XXXXXX", &local_error);
      if (made == NULL)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s", local_error->message);
          return FALSE;
        }
      /* Resolved, so that its removal (which follows no symlink) finds it. */
      gpgdir = realpath (made, NULL);
      if (gpgdir == NULL)
        gpgdir = g_steal_pointer (&made);
      if (!import_keys (conf, root, gpgdir, error))
        {
          extras_rm_rf (gpgdir);
          return FALSE;
        }
      lr_handle_setopt (h, NULL, LRO_GPGCHECK, (long) TRUE);
      lr_handle_setopt (h, NULL, LRO_GNUPGHOMEDIR, gpgdir);
    }
  lr_handle_setopt (h, NULL, LRO_HMFCB, mirror_failure_cb);
  if (!lr_handle_perform (h, result, &local_error))
    {
      /* The callers tell bad data (METADATA: never served from a cache)
       * from data out of reach (NETWORK). */
      bad_data = g_steal_pointer (&pdata.bad_data);
      if (bad_data != NULL)
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "%s", bad_data);
      else
        g_set_error (error, EXTRAS_ERROR,
                     is_integrity_error (local_error) ? EXTRAS_ERROR_METADATA
                                                      : EXTRAS_ERROR_NETWORK,
                     "%s", local_error->message);
      if (gpgdir != NULL)
        extras_rm_rf (gpgdir);
      return FALSE;
    }
  g_free (pdata.bad_data);
  if (gpgdir != NULL)
    extras_rm_rf (gpgdir);
  return TRUE;
}

static gboolean
download_url (const char *url, int fd, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (lr_download_url (NULL, url, fd, &local_error))
    return TRUE;
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK, "%s", local_error->message);
  return FALSE;
}

static const ExtrasDownloader downloader = {
  .repo = download_repo,
  .url = download_url,
};

G_MODULE_EXPORT const ExtrasDownloader *
extras_download_module_get (void)
{
  return &downloader;
}
