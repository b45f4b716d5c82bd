/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Maintainer checks (`validate`): every topic installable on top of the core,
 * declared conflicts real, no undeclared ones, no stable-ABI core package
 * replaced by a topic.  The findings are validation.c's object, the pair
 * pre-filter validate-footprint.c's. */
#include "validate-private.h"
#include "glib-compat.h"

#include <string.h>
#include <solv/bitmap.h>

typedef struct
{
  ExtrasResolver *r;
  ExtrasValidation *v;
  GPtrArray *all;          /* ExtrasTopic: the arch's topics */
  GHashTable *reached;     /* topic name -> Repo: topics whose repository is loaded */
  GHashTable *failed;      /* topic names not installable alone */
  GHashTable *judged;      /* topic names whose check 1 is done (or under way) */
  GHashTable *named;       /* topic names asked for: their findings are errors */
  GHashTable *stable;      /* stable-ABI package names */
  GHashTable *abi_flagged; /* "topic\npackage" already reported */
} Context;

static void
add_finding (Context *c, ExtrasFindingSeverity severity, ExtrasFindingCheck check, const char *a,
             const char *b, char *message)
{
  extras_validation_add (c->v, severity, check, a, b, message);
}

/* @name and the topics it requires, transitively, into @set. */
static void
add_with_requires (Context *c, const char *name, GHashTable *set)
{
  ExtrasTopic *topic;
  const char *const *requires;

  if (g_hash_table_contains (set, name))
    return;
  g_hash_table_insert (set, g_strdup (name), g_strdup ("latest"));
  topic = extras_catalog_lookup (c->r->catalog, name);
  if (topic == NULL)
    return;
  requires = extras_topic_get_requires (topic);
  for (gsize i = 0; requires[i] != NULL; i++)
    add_with_requires (c, requires[i], set);
}

/* Solves installing @specs with only them (and the topics they require)
 * enabled, as if the repo file enabled them alone (the resolver's seam).
 * Returns the transaction, or NULL with @error (the problems in its message). */
static ExtrasTransaction *
solve (Context *c, const char *const *specs, ExtrasSolveFlags flags, GError **error)
{
  g_autoptr (GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree const char **topics = NULL;

  for (gsize i = 0; specs[i] != NULL; i++)
    add_with_requires (c, specs[i], set);
  topics = (const char **) g_hash_table_get_keys_as_array (set, NULL);
  if (!extras_resolver_set_enabled (c->r, topics, error))
    return NULL;
  return extras_resolver_resolve_install_with (c->r, specs, flags, error);
}

/* The problems of the last failed solve, one line. */
static char *
last_problems (Context *c, const GError *error)
{
  const char *const *problems = extras_resolver_get_problems (c->r);

  if (problems[0] == NULL)
    return g_strdup (error->message);
  return g_strjoinv ("; ", (char **) problems);
}

static gboolean
is_stable (Context *c, const char *name)
{
  return g_hash_table_contains (c->stable, name);
}

static void
flag_abi (Context *c, const char *topic, const char *package, char *message)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", topic, package);

  if (!g_hash_table_add (c->abi_flagged, g_steal_pointer (&key)))
    {
      g_free (message);
      return;
    }
  add_finding (c, EXTRAS_FINDING_ERROR, EXTRAS_CHECK_STABLE_ABI, topic, NULL, message);
}

/* Check 4, from the repository: a package named as a stable-ABI core package,
 * or one that obsoletes one, would replace it wherever the topic is enabled. */
static void
check_stable_abi_repo (Context *c, const char *name, Repo *repo)
{
  Pool *pool = c->r->pool;
  Solvable *s;
  Id p;

  FOR_REPO_SOLVABLES (repo, p, s)
  {
    const char *pkg = pool_id2str (pool, s->name);

    if (is_stable (c, pkg))
      flag_abi (c, name, pkg,
                g_strdup_printf ("its repository %s ships %s, a core package whose ABI is promised "
                                 "stable: enabling the topic would replace the core's %s",
                                 repo->name, pool_solvable2str (pool, s), pkg));
    if (s->obsoletes != 0)
      for (Id *pp = repo->idarraydata + s->obsoletes; *pp != 0; pp++)
        {
          const char *obsoleted
              = pool_id2str (pool, ISRELDEP (*pp) ? GETRELDEP (pool, *pp)->name : *pp);

          if (is_stable (c, obsoleted))
            flag_abi (c, name, obsoleted,
                      g_strdup_printf ("%s of its repository %s obsoletes %s, a core package whose "
                                       "ABI is promised stable",
                                       pool_solvable2str (pool, s), repo->name, obsoleted));
        }
  }
}

