/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `validate [TOPIC...]`: the maintainer checks of the catalog against the
 * repositories (each topic solved with the core), as findings. */
#include "cli.h"
#include "glib-compat.h"
#include "render.h"

#include <stdio.h>
#include <string.h>

static void
print_finding_text (const ExtrasValidation *v, guint i)
{
  const char *const *topics = extras_validation_get_finding_topics (v, i);
  g_autofree char *severity = g_ascii_strup (
      extras_finding_severity_to_string (extras_validation_get_severity (v, i)), -1);

  if (topics[1] != NULL)
    printf ("%s topics %s and %s: %s\n", severity, topics[0], topics[1],
            extras_validation_get_message (v, i));
  else
    printf ("%s topic %s: %s\n", severity, topics[0], extras_validation_get_message (v, i));
}

static void
write_findings_json (ExtrasCli *cli, ExtrasState *state, ExtrasJson *json,
                     const ExtrasValidation *v)
{
  const char *const *checked = extras_validation_get_topics (v);

  /* The topics checked, as every command writes a topic. */
  extras_json_key (json, "topics");
  extras_json_begin_array (json);
  for (gsize i = 0; checked[i] != NULL; i++)
    {
      ExtrasTopic *topic = extras_catalog_lookup (cli->catalog, checked[i]);

      if (topic != NULL)
        extras_render_topic_json (json, cli->catalog, state, topic, extras_cli_get_arch (cli),
                                  extras_cli_get_date (cli));
    }
  extras_json_end_array (json);
  extras_json_key (json, "findings");
  extras_json_begin_array (json);
  for (guint i = 0; i < extras_validation_get_n_findings (v); i++)
    {
      extras_json_begin_object (json);
      extras_json_key (json, "severity");
      extras_json_string (
          json, extras_finding_severity_to_string (extras_validation_get_severity (v, i)));
      extras_json_key (json, "check");
      extras_json_string (json,
                          extras_finding_check_to_string (extras_validation_get_check (v, i)));
      extras_json_key (json, "topic_names");
      extras_json_strv (json, extras_validation_get_finding_topics (v, i));
      extras_json_key (json, "message");
      extras_json_string (json, extras_validation_get_message (v, i));
      extras_json_end_object (json);
    }
  extras_json_end_array (json);
}

int
extras_cli_cmd_validate (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasSystem) system = NULL;
  g_autoptr (ExtrasResolver) resolver = NULL;
  g_autoptr (ExtrasValidation) v = NULL;
  g_autoptr (GPtrArray) topics = g_ptr_array_new ();
  const char *const *warnings;
  guint errors, n_warnings;
  int first = argc > 0 && g_strcmp0 (argv[0], "validate") == 0 ? 1 : 0;

  for (int i = first; i < argc; i++)
    g_ptr_array_add (topics, argv[i]);
  /* The state is read, never written: the topics are enabled in memory. */
  if ((system = extras_cli_read_system (cli, error)) == NULL)
    return extras_error_get_exit_code (*error);
  resolver = extras_system_new_resolver (system);
  extras_cli_show_progress (cli, resolver);
  v = extras_resolver_validate (resolver,
                                (const char *const *) extras_ptr_array_terminated (topics), error);
  extras_cli_end_progress ();
  if (v == NULL)
    return extras_error_get_exit_code (*error);

  warnings = extras_resolver_get_warnings (resolver);
  for (gsize i = 0; warnings[i] != NULL; i++)
    if (!extras_validation_says_warning (v, warnings[i]))
      extras_cli_warn (cli, "%s", warnings[i]);
  errors = extras_validation_count (v, EXTRAS_FINDING_ERROR);
  n_warnings = extras_validation_count (v, EXTRAS_FINDING_WARNING);
  if (cli->json)
    {
      g_autoptr (ExtrasJson) json = extras_cli_json_new (cli);
      write_findings_json (cli, extras_system_get_state (system), json, v);
      extras_cli_print_json (cli, json);
    }
  else
    {
      extras_cli_flush_warnings (cli);
      for (guint i = 0; i < extras_validation_get_n_findings (v); i++)
        print_finding_text (v, i);
      printf ("validate: %u topics, %u error%s, %u warning%s\n",
              g_strv_length ((char **) extras_validation_get_topics (v)), errors,
              errors == 1 ? "" : "s", n_warnings, n_warnings == 1 ? "" : "s");
    }
  fflush (stdout);
  /* Errors are dependency problems the solver found. */
  return errors > 0 ? 4 : 0;
}
