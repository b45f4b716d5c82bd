/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What validate.c, validation.c and validate-footprint.c share. */

#include "resolver-private.h"

G_BEGIN_DECLS

/* validation.c: a validation of the topics @checked (ExtrasTopic), no
 * finding yet. */
ExtrasValidation *
extras_validation_new (GPtrArray *checked);
/* Adds a finding about topic @a (and @b, nullable); takes @message, which
 * becomes one line. */
void
extras_validation_add (ExtrasValidation *v, ExtrasFindingSeverity severity,
                       ExtrasFindingCheck check, const char *a, const char *b, char *message);

/* Records that a finding says @warning (one of the resolver's, borrowed). */
void
extras_validation_add_said (ExtrasValidation *v, const char *warning);

/* validate-scope.c: the topics of the catalog for the resolver's arch that
 * may be installed there (ExtrasTopic, borrowed). */
GPtrArray *
extras_validate_installable_topics (ExtrasResolver *r);
/* The topics of @topics (NULL or empty: all of @all) to check, in order;
 * an unknown or wrong-arch name is an error. */
GPtrArray *
extras_validate_checked_topics (ExtrasResolver *r, GPtrArray *all, const char *const *topics,
                                GError **error);
/* The topics of @all whose repositories are read to check @checked. */
GPtrArray *
extras_validate_scope_topics (ExtrasResolver *r, GPtrArray *all, GPtrArray *checked);

/* validate-footprint.c */
/* What a topic's repository touches, for the pair pre-filter: ids of names. */
typedef struct
{
  GHashTable *provides; /* names and capabilities its packages provide */
  GHashTable *touches;  /* what they conflict with, obsolete or require at a version */
  GHashTable *names;    /* package names */
} ExtrasFootprint;

ExtrasFootprint *
extras_footprint_new (Pool *pool, Repo *repo);
void
extras_footprint_free (ExtrasFootprint *f);
/* Whether installing @a's and @b's topics together can fail where each
 * alone does not (what both touch); pairs that cannot are not solved. */
gboolean
extras_footprint_overlap (const ExtrasFootprint *a, const ExtrasFootprint *b);

G_END_DECLS
