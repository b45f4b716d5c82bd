/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Internals shared by the resolver's files (fetch, repoconf, metadata, pool,
 * resolve, policy).  libsolv and rpm types may appear here (librepo's only in
 * download.c), never in
 * include/extrasolv/. */

#include <stdio.h>
#include <glib.h>
#include <solv/pool.h>
#include <solv/repo.h>
#include <solv/solver.h>
#include <solv/transaction.h>
#include <solv/queue.h>

#include "extrasolv.h"
#include "extras-resolver.h"
#include "topic-private.h"

G_BEGIN_DECLS

/* The cleanup functions for foreign types, declared once. */
void
extras_pool_free (Pool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pool, extras_pool_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Solver, solver_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Transaction, transaction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FILE, fclose)

static inline void
extras_queue_free (Queue *q)
{
  if (q == NULL)
    return;
  queue_free (q);
  g_free (q);
}
static inline Queue *
extras_queue_new (void)
{
  Queue *q = g_new0 (Queue, 1);
  queue_init (q);
  return q;
}
typedef Queue ExtrasQueue;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasQueue, extras_queue_free)

/* ---- repoconf.c ---- */

/* One enabled repository of ROOT/etc/yum.repos.d, variables substituted. */
typedef struct
{
  char *id;
  char *name;
  GStrv baseurls;   /* never NULL */
  char *mirrorlist; /* nullable */
  char *metalink;   /* nullable */
  GStrv gpgkeys;    /* never NULL; file:// URLs */
  int priority;     /* yum priority, 99 by default */
  int cost;         /* yum's and dnf's cost, 1000 by default: of one package in
                     * several repositories of a priority, the cheapest's */
  gboolean skip_if_unavailable;
  gboolean gpgcheck;
  gboolean repo_gpgcheck;
  gint64 metadata_expire; /* seconds; -1 never */
  int timeout;            /* yum's timeout: seconds to connect, and below minrate */
  int minrate;            /* yum's minrate: bytes per second */
  char *topic;            /* the topic whose repository it is (extras_state_dup_repo_topic()) */
  ExtrasRepoKind kind;    /* which of the topic's repositories it is */
  char *file;             /* the .repo file that defines it */
  GStrv excludes;         /* exclude= and excludepkgs= patterns; never NULL */
  GStrv includes;         /* includepkgs= patterns; never NULL */
} ExtrasRepoConf;

/* A list option of yum or dnf: items separated by spaces, commas or newlines. */
GStrv
extras_conf_split_list (const char *value);

void
extras_repo_conf_free (ExtrasRepoConf *conf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasRepoConf, extras_repo_conf_free)

/* Returns: (element-type ExtrasRepoConf): the enabled repositories of every
 * `*.repo` in @dir, ordered by file name then by file order.  A missing
 * directory is an empty list.  @override_path (nullable) is not read:
 * @override_state's repo file model stands for it (the state as it is in
 * memory), whose suffixes name the topic repositories. */
GPtrArray *
extras_repo_confs_load (ExtrasConfig *config, const char *dir, const char *override_path,
                        const ExtrasState *override_state, GError **error);

/* ---- metadata.c ---- */

typedef struct _ExtrasPrefetch ExtrasPrefetch;

typedef struct
{
  ExtrasProgressFunc progress;
  gpointer progress_data;
  gboolean offline;         /* use the caches only */
  const char *root;         /* where file:// GPG keys are looked for first */
  ExtrasConfig *config;     /* nullable: expands yum variables in mirrorlists */
  ExtrasPrefetch *prefetch; /* nullable: downloads done in parallel beforehand */
} ExtrasMetadataOptions;

/* Downloads at once (threads, at most 8) what extras_metadata_load_repo()
 * would download one after another for each repository of @confs
 * (ExtrasRepoConf) whose cache is not fresh, so that one server that hangs
 * costs one repository's time bound, not one per repository.  No pool is
 * touched.  Put the result in the options of the loads, free it after them
 * (what no load took is removed).  Returns: (nullable): NULL when fewer
 * than two repositories need the network. */
ExtrasPrefetch *
extras_metadata_prefetch (GPtrArray *confs, const char *cache_root,
                          const ExtrasMetadataOptions *options);
void
extras_prefetch_free (ExtrasPrefetch *prefetch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasPrefetch, extras_prefetch_free)

