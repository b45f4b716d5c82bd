/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The resolver: loads the universe, solves topic installs, explains. */
#include "resolve-private.h"

#include <fcntl.h>
#include <unistd.h>
#include "resolver-private.h"
#include "safe-path.h"

#include <string.h>
#include <solv/problems.h>
#include <solv/rules.h>
#include <solv/testcase.h>
#include <solv/bitmap.h>

const char *
extras_action_to_string (ExtrasAction action)
{
  switch (action)
    {
    case EXTRAS_ACTION_INSTALL:
      return "install";
    case EXTRAS_ACTION_UPGRADE:
      return "upgrade";
    case EXTRAS_ACTION_DOWNGRADE:
      return "downgrade";
    case EXTRAS_ACTION_REINSTALL:
      return "reinstall";
    case EXTRAS_ACTION_REMOVE:
      return "remove";
    case EXTRAS_ACTION_OBSOLETE:
      return "obsolete";
    default:
      return "unknown";
    }
}

static void
item_free (ExtrasTransactionItem *item)
{
  g_free (item->name);
  g_free (item->evr);
  g_free (item->arch);
  g_free (item->repo);
  g_free (item->topic);
  g_free (item->end_of_support);
  g_free (item);
}

ExtrasTransaction *
extras_transaction_new (void)
{
  ExtrasTransaction *t = g_new0 (ExtrasTransaction, 1);

  t->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  t->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (t->warnings, NULL);
  return t;
}

void
extras_transaction_free (ExtrasTransaction *transaction)
{
  if (transaction == NULL)
    return;
  g_ptr_array_unref (transaction->items);
  g_ptr_array_unref (transaction->warnings);
  g_free (transaction);
}

/* Appends to a NULL-terminated array of strings. */
void
extras_strv_array_add (GPtrArray *array, char *line)
{
  g_ptr_array_insert (array, array->len - 1, line);
}

#define ITEM(t, i) ((ExtrasTransactionItem *) g_ptr_array_index ((t)->items, (i)))

guint
extras_transaction_get_n_items (const ExtrasTransaction *t)
{
  return t->items->len;
}
ExtrasAction
extras_transaction_get_action (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->action;
}
const char *
extras_transaction_get_name (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->name;
}
const char *
extras_transaction_get_evr (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->evr;
}
const char *
extras_transaction_get_arch (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->arch;
}
const char *
extras_transaction_get_repo (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->repo;
}
const char *
extras_transaction_get_topic (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->topic;
}
gboolean
extras_transaction_get_lts (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->lts;
}
ExtrasEos
extras_transaction_get_eos (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->eos;
}
const char *
extras_transaction_get_end_of_support (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->end_of_support;
}
ExtrasSupportSource
extras_transaction_get_support_source (const ExtrasTransaction *t, guint i)
{
  return ITEM (t, i)->support_source;
}
char *
extras_transaction_dup_nevra (const ExtrasTransaction *t, guint i)
{
  ExtrasTransactionItem *item = ITEM (t, i);
  return g_strdup_printf ("%s-%s.%s", item->name, item->evr, item->arch);
}
GStrv
extras_transaction_dup_install_nevras (const ExtrasTransaction *t)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < t->items->len; i++)
    {
      ExtrasAction action = ITEM (t, i)->action;
      if (action != EXTRAS_ACTION_REMOVE && action != EXTRAS_ACTION_OBSOLETE)
        g_ptr_array_add (out, extras_transaction_dup_nevra (t, i));
    }
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}
const char *const *
extras_transaction_get_warnings (const ExtrasTransaction *t)
{
  return (const char *const *) t->warnings->pdata;
}

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
  if (state != NULL)
    r->state_bytes = extras_state_to_bytes (state);
  r->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (r->warnings, NULL);
  r->problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (r->problems, NULL);
  r->unreachable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
  g_clear_pointer (&r->state_bytes, g_bytes_unref);
  g_clear_pointer (&r->repo_confs, g_ptr_array_unref);
  g_ptr_array_unref (r->warnings);
  g_ptr_array_unref (r->problems);
  g_hash_table_unref (r->unreachable);
  g_free (r);
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
  extras_pool_hide_disabled_topics (r->pool, r->enabled);
}

