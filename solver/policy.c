/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The support policy: what is LTS on a given day and which end-of-support
 * date applies to a package.  Every output (install, info, list --json, why,
 * validate, the plugins through the JSON) asks here. */
#include "extras-policy.h"
#include "extras-error.h"

#include <string.h>

/* Both are YYYY-MM-DD, so they order as strings do; a date equal to today
 * counts as reached. */
static ExtrasEos
eos_of (const char *date, const char *today)
{
  if (date == NULL)
    return EXTRAS_EOS_NONE;
  return strcmp (today, date) >= 0 ? EXTRAS_EOS_REACHED : EXTRAS_EOS_NOTE;
}

/* Live patches exist for x86_64 only (Amazon Linux 2 FAQ). */
#define LIVEPATCH_ARCH "x86_64"

gboolean
extras_policy_check_arch (const ExtrasTopic *topic, const char *arch, GError **error)
{
  const char *name = extras_topic_get_name (topic);
  g_autofree char *arches = NULL;

  if (extras_topic_is_livepatch (topic) && strcmp (arch, LIVEPATCH_ARCH) != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_WRONG_ARCH,
                   "Topic %s cannot be used on %s: kernel live patches exist only for %s", name,
                   arch, LIVEPATCH_ARCH);
      return FALSE;
    }
  if (extras_topic_supports_arch (topic, arch))
    return TRUE;
  arches = g_strjoinv (", ", (char **) extras_topic_get_arches (topic));
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_WRONG_ARCH,
               "Topic %s is not available on %s (only on %s)", name, arch,
               arches[0] != '\0' ? arches : "no architecture");
  return FALSE;
}

ExtrasSupport
extras_policy_get_support (const ExtrasCatalog *catalog, const ExtrasTopic *topic,
                           const char *today)
{
  const char *core = catalog != NULL ? extras_catalog_get_core_end_of_support (catalog) : NULL;
  const char *own = topic != NULL ? extras_topic_get_end_of_support (topic) : NULL;
  ExtrasSupport support = { 0 };

  if (topic == NULL)
    {
      support.end_of_support = core;
      support.source = core != NULL ? EXTRAS_SUPPORT_SOURCE_CORE : EXTRAS_SUPPORT_SOURCE_NONE;
      support.eos = eos_of (core, today);
      support.lts = support.eos != EXTRAS_EOS_REACHED;
      return support;
    }
  /* A topic ends with the core at the latest. */
  if (own != NULL && (core == NULL || strcmp (own, core) <= 0))
    {
      support.end_of_support = own;
      support.source = EXTRAS_SUPPORT_SOURCE_TOPIC;
    }
  else if (core != NULL)
    {
      support.end_of_support = core;
      support.source = EXTRAS_SUPPORT_SOURCE_CORE;
    }
  support.eos = eos_of (support.end_of_support, today);
  support.lts = FALSE;
  return support;
}

ExtrasSupport
extras_policy_get_package_support (const ExtrasCatalog *catalog, const char *topic,
                                   const char *today)
{
  const ExtrasTopic *known;
  ExtrasSupport support;

  if (topic == NULL)
    return extras_policy_get_support (catalog, NULL, today);
  known = catalog != NULL ? extras_catalog_lookup (catalog, topic) : NULL;
  if (known != NULL)
    return extras_policy_get_support (catalog, known, today);
  support = extras_policy_get_support (catalog, NULL, today);
  support.lts = FALSE;
  return support;
}

static gboolean
is_live (const ExtrasCatalog *catalog, const ExtrasTopic *topic, const char *arch,
         const char *today)
{
  return extras_topic_get_index (topic, arch) >= 0
         && extras_policy_get_support (catalog, topic, today).eos != EXTRAS_EOS_REACHED;
}

ExtrasReplacement
extras_policy_get_replacement (const ExtrasCatalog *catalog, const ExtrasTopic *topic,
                               const char *arch, const char *today)
{
  ExtrasReplacement r = { 0 };
  g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);

  /* The chain, cycles and unknown names ending it. */
  for (const ExtrasTopic *t = topic; t != NULL && !g_hash_table_contains (seen, t);)
    {
      const char *next = extras_topic_get_successor (t);

      g_hash_table_add (seen, (gpointer) t);
      if (r.al2023 == NULL && extras_topic_get_al2023 (t) != NULL)
        {
          r.al2023 = extras_topic_get_al2023 (t);
          r.al2023_from = t;
        }
      if (t != topic && r.successor == NULL && is_live (catalog, t, arch, today))
        r.successor = t;
      if (r.successor != NULL && r.al2023 != NULL)
        break;
      t = next != NULL ? extras_catalog_lookup (catalog, next) : NULL;
    }
  return r;
}

