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

/* What the network gave for one repository: a download directory in the
 * cache holding repomd.xml, and its primary unless the repomd is the one the
 * cache was made from. */
typedef struct
{
  char *tmp_name; /* the download directory (NULL: none made) */
  ExtrasCacheDir tmp;
  char *key;              /* the key of the downloaded repomd (NULL: none) */
  gboolean repomd_ok;     /* repomd.xml came, verified */
  gboolean cache_current; /* ... and it is the cache's: no primary fetched */
  GError *error;          /* the download's failure */
  GError *fatal;          /* no download directory */
} Fetched;

static void
fetched_free (Fetched *f, int cache_fd)
{
  if (f == NULL)
    return;
  if (f->tmp_name != NULL && cache_fd >= 0)
    extras_rm_rf_at (cache_fd, f->tmp_name);
  g_free (f->tmp_name);
  extras_cache_dir_clear (&f->tmp);
  g_free (f->key);
  g_clear_error (&f->error);
  g_clear_error (&f->fatal);
  g_free (f);
}

/* The network part of a load: no pool is touched, so that the downloads of
 * several repositories run at once (extras_metadata_prefetch()). */
static Fetched *
fetch_repo (const ExtrasRepoConf *conf, int cache_fd, const char *cache_root,
            const char *cached_key, gboolean primary_anyway, const ExtrasMetadataOptions *options)
{
  Fetched *f = g_new0 (Fetched, 1);
  const ExtrasDownloader *downloader;
  const char *only_repomd[] = { NULL };
  const char *with_primary[] = { "primary", NULL };
  const char *root = options != NULL ? options->root : NULL;

  f->tmp.fd = -1;
  if (!extras_metadata_make_tmp_dir (cache_fd, cache_root, conf->id, "", &f->tmp_name, &f->tmp,
                                     &f->fatal))
    return f;
  /* First the repomd alone: when it is the one the cache was made from, the
   * cache is current and the primary need not travel again. */
  downloader = extras_downloader_get (&f->error);
  if (downloader != NULL
      && downloader->repo (conf, root, f->tmp.path, only_repomd, options, &f->error))
    {
      g_autofree char *new_repomd = g_build_filename (f->tmp.path, "repodata", "repomd.xml", NULL);
      g_autofree char *checksum = extras_metadata_file_checksum (new_repomd);

      f->repomd_ok = TRUE;
      f->key = checksum != NULL ? extras_metadata_make_key (checksum) : NULL;
      if (!primary_anyway && f->key != NULL && cached_key != NULL
          && strcmp (f->key, cached_key) == 0)
        {
          f->cache_current = TRUE;
          return f;
        }
      extras_rm_rf_contents (f->tmp.fd);
      downloader->repo (conf, root, f->tmp.path, with_primary, options, &f->error);
    }
  return f;
}

/* ---- several repositories at once ---- */

struct _ExtrasPrefetch
{
  int cache_fd;
  GHashTable *fetched; /* repository id -> Fetched */
  GMutex lock;
  GMutex progress_lock;
  char *progress_owner;                 /* the download the progress shows */
  GHashTable *progress_seen;            /* downloads that reported progress */
  GPtrArray *progress_done;             /* over while another was shown */
  const ExtrasMetadataOptions *options; /* the caller's */
  ExtrasMetadataOptions thread_options; /* the progress through progress_locked() */
  char *cache_root;
};

typedef struct
{
  const ExtrasRepoConf *conf;
  char *cached_key;
} PrefetchJob;

/* Repositories download at once, the terminal shows one line per download,
 * redrawn in place: the first download that reports owns the line and is drawn
 * live until it is over; the others' reports meanwhile are held back, and each
 * of them that is over by then is drawn once, complete, when the line is free
 * (progress_finish()).  Interleaved live lines would break at every switch. */
static void
progress_locked (const char *what, double total, double done, gpointer user_data)
{
  ExtrasPrefetch *prefetch = user_data;

  g_mutex_lock (&prefetch->progress_lock);
  g_hash_table_add (prefetch->progress_seen, g_strdup (what));
  if (prefetch->progress_owner == NULL)
    prefetch->progress_owner = g_strdup (what);
  if (g_strcmp0 (prefetch->progress_owner, what) == 0)
    prefetch->options->progress (what, total, done, prefetch->options->progress_data);
  g_mutex_unlock (&prefetch->progress_lock);
}

