/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Repository metadata: downloads (download.c, librepo: checksums always
 * verified, repomd signature when repo_gpgcheck), and one .solv cache per
 * repository keyed by the repomd checksum and libsolv's tool version, so a
 * warm run parses no XML and loads no librepo. */
#include "resolve-private.h"
#include "solvcache.h"
#include "backend.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <solv/repo_solv.h>
#include <solv/repo_write.h>

#define SOLV_NAME "packages.solv"
#define FILELISTS_SOLV_NAME "filelists.solv"
#define KEY_NAME "repomd.key"

/* The first failed cache write of this process, for one warning: without
 * its cache every run parses the repository's XML again. */
static char *cache_warning = NULL;
static gboolean cache_warned = FALSE;

static void
note_cache_failure (const GError *error)
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
static char *
make_key (const char *repomd_checksum)
{
  return g_strdup_printf ("%s %s", repomd_checksum, solv_toolversion);
}

/* repomd.xml is small; a larger one is not metadata this tool reads. */
#define MAX_REPOMD_SIZE (16 * 1024 * 1024)
#define MAX_KEY_SIZE 4096

/* The sha256 of the file @path (the last component is not followed). */
static char *
file_checksum (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  int fd
      = extras_safe_openat_file (AT_FDCWD, path, path, O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, NULL);
  gboolean ok;

  if (fd < 0)
    return NULL;
  ok = extras_safe_read_fd (fd, path, MAX_REPOMD_SIZE, &data, &len, NULL);
  close (fd);
  return ok ? g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len) : NULL;
}

/* The key file @path, or NULL; never through a symlink. */
static char *
read_key (const char *path)
{
  g_autofree char *data = NULL;
  int fd
      = extras_safe_openat_file (AT_FDCWD, path, path, O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, NULL);
  gboolean ok;

  if (fd < 0)
    return NULL;
  ok = extras_safe_read_fd (fd, path, MAX_KEY_SIZE, &data, NULL, NULL);
  close (fd);
  return ok ? g_steal_pointer (&data) : NULL;
}

/* Opens @path, a file of a cache directory, for libsolv; never a symlink. */
static FILE *
open_cache_file (const ExtrasBackend *backend, const char *path, gboolean compressed)
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

static const char *
first_url (const ExtrasRepoConf *conf)
{
  if (conf->baseurls[0] != NULL)
    return conf->baseurls[0];
  if (conf->mirrorlist != NULL)
    return conf->mirrorlist;
  return conf->metalink != NULL ? conf->metalink : "(no URL)";
}

static gboolean
write_solv (Repo *repo, const char *dir, const char *key, GError **error)
{
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);

  g_autofree char *path = g_build_filename (dir, SOLV_NAME, NULL);

  if (!extras_solv_cache_write (repo, path, key, 0, error))
    return FALSE;
  return extras_solv_cache_write_file (key_path, key, strlen (key), error);
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
  repomd = open_cache_file (backend, repomd_path, FALSE);
  if (repomd == NULL || backend->add_repomdxml (repo, repomd, 0) != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "Repository %s: bad %s: %s",
                   conf->id, repomd_path, pool_errstr (repo->pool));
      return FALSE;
    }
  primary = primary_path != NULL ? open_cache_file (backend, primary_path, TRUE) : NULL;
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

/* The metadata file of @type (`primary`, `filelists`) under @dir/repodata. */
static char *
find_md (const char *dir, const char *type)
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

static char *
find_primary (const char *dir)
{
  return find_md (dir, "primary");
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

  if ((key = read_key (key_path)) != NULL && extras_solv_cache_read (repo, solv, key, 0))
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
    note_cache_failure (error);
  return TRUE;
}

