/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The file lists of repositories (filelists.xml), loaded only when a file
 * dependency (`/...`) of a considered package has no provider in the
 * primary metadata: from their own .solv cache, keyed like the primary's
 * (metadata-cache.c), else the cached XML, else downloaded. */
#include "metadata-private.h"
#include "solvcache.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <solv/repo_solv.h>

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
  FILE *fp = backend != NULL ? extras_metadata_open_file (backend, path, TRUE) : NULL;
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
  g_auto (ExtrasCacheDir) cache = { -1, NULL };
  g_auto (ExtrasCacheDir) tmp = { -1, NULL };
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
  if (extras_metadata_open_repo_cache (cache_fd, conf->id, &cache))
    {
      key_path = g_build_filename (cache.path, KEY_NAME, NULL);
      solv = g_build_filename (cache.path, FILELISTS_SOLV_NAME, NULL);
      key = extras_metadata_read_key (key_path);
    }
  if (key != NULL
      && extras_solv_cache_read (repo, solv, key, REPO_EXTEND_SOLVABLES | REPO_LOCALPOOL))
    return TRUE;
  if (key != NULL && (cached_xml = extras_metadata_find_md (cache.path, "filelists")) != NULL)
    {
      g_autofree char *repomd = g_build_filename (cache.path, "repodata", "repomd.xml", NULL);
      g_autofree char *cached_checksum = extras_metadata_file_checksum (repomd);
      g_autofree char *cached_key
          = cached_checksum != NULL ? extras_metadata_make_key (cached_checksum) : NULL;

      if (g_strcmp0 (cached_key, key) == 0
          && (repodata_id = parse_filelists (repo, conf, cached_xml, NULL)) != 0)
        {
          if (!extras_solv_cache_write (repo, solv, key, repodata_id, &local_error))
            extras_metadata_note_cache_failure (local_error);
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

  if (!extras_metadata_make_tmp_dir (cache_fd, cache_root, conf->id, "-filelists", &tmp_name, &tmp,
                                     error))
    return FALSE;
  if ((downloader = extras_downloader_get (&local_error)) == NULL
      || !downloader->repo (conf, root, tmp.path, only_filelists, options, &local_error))
    {
      if (g_error_matches (local_error, EXTRAS_ERROR, EXTRAS_ERROR_METADATA))
        {
          extras_metadata_set_verification_error (error, conf, local_error);
          ok = FALSE;
        }
      else
        g_ptr_array_add (warnings,
                         g_strdup_printf ("Repository %s: cannot download its file lists from %s "
                                          "(%s); file dependencies on it may fail.",
                                          conf->id, extras_metadata_first_url (conf),
                                          local_error->message));
      goto done;
    }
  xml = extras_metadata_find_md (tmp.path, "filelists");
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
  checksum = extras_metadata_file_checksum (new_repomd);
  new_key = checksum != NULL ? extras_metadata_make_key (checksum) : NULL;
  if (key != NULL && g_strcmp0 (new_key, key) == 0)
    {
      g_autofree char *base = g_path_get_basename (xml);
      g_autofree char *kept = g_build_filename (cache.path, "repodata", base, NULL);

      extras_chmod_tree (tmp.fd, 0);
      if (!extras_solv_cache_write (repo, solv, key, repodata_id, &local_error))
        extras_metadata_note_cache_failure (local_error);
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