/* Loads @conf's packages into a new repo of @pool: from the .solv cache when
 * it matches the current repomd, else downloaded (librepo), verified and
 * parsed, and cached.  On network failure with a cache, uses it and sets
 * @out_warning.  Returns NULL with an error otherwise; a repo that is
 * skip_if_unavailable returns NULL without error but with a warning. */
Repo *
extras_metadata_load_repo (Pool *pool, const ExtrasRepoConf *conf, const char *cache_root,
                           const ExtrasMetadataOptions *options, char **out_warning,
                           GError **error);

/* Call once every repository is loaded, after pool_addfileprovides() and
 * with pool->considered set.  When a file dependency (`/...`, also inside a
 * rich dependency) of a considered package has no considered provider, adds
 * the file lists (filelists.xml, from the .solv cache keyed like the
 * primary's, else librepo) of every repository of @pool whose appdata is its
 * ExtrasRepoConf, then the file provides, and recreates whatprovides.
 * A repository whose file lists are out of reach adds a line to @warnings
 * (element-type utf8, not NULL-terminated); metadata that fails
 * verification is an error.  Sets @out_loaded (nullable) to whether file
 * lists were added. */
gboolean
extras_metadata_add_filelists (Pool *pool, const char *cache_root,
                               const ExtrasMetadataOptions *options, GPtrArray *warnings,
                               gboolean *out_loaded, GError **error);

/* Returns: (transfer full) (nullable): the one warning of this process
 * about a metadata cache that could not be written, the first time. */
char *
extras_metadata_steal_cache_warning (void);

/* ---- pool.c ---- */

#define EXTRAS_TOPICS_REPO "@topics"

/* Creates the pool: DISTTYPE_RPM, @arch. */
Pool *
extras_pool_new (const char *arch);

/* Loads the rpmdb under @root (NULL or "" for /) as the installed repo. */
gboolean
extras_pool_load_rpmdb (Pool *pool, const char *root, const char *cache_root, GError **error);

/* Adds one pseudo-solvable `topic(NAME) = VERSION` per topic and version in
 * @topics (element-type ExtrasTopic), for @arch, in a repo named
 * EXTRAS_TOPICS_REPO. */
Repo *
extras_pool_add_topics (Pool *pool, GPtrArray *topics, const char *arch);

/* pool->considered, the one map of what the solver may take (libsolv: NULL
 * means everything): made with every solvable set when there is none yet,
 * else grown to the pool's size (solvables added since are considered). */
void
extras_pool_ensure_considered (Pool *pool);
/* Drops pool->considered (everything considered again); libsolv 0.7.23's
 * pool_free() leaves it to its owner. */
void
extras_pool_drop_considered (Pool *pool);

/* Takes out of pool->considered the packages of topic repositories whose
 * topic is not in @enabled (a set of names), then, with @priorities_exclude
 * (yum-plugin-priorities), the packages whose name a repository of better
 * priority offers.  What pool->considered hides already stays hidden.
 * Call after every repo is loaded; calls pool_createwhatprovides. */
void
extras_pool_hide_disabled_topics (Pool *pool, GHashTable *enabled, gboolean priorities_exclude);
/* Whether @p is out of pool->considered because of repository priorities. */
gboolean
extras_pool_is_shadowed (Pool *pool, Id p);

/* `topic(NAME)` and `topic-enabled(NAME)`: the topic's pseudo-package, and
 * the marker that it is enabled (which carries its declared conflicts). */
Id
extras_pool_topic_dep (Pool *pool, const char *name);
/* The id of @str, without rebuilding libsolv's string hash when it is one the
 * topics use; 0 when the pool has no such string. */
Id
extras_pool_lookup_id (Pool *pool, const char *str);
Id
extras_pool_enabled_dep (Pool *pool, const char *name);

/* The topic of a repository (from its name), or NULL. */
char *
extras_pool_repo_topic (Repo *repo);
/* The topic whose binary repository @repo is (the one a topic's install and
 * validate read), else NULL. */
char *
extras_pool_repo_dup_binary_topic (Repo *repo);

/* Builds the install job for @specs (`NAME` or `NAME=VERSION`) on the topic
 * pseudo-solvables. */
gboolean
extras_pool_topic_job (Pool *pool, const char *const *specs, Queue *job, GError **error);

G_END_DECLS