static gboolean
cache_is_fresh (const ExtrasRepoConf *conf, const char *dir)
{
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);
  struct stat st;

  if (fstatat (AT_FDCWD, key_path, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  if (conf->metadata_expire < 0)
    return TRUE;
  return (gint64) st.st_mtime + conf->metadata_expire > (gint64) time (NULL);
}

static void
touch (const char *path)
{
  utimensat (AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);
}

/* A directory of the cache held open: @path reaches it through its
 * descriptor (extras_fd_dup_path), whatever is renamed meanwhile. */
typedef struct
{
  int fd;
  char *path;
} CacheDir;

static void
cache_dir_clear (CacheDir *dir)
{
  if (dir->fd >= 0)
    close (dir->fd);
  dir->fd = -1;
  g_clear_pointer (&dir->path, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CacheDir, cache_dir_clear)

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static gboolean
cache_dir_set (CacheDir *dir, int fd)
{
  cache_dir_clear (dir);
  dir->fd = fd;
  dir->path = fd >= 0 ? extras_fd_dup_path (fd) : NULL;
  return fd >= 0;
}

/* The cache directory of @id in @cache_fd.  Anything else of that name (a
 * symlink, a file, a directory that another user made) is no cache of ours:
 * it is removed, without following it. */
static gboolean
open_repo_cache (int cache_fd, const char *id, CacheDir *out)
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

/* Whether @name is one of make_tmp_dir()'s (`.ID-XXXXXX`, `.ID-filelists-XXXXXX`)
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
static void
remove_stale_downloads (int cache_fd)
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
static gboolean
make_tmp_dir (int cache_fd, const char *cache_root, const char *id, const char *what,
              char **out_name, CacheDir *out, GError **error)
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

Repo *
extras_metadata_load_repo (Pool *pool, const ExtrasRepoConf *conf, const char *cache_root,
                           const ExtrasMetadataOptions *options, char **out_warning, GError **error)
{
  g_auto (CacheDir) cache = { -1, NULL };
  g_auto (CacheDir) tmp = { -1, NULL };
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
  remove_stale_downloads (cache_fd);
  repo = repo_create (pool, conf->id);
  if (open_repo_cache (cache_fd, conf->id, &cache))
    key_path = g_build_filename (cache.path, KEY_NAME, NULL);

  /* A cache within metadata_expire is used as it is: no network at all. */
  if (cache.fd >= 0 && ((options != NULL && options->offline) || cache_is_fresh (conf, cache.path))
      && load_cache (repo, conf, cache.path))
    goto done;

  if (!make_tmp_dir (cache_fd, cache_root, conf->id, "", &tmp_name, &tmp, error))
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

      checksum = file_checksum (new_repomd);
      key = checksum != NULL ? make_key (checksum) : NULL;
      if (key != NULL && key_path != NULL && (cached_key = read_key (key_path)) != NULL
          && strcmp (key, cached_key) == 0 && load_cache (repo, conf, cache.path))
        {
          touch (key_path);
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
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s (%s): its metadata failed verification (checksum or "
                       "signature): %s",
                       conf->id, first_url (conf), local_error->message);
          goto done;
        }
      if (cache.fd >= 0 && load_cache (repo, conf, cache.path))
        {
          if (out_warning != NULL)
            *out_warning = g_strdup_printf (
                "Repository %s is not reachable at %s (%s); using its cached metadata.", conf->id,
                first_url (conf), local_error->message);
          goto done;
        }
      repo_free (repo, 1);
      repo = NULL;
      if (conf->skip_if_unavailable)
        {
          if (out_warning != NULL)
            *out_warning
                = g_strdup_printf ("Repository %s is not reachable at %s (%s); skipping it.",
                                   conf->id, first_url (conf), local_error->message);
          goto done;
        }
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK,
                   "Repository %s is not reachable at %s: %s", conf->id, first_url (conf),
                   local_error->message);
      goto done;
    }

  /* Verified data in @tmp: it becomes the cache. */
  repomd_path = g_build_filename (tmp.path, "repodata", "repomd.xml", NULL);
  primary_path = find_primary (tmp.path);
  if (!parse_xml (repo, conf, repomd_path, primary_path, error))
    {
      repo_free (repo, 1);
      repo = NULL;
      goto done;
    }
  g_free (checksum);
  checksum = file_checksum (repomd_path);
  g_free (key);
  key = make_key (checksum != NULL ? checksum : "");
  old_name = g_strdup_printf (".%s-old", conf->id);
  extras_rm_rf_at (cache_fd, old_name);
  cache_dir_clear (&cache);
  if (renameat (cache_fd, conf->id, cache_fd, old_name) != 0 && errno != ENOENT)
    g_debug ("cannot move %s/%s away: %s", cache_root, conf->id, g_strerror (errno));
  if (renameat (cache_fd, tmp_name, cache_fd, conf->id) != 0)
    g_debug ("cannot keep %s/%s: %s", cache_root, conf->id, g_strerror (errno));
  else
    {
      /* Readable by all, as dnf's cache, whatever the umask. */
      extras_chmod_tree (tmp.fd, 0);
      g_clear_pointer (&tmp_name, g_free);
      if (!write_solv (repo, tmp.path, key, &local_error))
        note_cache_failure (local_error);
    }
  extras_rm_rf_at (cache_fd, old_name);

done:
  if (tmp_name != NULL)
    extras_rm_rf_at (cache_fd, tmp_name);
  close_fd (&cache_fd);
  return repo;
}

/* ---- file lists, only when a file dependency needs them ---- */

static gboolean
is_file_dep (Pool *pool, Id dep)
{
  return !ISRELDEP (dep) && pool_id2str (pool, dep)[0] == '/';
}

