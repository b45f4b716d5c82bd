/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Solving a topic install: the specs checked, one job per topic
 * pseudo-solvable, the solver run, its transaction made typed. */
#include "resolve-private.h"
#include "glib-compat.h"

#include <fcntl.h>
#include <unistd.h>
#include "resolver-private.h"
#include "safe-path.h"
#include "backend.h"

#include <string.h>
#include <solv/problems.h>
#include <solv/rules.h>
#include <solv/testcase.h>
#include <solv/bitmap.h>
#include <solv/evr.h>

/* The topic whose repository offers the installed package @p (the same
 * NEVRA), or NULL for the core: what a removal's support label says. */
static char *
installed_origin_topic (Pool *pool, Id p)
{
  Solvable *s = pool->solvables + p;
  Id q, pp;

  FOR_PROVIDES (q, pp, s->name)
  {
    Solvable *o = pool->solvables + q;
    if (o->repo != pool->installed && o->name == s->name && o->evr == s->evr && o->arch == s->arch)
      return extras_pool_repo_topic (o->repo);
  }
  return NULL;
}

static gboolean
has_installed_name (Pool *pool, Id name)
{
  Id q, pp;

  FOR_PROVIDES (q, pp, name)
  if (pool->solvables[q].repo == pool->installed && pool->solvables[q].name == name)
    return TRUE;
  return FALSE;
}

/* Every change, with what it replaces: installs, upgrades and downgrades
 * (the packages replaced), installonly packages installed beside the old
 * ones, packages another one obsoletes (and which), erasures. */
