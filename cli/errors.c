/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Where the front end talks to the user about errors and warnings. */
#include "cli.h"
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

void
extras_cli_flush_warnings (ExtrasCli *cli)
{
  if (cli->json)
    return;
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

void
extras_cli_print_json (ExtrasCli *cli, ExtrasJson *json)
{
  extras_json_key (json, "warnings");
  extras_json_strv (json, (const char *const *) cli->warnings->pdata);
  extras_json_end_object (json);
  fputs (extras_json_get (json), stdout);
}

void
extras_cli_print_error (ExtrasCli *cli, const GError *error)
{
  g_autofree char *message = one_line (error->message);

  if (cli->json)
    {
      g_autoptr (ExtrasJson) json = extras_json_new ();
      const char *code
          = error->domain == EXTRAS_ERROR ? extras_error_code_to_string (error->code) : "failed";

      extras_json_begin_object (json);
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
