/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-catalog.h"
#include "topic-private.h"

G_BEGIN_DECLS

struct _ExtrasCatalog
{
  gint ref_count;
  char *origin;
  GPtrArray *topics;   /* (element-type ExtrasTopic) (owned), catalog order */
  GHashTable *by_name; /* name -> ExtrasTopic (borrowed from @topics) */
  char *motd;
  char *core_end_of_support;
  GStrv stable_abi; /* never NULL */
  /* v1 JSON catalogs: each element a set (name -> name) of topics that may be
   * enabled together; NULL when the catalog has no whitelists. */
  GPtrArray *whitelists;
  GHashTable *whitelisted; /* every name that appears in some whitelist */
};

/* catalog.c */
ExtrasCatalog *
extras_catalog_new_empty (const char *origin);

/* catalog-parse.c: collects the topics of one or several sources (files of a
 * directory), then checks what needs all of them (references between
 * topics) and hands out the catalog. */
typedef enum
{
  EXTRAS_CATALOG_FORMAT_AUTO, /* JSON when the first non-blank character is `{` */
  EXTRAS_CATALOG_FORMAT_YAML,
  EXTRAS_CATALOG_FORMAT_JSON,
} ExtrasCatalogFormat;

typedef struct _ExtrasCatalogBuilder ExtrasCatalogBuilder;

ExtrasCatalogBuilder *
extras_catalog_builder_new (const char *origin);
void
extras_catalog_builder_free (ExtrasCatalogBuilder *builder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasCatalogBuilder, extras_catalog_builder_free)

/* @origin names the source in error messages; @arch is the architecture a
 * JSON catalog describes (ignored for YAML). */
gboolean
extras_catalog_builder_add_data (ExtrasCatalogBuilder *builder, const char *data, gsize len,
                                 const char *origin, const char *arch, ExtrasCatalogFormat format,
                                 GError **error);
/* Returns: (transfer full): the catalog; the builder is left empty. */
ExtrasCatalog *
extras_catalog_builder_finish (ExtrasCatalogBuilder *builder, GError **error);

/* catalog-cache.c: a compiled cache of a directory catalog (a GVariant
 * file), so that a warm start does not parse YAML. */

/* The cache file is one GVariant of EXTRAS_CATALOG_CACHE_TYPE, flat so that
 * reading it costs a few passes over bytes rather than one GVariant per
 * string (and no child is more than a fixed array, whose normal form is
 * cheap to check):
 *   u  EXTRAS_CATALOG_CACHE_MAGIC
 *   u  EXTRAS_CATALOG_CACHE_FORMAT_VERSION
 *   t  checksum of the two arrays below
 *   ay at the key: the directory's path then its *.yaml file names (sorted),
 *      each NUL-terminated; and for each of them, in the same order, device,
 *      inode, size, mtime and ctime in nanoseconds.  ctime and the inode
 *      catch what the mtime misses: a file replaced by one of the same size
 *      whose mtime was preserved (rpm, `cp -p`, tar, rsync -t), or an edit
 *      followed by `touch -d`.
 *   ay every string of the catalog, each NUL-terminated, in the order below
 *   ai the structure: counts, presence flags of nullable strings, indexes
 * The catalog, in that order: origin?, motd?, core-end-of-support?,
 * stable-abi[], topics[]; a topic: name, summary?, index[] (arch, index),
 * versions[], arch-versions[] (arch, versions[]; sorted by arch), packages[],
 * visible[], conflicts[], requires[], arches[],
 * kernel-series[], end-of-support?, successor?, al2023 (a flag, then when 1
 * al2023[]).  `x?` is a flag in the ints
 * (then the string when 1), `x[]` a count in the ints, then the items. */
#define EXTRAS_CATALOG_CACHE_KEY_TYPE "(ayat)"
#define EXTRAS_CATALOG_CACHE_TYPE "(uutayatayai)"
/* "EXCC" read as a little-endian u32: a file of another byte order or of
 * another program fails the check. */
#define EXTRAS_CATALOG_CACHE_MAGIC 0x43435845u
/* Bump on any change of the layout above or of what a field means. */
#define EXTRAS_CATALOG_CACHE_FORMAT_VERSION 3u

/* The key (EXTRAS_CATALOG_CACHE_KEY_TYPE) of @dir's catalog as stat() sees
 * it now, or NULL when the directory or one of its files cannot be stat'd.
 * @out_racy (optional): whether a file changed too recently for the key to
 * be trusted (then the catalog is not cached). */
GVariant *
extras_catalog_cache_dup_key (const char *dir, gboolean *out_racy);
/* Returns: (transfer full) (nullable): the cached catalog when @cache_path
 * holds a valid cache for @key, else NULL. */
ExtrasCatalog *
extras_catalog_cache_load (const char *cache_path, GVariant *key);
/* Writes @catalog under @key to @cache_path (temporary file, then rename). */
gboolean
extras_catalog_cache_write (const char *cache_path, GVariant *key, const ExtrasCatalog *catalog,
                            GError **error);

/* Whether @name is a file that extras_catalog_new_from_dir() reads (and
 * so one the cache's key covers): *.yaml and *.yml, not hidden. */
gboolean
extras_catalog_is_yaml_file_name (const char *name);

/* catalog-flat.c: the cache's payload.  Appends every field of @catalog to
 * @strings (NUL-terminated) and @ints, in one fixed order. */
void
extras_catalog_flat_write (const ExtrasCatalog *catalog, GByteArray *strings, GArray *ints);
/* Returns: (transfer full) (nullable): the catalog of a flat form, or NULL
 * when it is not exactly one that extras_catalog_flat_write() gives for a
 * valid catalog.  @strings must end with a NUL. */
ExtrasCatalog *
extras_catalog_flat_read (const char *strings, gsize strings_len, const gint32 *ints, gsize n_ints);

G_END_DECLS
