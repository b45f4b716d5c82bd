/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The part of the resolver that talks to the network, through librepo.  It
 * is part of the backend module (extras-backend.so, backend.h), loaded on the
 * first download: a run whose metadata is fresh never loads librepo and its
 * libraries (curl, gpgme, libxml2: ~8 ms and 10 MiB a start). */
#include "resolve-private.h"
#include "glib-compat.h"
#include "download.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gmodule.h>
#include <librepo/librepo.h>
#ifdef HAVE_GPGME
#include <gpgme.h>
#endif
#ifdef HAVE_LIBXML2
#include <libxml/parser.h>
#endif

/* Bound what servers control. */
#define MAX_MIRRORLIST_SIZE (1024 * 1024)
#define MAX_MIRRORS 256
#define MAX_KEY_SIZE (1024 * 1024)
/* repomd.xml of a real repository is a few KiB; Amazon Linux 2's core
 * primary and filelists, some tens of MiB. */
#define MAX_REPOMD_SIZE (8 * 1024 * 1024)
#define MAX_METADATA_SIZE ((guint64) 1024 * 1024 * 1024)
/* Time: yum's `timeout` (30 s: connecting, and the time a transfer may stay
 * below `minrate`, 1000 B/s) per repository, and a whole repository in at
 * most four times its timeout, mirrors and retries included. */
#define CONNECT_SECONDS 30
#define LOW_SPEED_SECONDS 30
#define DOWNLOAD_SECONDS 120

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrHandle, lr_handle_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrResult, lr_result_free)

/* What one download may cost: bytes written, and time.  Checked by the
 * progress callbacks while the data streams (librepo calls them for every
 * chunk and about once a second while nothing arrives), so a hostile
 * server can neither fill the disk nor hold a run forever. */
typedef struct
{
  guint64 max_bytes;
  gint64 deadline;     /* monotonic, microseconds */
  const char *destdir; /* nullable: whose files count, for a repository */
  gint64 next_scan;
  char *why; /* set when the callback stopped the download */
} Bound;

static void
bound_init (Bound *bound, guint64 max_bytes, int seconds, const char *destdir)
{
  bound->max_bytes = max_bytes;
  bound->deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  bound->destdir = destdir;
  bound->next_scan = 0;
  bound->why = NULL;
}

/* The bytes of the regular files under @path (a download directory). */
static guint64
dir_size (const char *path, guint depth)
{
  g_autoptr (GDir) dir = depth < 4 ? g_dir_open (path, 0, NULL) : NULL;
  const char *name;
  guint64 size = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      struct stat st;

      if (lstat (child, &st) != 0)
        continue;
      if (S_ISREG (st.st_mode))
        size += (guint64) st.st_size;
      else if (S_ISDIR (st.st_mode))
        size += dir_size (child, depth + 1);
    }
  return size;
}

static int
bound_check (Bound *bound, double total, double done)
{
  gint64 now = g_get_monotonic_time ();

  if (bound->why != NULL)
    return LR_CB_ERROR;
  if (now > bound->deadline)
    bound->why = g_strdup ("the download took too long (a server that hangs or trickles); "
                           "try again later");
  else if (total > (double) bound->max_bytes || done > (double) bound->max_bytes)
    bound->why = g_strdup_printf ("the server sends more than %" G_GUINT64_FORMAT
                                  " bytes, more than such a file can be",
                                  bound->max_bytes);
  else if (bound->destdir != NULL && now >= bound->next_scan)
    {
      bound->next_scan = now + G_USEC_PER_SEC / 10;
      if (dir_size (bound->destdir, 0) > bound->max_bytes)
        bound->why = g_strdup_printf ("the server sends more than %" G_GUINT64_FORMAT
                                      " bytes, more than its metadata can be",
                                      bound->max_bytes);
    }
  return bound->why != NULL ? LR_CB_ERROR : LR_CB_OK;
}

typedef struct
{
  const ExtrasRepoConf *conf;
  const ExtrasMetadataOptions *options;
  char *bad_data; /* the first mirror that served data failing its checksum */
  Bound bound;
} ProgressData;

static int
progress_cb (void *clientp, double total, double done)
{
  ProgressData *data = clientp;

  if (data->options != NULL && data->options->progress != NULL)
    data->options->progress (data->conf->id, total, done, data->options->progress_data);
  return bound_check (&data->bound, total, done);
}

static int
target_progress_cb (void *clientp, double total, double done)
{
  return bound_check (clientp, total, done);
}

/* The local path of a file:// URL (file:///PATH or file://localhost/PATH),
 * else NULL. */
