/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>
#include "extras-topic.h"

G_BEGIN_DECLS

/**
 * ExtrasCatalog:
 *
 * The set of topics, in catalog order, plus what is not per topic: the motd,
 * the core's end of Long Term Support, and the core packages whose user-space
 * ABI is promised stable.  Read from topic YAML files (`document:
 * extras-topic`), a catalog YAML file (`document: extras-catalog`), or the
 * original tool's JSON catalogs (v1 with `whitelists`, v2 with per-topic
 * `conflicts` and `deprecated-at`).
 */
typedef struct _ExtrasCatalog ExtrasCatalog;

/* Limits on what a catalog may hold; larger input is refused with EXTRAS_ERROR_PARSE. */
#define EXTRAS_CATALOG_MAX_FILE_SIZE (4 * 1024 * 1024)
#define EXTRAS_CATALOG_MAX_TOPICS 1024
#define EXTRAS_CATALOG_MAX_DEPTH 16
#define EXTRAS_NAME_MAX 64

EXTRAS_PUBLIC ExtrasCatalog *
extras_catalog_ref (ExtrasCatalog *catalog);
EXTRAS_PUBLIC void
extras_catalog_unref (ExtrasCatalog *catalog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasCatalog, extras_catalog_unref)

/**
 * extras_catalog_new_from_dir:
 * @path: a directory of `*.yaml` files: topic files and at most one catalog file
 *
 * Returns: (transfer full): the catalog, topics ordered by file name (their
 *   `index` decides the order of `list`), or %NULL with EXTRAS_ERROR_PARSE
 *   (message `FILE:LINE:COLUMN: ...`) or EXTRAS_ERROR_IO.
 */
EXTRAS_PUBLIC ExtrasCatalog *
extras_catalog_new_from_dir (const char *path, GError **error);

/*
 * extras_catalog_new_from_dir_cached:
 * @dir: as for extras_catalog_new_from_dir()
 * @cache_path: the cache file; its directory is created (0700, parents 0755)
 *
 * The catalog from the cache when the cache's key matches the directory's
 * *.yaml files (names, inodes, sizes, mtimes, ctimes, and the directory's
 * own), else parsed by extras_catalog_new_from_dir() and written to the
 * cache atomically.  A cache that cannot be read, is corrupt, or cannot be
 * written is only logged with g_debug(); the result is always what parsing
 * gives.
 *
 * Returns: (transfer full): the catalog, or %NULL with the parser's error.
 */
EXTRAS_PUBLIC ExtrasCatalog *
extras_catalog_new_from_dir_cached (const char *dir, const char *cache_path, GError **error);

/**
 * extras_catalog_new_from_file:
 * @path: one YAML file (one or several documents) or one JSON catalog
 * @arch: the architecture a JSON catalog describes (JSON catalogs are per arch)
 */
EXTRAS_PUBLIC ExtrasCatalog *
extras_catalog_new_from_file (const char *path, const char *arch, GError **error);

/**
 * extras_catalog_new_from_data:
 * @origin: what to name in error messages (a file name or URL)
 */
EXTRAS_PUBLIC ExtrasCatalog *
extras_catalog_new_from_data (const char *data, gsize len, const char *origin, const char *arch,
                              GError **error);

EXTRAS_PUBLIC guint
extras_catalog_get_n_topics (const ExtrasCatalog *catalog);
/** Returns: (transfer none): the @i'th topic in catalog order */
EXTRAS_PUBLIC ExtrasTopic *
extras_catalog_get_topic (const ExtrasCatalog *catalog, guint i);
/** Returns: (transfer none) (nullable) */
EXTRAS_PUBLIC ExtrasTopic *
extras_catalog_lookup (const ExtrasCatalog *catalog, const char *name);

/**
 * extras_catalog_dup_topics_for_arch:
 *
 * Returns: (transfer container) (element-type ExtrasTopic): the topics @arch
 *   lists, ordered by their index on @arch.
 */
EXTRAS_PUBLIC GPtrArray *
extras_catalog_dup_topics_for_arch (const ExtrasCatalog *catalog, const char *arch);

/** Returns: (nullable): the message of the day */
EXTRAS_PUBLIC const char *
extras_catalog_get_motd (const ExtrasCatalog *catalog);
/** Returns: (nullable): end of the core's Long Term Support, `YYYY-MM-DD` */
EXTRAS_PUBLIC const char *
extras_catalog_get_core_end_of_support (const ExtrasCatalog *catalog);
/** Returns: core packages with a stable user-space ABI (never NULL) */
EXTRAS_PUBLIC const char *const *
extras_catalog_get_stable_abi_packages (const ExtrasCatalog *catalog);
/** Returns: (nullable): where the catalog came from (a path or URL) */
EXTRAS_PUBLIC const char *
extras_catalog_get_origin (const ExtrasCatalog *catalog);

/**
 * extras_catalog_conflict:
 * @names: (array zero-terminated=1): topic names that would be enabled together
 *
 * Checks a set of topics against the catalog's rules: declared conflicts (in
 * either direction) and, for v1 catalogs, the whitelists.
 *
 * Returns: %NULL when the set is allowed, else (transfer none) the name of a
 *   topic of @names that conflicts with another; @out_other (optional) gets
 *   that other one (transfer none).
 */
EXTRAS_PUBLIC const char *
extras_catalog_conflict (const ExtrasCatalog *catalog, const char *const *names,
                         const char **out_other);

/**
 * extras_catalog_conflicts_with:
 *
 * Whether @a and @b may not be enabled together.
 */
EXTRAS_PUBLIC gboolean
extras_catalog_conflicts_with (const ExtrasCatalog *catalog, const char *a, const char *b);

G_END_DECLS