/* @id's download is over (@ok: it succeeded): frees the line if it owned it
 * (or nobody did) and draws, complete, every download that succeeded meanwhile
 * (a failed one's line is its error, said when it is loaded). */
static void
progress_finish (ExtrasPrefetch *prefetch, const char *id, gboolean ok)
{
  if (prefetch->options == NULL || prefetch->options->progress == NULL)
    return;
  g_mutex_lock (&prefetch->progress_lock);
  if (g_hash_table_contains (prefetch->progress_seen, id))
    {
      if (ok && (prefetch->progress_owner == NULL || g_strcmp0 (prefetch->progress_owner, id) != 0))
        g_ptr_array_add (prefetch->progress_done, g_strdup (id));
      if (prefetch->progress_owner == NULL || g_strcmp0 (prefetch->progress_owner, id) == 0)
        {
          g_clear_pointer (&prefetch->progress_owner, g_free);
          for (guint i = 0; i < prefetch->progress_done->len; i++)
            prefetch->options->progress (prefetch->progress_done->pdata[i], 1.0, 1.0,
                                         prefetch->options->progress_data);
          g_ptr_array_set_size (prefetch->progress_done, 0);
        }
    }
  g_mutex_unlock (&prefetch->progress_lock);
}

static void
prefetch_one (gpointer data, gpointer user_data)
{
  PrefetchJob *job = data;
  ExtrasPrefetch *prefetch = user_data;
  Fetched *f = fetch_repo (job->conf, prefetch->cache_fd, prefetch->cache_root, job->cached_key,
                           FALSE, &prefetch->thread_options);

  g_mutex_lock (&prefetch->lock);
  g_hash_table_replace (prefetch->fetched, g_strdup (job->conf->id), f);
  g_mutex_unlock (&prefetch->lock);
  progress_finish (prefetch, job->conf->id, f->error == NULL && f->fatal == NULL);
  g_free (job->cached_key);
  g_free (job);
}

/* At most this many repositories download at once (dnf: max_parallel_downloads, 3;
 * each of ours is one small repomd, then one primary). */
#define MAX_PARALLEL_REPOS 8

/* The downloads of one prefetch: each worker takes the next job until none is left. */
typedef struct
{
  GPtrArray *jobs;
  ExtrasPrefetch *prefetch;
  gint next;
} PrefetchWorkers;

static gpointer
prefetch_worker (gpointer data)
{
  PrefetchWorkers *workers = data;

  for (;;)
    {
      gint i = g_atomic_int_add (&workers->next, 1);

      if (i < 0 || (guint) i >= workers->jobs->len)
        return NULL;
      prefetch_one (workers->jobs->pdata[i], workers->prefetch);
    }
}

