/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* .solv files as caches: each carries a key (libsolv userdata) that says what
 * it was made from; a file whose key differs is stale and not read. */

#include <glib.h>
#include <solv/repo.h>

G_BEGIN_DECLS

/* Adds the .solv file @path to @repo if its key is @key.  Returns FALSE, with
 * @repo left empty, for a missing, stale or unreadable file. */
gboolean
extras_solv_cache_read (Repo *repo, const char *path, const char *key);

/* Writes @repo to @path with @key: a temporary file in the same directory,
 * fsync, rename, so that a reader never sees half a file. */
gboolean
extras_solv_cache_write (Repo *repo, const char *path, const char *key, GError **error);

G_END_DECLS
