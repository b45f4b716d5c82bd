/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The executor's rules in the solve: the main configuration of yum or dnf
 * and the per-repository excludes, mapped onto libsolv as libdnf's
 * dnf-sack/goal code and yum do it. */
#include "executor-private.h"
#include "safe-path.h"
#include "util.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <solv/bitmap.h>
#include <solv/evr.h>

#define MAX_MAIN_CONFIG_SIZE (1024 * 1024)

/* libdnf's ConfigMain default installonlypkgs (dnf 4.14); dnf appends the
 * configured ones to these. */
static const char *const dnf_installonly[] = { "kernel",
                                               "kernel-PAE",
                                               "installonlypkg(kernel)",
                                               "installonlypkg(kernel-module)",
                                               "installonlypkg(vm)",
                                               "multiversion(kernel)",
                                               NULL };
/* yum 3.4's default installonlypkgs; yum replaces them with the configured ones. */
static const char *const yum_installonly[] = { "kernel",
                                               "kernel-bigmem",
                                               "installonlypkg(kernel)",
                                               "installonlypkg(kernel-module)",
                                               "installonlypkg(vm)",
                                               "kernel-enterprise",
                                               "kernel-smp",
                                               "kernel-debug",
                                               "kernel-unsupported",
                                               "kernel-source",
                                               "kernel-devel",
                                               "kernel-PAE",
                                               "kernel-PAE-debug",
                                               NULL };

ExtrasExecutor *
extras_executor_new (ExtrasPackageManager pm)
{
  ExtrasExecutor *e = g_new0 (ExtrasExecutor, 1);

  e->pm = pm;
  e->excludes = g_new0 (char *, 1);
  e->includes = g_new0 (char *, 1);
  e->installonly = g_strdupv (
      (char **) (pm == EXTRAS_PACKAGE_MANAGER_DNF ? dnf_installonly : yum_installonly));
  /* dnf's defaults (libdnf ConfigMain); yum 3.4's are installonly_limit=0
   * and obsoletes=0, but Amazon Linux 2's /etc/yum.conf sets 3 and 1. */
  e->installonly_limit = pm == EXTRAS_PACKAGE_MANAGER_DNF ? 3 : 0;
  e->weak_deps = pm == EXTRAS_PACKAGE_MANAGER_DNF;
  e->best = pm == EXTRAS_PACKAGE_MANAGER_YUM;
  e->obsoletes = pm == EXTRAS_PACKAGE_MANAGER_DNF;
  e->multilib_policy = g_strdup (pm == EXTRAS_PACKAGE_MANAGER_DNF ? "best" : "all");
  e->multilib_all = pm != EXTRAS_PACKAGE_MANAGER_DNF;
  e->installonly_ids = g_array_new (FALSE, FALSE, sizeof (Id));
  e->exclude_from_weak = g_new0 (char *, 1);
  e->exclude_from_weak_autodetect = pm == EXTRAS_PACKAGE_MANAGER_DNF;
  return e;
}

void
extras_executor_free (ExtrasExecutor *e)
{
  if (e == NULL)
    return;
  g_free (e->why);
  g_free (e->config_path);
  g_strfreev (e->excludes);
  g_strfreev (e->includes);
  g_strfreev (e->installonly);
  g_free (e->multilib_policy);
  g_array_unref (e->installonly_ids);
  g_strfreev (e->exclude_from_weak);
  g_free (e);
}

GStrv
extras_conf_split_list (const char *value)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) parts = NULL;

  if (value != NULL)
    {
      parts = g_regex_split_simple ("[\\s,]+", value, 0, 0);
      for (gsize i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          g_ptr_array_add (out, g_strdup (parts[i]));
    }
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static GStrv
concat_strv (GStrv a, GStrv b)
{
  GPtrArray *out = g_ptr_array_new ();

  for (gsize i = 0; a[i] != NULL; i++)
    g_ptr_array_add (out, a[i]);
  for (gsize i = 0; b[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) a, b[i]))
      g_ptr_array_add (out, b[i]);
    else
      g_free (b[i]);
  g_ptr_array_add (out, NULL);
  g_free (a);
  g_free (b);
  return (GStrv) g_ptr_array_free (out, FALSE);
}

static char *
get_value (GKeyFile *kf, const char *key)
{
  g_autofree char *value = g_key_file_get_value (kf, "main", key, NULL);

  return value != NULL ? g_strstrip (g_steal_pointer (&value)) : NULL;
}