/* The file names that @dep needs, also inside rich dependencies. */
static void
collect_file_deps (Pool *pool, Id dep, GHashTable *out)
{
  while (ISRELDEP (dep))
    {
      Reldep *rd = GETRELDEP (pool, dep);

      switch (rd->flags)
        {
        case REL_AND:
        case REL_OR:
        case REL_WITH:
        case REL_WITHOUT:
        case REL_COND:
        case REL_UNLESS:
        case REL_ELSE:
          collect_file_deps (pool, rd->evr, out);
          dep = rd->name;
          break;
        case REL_NAMESPACE:
          return;
        default:
          dep = rd->name; /* `/path >= 1`: the name is the file */
          break;
        }
    }
  if (is_file_dep (pool, dep))
    g_hash_table_add (out, GINT_TO_POINTER (dep));
}

static void
collect_deps_of (Pool *pool, Repo *repo, Offset offset, GHashTable *out)
{
  Id *dp;

  if (offset == 0)
    return;
  for (dp = repo->idarraydata + offset; *dp != 0; dp++)
    if (*dp != SOLVABLE_PREREQMARKER && *dp != SOLVABLE_FILEMARKER)
      collect_file_deps (pool, *dp, out);
}

static gboolean
is_considered (Pool *pool, Id p)
{
  return pool->considered == NULL || MAPTST (pool->considered, p);
}

/* The file dependencies of considered packages that no considered package
 * provides (whatprovides must be current). */
static GPtrArray *
unprovided_files (Pool *pool)
{
  g_autoptr (GHashTable) files = g_hash_table_new (NULL, NULL);
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  Id p;

  FOR_POOL_SOLVABLES (p)
  {
    Solvable *s = pool->solvables + p;

    /* Installed packages had their dependencies checked by rpm; an update of
     * one comes from a repository and is looked at there. */
    if (s->repo == pool->installed || !is_considered (pool, p))
      continue;
    /* What the solver acts on: not suggests or enhances. */
    collect_deps_of (pool, s->repo, s->requires, files);
    collect_deps_of (pool, s->repo, s->conflicts, files);
    collect_deps_of (pool, s->repo, s->recommends, files);
    collect_deps_of (pool, s->repo, s->supplements, files);
  }
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Id file = GPOINTER_TO_INT (key), q, qq;
      gboolean provided = FALSE;

      FOR_PROVIDES (q, qq, file)
      if (is_considered (pool, q))
        provided = TRUE;
      if (!provided)
        g_ptr_array_add (out, key);
    }
  return out;
}

static gboolean
repo_has_considered (Pool *pool, Repo *repo)
{
  Id p;
  Solvable *s;

  FOR_REPO_SOLVABLES (repo, p, s)
  if (is_considered (pool, p))
    return TRUE;
  return FALSE;
}

/* Adds the file lists of @path (XML) to @repo's solvables; returns the new
 * repodata's id, or 0. */
static int
parse_filelists (Repo *repo, const ExtrasRepoConf *conf, const char *path, GError **error)
{
  const ExtrasBackend *backend = extras_backend_get (error);
  FILE *fp = backend != NULL ? open_cache_file (backend, path, TRUE) : NULL;
  int ret;

  if (backend == NULL)
    return 0;
  if (fp == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "Repository %s: cannot read %s",
                   conf->id, path);
      return 0;
    }
  /* Matched to the primary's packages by their pkgid. */
  ret = backend->add_rpmmd (repo, fp, REPO_EXTEND_SOLVABLES);
  fclose (fp);
  if (ret != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "Repository %s: bad %s: %s",
                   conf->id, path, pool_errstr (repo->pool));
      return 0;
    }
  return repo->nrepodata - 1;
}

/* The file lists of one repository: the cache made for the repomd its
 * packages came from, else the cached XML, else downloaded. */
