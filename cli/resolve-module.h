/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The entry points of the resolve module (extras-resolve.so), the part of the
 * front end that links libextrasolv-resolve (libsolv, librepo, rpm).  The
 * binary looks them up by name with extras_cli_module_symbol(). */

#include <gmodule.h>
#include "cli.h"
#include "json.h"
#include "extras-resolver.h"

G_BEGIN_DECLS

/* extras_catalog_fetch_signed() for the binary (@key_path nullable). */
typedef ExtrasCatalog *(*ExtrasCliFetchCatalogFunc) (const char *url, const char *key_path,
                                                     const char *cache_dir, const char *arch,
                                                     char **out_warning, GError **error);
G_MODULE_EXPORT ExtrasCatalog *
extras_cli_module_fetch_catalog (const char *url, const char *key_path, const char *cache_dir,
                                 const char *arch, char **out_warning, GError **error);

/* What install previewed, kept for the check after the package manager. */
typedef struct _ExtrasCliInstallPlan ExtrasCliInstallPlan;

/*
 * Resolves the install of @topics against @state (in which they are already
 * enabled, in memory), with the rules of the package manager @pm_argv.  In
 * text mode (@json NULL) prints the transaction to stdout; otherwise adds
 * "transaction" and "problems" members to the open object @json (warnings go
 * to cli->warnings, which the caller writes).  On success @out_nevras gets
 * the NEVRA of every package the transaction installs, upgrades or
 * downgrades: what the package manager is handed (its removals follow from
 * them), and @out_plan what the check afterwards needs (free it with
 * extras_cli_module_plan_free).  Refusals: EXTRAS_ERROR_TOPIC_CONFLICT
 * (declared), EXTRAS_ERROR_DEPENDENCY (found by the solver),
 * EXTRAS_ERROR_WRONG_ARCH, ...
 */
typedef gboolean (*ExtrasCliResolveInstallFunc) (ExtrasCli *cli, ExtrasState *state,
                                                 const char *const *topics,
                                                 const char *const *pm_argv, ExtrasJson *json,
                                                 GStrv *out_nevras, ExtrasCliInstallPlan **out_plan,
                                                 GError **error);
G_MODULE_EXPORT gboolean
extras_cli_module_resolve_install (ExtrasCli *cli, ExtrasState *state, const char *const *topics,
                                   const char *const *pm_argv, ExtrasJson *json, GStrv *out_nevras,
                                   ExtrasCliInstallPlan **out_plan, GError **error);

/*
 * After the package manager returned 0: compares the rpmdb's change with
 * the preview.  Adds "transaction_check" to @json (nullable); in text mode a
 * difference is one block on stderr.  A difference is
 * EXTRAS_ERROR_TRANSACTION_DIFFERS (exit 6), its message the block's first
 * line.  Frees nothing.
 */
typedef gboolean (*ExtrasCliCheckInstallFunc) (ExtrasCli *cli, ExtrasCliInstallPlan *plan,
                                               ExtrasJson *json, GError **error);
G_MODULE_EXPORT gboolean
extras_cli_module_check_install (ExtrasCli *cli, ExtrasCliInstallPlan *plan, ExtrasJson *json,
                                 GError **error);
typedef void (*ExtrasCliPlanFreeFunc) (ExtrasCliInstallPlan *plan);
/* The topics' packages as solved (a name only another package provides is
 * that package's), for "Installing ...". */
typedef const char *const *(*ExtrasCliPlanPackagesFunc) (ExtrasCliInstallPlan *plan);
const char *const *
extras_cli_module_plan_packages (ExtrasCliInstallPlan *plan);
G_MODULE_EXPORT void
extras_cli_module_plan_free (ExtrasCliInstallPlan *plan);

/* Which of @nevras the rpmdb under the root holds now (extras_rpmdb_dup_installed). */
typedef GStrv (*ExtrasCliInstalledFunc) (ExtrasCli *cli, const char *const *nevras, GError **error);
G_MODULE_EXPORT GStrv
extras_cli_module_installed (ExtrasCli *cli, const char *const *nevras, GError **error);

/* Commands that live wholly in the module: `why PACKAGE...` and
 * `validate [TOPIC...]`.  Same signature as the binary's commands. */
G_MODULE_EXPORT int
extras_cli_module_cmd_why (ExtrasCli *cli, int argc, char **argv, GError **error);
G_MODULE_EXPORT int
extras_cli_module_cmd_validate (ExtrasCli *cli, int argc, char **argv, GError **error);
/* `supportinfo [--show FILTER] [PACKAGE...]`: the migration report (cmd-supportinfo.c). */
G_MODULE_EXPORT int
extras_cli_module_cmd_supportinfo (ExtrasCli *cli, int argc, char **argv, GError **error);

/* Within the module: a resolver for @state, loaded (repositories and rpmdb),
 * its load warnings given to cli->warnings. */
ExtrasResolver *
extras_cli_module_load_resolver (ExtrasCli *cli, ExtrasState *state, GError **error);

G_END_DECLS
