/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>
#include "extras-catalog.h"
#include "extras-config.h"
#include "extras-resolver.h"
#include "extras-state.h"
#include "extras-topic-spec.h"

G_BEGIN_DECLS

/* How long a change waits for another run's lock (EXTRAS_ERROR_LOCKED after). */
#define EXTRAS_SYSTEM_LOCK_TIMEOUT_MS 30000

/**
 * extras_config_lock_state:
 * @out_lock: (out) (transfer full): the lock of the repos directory
 * @out_path: (out) (transfer full): the state file's path
 *
 * Locks the repos directory (extras_lock_acquire(), at most
 * %EXTRAS_SYSTEM_LOCK_TIMEOUT_MS), removes what a killed run left there
 * (extras_state_remove_stale_files()) and loads the state.
 *
 * Returns: (transfer full): the state, read under the lock
 */
EXTRAS_PUBLIC ExtrasState *
extras_config_lock_state (ExtrasConfig *config, ExtrasLock **out_lock, char **out_path,
                          GError **error);

/**
 * ExtrasSystem:
 *
 * "This system" for the operations that change which topics are enabled:
 * its configuration, catalog, architecture and day, the state (read once,
 * under the lock unless read only) and the repo file before and after.
 */
typedef struct _ExtrasSystem ExtrasSystem;

/**
 * extras_system_new:
 * @arch: the base architecture topics are judged for
 * @today: the day end of support is judged by, `YYYY-MM-DD`
 *
 * Returns: (transfer full): a system whose state is not read yet
 */
EXTRAS_PUBLIC ExtrasSystem *
extras_system_new (ExtrasConfig *config, ExtrasCatalog *catalog, const char *arch,
                   const char *today);
EXTRAS_PUBLIC void
extras_system_free (ExtrasSystem *system);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasSystem, extras_system_free)

/**
 * extras_system_open:
 * @read_only: read the state without the lock (nothing is written, not even
 *   the lock file): for --dry-run
 *
 * Reads the state: under the lock of the repos directory unless @read_only
 * (extras_config_lock_state()).
 */
EXTRAS_PUBLIC gboolean
extras_system_open (ExtrasSystem *system, gboolean read_only, GError **error);

/**
 * extras_system_read:
 *
 * Reads the state to look at only (list, info, why, supportinfo, validate):
 * without the lock, as a reader of a file that is only ever replaced whole
 * (extras_state_save() renames) may; nothing is written, no change can be
 * made or committed.
 */
EXTRAS_PUBLIC gboolean
extras_system_read (ExtrasSystem *system, GError **error);

/**
 * extras_system_new_resolver:
 *
 * Returns: (transfer full): a resolver over this system's configuration,
 *   catalog, state (as changed so far), architecture and day, not loaded yet
 *   (extras_resolver_load())
 */
EXTRAS_PUBLIC ExtrasResolver *
extras_system_new_resolver (ExtrasSystem *system);

/** Returns: (transfer none): the catalog */
EXTRAS_PUBLIC ExtrasCatalog *
extras_system_get_catalog (ExtrasSystem *system);

/** Returns: (transfer none): the state as changed so far (after extras_system_open() or
 * extras_system_read()) */
EXTRAS_PUBLIC ExtrasState *
extras_system_get_state (ExtrasSystem *system);
/** Returns: (transfer none): the state file's path */
EXTRAS_PUBLIC const char *
extras_system_get_state_path (ExtrasSystem *system);

/**
 * extras_system_enable:
 * @args: (array zero-terminated=1): `TOPIC[=VERSION]` arguments, at least one
 *
 * Enables, in memory, the topics extras_topic_specs_resolve() decides for
 * @args (their requires included; refused on a conflict).
 *
 * Returns: (transfer full) (element-type ExtrasTopicSpec): what was enabled
 */
EXTRAS_PUBLIC GPtrArray *
extras_system_enable (ExtrasSystem *system, const char *const *args, GError **error);