static char *
local_path (const char *url)
{
  const char *p;

  if (g_ascii_strncasecmp (url, "file://", 7) != 0)
    return NULL;
  p = url + 7;
  if (g_ascii_strncasecmp (p, "localhost/", 10) == 0)
    p += 9;
  if (*p != '/')
    return NULL;
  return g_uri_unescape_string (p, NULL);
}

/* curl opens a file:// URL with open(2): a FIFO blocks it forever, before
 * any progress callback could stop it.  So a local file must be a regular
 * file (or missing, which curl reports). */
static gboolean
check_local_file (const char *path, const char *shown, GError **error)
{
  struct stat st;

  if (stat (path, &st) != 0 || S_ISREG (st.st_mode))
    return TRUE;
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO,
               "%s: %s is not a regular file (a directory, FIFO, socket or device); move it away",
               shown, path);
  return FALSE;
}

static gboolean
check_local_url (const char *url, GError **error)
{
  g_autofree char *path = local_path (url);

  return path == NULL || check_local_file (path, url, error);
}

/* Every file of a local repository's repodata/ (what librepo may open) is a
 * regular file: checked before the download. */
static gboolean
check_local_repo (const ExtrasRepoConf *conf, const char *const *urls, GError **error)
{
  for (gsize i = 0; urls != NULL && urls[i] != NULL; i++)
    {
      g_autofree char *path = local_path (urls[i]);
      g_autofree char *repodata = NULL;
      g_autoptr (GDir) dir = NULL;
      g_autoptr (GError) local_error = NULL;
      const char *name;

      if (path == NULL)
        continue;
      repodata = g_build_filename (path, "repodata", NULL);
      dir = g_dir_open (repodata, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (repodata, name, NULL);
          struct stat st;

          if (stat (file, &st) == 0 && S_ISDIR (st.st_mode))
            continue;
          if (!check_local_file (file, urls[i], &local_error))
            {
              g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "Repository %s: %s",
                           conf->id, local_error->message);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Downloads @url into @fd, at most @max_bytes, in at most @seconds. */
static gboolean
download_bounded (LrHandle *h, const char *url, int fd, guint64 max_bytes, int seconds,
                  GError **error)
{
  Bound bound;
  LrDownloadTarget *target;
  g_autoptr (GError) local_error = NULL;
  gboolean ok;

  if (!check_local_url (url, error))
    return FALSE;
  bound_init (&bound, max_bytes, seconds, NULL);
  target = lr_downloadtarget_new (h, url, NULL, fd, NULL, NULL, 0, FALSE, target_progress_cb,
                                  &bound, NULL, NULL, NULL, 0, 0, NULL, FALSE, FALSE);
  ok = lr_download_target (target, &local_error);
  if (ok && target->rcode != LRE_OK)
    {
      ok = FALSE;
      g_set_error (&local_error, LR_DOWNLOADER_ERROR, target->rcode, "%s",
                   target->err != NULL ? target->err : "download failed");
    }
  lr_downloadtarget_free (target);
  if (!ok)
    {
      if (bound.why != NULL)
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK, "%s: %s", url, bound.why);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  g_free (bound.why);
  return ok;
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
      && error->domain != LR_REPOMD_ERROR && error->domain != LR_CHECKSUM_ERROR
      && error->domain != LR_XML_PARSER_ERROR && error->domain != LR_METALINK_ERROR)
    return FALSE;
  /* repomd.xml that is not one (garbage, empty, an HTML page) is bad data. */
  if (error->domain == LR_XML_PARSER_ERROR || error->domain == LR_REPOMD_ERROR)
    return TRUE;
  switch (error->code)
    {
    case LRE_BADCHECKSUM:
    case LRE_BADGPG:
    case LRE_GPGERROR:
    case LRE_REPOMDXML:
    case LRE_INCOMPLETEREPO:
    case LRE_XMLPARSER:
    case LRE_MLXML:
    case LRE_REPOMD:
      return TRUE;
    default:
      /* A target whose checksum does not match fails as a download error. */
      return strstr (error->message, "checksum") != NULL
             || strstr (error->message, "parser error") != NULL
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
      else if (!check_local_file (path, url, &local_error))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s: cannot read GPG key: %s", conf->id, local_error->message);
          return FALSE;
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

/* What this process knows of each mirrorlist host: a run over many topics
 * (validate, or install with several topics) offline asks the resolver once
 * per host, not once per topic, each time waiting for the lookup to fail.
 * Repositories download in threads (metadata.c): while a first request to a
 * host is out, the others to that host wait for its answer, then go ahead
 * all at once.  host -> HOST_* */
static GHashTable *host_states = NULL;
static GMutex host_lock;
static GCond host_cond;

enum
{
  HOST_ASKING = 1, /* a first request is out */
  HOST_ANSWERED,   /* it resolved: every request goes ahead */
  HOST_UNRESOLVED,
};

static char *
url_host (const char *url)
{
  return extras_url_dup_host (url);
}

static gboolean
download_mirrorlist (LrHandle *h, const char *url, int fd, int seconds, GError **error)
{
  g_autofree char *host = url_host (url);
  gboolean ok;
  int state = 0;

  if (host != NULL)
    {
      g_mutex_lock (&host_lock);
      if (host_states == NULL)
        host_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      while ((state = GPOINTER_TO_INT (g_hash_table_lookup (host_states, host))) == HOST_ASKING)
        g_cond_wait (&host_cond, &host_lock);
      if (state == 0)
        g_hash_table_replace (host_states, g_strdup (host), GINT_TO_POINTER (HOST_ASKING));
      g_mutex_unlock (&host_lock);
    }
  if (state == HOST_UNRESOLVED)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK,
                   "Could not resolve host: %s (already in this run)", host);
      return FALSE;
    }
  ok = download_bounded (h, url, fd, MAX_MIRRORLIST_SIZE, seconds, error);
  if (host != NULL && state == 0)
    {
      gboolean unresolved = !ok && strstr ((*error)->message, "resolve host") != NULL;

      g_mutex_lock (&host_lock);
      g_hash_table_replace (host_states, g_strdup (host),
                            GINT_TO_POINTER (unresolved ? HOST_UNRESOLVED : HOST_ANSWERED));
      g_cond_broadcast (&host_cond);
      g_mutex_unlock (&host_lock);
    }
  return ok;
}

/* The time one repository may take in all: four times its timeout. */
static int
repo_seconds (const ExtrasRepoConf *conf)
{
  return 4 * (conf->timeout > 0 ? conf->timeout : LOW_SPEED_SECONDS);
}

/* The mirrorlist is fetched here, bounded in size and time, because
 * librepo's own LRO_MIRRORLISTURL download has no size limit (an endless
 * mirrorlist once wrote 17 GB).  librepo parses it (lr_mirrorlist_parse_file:
 * comments and blank lines skipped, only lines with `://` or an absolute
 * path kept, as yum skips malformed URLs); its URLs, with yum's variables
 * substituted by the one rule the repo file's lines get
 * (extras_config_expand: librepo's LRO_VARSUB would be a second rule with
 * other edges) and a URL of the repomd standing for its repository (yum's
 * reading), join the baseurls. */
static GStrv
fetch_mirrorlist (LrHandle *h, const ExtrasRepoConf *conf, const ExtrasMetadataOptions *options,
                  const char *destdir, gboolean *out_is_metalink, GError **error)
{
  g_autofree char *path = g_build_filename (destdir, "mirrorlist", NULL);
  g_autofree char *data = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  LrMirrorlist *parsed;
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
  if (!download_mirrorlist (h, conf->mirrorlist, fd, repo_seconds (conf), &local_error))
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
  if (lseek (fd, 0, SEEK_SET) != 0
      || !extras_safe_read_fd (fd, path, MAX_MIRRORLIST_SIZE, &data, &len, &local_error))
    {
      close (fd);
      g_unlink (path);
      if (local_error != NULL && g_error_matches (local_error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE))
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                     "Repository %s: its mirrorlist %s is larger than %d bytes", conf->id,
                     conf->mirrorlist, MAX_MIRRORLIST_SIZE);
      else
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s: cannot read: %s", path,
                     local_error != NULL ? local_error->message : g_strerror (errno));
      return NULL;
    }
  /* A mirrorlist= that serves a metalink is read as one, as yum does. */
  if (strstr (data, "<metalink") != NULL)
    {
      close (fd);
      g_unlink (path);
      *out_is_metalink = TRUE;
      return NULL;
    }
  parsed = lr_mirrorlist_init ();
  if (lseek (fd, 0, SEEK_SET) != 0 || !lr_mirrorlist_parse_file (parsed, fd, &local_error))
    {
      close (fd);
      g_unlink (path);
      lr_mirrorlist_free (parsed);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                   "Repository %s: cannot read its mirrorlist %s: %s", conf->id, conf->mirrorlist,
                   local_error != NULL ? local_error->message : g_strerror (errno));
      return NULL;
    }
  close (fd);
  g_unlink (path);
  for (GSList *l = parsed->urls; l != NULL && urls->len < MAX_MIRRORS; l = l->next)
    {
      char *url = options != NULL && options->config != NULL
                      ? extras_config_expand (options->config, l->data)
                      : g_strdup (l->data);

      if (g_str_has_suffix (url, "/repodata/repomd.xml"))
        url[strlen (url) - strlen ("repodata/repomd.xml")] = '\0';
      g_ptr_array_add (urls, url);
    }
  lr_mirrorlist_free (parsed);
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
  ProgressData pdata = { conf, options, NULL, { 0 } };
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
  lr_handle_setopt (h, NULL, LRO_CONNECTTIMEOUT, (long) MIN (conf->timeout, CONNECT_SECONDS));
  lr_handle_setopt (h, NULL, LRO_LOWSPEEDTIME, (long) conf->timeout);
  lr_handle_setopt (h, NULL, LRO_LOWSPEEDLIMIT, (long) conf->minrate);
  /* repomd.xml alone, or with the metadata it lists (whose sizes librepo
   * checks against the repomd's); the time counts from here, mirrorlist
   * included. */
  bound_init (&pdata.bound, dlist[0] == NULL ? MAX_REPOMD_SIZE : MAX_METADATA_SIZE,
              repo_seconds (conf), destdir);
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
  if (!check_local_repo (conf,
                         mirrors != NULL ? (const char *const *) mirrors
                                         : (const char *const *) conf->baseurls,
                         error)
      || (conf->metalink != NULL && !check_local_url (conf->metalink, error)))
    return FALSE;
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
      if (pdata.bound.why != NULL)
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK, "%s", pdata.bound.why);
      else if (bad_data != NULL)
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "%s", bad_data);
      else
        g_set_error (error, EXTRAS_ERROR,
                     is_integrity_error (local_error) ? EXTRAS_ERROR_METADATA
                                                      : EXTRAS_ERROR_NETWORK,
                     "%s", local_error->message);
      if (gpgdir != NULL)
        extras_rm_rf (gpgdir);
      g_free (pdata.bound.why);
      return FALSE;
    }
  g_free (pdata.bad_data);
  g_free (pdata.bound.why);
  if (gpgdir != NULL)
    extras_rm_rf (gpgdir);
  return TRUE;
}

