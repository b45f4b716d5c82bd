/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* amazon-linux-extras: argument parsing and dispatch; each command lives in
 * its cli/cmd-<command>.c.  The binary links libextrasolv alone: what needs
 * librepo or rpm, the library loads on first use (solver/backend.h). */
#include "extrasolv-config.h"
#include "glib-compat.h"
#include "cli.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  const char *name;
  ExtrasCliCommandFunc func;
} Command;

static const Command commands[] = {
  { "list", extras_cli_cmd_list },
  { "info", extras_cli_cmd_info },
  { "enable", extras_cli_cmd_enable },
  { "disable", extras_cli_cmd_disable },
  { "install", extras_cli_cmd_install },
  { "help", extras_cli_cmd_help },
  { "system_motd", extras_cli_cmd_system_motd },
  { "why", extras_cli_cmd_why },
  { "validate", extras_cli_cmd_validate },
  { "supportinfo", extras_cli_cmd_supportinfo },
};

static gboolean
valid_date (const char *date)
{
  unsigned y, m, d;
  char tail;

  return strlen (date) == 10 && sscanf (date, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3
         && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gboolean
valid_arch (const char *arch)
{
  /* Amazon Linux 2's architectures: any other would list an empty catalog. */
  return strcmp (arch, "x86_64") == 0 || strcmp (arch, "aarch64") == 0;
}

static int
run (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  gboolean show_help = FALSE, show_version = FALSE, want_json = FALSE;
  g_autofree char *root = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  const GOptionEntry entries[] = {
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root, "Operate on the system under DIR", "DIR" },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &cli->catalog_source, "Topic catalog", "SOURCE" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &cli->date, "Judge end of support as of", "YYYY-MM-DD" },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &cli->arch, "Base architecture", "ARCH" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, "JSON output", NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &cli->dry_run, "Resolve and show only", NULL },
    { "debug-solver", 0, 0, G_OPTION_ARG_FILENAME, &cli->debug_solver, "Testcase dir", "DIR" },
    { "show", 0, 0, G_OPTION_ARG_STRING, &cli->show, "supportinfo: what to show", "FILTER" },
    { "assumeyes", 'y', 0, G_OPTION_ARG_NONE, &cli->yes, "Answer yes", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &cli->quiet, "Quiet package manager", NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &show_help, "Show help", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, "Show the version", NULL },
    { NULL },
  };
  const char *command;
  int cmd_argc;

  /* As the original: every literal -v is taken out and makes yum verbose. */
  for (int i = 0; i < argc; i++)
    {
      if (i > 0 && strcmp (argv[i], "-v") == 0)
        cli->verbose = TRUE;
      else
        g_ptr_array_add (args, argv[i]);
    }
  argc = (int) args->len;
  g_ptr_array_add (args, NULL);
  argv = (char **) args->pdata;

  /* --json must be known before an option error is reported. */
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--json") == 0)
      want_json = TRUE;
  cli->json = want_json;

  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, error))
    {
      /* GOption puts every option back as it was before parsing. */
      cli->json = want_json;
      g_prefix_error (error, "%s", "");
      (*error)->domain = EXTRAS_ERROR;
      (*error)->code = EXTRAS_ERROR_USAGE;
      {
        g_autofree char *message
            = g_strdup_printf ("%s; see amazon-linux-extras help", (*error)->message);
        g_free ((*error)->message);
        (*error)->message = g_steal_pointer (&message);
      }
      return 2;
    }

  if (root != NULL && strcmp (root, "/") != 0)
    {
      if (!g_file_test (root, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                       "--root %s is not a directory; give the root of an installed system", root);
          return 2;
        }
      cli->root = extras_canonicalize_filename (root);
    }
  if (cli->date != NULL && !valid_date (cli->date))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                   "--date %s is not a date; give it as YYYY-MM-DD", cli->date);
      /* The JSON error's "system" tells today, not what was refused. */
      g_clear_pointer (&cli->date, g_free);
      return 2;
    }
  if (cli->arch != NULL && !valid_arch (cli->arch))
    {
      g_autofree char *escaped = g_strescape (cli->arch, NULL);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                   "--arch %s is not an architecture of Amazon Linux 2; use x86_64 or aarch64",
                   escaped);
      g_clear_pointer (&cli->arch, g_free);
      return 2;
    }
  if (show_version)
    {
      cli->command = "version";
      if (cli->json)
        {
          g_autoptr (ExtrasJson) json = extras_cli_json_new (cli);

          extras_json_key (json, "version");
          extras_json_string (json, PACKAGE_VERSION);
          extras_cli_print_json (cli, json);
        }
      else
        printf ("amazon-linux-extras (extrasolv) %s\n", PACKAGE_VERSION);
      return 0;
    }

  command = argc > 1 ? argv[1] : "list";
  cmd_argc = argc > 1 ? argc - 2 : 0;
  if (show_help)
    command = "help";
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (command, commands[i].name) != 0)
        continue;
      cli->command = commands[i].name;
      return commands[i].func (cli, cmd_argc, argv + argc - cmd_argc, error);
    }
  {
    g_autofree char *escaped = g_strescape (command, NULL);
    g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                 "Unknown command '%s'; the commands are list, info, enable, disable, install, "
                 "why, validate, supportinfo, help",
                 escaped);
  }
  return 2;
}

/* GLib's default writer, except that debug and info messages (shown when
 * G_MESSAGES_DEBUG names their domain) go to stderr too; GLib 2.68's
 * g_log_writer_default_set_use_stderr (). */
static GLogWriterOutput
log_to_stderr (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  const char *domains = g_getenv ("G_MESSAGES_DEBUG");
  const char *domain = NULL;
  g_autofree char *line = NULL;

  if ((level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) == 0)
    return g_log_writer_default (level, fields, n_fields, user_data);
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, "GLIB_DOMAIN") == 0)
      domain = fields[i].value;
  if (domains == NULL
      || (strcmp (domains, "all") != 0 && (domain == NULL || strstr (domains, domain) == NULL)))
    return G_LOG_WRITER_HANDLED;
  line = g_log_writer_format_fields (level, fields, n_fields, FALSE);
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

int
main (int argc, char **argv)
{
  ExtrasCli cli = { 0 };
  g_autoptr (GError) error = NULL;
  int status;

  /* Output is UTF-8 whatever the locale (the original forced it too). */
  setlocale (LC_ALL, "");
  /* Debug output (G_MESSAGES_DEBUG) must never mix into stdout, which may be
   * one JSON document. */
  g_log_set_writer_func (log_to_stderr, NULL, NULL);
  extras_cli_quiet_librepo ();
  cli.warnings = g_ptr_array_new_with_free_func (g_free);

  status = run (&cli, argc, argv, &error);
  if (error != NULL)
    {
      extras_cli_print_error (&cli, error);
      status = extras_error_get_exit_code (error);
    }
  else
    extras_cli_flush_warnings (&cli);
  fflush (stdout);
  /* After the command's output (before an error's line); never on stdout. */
  extras_cli_print_core_notice (&cli);

  g_free (cli.root);
  g_free (cli.catalog_source);
  g_free (cli.date);
  g_free (cli.arch);
  g_free (cli.debug_solver);
  g_free (cli.show);
  g_strfreev (cli.problems);
  g_clear_pointer (&cli.catalog, extras_catalog_unref);
  g_clear_pointer (&cli.config, extras_config_unref);
  g_ptr_array_unref (cli.warnings);
  return status;
}
