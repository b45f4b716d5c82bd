/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>
#include "extras-catalog.h"
#include "extras-policy.h"
#include "extras-config.h"
#include "extras-state.h"
#include "extras-package-manager.h"

G_BEGIN_DECLS

/*
 * The resolver: the repositories of
 * ROOT/etc/yum.repos.d, their metadata (downloaded and cached), the installed
 * system, and one pseudo-package per topic and version, solved together.
 */

/**
 * ExtrasResolver:
 *
 * A loaded package universe: what is installed under the root, what every
 * enabled repository offers, and which packages are hidden because their
 * topic is not enabled.
 */
typedef struct _ExtrasResolver ExtrasResolver;

/**
 * ExtrasTransaction:
 *
 * What installing a set of topics would do, package by package.
 */
typedef struct _ExtrasTransaction ExtrasTransaction;

/**
 * ExtrasProgressFunc:
 * @what: the repository id (or file) being downloaded
 * @total: bytes expected, 0 when unknown
 * @done: bytes so far
 *
 * Called during downloads.  Only the front end draws progress bars.
 */
typedef void (*ExtrasProgressFunc) (const char *what, double total, double done,
                                    gpointer user_data);

/** ExtrasAction: what the transaction does to one package. */
typedef enum
{
  EXTRAS_ACTION_INSTALL = 0,
  EXTRAS_ACTION_UPGRADE,
  EXTRAS_ACTION_DOWNGRADE,
  EXTRAS_ACTION_REINSTALL,
  EXTRAS_ACTION_REMOVE,         /* an erasure (installonly_limit) */
  EXTRAS_ACTION_OBSOLETE,       /* removed: a new package of another name obsoletes it */
  EXTRAS_ACTION_INSTALL_BESIDE, /* an installonly package installed beside the old ones */
} ExtrasAction;

/** Returns: (transfer none): `install`, `upgrade`, `downgrade`, `reinstall`, `remove`,
 * `obsoleted`, `install_beside`
 */
EXTRAS_PUBLIC const char *
extras_action_to_string (ExtrasAction action);

/**
 * extras_resolver_new:
 * @config: the configuration (root, yum variables)
 * @catalog: the topics
 * @state: which topics are enabled (may already hold the ones to install)
 * @arch: (nullable): the base architecture, %NULL for the config's
 *
 * Returns: (transfer full): a resolver that has loaded nothing yet.
 */
EXTRAS_PUBLIC ExtrasResolver *
extras_resolver_new (ExtrasConfig *config, ExtrasCatalog *catalog, const ExtrasState *state,
                     const char *arch);
EXTRAS_PUBLIC void
extras_resolver_free (ExtrasResolver *resolver);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasResolver, extras_resolver_free)

/** @today: `YYYY-MM-DD`, to judge end of support by (default: today). */
EXTRAS_PUBLIC void
extras_resolver_set_date (ExtrasResolver *resolver, const char *today);
/** Progress of metadata downloads; %NULL for none. */
EXTRAS_PUBLIC void
extras_resolver_set_progress_func (ExtrasResolver *resolver, ExtrasProgressFunc func,
                                   gpointer user_data);
/** @dir: (nullable): where extras_resolver_resolve_install() writes a libsolv testcase. */
EXTRAS_PUBLIC void
extras_resolver_set_debug_dir (ExtrasResolver *resolver, const char *dir);
/**
 * extras_resolver_set_cache_dir:
 *
 * Where repository metadata and .solv files are cached; default
 * ROOT/var/cache/extrasolv.
 */
EXTRAS_PUBLIC void
extras_resolver_set_cache_dir (ExtrasResolver *resolver, const char *dir);

/**
 * extras_resolver_set_package_manager:
 * @why: (nullable): how it was chosen, one line (for --debug-solver)
 *
 * Whose rules the solve follows (default yum): its main configuration
 * (ROOT/etc/yum.conf or ROOT/etc/dnf/dnf.conf), read by
 * extras_resolver_load(), and its priority model.  Call before loading.
 */
EXTRAS_PUBLIC void
extras_resolver_set_package_manager (ExtrasResolver *resolver, ExtrasPackageManager pm,
                                     const char *why);

/**
 * extras_resolver_set_package_manager_command:
 * @argv: (nullable): the command `install` runs; %NULL for the one
 *   extras_package_manager_dup_command() finds
 *
 * The package manager whose rules the solve follows, from the command that
 * will do the transaction (extras_package_manager_from_command()); when no
 * command is given and none is found (no yum or dnf in PATH), yum's rules,
 * as on Amazon Linux 2.  Call before loading.
 */