static gboolean
load_filelists (Repo *repo, const ExtrasRepoConf *conf, int cache_fd, const char *cache_root,
                const ExtrasMetadataOptions *options, GPtrArray *warnings, GError **error)
{
  g_auto (CacheDir) cache = { -1, NULL };
  g_auto (CacheDir) tmp = { -1, NULL };
  g_autofree char *tmp_name = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *solv = NULL;
  g_autofree char *key = NULL;
  g_autofree char *cached_xml = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *new_repomd = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *new_key = NULL;
  g_autoptr (GError) local_error = NULL;
  const ExtrasDownloader *downloader = NULL;
  const char *only_filelists[] = { "filelists", NULL };
  const char *root = options != NULL ? options->root : NULL;
  gboolean ok = TRUE;
  int repodata_id;

  /* The key of the packages in @repo: its repomd's. */
  if (open_repo_cache (cache_fd, conf->id, &cache))
    {
      key_path = g_build_filename (cache.path, KEY_NAME, NULL);
      solv = g_build_filename (cache.path, FILELISTS_SOLV_NAME, NULL);
      key = read_key (key_path);
    }
  if (key != NULL
      && extras_solv_cache_read (repo, solv, key, REPO_EXTEND_SOLVABLES | REPO_LOCALPOOL))
    return TRUE;
  if (key != NULL && (cached_xml = find_md (cache.path, "filelists")) != NULL)
    {
      g_autofree char *repomd = g_build_filename (cache.path, "repodata", "repomd.xml", NULL);
      g_autofree char *cached_checksum = file_checksum (repomd);
      g_autofree char *cached_key = cached_checksum != NULL ? make_key (cached_checksum) : NULL;

      if (g_strcmp0 (cached_key, key) == 0
          && (repodata_id = parse_filelists (repo, conf, cached_xml, NULL)) != 0)
        {
          if (!extras_solv_cache_write (repo, solv, key, repodata_id, &local_error))
            note_cache_failure (local_error);
          return TRUE;
        }
    }
  if (options != NULL && options->offline)
    {
      g_ptr_array_add (warnings, g_strdup_printf ("Repository %s: its file lists are not cached; "
                                                  "file dependencies on it may fail.",
                                                  conf->id));
      return TRUE;
    }

  if (!make_tmp_dir (cache_fd, cache_root, conf->id, "-filelists", &tmp_name, &tmp, error))
    return FALSE;
  if ((downloader = extras_downloader_get (&local_error)) == NULL
      || !downloader->repo (conf, root, tmp.path, only_filelists, options, &local_error))
    {
      if (g_error_matches (local_error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s (%s): its metadata failed verification (checksum or "
                       "signature): %s",
                       conf->id, first_url (conf), local_error->message);
          ok = FALSE;
        }
      else
        g_ptr_array_add (warnings,
                         g_strdup_printf ("Repository %s: cannot download its file lists from %s "
                                          "(%s); file dependencies on it may fail.",
                                          conf->id, first_url (conf), local_error->message));
      goto done;
    }
  xml = find_md (tmp.path, "filelists");
  /* A repository without file lists: nothing more to know. */
  if (xml == NULL)
    goto done;
  repodata_id = parse_filelists (repo, conf, xml, error);
  if (repodata_id == 0)
    {
      ok = FALSE;
      goto done;
    }
  /* Cached only when made for the same repomd as the packages: a repository
   * that changed since its primary was read gets a new primary next time. */
  new_repomd = g_build_filename (tmp.path, "repodata", "repomd.xml", NULL);
  checksum = file_checksum (new_repomd);
  new_key = checksum != NULL ? make_key (checksum) : NULL;
  if (key != NULL && g_strcmp0 (new_key, key) == 0)
    {
      g_autofree char *base = g_path_get_basename (xml);
      g_autofree char *kept = g_build_filename (cache.path, "repodata", base, NULL);

      extras_chmod_tree (tmp.fd, 0);
      if (!extras_solv_cache_write (repo, solv, key, repodata_id, &local_error))
        note_cache_failure (local_error);
      else if (g_rename (xml, kept) != 0)
        g_debug ("cannot keep %s: %s", kept, g_strerror (errno));
    }

done:
  extras_rm_rf_at (cache_fd, tmp_name);
  return ok;
}

gboolean
extras_metadata_add_filelists (Pool *pool, const char *cache_root,
                               const ExtrasMetadataOptions *options, GPtrArray *warnings,
                               gboolean *out_loaded, GError **error)
{
  g_autoptr (GPtrArray) missing = unprovided_files (pool);
  Repo *repo;
  Id rid;
  int cache_fd;

  if (out_loaded != NULL)
    *out_loaded = FALSE;
  if (missing->len == 0)
    return TRUE;
  for (guint i = 0; i < missing->len; i++)
    g_debug ("nothing provides %s in primary metadata: loading file lists",
             pool_id2str (pool, GPOINTER_TO_INT (missing->pdata[i])));
  cache_fd = extras_safe_open_dir (cache_root, EXTRAS_SAFE_MKDIR, error);
  if (cache_fd < 0)
    return FALSE;
  FOR_REPOS (rid, repo)
  {
    const ExtrasRepoConf *conf = repo->appdata;

    if (conf == NULL || repo == pool->installed || repo->nsolvables == 0
        || !repo_has_considered (pool, repo))
      continue;
    if (!load_filelists (repo, conf, cache_fd, cache_root, options, warnings, error))
      {
        close (cache_fd);
        return FALSE;
      }
  }
  close (cache_fd);
  pool_addfileprovides (pool);
  pool_createwhatprovides (pool);
  if (out_loaded != NULL)
    *out_loaded = TRUE;
  return TRUE;
}
