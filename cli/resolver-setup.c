/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The resolver as the commands that need one set it up: the package
 * manager install runs, --date, --debug-solver, a progress bar on a terminal,
 * and librepo's log kept off the terminal. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* librepo reports every mirror it could not reach with g_warning(): that
 * would be glib noise around our one-line messages (and fatal under
 * G_DEBUG=fatal-warnings).  What matters of it reaches the user through the
 * resolver's own warnings and errors; librepo's log is shown only with
 * G_MESSAGES_DEBUG=librepo (logging from inside a handler would recurse). */
static void
librepo_log (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  const char *debug = g_getenv ("G_MESSAGES_DEBUG");

  if (debug != NULL && (strstr (debug, "librepo") != NULL || strcmp (debug, "all") == 0))
    fprintf (stderr, "%s: %s\n", domain, message);
}

static gboolean
librepo_not_fatal (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  return g_strcmp0 (domain, "librepo") != 0;
}

void
extras_cli_quiet_librepo (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_handler ("librepo", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                         librepo_log, NULL);
      g_test_log_set_fatal_handler (librepo_not_fatal, NULL);
      g_once_init_leave (&done, 1);
    }
}

/* Progress on a terminal: one line per download (a repository's metadata,
 * however many files and librepo stages it takes), redrawn in place with a
 * carriage return and a clear to the end of the line, ended when the next
 * download starts or loading is over (extras_cli_end_progress()).  Drawn only when
 * stdout is a terminal, never with --json. */
typedef struct
{
  char *what;  /* the download the open line shows, NULL when none is open */
  char *drawn; /* the text last drawn on it */
} Progress;

static Progress progress;

void
extras_cli_end_progress (void)
{
  if (progress.what == NULL)
    return;
  printf ("\n");
  fflush (stdout);
  g_clear_pointer (&progress.what, g_free);
  g_clear_pointer (&progress.drawn, g_free);
}

static int
terminal_columns (void)
{
  struct winsize ws;

  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 80;
}

static void
draw_progress (const char *what, double total, double done, gpointer user_data)
{
  int percent = total > 0 ? (int) (100.0 * done / total) : 0;
  /* The line never reaches the last column: a terminal that wraps it
   * would leave every redraw on a line of its own. */
  int name_width = MIN (40, terminal_columns () - 1 - 28);
  char bar[21];
  g_autofree char *text = NULL;

  if (percent > 100)
    percent = 100;
  if (percent < 0)
    percent = 0;
  memset (bar, '#', percent / 5);
  memset (bar + percent / 5, '-', 20 - percent / 5);
  bar[20] = '\0';
  if (name_width < 8)
    text = g_strdup_printf ("%3d%%", percent);
  else if (total > 0)
    text = g_strdup_printf ("%-*.*s [%s] %3d%%", name_width, name_width, what, bar, percent);
  else /* size unknown yet: what came so far, as wide as the bar and the percentage */
    {
      g_autofree char *size = g_strdup_printf ("%.0f kB", done / 1000);

      text = g_strdup_printf ("%-*.*s %27.27s", name_width, name_width, what, size);
    }
  if (g_strcmp0 (progress.what, what) != 0)
    {
      extras_cli_end_progress ();
      progress.what = g_strdup (what);
    }
  else if (g_strcmp0 (progress.drawn, text) == 0)
    return;
  printf ("\r\033[K%s", text);
  fflush (stdout);
  g_free (progress.drawn);
  progress.drawn = g_steal_pointer (&text);
}

void
extras_cli_show_progress (ExtrasCli *cli, ExtrasResolver *resolver)
{
  if (!cli->json && isatty (STDOUT_FILENO))
    extras_resolver_set_progress_func (resolver, draw_progress, NULL);
}

ExtrasResolver *
extras_cli_load_resolver (ExtrasCli *cli, ExtrasSystem *system, const char *const *pm_argv,
                          GError **error)
{
  g_autoptr (ExtrasResolver) resolver = extras_system_new_resolver (system);
  const char *const *warnings;

  extras_resolver_set_package_manager_command (resolver, pm_argv);
  if (cli->debug_solver != NULL)
    extras_resolver_set_debug_dir (resolver, cli->debug_solver);
  extras_cli_show_progress (cli, resolver);
  if (!extras_resolver_load (resolver, error))
    {
      extras_cli_end_progress ();
      return NULL;
    }
  extras_cli_end_progress ();
  warnings = extras_resolver_get_warnings (resolver);
  for (gsize i = 0; warnings[i] != NULL; i++)
    extras_cli_warn (cli, "%s", warnings[i]);
  return g_steal_pointer (&resolver);
}
