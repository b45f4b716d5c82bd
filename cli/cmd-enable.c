/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"
#include "glib-compat.h"
#include "render.h"

#include <stdio.h>
#include <string.h>

#define LOCK_TIMEOUT_MS 30000

GPtrArray *
extras_cli_parse_topic_specs (ExtrasCli *cli, ExtrasState *state, const char *command, int argc,
                              char **argv, GError **error)
{
  ExtrasCatalog *catalog = extras_cli_get_catalog (cli, error);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  GPtrArray *specs;

  if (catalog == NULL)
    return NULL;
  if (argc == 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                   "%s needs at least one topic: amazon-linux-extras %s TOPIC[=VERSION]...",
                   command, command);
      return NULL;
    }
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  specs = extras_topic_specs_resolve (catalog, state, (const char *const *) args->pdata,
                                      extras_cli_get_arch (cli), extras_cli_get_date (cli), error);
  for (guint i = 0; specs != NULL && i < specs->len; i++)
    {
      GPtrArray *warnings = extras_topic_spec_get_warnings (specs->pdata[i]);

      for (guint j = 0; j < warnings->len; j++)
        if (extras_warning_get_code (warnings->pdata[j]) != EXTRAS_WARNING_TOPIC_SUPPORT_ENDED
            || strcmp (command, "install") != 0)
          extras_cli_warn (cli, "%s", extras_warning_get_message (warnings->pdata[j]));
    }
  return specs;
}

ExtrasState *
extras_cli_lock_state (ExtrasCli *cli, ExtrasLock **out_lock, char **out_path, GError **error)
{
  ExtrasConfig *config = extras_cli_get_config (cli, error);
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr (ExtrasLock) lock = NULL;
  ExtrasState *state;

  if (config == NULL)
    return NULL;
  path = extras_config_dup_state_path (config);
  dir = g_path_get_dirname (path);
  if ((lock = extras_lock_acquire (dir, LOCK_TIMEOUT_MS, error)) == NULL)
    return NULL;
  /* Under the lock no other run is writing: a temporary file is a leftover. */
  extras_state_remove_stale_files (path);
  if ((state = extras_state_load (path, config, error)) == NULL)
    return NULL;
  *out_lock = g_steal_pointer (&lock);
  *out_path = g_steal_pointer (&path);
  return state;
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

/* The repo file before and after, for "repo_file" ({"path", "before",
 * "after", "changed"}; "before" is null when the file did not exist). */
typedef struct
{
  char *path;
  gboolean existed;
  GBytes *before;
  GBytes *after;
} RepoFileChange;

static void
repo_file_change_clear (RepoFileChange *change)
{
  g_clear_pointer (&change->path, g_free);
  g_clear_pointer (&change->before, g_bytes_unref);
  g_clear_pointer (&change->after, g_bytes_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RepoFileChange, repo_file_change_clear)

static gboolean
repo_file_changed (const RepoFileChange *change)
{
  return !change->existed || !g_bytes_equal (change->before, change->after);
}

/* Loads the state: under the lock to change it, or, for --dry-run, read as
 * install --dry-run reads it (no lock: nothing is written, not even the lock
 * file). */
static ExtrasState *
load_state (ExtrasCli *cli, ExtrasLock **out_lock, RepoFileChange *change, GError **error)
{
  ExtrasState *state;

  if (cli->dry_run)
    {
      ExtrasConfig *config = extras_cli_get_config (cli, error);

      if (config == NULL)
        return NULL;
      change->path = extras_config_dup_state_path (config);
      state = extras_state_load (change->path, config, error);
    }
  else
    state = extras_cli_lock_state (cli, out_lock, &change->path, error);
  if (state == NULL)
    return NULL;
  change->existed = g_file_test (change->path, G_FILE_TEST_EXISTS);
  change->before = extras_state_to_bytes (state);
  return state;
}

/* Writes the changed state, unless --dry-run or nothing changed (then the file
 * is left alone, its mtime too: a second identical run writes nothing). */
static gboolean
save_state (ExtrasCli *cli, ExtrasState *state, RepoFileChange *change, GError **error)
{
  change->after = extras_state_to_bytes (state);
  if (cli->dry_run || !repo_file_changed (change))
    return TRUE;
  return extras_state_save (state, change->path, error);
}

static void
write_string_bytes (ExtrasJson *json, GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = g_strndup (data != NULL ? data : "", len);

  extras_json_string (json, text);
}

static void
write_repo_file (ExtrasCli *cli, ExtrasJson *json, const RepoFileChange *change)
{
  extras_json_key (json, "dry_run");
  extras_json_bool (json, cli->dry_run);
  extras_json_key (json, "repo_file");
  extras_json_begin_object (json);
  extras_json_key (json, "path");
  extras_json_string (json, change->path);
  extras_json_key (json, "before");
  if (change->existed)
    write_string_bytes (json, change->before);
  else
    extras_json_null (json);
  extras_json_key (json, "after");
  write_string_bytes (json, change->after);
  extras_json_key (json, "changed");
  extras_json_bool (json, repo_file_changed (change));
  extras_json_end_object (json);
}

/* Text mode, --dry-run: what would happen to the repo file. */
static void
print_dry_run (const RepoFileChange *change)
{
  if (repo_file_changed (change))
    printf ("\nDry run: %s would be %s; nothing was written\n", change->path,
            change->existed ? "changed" : "created");
  else
    printf ("\nDry run: %s would not change; nothing was written\n", change->path);
}

int
extras_cli_cmd_enable (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasLock) lock = NULL;
  g_autoptr (ExtrasState) state = NULL;
  g_autoptr (GPtrArray) specs = NULL;
  g_autoptr (ExtrasJson) json = NULL;
  g_auto (RepoFileChange) change = { 0 };

  if ((!cli->dry_run && !extras_cli_require_root (cli, "enable", error))
      || extras_cli_get_catalog (cli, error) == NULL
      || (state = load_state (cli, &lock, &change, error)) == NULL
      || (specs = extras_cli_parse_topic_specs (cli, state, "enable", argc, argv, error)) == NULL)
    return extras_error_get_exit_code (*error);

  for (guint i = 0; i < specs->len; i++)
    {
      ExtrasTopicSpec *spec = specs->pdata[i];

      if (!extras_state_enable (state, extras_topic_spec_get_name (spec),
                                extras_topic_spec_get_version (spec), error))
        return extras_error_get_exit_code (*error);
    }
  if (!save_state (cli, state, &change, error))
    return extras_error_get_exit_code (*error);
  g_clear_pointer (&lock, extras_lock_release);

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
      write_repo_file (cli, json, &change);
    }
  extras_cli_print_list (cli, state, json);
  print_install_hint (cli, specs, json);
  if (json != NULL)
    extras_cli_print_json (cli, json);
  else if (cli->dry_run)
    print_dry_run (&change);
  return 0;
}

