/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The resolver object: its settings, and loading the universe (rpmdb, every
 * enabled repository, topic pseudo-solvables) into one libsolv pool. */
#include "resolve-private.h"

#include <fcntl.h>
#include <unistd.h>
#include "resolver-private.h"
#include "extras-package-manager.h"
#include "safe-path.h"

#include <string.h>
#include <solv/problems.h>
#include <solv/rules.h>
#include <solv/testcase.h>
#include <solv/bitmap.h>

ExtrasResolver *
extras_resolver_new (ExtrasConfig *config, ExtrasCatalog *catalog, const ExtrasState *state,
                     const char *arch)
{
  ExtrasResolver *r = g_new0 (ExtrasResolver, 1);
  g_auto (GStrv) enabled = state != NULL ? extras_state_dup_enabled (state) : NULL;

  r->config = config != NULL ? extras_config_ref (config) : NULL;
  r->catalog = extras_catalog_ref (catalog);
  r->arch = g_strdup (arch != NULL || config == NULL ? arch : extras_config_get_arch (config));
  r->enabled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->enabled_order = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; enabled != NULL && enabled[i] != NULL; i++)
    {
      const char *version = extras_state_get_version (state, enabled[i]);
      g_hash_table_insert (r->enabled, g_strdup (enabled[i]),
                           g_strdup (version != NULL ? version : "latest"));
      g_ptr_array_add (r->enabled_order, g_strdup (enabled[i]));
    }
  /* A copy: the caller's state may change after (install enables topics). */
  r->state = state != NULL ? extras_state_dup (state) : NULL;
  r->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (r->warnings, NULL);
  r->problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (r->problems, NULL);
  r->unreachable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->repo_warnings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->pm = EXTRAS_PACKAGE_MANAGER_YUM;
  return r;
}

void
extras_resolver_free (ExtrasResolver *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->pool, extras_pool_free);
  g_clear_pointer (&r->config, extras_config_unref);
  extras_catalog_unref (r->catalog);
  g_free (r->arch);
  g_free (r->today);
  g_free (r->debug_dir);
  g_free (r->cache_dir);
  g_hash_table_unref (r->enabled);
  g_ptr_array_unref (r->enabled_order);
  g_clear_pointer (&r->state, extras_state_free);
  g_clear_pointer (&r->repo_confs, g_ptr_array_unref);
  g_ptr_array_unref (r->warnings);
  g_ptr_array_unref (r->problems);
  g_hash_table_unref (r->unreachable);
  g_hash_table_unref (r->repo_warnings);
  g_clear_pointer (&r->executor, extras_executor_free);
  g_free (r->pm_why);
  g_free (r->cache_root);
  g_free (r);
}

void
extras_resolver_set_package_manager (ExtrasResolver *r, ExtrasPackageManager pm, const char *why)
{
  r->pm = pm;
  g_free (r->pm_why);
  r->pm_why = g_strdup (why);
  g_clear_pointer (&r->executor, extras_executor_free);
}

void
extras_resolver_set_package_manager_command (ExtrasResolver *r, const char *const *argv)
{
  g_autofree char *why = NULL;
  g_auto (GStrv) found = NULL;

  if (argv == NULL)
    argv = (const char *const *) (found = extras_package_manager_dup_command (&why, NULL));
  else
    why = g_strdup_printf ("the command install runs: %s", argv[0]);
  if (argv == NULL)
    extras_resolver_set_package_manager (
        r, EXTRAS_PACKAGE_MANAGER_YUM, "no yum or dnf in PATH: yum's rules, as on Amazon Linux 2");
  else
    extras_resolver_set_package_manager (r, extras_package_manager_from_command (argv), why);
}

void
extras_resolver_set_date (ExtrasResolver *r, const char *today)
{
  g_free (r->today);
  r->today = g_strdup (today);
}

void
extras_resolver_set_progress_func (ExtrasResolver *r, ExtrasProgressFunc func, gpointer data)
{
  r->progress = func;
  r->progress_data = data;
}

void
extras_resolver_set_debug_dir (ExtrasResolver *r, const char *dir)
{
  g_free (r->debug_dir);
  r->debug_dir = g_strdup (dir);
}

void
extras_resolver_set_cache_dir (ExtrasResolver *r, const char *dir)
{
  g_free (r->cache_dir);
  r->cache_dir = g_strdup (dir);
}

const char *const *
extras_resolver_get_warnings (ExtrasResolver *r)
{
  return (const char *const *) r->warnings->pdata;
}

const char *const *
extras_resolver_get_problems (ExtrasResolver *r)
{
  return (const char *const *) r->problems->pdata;
}

const char *
extras_resolver_get_today (ExtrasResolver *r)
{
  if (r->today == NULL)
    r->today = extras_policy_dup_today ();
  return r->today;
}