ExtrasPrefetch *
extras_metadata_prefetch (GPtrArray *confs, const char *cache_root,
                          const ExtrasMetadataOptions *options)
{
  g_autoptr (GPtrArray) jobs = g_ptr_array_new ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  PrefetchWorkers workers = { NULL, NULL, 0 };
  ExtrasPrefetch *prefetch;
  int cache_fd;

  if (options != NULL && options->offline)
    return NULL;
  cache_fd = extras_safe_open_dir (cache_root, EXTRAS_SAFE_MKDIR, NULL);
  if (cache_fd < 0)
    return NULL;
  extras_metadata_remove_stale_downloads (cache_fd);
  for (guint i = 0; i < confs->len; i++)
    {
      const ExtrasRepoConf *conf = confs->pdata[i];
      g_auto (ExtrasCacheDir) cache = { -1, NULL };
      PrefetchJob *job;

      if (!extras_repo_id_is_valid (conf->id))
        continue;
      if (extras_metadata_open_repo_cache (cache_fd, conf->id, &cache)
          && extras_metadata_cache_is_fresh (conf, cache.path))
        continue;
      job = g_new0 (PrefetchJob, 1);
      job->conf = conf;
      if (cache.fd >= 0)
        {
          g_autofree char *key_path = g_build_filename (cache.path, KEY_NAME, NULL);
          job->cached_key = extras_metadata_read_key (key_path);
        }
      g_ptr_array_add (jobs, job);
    }
  /* One repository is downloaded when it is loaded, as without this. */
  if (jobs->len < 2 || extras_downloader_get (&local_error) == NULL)
    {
      for (guint i = 0; i < jobs->len; i++)
        {
          PrefetchJob *job = jobs->pdata[i];
          g_free (job->cached_key);
          g_free (job);
        }
      close (cache_fd);
      return NULL;
    }

  prefetch = g_new0 (ExtrasPrefetch, 1);
  prefetch->cache_fd = cache_fd;
  prefetch->cache_root = g_strdup (cache_root);
  prefetch->fetched = g_hash_table_new (g_str_hash, g_str_equal);
  g_mutex_init (&prefetch->lock);
  g_mutex_init (&prefetch->progress_lock);
  prefetch->progress_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  prefetch->progress_done = g_ptr_array_new_with_free_func (g_free);
  prefetch->options = options;
  if (options != NULL)
    prefetch->thread_options = *options;
  if (options != NULL && options->progress != NULL)
    {
      prefetch->thread_options.progress = progress_locked;
      prefetch->thread_options.progress_data = prefetch;
    }
  /* Threads of our own, every one joined before this returns: a GThreadPool keeps its idle
   * workers alive after g_thread_pool_free (), and a process that exits with them (one
   * command does) is one LeakSanitizer cannot stop, which fails the run.  The calling
   * thread is one of the workers; a thread that cannot be made leaves its share to the
   * others. */
  workers.jobs = jobs;
  workers.prefetch = prefetch;
  for (guint i = 1; i < MIN (jobs->len, MAX_PARALLEL_REPOS); i++)
    {
      g_autoptr (GError) thread_error = NULL;
      GThread *thread = g_thread_try_new ("extras-fetch", prefetch_worker, &workers, &thread_error);

      if (thread == NULL)
        {
          g_debug ("fewer parallel downloads: %s", thread_error->message);
          break;
        }
      g_ptr_array_add (threads, thread);
    }
  prefetch_worker (&workers);
  /* Waits for every download: each is bounded in time (download.c). */
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
  return prefetch;
}

/* Takes what was fetched for @id, if anything. */
static Fetched *
prefetch_steal (ExtrasPrefetch *prefetch, const char *id)
{
  gpointer key = NULL;
  gpointer value = NULL;

  if (prefetch == NULL || !g_hash_table_lookup_extended (prefetch->fetched, id, &key, &value))
    return NULL;
  g_hash_table_steal (prefetch->fetched, id);
  g_free (key);
  return value;
}

void
extras_prefetch_free (ExtrasPrefetch *prefetch)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (prefetch == NULL)
    return;
  /* What no load used (a load that stopped early) is not left behind. */
  g_hash_table_iter_init (&iter, prefetch->fetched);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      fetched_free (value, prefetch->cache_fd);
      g_free (key);
    }
  g_hash_table_unref (prefetch->fetched);
  g_mutex_clear (&prefetch->lock);
  g_mutex_clear (&prefetch->progress_lock);
  g_free (prefetch->progress_owner);
  g_hash_table_unref (prefetch->progress_seen);
  g_ptr_array_unref (prefetch->progress_done);
  close (prefetch->cache_fd);
  g_free (prefetch->cache_root);
  g_free (prefetch);
}