EXTRAS_PUBLIC void
extras_resolver_set_package_manager_command (ExtrasResolver *resolver, const char *const *argv);

/**
 * extras_resolver_load:
 *
 * Reads the .repo files, fetches (or takes from the cache) every enabled
 * repository's metadata, reads the rpmdb under the root, and builds the
 * pool.  Errors: EXTRAS_ERROR_NETWORK (a repository that is unreachable,
 * not cached and not skip_if_unavailable; the message names it and its URL),
 * EXTRAS_ERROR_METADATA (bad checksums or signature), EXTRAS_ERROR_PARSE,
 * EXTRAS_ERROR_IO.
 */
EXTRAS_PUBLIC gboolean
extras_resolver_load (ExtrasResolver *resolver, GError **error);

/**
 * extras_resolver_get_warnings:
 *
 * Returns: (transfer none): the warnings collected so far, one line each
 *   (never NULL).
 */
EXTRAS_PUBLIC const char *const *
extras_resolver_get_warnings (ExtrasResolver *resolver);

/**
 * extras_resolver_resolve_install:
 * @specs: (array zero-terminated=1): `TOPIC` or `TOPIC=VERSION`
 *
 * Solves the install of @specs together with the topics enabled in the state.
 * Errors: EXTRAS_ERROR_UNKNOWN_TOPIC, EXTRAS_ERROR_UNKNOWN_VERSION,
 * EXTRAS_ERROR_WRONG_ARCH, EXTRAS_ERROR_TOPIC_CONFLICT (a conflict the
 * catalog declares), EXTRAS_ERROR_DEPENDENCY (other problems); the message
 * holds one line per problem followed by the solver's suggestions, and
 * extras_resolver_get_problems() gives them one by one.
 *
 * Returns: (transfer full): the transaction.
 */
EXTRAS_PUBLIC ExtrasTransaction *
extras_resolver_resolve_install (ExtrasResolver *resolver, const char *const *specs,
                                 GError **error);

/** Returns: (transfer none): the problems of the last failed resolution (never NULL). */
EXTRAS_PUBLIC const char *const *
extras_resolver_get_problems (ExtrasResolver *resolver);

/* Why a package is (not) used: one reason per package of that name in the
 * pool, then one per topic whose catalog entry names it. */
typedef enum
{
  EXTRAS_REASON_INSTALLED,       /* in the rpmdb */
  EXTRAS_REASON_AVAILABLE,       /* a repository offers it and it is used */
  EXTRAS_REASON_SHADOWED,        /* a repository of better priority offers the name */
  EXTRAS_REASON_HIDDEN,          /* its topic is not enabled */
  EXTRAS_REASON_TOPIC_ENABLED,   /* a package of a topic that is enabled */
  EXTRAS_REASON_TOPIC_AVAILABLE, /* a package of a topic that is not enabled */
} ExtrasReasonKind;

typedef struct
{
  ExtrasReasonKind kind;
  char *nevra;   /* the package (NULL for the topic reasons) */
  char *repo;    /* its repository id (NULL when installed or a topic reason) */
  int priority;  /* the repository's yum priority (0 when there is no repository) */
  char *topic;   /* the topic of the repository or of the catalog entry; NULL for the core */
  char *message; /* one sentence for people */
} ExtrasReason;

EXTRAS_PUBLIC const char *
extras_reason_kind_to_string (ExtrasReasonKind kind);
EXTRAS_PUBLIC void
extras_reason_free (ExtrasReason *reason);

/**
 * extras_resolver_explain:
 * @name: a package name
 *
 * Returns: (transfer full) (element-type ExtrasReason): the reasons, in
 *   the order of extras_resolver_explain_package(); %NULL when nothing knows
 *   the name.
 */
EXTRAS_PUBLIC GPtrArray *
extras_resolver_explain (ExtrasResolver *resolver, const char *name);

/**
 * extras_resolver_explain_package:
 * @name: a package name
 *
 * Returns: (transfer full): lines that say where @name is installed from and
 *   can be installed from, or why it is hidden and which topic would provide
 *   it; %NULL when nothing knows the name.
 */
EXTRAS_PUBLIC GStrv
extras_resolver_explain_package (ExtrasResolver *resolver, const char *name);

EXTRAS_PUBLIC void
extras_transaction_free (ExtrasTransaction *transaction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasTransaction, extras_transaction_free)

