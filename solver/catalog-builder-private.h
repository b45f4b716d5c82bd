/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "yaml-reader-private.h"

G_BEGIN_DECLS

/* Where something was defined: for errors that name two places. */
typedef struct
{
  char *origin;
  yaml_mark_t mark;
} ExtrasCatalogSite;

void
extras_catalog_site_free (ExtrasCatalogSite *site);
ExtrasCatalogSite *
extras_catalog_site_new (const char *origin, const yaml_mark_t *mark);

struct _ExtrasCatalogBuilder
{
  char *origin;
  GPtrArray *topics;               /* ExtrasTopic */
  GHashTable *sites;               /* topic name -> ExtrasCatalogSite */
  GHashTable *slots;               /* "ARCH INDEX" -> topic name, YAML topics only */
  GPtrArray *references;           /* Reference */
  ExtrasCatalogSite *catalog_site; /* the catalog document, when there was one */
  char *motd;
  char *core_end_of_support;
  GStrv stable_abi;
  GPtrArray *whitelists; /* GHashTable name sets, or NULL */
};

/* Takes @topic.  @mark is where its name is. */
gboolean
extras_catalog_builder_add_topic (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, ExtrasTopic *topic,
                                  const yaml_mark_t *mark, GError **error);
/* A topic name that @from names in @key; checked by extras_catalog_builder_finish(). */
void
extras_catalog_builder_add_reference (ExtrasCatalogBuilder *b, ExtrasYamlParser *p,
                                      const char *from, const char *key, const char *name,
                                      const yaml_mark_t *mark);

/* catalog-yaml.c: a stream of topic and catalog YAML documents. */
gboolean
extras_catalog_parse_yaml (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, GError **error);
/* catalog-json.c: one of the original tool's JSON catalogs (v1, v2), for @arch. */
gboolean
extras_catalog_parse_json (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, const char *arch,
                           GError **error);

G_END_DECLS
