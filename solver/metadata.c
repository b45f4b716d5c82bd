/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Repository metadata: downloads (download.c, librepo: checksums always
 * verified, repomd signature when repo_gpgcheck), and one .solv cache per
 * repository keyed by the repomd checksum and libsolv's tool version, so a
 * warm run parses no XML and loads no librepo. */
#include "resolve-private.h"
#include "solvcache.h"
#include "download.h"

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
#define FILELISTS_SOLV_NAME "filelists.solv"
#define KEY_NAME "repomd.key"

void
extras_rm_rf (const char *path)
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
          extras_rm_rf (child);
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

static gboolean
write_solv (Repo *repo, const char *dir, const char *key, GError **error)
{
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);

  g_autofree char *path = g_build_filename (dir, SOLV_NAME, NULL);

  if (!extras_solv_cache_write (repo, path, key, 0, error))
    return FALSE;
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

  if (g_file_get_contents (key_path, &key, NULL, NULL)
      && extras_solv_cache_read (repo, solv, key, 0))
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
                           const ExtrasMetadataOptions *options, char **out_warning, GError **error)
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
  const ExtrasDownloader *downloader = NULL;
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

  downloader = extras_downloader_get (&local_error);
  if (downloader != NULL && downloader->repo (conf, root, tmp, only_repomd, options, &local_error))
    {
      repomd_ok = TRUE;
      g_autofree char *new_repomd = g_build_filename (tmp, "repodata", "repomd.xml", NULL);

      checksum = file_checksum (new_repomd);
      key = checksum != NULL ? make_key (checksum) : NULL;
      if (key != NULL && g_file_get_contents (key_path, &cached_key, NULL, NULL)
          && strcmp (key, cached_key) == 0 && load_cache (repo, conf, dir))
        {
          touch (key_path);
          extras_rm_rf (tmp);
          return repo;
        }
      extras_rm_rf (tmp);
      g_mkdir_with_parents (tmp, 0755);
      downloader->repo (conf, root, tmp, with_primary, options, &local_error);
    }

  if (local_error != NULL)
    {
      extras_rm_rf (tmp);
      /* The server gave the repomd but not a primary that matches it: the
       * data is bad (librepo reports a checksum mismatch as a failed download). */
      if (g_error_matches (local_error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA) || repomd_ok)
        {
          /* Bad data is never replaced by the cache silently: it may be an attack. */
          repo_free (repo, 1);
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s (%s): its metadata failed verification (checksum or "
                       "signature): %s",
                       conf->id, first_url (conf), local_error->message);
          return NULL;
        }
      if (load_cache (repo, conf, dir))
        {
          if (out_warning != NULL)
            *out_warning = g_strdup_printf (
                "Repository %s is not reachable at %s (%s); using its cached metadata.", conf->id,
                first_url (conf), local_error->message);
          return repo;
        }
      repo_free (repo, 1);
      if (conf->skip_if_unavailable)
        {
          if (out_warning != NULL)
            *out_warning
                = g_strdup_printf ("Repository %s is not reachable at %s (%s); skipping it.",
                                   conf->id, first_url (conf), local_error->message);
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
      extras_rm_rf (tmp);
      repo_free (repo, 1);
      return NULL;
    }
  g_free (checksum);
  checksum = file_checksum (repomd_path);
  g_free (key);
  key = make_key (checksum != NULL ? checksum : "");
  old = g_strdup_printf ("%s/.%s-old", cache_root, conf->id);
  extras_rm_rf (old);
  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    g_rename (dir, old);
  if (g_rename (tmp, dir) != 0)
    {
      g_debug ("cannot keep %s: %s", dir, g_strerror (errno));
      extras_rm_rf (tmp);
    }
  else if (!write_solv (repo, dir, key, &local_error))
    g_debug ("%s", local_error->message);
  extras_rm_rf (old);
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
  FILE *fp = solv_xfopen (path, "r");
  int ret;

  if (fp == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA, "Repository %s: cannot read %s",
                   conf->id, path);
      return 0;
    }
  /* Matched to the primary's packages by their pkgid. */
  ret = repo_add_rpmmd (repo, fp, NULL, REPO_EXTEND_SOLVABLES);
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
load_filelists (Repo *repo, const ExtrasRepoConf *conf, const char *cache_root,
                const ExtrasMetadataOptions *options, GPtrArray *warnings, GError **error)
{
  g_autofree char *dir = g_build_filename (cache_root, conf->id, NULL);
  g_autofree char *key_path = g_build_filename (dir, KEY_NAME, NULL);
  g_autofree char *solv = g_build_filename (dir, FILELISTS_SOLV_NAME, NULL);
  g_autofree char *key = NULL;
  g_autofree char *cached_xml = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *new_repomd = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *new_key = NULL;
  g_autoptr (GError) local_error = NULL;
  const ExtrasDownloader *downloader = NULL;
  const char *only_filelists[] = { "filelists", NULL };
  const char *root = options != NULL ? options->root : NULL;
  int repodata_id;

  /* The key of the packages in @repo: its repomd's. */
  if (!g_file_get_contents (key_path, &key, NULL, NULL))
    g_clear_pointer (&key, g_free);
  if (key != NULL
      && extras_solv_cache_read (repo, solv, key, REPO_EXTEND_SOLVABLES | REPO_LOCALPOOL))
    return TRUE;
  if (key != NULL && (cached_xml = find_md (dir, "filelists")) != NULL)
    {
      g_autofree char *repomd = g_build_filename (dir, "repodata", "repomd.xml", NULL);
      g_autofree char *cached_checksum = file_checksum (repomd);
      g_autofree char *cached_key = cached_checksum != NULL ? make_key (cached_checksum) : NULL;

      if (g_strcmp0 (cached_key, key) == 0
          && (repodata_id = parse_filelists (repo, conf, cached_xml, NULL)) != 0)
        {
          if (!extras_solv_cache_write (repo, solv, key, repodata_id, &local_error))
            g_debug ("%s", local_error->message);
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

  tmp = g_strdup_printf ("%s/.%s-filelists-XXXXXX", cache_root, conf->id);
  if (g_mkdtemp (tmp) == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot create a directory in %s: %s",
                   cache_root, g_strerror (errno));
      return FALSE;
    }
  if ((downloader = extras_downloader_get (&local_error)) == NULL
      || !downloader->repo (conf, root, tmp, only_filelists, options, &local_error))
    {
      extras_rm_rf (tmp);
      if (g_error_matches (local_error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA,
                       "Repository %s (%s): its metadata failed verification (checksum or "
                       "signature): %s",
                       conf->id, first_url (conf), local_error->message);
          return FALSE;
        }
      g_ptr_array_add (warnings,
                       g_strdup_printf ("Repository %s: cannot download its file lists from %s "
                                        "(%s); file dependencies on it may fail.",
                                        conf->id, first_url (conf), local_error->message));
      return TRUE;
    }
  xml = find_md (tmp, "filelists");
  if (xml == NULL)
    {
      /* A repository without file lists: nothing more to know. */
      extras_rm_rf (tmp);
      return TRUE;
    }
  repodata_id = parse_filelists (repo, conf, xml, error);
  if (repodata_id == 0)
    {
      extras_rm_rf (tmp);
      return FALSE;
    }
  /* Cached only when made for the same repomd as the packages: a repository
   * that changed since its primary was read gets a new primary next time. */
  new_repomd = g_build_filename (tmp, "repodata", "repomd.xml", NULL);
  checksum = file_checksum (new_repomd);
  new_key = checksum != NULL ? make_key (checksum) : NULL;
  if (key != NULL && g_strcmp0 (new_key, key) == 0)
    {
      g_autofree char *base = g_path_get_basename (xml);
      g_autofree char *kept = g_build_filename (dir, "repodata", base, NULL);

      if (!extras_solv_cache_write (repo, solv, key, repodata_id, &local_error))
        g_debug ("%s", local_error->message);
      else if (g_rename (xml, kept) != 0)
        g_debug ("cannot keep %s: %s", kept, g_strerror (errno));
    }
  extras_rm_rf (tmp);
  return TRUE;
}

gboolean
extras_metadata_add_filelists (Pool *pool, const char *cache_root,
                               const ExtrasMetadataOptions *options, GPtrArray *warnings,
                               gboolean *out_loaded, GError **error)
{
  g_autoptr (GPtrArray) missing = unprovided_files (pool);
  Repo *repo;
  Id rid;

  if (out_loaded != NULL)
    *out_loaded = FALSE;
  if (missing->len == 0)
    return TRUE;
  for (guint i = 0; i < missing->len; i++)
    g_debug ("nothing provides %s in primary metadata: loading file lists",
             pool_id2str (pool, GPOINTER_TO_INT (missing->pdata[i])));
  FOR_REPOS (rid, repo)
  {
    const ExtrasRepoConf *conf = repo->appdata;

    if (conf == NULL || repo == pool->installed || repo->nsolvables == 0
        || !repo_has_considered (pool, repo))
      continue;
    if (!load_filelists (repo, conf, cache_root, options, warnings, error))
      return FALSE;
  }
  pool_addfileprovides (pool);
  pool_createwhatprovides (pool);
  if (out_loaded != NULL)
    *out_loaded = TRUE;
  return TRUE;
}
