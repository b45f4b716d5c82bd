/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The executor: the package manager that performs an install, and the part
 * of its configuration that changes a solution, mapped onto libsolv as
 * libdnf (dnf) and yum do it.  For resolve.c and pool.c. */

#include "resolve-private.h"
#include "extras-package-manager.h"

G_BEGIN_DECLS

typedef struct
{
  ExtrasPackageManager pm;
  char *why;             /* how the package manager was chosen (one line) */
  char *config_path;     /* the main configuration read; NULL when there is none */
  GStrv excludes;        /* [main] exclude= / excludepkgs= */
  GStrv includes;        /* [main] includepkgs= */
  GStrv installonly;     /* installonlypkgs, defaults included */
  int installonly_limit; /* 0: no limit */
  gboolean weak_deps;    /* install_weak_deps (yum: never) */
  gboolean best;         /* best (yum: always) */
  gboolean obsoletes;    /* obsoletes: upgrades follow Obsoletes */
  char *multilib_policy;
  gboolean multilib_all;                 /* multilib_policy=all: every arch of a name */
  GStrv exclude_from_weak;               /* dnf: [main] exclude_from_weak= */
  gboolean exclude_from_weak_autodetect; /* dnf: [main] exclude_from_weak_autodetect= */
  GArray *installonly_ids;               /* Id, set by extras_executor_prepare() */
} ExtrasExecutor;

/* The executor with its defaults (no configuration file read). */
ExtrasExecutor *
extras_executor_new (ExtrasPackageManager pm);
/* Reads ROOT/etc/yum.conf (yum) or ROOT/etc/dnf/dnf.conf (dnf) into a new
 * executor; a missing file leaves the defaults.  @root: "" for /. */
ExtrasExecutor *
extras_executor_load (const char *root, ExtrasPackageManager pm, const char *why, GError **error);
void
extras_executor_free (ExtrasExecutor *executor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasExecutor, extras_executor_free)

/* Before pool_createwhatprovides(): takes the packages that the main and the
 * per-repository exclude/excludepkgs/includepkgs hide out of
 * pool->considered (created when needed; installed packages are never
 * hidden), and looks up the installonly ids. Returns whether any package was
 * taken out. */
gboolean
extras_executor_prepare (ExtrasExecutor *executor, Pool *pool);

/* Whether priorities exclude (yum-plugin-priorities) rather than prefer (dnf). */
gboolean
extras_executor_priorities_exclude (const ExtrasExecutor *executor);

/* The solver flags of the executor (dnf's own, plus weak deps and obsoletes). */
void
extras_executor_set_solver_flags (const ExtrasExecutor *executor, Solver *solver);

/* Completes @job as the executor does (libdnf's Goal constructJob):
 * SOLVER_FORCEBEST on every element when best; dnf with weak dependencies:
 * SOLVER_EXCLUDEFROMWEAK for the packages of exclude_from_weak= and those
 * exclude_from_weak_autodetect finds (providers of an installed package's
 * unmet Recommends, packages that Supplement an installed one); then
 * SOLVER_MULTIVERSION for the installonly provides.  After
 * pool_createwhatprovides(). */
void
extras_executor_complete_job (const ExtrasExecutor *executor, Pool *pool, Queue *job);

/* libdnf's installonly_limit after a solve: when more than the limit of
 * packages of an installonly name would be installed, keeps the newest and
 * adds erase jobs for the others to @job.  Returns whether @job changed (then
 * solve again). */
gboolean
extras_executor_limit_installonly (const ExtrasExecutor *executor, Solver *solver, Queue *job);

/* Whether @p provides an installonly name. */
gboolean
extras_executor_is_installonly (const ExtrasExecutor *executor, Pool *pool, Id p);

/* The model and configuration, for --debug-solver: lines. */
char *
extras_executor_describe (const ExtrasExecutor *executor);

G_END_DECLS
