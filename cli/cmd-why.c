/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `why PACKAGE...`: which repository and topic a package would come from,
 * and why (priorities, topics, the rpmdb), as the resolver explains it. */
#include "cli.h"

#include <stdio.h>

int
extras_cli_cmd_why (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasSystem) system = NULL;
  g_autoptr (ExtrasResolver) resolver = NULL;
  g_autoptr (ExtrasJson) json = NULL;
  int first = argc > 0 && g_strcmp0 (argv[0], "why") == 0 ? 1 : 0;

  if (argc - first < 1)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                   "why: name at least one package (amazon-linux-extras why PACKAGE...)");
      return extras_error_get_exit_code (*error);
    }
  if ((system = extras_cli_read_system (cli, error)) == NULL
      || (resolver = extras_cli_load_resolver (cli, system, NULL, error)) == NULL)
    return extras_error_get_exit_code (*error);

  if (cli->json)
    {
      json = extras_cli_json_new (cli);
      extras_json_key (json, "packages");
      extras_json_begin_array (json);
    }
  else
    extras_cli_flush_warnings (cli);
  for (int i = first; i < argc; i++)
    {
      g_autoptr (GPtrArray) reasons = extras_resolver_explain (resolver, argv[i]);

      if (json != NULL)
        {
          extras_json_begin_object (json);
          extras_json_key (json, "name");
          extras_json_string (json, argv[i]);
          extras_json_key (json, "known");
          extras_json_bool (json, reasons != NULL);
          extras_json_key (json, "reasons");
          extras_json_begin_array (json);
          for (guint j = 0; reasons != NULL && j < reasons->len; j++)
            {
              const ExtrasReason *reason = reasons->pdata[j];

              extras_json_begin_object (json);
              extras_json_key (json, "reason");
              extras_json_string (json, extras_reason_kind_to_string (reason->kind));
              extras_json_key (json, "nevra");
              extras_json_string (json, reason->nevra);
              extras_json_key (json, "repo");
              extras_json_string (json, reason->repo);
              extras_json_key (json, "priority");
              if (reason->repo != NULL)
                extras_json_int (json, reason->priority);
              else
                extras_json_null (json);
              extras_json_key (json, "topic");
              extras_json_string (json, reason->topic);
              extras_json_key (json, "message");
              extras_json_string (json, reason->message);
              extras_json_end_object (json);
            }
          extras_json_end_array (json);
          extras_json_end_object (json);
        }
      else if (reasons == NULL)
        printf ("%s is not known to any repository or topic.\n", argv[i]);
      else
        for (guint j = 0; j < reasons->len; j++)
          printf ("%s\n", ((const ExtrasReason *) reasons->pdata[j])->message);
    }
  if (json != NULL)
    {
      extras_json_end_array (json);
      extras_cli_print_json (cli, json);
    }
  return 0;
}