/* Check 4, from the transaction: installing the topic would take a
 * stable-ABI package from a topic's repository, or remove one. */
static void
check_stable_abi_transaction (Context *c, const char *name, const ExtrasTransaction *t)
{
  for (guint i = 0; i < extras_transaction_get_n_items (t); i++)
    {
      const char *pkg = extras_transaction_get_name (t, i);
      const char *from = extras_transaction_get_topic (t, i);
      ExtrasAction action = extras_transaction_get_action (t, i);
      g_autofree char *nevra = NULL;

      if (!is_stable (c, pkg))
        continue;
      if (from == NULL && action != EXTRAS_ACTION_REMOVE && action != EXTRAS_ACTION_OBSOLETE)
        continue; /* the core's own package, installed or updated from the core */
      nevra = extras_transaction_dup_nevra (t, i);
      flag_abi (c, name, pkg,
                g_strdup_printf ("installing it would %s %s (%s), a core package whose ABI is "
                                 "promised stable",
                                 extras_action_to_string (action), nevra,
                                 from != NULL ? extras_transaction_get_repo (t, i) : "core"));
    }
}

/* Check 1 (and 4 through the transaction) for @name, once, after the topics
 * it requires: a topic broken on its own is reported alone, and a topic that
 * requires it says which (not the same problem again).  A topic that was not
 * named (read because a named one requires it or could conflict with it) that
 * fails is a warning: the named topic that requires it is the error, and its
 * pairs are not checked. */
static void
check_alone (Context *c, const char *name)
{
  const char *specs[] = { name, NULL };
  gboolean named = g_hash_table_contains (c->named, name);
  ExtrasTopic *topic = extras_catalog_lookup (c->r->catalog, name);
  const char *const *requires = topic != NULL ? extras_topic_get_requires (topic) : NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (ExtrasTransaction) t = NULL;
  g_autofree char *problems = NULL;

  if (!g_hash_table_add (c->judged, g_strdup (name)))
    return;
  for (gsize i = 0; requires != NULL && requires[i] != NULL; i++)
    {
      if (!g_hash_table_contains (c->reached, requires[i]))
        continue; /* its install fails of the unreachable repository, said below */
      check_alone (c, requires[i]);
      if (g_hash_table_contains (c->failed, requires[i]))
        {
          g_hash_table_add (c->failed, g_strdup (name));
          add_finding (c, named ? EXTRAS_FINDING_ERROR : EXTRAS_FINDING_WARNING,
                       EXTRAS_CHECK_INSTALLABLE, name, NULL,
                       g_strdup_printf ("not installable on top of the core: it requires topic "
                                        "%s, which is not installable on its own",
                                        requires[i]));
          return;
        }
    }
  t = solve (c, specs, EXTRAS_SOLVE_DEFAULT, &local_error);
  if (t != NULL)
    {
      if (named)
        check_stable_abi_transaction (c, name, t);
      return;
    }
  problems = last_problems (c, local_error);
  g_hash_table_add (c->failed, g_strdup (name));
  if (named)
    add_finding (c, EXTRAS_FINDING_ERROR, EXTRAS_CHECK_INSTALLABLE, name, NULL,
                 g_strdup_printf ("not installable on top of the core: %s", problems));
  else
    add_finding (c, EXTRAS_FINDING_WARNING, EXTRAS_CHECK_INSTALLABLE, name, NULL,
                 g_strdup_printf ("not installable on top of the core (not named: read as a "
                                  "topic the named ones require or could conflict with; its "
                                  "pairs are not checked): %s",
                                  problems));
}

/* The names of @topic's own packages (from the catalog) that both
 * repositories ship: installing both topics takes them from one only. */
static char *
shared_names (Context *c, const char *a, const char *b, const ExtrasFootprint *fa,
              const ExtrasFootprint *fb)
{
  Pool *pool = c->r->pool;
  g_autoptr (GPtrArray) shared = g_ptr_array_new ();
  const ExtrasTopic *ta = extras_catalog_lookup (c->r->catalog, a);
  const char *const *pkgs = extras_topic_get_packages (ta);

  for (gsize i = 0; pkgs[i] != NULL; i++)
    {
      Id id = extras_pool_lookup_id (pool, pkgs[i]);

      if (id != 0 && g_hash_table_contains (fa->names, GINT_TO_POINTER (id))
          && g_hash_table_contains (fb->names, GINT_TO_POINTER (id)))
        g_ptr_array_add (shared, (gpointer) pkgs[i]);
    }
  if (shared->len == 0)
    return NULL;
  g_ptr_array_add (shared, NULL);
  return g_strjoinv (", ", (char **) shared->pdata);
}

