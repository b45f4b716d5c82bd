/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "catalog-builder-private.h"

G_BEGIN_DECLS

/* ---- YAML documents ---------------------------------------------------- */

typedef enum
{
  KEY_DOCUMENT,
  KEY_VERSION,
  KEY_NAME,
  KEY_SUMMARY,
  KEY_INDEX,
  KEY_VERSIONS,
  KEY_ARCH_VERSIONS,
  KEY_PACKAGES,
  KEY_VISIBLE,
  KEY_CONFLICTS,
  KEY_REQUIRES,
  KEY_ARCHES,
  KEY_END_OF_SUPPORT,
  KEY_SUCCESSOR,
  KEY_KERNEL_SERIES,
  KEY_AL2023,
  KEY_MOTD,
  KEY_CORE_END_OF_SUPPORT,
  KEY_STABLE_ABI,
  N_KEYS
} Key;

enum
{
  IN_TOPIC = 1 << 0,
  IN_CATALOG = 1 << 1,
};

typedef struct
{
  const char *name;
  guint in; /* IN_TOPIC, IN_CATALOG */
} DocumentKey;

extern const DocumentKey extras_document_keys[N_KEYS];

/* What one YAML document said, before we know what kind it is. */
typedef struct
{
  yaml_mark_t start;
  gboolean seen[N_KEYS];
  yaml_mark_t key_mark[N_KEYS];
  yaml_mark_t value_mark[N_KEYS];
  char *strings[N_KEYS];
  GPtrArray *lists[N_KEYS];
  GArray *marks[N_KEYS];
  int version;
  GPtrArray *index_arches;         /* char * */
  GArray *index_values;            /* int */
  GArray *index_marks;             /* yaml_mark_t */
  GPtrArray *arch_versions_arches; /* char *: the keys of `arch-versions` */
  GPtrArray *arch_versions_lists;  /* GPtrArray of char * (NULL-terminated): their lists */
} ExtrasTopicDocument;

/* topic-document.c: a `document: extras-topic` read into @doc. */
gboolean
extras_topic_document_add (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, ExtrasTopicDocument *doc,
                           GError **error);
/* catalog-document.c: the `document: extras-catalog` read into @doc. */
gboolean
extras_catalog_document_add (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, ExtrasTopicDocument *doc,
                             GError **error);

G_END_DECLS
