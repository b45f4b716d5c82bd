/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The live patch window of a kernel (Amazon Linux 2 FAQ): about 3 months
 * after its release, and only for the 6 most recently released default
 * kernels; judged from the kernels' build times in the core repositories and
 * the rpmdb, on the resolver's day. */
#include "resolver-private.h"

#include <string.h>
#include <solv/repo.h>

#define LIVEPATCH_ARCH "x86_64"

void
extras_livepatch_kernel_free (ExtrasLivepatchKernel *k)
{
  if (k == NULL)
    return;
  g_free (k->evr);
  g_free (k->arch);
  g_free (k->series);
  g_free (k->built);
  g_free (k->window_end);
  g_free (k);
}

char *
extras_kernel_series (const char *evr)
{
  const char *colon = strchr (evr, ':');
  const char *v = colon != NULL ? colon + 1 : evr;
  const char *dot = strchr (v, '.');
  gsize n;

  if (dot == NULL)
    return g_strdup (v);
  n = dot + 1 - v + strspn (dot + 1, "0123456789");
  return g_strndup (v, n);
}

/* A default kernel: installed, or from a repository that is no topic's. */
static gboolean
is_default_kernel (Pool *pool, Solvable *s)
{
  g_autofree char *topic = NULL;

  if (s->repo == pool->installed)
    return TRUE;
  topic = extras_pool_repo_topic (s->repo);
  return topic == NULL;
}

static char *
date_of (guint64 t)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) t);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : NULL;
}

/* Distinct build times of the default kernels, newest first. */
static GArray *
default_kernel_times (Pool *pool, Id kernel)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (Id p = 2; p < pool->nsolvables; p++)
    {
      Solvable *s = pool->solvables + p;
      guint64 t;

      if (s->repo == NULL || s->name != kernel || !is_default_kernel (pool, s)
          || g_hash_table_contains (seen, GINT_TO_POINTER (s->evr)))
        continue;
      t = solvable_lookup_num (s, SOLVABLE_BUILDTIME, 0);
      if (t == 0)
        continue;
      g_hash_table_add (seen, GINT_TO_POINTER (s->evr));
      g_array_append_val (times, t);
    }
  for (guint i = 1; i < times->len; i++) /* few kernels: insertion sort, newest first */
    for (guint j = i;
         j > 0 && g_array_index (times, guint64, j - 1) < g_array_index (times, guint64, j); j--)
      {
        guint64 tmp = g_array_index (times, guint64, j);
        g_array_index (times, guint64, j) = g_array_index (times, guint64, j - 1);
        g_array_index (times, guint64, j - 1) = tmp;
      }
  return times;
}

/* The build time of @evr: any solvable of the kernel with it that has one. */
static guint64
build_time (Pool *pool, Id kernel, Id evr)
{
  for (Id p = 2; p < pool->nsolvables; p++)
    {
      Solvable *s = pool->solvables + p;

      if (s->repo != NULL && s->name == kernel && s->evr == evr)
        {
          guint64 t = solvable_lookup_num (s, SOLVABLE_BUILDTIME, 0);
          if (t != 0)
            return t;
        }
    }
  return 0;
}

static ExtrasLivepatchKernel *
judge (ExtrasResolver *r, const char *const *series, Id kernel, Id evr, Id arch, gboolean installed,
       GArray *times)
{
  Pool *pool = r->pool;
  ExtrasLivepatchKernel *k = g_new0 (ExtrasLivepatchKernel, 1);
  guint64 t = build_time (pool, kernel, evr);

  k->evr = g_strdup (pool_id2str (pool, evr));
  k->arch = g_strdup (pool_id2str (pool, arch));
  k->installed = installed;
  k->series = extras_kernel_series (k->evr);
  k->series_covered = g_strv_contains (series, k->series);
  if (t != 0)
    {
      g_autoptr (GDateTime) built = g_date_time_new_from_unix_utc ((gint64) t);
      g_autoptr (GDateTime) end
          = built != NULL ? g_date_time_add_months (built, EXTRAS_LIVEPATCH_WINDOW_MONTHS) : NULL;

      k->built = date_of (t);
      k->window_end = end != NULL ? g_date_time_format (end, "%Y-%m-%d") : NULL;
      k->in_window
          = k->window_end != NULL && strcmp (extras_resolver_get_today (r), k->window_end) <= 0;
      k->rank = 1;
      for (guint i = 0; i < times->len; i++)
        if (g_array_index (times, guint64, i) > t)
          k->rank++;
      k->recent = k->rank <= EXTRAS_LIVEPATCH_RECENT_KERNELS;
    }
  k->supported
      = strcmp (r->arch, LIVEPATCH_ARCH) == 0 && k->series_covered && k->in_window && k->recent;
  return k;
}

GPtrArray *
extras_resolver_livepatch_kernels (ExtrasResolver *r, const ExtrasTopic *livepatch,
                                   const ExtrasTransaction *t)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_livepatch_kernel_free);
  Pool *pool = r->pool;
  Id kernel = pool != NULL ? pool_str2id (pool, "kernel", 0) : 0;
  const char *const *series = extras_topic_get_kernel_series (livepatch);
  g_autoptr (GArray) times = NULL;

  if (kernel == 0)
    return out;
  times = default_kernel_times (pool, kernel);
  /* The kernels about to be installed, else the ones installed. */
  for (guint i = 0; t != NULL && i < t->items->len; i++)
    {
      ExtrasTransactionItem *item = t->items->pdata[i];

      if (strcmp (item->name, "kernel") == 0 && item->action != EXTRAS_ACTION_REMOVE
          && item->action != EXTRAS_ACTION_OBSOLETE)
        g_ptr_array_add (out, judge (r, series, kernel, pool_str2id (pool, item->evr, 1),
                                     pool_str2id (pool, item->arch, 1), FALSE, times));
    }
  if (out->len == 0 && pool->installed != NULL)
    {
      Id p;
      Solvable *s;

      FOR_REPO_SOLVABLES (pool->installed, p, s)
      if (s->name == kernel)
        g_ptr_array_add (out, judge (r, series, kernel, s->evr, s->arch, TRUE, times));
    }
  return out;
}

static const char *
ordinal_suffix (guint n)
{
  if (n % 100 >= 11 && n % 100 <= 13)
    return "th";
  return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

char *
extras_livepatch_kernel_describe (const ExtrasLivepatchKernel *k)
{
  if (!k->series_covered)
    return g_strdup_printf ("Kernel %s is of series %s, which gets no live patches.", k->evr,
                            k->series);
  if (k->built == NULL)
    return g_strdup_printf ("Kernel %s: its build time is not known, so its live patch window "
                            "cannot be judged.",
                            k->evr);
  if (!k->recent)
    return g_strdup_printf ("Kernel %s (built %s) is the %u%s most recent default kernel; only "
                            "the %d most recent get live patches: boot a newer kernel.",
                            k->evr, k->built, k->rank, ordinal_suffix (k->rank),
                            EXTRAS_LIVEPATCH_RECENT_KERNELS);
  if (!k->in_window)
    return g_strdup_printf ("Kernel %s (built %s) is past its live patch window, which ended on "
                            "%s (about %d months after its release): boot a newer kernel.",
                            k->evr, k->built, k->window_end, EXTRAS_LIVEPATCH_WINDOW_MONTHS);
  return g_strdup_printf ("Kernel %s (built %s) gets live patches until about %s (the %u%s most "
                          "recent default kernel).",
                          k->evr, k->built, k->window_end, k->rank, ordinal_suffix (k->rank));
}
