/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"
#include "glib-compat.h"
#include "resolve-module.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The package manager's command line: @base (EXTRAS_PACKAGE_MANAGER, else
 * yum, else dnf: extras_package_manager_dup_command()), the root, and the
 * whole transaction with the options that leave dnf no choice of its own. */
static GStrv
package_manager_argv (ExtrasCli *cli, const char *const *base, GPtrArray *specs,
                      const char *const *nevras)
{
  g_autoptr (GPtrArray) builder = g_ptr_array_new_with_free_func (g_free);
  ExtrasConfig *config = cli->config;

  for (gsize i = 0; base[i] != NULL; i++)
    g_ptr_array_add (builder, g_strdup (base[i]));
  if (extras_config_get_root (config)[0] != '\0')
    {
      g_ptr_array_add (builder, g_strdup ("--installroot"));
      g_ptr_array_add (builder, g_strdup (extras_config_get_root (config)));
    }
  if (cli->yes)
    g_ptr_array_add (builder, g_strdup ("-y"));
  if (cli->verbose)
    g_ptr_array_add (builder, g_strdup ("-v"));
  if (cli->quiet)
    g_ptr_array_add (builder, g_strdup ("-q"));
  /* The weak dependencies were solved (those to install are in the list),
   * and every package is named at its version: dnf may add nothing and
   * must take exactly these or fail.  yum 3 knows neither option. */
  if (extras_package_manager_from_command (base) == EXTRAS_PACKAGE_MANAGER_DNF)
    {
      g_ptr_array_add (builder, g_strdup ("--setopt=install_weak_deps=False"));
      g_ptr_array_add (builder, g_strdup ("--best"));
    }
  /* The metadata of a newly enabled topic must be fresh, without throwing
   * away the core's (the original ran `yum clean metadata`). */
  for (guint i = 0; i < specs->len; i++)
    {
      ExtrasTopicSpec *spec = specs->pdata[i];
      g_autofree char *id = extras_topic_repo_id (extras_topic_spec_get_name (spec), NULL);
      g_autofree char *opt = g_strdup_printf ("--setopt=%s.metadata_expire=0", id);
      g_ptr_array_add (builder, g_steal_pointer (&opt));
    }
  g_ptr_array_add (builder, g_strdup ("install"));
  for (gsize i = 0; nevras[i] != NULL; i++)
    g_ptr_array_add (builder, g_strdup (nevras[i]));
  return (GStrv) extras_ptr_array_steal_terminated (g_steal_pointer (&builder));
}

/* While the package manager runs, as system(3) does: SIGINT and SIGQUIT
 * (Ctrl-C, Ctrl-\ reach the whole foreground group, the package manager too)
 * are ignored here, and SIGTERM and SIGHUP, sent to this process alone, are
 * passed on to the package manager, so that this process lives to see how
 * it ended and to put the repo file right. */
static volatile sig_atomic_t child_pid = 0;
static volatile sig_atomic_t passed_signal = 0;

static void
pass_signal_on (int sig)
{
  passed_signal = sig;
  if (child_pid > 0)
    kill ((pid_t) child_pid, sig);
}

/* In the child, before exec: the dispositions and mask of a normal process. */
static void
reset_signals (gpointer data)
{
  sigset_t none;
  const gboolean *output_to_stderr = data;

  signal (SIGINT, SIG_DFL);
  signal (SIGQUIT, SIG_DFL);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (*output_to_stderr)
    dup2 (STDERR_FILENO, STDOUT_FILENO);
}

/* Runs the package manager; its output goes to stderr in JSON mode so that
 * stdout stays one JSON document. */
