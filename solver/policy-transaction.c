/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The support policy applied to a transaction: the architecture a topic can
 * be installed on, end-of-support warnings, and where live patches exist.
 * The policy itself (what is LTS, which date applies) is policy.c. */
#include "resolver-private.h"

#include <string.h>

static void
check_livepatch (ExtrasResolver *r, const ExtrasTopic *topic, ExtrasTransaction *t)
{
  const char *const *series = extras_topic_get_kernel_series (topic);
  g_autofree char *covered = g_strjoinv (", ", (char **) series);
  g_autoptr (GPtrArray) kernels = NULL;

  if (series[0] == NULL)
    return;
  /* The kernel about to be installed, else the ones installed. */
  kernels = extras_resolver_livepatch_kernels (r, topic, t);
  for (guint i = 0; i < kernels->len; i++)
    {
      ExtrasLivepatchKernel *k = kernels->pdata[i];

      if (!k->series_covered)
        extras_strv_array_add (
            t->warnings,
            g_strdup_printf ("Kernel %s is of series %s, which gets no live patches (topic %s "
                             "covers kernel series %s).",
                             k->evr, k->series, extras_topic_get_name (topic), covered));
      /* Outside the window, or not among the most recent: said; an unknown
       * build time is for info to say. */
      else if (k->built != NULL && (!k->in_window || !k->recent))
        extras_strv_array_add (t->warnings, extras_livepatch_kernel_describe (k));
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
      if (extras_topic_is_livepatch (topic))
        check_livepatch (r, topic, t);
    }
}
