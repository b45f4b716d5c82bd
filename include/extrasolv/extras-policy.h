/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>
#include "extras-catalog.h"

G_BEGIN_DECLS

/**
 * ExtrasSupportSource:
 *
 * Where the end-of-support date that applies to a package comes from.
 */
typedef enum
{
  EXTRAS_SUPPORT_SOURCE_NONE = 0, /* no date applies (a catalog without core-end-of-support) */
  EXTRAS_SUPPORT_SOURCE_TOPIC,    /* the topic's own end-of-support date */
  EXTRAS_SUPPORT_SOURCE_CORE,     /* the catalog's core-end-of-support */
} ExtrasSupportSource;

/**
 * ExtrasSupport:
 * @lts: whether the package has Long Term Support on the day asked: a core
 *   package before the core's end of support; never a topic package
 * @eos: where it stands against @end_of_support on that day
 * @end_of_support: (nullable): the date that applies, `YYYY-MM-DD`, borrowed
 *   from the catalog or the topic
 * @source: where @end_of_support comes from
 *
 * The support status of a package (or of a whole topic) on one day.
 */
typedef struct
{
  gboolean lts;
  ExtrasEos eos;
  const char *end_of_support;
  ExtrasSupportSource source;
} ExtrasSupport;

/**
 * extras_policy_get_support:
 * @topic: (nullable): the topic whose repository the package comes from, or
 *   %NULL for a core package
 * @today: the day to judge by, `YYYY-MM-DD`
 *
 * The one support policy every output uses.  A core package is LTS until the
 * catalog's core-end-of-support, then its support has ended (`lts` false, eos
 * reached).  A topic package is never LTS; its support ends at the topic's
 * date or the core's, whichever comes first.  A date equal to @today counts
 * as reached.
 *
 * (`list` markers and hiding follow the topic's explicit date only, as the
 * original's did: extras_topic_get_eos().)
 */
EXTRAS_PUBLIC ExtrasSupport
extras_policy_get_support (const ExtrasCatalog *catalog, const ExtrasTopic *topic,
                           const char *today);

/**
 * extras_policy_get_package_support:
 * @topic: (nullable): the name of the topic whose repository the package
 *   comes from (`amzn2extra-TOPIC`), %NULL for a core package
 *
 * As extras_policy_get_support(); a package of a topic the catalog does not
 * know is a topic package all the same (not LTS, ends with the core).
 */
EXTRAS_PUBLIC ExtrasSupport
extras_policy_get_package_support (const ExtrasCatalog *catalog, const char *topic,
                                   const char *today);

/**
 * ExtrasReplacement:
 * @successor: (nullable): the first topic of the successor chain (the topic
 *   itself left out) whose support has not ended on the day asked and that
 *   the architecture lists; %NULL when none is left on Amazon Linux 2
 * @al2023: (nullable): the Amazon Linux 2023 packages that replace the topic:
 *   its own `al2023`, else that of the first topic of its successor chain
 *   that has one; empty when AL2023 has no equivalent; %NULL when not known
 * @al2023_from: (nullable): the topic whose `al2023` that is
 *
 * What to move to from a topic.  Borrowed from the catalog.
 */
typedef struct
{
  const ExtrasTopic *successor;
  const char *const *al2023;
  const ExtrasTopic *al2023_from;
} ExtrasReplacement;

EXTRAS_PUBLIC ExtrasReplacement
extras_policy_get_replacement (const ExtrasCatalog *catalog, const ExtrasTopic *topic,
                               const char *arch, const char *today);

/**
 * extras_policy_dup_advice:
 *
 * Returns: (transfer full): what to do instead of @topic, as a clause for a
 *   sentence about it: `its successor is T: amazon-linux-extras install T`, or
 *   the Amazon Linux 2023 packages that replace it, or that there are none
 */
EXTRAS_PUBLIC char *
extras_policy_dup_advice (const ExtrasCatalog *catalog, const ExtrasTopic *topic, const char *arch,
                          const char *today);

/**
 * extras_policy_check_arch:
 * @arch: a base architecture
 *
 * Whether @topic can be used on @arch: one of its architectures, and for a
 * kernel live patch topic x86_64 (live patches exist for x86_64 only, even
 * where the catalog lists the topic).  EXTRAS_ERROR_WRONG_ARCH otherwise.
 */
EXTRAS_PUBLIC gboolean
extras_policy_check_arch (const ExtrasTopic *topic, const char *arch, GError **error);

/** Returns: `"topic"`, `"core"`, or %NULL for EXTRAS_SUPPORT_SOURCE_NONE */
EXTRAS_PUBLIC const char *
extras_support_source_to_string (ExtrasSupportSource source);

/** Returns: `"none"`, `"note"` or `"reached"` */
EXTRAS_PUBLIC const char *
extras_eos_to_string (ExtrasEos eos);

/**
 * extras_policy_core_ended:
 *
 * Whether the core's Long Term Support has ended on @today.
 */
EXTRAS_PUBLIC gboolean
extras_policy_core_ended (const ExtrasCatalog *catalog, const char *today);

/**
 * extras_policy_dup_core_notice:
 *
 * Returns: (transfer full) (nullable): the one line every command says once
 *   (on stderr; in JSON in the `system` object) from the day the core's
 *   support has ended, or %NULL before that day
 */
EXTRAS_PUBLIC char *
extras_policy_dup_core_notice (const ExtrasCatalog *catalog, const char *today);

/**
 * extras_policy_dup_motd:
 *
 * The message of the day as of @today: a first line on the core's support
 * (ending on DATE, in N days; or ended on DATE), then the catalog's motd.
 *
 * Returns: (transfer full) (nullable): the text, ending in a newline, or %NULL
 *   when there is nothing to say
 */
EXTRAS_PUBLIC char *
extras_policy_dup_motd (const ExtrasCatalog *catalog, const char *today);

/**
 * extras_policy_dup_today:
 *
 * Returns: (transfer full): today's date (local time, as `date` prints it), `YYYY-MM-DD`
 */
EXTRAS_PUBLIC char *
extras_policy_dup_today (void);

G_END_DECLS
