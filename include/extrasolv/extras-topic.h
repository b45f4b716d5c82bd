/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>

G_BEGIN_DECLS

/**
 * ExtrasTopic:
 *
 * One extras topic: a curated package set published in its own repository
 * (`amzn2extra-NAME`), outside the core's Long Term Support.  Immutable once
 * loaded; reference counted.
 */
typedef struct _ExtrasTopic ExtrasTopic;

/** ExtrasEos: where a topic stands against its end-of-support date. */
typedef enum
{
  EXTRAS_EOS_NONE = 0, /* no end-of-support date */
  EXTRAS_EOS_NOTE,     /* a date still ahead: the `†` marker */
  EXTRAS_EOS_REACHED,  /* the date is today or past: hidden unless enabled, `*` */
} ExtrasEos;

EXTRAS_PUBLIC ExtrasTopic *
extras_topic_ref (ExtrasTopic *topic);
EXTRAS_PUBLIC void
extras_topic_unref (ExtrasTopic *topic);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasTopic, extras_topic_unref)

EXTRAS_PUBLIC const char *
extras_topic_get_name (const ExtrasTopic *topic);
/** Returns: (nullable): a one-line description */
EXTRAS_PUBLIC const char *
extras_topic_get_summary (const ExtrasTopic *topic);

/**
 * extras_topic_get_index:
 * @arch: a base architecture (`x86_64`, `aarch64`)
 *
 * Returns: the topic's position in `list` on @arch, or -1 when the catalog of
 *   @arch does not list it.
 */
EXTRAS_PUBLIC int
extras_topic_get_index (const ExtrasTopic *topic, const char *arch);

/* The borrowed, NULL-terminated lists of the topic file (never NULL, maybe empty). */
/** The topic file's `versions`, whatever `arch-versions` says for some architectures. */
EXTRAS_PUBLIC const char *const *
extras_topic_get_versions (const ExtrasTopic *topic);
/**
 * extras_topic_get_versions_for_arch:
 * @arch: (nullable): a base architecture; %NULL for the topic's `versions`
 *
 * Returns: the versions `list` shows on @arch: its `arch-versions` entry when
 *   the topic file has one, else `versions`
 */
EXTRAS_PUBLIC const char *const *
extras_topic_get_versions_for_arch (const ExtrasTopic *topic, const char *arch);
EXTRAS_PUBLIC const char *const *
extras_topic_get_packages (const ExtrasTopic *topic);
EXTRAS_PUBLIC const char *const *
extras_topic_get_visible (const ExtrasTopic *topic);
EXTRAS_PUBLIC const char *const *
extras_topic_get_conflicts (const ExtrasTopic *topic);
EXTRAS_PUBLIC const char *const *
extras_topic_get_requires (const ExtrasTopic *topic);
/** The architectures it can be installed on. */
EXTRAS_PUBLIC const char *const *
extras_topic_get_arches (const ExtrasTopic *topic);
/** Kernel series that live patches of this topic cover (`4.14`, `5.10`); livepatch only. */
EXTRAS_PUBLIC const char *const *
extras_topic_get_kernel_series (const ExtrasTopic *topic);

/** Returns: (nullable): the end-of-support date as `YYYY-MM-DD` */
EXTRAS_PUBLIC const char *
extras_topic_get_end_of_support (const ExtrasTopic *topic);
/** Returns: (nullable): the topic to suggest when this one reaches its end of support */
EXTRAS_PUBLIC const char *
extras_topic_get_successor (const ExtrasTopic *topic);

/**
 * extras_topic_get_al2023:
 *
 * Returns: (nullable): the Amazon Linux 2023 packages that replace the
 *   topic's (the topic file's `al2023`); empty when AL2023 has no
 *   equivalent; %NULL when the catalog does not say
 */
EXTRAS_PUBLIC const char *const *
extras_topic_get_al2023 (const ExtrasTopic *topic);

/**
 * extras_topic_has_version:
 * @arch: (nullable): the architecture whose versions count (%NULL: `versions`)
 *
 * Whether @version can be enabled on @arch: `latest`, or one of
 * extras_topic_get_versions_for_arch().
 */
EXTRAS_PUBLIC gboolean
extras_topic_has_version (const ExtrasTopic *topic, const char *arch, const char *version);
EXTRAS_PUBLIC gboolean
extras_topic_supports_arch (const ExtrasTopic *topic, const char *arch);
/** Whether the topic ships kernel live patches (named `livepatch`, or with kernel series). */
EXTRAS_PUBLIC gboolean
extras_topic_is_livepatch (const ExtrasTopic *topic);

/**
 * extras_topic_get_eos:
 * @today: the day to judge by, `YYYY-MM-DD`
 *
 * A date equal to the end-of-support date counts as reached.
 */
EXTRAS_PUBLIC ExtrasEos
extras_topic_get_eos (const ExtrasTopic *topic, const char *today);

/**
 * extras_name_is_valid:
 *
 * Whether @name is a valid topic (and so repo id) name:
 * `[A-Za-z0-9][A-Za-z0-9._-]*`, at most 64 characters.
 */
EXTRAS_PUBLIC gboolean
extras_name_is_valid (const char *name);

/**
 * extras_version_is_valid:
 *
 * Whether @version is a valid topic version (what a catalog may list and
 * `TOPIC=VERSION` may ask for; it ends up in repository URLs):
 * `[A-Za-z0-9][A-Za-z0-9._+~-]*`, at most 64 characters.
 */
EXTRAS_PUBLIC gboolean
extras_version_is_valid (const char *version);

/**
 * extras_topic_spec_parse:
 * @text: a `TOPIC` or `TOPIC=VERSION` argument
 * @out_name: (out) (transfer full): the topic name
 * @out_version: (out) (transfer full) (nullable): the version, %NULL without `=`
 *
 * The one parser of `TOPIC[=VERSION]`: splits at the first `=` and checks
 * the name (extras_name_is_valid()) and the version
 * (extras_version_is_valid()); EXTRAS_ERROR_INVALID_NAME otherwise.
 */
EXTRAS_PUBLIC gboolean
extras_topic_spec_parse (const char *text, char **out_name, char **out_version, GError **error);

/**
 * extras_topic_spec_dup_name:
 * @spec: a `TOPIC` or `TOPIC=VERSION` argument, not checked
 *
 * The topic part of @spec, split as extras_topic_spec_parse() splits (what
 * `disable TOPIC=VERSION` and the resolver's topic lists name).
 *
 * Returns: (transfer full): the name
 */
EXTRAS_PUBLIC char *
extras_topic_spec_dup_name (const char *spec);

/**
 * extras_topic_repo_id:
 * @suffix: (nullable): %NULL for the topic's binary repository, else the
 *   configured source or debuginfo suffix (`-source`, `-debuginfo`)
 *
 * The one naming rule of topic repositories: `amzn2extra-NAME` + @suffix.
 *
 * Returns: (transfer full): the repository (and repo file section) id
 */
EXTRAS_PUBLIC char *
extras_topic_repo_id (const char *name, const char *suffix);

/**
 * extras_repo_id_strip_prefix:
 *
 * Returns: (transfer none) (nullable): the part of @id after `amzn2extra-`,
 *   or %NULL when @id is not a topic repository's id.
 */
EXTRAS_PUBLIC const char *
extras_repo_id_strip_prefix (const char *id);

G_END_DECLS
