/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The support policy applied to a transaction: the architecture a topic can
 * be installed on, end-of-support warnings, and where live patches exist.
 * The policy itself (what is LTS, which date applies) is policy.c. */
#include "resolver-private.h"

#include <string.h>

/* Live patches exist for x86_64 only (Amazon Linux 2 FAQ). */
#define LIVEPATCH_ARCH "x86_64"

static gboolean
is_livepatch (const ExtrasTopic *topic)
{
  return strcmp (extras_topic_get_name (topic), "livepatch") == 0
         || extras_topic_get_kernel_series (topic)[0] != NULL;
}

gboolean
extras_policy_check_arch (const ExtrasTopic *topic, const char *arch, GError **error)
{
  const char *name = extras_topic_get_name (topic);

  if (is_livepatch (topic) && strcmp (arch, LIVEPATCH_ARCH) != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_WRONG_ARCH,
                   "Kernel live patches exist for x86_64 only; topic %s cannot be installed on %s.",
                   name, arch);
      return FALSE;
    }
  if (!extras_topic_supports_arch (topic, arch))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_WRONG_ARCH, "Topic %s is not available on %s.",
                   name, arch);
      return FALSE;
    }
  return TRUE;
}

/* `5.10.210-201.852.amzn2` -> `5.10` */
static char *
kernel_series (const char *evr)
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

static void
check_livepatch (ExtrasResolver *r, const ExtrasTopic *topic, ExtrasTransaction *t)
{
  const char *const *series = extras_topic_get_kernel_series (topic);
  g_autoptr (GPtrArray) kernels = g_ptr_array_new_with_free_func (g_free);
  Pool *pool = r->pool;
  g_autofree char *covered = g_strjoinv (", ", (char **) series);

  if (series[0] == NULL)
    return;
  /* The kernel about to be installed, else the ones installed. */
  for (guint i = 0; i < t->items->len; i++)
    {
      ExtrasTransactionItem *item = t->items->pdata[i];
      if (strcmp (item->name, "kernel") == 0 && item->action != EXTRAS_ACTION_REMOVE
          && item->action != EXTRAS_ACTION_OBSOLETE)
        g_ptr_array_add (kernels, g_strdup (item->evr));
    }
  if (kernels->len == 0 && pool->installed != NULL)
    {
      Id p;
      Solvable *s;
      Id kernel = pool_str2id (pool, "kernel", 0);
      FOR_REPO_SOLVABLES (pool->installed, p, s)
      if (kernel != 0 && s->name == kernel)
        g_ptr_array_add (kernels, g_strdup (pool_id2str (pool, s->evr)));
    }
  for (guint i = 0; i < kernels->len; i++)
    {
      g_autofree char *s = kernel_series (kernels->pdata[i]);
      if (!g_strv_contains (series, s))
        extras_strv_array_add (
            t->warnings,
            g_strdup_printf ("Kernel %s is of series %s, which gets no live patches (topic %s "
                             "covers kernel series %s).",
                             (char *) kernels->pdata[i], s, extras_topic_get_name (topic),
                             covered));
    }
}

void
extras_policy_check_transaction (ExtrasResolver *r, const char *const *specs, ExtrasTransaction *t)
{
  for (gsize i = 0; specs[i] != NULL; i++)
    {
      g_autofree char *name = extras_topic_spec_dup_name (specs[i]);
      ExtrasTopic *topic = extras_catalog_lookup (r->catalog, name);
      const char *today = extras_resolver_get_today (r);
      ExtrasSupport support;

      if (topic == NULL)
        continue;
      support = extras_policy_get_support (r->catalog, topic, today);
      if (support.eos == EXTRAS_EOS_REACHED)
        {
          g_autofree char *advice = extras_policy_dup_advice (r->catalog, topic, r->arch, today);

          extras_strv_array_add (
              t->warnings,
              g_strdup_printf (
                  "Topic %s reached its end of support on %s%s; %s.", name, support.end_of_support,
                  support.source == EXTRAS_SUPPORT_SOURCE_CORE ? " (with the core)" : "", advice));
        }
      if (is_livepatch (topic))
        check_livepatch (r, topic, t);
    }
}