Repo *
extras_metadata_load_repo (Pool *pool, const ExtrasRepoConf *conf, const char *cache_root,
                           const ExtrasMetadataOptions *options, char **out_warning, GError **error)
{
  g_auto (ExtrasCacheDir) cache = { -1, NULL };
  g_autofree char *old_name = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *cached_key = NULL;
  g_autofree char *key = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *repomd_path = NULL;
  g_autofree char *primary_path = NULL;
  Fetched *f = NULL;
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

  /* What a parallel download fetched already (extras_metadata_prefetch()). */
  f = prefetch_steal (options != NULL ? options->prefetch : NULL, conf->id);

  /* A cache within metadata_expire is used as it is: no network at all. */
  if (f == NULL && cache.fd >= 0
      && ((options != NULL && options->offline)
          || extras_metadata_cache_is_fresh (conf, cache.path))
      && load_cache (repo, conf, cache.path))
    goto done;

  if (f == NULL)
    {
      cached_key = key_path != NULL ? extras_metadata_read_key (key_path) : NULL;
      f = fetch_repo (conf, cache_fd, cache_root, cached_key, FALSE, options);
    }
  if (f->fatal != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&f->fatal));
      repo_free (repo, 1);
      repo = NULL;
      goto done;
    }
  if (f->cache_current)
    {
      if (cache.fd >= 0 && load_cache (repo, conf, cache.path))
        {
          extras_metadata_touch (key_path);
          goto done;
        }
      /* The cache that matched cannot be read: its primary after all. */
      fetched_free (f, cache_fd);
      f = fetch_repo (conf, cache_fd, cache_root, NULL, TRUE, options);
      if (f->fatal != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&f->fatal));
          repo_free (repo, 1);
          repo = NULL;
          goto done;
        }
    }

  if (f->error != NULL)
    {
      /* The server gave the repomd but not a primary that matches it: the
       * data is bad (librepo reports a checksum mismatch as a failed download). */
      if (g_error_matches (f->error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA) || f->repomd_ok)
        {
          /* Bad data is never replaced by the cache silently: it may be an attack. */
          repo_free (repo, 1);
          repo = NULL;
          extras_metadata_set_verification_error (error, conf, f->error);
          goto done;
        }
      if (cache.fd >= 0 && load_cache (repo, conf, cache.path))
        {
          if (out_warning != NULL)
            *out_warning = g_strdup_printf (
                "Repository %s is not reachable at %s (%s); using its cached metadata.", conf->id,
                extras_metadata_first_url (conf), f->error->message);
          goto done;
        }
      repo_free (repo, 1);
      repo = NULL;
      if (conf->skip_if_unavailable)
        {
          if (out_warning != NULL)
            *out_warning
                = g_strdup_printf ("Repository %s is not reachable at %s (%s); skipping it.",
                                   conf->id, extras_metadata_first_url (conf), f->error->message);
          goto done;
        }
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK,
                   "Repository %s is not reachable at %s: %s", conf->id,
                   extras_metadata_first_url (conf), f->error->message);
      goto done;
    }

  /* Verified data in the download directory: it becomes the cache. */
  repomd_path = g_build_filename (f->tmp.path, "repodata", "repomd.xml", NULL);
  primary_path = extras_metadata_find_primary (f->tmp.path);
  if (!parse_xml (repo, conf, repomd_path, primary_path, error))
    {
      repo_free (repo, 1);
      repo = NULL;
      goto done;
    }
  checksum = extras_metadata_file_checksum (repomd_path);
  key = extras_metadata_make_key (checksum != NULL ? checksum : "");
  old_name = g_strdup_printf (".%s-old", conf->id);
  extras_rm_rf_at (cache_fd, old_name);
  extras_cache_dir_clear (&cache);
  if (renameat (cache_fd, conf->id, cache_fd, old_name) != 0 && errno != ENOENT)
    g_debug ("cannot move %s/%s away: %s", cache_root, conf->id, g_strerror (errno));
  if (renameat (cache_fd, f->tmp_name, cache_fd, conf->id) != 0)
    g_debug ("cannot keep %s/%s: %s", cache_root, conf->id, g_strerror (errno));
  else
    {
      g_autoptr (GError) local_error = NULL;

      /* Readable by all, as dnf's cache, whatever the umask. */
      extras_chmod_tree (f->tmp.fd, 0);
      g_clear_pointer (&f->tmp_name, g_free);
      if (!extras_metadata_write_solv (repo, f->tmp.path, key, &local_error))
        extras_metadata_note_cache_failure (local_error);
    }
  extras_rm_rf_at (cache_fd, old_name);

done:
  fetched_free (f, cache_fd);
  close_fd (&cache_fd);
  return repo;
}