/**
 * ExtrasTopicRef:
 * @name: the topic's name
 * @version: (nullable): the version the repo file had it enabled at, %NULL
 *   when it was not enabled
 *
 * A topic that extras_system_disable() disabled.
 */
typedef struct
{
  char *name;
  char *version;
} ExtrasTopicRef;

EXTRAS_PUBLIC void
extras_topic_ref_free (ExtrasTopicRef *ref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasTopicRef, extras_topic_ref_free)

/**
 * extras_system_disable:
 * @args: (array zero-terminated=1): topic names; `TOPIC=VERSION` names TOPIC
 *   (what scripts that enabled TOPIC=VERSION tend to write)
 *
 * Disables, in memory, each topic (its sections stay).
 *
 * Returns: (transfer full) (element-type ExtrasTopicRef): each topic with
 *   what it was enabled at before
 */
EXTRAS_PUBLIC GPtrArray *
extras_system_disable (ExtrasSystem *system, const char *const *args, GError **error);

/**
 * extras_system_commit:
 * @write: %FALSE for --dry-run: nothing is written
 *
 * Writes the changed state (extras_state_save()) unless @write is %FALSE or
 * the repo file would not change (then the file is left alone, its mtime
 * too), and releases the lock.
 */
EXTRAS_PUBLIC gboolean
extras_system_commit (ExtrasSystem *system, gboolean write, GError **error);

/**
 * extras_system_check_writable:
 *
 * Whether the repo file can be replaced (its directory written, the file
 * itself when it exists): checked before anything is downloaded, so that an
 * unwritable system fails first, and as what it is (EXTRAS_ERROR_PERMISSION).
 */
EXTRAS_PUBLIC gboolean
extras_system_check_writable (ExtrasSystem *system, GError **error);

/**
 * extras_system_write:
 *
 * Writes the changed state now and keeps the lock: `install` writes it
 * before the package manager runs, and puts it back with
 * extras_system_roll_back() when that fails.  Only for a system opened for a
 * change.
 */
EXTRAS_PUBLIC gboolean
extras_system_write (ExtrasSystem *system, GError **error);

/**
 * extras_system_roll_back:
 * @specs: (element-type ExtrasTopicSpec): the topics the install enabled
 * @nevras: (array zero-terminated=1): the packages of its transaction
 *   (extras_transaction_dup_install_nevras())
 * @ask_rpmdb: whether the package manager ran: then the rpmdb says which
 *   topics were installed all the same
 * @out_kept: (out) (optional) (transfer full): the topics left enabled: the
 *   rpmdb holds every package of theirs in @nevras
 * @out_undone: (out) (optional) (transfer full): the others (both empty
 *   when the package manager did not run or the rpmdb cannot be read: then
 *   every topic is restored)
 *
 * After a failed or interrupted install: puts the repo file back as it was
 * read, except that a topic whose packages were installed all the same
 * (a package manager killed late) stays enabled.  With nothing kept, a repo
 * file that did not exist is removed again.
 *
 * Returns: %TRUE when the repo file is back; %FALSE with error when it could
 *   not be written (it is then as extras_system_write() left it)
 */
EXTRAS_PUBLIC gboolean
extras_system_roll_back (ExtrasSystem *system, GPtrArray *specs, const char *const *nevras,
                         gboolean ask_rpmdb, GStrv *out_kept, GStrv *out_undone, GError **error);

/** Whether the repo file existed when the state was read. */
EXTRAS_PUBLIC gboolean
extras_system_repo_file_existed (ExtrasSystem *system);
/** Returns: (transfer none): the repo file's bytes as read */
EXTRAS_PUBLIC GBytes *
extras_system_get_repo_file_before (ExtrasSystem *system);
/** Returns: (transfer none) (nullable): the bytes extras_system_commit() wrote, or would have */
EXTRAS_PUBLIC GBytes *
extras_system_get_repo_file_after (ExtrasSystem *system);
/** Whether the commit created or changed the repo file (or would have). */
EXTRAS_PUBLIC gboolean
extras_system_repo_file_changed (ExtrasSystem *system);

G_END_DECLS
