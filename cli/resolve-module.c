/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The resolve module: the front end of the resolver (libsolv, librepo, rpm),
 * loaded by the binary on first use. */
#include "resolve-module.h"
#include "glib-compat.h"
#include "render.h"
#include "extras-fetch.h"
#include "extras-resolver.h"

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

static void
quiet_librepo (void)
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

ExtrasCatalog *
extras_cli_module_fetch_catalog (const char *url, const char *key_path, const char *cache_dir,
                                 const char *arch, char **out_warning, GError **error)
{
  quiet_librepo ();
  return extras_catalog_fetch_signed (url, key_path, cache_dir, arch, out_warning, error);
}

/* Progress on a terminal: one line per download (a repository's metadata,
 * however many files and librepo stages it takes), redrawn in place with a
 * carriage return and a clear to the end of the line, ended when the next
 * download starts or loading is over (end_progress()).  Drawn only when
 * stdout is a terminal, never with --json. */
typedef struct
{
  char *what;  /* the download the open line shows, NULL when none is open */
  char *drawn; /* the text last drawn on it */
} Progress;

static Progress progress;

static void
end_progress (void)
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
  else /* size unknown yet */
    text = g_strdup_printf ("%-*.*s [%s] %6.0f kB", name_width, name_width, what, bar,
                            done / 1000);
  if (g_strcmp0 (progress.what, what) != 0)
    {
      end_progress ();
      progress.what = g_strdup (what);
    }
  else if (g_strcmp0 (progress.drawn, text) == 0)
    return;
  printf ("\r\033[K%s", text);
  fflush (stdout);
  g_free (progress.drawn);
  progress.drawn = g_steal_pointer (&text);
}

/* The resolver follows the rules of the package manager that install runs
 * (@pm_argv, else the one it would find); none at all: yum's (Amazon Linux 2). */
static void
set_package_manager (ExtrasResolver *resolver, const char *const *pm_argv)
{
  g_autofree char *why = NULL;
  g_auto (GStrv) found = NULL;

  if (pm_argv == NULL)
    pm_argv = (const char *const *) (found = extras_package_manager_dup_command (&why, NULL));
  else
    why = g_strdup_printf ("the command install runs: %s", pm_argv[0]);
  if (pm_argv == NULL)
    extras_resolver_set_package_manager (
        resolver, EXTRAS_PACKAGE_MANAGER_YUM,
        "no yum or dnf in PATH: yum's rules, as on Amazon Linux 2");
  else
    extras_resolver_set_package_manager (resolver, extras_package_manager_from_command (pm_argv),
                                         why);
}

static ExtrasResolver *
load_resolver (ExtrasCli *cli, ExtrasState *state, const char *const *pm_argv, GError **error)
{
  ExtrasConfig *config = extras_cli_get_config (cli, error);
  ExtrasCatalog *catalog = config != NULL ? extras_cli_get_catalog (cli, error) : NULL;
  g_autoptr (ExtrasResolver) resolver = NULL;

  quiet_librepo ();
  const char *const *warnings;

  if (catalog == NULL)
    return NULL;
  resolver = extras_resolver_new (config, catalog, state, extras_cli_get_arch (cli));
  set_package_manager (resolver, pm_argv);
  extras_resolver_set_date (resolver, extras_cli_get_date (cli));
  if (cli->debug_solver != NULL)
    extras_resolver_set_debug_dir (resolver, cli->debug_solver);
  if (!cli->json && isatty (STDOUT_FILENO))
    extras_resolver_set_progress_func (resolver, draw_progress, NULL);
  if (!extras_resolver_load (resolver, error))
    {
      end_progress ();
      return NULL;
    }
  end_progress ();
  warnings = extras_resolver_get_warnings (resolver);
  for (gsize i = 0; warnings[i] != NULL; i++)
    extras_cli_warn (cli, "%s", warnings[i]);
  return g_steal_pointer (&resolver);
}

ExtrasResolver *
extras_cli_module_load_resolver (ExtrasCli *cli, ExtrasState *state, GError **error)
{
  return load_resolver (cli, state, NULL, error);
}

static char *
support_text (const ExtrasTransaction *t, guint i)
{
  const char *topic = extras_transaction_get_topic (t, i);
  const char *date = extras_transaction_get_end_of_support (t, i);
  gboolean ended = extras_transaction_get_eos (t, i) == EXTRAS_EOS_REACHED;

  if (topic == NULL)
    return ended ? g_strdup_printf ("core, support ended %s", date) : g_strdup ("core (LTS)");
  if (!ended)
    return g_strdup_printf ("topic %s (not LTS)", topic);
  if (extras_transaction_get_support_source (t, i) == EXTRAS_SUPPORT_SOURCE_CORE)
    return g_strdup_printf ("topic %s, support ended %s (with the core)", topic, date);
  return g_strdup_printf ("topic %s, support ended %s", topic, date);
}

