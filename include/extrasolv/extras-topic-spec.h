/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>
#include "extras-catalog.h"
#include "extras-state.h"
#include "extras-topic.h"

G_BEGIN_DECLS

/**
 * ExtrasWarningCode:
 *
 * What a warning is about, for a front end to decide what to say (never
 * match a warning's message).
 */
typedef enum
{
  /* The catalog gives the topic an end-of-support date (the original's line). */
  EXTRAS_WARNING_TOPIC_END_OF_SUPPORT_DATE = 1,
  /* The support of the topic has ended (its own date or the core's). */
  EXTRAS_WARNING_TOPIC_SUPPORT_ENDED,
} ExtrasWarningCode;

/**
 * ExtrasWarning:
 *
 * One warning the library gives: a code, the topic it is about and one line
 * for the user.  Immutable.
 */
typedef struct _ExtrasWarning ExtrasWarning;

EXTRAS_PUBLIC ExtrasWarningCode
extras_warning_get_code (const ExtrasWarning *warning);
/** Returns: (transfer none): the topic's name */
EXTRAS_PUBLIC const char *
extras_warning_get_topic (const ExtrasWarning *warning);
/** Returns: (transfer none): one line, without a newline */
EXTRAS_PUBLIC const char *
extras_warning_get_message (const ExtrasWarning *warning);

/**
 * extras_topic_dup_warnings:
 * @today: the day to judge by, `YYYY-MM-DD`
 *
 * What to say about @topic when it is named (enable, install, info): its
 * end-of-support date, then that its support has ended, with the advice of
 * extras_policy_dup_advice().
 *
 * Returns: (transfer full) (element-type ExtrasWarning): the warnings, maybe none
 */
EXTRAS_PUBLIC GPtrArray *
extras_topic_dup_warnings (const ExtrasCatalog *catalog, const ExtrasTopic *topic, const char *arch,
                           const char *today);

/**
 * ExtrasTopicSpec:
 *
 * One topic a `TOPIC[=VERSION]` argument asks for, or one that such a topic
 * requires, checked against the catalog and the system.
 */
typedef struct _ExtrasTopicSpec ExtrasTopicSpec;

EXTRAS_PUBLIC void
extras_topic_spec_free (ExtrasTopicSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasTopicSpec, extras_topic_spec_free)

/** Returns: (transfer none): the topic, borrowed from the catalog */
EXTRAS_PUBLIC ExtrasTopic *
extras_topic_spec_get_topic (const ExtrasTopicSpec *spec);
/** Returns: (transfer none): the topic's name */
EXTRAS_PUBLIC const char *
extras_topic_spec_get_name (const ExtrasTopicSpec *spec);
/** Returns: (nullable): the version asked for, %NULL for latest (or `latest` given) */
EXTRAS_PUBLIC const char *
extras_topic_spec_get_version (const ExtrasTopicSpec *spec);
/**
 * extras_topic_spec_get_required_by:
 *
 * Returns: (transfer none) (nullable): the topic whose `requires` pulled this
 *   one in, %NULL for a topic the arguments name
 */
EXTRAS_PUBLIC ExtrasTopic *
extras_topic_spec_get_required_by (const ExtrasTopicSpec *spec);
/**
 * extras_topic_spec_get_pulled_in:
 *
 * Returns: (transfer none) (element-type ExtrasTopic): the topics this one's
 *   `requires` added to the set (not those already in it)
 */
EXTRAS_PUBLIC GPtrArray *
extras_topic_spec_get_pulled_in (const ExtrasTopicSpec *spec);
/**
 * extras_topic_spec_get_warnings:
 *
 * Returns: (transfer none) (element-type ExtrasWarning): the warnings about
 *   the topic (extras_topic_dup_warnings())
 */
EXTRAS_PUBLIC GPtrArray *
extras_topic_spec_get_warnings (const ExtrasTopicSpec *spec);

/**
 * extras_topic_specs_resolve:
 * @args: (array zero-terminated=1): `TOPIC` or `TOPIC=VERSION` arguments, at least one
 * @state: the topics enabled now
 * @arch: the base architecture
 * @today: the day to judge end of support by, `YYYY-MM-DD`
 *
 * The topics to enable for @args: each argument (extras_topic_spec_parse())
 * is a topic of the catalog, at a version it lists, given once, available
 * on @arch (extras_policy_check_arch()); the topics they require follow, in
 * order; no two of the set, nor one of the set and an enabled topic,
 * conflict (declared conflicts, v1 whitelists).  Errors:
 * EXTRAS_ERROR_INVALID_NAME, EXTRAS_ERROR_UNKNOWN_TOPIC,
 * EXTRAS_ERROR_UNKNOWN_VERSION, EXTRAS_ERROR_USAGE (a topic given twice),
 * EXTRAS_ERROR_WRONG_ARCH, EXTRAS_ERROR_TOPIC_CONFLICT, EXTRAS_ERROR_PARSE
 * (a requires chain too deep).
 *
 * Returns: (transfer full) (element-type ExtrasTopicSpec): the specs, the
 *   arguments' first
 */
EXTRAS_PUBLIC GPtrArray *
extras_topic_specs_resolve (const ExtrasCatalog *catalog, const ExtrasState *state,
                            const char *const *args, const char *arch, const char *today,
                            GError **error);

/**
 * extras_state_get_blocked_by:
 *
 * The catalog's policy for a topic that is not enabled: whether a topic
 * @state has enabled conflicts with it (a declared conflict, or a v1
 * whitelist that the set with @topic breaks; a set that already breaks one,
 * enabled by hand, blocks nothing more).
 *
 * Returns: (transfer none) (nullable): the enabled topic that @topic may not
 *   be enabled with, borrowed from @catalog; %NULL when none or @topic is enabled
 */
EXTRAS_PUBLIC ExtrasTopic *
extras_state_get_blocked_by (const ExtrasState *state, const ExtrasCatalog *catalog,
                             const ExtrasTopic *topic);

G_END_DECLS
