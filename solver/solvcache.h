/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* .solv files as caches: each carries a key (libsolv userdata) that says what
 * it was made from; a file whose key differs is stale and not read. */

#include <glib.h>
#include <solv/repo.h>

G_BEGIN_DECLS

/* Adds the .solv file @path to @repo if its key is @key; @flags as
 * repo_add_solv() takes them (REPO_EXTEND_SOLVABLES for file lists).
 * Returns FALSE for a missing, stale or unreadable file, which leaves @repo
 * as it was (empty, unless it was being extended). */
gboolean
extras_solv_cache_read (Repo *repo, const char *path, const char *key, int flags);

/* Writes @repo to @path with @key: a temporary file in the same directory,
 * fsync, rename, so that a reader never sees half a file.  With
 * @repodata_id (not 0) only that repodata is written, without the solvables
 * themselves: data that extends a repo cached elsewhere (file lists). */
gboolean
extras_solv_cache_write (Repo *repo, const char *path, const char *key, int repodata_id,
                         GError **error);

/* Writes @len bytes of @data to @path (a temporary file, renamed), mode 0644
 * whatever the umask: the small files beside the caches (their keys). */
gboolean
extras_solv_cache_write_file (const char *path, const char *data, gsize len, GError **error);

G_END_DECLS