static gboolean
download_url (const char *url, int fd, guint64 max_bytes, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (LrHandle) h = lr_handle_init ();

  lr_handle_setopt (h, NULL, LRO_USERAGENT, "extrasolv/0.1");
  lr_handle_setopt (h, NULL, LRO_CONNECTTIMEOUT, (long) CONNECT_SECONDS);
  lr_handle_setopt (h, NULL, LRO_LOWSPEEDTIME, (long) LOW_SPEED_SECONDS);
  if (download_bounded (h, url, fd, max_bytes, DOWNLOAD_SECONDS, &local_error))
    return TRUE;
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK, "%s", local_error->message);
  return FALSE;
}

/* A private gpg home outside any tree (gpg runs in processes of its own,
 * which must be given a real path), resolved so that its removal (which
 * follows no symlink) finds it. */
static char *
make_gpg_home (GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *made = g_dir_make_tmp ("extrasolv-gpg-XXXXXX", &local_error);
  char *resolved;

  if (made == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  resolved = realpath (made, NULL);
  return resolved != NULL ? resolved : g_steal_pointer (&made);
}

static gboolean
verify_signature (const char *key, gsize key_len, int data_fd, int sig_fd, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *gpgdir = make_gpg_home (error);
  g_autofree char *key_path = NULL;
  gboolean ok;

  if (gpgdir == NULL)
    return FALSE;
  key_path = g_build_filename (gpgdir, "catalog.key", NULL);
  if (!g_file_set_contents (key_path, key, (gssize) key_len, &local_error))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s", local_error->message);
      extras_rm_rf (gpgdir);
      return FALSE;
    }
  ok = lr_gpg_import_key (key_path, gpgdir, &local_error);
  if (!ok)
    g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "the key cannot be imported: %s",
                 local_error->message);
  else
    {
      ok = lr_gpg_check_signature_fd (sig_fd, data_fd, gpgdir, &local_error);
      if (!ok)
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "%s", local_error->message);
    }
  extras_rm_rf (gpgdir);
  return ok;
}

static const ExtrasDownloader downloader = {
  .repo = download_repo,
  .url = download_url,
  .verify = verify_signature,
};

const ExtrasDownloader *
extras_download_module_get (void)
{
  /* Called once, from the main thread (download-loader.c), before any
   * download thread: the libraries whose first use is not thread-safe are
   * initialised here (curl's global state, gpgme's subsystems, libxml2's
   * parser). */
  lr_global_init ();
#ifdef HAVE_GPGME
  gpgme_check_version (NULL);
#endif
#ifdef HAVE_LIBXML2
  xmlInitParser ();
#endif
  return &downloader;
}
