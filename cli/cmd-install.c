/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `install TOPIC[=VERSION]...`: enables the topics, previews the whole
 * transaction with the package manager's rules (the table, or "transaction"
 * in JSON), hands it to the package manager (run-package-manager.c), checks
 * the rpmdb against the preview, and puts the repo file back when the
 * package manager fails. */
#include "cli.h"
#include "glib-compat.h"
#include "render.h"

#include <stdio.h>
#include <string.h>

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

/* What install previewed, kept for the check after the package manager. */
typedef struct
{
  ExtrasResolver *resolver;
  ExtrasTransaction *transaction;
} InstallPlan;

static void
plan_free (InstallPlan *plan)
{
  if (plan == NULL)
    return;
  extras_resolver_free (plan->resolver);
  extras_transaction_free (plan->transaction);
  g_free (plan);
}

static const char *const *
plan_packages (InstallPlan *plan)
{
  return extras_transaction_get_package_names (plan->transaction);
}

static gboolean
resolve_install (ExtrasCli *cli, ExtrasSystem *system, const char *const *topics,
                 const char *const *pm_argv, ExtrasJson *json, GStrv *out_nevras,
                 InstallPlan **out_plan, GError **error)
{
  g_autoptr (ExtrasResolver) resolver = extras_cli_load_resolver (cli, system, pm_argv, error);
  g_autoptr (ExtrasTransaction) t = NULL;
  const char *const *warnings;
  InstallPlan *plan;

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
  plan = g_new0 (InstallPlan, 1);
  plan->resolver = g_steal_pointer (&resolver);
  plan->transaction = g_steal_pointer (&t);
  *out_plan = plan;
  return TRUE;
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

static gboolean
check_install (ExtrasCli *cli, InstallPlan *plan, ExtrasJson *json, GError **error)
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

/* The message of a failed install, once the repo file is back: what the
 * package manager said, then what stays enabled and what was restored. */
static void
say_rolled_back (GError *error, const char *path, const char *const *kept,
                 const char *const *undone)
{
  g_autofree char *kept_list = g_strjoinv (", ", (char **) kept);
  g_autofree char *undone_list = g_strjoinv (", ", (char **) undone);
  char *message;

  if (kept[0] != NULL)
    message = g_strdup_printf ("%s; installed all the same: %s (left enabled in %s)%s%s%s",
                               error->message, kept_list, path,
                               undone[0] != NULL ? "; not installed: " : "", undone_list,
                               undone[0] != NULL ? " (restored)" : "");
  else
    message = g_strdup_printf ("%s; %s%s%s%s was restored as it was", error->message,
                               undone[0] != NULL ? "not installed: " : "", undone_list,
                               undone[0] != NULL ? "; " : "", path);
  g_free (error->message);
  error->message = message;
}

int
extras_cli_cmd_install (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasSystem) system = NULL;
  g_autoptr (GPtrArray) args = extras_cli_terminated_args (argc, argv);
  g_autoptr (GPtrArray) specs = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GPtrArray) packages = g_ptr_array_new ();
  g_autoptr (ExtrasJson) json = NULL;
  const char *path;
  g_auto (GStrv) nevras = NULL;
  g_auto (GStrv) pm_argv = NULL;
  g_auto (GStrv) pm_base = NULL;
  g_autoptr (GError) pm_error = NULL;
  g_autoptr (GError) differs = NULL;
  InstallPlan *plan = NULL;

  if ((!cli->dry_run && !extras_cli_require_root (cli, "install", error))
      || (system = extras_cli_open_system (cli, error)) == NULL
      || !extras_cli_check_some_topics ("install", argc, error)
      || (specs = extras_system_enable (system, (const char *const *) args->pdata, error)) == NULL)
    return extras_error_get_exit_code (*error);
  extras_cli_warn_specs (cli, specs, "install");
  path = extras_system_get_state_path (system);
  if (!cli->dry_run && !extras_system_check_writable (system, error))
    return extras_error_get_exit_code (*error);

  for (guint i = 0; i < specs->len; i++)
    {
      ExtrasTopicSpec *spec = specs->pdata[i];
      const char *const *p = extras_topic_get_packages (extras_topic_spec_get_topic (spec));

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
  if (!resolve_install (cli, system, (const char *const *) extras_ptr_array_terminated (names),
                        (const char *const *) pm_base, json, &nevras, &plan, error))
    return extras_error_get_exit_code (*error);

  if (!cli->dry_run)
    {
      if (!extras_system_write (system, error))
        return extras_error_get_exit_code (*error);
      if (!cli->json)
        {
          /* The original's line, naming the packages as solved (a name that
           * only another package provides is said as that package). */
          const char *const *solved = plan_packages (plan);
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
        pm_argv = extras_cli_package_manager_argv (cli, (const char *const *) pm_base, specs,
                                                   (const char *const *) nevras);
      if (nevras[0] != NULL
          && (pm_argv == NULL || !extras_cli_run_package_manager (cli, pm_argv, error)))
        {
          g_autoptr (GError) restore_error = NULL;
          g_auto (GStrv) kept = NULL;
          g_auto (GStrv) undone = NULL;

          plan_free (plan);
          if (extras_system_roll_back (system, specs, (const char *const *) nevras, pm_argv != NULL,
                                       &kept, &undone, &restore_error))
            say_rolled_back (*error, path, (const char *const *) kept,
                             (const char *const *) undone);
          else
            {
              /* Not rolled back: an environment failure, not exit 5. */
              char *message = g_strdup_printf ("%s, and %s could not be restored: %s",
                                               (*error)->message, path, restore_error->message);

              g_free ((*error)->message);
              (*error)->message = message;
              (*error)->code = EXTRAS_ERROR_IO;
            }
          return extras_error_get_exit_code (*error);
        }
      /* Installed: did the rpmdb change as previewed?  The topics stay
       * enabled either way. */
      if (nevras[0] != NULL && !check_install (cli, plan, json, &differs)
          && differs->code != EXTRAS_ERROR_TRANSACTION_DIFFERS)
        {
          g_propagate_error (error, g_steal_pointer (&differs));
          plan_free (plan);
          return extras_error_get_exit_code (*error);
        }
    }
  plan_free (plan);
  /* Written already (or a dry run): the lock goes. */
  if (!extras_system_commit (system, FALSE, error))
    return extras_error_get_exit_code (*error);

  if (json != NULL)
    {
      extras_json_key (json, "installed");
      extras_json_strv (json, cli->dry_run ? NULL : (const char *const *) nevras);
      extras_json_key (json, "dry_run");
      extras_json_bool (json, cli->dry_run);
    }
  if (!cli->dry_run)
    extras_cli_print_list (cli, extras_system_get_state (system), json);
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
