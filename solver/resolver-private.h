/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The resolver's and the transaction's fields, for resolve.c, policy.c and
 * the solver tests. */

#include "resolve-private.h"
#include "executor-private.h"

G_BEGIN_DECLS

struct _ExtrasResolver
{
  ExtrasConfig *config;
  ExtrasCatalog *catalog;
  char *arch;
  char *today;
  char *debug_dir;
  char *cache_dir;
  ExtrasProgressFunc progress;
  gpointer progress_data;
  GHashTable *enabled;      /* topic name -> version (`latest` unless pinned) */
  GPtrArray *enabled_order; /* char *: the enabled topics in state order */
  ExtrasState *state;       /* the state file as it is in memory (a copy), or NULL */
  GPtrArray *repo_confs;    /* ExtrasRepoConf */
  Pool *pool;
  GPtrArray *warnings;       /* NULL-terminated */
  GPtrArray *problems;       /* NULL-terminated */
  GHashTable *unreachable;   /* topic -> why its repository was skipped (one line) */
  GHashTable *repo_warnings; /* repository id -> the warning load gave for it (borrowed) */
  ExtrasPackageManager pm;   /* whose rules the solve follows */
  char *pm_why;              /* how it was chosen */
  ExtrasExecutor *executor;  /* its configuration, read by load (defaults otherwise) */
  char *cache_root;          /* where load cached the metadata and the rpmdb */
};

typedef struct
{
  ExtrasAction action;
  char *name;
  char *evr;
  char *arch;
  char *repo;
  char *topic;
  gboolean lts;
  ExtrasEos eos;
  char *end_of_support;
  ExtrasSupportSource support_source;
  GStrv replaces; /* NEVRAs of the installed packages it replaces, or that replace it */
} ExtrasTransactionItem;

struct _ExtrasTransaction
{
  GPtrArray *items;    /* ExtrasTransactionItem */
  GPtrArray *warnings; /* NULL-terminated */
  GPtrArray *packages; /* NULL-terminated: the topics' packages as solved */
};

ExtrasTransaction *
extras_transaction_new (void);
void
extras_strv_array_add (GPtrArray *array, char *line);
const char *
extras_resolver_get_today (ExtrasResolver *resolver);

/* For tests: take @pool (repositories loaded, e.g. from a testcase) instead of
 * extras_resolver_load(), then add the topics and hide as load does. */
void
extras_resolver_set_pool (ExtrasResolver *resolver, Pool *pool);
Pool *
extras_resolver_get_pool (ExtrasResolver *resolver);
void
extras_resolver_finish_pool (ExtrasResolver *resolver);
/* Hides what the executor's excludes, the disabled topics and (yum) the
 * priorities hide, from a pool->considered that is NULL. */
void
extras_resolver_hide_packages (ExtrasResolver *resolver);

/* The seams validate solves through, instead of editing the resolver. */
typedef enum
{
  EXTRAS_SOLVE_DEFAULT = 0,
  /* The conflicts the catalog declares between the enabled topics are no
   * rules of this solve: only their packages can clash. */
  EXTRAS_SOLVE_WITHOUT_TOPIC_CONFLICTS = 1 << 0,
} ExtrasSolveFlags;

/* Solves as if the repo file enabled @topics alone (at latest): before
 * extras_resolver_load(), the in-memory state enables them (and no other
 * topic), so that loading reads their repositories and only theirs; after
 * it, the other topics' packages are hidden and yum-plugin-priorities is
 * redone among what remains. */
gboolean
extras_resolver_set_enabled (ExtrasResolver *resolver, const char *const *topics, GError **error);
/* extras_resolver_resolve_install() with @flags; the resolver is as it was
 * after. */
ExtrasTransaction *
extras_resolver_resolve_install_with (ExtrasResolver *resolver, const char *const *specs,
                                      ExtrasSolveFlags flags, GError **error);
/* The warning extras_resolver_load() gave for repository @repo_id, or NULL. */
const char *
extras_resolver_get_repo_warning (ExtrasResolver *resolver, const char *repo_id);

/* livepatch.c: `5.10.210-201.852.amzn2` -> `5.10` */
char *
extras_kernel_series (const char *evr);

/* policy.c */
void
extras_policy_check_transaction (ExtrasResolver *resolver, const char *const *specs,
                                 ExtrasTransaction *transaction);

/* problems.c */
/* Whether @specs (TOPIC[=VERSION]) name @name. */
gboolean
extras_spec_has_topic (const char *const *specs, const char *name);
/* Why the repository of a topic of @specs was skipped, or NULL. */
const char *
extras_resolver_unreachable_topic_repo (ExtrasResolver *r, const char *const *specs);
/* Fills r->problems; returns whether one is a conflict the catalog declares,
 * and then that topic (@out_conflict). */
gboolean
extras_resolver_describe_problems (ExtrasResolver *r, Solver *solv, const char *const *specs,
                                   char **out_conflict);

G_END_DECLS
