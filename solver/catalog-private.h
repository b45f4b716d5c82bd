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

G_END_DECLS