/* ROOT/var/cache/extrasolv; a user who may not write there (a dry-run as
 * somebody else than root) gets a cache of their own, one per root, as dnf
 * does, instead of an error. */
static char *
default_cache_root (const char *root)
{
  g_autofree char *system
      = g_build_filename (*root != '\0' ? root : "/", "var", "cache", "extrasolv", NULL);
  g_autofree char *root_id = NULL;
  g_autofree char *user = NULL;

  int fd = extras_safe_open_dir (system, EXTRAS_SAFE_MKDIR, NULL);
  gboolean writable = fd >= 0 && faccessat (fd, ".", W_OK, AT_EACCESS) == 0;

  if (fd >= 0)
    close (fd);
  if (writable || geteuid () == 0)
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

  g_return_val_if_fail (r->config != NULL, FALSE);
  root = extras_config_get_root (r->config);
  repos_dir = extras_config_dup_repos_dir (r->config);
  state_path = extras_config_dup_state_path (r->config);
  g_clear_pointer (&r->pool, extras_pool_free);
  r->repo_confs = extras_repo_confs_load (r->config, repos_dir, state_path, r->state_bytes, error);
  if (r->repo_confs == NULL)
    return FALSE;
  cache_root = r->cache_dir != NULL ? g_strdup (r->cache_dir) : default_cache_root (root);
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
  for (guint i = 0; i < r->repo_confs->len; i++)
    {
      ExtrasRepoConf *conf = r->repo_confs->pdata[i];
      g_autofree char *warning = NULL;
      Repo *repo = extras_metadata_load_repo (r->pool, conf, cache_root, &options, &warning, error);

      /* A topic's repository out of reach: what the topic's install will
       * fail of, if it does. */
      if (warning != NULL && repo == NULL && conf->topic != NULL)
        g_hash_table_replace (r->unreachable, g_strdup (conf->topic), g_strdup (warning));
      if (warning != NULL)
        extras_strv_array_add (r->warnings, g_steal_pointer (&warning));
      if (repo == NULL)
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          continue;
        }
      /* yum priority: lower wins; libsolv: higher wins. */
      repo->priority = -conf->priority;
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

/* `topic(X)-latest.noarch` reads `topic X`; `topic-enabled(X)-1.noarch` too. */
static char *
topic_terms (const char *text)
{
  static GRegex *pseudo = NULL, *marker = NULL;
  g_autofree char *tmp = NULL;

  if (g_once_init_enter (&pseudo))
    {
      marker = g_regex_new ("topic-enabled\\(([^)]+)\\)(-1\\.noarch)?", 0, 0, NULL);
      g_once_init_leave (
          &pseudo, g_regex_new ("topic\\(([^)]+)\\)(-([^ ]+)\\.noarch| = ([^ ]+))?", 0, 0, NULL));
    }
  tmp = g_regex_replace (marker, text, -1, 0, "topic \\1 (enabled)", 0, NULL);
  return g_regex_replace (pseudo, tmp, -1, 0, "topic \\1", 0, NULL);
}

static const char *
marker_topic (Pool *pool, Id p, char **out)
{
  const char *name = pool_id2str (pool, pool->solvables[p].name);
  if (!g_str_has_prefix (name, "topic-enabled(") || !g_str_has_suffix (name, ")"))
    return NULL;
  *out = g_strndup (name + strlen ("topic-enabled("), strlen (name) - strlen ("topic-enabled()"));
  return *out;
}

static gboolean
spec_has_topic (const char *const *specs, const char *name)
{
  for (gsize i = 0; specs[i] != NULL; i++)
    {
      g_autofree char *topic = extras_topic_spec_dup_name (specs[i]);
      if (strcmp (topic, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Why the repository of a topic of @specs was skipped, or NULL. */
static const char *
unreachable_topic_repo (ExtrasResolver *r, const char *const *specs)
{
  for (gsize i = 0; specs[i] != NULL; i++)
    {
      g_autofree char *name = extras_topic_spec_dup_name (specs[i]);
      const char *why = g_hash_table_lookup (r->unreachable, name);

      if (why != NULL)
        return why;
    }
  return NULL;
}

/* Fills r->problems; returns whether one is a conflict the catalog declares,
 * with its one-line explanation in @out_conflict. */
static gboolean
describe_problems (ExtrasResolver *r, Solver *solv, const char *const *specs, char **out_conflict)
{
  Pool *pool = r->pool;
  int count = solver_problem_count (solv);
  gboolean declared = FALSE;

  for (int i = 1; i <= count; i++)
    {
      g_autoptr (GString) line = g_string_new (NULL);
      g_autoptr (ExtrasQueue) rules = extras_queue_new ();
      Id rid = solver_findproblemrule (solv, i);
      Id source = 0, target = 0, dep = 0;
      SolverRuleinfo type = solver_ruleinfo (solv, rid, &source, &target, &dep);
      g_autofree char *raw = NULL;
      g_autofree char *nice = NULL;
      int nsol;

      solver_findallproblemrules (solv, i, rules);
      for (int k = 0; k < rules->count; k++)
        {
          Id s2 = 0, t2 = 0, d2 = 0;
          g_autofree char *a = NULL;
          g_autofree char *b = NULL;

          if (solver_ruleinfo (solv, rules->elements[k], &s2, &t2, &d2) != SOLVER_RULE_PKG_CONFLICTS
              || s2 <= 0 || t2 <= 0 || marker_topic (pool, s2, &a) == NULL
              || marker_topic (pool, t2, &b) == NULL)
            continue;
          if (!declared && out_conflict != NULL)
            {
              gboolean a_new = spec_has_topic (specs, a), b_new = spec_has_topic (specs, b);
              const char *new_topic = a_new ? a : b, *old_topic = a_new ? b : a;

              if (a_new && b_new)
                *out_conflict = g_strdup_printf (
                    "Topics %s and %s conflict and cannot be installed together.", a, b);
              else
                *out_conflict = g_strdup_printf (
                    "Topic %s conflicts with the enabled topic %s; disable %s first "
                    "(amazon-linux-extras disable %s).",
                    new_topic, old_topic, old_topic, old_topic);
            }
          declared = TRUE;
        }

      raw = g_strdup (solver_problemruleinfo2str (solv, type, source, target, dep));
      nice = topic_terms (raw);
      g_string_append (line, nice);
      if (source > 0 && pool->solvables[source].repo != NULL)
        {
          g_autofree char *topic = extras_pool_repo_topic (pool->solvables[source].repo);
          if (topic != NULL)
            g_string_append_printf (line, " (package of topic %s)", topic);
        }
      /* The root causes: what nothing provides, which packages conflict. */
      for (int k = 0; k < rules->count; k++)
        {
          Id s2 = 0, t2 = 0, d2 = 0;
          SolverRuleinfo t = solver_ruleinfo (solv, rules->elements[k], &s2, &t2, &d2);
          g_autofree char *cause = NULL;

          if (rules->elements[k] == rid
              || (t != SOLVER_RULE_PKG_NOTHING_PROVIDES_DEP && t != SOLVER_RULE_PKG_CONFLICTS
                  && t != SOLVER_RULE_PKG_SAME_NAME))
            continue;
          cause = topic_terms (solver_problemruleinfo2str (solv, t, s2, t2, d2));
          g_string_append_printf (line, "\n  because: %s", cause);
          if (s2 > 0 && pool->solvables[s2].repo != NULL)
            {
              g_autofree char *topic = extras_pool_repo_topic (pool->solvables[s2].repo);
              if (topic != NULL)
                g_string_append_printf (line, " (package of topic %s)", topic);
            }
        }
      nsol = solver_solution_count (solv, i);
      for (int s = 1; s <= nsol; s++)
        {
          Id p = 0, rp = 0, element = 0;
          g_autoptr (GString) sol = g_string_new (NULL);

          while ((element = solver_next_solutionelement (solv, i, s, element, &p, &rp)) != 0)
            {
              g_autofree char *e = topic_terms (solver_solutionelement2str (solv, p, rp));
              if (sol->len > 0)
                g_string_append (sol, ", ");
              g_string_append (sol, e);
            }
          g_string_append_printf (line, "\n  suggestion: %s", sol->str);
        }
      extras_strv_array_add (r->problems, g_string_free (g_steal_pointer (&line), FALSE));
    }
  return declared;
}

static void
fill_transaction (ExtrasResolver *r, Transaction *trans, ExtrasTransaction *out)
{
  Pool *pool = r->pool;
  int mode = SOLVER_TRANSACTION_SHOW_ACTIVE | SOLVER_TRANSACTION_SHOW_OBSOLETES
             | SOLVER_TRANSACTION_CHANGE_IS_REINSTALL;

  for (int i = 0; i < trans->steps.count; i++)
    {
      Id p = trans->steps.elements[i];
      Solvable *s = pool->solvables + p;
      Id type = transaction_type (trans, p, mode);
      ExtrasTransactionItem *item;
      ExtrasAction action;

      if (s->repo != NULL && strcmp (s->repo->name, EXTRAS_TOPICS_REPO) == 0)
        continue;
      switch (type)
        {
        case SOLVER_TRANSACTION_INSTALL:
        case SOLVER_TRANSACTION_MULTIINSTALL:
          action = EXTRAS_ACTION_INSTALL;
          break;
        case SOLVER_TRANSACTION_UPGRADE:
        case SOLVER_TRANSACTION_OBSOLETES:
        case SOLVER_TRANSACTION_CHANGE:
          action = EXTRAS_ACTION_UPGRADE;
          break;
        case SOLVER_TRANSACTION_DOWNGRADE:
          action = EXTRAS_ACTION_DOWNGRADE;
          break;
        case SOLVER_TRANSACTION_REINSTALL:
        case SOLVER_TRANSACTION_MULTIREINSTALL:
          action = EXTRAS_ACTION_REINSTALL;
          break;
        case SOLVER_TRANSACTION_ERASE:
          action = EXTRAS_ACTION_REMOVE;
          break;
        case SOLVER_TRANSACTION_OBSOLETED:
          action = EXTRAS_ACTION_OBSOLETE;
          break;
        default:
          continue; /* the passive side of an upgrade */
        }
      item = g_new0 (ExtrasTransactionItem, 1);
      item->action = action;
      item->name = g_strdup (pool_id2str (pool, s->name));
      item->evr = g_strdup (pool_id2str (pool, s->evr));
      item->arch = g_strdup (pool_id2str (pool, s->arch));
      item->repo = g_strdup (s->repo != NULL ? s->repo->name : "");
      item->topic = s->repo != pool->installed ? extras_pool_repo_topic (s->repo) : NULL;
      {
        ExtrasSupport support = extras_policy_get_package_support (r->catalog, item->topic,
                                                                   extras_resolver_get_today (r));

        item->lts = support.lts;
        item->eos = support.eos;
        item->end_of_support = g_strdup (support.end_of_support);
        item->support_source = support.source;
      }
      g_ptr_array_add (out->items, item);
    }
}

static gboolean
check_specs (ExtrasResolver *r, const char *const *specs, GPtrArray *resolved, GError **error)
{
  for (gsize i = 0; specs[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *spec_version = NULL;
      ExtrasTopic *topic;
      const char *version;

      if (!extras_topic_spec_parse (specs[i], &name, &spec_version, error))
        return FALSE;
      topic = extras_catalog_lookup (r->catalog, name);
      version = spec_version;

      if (topic == NULL)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_TOPIC,
                       "Topic %s is not in the catalog; run 'amazon-linux-extras list' to see "
                       "the topics.",
                       name);
          return FALSE;
        }
      if (!extras_policy_check_arch (topic, r->arch, error))
        return FALSE;
      if (version == NULL)
        version = g_hash_table_lookup (r->enabled, name);
      if (version != NULL && strcmp (version, "latest") != 0
          && !extras_topic_has_version (topic, version))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_VERSION,
                       "Topic %s has no version %s.", name, version);
          return FALSE;
        }
      g_ptr_array_add (resolved, version != NULL ? g_strdup_printf ("%s=%s", name, version)
                                                 : g_strdup (name));
    }
  g_ptr_array_add (resolved, NULL);
  return TRUE;
}

ExtrasTransaction *
extras_resolver_resolve_install (ExtrasResolver *r, const char *const *specs, GError **error)
{
  g_autoptr (GPtrArray) resolved = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (ExtrasQueue) job = extras_queue_new ();
  g_autoptr (Solver) solv = NULL;
  g_autoptr (Transaction) trans = NULL;
  g_autoptr (ExtrasTransaction) out = NULL;
  Pool *pool = r->pool;

  g_return_val_if_fail (pool != NULL, NULL);
  g_ptr_array_set_size (r->problems, 0);
  g_ptr_array_add (r->problems, NULL);

  if (!check_specs (r, specs, resolved, error))
    return NULL;
  if (!extras_pool_topic_job (pool, (const char *const *) resolved->pdata, job, error))
    return NULL;
  /* As `yum install NAME` does: a topic package installed already is
   * upgraded, and one that is not is the package of that name, favoured over
   * whatever else provides the name (postgresql-client-15 provides
   * postgresql-client).  Favouring is no job of its own: a missing package is
   * reported once, by the topic's requirement. */
  for (guint i = 0; i + 1 < resolved->len; i++)
    {
      g_autofree char *name = extras_topic_spec_dup_name (resolved->pdata[i]);
      ExtrasTopic *topic = extras_catalog_lookup (r->catalog, name);
      const char *const *pkgs = extras_topic_get_packages (topic);

      for (gsize j = 0; pkgs[j] != NULL; j++)
        {
          Id id = extras_pool_lookup_id (pool, pkgs[j]);
          gboolean installed = FALSE, available = FALSE;
          Id p, pp;

          if (id == 0)
            continue;
          FOR_PROVIDES (p, pp, id)
          {
            Solvable *s = pool->solvables + p;

            if (s->name != id)
              continue;
            if (s->repo == pool->installed)
              installed = TRUE;
            else
              available = TRUE;
          }
          if (installed)
            queue_push2 (job, SOLVER_UPDATE | SOLVER_SOLVABLE_NAME, id);
          else if (available)
            queue_push2 (job, SOLVER_FAVOR | SOLVER_SOLVABLE_NAME, id);
        }
    }
  /* The topics enabled already stay enabled: their markers carry the conflicts. */
  for (guint i = 0; i < r->enabled_order->len; i++)
    {
      const char *name = r->enabled_order->pdata[i];
      Id marker = extras_pool_enabled_dep (pool, name);
      Id p, pp;
      gboolean exists = FALSE;

      if (spec_has_topic (specs, name))
        continue;
      FOR_PROVIDES (p, pp, marker)
      exists = TRUE;
      if (exists)
        queue_push2 (job, SOLVER_INSTALL | SOLVER_SOLVABLE_PROVIDES, marker);
    }

  solv = solver_create (pool);
  extras_solver_set_flags (solv);
  if (solver_solve (solv, job) != 0)
    {
      g_autofree char *conflict = NULL;
      gboolean declared = describe_problems (r, solv, specs, &conflict);
      const char *unreachable;

      if (r->debug_dir != NULL)
        testcase_write (solv, r->debug_dir, TESTCASE_RESULT_TRANSACTION | TESTCASE_RESULT_PROBLEMS,
                        NULL, NULL);
      if (declared)
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_TOPIC_CONFLICT, "%s", conflict);
      else if ((unreachable = unreachable_topic_repo (r, specs)) != NULL)
        /* Nothing provides the topic's packages because its repository is
         * out of reach: a network failure, not a dependency problem. */
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK, "Cannot install %s: %s", specs[0],
                     unreachable);
      else
        {
          /* One line: the problems, their causes and libsolv's suggestions. */
          g_autofree char *line = g_strjoinv ("; ", (char **) r->problems->pdata);
          g_auto (GStrv) parts = g_strsplit (line, "\n  ", -1);
          g_autofree char *flat = g_strjoinv ("; ", parts);

          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_DEPENDENCY, "Cannot install %s: %s",
                       specs[0], flat);
        }
      return NULL;
    }
  if (r->debug_dir != NULL
      && !testcase_write (solv, r->debug_dir,
                          TESTCASE_RESULT_TRANSACTION | TESTCASE_RESULT_PROBLEMS, NULL, NULL))
    extras_strv_array_add (r->warnings, g_strdup_printf ("Cannot write a solver testcase in %s: %s",
                                                         r->debug_dir, pool_errstr (pool)));
  trans = solver_create_transaction (solv);
  out = extras_transaction_new ();
  fill_transaction (r, trans, out);
  extras_policy_check_transaction (r, (const char *const *) resolved->pdata, out);
  return g_steal_pointer (&out);
}

