/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"
#include "glib-compat.h"
#include "render.h"

#include <stdio.h>
#include <string.h>

void
extras_cli_warn_specs (ExtrasCli *cli, GPtrArray *specs, const char *command)
{
  for (guint i = 0; i < specs->len; i++)
    {
      GPtrArray *warnings = extras_topic_spec_get_warnings (specs->pdata[i]);

      for (guint j = 0; j < warnings->len; j++)
        if (extras_warning_get_code (warnings->pdata[j]) != EXTRAS_WARNING_TOPIC_SUPPORT_ENDED
            || strcmp (command, "install") != 0)
          extras_cli_warn (cli, "%s", extras_warning_get_message (warnings->pdata[j]));
    }
}

GPtrArray *
extras_cli_terminated_args (int argc, char **argv)
{
  GPtrArray *args = g_ptr_array_new ();

  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  return args;
}

gboolean
extras_cli_check_some_topics (const char *command, int argc, GError **error)
{
  if (argc > 0)
    return TRUE;
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
               "%s needs at least one topic: amazon-linux-extras %s TOPIC[=VERSION]...", command,
               command);
  return FALSE;
}

static void
print_install_hint (ExtrasCli *cli, GPtrArray *specs, ExtrasJson *json)
{
  g_autoptr (GPtrArray) packages = g_ptr_array_new ();

  for (guint i = 0; i < specs->len; i++)
    {
      const char *const *p
          = extras_topic_get_packages (extras_topic_spec_get_topic (specs->pdata[i]));

      for (gsize j = 0; p[j] != NULL; j++)
        g_ptr_array_add (packages, (gpointer) p[j]);
    }
  if (json != NULL)
    {
      extras_json_key (json, "install");
      extras_json_strv (json, (const char *const *) extras_ptr_array_terminated (packages));
      return;
    }
  printf ("\nNow you can install:\n # yum clean metadata\n");
  if (packages->len > 0)
    {
      g_autofree char *joined = g_strjoinv (" ", (char **) extras_ptr_array_terminated (packages));
      printf (" # yum install %s\n", joined);
    }
}

/* A topic named in "enabled" and "disabled": {"name", "version"}, the version
 * as the repo file has it ("latest" when none was asked; null when the topic
 * was not enabled). */
static void
write_topic_ref (ExtrasJson *json, const char *name, const char *version)
{
  extras_json_begin_object (json);
  extras_json_key (json, "name");
  extras_json_string (json, name);
  extras_json_key (json, "version");
  extras_json_string (json, version);
  extras_json_end_object (json);
}

static void
write_string_bytes (ExtrasJson *json, GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = g_strndup (data != NULL ? data : "", len);

  extras_json_string (json, text);
}

/* "dry_run" and "repo_file" ({"path", "before", "after", "changed"}; "before"
 * is null when the file did not exist). */
static void
write_repo_file (ExtrasCli *cli, ExtrasJson *json, ExtrasSystem *system)
{
  extras_json_key (json, "dry_run");
  extras_json_bool (json, cli->dry_run);
  extras_json_key (json, "repo_file");
  extras_json_begin_object (json);
  extras_json_key (json, "path");
  extras_json_string (json, extras_system_get_state_path (system));
  extras_json_key (json, "before");
  if (extras_system_repo_file_existed (system))
    write_string_bytes (json, extras_system_get_repo_file_before (system));
  else
    extras_json_null (json);
  extras_json_key (json, "after");
  write_string_bytes (json, extras_system_get_repo_file_after (system));
  extras_json_key (json, "changed");
  extras_json_bool (json, extras_system_repo_file_changed (system));
  extras_json_end_object (json);
}

/* Text mode, --dry-run: what would happen to the repo file. */
static void
print_dry_run (ExtrasSystem *system)
{
  const char *path = extras_system_get_state_path (system);

  if (extras_system_repo_file_changed (system))
    printf ("\nDry run: %s would be %s; nothing was written\n", path,
            extras_system_repo_file_existed (system) ? "changed" : "created");
  else
    printf ("\nDry run: %s would not change; nothing was written\n", path);
}

/* The system of the CLI's configuration, catalog, architecture and day, its
 * state not read yet. */
