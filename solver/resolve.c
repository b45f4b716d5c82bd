/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Solving a topic install: the specs checked, one job per topic
 * pseudo-solvable, the solver run, its transaction made typed. */
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

      if (extras_spec_has_topic (specs, name))
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
      gboolean declared = extras_resolver_describe_problems (r, solv, specs, &conflict);
      const char *unreachable;

      if (r->debug_dir != NULL)
        testcase_write (solv, r->debug_dir, TESTCASE_RESULT_TRANSACTION | TESTCASE_RESULT_PROBLEMS,
                        NULL, NULL);
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