EXTRAS_PUBLIC guint
extras_transaction_get_n_items (const ExtrasTransaction *transaction);
EXTRAS_PUBLIC ExtrasAction
extras_transaction_get_action (const ExtrasTransaction *transaction, guint i);
EXTRAS_PUBLIC const char *
extras_transaction_get_name (const ExtrasTransaction *transaction, guint i);
/** Returns: `[EPOCH:]VERSION-RELEASE` */
EXTRAS_PUBLIC const char *
extras_transaction_get_evr (const ExtrasTransaction *transaction, guint i);
EXTRAS_PUBLIC const char *
extras_transaction_get_arch (const ExtrasTransaction *transaction, guint i);
/** Returns: the repository id (`@System` for a package removed from the system) */
EXTRAS_PUBLIC const char *
extras_transaction_get_repo (const ExtrasTransaction *transaction, guint i);
/** Returns: (nullable): the topic whose repository provides the package; %NULL for the core */
EXTRAS_PUBLIC const char *
extras_transaction_get_topic (const ExtrasTransaction *transaction, guint i);
/* The package's support on the resolver's date (extras_policy_get_package_support()). */
/** Whether the package is covered by Long Term Support (core packages before the core's end). */
EXTRAS_PUBLIC gboolean
extras_transaction_get_lts (const ExtrasTransaction *transaction, guint i);
/** Where the package stands against the end-of-support date that applies to it. */
EXTRAS_PUBLIC ExtrasEos
extras_transaction_get_eos (const ExtrasTransaction *transaction, guint i);
/** Returns: (nullable): the end-of-support date that applies (the topic's or the core's) */
EXTRAS_PUBLIC const char *
extras_transaction_get_end_of_support (const ExtrasTransaction *transaction, guint i);
/** Where that date comes from. */
EXTRAS_PUBLIC ExtrasSupportSource
extras_transaction_get_support_source (const ExtrasTransaction *transaction, guint i);
/** Returns: (transfer full): `NAME-[EPOCH:]VERSION-RELEASE.ARCH` */
EXTRAS_PUBLIC char *
extras_transaction_dup_nevra (const ExtrasTransaction *transaction, guint i);
/**
 * extras_transaction_get_replaces:
 *
 * Returns: (transfer none): the NEVRAs of the installed packages that item @i
 *   replaces (an upgrade, a downgrade, an install that obsoletes), or for an
 *   `obsoleted` item the packages that replace it; never %NULL.
 */
EXTRAS_PUBLIC const char *const *
extras_transaction_get_replaces (const ExtrasTransaction *transaction, guint i);
/** Returns: (transfer full): NEVRAs of every package to install, upgrade or downgrade: the
 * whole transaction for the package manager (its removals follow from them) */
EXTRAS_PUBLIC GStrv
extras_transaction_dup_install_nevras (const ExtrasTransaction *transaction);

/**
 * extras_resolver_check_installed:
 * @transaction: what extras_resolver_resolve_install() previewed
 * @out_same: (out): whether the rpmdb changed exactly as previewed
 * @out_previewed: (out) (transfer full): the previewed changes, `install NEVRA` and
 *   `remove NEVRA`, sorted
 * @out_happened: (out) (transfer full): the changes of the rpmdb since
 *   extras_resolver_load(), in the same form
 *
 * Reads the rpmdb under the root again (through libsolv) once the package
 * manager has run.  Errors: EXTRAS_ERROR_IO (the rpmdb cannot be read).
 */
EXTRAS_PUBLIC gboolean
extras_resolver_check_installed (ExtrasResolver *resolver, const ExtrasTransaction *transaction,
                                 gboolean *out_same, GStrv *out_previewed, GStrv *out_happened,
                                 GError **error);
/**
 * extras_transaction_get_package_names:
 *
 * Returns: (transfer none): the names of the packages that are the topics'
 *   packages in the solved system, in the topics' order (a name that only
 *   another package provides is that package's name); never %NULL.
 */
EXTRAS_PUBLIC const char *const *
extras_transaction_get_package_names (const ExtrasTransaction *transaction);
/** Returns: (transfer none): policy warnings (livepatch, end of support; never NULL) */
EXTRAS_PUBLIC const char *const *
extras_transaction_get_warnings (const ExtrasTransaction *transaction);

/*
 * Maintainer checks (`validate`): each topic installable on top of the core,
 * declared conflicts real, no undeclared ones, no stable-ABI core package
 * replaced.
 */

/**
 * ExtrasValidation:
 *
 * The findings of extras_resolver_validate(), in the order found.
 */
typedef struct _ExtrasValidation ExtrasValidation;

