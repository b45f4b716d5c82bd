/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Where the front end talks to the user about errors and warnings. */
#include "cli.h"
#include "glib-compat.h"
#include "json.h"

#include <stdio.h>
#include <unistd.h>

void
extras_cli_warn (ExtrasCli *cli, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (cli->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Every warning is one line too: one from a library (librepo, libyaml) may
 * span several. */
static void
fold_warnings (ExtrasCli *cli)
{
  for (guint i = 0; i < cli->warnings->len; i++)
    if (cli->warnings->pdata[i] != NULL)
      g_strdelimit (cli->warnings->pdata[i], "\r\n", ' ');
}

void
extras_cli_flush_warnings (ExtrasCli *cli)
{
  if (cli->json)
    return;
  fold_warnings (cli);
  for (guint i = 0; i < cli->warnings->len; i++)
    fprintf (stderr, "%s\n", (const char *) cli->warnings->pdata[i]);
  g_ptr_array_set_size (cli->warnings, 0);
}

/* Error messages are one line: a message that spans several (a libyaml
 * problem, a librepo error) is folded. */
static char *
one_line (const char *message)
{
  g_autofree char *copy = g_strdup (message);

  g_strdelimit (copy, "\r\n", ' ');
  return g_strstrip (g_steal_pointer (&copy));
}

/* What every JSON document says about the system: the day judged and the
 * core's support on it (the catalog's facts are null when it was not read). */
static void
json_system (ExtrasCli *cli, ExtrasJson *json)
{
  const char *today = extras_cli_get_date (cli);
  ExtrasSupport core = extras_policy_get_support (cli->catalog, NULL, today);
  g_autofree char *notice
      = cli->catalog != NULL ? extras_policy_dup_core_notice (cli->catalog, today) : NULL;

  extras_json_key (json, "system");
  extras_json_begin_object (json);
  extras_json_key (json, "arch");
  extras_json_string (json, extras_cli_get_arch (cli));
  extras_json_key (json, "date");
  extras_json_string (json, today);
  extras_json_key (json, "catalog");
  extras_json_string (json, cli->catalog != NULL ? extras_catalog_get_origin (cli->catalog) : NULL);
  extras_json_key (json, "core_lts");
  if (cli->catalog != NULL)
    extras_json_bool (json, core.lts);
  else
    extras_json_null (json);
  extras_json_key (json, "core_end_of_support");
  extras_json_string (json, core.end_of_support);
  extras_json_key (json, "core_eos");
  extras_json_string (json, cli->catalog != NULL ? extras_eos_to_string (core.eos) : NULL);
  extras_json_key (json, "notice");
  extras_json_string (json, notice);
  extras_json_end_object (json);
}

void
extras_cli_print_core_notice (ExtrasCli *cli)
{
  g_autofree char *notice = NULL;

  if (cli->json || cli->catalog == NULL || cli->core_notice_done)
    return;
  cli->core_notice_done = TRUE;
  notice = extras_policy_dup_core_notice (cli->catalog, extras_cli_get_date (cli));
  if (notice != NULL)
    fprintf (stderr, "%s\n", notice);
}

ExtrasJson *
extras_cli_json_new (ExtrasCli *cli)
{
  ExtrasJson *json = extras_json_new ();

  extras_json_begin_object (json);
  extras_json_key (json, "format");
  extras_json_int (json, EXTRAS_JSON_FORMAT);
  extras_json_key (json, "command");
  extras_json_string (json, cli->command);
  return json;
}

void
extras_cli_print_json (ExtrasCli *cli, ExtrasJson *json)
{
  json_system (cli, json);
  fold_warnings (cli);
  extras_json_key (json, "warnings");
  extras_json_strv (json, (const char *const *) extras_ptr_array_terminated (cli->warnings));
  extras_json_end_object (json);
  fputs (extras_json_get (json), stdout);
}

void
extras_cli_print_error (ExtrasCli *cli, const GError *error)
{
  g_autofree char *message = one_line (error->message);

  if (cli->json)
    {
      g_autoptr (ExtrasJson) json = extras_cli_json_new (cli);
      const char *code
          = error->domain == EXTRAS_ERROR ? extras_error_code_to_string (error->code) : "failed";

      extras_json_key (json, "error");
      extras_json_begin_object (json);
      extras_json_key (json, "code");
      extras_json_string (json, code);
      extras_json_key (json, "message");
      extras_json_string (json, message);
      extras_json_key (json, "exit_code");
      extras_json_int (json, extras_error_get_exit_code (error));
      if (cli->problems != NULL)
        {
          extras_json_key (json, "problems");
          extras_json_strv (json, (const char *const *) cli->problems);
        }
      extras_json_end_object (json);
      extras_cli_print_json (cli, json);
      fflush (stdout);
      return;
    }
  extras_cli_flush_warnings (cli);
  fflush (stdout);
  /* The error stays the last line. */
  extras_cli_print_core_notice (cli);
  fprintf (stderr, "%s\n", message);
}

gboolean
extras_cli_require_root (ExtrasCli *cli, const char *command, GError **error)
{
  if (geteuid () == 0)
    return TRUE;
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PERMISSION,
               "'%s' changes the system and must be run as root: sudo amazon-linux-extras %s ...",
               command, command);
  return FALSE;
}