int
extras_cli_cmd_disable (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasLock) lock = NULL;
  g_autoptr (ExtrasState) state = NULL;
  g_autoptr (ExtrasJson) json = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GPtrArray) versions = NULL;
  g_auto (RepoFileChange) change = { 0 };

  if (!cli->dry_run && !extras_cli_require_root (cli, "disable", error))
    return extras_error_get_exit_code (*error);
  if (argc == 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                   "disable needs at least one topic: amazon-linux-extras disable TOPIC...");
      return 2;
    }
  if (extras_cli_get_catalog (cli, error) == NULL
      || (state = load_state (cli, &lock, &change, error)) == NULL)
    return extras_error_get_exit_code (*error);
  names = g_ptr_array_new_with_free_func (g_free);
  versions = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < argc; i++)
    {
      /* `disable T=VER` is what scripts that enabled T=VER tend to write. */
      g_autofree char *name = extras_topic_spec_dup_name (argv[i]);

      /* What was enabled before (for the JSON), NULL when it was not. */
      g_ptr_array_add (versions, extras_state_is_enabled (state, name)
                                     ? g_strdup (extras_state_get_version (state, name))
                                     : NULL);
      g_ptr_array_add (names, g_strdup (name));
      if (!extras_state_disable (state, name, error))
        return extras_error_get_exit_code (*error);
    }
  if (!save_state (cli, state, &change, error))
    return extras_error_get_exit_code (*error);
  g_clear_pointer (&lock, extras_lock_release);

  extras_cli_flush_warnings (cli);
  if (cli->json)
    {
      json = extras_cli_json_new (cli);
      extras_json_key (json, "disabled");
      extras_json_begin_array (json);
      for (guint i = 0; i < names->len; i++)
        write_topic_ref (json, names->pdata[i], versions->pdata[i]);
      extras_json_end_array (json);
      write_repo_file (cli, json, &change);
    }
  extras_cli_print_list (cli, state, json);
  if (json != NULL)
    extras_cli_print_json (cli, json);
  else if (cli->dry_run)
    print_dry_run (&change);
  return 0;
}
