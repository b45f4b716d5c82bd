/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* install's package manager: its command line, and running it as system(3)
 * would, with the signals that must reach it passed on. */
#include "cli.h"
#include "glib-compat.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The package manager's command line: @base (EXTRAS_PACKAGE_MANAGER, else
 * yum, else dnf: extras_package_manager_dup_command()), the root, and the
 * whole transaction with the options that leave dnf no choice of its own. */
GStrv
extras_cli_package_manager_argv (ExtrasCli *cli, const char *const *base, GPtrArray *specs,
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
gboolean
extras_cli_run_package_manager (ExtrasCli *cli, char **argv, GError **error)
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
