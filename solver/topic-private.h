/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-topic.h"

G_BEGIN_DECLS

/* The fields a catalog parser fills before handing the topic out.  Every
 * list is NULL-terminated and owned by the topic; empty lists are empty
 * vectors, never NULL (extras_topic_new() sets them so). */
struct _ExtrasTopic
{
  gint ref_count;
  char *name;
  char *summary;
  GHashTable *index; /* arch (char *) -> GINT_TO_POINTER (index + 1) */
  GStrv versions;
  GHashTable *arch_versions; /* arch (char *) -> GStrv: `arch-versions`, which replace versions */
  GStrv packages;
  GStrv visible;
  GStrv conflicts;
  GStrv requires;
  GStrv arches;
  GStrv kernel_series;
  char *end_of_support; /* YYYY-MM-DD or NULL */
  char *successor;
  GStrv al2023; /* NULL: not known; empty: Amazon Linux 2023 has no replacement */
};

ExtrasTopic *
extras_topic_new (const char *name);
void
extras_topic_set_index (ExtrasTopic *topic, const char *arch, int index);
/* Replaces *field with a copy of @strv (or an empty vector for NULL). */
void
extras_topic_set_strv (GStrv *field, const char *const *strv);
/* The versions of @arch instead of the topic's `versions` (a copy is kept). */
void
extras_topic_set_arch_versions (ExtrasTopic *topic, const char *arch, const char *const *versions);
/* Fills the defaults a parser leaves unset: arches from the index keys. */
void
extras_topic_finish (ExtrasTopic *topic);

G_END_DECLS
