/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A refused solve explained: libsolv's problems and solutions as one line
 * each, in the words of topics (pseudo-solvables read back as `topic X`),
 * telling conflicts the catalog declares from those the solver found. */
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

gboolean
extras_spec_has_topic (const char *const *specs, const char *name)
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
const char *
extras_resolver_unreachable_topic_repo (ExtrasResolver *r, const char *const *specs)
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
gboolean
extras_resolver_describe_problems (ExtrasResolver *r, Solver *solv, const char *const *specs,
                                   char **out_conflict)
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
      guint same;
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
              gboolean a_new = extras_spec_has_topic (specs, a),
                       b_new = extras_spec_has_topic (specs, b);
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
      /* The same problem twice (a topic's package asked for by name and
       * required by its topic): one problem with both suggestions. */
      for (same = 0; same + 1 < r->problems->len; same++)
        {
          const char *old = r->problems->pdata[same];
          if (strncmp (old, line->str, line->len) == 0
              && (old[line->len] == '\0' || old[line->len] == '\n'))
            break;
        }
      if (same + 1 < r->problems->len)
        {
          g_string_assign (line, r->problems->pdata[same]);
          g_free (r->problems->pdata[same]);
          r->problems->pdata[same] = NULL;
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
      if (same + 1 < r->problems->len)
        r->problems->pdata[same] = g_string_free (g_steal_pointer (&line), FALSE);
      else
        extras_strv_array_add (r->problems, g_string_free (g_steal_pointer (&line), FALSE));
    }
  return declared;
}