ExtrasExecutor *
extras_executor_load (const char *root, ExtrasPackageManager pm, const char *why, GError **error)
{
  g_autoptr (ExtrasExecutor) e = extras_executor_new (pm);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  const char *rel = pm == EXTRAS_PACKAGE_MANAGER_DNF ? "etc/dnf/dnf.conf" : "etc/yum.conf";
  g_autofree char *path = g_build_filename (*root != '\0' ? root : "/", rel, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  const char *bools[]
      = { "install_weak_deps", "best", "obsoletes", "exclude_from_weak_autodetect", NULL };
  gboolean *targets[]
      = { &e->weak_deps, &e->best, &e->obsoletes, &e->exclude_from_weak_autodetect };

  e->why = g_strdup (why);
  if (!extras_safe_read_file (path, MAX_MAIN_CONFIG_SIZE, EXTRAS_SAFE_MISSING_OK, &data, &len,
                              error))
    return NULL;
  if (data == NULL)
    return g_steal_pointer (&e);
  e->config_path = g_steal_pointer (&path);
  if (!g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE, "%s: %s; fix it as %s would need",
                   e->config_path, local_error->message, extras_package_manager_to_string (pm));
      return NULL;
    }
  {
    g_autofree char *exclude = get_value (kf, "exclude");
    g_autofree char *excludepkgs = get_value (kf, "excludepkgs");
    g_autofree char *includepkgs = get_value (kf, "includepkgs");
    g_autofree char *installonly = get_value (kf, "installonlypkgs");
    g_autofree char *limit = get_value (kf, "installonly_limit");
    g_autofree char *multilib = get_value (kf, "multilib_policy");
    g_autofree char *weak_excludes = get_value (kf, "exclude_from_weak");

    e->excludes = concat_strv (e->excludes, extras_conf_split_list (exclude));
    e->excludes = concat_strv (e->excludes, extras_conf_split_list (excludepkgs));
    e->includes = concat_strv (e->includes, extras_conf_split_list (includepkgs));
    e->exclude_from_weak
        = concat_strv (e->exclude_from_weak, extras_conf_split_list (weak_excludes));
    if (installonly != NULL && pm == EXTRAS_PACKAGE_MANAGER_DNF)
      e->installonly = concat_strv (e->installonly, extras_conf_split_list (installonly));
    else if (installonly != NULL)
      {
        g_strfreev (e->installonly);
        e->installonly = extras_conf_split_list (installonly);
      }
    if (limit != NULL)
      e->installonly_limit = CLAMP (atoi (limit), 0, 1000);
    /* dnf: a limit of 1 is refused and taken as the default (libdnf). */
    if (e->installonly_limit == 1)
      e->installonly_limit = pm == EXTRAS_PACKAGE_MANAGER_DNF ? 3 : 0;
    if (multilib != NULL)
      {
        g_free (e->multilib_policy);
        e->multilib_policy = g_steal_pointer (&multilib);
      }
    e->multilib_all = g_strcmp0 (e->multilib_policy, "all") == 0;
  }
  for (gsize i = 0; bools[i] != NULL; i++)
    {
      g_autofree char *value = get_value (kf, bools[i]);
      *targets[i] = extras_boolean_or (value, *targets[i]);
    }
  /* yum 3 knows no weak dependencies, and always takes the newest
   * candidate or fails. */
  if (pm == EXTRAS_PACKAGE_MANAGER_YUM)
    {
      e->weak_deps = FALSE;
      e->best = TRUE;
      e->exclude_from_weak_autodetect = FALSE;
    }
  return g_steal_pointer (&e);
}

gboolean
extras_executor_priorities_exclude (const ExtrasExecutor *e)
{
  return e->pm == EXTRAS_PACKAGE_MANAGER_YUM;
}

/* yum's parsePackages: a pattern matches a name, name.arch, name-version,
 * name-version-release, name-version-release.arch, or those with the epoch. */