static void
fill_transaction (ExtrasResolver *r, Transaction *trans, ExtrasTransaction *out)
{
  Pool *pool = r->pool;

  for (int i = 0; i < trans->steps.count; i++)
    {
      Id p = trans->steps.elements[i];
      Solvable *s = pool->solvables + p;
      g_autoptr (GPtrArray) replaces = g_ptr_array_new_with_free_func (g_free);
      ExtrasTransactionItem *item;
      ExtrasAction action;

      if (s->repo != NULL && strcmp (s->repo->name, EXTRAS_TOPICS_REPO) == 0)
        continue;
      if (s->repo == pool->installed)
        {
          Id q = transaction_obs_pkg (trans, p);

          if (q == 0)
            action = EXTRAS_ACTION_REMOVE;
          else if (pool->solvables[q].name == s->name)
            continue; /* shown with its upgrade or downgrade */
          else
            {
              action = EXTRAS_ACTION_OBSOLETE;
              g_ptr_array_add (replaces, g_strdup (pool_solvid2str (pool, q)));
            }
        }
      else
        {
          g_autoptr (ExtrasQueue) obs = extras_queue_new ();
          Id same = 0;

          transaction_all_obs_pkgs (trans, p, obs);
          for (int k = 0; k < obs->count; k++)
            {
              g_ptr_array_add (replaces, g_strdup (pool_solvid2str (pool, obs->elements[k])));
              if (pool->solvables[obs->elements[k]].name == s->name)
                same = obs->elements[k];
            }
          if (same != 0)
            {
              int cmp = pool_evrcmp (pool, s->evr, pool->solvables[same].evr, EVRCMP_COMPARE);
              action = cmp > 0   ? EXTRAS_ACTION_UPGRADE
                       : cmp < 0 ? EXTRAS_ACTION_DOWNGRADE
                                 : EXTRAS_ACTION_REINSTALL;
            }
          else if (extras_executor_is_installonly (r->executor, pool, p)
                   && has_installed_name (pool, s->name))
            action = EXTRAS_ACTION_INSTALL_BESIDE;
          else
            action = EXTRAS_ACTION_INSTALL;
        }
      item = g_new0 (ExtrasTransactionItem, 1);
      item->action = action;
      item->name = g_strdup (pool_id2str (pool, s->name));
      item->evr = g_strdup (pool_id2str (pool, s->evr));
      item->arch = g_strdup (pool_id2str (pool, s->arch));
      item->repo = g_strdup (s->repo != NULL ? s->repo->name : "");
      item->topic = s->repo != pool->installed ? extras_pool_repo_topic (s->repo)
                                               : installed_origin_topic (pool, p);
      item->replaces = (GStrv) extras_ptr_array_steal_terminated (g_steal_pointer (&replaces));
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

/* The topics' packages as solved: the package of that name that the solved
 * system has, else the one that provides the name. */
static void
fill_package_names (ExtrasResolver *r, Solver *solv, const char *const *resolved,
                    ExtrasTransaction *out)
{
  Pool *pool = r->pool;

  for (gsize i = 0; resolved[i] != NULL; i++)
    {
      g_autofree char *name = extras_topic_spec_dup_name (resolved[i]);
      const char *const *pkgs
          = extras_topic_get_packages (extras_catalog_lookup (r->catalog, name));

      for (gsize j = 0; pkgs[j] != NULL; j++)
        {
          Id id = extras_pool_lookup_id (pool, pkgs[j]);
          Id by_name = 0, by_provide = 0, p, pp;
          const char *chosen;

          if (id == 0)
            continue;
          FOR_PROVIDES (p, pp, id)
          if (solver_get_decisionlevel (solv, p) > 0)
            {
              if (pool->solvables[p].name == id)
                by_name = p;
              else if (by_provide == 0)
                by_provide = p;
            }
          if (by_name == 0 && by_provide == 0)
            continue;
          chosen = pool_id2str (pool, pool->solvables[by_name != 0 ? by_name : by_provide].name);
          if (!g_ptr_array_find_with_equal_func (out->packages, chosen, g_str_equal, NULL))
            g_ptr_array_add (out->packages, g_strdup (chosen));
        }
    }
}

/* --debug-solver: libsolv's testcase, and which package manager's rules
 * the solve followed and why (package-manager.txt beside it). */
static void
write_debug (ExtrasResolver *r, Solver *solv)
{
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) local_error = NULL;
  const ExtrasBackend *backend;

  if (r->debug_dir == NULL)
    return;
  if ((backend = extras_backend_get (&local_error)) == NULL
      || !backend->write_testcase (solv, r->debug_dir,
                                   TESTCASE_RESULT_TRANSACTION | TESTCASE_RESULT_PROBLEMS))
    {
      extras_strv_array_add (
          r->warnings,
          g_strdup_printf ("Cannot write a solver testcase in %s: %s", r->debug_dir,
                           backend == NULL ? local_error->message : pool_errstr (r->pool)));
      return;
    }
  text = extras_executor_describe (r->executor);
  path = g_build_filename (r->debug_dir, "package-manager.txt", NULL);
  if (!g_file_set_contents (path, text, -1, &local_error))
    extras_strv_array_add (r->warnings, g_strdup (local_error->message));
}

/* obsoletes=False: the update of an installed package is to a package of
 * its name only, never to one that obsoletes it (libsolv's update follows
 * Obsoletes by name whatever its flags; yum then selects the upgrades by
 * name, as here). Nothing newer of that name: no job. */
static void
push_same_name_update (Pool *pool, Queue *job, Id name)
{
  g_autoptr (ExtrasQueue) q = extras_queue_new ();
  Id p, pp;

  FOR_PROVIDES (p, pp, name)
  {
    Solvable *s = pool->solvables + p;

    if (s->name == name && s->repo != pool->installed && pool_installable (pool, s)
        && (pool->considered == NULL || MAPTST (pool->considered, p)))
      queue_push (q, p);
  }
  if (q->count > 0)
    queue_push2 (job, SOLVER_UPDATE | SOLVER_SOLVABLE_ONE_OF, pool_queuetowhatprovides (pool, q));
}

static gboolean
solvable_provides_name (Pool *pool, Solvable *s, Id name)
{
  if (s->provides == 0)
    return FALSE;
  for (Id *pp = s->repo->idarraydata + s->provides; *pp != 0; pp++)
    {
      Id n = *pp;

      while (ISRELDEP (n))
        n = GETRELDEP (pool, n)->name;
      if (n == name)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_visible (Pool *pool, Id p)
{
  Solvable *s = pool->solvables + p;

  if (s->repo == pool->installed)
    return pool->considered == NULL || MAPTST (pool->considered, p);
  return pool_installable (pool, s) && (pool->considered == NULL || MAPTST (pool->considered, p));
}

/* dnf's `install NAME` (dnf 4 base.install, hawkey Subject._get_best_selectors
 * with multilib_policy=best): the packages of that name, installed or
 * available (excludes applied), else those that provide the name; with
 * obsoletes=True, plus every package that obsoletes one of them (libdnf's
 * filter obsoletes: pool_match_nevr); one SOLVER_INSTALL of one of them.  An
 * installed one satisfies it unless best makes the solver take the best
 * (libsolv prunes an install job to the installed package when not
 * updating).  Returns FALSE when nothing matches (dnf: "No match for
 * argument"). */
/* The topic's pseudo-package requires its package NAME; dnf's selector may
 * take an obsoleter of NAME that does not provide it: the requirement becomes
 * (NAME or OBSOLETER = EVR ...) in the pseudo-packages of @topic_dep, so that
 * what dnf would install satisfies the topic. */
static void
widen_topic_requirement (Pool *pool, Id topic_dep, Id name, const Queue *q, int from)
{
  Id dep = name, p, pp;

  for (int i = from; i < q->count; i++)
    {
      Solvable *o = pool->solvables + q->elements[i];
      dep = pool_rel2id (pool, dep, pool_rel2id (pool, o->name, o->evr, REL_EQ, 1), REL_OR, 1);
    }
  if (dep == name)
    return;
  FOR_PROVIDES (p, pp, topic_dep)
  {
    Solvable *t = pool->solvables + p;
    g_autoptr (ExtrasQueue) reqs = extras_queue_new ();

    if (t->requires == 0)
      continue;
    for (Id *rp = t->repo->idarraydata + t->requires; *rp != 0; rp++)
      queue_push (reqs, *rp == name ? dep : *rp);
    t->requires = 0;
    for (int k = 0; k < reqs->count; k++)
      t->requires = repo_addid_dep (t->repo, t->requires, reqs->elements[k], 0);
  }
}

static gboolean
push_dnf_install (ExtrasResolver *r, Queue *job, Id name, const Queue *obsoleters, Id topic_dep)
{
  Pool *pool = r->pool;
  g_autoptr (ExtrasQueue) q = extras_queue_new ();
  Id p, pp;
  int matched;

  FOR_PROVIDES (p, pp, name)
  if (pool->solvables[p].name == name && is_visible (pool, p))
    queue_pushunique (q, p);
  if (q->count == 0)
    FOR_PROVIDES (p, pp, name)
  if (is_visible (pool, p))
    queue_pushunique (q, p);
  if (q->count == 0)
    return FALSE;
  matched = q->count;
  if (r->executor->obsoletes)
    for (int i = 0; i < obsoleters->count; i++)
      {
        Solvable *o = pool->solvables + obsoleters->elements[i];
        gboolean hit = FALSE;

        for (Id *op = o->repo->idarraydata + o->obsoletes; *op != 0 && !hit; op++)
          for (int k = 0; k < matched && !hit; k++)
            hit = pool_match_nevr (pool, pool->solvables + q->elements[k], *op);
        if (hit)
          queue_pushunique (q, obsoleters->elements[i]);
      }
  {
    /* the obsoleters that do not provide NAME: after those that do */
    g_autoptr (ExtrasQueue) others = extras_queue_new ();

    for (int i = matched; i < q->count; i++)
      if (!solvable_provides_name (pool, pool->solvables + q->elements[i], name))
        queue_push (others, q->elements[i]);
    widen_topic_requirement (pool, topic_dep, name, others, 0);
  }
  /* libdnf's sltrToJob marks a selector of packages SETEVR|SETARCH: the
   * packages are what was asked for, so one may replace an installed
   * package that the solver would otherwise keep (an excluded one). */
  queue_push2 (job, SOLVER_INSTALL | SOLVER_SOLVABLE_ONE_OF | SOLVER_SETEVR | SOLVER_SETARCH,
               pool_queuetowhatprovides (pool, q));
  return TRUE;
}

/* The visible packages that obsolete something: candidates for dnf's selector. */
static void
collect_obsoleters (Pool *pool, Queue *out)
{
  Id p;

  FOR_POOL_SOLVABLES (p)
  {
    Solvable *s = pool->solvables + p;

    if (s->obsoletes != 0 && s->repo != NULL && strcmp (s->repo->name, EXTRAS_TOPICS_REPO) != 0
        && is_visible (pool, p))
      queue_push (out, p);
  }
}

/* multilib_policy=all: one job per architecture of the name's packages
 * (dnf's _install_multiarch), noarch counted as one. */
static void
push_every_arch (Pool *pool, Queue *job, Id name, Id dep)
{
  g_autoptr (ExtrasQueue) arches = extras_queue_new ();
  Id p, pp;

  FOR_PROVIDES (p, pp, name)
  {
    Solvable *s = pool->solvables + p;

    if (s->name != name || s->repo == pool->installed || !pool_installable (pool, s)
        || (pool->considered != NULL && !MAPTST (pool->considered, p)))
      continue;
    queue_pushunique (arches, s->arch == ARCH_NOARCH ? ARCH_NOARCH : s->arch);
  }
  if (arches->count <= 1)
    {
      queue_push2 (job, SOLVER_INSTALL | SOLVER_SOLVABLE_NAME, dep);
      return;
    }
  for (int i = 0; i < arches->count; i++)
    queue_push2 (job, SOLVER_INSTALL | SOLVER_SOLVABLE_NAME,
                 pool_rel2id (pool, dep, arches->elements[i], REL_ARCH, 1));
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
          && !extras_topic_has_version (topic, r->arch, version))
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
  g_autoptr (ExtrasQueue) obsoleters = extras_queue_new ();
  Pool *pool = r->pool;
  gboolean failed, dnf;

  g_return_val_if_fail (pool != NULL, NULL);
  g_ptr_array_set_size (r->problems, 0);
  g_ptr_array_add (r->problems, NULL);

  if (!check_specs (r, specs, resolved, error))
    return NULL;
  if (!extras_pool_topic_job (pool, (const char *const *) resolved->pdata, job, error))
    return NULL;
  /* dnf: each topic package as `dnf install NAME` selects it (above).  yum:
   * a topic package installed already is upgraded (as `yum install NAME`
   * does), and one that is not is exactly the package of that name, never
   * whatever else provides the name (postgresql-client-15 provides
   * postgresql-client).  A name nothing provides gets no job of its own: it
   * is reported once, by the topic's requirement. */
  dnf = r->executor->pm == EXTRAS_PACKAGE_MANAGER_DNF;
  if (dnf)
    collect_obsoleters (pool, obsoleters);
  for (guint i = 0; i + 1 < resolved->len; i++)
    {
      g_autofree char *name = extras_topic_spec_dup_name (resolved->pdata[i]);
      ExtrasTopic *topic = extras_catalog_lookup (r->catalog, name);
      const char *const *pkgs = extras_topic_get_packages (topic);
      Id topic_dep = job->elements[2 * i + 1];

      for (gsize j = 0; pkgs[j] != NULL; j++)
        {
          Id id = extras_pool_lookup_id (pool, pkgs[j]);
          Id dep = id;
          gboolean installed = FALSE, available = FALSE, provided = FALSE;
          Id p, pp;

          if (id == 0)
            continue;
          /* The package as the topic's version requires it: `rust = 1.38.0`
           * for a pinned version. */
          FOR_PROVIDES (p, pp, topic_dep)
          {
            Solvable *t = pool->solvables + p;
            for (Id *rp = t->repo->idarraydata + t->requires; t->requires != 0 && *rp != 0; rp++)
              if (ISRELDEP (*rp) && GETRELDEP (pool, *rp)->name == id)
                dep = *rp;
          }
          FOR_PROVIDES (p, pp, id)
          {
            Solvable *s = pool->solvables + p;

            provided = TRUE;
            if (s->name != id)
              continue;
            if (s->repo == pool->installed)
              installed = TRUE;
            else
              available = TRUE;
          }
          if (dnf && dep == id && !r->executor->multilib_all)
            {
              if (!push_dnf_install (r, job, id, obsoleters, topic_dep) && provided)
                {
                  /* Only hidden packages have the name: dnf refuses ("All
                   * matches were filtered out by exclude filtering"). */
                  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_DEPENDENCY,
                               "Cannot install %s: every package %s is excluded by the "
                               "configuration (exclude, excludepkgs or includepkgs of dnf.conf "
                               "or of a repository); dnf refuses it too: change that "
                               "configuration",
                               (const char *) resolved->pdata[i], pkgs[j]);
                  return NULL;
                }
            }
          else if (installed && dep == id && !r->executor->obsoletes)
            push_same_name_update (pool, job, id);
          else if (installed && dep == id)
            queue_push2 (job, SOLVER_UPDATE | SOLVER_SOLVABLE_NAME, id);
          else if (!installed && available && r->executor->multilib_all)
            push_every_arch (pool, job, id, dep);
          else if (installed || available)
            queue_push2 (job, SOLVER_INSTALL | SOLVER_SOLVABLE_NAME, dep);
          else if (provided)
            /* No package has the name: what provides it, as `dnf install
             * NAME` takes it (and the hand-off names the provider). */
            queue_push2 (job, SOLVER_INSTALL | SOLVER_SOLVABLE_PROVIDES, dep);
        }
    }
  /* The topics enabled already stay enabled: their markers carry the conflicts. */
  for (guint i = 0; i < r->enabled_order->len; i++)
    {
      const char *name = r->enabled_order->pdata[i];
      Id marker = extras_pool_enabled_dep (pool, name);
      Id p, pp;
      gboolean exists = FALSE;

      if (extras_spec_has_topic (specs, name))
        continue;
      FOR_PROVIDES (p, pp, marker)
      exists = TRUE;
      if (exists)
        queue_push2 (job, SOLVER_INSTALL | SOLVER_SOLVABLE_PROVIDES, marker);
    }

  extras_executor_complete_job (r->executor, pool, job);
  solv = solver_create (pool);
  extras_executor_set_solver_flags (r->executor, solv);
  failed = solver_solve (solv, job) != 0;
  if (!failed && extras_executor_limit_installonly (r->executor, solv, job))
    failed = solver_solve (solv, job) != 0;
  write_debug (r, solv);
  if (failed)
    {
      g_autofree char *conflict = NULL;
      gboolean declared = extras_resolver_describe_problems (r, solv, specs, &conflict);
      const char *unreachable;

      if (declared)
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_TOPIC_CONFLICT, "%s", conflict);
      else if ((unreachable = extras_resolver_unreachable_topic_repo (r, specs)) != NULL)
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
  trans = solver_create_transaction (solv);
  out = extras_transaction_new ();
  fill_transaction (r, trans, out);
  fill_package_names (r, solv, (const char *const *) resolved->pdata, out);
  extras_policy_check_transaction (r, (const char *const *) resolved->pdata, out);
  return g_steal_pointer (&out);
}