static void
print_text (const ExtrasTransaction *t)
{
  const char *headers[]
      = { "Action", "Package", "Version-Release", "Arch", "Repository", "Support" };
  guint n = extras_transaction_get_n_items (t);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GPtrArray) topics = g_ptr_array_new ();
  gsize width[6];

  for (int c = 0; c < 6; c++)
    width[c] = strlen (headers[c]);
  for (guint i = 0; i < n; i++)
    {
      char **row = g_new0 (char *, 7);
      const char *topic = extras_transaction_get_topic (t, i);

      row[0] = g_strdelimit (
          g_strdup (extras_action_to_string (extras_transaction_get_action (t, i))), "_", ' ');
      row[1] = g_strdup (extras_transaction_get_name (t, i));
      row[2] = g_strdup (extras_transaction_get_evr (t, i));
      row[3] = g_strdup (extras_transaction_get_arch (t, i));
      row[4] = g_strdup (extras_transaction_get_repo (t, i));
      row[5] = support_text (t, i);
      for (int c = 0; c < 6; c++)
        width[c] = MAX (width[c], (gsize) g_utf8_strlen (row[c], -1));
      g_ptr_array_add (rows, row);
      if (topic != NULL && !g_ptr_array_find_with_equal_func (topics, topic, g_str_equal, NULL))
        g_ptr_array_add (topics, (gpointer) topic);
    }
  if (n == 0)
    {
      printf ("Nothing to install: every package is installed already.\n");
      return;
    }
  printf ("Transaction:\n");
  printf (" %-*s  %-*s  %-*s  %-*s  %-*s  %s\n", (int) width[0], headers[0], (int) width[1],
          headers[1], (int) width[2], headers[2], (int) width[3], headers[3], (int) width[4],
          headers[4], headers[5]);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      printf (" %-*s  %-*s  %-*s  %-*s  %-*s  %s\n", (int) width[0], row[0], (int) width[1], row[1],
              (int) width[2], row[2], (int) width[3], row[3], (int) width[4], row[4], row[5]);
    }
  /* What goes, and why: the removals that an obsoleting package causes. */
  for (guint i = 0; i < n; i++)
    if (extras_transaction_get_action (t, i) == EXTRAS_ACTION_OBSOLETE)
      {
        g_autofree char *nevra = extras_transaction_dup_nevra (t, i);
        g_autofree char *by = g_strjoinv (", ", (char **) extras_transaction_get_replaces (t, i));
        printf ("%s is removed: %s obsoletes it.\n", nevra, by);
      }
  for (guint i = 0; i < topics->len; i++)
    printf ("Note: the packages of topic %s are outside Long Term Support: extras topics are not "
            "covered by the core's LTS, and only the newest packages of a topic are supported.\n",
            (const char *) topics->pdata[i]);
}

/* What replaces a package's topic (the policy's, as `list` has it), so that a
 * fleet's migration status can be read off a dry run; all null for core
 * packages, for which the catalog knows no replacement. */
static void
write_replacement (ExtrasCli *cli, ExtrasJson *json, const char *topic_name)
{
  ExtrasTopic *topic = topic_name != NULL ? extras_catalog_lookup (cli->catalog, topic_name) : NULL;
  ExtrasReplacement none = { NULL, NULL, NULL };

  extras_render_replacement_json (
      json, topic != NULL ? extras_policy_get_replacement (
                cli->catalog, topic, extras_cli_get_arch (cli), extras_cli_get_date (cli))
                          : none);
}