static gboolean
solvable_matches (Pool *pool, Solvable *s, GStrv patterns)
{
  const char *name = pool_id2str (pool, s->name);
  const char *evr = pool_id2str (pool, s->evr);
  const char *arch = pool_id2str (pool, s->arch);
  const char *colon = strchr (evr, ':');
  const char *vr = colon != NULL ? colon + 1 : evr;
  g_autofree char *epoch = colon != NULL ? g_strndup (evr, colon - evr) : g_strdup ("0");
  g_autofree char *version = g_strndup (vr, strcspn (vr, "-"));
  /* A GStrv: g_autofree on an array would free its first element only. */
  g_auto (GStrv) forms = NULL;

  for (gsize i = 0; patterns[i] != NULL; i++)
    {
      if (fnmatch (patterns[i], name, 0) == 0)
        return TRUE;
      if (strpbrk (patterns[i], "-.:") == NULL)
        continue;
      if (forms == NULL)
        {
          forms = g_new0 (char *, 8);
          forms[0] = g_strdup_printf ("%s.%s", name, arch);
          forms[1] = g_strdup_printf ("%s-%s", name, version);
          forms[2] = g_strdup_printf ("%s-%s", name, vr);
          forms[3] = g_strdup_printf ("%s-%s.%s", name, vr, arch);
          forms[4] = g_strdup_printf ("%s-%s:%s", name, epoch, vr);
          forms[5] = g_strdup_printf ("%s-%s:%s.%s", name, epoch, vr, arch);
          forms[6] = g_strdup_printf ("%s:%s-%s.%s", epoch, name, vr, arch);
        }
      for (int f = 0; f < 7; f++)
        if (fnmatch (patterns[i], forms[f], 0) == 0)
          return TRUE;
    }
  return FALSE;
}

/* dnf's pattern forms (libdnf nevra.cpp), in the order of HY_FORMS_MOST_SPEC
 * that hawkey's Subject.get_best_query tries them: NEVRA, NA, NAME, NEVR,
 * NEV.  Groups: 1 name, 3 epoch, 4 version, 5 release, 6 arch (NA: 1 name,
 * 2 arch). */
#define PKG_NAME "([^:(/=<> ]+)"
#define PKG_EPOCH "(([0-9]+):)?"
#define PKG_VERSION "([^-:(/=<> ]+)"
#define PKG_ARCH "([^-:.(/=<> ]+)"
static const char *const dnf_form_regex[] = {
  "^" PKG_NAME "-" PKG_EPOCH PKG_VERSION "-" PKG_VERSION "\\." PKG_ARCH "$",
  "^" PKG_NAME "\\." PKG_ARCH "$",
  "^" PKG_NAME "$",
  "^" PKG_NAME "-" PKG_EPOCH PKG_VERSION "-" PKG_VERSION "$",
  "^" PKG_NAME "-" PKG_EPOCH PKG_VERSION "$",
};

typedef struct
{
  char *name, *epoch, *version, *release, *arch; /* NULL: any */
} DnfNevra;

static void
dnf_nevra_clear (DnfNevra *n)
{
  g_free (n->name);
  g_free (n->epoch);
  g_free (n->version);
  g_free (n->release);
  g_free (n->arch);
  memset (n, 0, sizeof (*n));
}

