/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"
#include "resolve-module.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The package manager's command line: EXTRAS_PACKAGE_MANAGER (a command line,
 * split as a shell would), else yum, else dnf. */
static GStrv
package_manager_argv (ExtrasCli *cli, GPtrArray *specs, const char *const *nevras, GError **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char *override = g_getenv ("EXTRAS_PACKAGE_MANAGER");
  ExtrasConfig *config = cli->config;
  g_auto (GStrv) base = NULL;

  if (override != NULL && override[0] != '\0')
    {
      g_autoptr (GError) local_error = NULL;

      if (!g_shell_parse_argv (override, NULL, &base, &local_error))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                       "EXTRAS_PACKAGE_MANAGER is not a command line: %s", local_error->message);
          return NULL;
        }
    }
  else
    {
      g_autofree char *yum = g_find_program_in_path ("yum");
      g_autofree char *dnf = yum == NULL ? g_find_program_in_path ("dnf") : NULL;

      if (yum == NULL && dnf == NULL)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                       "Neither yum nor dnf is in PATH; install one, or set "
                       "EXTRAS_PACKAGE_MANAGER to the package manager's command");
          return NULL;
        }
      base = g_new0 (char *, 2);
      base[0] = g_strdup (yum != NULL ? yum : dnf);
    }

  g_strv_builder_addv (builder, (const char **) base);
  if (extras_config_get_root (config)[0] != '\0')
    {
      g_strv_builder_add (builder, "--installroot");
      g_strv_builder_add (builder, extras_config_get_root (config));
    }
  if (cli->yes)
    g_strv_builder_add (builder, "-y");
  if (cli->verbose)
    g_strv_builder_add (builder, "-v");
  if (cli->quiet)
    g_strv_builder_add (builder, "-q");
  /* The metadata of a newly enabled topic must be fresh, without throwing
   * away the core's (the original ran `yum clean metadata`). */
  for (guint i = 0; i < specs->len; i++)
    {
      ExtrasTopicSpec *spec = specs->pdata[i];
      g_autofree char *id = extras_topic_repo_id (extras_topic_get_name (spec->topic), NULL);
      g_autofree char *opt = g_strdup_printf ("--setopt=%s.metadata_expire=0", id);
      g_strv_builder_add (builder, opt);
    }
  g_strv_builder_add (builder, "install");
  g_strv_builder_addv (builder, (const char **) nevras);
  return g_strv_builder_end (builder);
}

/* Runs the package manager; its output goes to stderr in JSON mode so that
 * stdout stays one JSON document. */
static gboolean
run_package_manager (ExtrasCli *cli, char **argv, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  GPid pid;
  int status;

  fflush (stdout);
  if (!g_spawn_async_with_fds (
          NULL, argv, NULL,
          G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CHILD_INHERITS_STDIN, NULL,
          NULL, &pid, -1, cli->json ? STDERR_FILENO : -1, -1, &local_error))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                   "Cannot run the package manager %s: %s", argv[0], local_error->message);
      return FALSE;
    }
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      {
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                     "Lost the package manager %s: %s", argv[0], g_strerror (errno));
        return FALSE;
      }
  g_spawn_close_pid (pid);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return TRUE;
  if (WIFEXITED (status))
    g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                 "The package manager (%s) failed with exit status %d", argv[0],
                 WEXITSTATUS (status));
  else
    g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                 "The package manager (%s) was killed by signal %d", argv[0], WTERMSIG (status));
  return FALSE;
}

/* Whether the repo file can be replaced, checked before the resolver's
 * downloads so that an unwritable system fails first, and as what it is. */
static gboolean
check_writable (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  const char *what = dir;

  if (access (dir, W_OK) == 0
      && (access (path, F_OK) != 0 || (what = path, access (path, W_OK) == 0)))
    return TRUE;
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PERMISSION,
               "Cannot write %s: %s (is it immutable or on a read-only file system?)", what,
               g_strerror (errno));
  return FALSE;
}

