/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>
#include "extras-config.h"
#include "extras-catalog.h"

G_BEGIN_DECLS

/**
 * ExtrasState:
 *
 * Which topics are enabled, at which version: the original tool's repo file,
 * `ROOT/etc/yum.repos.d/amzn2-extras.repo`.  Sections the tool does not own,
 * and comments, are kept byte for byte; the sections it writes have the
 * original's exact format.
 */
typedef struct _ExtrasState ExtrasState;

/* Repo files larger than this are refused (EXTRAS_ERROR_PARSE). */
#define EXTRAS_STATE_MAX_FILE_SIZE (1024 * 1024)

EXTRAS_PUBLIC void
extras_state_free (ExtrasState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasState, extras_state_free)

/**
 * extras_state_new_from_data:
 * @origin: the file name to put in error messages
 * @config: (nullable): what decides the section suffixes and URL format
 */
EXTRAS_PUBLIC ExtrasState *
extras_state_new_from_data (const char *data, gsize len, const char *origin, ExtrasConfig *config,
                            GError **error);

/**
 * extras_state_dup:
 *
 * Returns: (transfer full): an independent copy of @state (its repo file
 *   model and the configuration it was read with), for changes that may be
 *   dropped
 */
EXTRAS_PUBLIC ExtrasState *
extras_state_dup (const ExtrasState *state);

/**
 * extras_state_load:
 *
 * Reads @path; a missing file is an empty state.
 */
EXTRAS_PUBLIC ExtrasState *
extras_state_load (const char *path, ExtrasConfig *config, GError **error);

/** Whether the repo file has the `[amzn2extra-NAME]` section (enabled or disabled). */
EXTRAS_PUBLIC gboolean
extras_state_has_topic (const ExtrasState *state, const char *name);
/** Whether `[amzn2extra-NAME]` has `enabled = 1`. */
EXTRAS_PUBLIC gboolean
extras_state_is_enabled (const ExtrasState *state, const char *name);
/**
 * extras_state_get_version:
 *
 * Returns: (nullable): the version the topic is enabled at (`latest` unless
 *   pinned), read from its URL; %NULL without a section.
 */
EXTRAS_PUBLIC const char *
extras_state_get_version (const ExtrasState *state, const char *name);

/** Returns: (transfer full): the names of the enabled topics, in file order */
EXTRAS_PUBLIC GStrv
extras_state_dup_enabled (const ExtrasState *state);
/** Returns: (transfer full): the names of all topics with a section, in file order */
EXTRAS_PUBLIC GStrv
extras_state_dup_topics (const ExtrasState *state);

/**
 * extras_state_enable:
 * @version: (nullable): the version to pin, %NULL for `latest`
 *
 * Adds the topic's three sections, or sets `enabled = 1` (and the version) in
 * existing ones.  Refuses names that are not valid (EXTRAS_ERROR_INVALID_NAME).
 */
EXTRAS_PUBLIC gboolean
extras_state_enable (ExtrasState *state, const char *name, const char *version, GError **error);

/** Sets `enabled = 0` in `[amzn2extra-NAME]`, keeping the sections. */
EXTRAS_PUBLIC gboolean
extras_state_disable (ExtrasState *state, const char *name, GError **error);

/** ExtrasRepoKind: which of a topic's repositories a repository id names. */
typedef enum
{
  EXTRAS_REPO_KIND_BINARY = 0, /* amzn2extra-NAME */
  EXTRAS_REPO_KIND_SOURCE,     /* amzn2extra-NAME + SRC_SUFFIX (`-source`) */
  EXTRAS_REPO_KIND_DEBUGINFO,  /* amzn2extra-NAME + DEBUGINFO_SUFFIX (`-debuginfo`) */
} ExtrasRepoKind;

/**
 * extras_state_dup_repo_topic:
 * @state: (nullable): whose suffixes (SRC_SUFFIX, DEBUGINFO_SUFFIX) apply;
 *   %NULL for the defaults
 * @catalog: (nullable): settles a topic whose own name ends like a suffix
 * @repo_id: a repository id
 * @out_kind: (out) (optional): which of the topic's repositories it is
 *
 * The one rule of which topic owns a repository: `amzn2extra-NAME`, or
 * that followed by the source or debuginfo suffix (the binary repository
 * when the catalog knows the whole rest as a topic).  The resolver, the
 * libdnf plugin and, through `list --json` (`repo_ids`), the dnf plugin
 * follow it.
 *
 * Returns: (transfer full) (nullable): the topic's name, %NULL when @repo_id
 *   is no topic's repository
 */
EXTRAS_PUBLIC char *
extras_state_dup_repo_topic (const ExtrasState *state, const ExtrasCatalog *catalog,
                             const char *repo_id, ExtrasRepoKind *out_kind);

/**
 * extras_state_dup_repo_ids:
 *
 * Returns: (transfer full): the ids of topic @name's repositories, in the
 *   order of #ExtrasRepoKind (binary, source, debuginfo)
 */
EXTRAS_PUBLIC GStrv
extras_state_dup_repo_ids (const ExtrasState *state, const char *name);

/** Returns: (transfer full): the repo file's bytes */
EXTRAS_PUBLIC GBytes *
extras_state_to_bytes (const ExtrasState *state);

/**
 * extras_state_save:
 *
 * Writes the state to @path atomically: a temporary file in the same
 * directory, fsync, rename; the mode and owner of the file it replaces are
 * kept (0644 root for a new one).  On error @path is untouched.
 */
EXTRAS_PUBLIC gboolean
extras_state_save (const ExtrasState *state, const char *path, GError **error);

/**
 * extras_state_remove_stale_files:
 *
 * Removes the temporary files of extras_state_save() for @path that a
 * killed run left behind.  Call it only while holding the lock of @path's
 * directory (extras_lock_acquire()), when no other save can be under way.
 */
EXTRAS_PUBLIC void
extras_state_remove_stale_files (const char *path);

/**
 * ExtrasLock:
 *
 * Serialises the processes that change the state: an exclusive flock(2) on
 * the repos directory, held until freed.
 */
typedef struct _ExtrasLock ExtrasLock;

/**
 * extras_lock_acquire:
 * @dir: the directory that holds the state file
 * @timeout_ms: how long to wait for another process, -1 for ever
 *
 * Returns: (transfer full): the lock, or %NULL with EXTRAS_ERROR_LOCKED
 *   (another process holds it past the timeout), EXTRAS_ERROR_PERMISSION or
 *   EXTRAS_ERROR_IO.
 */
EXTRAS_PUBLIC ExtrasLock *
extras_lock_acquire (const char *dir, int timeout_ms, GError **error);
EXTRAS_PUBLIC void
extras_lock_release (ExtrasLock *lock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasLock, extras_lock_release)

G_END_DECLS