static char *
group_or_null (GMatchInfo *info, int group)
{
  char *value = g_match_info_fetch (info, group);

  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static gboolean
dnf_nevra_parse (const char *pattern, guint form, DnfNevra *out)
{
  g_autoptr (GRegex) re = g_regex_new (dnf_form_regex[form], 0, 0, NULL);
  g_autoptr (GMatchInfo) info = NULL;

  memset (out, 0, sizeof (*out));
  if (re == NULL || !g_regex_match (re, pattern, 0, &info))
    return FALSE;
  out->name = group_or_null (info, 1);
  if (form == 1)
    out->arch = group_or_null (info, 2);
  else if (form != 2)
    {
      out->epoch = group_or_null (info, 3);
      out->version = group_or_null (info, 4);
      if (form == 0 || form == 3)
        out->release = group_or_null (info, 5);
      if (form == 0)
        out->arch = group_or_null (info, 6);
    }
  return out->name != NULL;
}

/* hawkey matches a component as a glob when it has a glob character, else exactly. */
static gboolean
component_matches (const char *pattern, const char *value, gsize len)
{
  g_autofree char *v = g_strndup (value, len);

  if (pattern == NULL)
    return TRUE;
  if (strpbrk (pattern, "*?[") != NULL)
    return fnmatch (pattern, v, 0) == 0;
  return strcmp (pattern, v) == 0;
}

static gboolean
nevra_matches (Pool *pool, Solvable *s, const DnfNevra *n)
{
  const char *evr = pool_id2str (pool, s->evr);
  const char *colon = strchr (evr, ':');
  const char *vr = colon != NULL ? colon + 1 : evr;
  const char *dash = strrchr (vr, '-');
  gsize vlen = dash != NULL ? (gsize) (dash - vr) : strlen (vr);

  const char *name = pool_id2str (pool, s->name);
  const char *arch = pool_id2str (pool, s->arch);

  if (!component_matches (n->name, name, strlen (name)))
    return FALSE;
  /* strtoul stops at the epoch's ':' */
  if (n->epoch != NULL
      && strtoul (n->epoch, NULL, 10) != (colon != NULL ? strtoul (evr, NULL, 10) : 0))
    return FALSE;
  if (!component_matches (n->version, vr, vlen))
    return FALSE;
  if (n->release != NULL
      && (dash == NULL || !component_matches (n->release, dash + 1, strlen (dash + 1))))
    return FALSE;
  return component_matches (n->arch, arch, strlen (arch));
}

/* Sets in @out every package (installed too) that dnf's get_best_query for
 * @pattern gives (with_nevra, without provides or file names): the packages
 * of the first form that matches any, over the whole sack; then the pattern
 * as a glob of the whole NEVRA string. */
static gboolean
in_dnf_sack (Pool *pool, Id p, gboolean considered_only)
{
  Solvable *s = pool->solvables + p;

  return s->repo != NULL && strcmp (s->repo->name, EXTRAS_TOPICS_REPO) != 0
         && (!considered_only || pool->considered == NULL || MAPTST (pool->considered, p));
}

static void
dnf_pattern_select (Pool *pool, const char *pattern, gboolean considered_only, Map *out)
{
  Id p;

  for (guint form = 0; form < G_N_ELEMENTS (dnf_form_regex); form++)
    {
      DnfNevra n;
      gboolean any = FALSE;

      if (!dnf_nevra_parse (pattern, form, &n))
        {
          dnf_nevra_clear (&n);
          continue;
        }
      FOR_POOL_SOLVABLES (p)
      {
        Solvable *s = pool->solvables + p;

        if (in_dnf_sack (pool, p, considered_only) && nevra_matches (pool, s, &n))
          {
            MAPSET (out, p);
            any = TRUE;
          }
      }
      dnf_nevra_clear (&n);
      if (any)
        return;
    }
  FOR_POOL_SOLVABLES (p)
  {
    Solvable *s = pool->solvables + p;

    if (in_dnf_sack (pool, p, considered_only)
        && fnmatch (pattern, pool_solvable2str (pool, s), 0) == 0)
      MAPSET (out, p);
  }
}

static void
dnf_patterns_select (Pool *pool, GStrv patterns, Map *out)
{
  map_init (out, pool->nsolvables);
  for (gsize i = 0; patterns != NULL && patterns[i] != NULL; i++)
    dnf_pattern_select (pool, patterns[i], FALSE, out);
}

/* dnf 4's _setup_excludes_includes: each pattern selects packages over the
 * whole sack; main excludes hide them everywhere, @System included (`dnf
 * install NAME` then finds no NAME, and the solver keeps them as they are);
 * a repository's excludes and includes only its own packages; a repository
 * uses includes when it or the main configuration has some, and then only
 * included packages of it are seen. */
static gboolean
prepare_dnf (ExtrasExecutor *e, Pool *pool)
{
  gboolean main_includes = e->includes[0] != NULL, any = FALSE;
  Map main_ex, main_in;
  Repo *repo;
  Id rid, p;
  Solvable *s;

  dnf_patterns_select (pool, e->excludes, &main_ex);
  dnf_patterns_select (pool, e->includes, &main_in);
  FOR_REPOS (rid, repo)
  {
    const ExtrasRepoConf *conf = repo == pool->installed ? NULL : repo->appdata;
    gboolean includes = conf != NULL && conf->includes != NULL && conf->includes[0] != NULL;
    Map repo_ex, repo_in;

    if (repo != pool->installed && conf == NULL)
      continue; /* the topics' pseudo-packages */
    dnf_patterns_select (pool, conf != NULL ? conf->excludes : NULL, &repo_ex);
    dnf_patterns_select (pool, conf != NULL ? conf->includes : NULL, &repo_in);
    FOR_REPO_SOLVABLES (repo, p, s)
    {
      gboolean hidden = MAPTST (&main_ex, p) || MAPTST (&repo_ex, p);

      if (!hidden && repo != pool->installed && (includes || main_includes))
        hidden = !MAPTST (&main_in, p) && !MAPTST (&repo_in, p);
      if (hidden)
        {
          extras_pool_ensure_considered (pool);
          MAPCLR (pool->considered, p);
          any = TRUE;
        }
    }
    map_free (&repo_ex);
    map_free (&repo_in);
  }
  map_free (&main_ex);
  map_free (&main_in);
  return any;
}

gboolean
extras_executor_prepare (ExtrasExecutor *e, Pool *pool)
{
  gboolean main_excludes = e->excludes[0] != NULL, main_includes = e->includes[0] != NULL;
  gboolean any = FALSE;
  Repo *repo;
  Id rid, p;
  Solvable *s;

  g_array_set_size (e->installonly_ids, 0);
  for (gsize i = 0; e->installonly[i] != NULL; i++)
    {
      Id id = pool_str2id (pool, e->installonly[i], 0);
      if (id != 0)
        g_array_append_val (e->installonly_ids, id);
    }

  /* libdnf's pool: disabled (excluded) installed packages stay in
   * whatprovides, so that an update or an obsoleter can still replace them
   * (without it libsolv keeps them as if locked), and @System has the
   * default priority of a repository (99), as dnf's sack gives it. */
  if (e->pm == EXTRAS_PACKAGE_MANAGER_DNF)
    {
      pool_set_flag (pool, POOL_FLAG_WHATPROVIDESWITHDISABLED, 1);
      if (pool->installed != NULL)
        pool->installed->priority = -99;
      return prepare_dnf (e, pool);
    }

  /* yum: a pattern is matched against each package (parsePackages), and
   * only the repositories' packages are excluded. */
  FOR_REPOS (rid, repo)
  {
    const ExtrasRepoConf *conf = repo->appdata;
    gboolean excludes, includes, use_includes;

    /* The installed system and the topics' pseudo-packages are nobody's
     * to exclude; only repositories of .repo files carry their conf. */
    if (repo == pool->installed || conf == NULL)
      continue;
    excludes = conf->excludes != NULL && conf->excludes[0] != NULL;
    includes = conf->includes != NULL && conf->includes[0] != NULL;
    use_includes = includes || main_includes;
    if (!excludes && !main_excludes && !use_includes)
      continue;
    extras_pool_ensure_considered (pool);
    FOR_REPO_SOLVABLES (repo, p, s)
    {
      gboolean hidden = (excludes && solvable_matches (pool, s, conf->excludes))
                        || (main_excludes && solvable_matches (pool, s, e->excludes));

      /* includepkgs: the main ones and the repository's together. */
      if (!hidden && use_includes)
        hidden = !(includes && solvable_matches (pool, s, conf->includes))
                 && !(main_includes && solvable_matches (pool, s, e->includes));
      if (hidden)
        {
          MAPCLR (pool->considered, p);
          any = TRUE;
        }
    }
  }
  return any;
}

void
extras_executor_set_solver_flags (const ExtrasExecutor *e, Solver *solver)
{
  /* What libdnf's goal sets for every solve. */
  solver_set_flag (solver, SOLVER_FLAG_ALLOW_VENDORCHANGE, 1);
  solver_set_flag (solver, SOLVER_FLAG_BEST_OBEY_POLICY, 1);
  solver_set_flag (solver, SOLVER_FLAG_KEEP_ORPHANS, 1);
  solver_set_flag (solver, SOLVER_FLAG_YUM_OBSOLETES, 1);
  /* libdnf's goal allows downgrades (a versioned requirement may take an
   * older build than the installed one); yum 3 does not. */
  if (e->pm == EXTRAS_PACKAGE_MANAGER_DNF)
    solver_set_flag (solver, SOLVER_FLAG_ALLOW_DOWNGRADE, 1);
  /* install_weak_deps=False: libdnf's ignore_weak_deps. */
  if (!e->weak_deps)
    solver_set_flag (solver, SOLVER_FLAG_IGNORE_RECOMMENDED, 1);
  /* obsoletes=False: an upgrade does not follow Obsoletes (an install of
   * an obsoleting package still removes what it obsoletes, as rpm does). */
  if (!e->obsoletes)
    solver_set_flag (solver, SOLVER_FLAG_NO_UPDATEPROVIDE, 1);
}

/* libdnf's Dependency::toString() of a rich dependency starts with '('. */
static gboolean
dep_is_rich (Pool *pool, Id dep)
{
  return ISRELDEP (dep) && pool_dep2str (pool, dep)[0] == '(';
}

/* libdnf's Goal::exclude_from_weak_autodetect() (dnf 4's resolve() calls
 * it unless exclude_from_weak_autodetect=False): the installed system's
 * unmet weak dependencies stay unmet.  Sets in @out
 * - for each (not rich) Recommends of an installed package that some
 *   package of the sack provides (a versioned one: by its name alone) but
 *   no installed one does: every provider;
 * - each available package of a name no installed package has whose (not
 *   rich) Supplements an installed package (excluded ones too) provides.
 * "The sack" is what dnf's queries see: no excluded package, none of the
 * topics' pseudo-packages. */
static void
autodetect_weak_excludes (Pool *pool, Map *out)
{
  Repo *installed = pool->installed;
  Map names;
  Solvable *s;
  Id p, pp, q;

  if (installed == NULL || installed->nsolvables == 0)
    return;
  map_init (&names, pool->ss.nstrings);
  FOR_REPO_SOLVABLES (installed, p, s)
  {
    MAPSET (&names, s->name);
    if (s->recommends == 0)
      continue;
    for (Id *recp = installed->idarraydata + s->recommends, rec; (rec = *recp++) != 0;)
      {
        Id what = rec;
        gboolean any = FALSE, met = FALSE;

        if (dep_is_rich (pool, rec))
          continue;
        if (ISRELDEP (rec) && *pool_id2evr (pool, rec) != '\0')
          what = pool_str2id (pool, pool_id2str (pool, rec), 0);
        if (what == 0)
          continue;
        FOR_PROVIDES (q, pp, what)
        if (in_dnf_sack (pool, q, TRUE))
          {
            any = TRUE;
            met |= pool->solvables[q].repo == installed;
          }
        if (any && !met)
          FOR_PROVIDES (q, pp, what)
        if (in_dnf_sack (pool, q, TRUE))
          MAPSET (out, q);
      }
  }
  FOR_POOL_SOLVABLES (p)
  {
    s = pool->solvables + p;
    if (s->repo == installed || s->supplements == 0 || !in_dnf_sack (pool, p, TRUE)
        || MAPTST (&names, s->name))
      continue;
    for (Id *supp = s->repo->idarraydata + s->supplements, sup; (sup = *supp++) != 0;)
      {
        gboolean hit = FALSE;

        if (dep_is_rich (pool, sup))
          continue;
        FOR_PROVIDES (q, pp, sup)
        if (pool->solvables[q].repo == installed)
          hit = TRUE;
        if (hit)
          {
            MAPSET (out, p);
            break;
          }
      }
  }
  map_free (&names);
}

void
extras_executor_complete_job (const ExtrasExecutor *e, Pool *pool, Queue *job)
{
  /* libdnf: force_best sets SOLVER_FORCEBEST on every job, before the
   * weak excludes and the installonly ones are added. */
  if (e->best)
    for (int i = 0; i < job->count; i += 2)
      job->elements[i] |= SOLVER_FORCEBEST;
  /* dnf's _set_excludes_from_weak_to_goal (without weak dependencies they
   * change nothing). */
  if (e->pm == EXTRAS_PACKAGE_MANAGER_DNF && e->weak_deps)
    {
      Map weak;
      Id p;

      map_init (&weak, pool->nsolvables);
      if (e->exclude_from_weak_autodetect)
        autodetect_weak_excludes (pool, &weak);
      /* get_best_query(with_nevra) over the sack, available packages only */
      for (gsize i = 0; e->exclude_from_weak[i] != NULL; i++)
        {
          Map sel;

          map_init (&sel, pool->nsolvables);
          dnf_pattern_select (pool, e->exclude_from_weak[i], TRUE, &sel);
          map_or (&weak, &sel);
          map_free (&sel);
        }
      FOR_POOL_SOLVABLES (p)
      if (MAPTST (&weak, p) && pool->solvables[p].repo != pool->installed)
        queue_push2 (job, SOLVER_SOLVABLE | SOLVER_EXCLUDEFROMWEAK, p);
      map_free (&weak);
    }
  for (guint i = 0; i < e->installonly_ids->len; i++)
    queue_push2 (job, SOLVER_MULTIVERSION | SOLVER_SOLVABLE_PROVIDES,
                 g_array_index (e->installonly_ids, Id, i));
}

gboolean
extras_executor_is_installonly (const ExtrasExecutor *e, Pool *pool, Id p)
{
  for (guint i = 0; i < e->installonly_ids->len; i++)
    {
      Id q, pp;
      FOR_PROVIDES (q, pp, g_array_index (e->installonly_ids, Id, i))
      if (q == p)
        return TRUE;
    }
  return FALSE;
}

static int
compare_newest_first (const void *a, const void *b, void *data)
{
  Pool *pool = data;
  Solvable *sa = pool->solvables + *(const Id *) a;
  Solvable *sb = pool->solvables + *(const Id *) b;

  if (sa->name != sb->name)
    return strcmp (pool_id2str (pool, sa->name), pool_id2str (pool, sb->name));
  return pool_evrcmp (pool, sb->evr, sa->evr, EVRCMP_COMPARE);
}

gboolean
extras_executor_limit_installonly (const ExtrasExecutor *e, Solver *solver, Queue *job)
{
  Pool *pool = solver->pool;
  gboolean changed = FALSE;

  if (e->installonly_limit <= 0)
    return FALSE;
  for (guint i = 0; i < e->installonly_ids->len; i++)
    {
      g_autoptr (ExtrasQueue) q = extras_queue_new ();
      gboolean installing = FALSE;
      Id p, pp;
      int start = 0;

      FOR_PROVIDES (p, pp, g_array_index (e->installonly_ids, Id, i))
      if (solver_get_decisionlevel (solver, p) > 0)
        {
          queue_push (q, p);
          installing |= pool->solvables[p].repo != pool->installed;
        }
      if (!installing || q->count <= e->installonly_limit)
        continue;
      solv_sort (q->elements, q->count, sizeof (Id), compare_newest_first, pool);
      /* Per name: the newest `limit` stay, the older ones go (libdnf keeps
       * the running kernel too; an installroot runs none). */
      while (start < q->count)
        {
          int end = start;

          while (end < q->count
                 && pool->solvables[q->elements[end]].name
                        == pool->solvables[q->elements[start]].name)
            end++;
          if (end - start > e->installonly_limit)
            for (int k = start; k < end; k++)
              {
                queue_push2 (job,
                             (k - start < e->installonly_limit ? SOLVER_INSTALL : SOLVER_ERASE)
                                 | SOLVER_SOLVABLE,
                             q->elements[k]);
                changed = TRUE;
              }
          start = end;
        }
    }
  return changed;
}

char *
extras_executor_describe (const ExtrasExecutor *e)
{
  GString *out = g_string_new (NULL);
  g_autofree char *excludes = g_strjoinv (" ", e->excludes);
  g_autofree char *includes = g_strjoinv (" ", e->includes);
  g_autofree char *installonly = g_strjoinv (" ", e->installonly);

  g_string_append_printf (out, "package manager: %s (%s)\n",
                          extras_package_manager_to_string (e->pm),
                          e->why != NULL ? e->why : "default");
  if (e->pm == EXTRAS_PACKAGE_MANAGER_YUM)
    g_string_append (out, "priorities: yum model: yum-plugin-priorities (Amazon Linux 2) hides "
                          "every package of a name that a repository of better priority also "
                          "offers\n");
  else
    g_string_append (out, "priorities: dnf model: the repository of better priority is "
                          "preferred, and a package of another repository is taken when a "
                          "versioned dependency or a conflict needs it\n");
  g_string_append_printf (out, "configuration: %s\n",
                          e->config_path != NULL ? e->config_path : "none (defaults)");
  g_string_append_printf (out,
                          "exclude: %s\nincludepkgs: %s\ninstallonlypkgs: %s\n"
                          "installonly_limit: %d\ninstall_weak_deps: %s\nbest: %s\n"
                          "obsoletes: %s\nmultilib_policy: %s\n",
                          excludes, includes, installonly, e->installonly_limit,
                          e->weak_deps ? "True" : "False", e->best ? "True" : "False",
                          e->obsoletes ? "True" : "False", e->multilib_policy);
  if (e->pm == EXTRAS_PACKAGE_MANAGER_DNF)
    {
      g_autofree char *weak = g_strjoinv (" ", e->exclude_from_weak);

      g_string_append_printf (out, "exclude_from_weak: %s\nexclude_from_weak_autodetect: %s\n",
                              weak, e->exclude_from_weak_autodetect ? "True" : "False");
    }
  return g_string_free (out, FALSE);
}