/* The pool of a test: repositories already loaded (from a testcase). */
void
extras_resolver_set_pool (ExtrasResolver *r, Pool *pool)
{
  g_clear_pointer (&r->pool, extras_pool_free);
  r->pool = pool;
}

Pool *
extras_resolver_get_pool (ExtrasResolver *r)
{
  return r->pool;
}

void
extras_resolver_finish_pool (ExtrasResolver *r)
{
  g_autoptr (GPtrArray) topics = extras_catalog_dup_topics_for_arch (r->catalog, r->arch);

  /* The topics the catalog does not list for this arch still get pseudo-packages
   * (so that a refusal names them) only when listed: keep the arch's list. */
  extras_pool_add_topics (r->pool, topics, NULL);
  if (r->executor == NULL)
    r->executor = extras_executor_new (r->pm);
  extras_resolver_hide_packages (r);
}

void
extras_resolver_hide_packages (ExtrasResolver *r)
{
  /* The executor's excludes first: yum-plugin-priorities judges what
   * they leave. */
  extras_executor_prepare (r->executor, r->pool);
  extras_pool_hide_disabled_topics (r->pool, r->enabled,
                                    extras_executor_priorities_exclude (r->executor));
}

/* ROOT/var/cache/extrasolv for root; any other user gets a cache of their
 * own, one per root, as dnf does: never the system's, even where they could
 * write it (a cache a user wrote is data root must not trust later, and a
 * world-writable tree, as under umask 000, must not change the choice). */
static char *
default_cache_root (const char *root)
{
  g_autofree char *system
      = g_build_filename (*root != '\0' ? root : "/", "var", "cache", "extrasolv", NULL);
  g_autofree char *root_id = NULL;
  g_autofree char *user = NULL;

  if (geteuid () == 0)
    return g_steal_pointer (&system);
  root_id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, *root != '\0' ? root : "/", -1);
  root_id[16] = '\0';
  user = g_build_filename (g_get_user_cache_dir (), "extrasolv", root_id, NULL);
  if (g_mkdir_with_parents (user, 0700) == 0 && access (user, W_OK) == 0)
    return g_steal_pointer (&user);
  return g_steal_pointer (&system);
}

gboolean
extras_resolver_load (ExtrasResolver *r, GError **error)
{
  const char *root;
  g_autofree char *repos_dir = NULL;
  g_autofree char *state_path = NULL;
  g_autofree char *cache_root = NULL;
  ExtrasMetadataOptions options = { 0 };
  g_autoptr (GPtrArray) filelist_warnings = NULL;
  g_autoptr (ExtrasPrefetch) prefetch = NULL;

  g_return_val_if_fail (r->config != NULL, FALSE);
  root = extras_config_get_root (r->config);
  repos_dir = extras_config_dup_repos_dir (r->config);
  state_path = extras_config_dup_state_path (r->config);
  g_clear_pointer (&r->pool, extras_pool_free);
  r->repo_confs = extras_repo_confs_load (r->config, repos_dir, state_path, r->state, error);
  if (r->repo_confs == NULL)
    return FALSE;
  g_clear_pointer (&r->executor, extras_executor_free);
  r->executor = extras_executor_load (root, r->pm, r->pm_why, error);
  if (r->executor == NULL)
    return FALSE;
  cache_root = r->cache_dir != NULL ? g_strdup (r->cache_dir) : default_cache_root (root);
  g_free (r->cache_root);
  r->cache_root = g_strdup (cache_root);
  r->pool = extras_pool_new (r->arch);
  /* The rpmdb's cache through the directory's descriptor: no symlink on the way. */
  {
    int cache_fd = extras_safe_open_dir (cache_root, EXTRAS_SAFE_MKDIR, error);
    g_autofree char *cache_path = cache_fd >= 0 ? extras_fd_dup_path (cache_fd) : NULL;
    gboolean ok = cache_fd >= 0 && extras_pool_load_rpmdb (r->pool, root, cache_path, error);

    if (cache_fd >= 0)
      close (cache_fd);
    if (!ok)
      return FALSE;
  }

  options.progress = r->progress;
  options.progress_data = r->progress_data;
  options.root = *root != '\0' ? root : NULL;
  options.config = r->config;
  /* Every repository's download at once: one server that hangs must not
   * hold the others back. */
  prefetch = extras_metadata_prefetch (r->repo_confs, cache_root, &options);
  options.prefetch = prefetch;
  for (guint i = 0; i < r->repo_confs->len; i++)
    {
      ExtrasRepoConf *conf = r->repo_confs->pdata[i];
      g_autofree char *warning = NULL;
      Repo *repo = extras_metadata_load_repo (r->pool, conf, cache_root, &options, &warning, error);

      /* A topic's repository out of reach: what the topic's install will
       * fail of, if it does. */
      if (warning != NULL && repo == NULL && conf->topic != NULL
          && conf->kind == EXTRAS_REPO_KIND_BINARY)
        g_hash_table_replace (r->unreachable, g_strdup (conf->topic), g_strdup (warning));
      if (warning != NULL)
        {
          g_hash_table_replace (r->repo_warnings, g_strdup (conf->id), warning);
          extras_strv_array_add (r->warnings, g_steal_pointer (&warning));
        }
      if (repo == NULL)
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          continue;
        }
      /* yum priority: lower wins; libsolv: higher wins. */
      repo->priority = -conf->priority;
      /* Cost as libdnf sets it (Repo.cpp: subpriority = -cost): libsolv
       * sorts one package's copies by it, cheapest first, and prunes none. */
      repo->subpriority = -conf->cost;
      repo->appdata = conf;
    }
  /* File provides from what primary lists (/etc, bin dirs), then the topics
   * and pool->considered; file lists only for a file nothing provides yet. */
  pool_addfileprovides (r->pool);
  extras_resolver_finish_pool (r);
  filelist_warnings = g_ptr_array_new_with_free_func (g_free);
  if (!extras_metadata_add_filelists (r->pool, cache_root, &options, filelist_warnings, NULL,
                                      error))
    return FALSE;
  for (guint i = 0; i < filelist_warnings->len; i++)
    extras_strv_array_add (r->warnings, g_strdup (filelist_warnings->pdata[i]));
  {
    char *cache_warning = extras_metadata_steal_cache_warning ();

    if (cache_warning != NULL)
      extras_strv_array_add (r->warnings, cache_warning);
  }
  return TRUE;
}

