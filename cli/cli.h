/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include "extrasolv.h"
#include "extras-fetch.h"
#include "extras-package-manager.h"
#include "extras-resolver.h"
#include "json.h"

G_BEGIN_DECLS

/* What every command gets: the global options and what they lead to.  The
 * catalog and the config are loaded on first use (extras_cli_get_catalog()),
 * so `help` works without either. */
typedef struct
{
  char *root;           /* --root, NULL for / */
  char *catalog_source; /* --catalog */
  char *date;           /* --date, YYYY-MM-DD; today if unset */
  char *arch;           /* --arch; the config's if unset */
  gboolean json;
  gboolean dry_run;
  gboolean yes;
  gboolean verbose;
  gboolean quiet;     /* -q/--quiet: yum's option, which scripts pass to install; handed on */
  char *debug_solver; /* --debug-solver DIR */
  char *show;         /* --show FILTER, for supportinfo */

  ExtrasConfig *config;
  ExtrasCatalog *catalog;
  GPtrArray *warnings;       /* char *: printed to stderr, or put in the JSON */
  GStrv problems;            /* the solver's problems of a refused install, for JSON */
  gboolean skip_root_check;  /* for tests: EXTRAS_SKIP_ROOT_CHECK=1 */
  gboolean core_notice_done; /* the core's end-of-support line was said (or is not to be) */
  const char *command;       /* the command run ("version" for --version); NULL until known */
} ExtrasCli;

/* The version of the JSON format (the top-level "format" member); raised only
 * when a member changes meaning or goes away, not when one is added. */
#define EXTRAS_JSON_FORMAT 1

typedef int (*ExtrasCliCommandFunc) (ExtrasCli *cli, int argc, char **argv, GError **error);

/* Loads the configuration (once). */
ExtrasConfig *
extras_cli_get_config (ExtrasCli *cli, GError **error);
/* Loads the catalog (once): --catalog, else CATALOGURL, else the embedded one. */
ExtrasCatalog *
extras_cli_get_catalog (ExtrasCli *cli, GError **error);
const char *
extras_cli_get_arch (ExtrasCli *cli);
const char *
extras_cli_get_date (ExtrasCli *cli);
/* The embedded catalog's directory: the source tree's topics/ for a binary
 * run from the build tree, else $datadir/extrasolv/topics. */
const char *
extras_cli_get_default_catalog_dir (void);
/* EXTRAS_ERROR_PERMISSION unless the process may change the system. */
gboolean
extras_cli_require_root (ExtrasCli *cli, const char *command, GError **error);
void
extras_cli_warn (ExtrasCli *cli, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Prints an error: one line on stderr, or {"error": {...}} on stdout with --json. */
void
extras_cli_print_error (ExtrasCli *cli, const GError *error);
/* A JSON document for stdout: the top-level object opened, with "format"
 * (EXTRAS_JSON_FORMAT) and "command" (cli->command, null when unknown) first. */
ExtrasJson *
extras_cli_json_new (ExtrasCli *cli);
/* Closes the open top-level object @json with the "warnings" member and
 * prints it on stdout. */
void
extras_cli_print_json (ExtrasCli *cli, ExtrasJson *json);
/* Text mode, once per run, from the day the core's support has ended: its
 * one line on stderr (never on stdout; JSON has it in "system"). */
void
extras_cli_print_core_notice (ExtrasCli *cli);
/* Prints the warnings collected so far to stderr (text mode only) and clears them. */
void
extras_cli_flush_warnings (ExtrasCli *cli);

/* resolver-setup.c: librepo's log off the terminal (G_MESSAGES_DEBUG=librepo
 * shows it), once per process. */
void
extras_cli_quiet_librepo (void);
/* @system's resolver (extras_system_new_resolver()), loaded (repositories
 * and rpmdb), with the rules of the package manager @pm_argv (NULL: the one
 * install would run), --debug-solver and a progress bar; its load warnings
 * go to cli->warnings. */
ExtrasResolver *
extras_cli_load_resolver (ExtrasCli *cli, ExtrasSystem *system, const char *const *pm_argv,
                          GError **error);
/* A progress bar on stdout for @resolver's downloads, when stdout is a
 * terminal and the output is text. */
void
extras_cli_show_progress (ExtrasCli *cli, ExtrasResolver *resolver);
/* Ends the progress line open on the terminal, if any: once the downloads
 * are over, before anything else is printed. */
void
extras_cli_end_progress (void);

/* argv as the NULL-terminated list the library takes (borrowed strings). */
GPtrArray *
extras_cli_terminated_args (int argc, char **argv);

/* EXTRAS_ERROR_USAGE when @command got no topic. */
gboolean
extras_cli_check_some_topics (const char *command, int argc, GError **error);

/* The specs' warnings, for the user (cli->warnings): all of them, but for
 * install not that support has ended (the resolver's policy says it there). */
void
extras_cli_warn_specs (ExtrasCli *cli, GPtrArray *specs, const char *command);

/* The system of a change (enable, disable, install): read under the lock,
 * or, for --dry-run, without it (nothing is written, not even the lock
 * file). */
ExtrasSystem *
extras_cli_open_system (ExtrasCli *cli, GError **error);

/* The system to look at (list, info, why, supportinfo, validate):
 * extras_system_read(), no lock. */
ExtrasSystem *
extras_cli_read_system (ExtrasCli *cli, GError **error);

/* Prints `list` (text) or adds "topics" and "system" to the open object @json. */
void
extras_cli_print_list (ExtrasCli *cli, ExtrasState *state, ExtrasJson *json);

int
extras_cli_cmd_list (ExtrasCli *cli, int argc, char **argv, GError **error);
int
extras_cli_cmd_info (ExtrasCli *cli, int argc, char **argv, GError **error);
int
extras_cli_cmd_enable (ExtrasCli *cli, int argc, char **argv, GError **error);
int
extras_cli_cmd_disable (ExtrasCli *cli, int argc, char **argv, GError **error);
int
extras_cli_cmd_install (ExtrasCli *cli, int argc, char **argv, GError **error);
int
extras_cli_cmd_help (ExtrasCli *cli, int argc, char **argv, GError **error);
int
extras_cli_cmd_system_motd (ExtrasCli *cli, int argc, char **argv, GError **error);
int
extras_cli_cmd_why (ExtrasCli *cli, int argc, char **argv, GError **error);
int
extras_cli_cmd_validate (ExtrasCli *cli, int argc, char **argv, GError **error);
/* `supportinfo [--show FILTER] [PACKAGE...]`: the migration report. */
int
extras_cli_cmd_supportinfo (ExtrasCli *cli, int argc, char **argv, GError **error);

/* run-package-manager.c, for install: the package manager's command line
 * (@base, the root, the options, the whole transaction @nevras) and running
 * it with SIGINT/SIGQUIT ignored and SIGTERM/SIGHUP passed on;
 * EXTRAS_ERROR_PACKAGE_MANAGER when it fails or is interrupted. */
GStrv
extras_cli_package_manager_argv (ExtrasCli *cli, const char *const *base, GPtrArray *specs,
                                 const char *const *nevras);
gboolean
extras_cli_run_package_manager (ExtrasCli *cli, char **argv, GError **error);

G_END_DECLS