/* Check 2: the declared conflict between @a and @b is needed when installing
 * both, their markers' conflicts set aside, fails, or when both ship the
 * same packages (each would replace the other's). */
static void
check_declared (Context *c, const char *a, const char *b, const ExtrasFootprint *fa,
                const ExtrasFootprint *fb)
{
  const char *specs[] = { a, b, NULL };
  g_autoptr (GError) local_error = NULL;
  g_autoptr (ExtrasTransaction) t = NULL;
  g_autofree char *shared = shared_names (c, a, b, fa, fb);

  if (shared == NULL)
    shared = shared_names (c, b, a, fb, fa);
  if (shared != NULL)
    return; /* real: they replace the same packages */

  /* The topics' markers' conflicts set aside for this one solve (also those
   * with the topics they require): the packages alone must clash. */
  t = solve (c, specs, EXTRAS_SOLVE_WITHOUT_TOPIC_CONFLICTS, &local_error);
  if (t == NULL)
    return; /* real: the packages cannot be installed together */
  add_finding (c, EXTRAS_FINDING_WARNING, EXTRAS_CHECK_DECLARED_CONFLICT, a, b,
               g_strdup_printf ("the conflict between %s and %s is declared but not needed: their "
                                "packages install together and share no package name",
                                a, b));
}

/* Check 3: topics not declared in conflict install together. */
static void
check_undeclared (Context *c, const char *a, const char *b, const ExtrasFootprint *fa,
                  const ExtrasFootprint *fb)
{
  const char *specs[] = { a, b, NULL };
  g_autoptr (GError) local_error = NULL;
  g_autoptr (ExtrasTransaction) t = solve (c, specs, EXTRAS_SOLVE_DEFAULT, &local_error);
  g_autofree char *shared = NULL;

  if (t == NULL)
    {
      g_autofree char *problems = last_problems (c, local_error);

      add_finding (c, EXTRAS_FINDING_ERROR, EXTRAS_CHECK_UNDECLARED_CONFLICT, a, b,
                   g_strdup_printf ("%s and %s are not declared in conflict but cannot be "
                                    "installed together: %s",
                                    a, b, problems));
      return;
    }
  shared = shared_names (c, a, b, fa, fb);
  if (shared == NULL)
    shared = shared_names (c, b, a, fb, fa);
  if (shared != NULL)
    add_finding (c, EXTRAS_FINDING_WARNING, EXTRAS_CHECK_UNDECLARED_CONFLICT, a, b,
                 g_strdup_printf ("%s and %s both ship %s: installed together, one replaces the "
                                  "other's; declare the conflict if they cannot share",
                                  a, b, shared));
}

static gboolean
enable_scope (ExtrasResolver *r, GPtrArray *scope, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < scope->len; i++)
    g_ptr_array_add (names, (gpointer) extras_topic_get_name (scope->pdata[i]));
  g_ptr_array_add (names, NULL);
  return extras_resolver_set_enabled (r, (const char *const *) names->pdata, error);
}