static gboolean
run_package_manager (ExtrasCli *cli, char **argv, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  struct sigaction ignore = { 0 }, pass = { 0 };
  struct sigaction old_int, old_quit, old_term, old_hup;
  sigset_t block, old_mask;
  gboolean spawned;
  GPid pid;
  int status = 0;
  int wait_errno = 0;

  fflush (stdout);
  ignore.sa_handler = SIG_IGN;
  sigemptyset (&ignore.sa_mask);
  pass.sa_handler = pass_signal_on;
  sigemptyset (&pass.sa_mask);
  sigaction (SIGINT, &ignore, &old_int);
  sigaction (SIGQUIT, &ignore, &old_quit);
  /* Blocked until the child's pid is known, so none is lost in between. */
  sigemptyset (&block);
  sigaddset (&block, SIGTERM);
  sigaddset (&block, SIGHUP);
  sigprocmask (SIG_BLOCK, &block, &old_mask);
  sigaction (SIGTERM, &pass, &old_term);
  sigaction (SIGHUP, &pass, &old_hup);
  passed_signal = 0;
  spawned = g_spawn_async (NULL, argv, NULL,
                           G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                               | G_SPAWN_CHILD_INHERITS_STDIN,
                           reset_signals, &cli->json, &pid, &local_error);
  if (spawned)
    child_pid = pid;
  sigprocmask (SIG_SETMASK, &old_mask, NULL);
  if (spawned)
    while (waitpid (pid, &status, 0) < 0)
      if (errno != EINTR)
        {
          wait_errno = errno;
          break;
        }
  child_pid = 0;
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGQUIT, &old_quit, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  sigaction (SIGHUP, &old_hup, NULL);
  if (!spawned)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                   "Cannot run the package manager %s: %s", argv[0], local_error->message);
      return FALSE;
    }
  if (wait_errno != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                   "Lost the package manager %s: %s", argv[0], g_strerror (wait_errno));
      return FALSE;
    }
  g_spawn_close_pid (pid);
  if (passed_signal != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                   "Interrupted by signal %d (%s), which was passed on to the package manager "
                   "(%s)",
                   (int) passed_signal, g_strsignal (passed_signal), argv[0]);
      return FALSE;
    }
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

/* The topics of @specs whose own packages (of @nevras) the rpmdb holds now;
 * NULL when the rpmdb cannot be read. */