const char *
extras_resolver_get_repo_warning (ExtrasResolver *r, const char *repo_id)
{
  return g_hash_table_lookup (r->repo_warnings, repo_id);
}

gboolean
extras_resolver_set_enabled (ExtrasResolver *r, const char *const *topics, GError **error)
{
  g_hash_table_remove_all (r->enabled);
  g_ptr_array_set_size (r->enabled_order, 0);
  for (gsize i = 0; topics[i] != NULL; i++)
    if (g_hash_table_insert (r->enabled, g_strdup (topics[i]), g_strdup ("latest")))
      g_ptr_array_add (r->enabled_order, g_strdup (topics[i]));
  if (r->pool != NULL)
    {
      extras_pool_drop_considered (r->pool);
      extras_resolver_hide_packages (r);
      return TRUE;
    }
  {
    g_autoptr (ExtrasState) state
        = r->state != NULL
              ? extras_state_dup (r->state)
              : extras_state_new_from_data ("", 0, "amzn2-extras.repo", r->config, error);
    g_auto (GStrv) enabled = NULL;

    if (state == NULL)
      return FALSE;
    /* A topic the repo file enables but not one of @topics: not read. */
    enabled = extras_state_dup_enabled (state);
    for (gsize i = 0; enabled[i] != NULL; i++)
      if (!g_hash_table_contains (r->enabled, enabled[i]))
        extras_state_disable (state, enabled[i], NULL); /* a name it refuses stays */
    for (gsize i = 0; topics[i] != NULL; i++)
      if (!extras_state_enable (state, topics[i], NULL, error))
        return FALSE;
    g_clear_pointer (&r->state, extras_state_free);
    r->state = g_steal_pointer (&state);
  }
  return TRUE;
}

ExtrasTransaction *
extras_resolver_resolve_install_with (ExtrasResolver *r, const char *const *specs,
                                      ExtrasSolveFlags flags, GError **error)
{
  Pool *pool = r->pool;
  g_autoptr (GArray) saved = g_array_new (FALSE, FALSE, sizeof (Offset));
  g_autoptr (GArray) markers = g_array_new (FALSE, FALSE, sizeof (Id));
  ExtrasTransaction *t;

  /* The enabled topics' markers' conflicts set aside for this one solve. */
  for (guint i = 0; (flags & EXTRAS_SOLVE_WITHOUT_TOPIC_CONFLICTS) && i < r->enabled_order->len;
       i++)
    {
      Id marker = extras_pool_enabled_dep (pool, r->enabled_order->pdata[i]);
      Id p;

      FOR_POOL_SOLVABLES (p)
      {
        Solvable *s = pool->solvables + p;

        if (s->name == marker && s->conflicts != 0)
          {
            g_array_append_val (markers, p);
            g_array_append_val (saved, s->conflicts);
            s->conflicts = 0;
          }
      }
    }
  t = extras_resolver_resolve_install (r, specs, error);
  for (guint i = 0; i < markers->len; i++)
    pool->solvables[g_array_index (markers, Id, i)].conflicts = g_array_index (saved, Offset, i);
  return t;
}