ExtrasValidation *
extras_resolver_validate (ExtrasResolver *r, const char *const *topics, GError **error)
{
  g_autoptr (GPtrArray) all = extras_validate_installable_topics (r);
  g_autoptr (GPtrArray) checked = NULL;
  g_autoptr (GPtrArray) scope = NULL;
  g_autoptr (GHashTable) footprints = g_hash_table_new_full (
      g_str_hash, g_str_equal, g_free, (GDestroyNotify) extras_footprint_free);
  g_autoptr (ExtrasValidation) v = NULL;
  const char *const *stable = extras_catalog_get_stable_abi_packages (r->catalog);
  Context c = { 0 };
  Pool *pool;
  Repo *repo;
  Id rid;

  checked = extras_validate_checked_topics (r, all, topics, error);
  if (checked == NULL)
    return NULL;
  v = extras_validation_new (checked);
  scope = extras_validate_scope_topics (r, all, checked);
  if (!enable_scope (r, scope, error) || !extras_resolver_load (r, error))
    return NULL;

  c.r = r;
  c.v = v;
  c.all = scope;
  c.reached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.judged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.named = g_hash_table_new (g_str_hash, g_str_equal);
  c.stable = g_hash_table_new (g_str_hash, g_str_equal);
  c.abi_flagged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (gsize i = 0; stable[i] != NULL; i++)
    g_hash_table_add (c.stable, (gpointer) stable[i]);
  for (guint i = 0; i < checked->len; i++)
    g_hash_table_add (c.named, (gpointer) extras_topic_get_name (checked->pdata[i]));
  pool = r->pool;
  FOR_REPOS (rid, repo)
  {
    char *topic = extras_pool_repo_dup_binary_topic (repo);

    if (topic == NULL || repo == pool->installed)
      {
        g_free (topic);
        continue;
      }
    g_hash_table_replace (footprints, g_strdup (topic), extras_footprint_new (pool, repo));
    g_hash_table_replace (c.reached, topic, repo);
  }

  /* Support, judged by the policy on the resolver's day: a topic past its end
   * of support is still checked; a note says so. */
  for (guint i = 0; i < checked->len; i++)
    {
      ExtrasTopic *topic = checked->pdata[i];
      ExtrasSupport support
          = extras_policy_get_support (r->catalog, topic, extras_resolver_get_today (r));

      if (support.eos == EXTRAS_EOS_REACHED)
        add_finding (&c, EXTRAS_FINDING_NOTE, EXTRAS_CHECK_SUPPORT, extras_topic_get_name (topic),
                     NULL,
                     g_strdup_printf ("past its end of support (%s, %s)", support.end_of_support,
                                      support.source == EXTRAS_SUPPORT_SOURCE_CORE
                                          ? "the core's end of support"
                                          : "the topic's own date"));
    }

  /* Checks 1 and 4, topic by topic; a topic whose repository is out of
   * reach cannot be judged: one warning, and it is left out of the rest. */
  for (guint i = 0; i < checked->len; i++)
    {
      const char *name = extras_topic_get_name (checked->pdata[i]);
      Repo *trepo = g_hash_table_lookup (c.reached, name);

      if (trepo == NULL)
        {
          g_autofree char *id = extras_topic_repo_id (name, NULL);
          const char *why = extras_resolver_get_repo_warning (r, id);

          if (why != NULL)
            extras_validation_add_said (c.v, why);

          add_finding (&c, EXTRAS_FINDING_WARNING, EXTRAS_CHECK_INSTALLABLE, name, NULL,
                       why != NULL ? g_strdup_printf ("not checked: %s", why)
                                   : g_strdup_printf ("not checked: its repository %s is not "
                                                      "loaded",
                                                      id));
          continue;
        }
      check_stable_abi_repo (&c, name, trepo);
      check_alone (&c, name);
    }
  /* Check 1 for the other topics read, the possible partners of the checked
   * ones: a partner broken on its own is said alone (a warning), and none of
   * its pairs is solved, whose failure would be its own problem again. */
  for (guint i = 0; i < scope->len; i++)
    {
      const char *name = extras_topic_get_name (scope->pdata[i]);

      if (g_hash_table_contains (c.reached, name))
        check_alone (&c, name);
    }

  /* Checks 2 and 3: every pair of topics read with at least one checked,
   * each topic reachable and installable alone (a topic that is not is
   * reported once, alone, not once per partner). */
  for (guint i = 0; i < scope->len; i++)
    for (guint j = i + 1; j < scope->len; j++)
      {
        const char *a = extras_topic_get_name (scope->pdata[i]);
        const char *b = extras_topic_get_name (scope->pdata[j]);
        ExtrasFootprint *fa = g_hash_table_lookup (footprints, a);
        ExtrasFootprint *fb = g_hash_table_lookup (footprints, b);

        if (!g_hash_table_contains (c.named, a) && !g_hash_table_contains (c.named, b))
          continue;
        if (fa == NULL || fb == NULL || g_hash_table_contains (c.failed, a)
            || g_hash_table_contains (c.failed, b))
          continue;
        if (extras_catalog_conflicts_with (r->catalog, a, b))
          check_declared (&c, a, b, fa, fb);
        else if (extras_footprint_overlap (fa, fb))
          check_undeclared (&c, a, b, fa, fb);
      }

  g_hash_table_unref (c.reached);
  g_hash_table_unref (c.failed);
  g_hash_table_unref (c.judged);
  g_hash_table_unref (c.named);
  g_hash_table_unref (c.stable);
  g_hash_table_unref (c.abi_flagged);
  return g_steal_pointer (&v);
}
