/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The support policy: what is LTS on a given day and which end-of-support
 * date applies to a package.  Every output (install, info, list --json, why,
 * validate, the plugins through the JSON) asks here. */
#include "extras-policy.h"

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

char *
extras_policy_dup_today (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}