static void
write_json (ExtrasCli *cli, ExtrasJson *json, const ExtrasTransaction *t)
{
  extras_json_key (json, "transaction");
  extras_json_begin_array (json);
  for (guint i = 0; i < extras_transaction_get_n_items (t); i++)
    {
      extras_json_begin_object (json);
      extras_json_key (json, "action");
      extras_json_string (json, extras_action_to_string (extras_transaction_get_action (t, i)));
      extras_json_key (json, "name");
      extras_json_string (json, extras_transaction_get_name (t, i));
      extras_json_key (json, "evr");
      extras_json_string (json, extras_transaction_get_evr (t, i));
      extras_json_key (json, "arch");
      extras_json_string (json, extras_transaction_get_arch (t, i));
      extras_json_key (json, "repo");
      extras_json_string (json, extras_transaction_get_repo (t, i));
      extras_json_key (json, "topic");
      extras_json_string (json, extras_transaction_get_topic (t, i));
      extras_json_key (json, "lts");
      extras_json_bool (json, extras_transaction_get_lts (t, i));
      extras_json_key (json, "eos");
      extras_json_string (json, extras_eos_to_string (extras_transaction_get_eos (t, i)));
      extras_json_key (json, "end_of_support");
      extras_json_string (json, extras_transaction_get_end_of_support (t, i));
      extras_json_key (json, "end_of_support_from");
      extras_json_string (
          json, extras_support_source_to_string (extras_transaction_get_support_source (t, i)));
      extras_json_key (json, "replaces");
      extras_json_strv (json, extras_transaction_get_replaces (t, i));
      write_replacement (cli, json, extras_transaction_get_topic (t, i));
      extras_json_end_object (json);
    }
  extras_json_end_array (json);
  /* A resolution that succeeded has no problems; a refusal is an error
   * ({"error": ...}) whose message holds them. */
  extras_json_key (json, "problems");
  extras_json_strv (json, NULL);
}

struct _ExtrasCliInstallPlan
{
  ExtrasResolver *resolver;
  ExtrasTransaction *transaction;
};

void
extras_cli_module_plan_free (ExtrasCliInstallPlan *plan)
{
  if (plan == NULL)
    return;
  extras_resolver_free (plan->resolver);
  extras_transaction_free (plan->transaction);
  g_free (plan);
}

const char *const *
extras_cli_module_plan_packages (ExtrasCliInstallPlan *plan)
{
  return extras_transaction_get_package_names (plan->transaction);
}

gboolean
extras_cli_module_resolve_install (ExtrasCli *cli, ExtrasState *state, const char *const *topics,
                                   const char *const *pm_argv, ExtrasJson *json, GStrv *out_nevras,
                                   ExtrasCliInstallPlan **out_plan, GError **error)
{
  g_autoptr (ExtrasResolver) resolver = load_resolver (cli, state, pm_argv, error);
  g_autoptr (ExtrasTransaction) t = NULL;
  const char *const *warnings;
  ExtrasCliInstallPlan *plan;

  if (resolver == NULL)
    return FALSE;
  t = extras_resolver_resolve_install (resolver, topics, error);
  if (t == NULL)
    {
      /* The problems one by one, for the JSON error (the message has them in a line). */
      g_strfreev (cli->problems);
      cli->problems = g_strdupv ((char **) extras_resolver_get_problems (resolver));
      return FALSE;
    }
  warnings = extras_transaction_get_warnings (t);
  for (gsize i = 0; warnings[i] != NULL; i++)
    extras_cli_warn (cli, "%s", warnings[i]);
  if (json != NULL)
    write_json (cli, json, t);
  else
    {
      /* The warnings (unreachable repositories, policy) come before the table. */
      extras_cli_flush_warnings (cli);
      print_text (t);
      fflush (stdout);
    }
  /* The whole transaction: every package to install, upgrade or downgrade,
   * exactly as solved; what it removes follows from them. */
  *out_nevras = extras_transaction_dup_install_nevras (t);
  plan = g_new0 (ExtrasCliInstallPlan, 1);
  plan->resolver = g_steal_pointer (&resolver);
  plan->transaction = g_steal_pointer (&t);
  *out_plan = plan;
  return TRUE;
}

GStrv
extras_cli_module_installed (ExtrasCli *cli, const char *const *nevras, GError **error)
{
  ExtrasConfig *config = extras_cli_get_config (cli, error);

  return config != NULL ? extras_rpmdb_dup_installed (config, nevras, error) : NULL;
}

static void
print_changes (const char *label, const char *const *changes)
{
  fprintf (stderr, "  %s", label);
  if (changes[0] == NULL)
    fprintf (stderr, " nothing");
  for (gsize i = 0; changes[i] != NULL; i++)
    fprintf (stderr, "%s %s", i == 0 ? "" : ",", changes[i]);
  fprintf (stderr, "\n");
}