/** ExtrasFindingSeverity: an error makes `validate` fail; a warning does not. */
typedef enum
{
  EXTRAS_FINDING_ERROR = 0,
  EXTRAS_FINDING_WARNING,
  EXTRAS_FINDING_NOTE, /* information (support status); neither an error nor a warning */
} ExtrasFindingSeverity;

/** ExtrasFindingCheck: which of the checks a finding comes from. */
typedef enum
{
  EXTRAS_CHECK_INSTALLABLE = 0,
  EXTRAS_CHECK_DECLARED_CONFLICT,
  EXTRAS_CHECK_UNDECLARED_CONFLICT,
  EXTRAS_CHECK_STABLE_ABI,
  EXTRAS_CHECK_SUPPORT, /* a checked topic is past its end of support on the day judged */
} ExtrasFindingCheck;

/** Returns: (transfer none): `error`, `warning` or `note` */
EXTRAS_PUBLIC const char *
extras_finding_severity_to_string (ExtrasFindingSeverity severity);
/** Returns: (transfer none): `installable`, `declared_conflict`, `undeclared_conflict`,
 * `stable_abi`, `support` */
EXTRAS_PUBLIC const char *
extras_finding_check_to_string (ExtrasFindingCheck check);

/**
 * extras_resolver_validate:
 * @topics: (array zero-terminated=1) (nullable): the topics to check; %NULL or
 *   empty for every topic of the catalog for the resolver's arch
 *
 * Call instead of extras_resolver_load(), on a resolver that has not been
 * loaded: enables in memory (the state file is never written) the topics it
 * reads, loads, and checks.  Without @topics it reads every topic of the
 * arch; with @topics only those, the topics they require (transitively), and
 * the topics the catalog says they could conflict with (a declared conflict
 * either way, or a package name both list), with what those require.  A
 * topic is checked alone, after the topics it requires, before any pair: a
 * topic broken on its own is one finding of its own (an error when named, a
 * warning otherwise), a named topic requiring it an error that names it, and
 * neither is paired.  A topic whose repository cannot be reached is a warning
 * finding and is not checked further.  Errors (no findings then):
 * EXTRAS_ERROR_UNKNOWN_TOPIC, EXTRAS_ERROR_WRONG_ARCH for @topics, and those
 * of extras_resolver_load().  Repository warnings go to
 * extras_resolver_get_warnings().
 *
 * Returns: (transfer full): the findings.
 */
EXTRAS_PUBLIC ExtrasValidation *
extras_resolver_validate (ExtrasResolver *resolver, const char *const *topics, GError **error);

EXTRAS_PUBLIC void
extras_validation_free (ExtrasValidation *validation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasValidation, extras_validation_free)

/** Returns: (transfer none): the names of the topics checked (never NULL) */
EXTRAS_PUBLIC const char *const *
extras_validation_get_topics (const ExtrasValidation *validation);
EXTRAS_PUBLIC guint
extras_validation_get_n_findings (const ExtrasValidation *validation);
/** The number of findings of @severity. */
EXTRAS_PUBLIC guint
extras_validation_count (const ExtrasValidation *validation, ExtrasFindingSeverity severity);
EXTRAS_PUBLIC ExtrasFindingSeverity
extras_validation_get_severity (const ExtrasValidation *validation, guint i);
EXTRAS_PUBLIC ExtrasFindingCheck
extras_validation_get_check (const ExtrasValidation *validation, guint i);
/** Returns: (transfer none): the one or two topics the finding is about */
EXTRAS_PUBLIC const char *const *
extras_validation_get_finding_topics (const ExtrasValidation *validation, guint i);
/** Returns: (transfer none): one line */
EXTRAS_PUBLIC const char *
extras_validation_get_message (const ExtrasValidation *validation, guint i);
/**
 * extras_validation_says_warning:
 * @warning: one of extras_resolver_get_warnings() of the resolver that validated
 *
 * Whether a finding already says @warning (an unreachable topic repository),
 * so that a front end says it once.
 */
EXTRAS_PUBLIC gboolean
extras_validation_says_warning (const ExtrasValidation *validation, const char *warning);

/**
 * ExtrasSupportInfo:
 *
 * Which installed packages came from which topic: the facts behind
 * `supportinfo`, the migration report (each topic's support and AL2023
 * replacement come from the policy, extras-policy.h).
 */
typedef struct _ExtrasSupportInfo ExtrasSupportInfo;

/** ExtrasMatch: how an installed package was tied to its topic. */
typedef enum
{
  EXTRAS_MATCH_REPOSITORY = 0, /* its NEVRA is in the topic's (loaded) repository */
  EXTRAS_MATCH_NAME,           /* its name is one the topic installs or provides */
} ExtrasMatch;