/* `core, LTS`, `core, support ended DATE`, `topic T, not LTS`, `topic T, not
 * LTS, support ended DATE`: the policy's word for a package of @topic (NULL:
 * the core) on the resolver's day. */
static char *
support_phrase (ExtrasResolver *r, const char *topic)
{
  ExtrasSupport support
      = extras_policy_get_package_support (r->catalog, topic, extras_resolver_get_today (r));
  g_autofree char *ended
      = support.eos == EXTRAS_EOS_REACHED ? g_strdup_printf (
            ", support ended %s%s", support.end_of_support,
            topic != NULL && support.source == EXTRAS_SUPPORT_SOURCE_CORE ? " with the core" : "")
                                          : g_strdup ("");

  if (topic == NULL)
    return g_strdup_printf ("core%s", support.lts ? ", LTS" : ended);
  return g_strdup_printf ("topic %s, not LTS%s", topic, ended);
}

const char *
extras_reason_kind_to_string (ExtrasReasonKind kind)
{
  switch (kind)
    {
    case EXTRAS_REASON_INSTALLED:
      return "installed";
    case EXTRAS_REASON_SHADOWED:
      return "shadowed";
    case EXTRAS_REASON_HIDDEN:
      return "hidden";
    case EXTRAS_REASON_TOPIC_ENABLED:
      return "topic_enabled";
    case EXTRAS_REASON_TOPIC_AVAILABLE:
      return "topic_available";
    case EXTRAS_REASON_AVAILABLE:
    default:
      return "available";
    }
}

