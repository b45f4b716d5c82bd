/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `why PACKAGE`: every candidate of a name, where it comes from, its
 * support status, and why it is hidden or not installable. */
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