/**
 * extras_resolver_support_info:
 * @topics: the topics to look for, in order of preference (the enabled ones
 *   first, then those the state file still has a section for)
 *
 * After extras_resolver_load(): every installed package of the rpmdb that
 * comes from one of @topics: by NEVRA when the topic's repository is loaded,
 * else by the names of the topic file (`packages`, `visible`).  Packages of
 * no topic (the core's, or another vendor's) are left out.
 *
 * Returns: (transfer full): the packages, sorted by name
 */
EXTRAS_PUBLIC ExtrasSupportInfo *
extras_resolver_support_info (ExtrasResolver *resolver, const char *const *topics);
EXTRAS_PUBLIC guint
extras_support_info_get_n_packages (const ExtrasSupportInfo *info);
EXTRAS_PUBLIC const char *
extras_support_info_get_name (const ExtrasSupportInfo *info, guint i);
EXTRAS_PUBLIC const char *
extras_support_info_get_evr (const ExtrasSupportInfo *info, guint i);
EXTRAS_PUBLIC const char *
extras_support_info_get_arch (const ExtrasSupportInfo *info, guint i);
EXTRAS_PUBLIC const char *
extras_support_info_get_topic (const ExtrasSupportInfo *info, guint i);
EXTRAS_PUBLIC ExtrasMatch
extras_support_info_get_match (const ExtrasSupportInfo *info, guint i);
/** Returns: (transfer none): `repository` or `name` */
EXTRAS_PUBLIC const char *
extras_match_to_string (ExtrasMatch match);
EXTRAS_PUBLIC void
extras_support_info_free (ExtrasSupportInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasSupportInfo, extras_support_info_free)

/**
 * extras_rpmdb_dup_installed:
 * @config: the configuration (its root)
 * @nevras: `name-[epoch:]version-release.arch` strings
 *
 * Reads the rpmdb under the configuration's root afresh and keeps the
 * @nevras that it holds: what a package manager that failed or was
 * interrupted did install after all.
 *
 * Returns: (transfer full): the installed ones among @nevras, in order.
 */
EXTRAS_PUBLIC GStrv
extras_rpmdb_dup_installed (ExtrasConfig *config, const char *const *nevras, GError **error);

/* Kernel live patching as the FAQ states it: a kernel gets live patches for
 * about 3 months after its release, and only the 6 most recently released
 * default kernels get them. */
#define EXTRAS_LIVEPATCH_WINDOW_MONTHS 3
#define EXTRAS_LIVEPATCH_RECENT_KERNELS 6

/**
 * ExtrasLivepatchKernel:
 * @evr: the kernel's `VERSION-RELEASE`
 * @installed: in the rpmdb (else: about to be installed)
 * @series: `5.10`, ...; @series_covered: one the livepatch topic covers
 * @built: (nullable): its build date, `YYYY-MM-DD` (UTC), from the repository
 *   metadata or the rpmdb; %NULL when not known
 * @window_end: (nullable): @built plus 3 months: the last day of live patches
 * @in_window: the day judged is not after @window_end
 * @rank: 1 for the most recently built default kernel known (the core
 *   repositories' and the installed ones), 0 when not known
 * @recent: @rank is at most 6
 * @supported: all of them, on x86_64
 */
typedef struct
{
  char *evr;
  char *arch;
  gboolean installed;
  char *series;
  gboolean series_covered;
  char *built;
  char *window_end;
  gboolean in_window;
  guint rank;
  gboolean recent;
  gboolean supported;
} ExtrasLivepatchKernel;

EXTRAS_PUBLIC void
extras_livepatch_kernel_free (ExtrasLivepatchKernel *kernel);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasLivepatchKernel, extras_livepatch_kernel_free)

/**
 * extras_resolver_livepatch_kernels:
 * @livepatch: the livepatch topic (its kernel-series)
 * @transaction: (nullable): the kernels it installs are judged, else the
 *   installed ones
 *
 * After extras_resolver_load(): whether each kernel gets live patches on the
 * resolver's day, and until when.
 *
 * Returns: (transfer full) (element-type ExtrasLivepatchKernel): the kernels
 */
EXTRAS_PUBLIC GPtrArray *
extras_resolver_livepatch_kernels (ExtrasResolver *resolver, const ExtrasTopic *livepatch,
                                   const ExtrasTransaction *transaction);

/** Returns: (transfer full): one sentence on @kernel's live patches */
EXTRAS_PUBLIC char *
extras_livepatch_kernel_describe (const ExtrasLivepatchKernel *kernel);

G_END_DECLS
