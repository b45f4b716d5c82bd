/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"
#include "glib-compat.h"
#include "render.h"

#include <stdio.h>

static char *
join (const char *const *strv, const char *fallback)
{
  return strv[0] != NULL ? g_strjoinv (" ", (char **) strv) : g_strdup (fallback);
}

static void
print_field (const char *label, const char *value)
{
  printf ("  %-16s%s\n", label, value);
}

static void
print_text (ExtrasCli *cli, ExtrasState *state, ExtrasTopic *topic)
{
  const char *name = extras_topic_get_name (topic);
  const char *today = extras_cli_get_date (cli);
  ExtrasSupport support = extras_policy_get_support (cli->catalog, topic, today);
  const char *from = support.source == EXTRAS_SUPPORT_SOURCE_CORE ? ", with the core" : "";
  const char *version = extras_state_get_version (state, name);
  g_autofree char *packages = join (extras_topic_get_packages (topic), "");
  g_autofree char *eos = NULL;
  g_autofree char *status = NULL;

  /* The original's line, which scripts grep. */
  printf ("%s recommends %s  # yum install %s\n", name, packages, packages);

  if (extras_state_is_enabled (state, name))
    status = g_strdup_printf ("enabled at %s", version);
  else if (version != NULL)
    status = g_strdup_printf ("disabled (was enabled at %s)", version);
  else
    status = g_strdup ("available");
  switch (support.eos)
    {
    case EXTRAS_EOS_REACHED:
      eos = g_strdup_printf ("%s (reached%s)", support.end_of_support, from);
      break;
    case EXTRAS_EOS_NOTE:
      eos = g_strdup_printf ("%s (ahead%s)", support.end_of_support, from);
      break;
    case EXTRAS_EOS_NONE:
    default:
      eos = g_strdup ("none announced");
    }

  if (extras_topic_get_summary (topic) != NULL)
    print_field ("summary:", extras_topic_get_summary (topic));
  print_field ("state:", status);
  print_field ("support:", support.eos == EXTRAS_EOS_REACHED
                               ? "extras topic, outside Long Term Support; support has ended"
                               : "extras topic, outside Long Term Support; only the newest "
                                 "packages of a topic are supported");
  print_field ("end of support:", eos);
  {
    ExtrasReplacement r
        = extras_policy_get_replacement (cli->catalog, topic, extras_cli_get_arch (cli), today);
    g_autofree char *al2023 = NULL;

    if (extras_topic_get_successor (topic) != NULL)
      print_field ("successor:", extras_topic_get_successor (topic));
    if (r.successor != NULL
        && g_strcmp0 (extras_topic_get_successor (topic), extras_topic_get_name (r.successor)) != 0)
      print_field ("live successor:", extras_topic_get_name (r.successor));
    else if (r.successor == NULL && extras_topic_get_successor (topic) != NULL)
      print_field ("live successor:", "none on Amazon Linux 2");
    if (r.al2023 == NULL)
      al2023 = g_strdup ("not known");
    else if (r.al2023[0] == NULL)
      al2023 = g_strdup ("no equivalent");
    else if (r.al2023_from != topic)
      al2023 = g_strdup_printf ("%s (as for %s)", join (r.al2023, ""),
                                extras_topic_get_name (r.al2023_from));
    else
      al2023 = join (r.al2023, "");
    print_field ("AL2023:", al2023);
  }
  {
    g_autofree char *versions
        = join (extras_topic_get_versions_for_arch (topic, extras_cli_get_arch (cli)), "latest");
    g_autofree char *visible = join (extras_topic_get_visible (topic), "-");
    g_autofree char *conflicts = join (extras_topic_get_conflicts (topic), "-");
    g_autofree char *requires = join (extras_topic_get_requires (topic), "-");
    g_autofree char *arches = join (extras_topic_get_arches (topic), "-");

    print_field ("versions:", versions);
    print_field ("packages:", packages[0] != '\0' ? packages : "-");
    print_field ("also provides:", visible);
    print_field ("conflicts:", conflicts);
    print_field ("requires:", requires);
    print_field ("architectures:", arches);
  }
  if (extras_topic_get_kernel_series (topic)[0] != NULL)
    {
      g_autofree char *series = join (extras_topic_get_kernel_series (topic), "-");
      print_field ("kernel series:", series);
    }
}

int
extras_cli_cmd_info (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasSystem) system = NULL;
  ExtrasCatalog *catalog;
  ExtrasState *state;
  g_autoptr (ExtrasJson) json = NULL;
  g_autoptr (GPtrArray) unknown = g_ptr_array_new ();

  if (argc == 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                   "info needs at least one topic: amazon-linux-extras info TOPIC...");
      return 2;
    }
  if ((system = extras_cli_read_system (cli, error)) == NULL)
    return 3;
  catalog = extras_system_get_catalog (system);
  state = extras_system_get_state (system);

  /* The end-of-support notes come first, on stderr, as the original's did. */
  for (int i = 0; i < argc; i++)
    {
      ExtrasTopic *topic = extras_catalog_lookup (catalog, argv[i]);

      g_autoptr (GPtrArray) warnings = NULL;

      if (topic == NULL)
        {
          g_ptr_array_add (unknown, argv[i]);
          continue;
        }
      warnings = extras_topic_dup_warnings (catalog, topic, extras_cli_get_arch (cli),
                                            extras_cli_get_date (cli));
      for (guint j = 0; j < warnings->len; j++)
        if (extras_warning_get_code (warnings->pdata[j])
            == EXTRAS_WARNING_TOPIC_END_OF_SUPPORT_DATE)
          extras_cli_warn (cli, "%s", extras_warning_get_message (warnings->pdata[j]));
    }
  extras_cli_flush_warnings (cli);

  if (cli->json)
    {
      json = extras_cli_json_new (cli);
      extras_json_key (json, "topics");
      extras_json_begin_array (json);
    }
  for (int i = 0; i < argc; i++)
    {
      ExtrasTopic *topic = extras_catalog_lookup (catalog, argv[i]);

      if (topic == NULL)
        continue;
      if (json != NULL)
        extras_render_topic_json (json, catalog, state, topic, extras_cli_get_arch (cli),
                                  extras_cli_get_date (cli));
      else
        print_text (cli, state, topic);
    }
  if (json != NULL)
    {
      extras_json_end_array (json);
      extras_json_key (json, "unknown");
      extras_json_strv (json, (const char *const *) extras_ptr_array_terminated (unknown));
      if (unknown->len == 0)
        extras_cli_print_json (cli, json);
    }
  if (unknown->len > 0)
    {
      g_autofree char *escaped = g_strescape (unknown->pdata[0], NULL);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_TOPIC,
                   "Topic %s is not in the catalog; see amazon-linux-extras list", escaped);
      return 1;
    }
  return 0;
}