char *
extras_policy_dup_advice (const ExtrasCatalog *catalog, const ExtrasTopic *topic, const char *arch,
                          const char *today)
{
  ExtrasReplacement r = extras_policy_get_replacement (catalog, topic, arch, today);
  const char *none = extras_topic_get_successor (topic) != NULL
                         ? "no topic that follows it is supported on Amazon Linux 2"
                         : "it has no successor on Amazon Linux 2";
  g_autofree char *packages = NULL;

  if (r.successor != NULL)
    return g_strdup_printf ("its successor is %s: amazon-linux-extras install %s",
                            extras_topic_get_name (r.successor),
                            extras_topic_get_name (r.successor));
  if (r.al2023 == NULL)
    return g_strdup (none);
  if (r.al2023[0] == NULL)
    return g_strdup_printf ("%s, and Amazon Linux 2023 has no replacement", none);
  packages = g_strjoinv (" ", (char **) r.al2023);
  return g_strdup_printf ("%s; on Amazon Linux 2023: dnf install %s", none, packages);
}

gboolean
extras_policy_core_ended (const ExtrasCatalog *catalog, const char *today)
{
  return !extras_policy_get_support (catalog, NULL, today).lts;
}

const char *
extras_support_source_to_string (ExtrasSupportSource source)
{
  switch (source)
    {
    case EXTRAS_SUPPORT_SOURCE_TOPIC:
      return "topic";
    case EXTRAS_SUPPORT_SOURCE_CORE:
      return "core";
    case EXTRAS_SUPPORT_SOURCE_NONE:
    default:
      return NULL;
    }
}

const char *
extras_eos_to_string (ExtrasEos eos)
{
  switch (eos)
    {
    case EXTRAS_EOS_NOTE:
      return "note";
    case EXTRAS_EOS_REACHED:
      return "reached";
    case EXTRAS_EOS_NONE:
    default:
      return "none";
    }
}

/* Days from @from to @to (both YYYY-MM-DD, valid). */
static int
days_between (const char *from, const char *to)
{
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_parse (&a, from);
  g_date_set_parse (&b, to);
  if (!g_date_valid (&a) || !g_date_valid (&b))
    return 0;
  return g_date_days_between (&a, &b);
}

char *
extras_policy_dup_core_notice (const ExtrasCatalog *catalog, const char *today)
{
  ExtrasSupport core = extras_policy_get_support (catalog, NULL, today);

  if (core.eos != EXTRAS_EOS_REACHED)
    return NULL;
  return g_strdup_printf ("Amazon Linux 2 reached its end of support on %s: its core packages and "
                          "extras topics get no more updates; migrate to Amazon Linux 2023 "
                          "(amazon-linux-extras supportinfo lists what to move).",
                          core.end_of_support);
}

char *
extras_policy_dup_motd (const ExtrasCatalog *catalog, const char *today)
{
  ExtrasSupport core = extras_policy_get_support (catalog, NULL, today);
  const char *motd = extras_catalog_get_motd (catalog);
  g_autoptr (GString) out = g_string_new (NULL);

  if (core.eos == EXTRAS_EOS_REACHED)
    {
      int days = days_between (core.end_of_support, today);
      g_autofree char *ago = days == 0   ? g_strdup ("today")
                             : days == 1 ? g_strdup ("1 day ago")
                                         : g_strdup_printf ("%d days ago", days);

      g_string_append_printf (out,
                              "Amazon Linux 2 reached its end of support on %s (%s): no more "
                              "security updates. Migrate to Amazon Linux 2023.\n",
                              core.end_of_support, ago);
    }
  else if (core.eos == EXTRAS_EOS_NOTE)
    {
      int days = days_between (today, core.end_of_support);

      g_string_append_printf (out,
                              "Amazon Linux 2 reaches its end of support on %s (in %d day%s). "
                              "Plan your migration to Amazon Linux 2023.\n",
                              core.end_of_support, days, days == 1 ? "" : "s");
    }
  if (motd != NULL && motd[0] != '\0')
    {
      g_string_append (out, motd);
      if (!g_str_has_suffix (motd, "\n"))
        g_string_append_c (out, '\n');
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
extras_policy_dup_today (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}