gboolean
extras_cli_module_check_install (ExtrasCli *cli, ExtrasCliInstallPlan *plan, ExtrasJson *json,
                                 GError **error)
{
  g_auto (GStrv) previewed = NULL;
  g_auto (GStrv) happened = NULL;
  gboolean same = FALSE;

  if (!extras_resolver_check_installed (plan->resolver, plan->transaction, &same, &previewed,
                                        &happened, error))
    return FALSE;
  if (json != NULL)
    {
      extras_json_key (json, "transaction_check");
      extras_json_begin_object (json);
      extras_json_key (json, "same");
      extras_json_bool (json, same);
      extras_json_key (json, "previewed");
      extras_json_strv (json, (const char *const *) previewed);
      extras_json_key (json, "happened");
      extras_json_strv (json, (const char *const *) happened);
      extras_json_end_object (json);
    }
  if (same)
    return TRUE;
  if (json == NULL)
    {
      fflush (stdout);
      fprintf (stderr, "The package manager's transaction differed from the preview:\n");
      print_changes ("previewed:", (const char *const *) previewed);
      print_changes ("happened: ", (const char *const *) happened);
    }
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_TRANSACTION_DIFFERS,
               "The package manager's transaction differed from the preview; the topics stay "
               "enabled; check the packages with rpm -qa");
  return FALSE;
}

int
extras_cli_module_cmd_why (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasState) state = NULL;
  g_autoptr (ExtrasResolver) resolver = NULL;
  g_autoptr (ExtrasJson) json = NULL;
  g_autofree char *path = NULL;
  ExtrasConfig *config;
  int first = argc > 0 && g_strcmp0 (argv[0], "why") == 0 ? 1 : 0;

  if (argc - first < 1)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                   "why: name at least one package (amazon-linux-extras why PACKAGE...)");
      return extras_error_get_exit_code (*error);
    }
  config = extras_cli_get_config (cli, error);
  if (config == NULL)
    return extras_error_get_exit_code (*error);
  path = extras_config_dup_state_path (config);
  state = extras_state_load (path, config, error);
  if (state == NULL || (resolver = extras_cli_module_load_resolver (cli, state, error)) == NULL)
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

/* Whether a finding already says @warning (an unreachable topic repository). */
static gboolean
warning_in_findings (const ExtrasValidation *v, const char *warning)
{
  for (guint i = 0; i < extras_validation_get_n_findings (v); i++)
    if (strstr (extras_validation_get_message (v, i), warning) != NULL)
      return TRUE;
  return FALSE;
}

int
extras_cli_module_cmd_validate (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasState) state = NULL;
  g_autoptr (ExtrasResolver) resolver = NULL;
  g_autoptr (ExtrasValidation) v = NULL;
  g_autoptr (GPtrArray) topics = g_ptr_array_new ();
  g_autofree char *path = NULL;
  ExtrasConfig *config;
  ExtrasCatalog *catalog;
  const char *const *warnings;
  guint errors, n_warnings;
  int first = argc > 0 && g_strcmp0 (argv[0], "validate") == 0 ? 1 : 0;

  quiet_librepo ();
  for (int i = first; i < argc; i++)
    g_ptr_array_add (topics, argv[i]);
  config = extras_cli_get_config (cli, error);
  if (config == NULL)
    return extras_error_get_exit_code (*error);
  catalog = extras_cli_get_catalog (cli, error);
  if (catalog == NULL)
    return extras_error_get_exit_code (*error);
  /* The state is read, never written: the topics are enabled in memory. */
  path = extras_config_dup_state_path (config);
  state = extras_state_load (path, config, error);
  if (state == NULL)
    return extras_error_get_exit_code (*error);
  resolver = extras_resolver_new (config, catalog, state, extras_cli_get_arch (cli));
  extras_resolver_set_date (resolver, extras_cli_get_date (cli));
  if (!cli->json && isatty (STDOUT_FILENO))
    extras_resolver_set_progress_func (resolver, draw_progress, NULL);
  v = extras_resolver_validate (resolver,
                                (const char *const *) extras_ptr_array_terminated (topics), error);
  end_progress ();
  if (v == NULL)
    return extras_error_get_exit_code (*error);

  warnings = extras_resolver_get_warnings (resolver);
  for (gsize i = 0; warnings[i] != NULL; i++)
    if (!warning_in_findings (v, warnings[i]))
      extras_cli_warn (cli, "%s", warnings[i]);
  errors = extras_validation_count (v, EXTRAS_FINDING_ERROR);
  n_warnings = extras_validation_count (v, EXTRAS_FINDING_WARNING);
  if (cli->json)
    {
      g_autoptr (ExtrasJson) json = extras_cli_json_new (cli);
      write_findings_json (cli, state, json, v);
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