static GHashTable *
installed_topics (ExtrasCli *cli, GPtrArray *specs, const char *const *nevras)
{
  ExtrasCliInstalledFunc installed_func
      = extras_cli_module_symbol ("extras_cli_module_installed", NULL);
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) installed = NULL;
  g_autoptr (GHashTable) have = NULL;
  GHashTable *out;

  if (installed_func == NULL || (installed = installed_func (cli, nevras, &local_error)) == NULL)
    {
      g_debug ("rpmdb not read after the package manager: %s",
               local_error != NULL ? local_error->message : "no module");
      return NULL;
    }
  have = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; installed[i] != NULL; i++)
    g_hash_table_add (have, installed[i]);
  out = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < specs->len; i++)
    {
      ExtrasTopicSpec *spec = specs->pdata[i];
      const char *const *packages = extras_topic_get_packages (extras_topic_spec_get_topic (spec));
      gboolean all = TRUE;

      for (gsize j = 0; nevras[j] != NULL; j++)
        {
          /* name-version-release.arch: the name is before the last two dashes. */
          g_autofree char *name = g_strdup (nevras[j]);
          char *dash = strrchr (name, '-');

          if (dash != NULL)
            *dash = '\0';
          if (dash != NULL && (dash = strrchr (name, '-')) != NULL)
            *dash = '\0';
          if (g_strv_contains (packages, name) && !g_hash_table_contains (have, nevras[j]))
            all = FALSE;
        }
      if (all)
        g_hash_table_add (out, (gpointer) extras_topic_spec_get_name (spec));
    }
  return out;
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
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GPtrArray) packages = g_ptr_array_new ();
  g_autoptr (ExtrasJson) json = NULL;
  g_autofree char *path = NULL;
  g_auto (GStrv) nevras = NULL;
  g_auto (GStrv) pm_argv = NULL;
  g_auto (GStrv) pm_base = NULL;
  g_autoptr (GError) pm_error = NULL;
  g_autoptr (GError) differs = NULL;
  ExtrasCliResolveInstallFunc resolve;
  ExtrasCliCheckInstallFunc check;
  ExtrasCliPlanFreeFunc plan_free;
  ExtrasCliInstallPlan *plan = NULL;
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
  original = extras_state_dup (state);

  for (guint i = 0; i < specs->len; i++)
    {
      ExtrasTopicSpec *spec = specs->pdata[i];
      const char *const *p = extras_topic_get_packages (extras_topic_spec_get_topic (spec));

      if (!extras_state_enable (state, extras_topic_spec_get_name (spec),
                                extras_topic_spec_get_version (spec), error))
        return extras_error_get_exit_code (*error);
      g_ptr_array_add (names, (gpointer) extras_topic_spec_get_name (spec));
      for (gsize j = 0; p[j] != NULL; j++)
        g_ptr_array_add (packages, (gpointer) p[j]);
    }

  if (cli->json)
    {
      json = extras_cli_json_new (cli);
    }
  extras_cli_flush_warnings (cli);
  /* The preview follows the rules of the package manager that will run. */
  pm_base = extras_package_manager_dup_command (NULL, &pm_error);
  resolve = extras_cli_module_symbol ("extras_cli_module_resolve_install", error);
  check = resolve != NULL ? extras_cli_module_symbol ("extras_cli_module_check_install", error)
                          : NULL;
  plan_free
      = check != NULL ? extras_cli_module_symbol ("extras_cli_module_plan_free", error) : NULL;
  if (plan_free == NULL
      || !resolve (cli, state, (const char *const *) extras_ptr_array_terminated (names),
                   (const char *const *) pm_base, json, &nevras, &plan, error))
    return extras_error_get_exit_code (*error);

  if (!cli->dry_run)
    {
      if (!extras_state_save (state, path, error))
        return extras_error_get_exit_code (*error);
      if (!cli->json)
        {
          /* The original's line, naming the packages as solved (a name that
           * only another package provides is said as that package). */
          ExtrasCliPlanPackagesFunc plan_packages
              = extras_cli_module_symbol ("extras_cli_module_plan_packages", NULL);
          const char *const *solved = plan_packages != NULL ? plan_packages (plan) : NULL;
          g_autofree char *joined = g_strjoinv (
              ", ", (char **) (solved != NULL && solved[0] != NULL
                                   ? solved
                                   : (const char *const *) extras_ptr_array_terminated (packages)));
          printf ("Installing %s\n", joined);
        }
      /* Nothing for the package manager when the topics' packages are installed
       * and up to date: the transaction printed said so. */
      if (nevras[0] != NULL && pm_base == NULL)
        g_propagate_error (error, g_steal_pointer (&pm_error));
      else if (nevras[0] != NULL)
        pm_argv = package_manager_argv (cli, (const char *const *) pm_base, specs,
                                        (const char *const *) nevras);
      if (nevras[0] != NULL && (pm_argv == NULL || !run_package_manager (cli, pm_argv, error)))
        {
          g_autoptr (GError) restore_error = NULL;
          g_autofree char *message = NULL;
          g_autoptr (GHashTable) done = NULL;
          g_autoptr (GString) kept = g_string_new (NULL);
          g_autoptr (GString) undone = g_string_new (NULL);
          gboolean restored;

          /* What happened is in the rpmdb, not in the exit status: a package
           * manager killed late may have installed everything.  Topics whose
           * packages are installed stay enabled; the others are restored. */
          if (pm_argv != NULL)
            done = installed_topics (cli, specs, (const char *const *) nevras);
          for (guint i = 0; done != NULL && i < specs->len; i++)
            {
              ExtrasTopicSpec *spec = specs->pdata[i];
              const char *name = extras_topic_spec_get_name (spec);
              GString *list = g_hash_table_contains (done, name) ? kept : undone;

              g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "", name);
              if (list == kept
                  && !extras_state_enable (original, name, extras_topic_spec_get_version (spec),
                                           NULL))
                g_clear_pointer (&done, g_hash_table_unref);
            }
          if (done != NULL && kept->len > 0)
            restored = extras_state_save (original, path, &restore_error);
          else
            restored = restore (original, existed, path, &restore_error);
          if (restored && done != NULL && kept->len > 0)
            message = g_strdup_printf ("%s; installed all the same: %s (left enabled in %s)%s%s%s",
                                       (*error)->message, kept->str, path,
                                       undone->len > 0 ? "; not installed: " : "", undone->str,
                                       undone->len > 0 ? " (restored)" : "");
          else if (restored)
            message = g_strdup_printf ("%s; %s%s%s%s was restored as it was", (*error)->message,
                                       undone->len > 0 ? "not installed: " : "", undone->str,
                                       undone->len > 0 ? "; " : "", path);
          else
            {
              /* Not rolled back: an environment failure, not exit 5. */
              message = g_strdup_printf ("%s, and %s could not be restored: %s", (*error)->message,
                                         path, restore_error->message);
              (*error)->code = EXTRAS_ERROR_IO;
            }
          g_free ((*error)->message);
          (*error)->message = g_steal_pointer (&message);
          plan_free (plan);
          return extras_error_get_exit_code (*error);
        }
      /* Installed: did the rpmdb change as previewed?  The topics stay
       * enabled either way. */
      if (nevras[0] != NULL && !check (cli, plan, json, &differs)
          && differs->code != EXTRAS_ERROR_TRANSACTION_DIFFERS)
        {
          g_propagate_error (error, g_steal_pointer (&differs));
          plan_free (plan);
          return extras_error_get_exit_code (*error);
        }
    }
  plan_free (plan);
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
    extras_cli_print_json (cli, json);
  if (differs != NULL)
    {
      /* JSON: the document says it (transaction_check); text: the block is
       * on stderr, the error's line follows. */
      if (json != NULL)
        return extras_error_get_exit_code (differs);
      g_propagate_error (error, g_steal_pointer (&differs));
      return extras_error_get_exit_code (*error);
    }
  return 0;
}