static ExtrasSystem *
new_system (ExtrasCli *cli, GError **error)
{
  ExtrasConfig *config = extras_cli_get_config (cli, error);
  ExtrasCatalog *catalog = config != NULL ? extras_cli_get_catalog (cli, error) : NULL;

  if (catalog == NULL)
    return NULL;
  return extras_system_new (config, catalog, extras_cli_get_arch (cli), extras_cli_get_date (cli));
}

ExtrasSystem *
extras_cli_open_system (ExtrasCli *cli, GError **error)
{
  g_autoptr (ExtrasSystem) system = new_system (cli, error);

  if (system == NULL || !extras_system_open (system, cli->dry_run, error))
    return NULL;
  return g_steal_pointer (&system);
}

ExtrasSystem *
extras_cli_read_system (ExtrasCli *cli, GError **error)
{
  g_autoptr (ExtrasSystem) system = new_system (cli, error);

  if (system == NULL || !extras_system_read (system, error))
    return NULL;
  return g_steal_pointer (&system);
}

int
extras_cli_cmd_enable (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasSystem) system = NULL;
  g_autoptr (GPtrArray) args = extras_cli_terminated_args (argc, argv);
  g_autoptr (GPtrArray) specs = NULL;
  g_autoptr (ExtrasJson) json = NULL;

  if ((!cli->dry_run && !extras_cli_require_root (cli, "enable", error))
      || (system = extras_cli_open_system (cli, error)) == NULL
      || !extras_cli_check_some_topics ("enable", argc, error)
      || (specs = extras_system_enable (system, (const char *const *) args->pdata, error)) == NULL)
    return extras_error_get_exit_code (*error);
  extras_cli_warn_specs (cli, specs, "enable");
  if (!extras_system_commit (system, !cli->dry_run, error))
    return extras_error_get_exit_code (*error);

  extras_cli_flush_warnings (cli);
  if (cli->json)
    {
      json = extras_cli_json_new (cli);
      extras_json_key (json, "enabled");
      extras_json_begin_array (json);
      for (guint i = 0; i < specs->len; i++)
        {
          ExtrasTopicSpec *spec = specs->pdata[i];
          const char *version = extras_topic_spec_get_version (spec);

          write_topic_ref (json, extras_topic_spec_get_name (spec),
                           version != NULL ? version : "latest");
        }
      extras_json_end_array (json);
      write_repo_file (cli, json, system);
    }
  extras_cli_print_list (cli, extras_system_get_state (system), json);
  print_install_hint (cli, specs, json);
  if (json != NULL)
    extras_cli_print_json (cli, json);
  else if (cli->dry_run)
    print_dry_run (system);
  return 0;
}

int
extras_cli_cmd_disable (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasSystem) system = NULL;
  g_autoptr (GPtrArray) args = extras_cli_terminated_args (argc, argv);
  g_autoptr (GPtrArray) disabled = NULL;
  g_autoptr (ExtrasJson) json = NULL;

  if (!cli->dry_run && !extras_cli_require_root (cli, "disable", error))
    return extras_error_get_exit_code (*error);
  if (argc == 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                   "disable needs at least one topic: amazon-linux-extras disable TOPIC...");
      return 2;
    }
  if ((system = extras_cli_open_system (cli, error)) == NULL
      || (disabled = extras_system_disable (system, (const char *const *) args->pdata, error))
             == NULL
      || !extras_system_commit (system, !cli->dry_run, error))
    return extras_error_get_exit_code (*error);

  extras_cli_flush_warnings (cli);
  if (cli->json)
    {
      json = extras_cli_json_new (cli);
      extras_json_key (json, "disabled");
      extras_json_begin_array (json);
      for (guint i = 0; i < disabled->len; i++)
        {
          ExtrasTopicRef *ref = disabled->pdata[i];

          write_topic_ref (json, ref->name, ref->version);
        }
      extras_json_end_array (json);
      write_repo_file (cli, json, system);
    }
  extras_cli_print_list (cli, extras_system_get_state (system), json);
  if (json != NULL)
    extras_cli_print_json (cli, json);
  else if (cli->dry_run)
    print_dry_run (system);
  return 0;
}