/* Puts the repo file back as it was before this command. */
static gboolean
restore (ExtrasState *original, gboolean existed, const char *path, GError **error)
{
  if (existed)
    return extras_state_save (original, path, error);
  if (unlink (path) < 0 && errno != ENOENT)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot remove %s: %s", path,
                   g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

int
extras_cli_cmd_install (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasLock) lock = NULL;
  g_autoptr (ExtrasState) state = NULL;
  g_autoptr (ExtrasState) original = NULL;
  g_autoptr (GPtrArray) specs = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_null_terminated (0, NULL, TRUE);
  g_autoptr (GPtrArray) packages = g_ptr_array_new_null_terminated (0, NULL, TRUE);
  g_autoptr (ExtrasJson) json = NULL;
  g_autofree char *path = NULL;
  g_auto (GStrv) nevras = NULL;
  g_auto (GStrv) pm_argv = NULL;
  ExtrasCliResolveInstallFunc resolve;
  gboolean existed;

  if (!cli->dry_run && !extras_cli_require_root (cli, "install", error))
    return extras_error_get_exit_code (*error);
  if (extras_cli_get_catalog (cli, error) == NULL)
    return extras_error_get_exit_code (*error);
  if (cli->dry_run)
    {
      /* Nothing is written: read the state without taking the lock. */
      ExtrasConfig *config = extras_cli_get_config (cli, error);

      path = extras_config_dup_state_path (config);
      state = extras_state_load (path, config, error);
    }
  else
    state = extras_cli_lock_state (cli, &lock, &path, error);
  if (state == NULL
      || (specs = extras_cli_parse_topic_specs (cli, state, "install", argc, argv, error)) == NULL)
    return extras_error_get_exit_code (*error);

  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (!cli->dry_run && !check_writable (path, error))
    return extras_error_get_exit_code (*error);
  {
    g_autoptr (GBytes) bytes = extras_state_to_bytes (state);
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);

    original = extras_state_new_from_data (data, len, path, cli->config, error);
    if (original == NULL)
      return extras_error_get_exit_code (*error);
  }

  for (guint i = 0; i < specs->len; i++)
    {
      ExtrasTopicSpec *spec = specs->pdata[i];
      const char *const *p = extras_topic_get_packages (spec->topic);

      if (!extras_state_enable (state, extras_topic_get_name (spec->topic), spec->version, error))
        return extras_error_get_exit_code (*error);
      g_ptr_array_add (names, (gpointer) extras_topic_get_name (spec->topic));
      for (gsize j = 0; p[j] != NULL; j++)
        g_ptr_array_add (packages, (gpointer) p[j]);
    }

  if (cli->json)
    {
      json = extras_json_new ();
      extras_json_begin_object (json);
    }
  extras_cli_flush_warnings (cli);
  resolve = extras_cli_module_symbol ("extras_cli_module_resolve_install", error);
  if (resolve == NULL
      || !resolve (cli, state, (const char *const *) names->pdata, json, &nevras, error))
    return extras_error_get_exit_code (*error);

  if (!cli->dry_run)
    {
      if (!extras_state_save (state, path, error))
        return extras_error_get_exit_code (*error);
      if (!cli->json)
        {
          g_autofree char *joined = g_strjoinv (", ", (char **) packages->pdata);
          printf ("Installing %s\n", joined);
        }
      /* Nothing for the package manager when the topics' packages are installed
       * and up to date: the transaction printed said so. */
      if (nevras[0] != NULL
          && ((pm_argv = package_manager_argv (cli, specs, (const char *const *) nevras, error))
                  == NULL
              || !run_package_manager (cli, pm_argv, error)))
        {
          g_autoptr (GError) restore_error = NULL;
          g_autofree char *message = NULL;

          if (restore (original, existed, path, &restore_error))
            message = g_strdup_printf ("%s; %s was restored as it was", (*error)->message, path);
          else
            {
              /* Not rolled back: an environment failure, not exit 5. */
              message = g_strdup_printf ("%s, and %s could not be restored: %s", (*error)->message,
                                         path, restore_error->message);
              (*error)->code = EXTRAS_ERROR_IO;
            }
          g_free ((*error)->message);
          (*error)->message = g_steal_pointer (&message);
          return extras_error_get_exit_code (*error);
        }
    }
  g_clear_pointer (&lock, extras_lock_release);

  if (json != NULL)
    {
      extras_json_key (json, "installed");
      extras_json_strv (json, cli->dry_run ? NULL : (const char *const *) nevras);
      extras_json_key (json, "dry_run");
      extras_json_bool (json, cli->dry_run);
    }
  if (!cli->dry_run)
    extras_cli_print_list (cli, state, json);
  if (json != NULL)
    {
      extras_cli_print_json (cli, json);
    }
  return 0;
}
