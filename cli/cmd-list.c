/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"
#include "render.h"

#include <stdio.h>

void
extras_cli_print_list (ExtrasCli *cli, ExtrasState *state, ExtrasJson *json)
{
  if (json != NULL)
    {
      extras_render_list_json (json, cli->catalog, state, extras_cli_get_arch (cli),
                               extras_cli_get_date (cli));
    }
  else
    {
      g_autoptr (GString) out = g_string_new (NULL);

      extras_render_list (out, cli->catalog, state, extras_cli_get_arch (cli),
                          extras_cli_get_date (cli));
      fputs (out->str, stdout);
    }
}

int
extras_cli_cmd_list (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasSystem) system = NULL;
  g_autoptr (ExtrasJson) json = NULL;

  if (argc > 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                   "list takes no arguments (got '%s'); to see one topic: amazon-linux-extras "
                   "info TOPIC",
                   argv[0]);
      return 2;
    }
  if ((system = extras_cli_read_system (cli, error)) == NULL)
    return 3;

  if (cli->json)
    {
      json = extras_cli_json_new (cli);
    }
  extras_cli_print_list (cli, extras_system_get_state (system), json);
  if (json != NULL)
    {
      extras_cli_print_json (cli, json);
    }
  return 0;
}