void
extras_reason_free (ExtrasReason *reason)
{
  if (reason == NULL)
    return;
  g_free (reason->nevra);
  g_free (reason->repo);
  g_free (reason->topic);
  g_free (reason->message);
  g_free (reason);
}

static void
add_reason (GPtrArray *reasons, ExtrasReasonKind kind, const char *nevra, const char *repo,
            int priority, const char *topic, char *message)
{
  ExtrasReason *reason = g_new0 (ExtrasReason, 1);

  reason->kind = kind;
  reason->nevra = g_strdup (nevra);
  reason->repo = g_strdup (repo);
  reason->priority = priority;
  reason->topic = g_strdup (topic);
  reason->message = message;
  g_ptr_array_add (reasons, reason);
}

GPtrArray *
extras_resolver_explain (ExtrasResolver *r, const char *name)
{
  g_autoptr (GPtrArray) reasons
      = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_reason_free);
  Pool *pool = r->pool;
  Id id = pool_str2id (pool, name, 0);
  Id p;
  guint n_topics = extras_catalog_get_n_topics (r->catalog);

  if (id != 0)
    for (p = 2; p < pool->nsolvables; p++)
      {
        Solvable *s = pool->solvables + p;
        g_autofree char *topic = NULL;
        g_autofree char *support = NULL;
        const char *nevra;
        int priority;

        if (s->repo == NULL || s->name != id)
          continue;
        nevra = pool_solvable2str (pool, s);
        if (s->repo == pool->installed)
          {
            add_reason (reasons, EXTRAS_REASON_INSTALLED, nevra, NULL, 0, NULL,
                        g_strdup_printf ("%s is installed.", nevra));
            continue;
          }
        topic = extras_pool_repo_topic (s->repo);
        support = support_phrase (r, topic);
        priority = -s->repo->priority;
        if (extras_pool_is_shadowed (pool, p))
          add_reason (reasons, EXTRAS_REASON_SHADOWED, nevra, s->repo->name, priority, topic,
                      g_strdup_printf ("%s from %s (priority %d) is not used: a repository of "
                                       "better priority offers %s.",
                                       nevra, s->repo->name, priority, name));
        else if (pool->considered != NULL && !MAPTST (pool->considered, p))
          add_reason (reasons, EXTRAS_REASON_HIDDEN, nevra, s->repo->name, priority, topic,
                      g_strdup_printf ("%s from %s is hidden: topic %s is not enabled (to use it: "
                                       "amazon-linux-extras install %s).",
                                       nevra, s->repo->name, topic, topic));
        else
          add_reason (reasons, EXTRAS_REASON_AVAILABLE, nevra, s->repo->name, priority, topic,
                      g_strdup_printf ("%s is available from %s (%s; priority %d).", nevra,
                                       s->repo->name, support, priority));
      }

  /* Topics whose catalog entry names it, enabled or not: the ones still
   * supported first, then those past their end of support, with what to do
   * instead. */
  for (int ended = 0; ended < 2; ended++)
    for (guint i = 0; i < n_topics; i++)
      {
        ExtrasTopic *topic = extras_catalog_get_topic (r->catalog, i);
        const char *tname = extras_topic_get_name (topic);
        const char *today = extras_resolver_get_today (r);
        gboolean listed = g_strv_contains (extras_topic_get_packages (topic), name)
                          || g_strv_contains (extras_topic_get_visible (topic), name);
        ExtrasSupport support = extras_policy_get_support (r->catalog, topic, today);
        g_autofree char *past = NULL;

        if (!listed || !extras_topic_supports_arch (topic, r->arch)
            || (support.eos == EXTRAS_EOS_REACHED) != ended)
          continue;
        if (ended)
          {
            g_autofree char *advice = extras_policy_dup_advice (r->catalog, topic, r->arch, today);
            past = g_strdup_printf (", past its end of support (%s); %s", support.end_of_support,
                                    advice);
          }
        if (g_hash_table_contains (r->enabled, tname))
          add_reason (reasons, EXTRAS_REASON_TOPIC_ENABLED, NULL, NULL, 0, tname,
                      g_strdup_printf ("%s is a package of topic %s, which is enabled%s.", name,
                                       tname, past != NULL ? past : ""));
        else if (past == NULL)
          add_reason (reasons, EXTRAS_REASON_TOPIC_AVAILABLE, NULL, NULL, 0, tname,
                      g_strdup_printf ("%s is available in Amazon Linux Extra topic \"%s\": "
                                       "amazon-linux-extras install %s",
                                       name, tname, tname));
        else
          add_reason (
              reasons, EXTRAS_REASON_TOPIC_AVAILABLE, NULL, NULL, 0, tname,
              g_strdup_printf ("%s is in Amazon Linux Extra topic \"%s\"%s.", name, tname, past));
      }
  if (reasons->len == 0)
    return NULL;
  return g_steal_pointer (&reasons);
}

GStrv
extras_resolver_explain_package (ExtrasResolver *r, const char *name)
{
  g_autoptr (GPtrArray) reasons = extras_resolver_explain (r, name);
  GStrv lines;

  if (reasons == NULL)
    return NULL;
  lines = g_new0 (char *, reasons->len + 1);
  for (guint i = 0; i < reasons->len; i++)
    lines[i] = g_strdup (((ExtrasReason *) reasons->pdata[i])->message);
  return lines;
}
