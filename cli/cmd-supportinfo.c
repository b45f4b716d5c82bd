/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `supportinfo`: the migration report.  For this system, every enabled topic
 * and every installed package of a topic, with its support status on the day
 * judged and what replaces it (a live successor on Amazon Linux 2, else the
 * AL2023 packages).  Named and filtered as AL2023's `dnf supportinfo`:
 * `--show installed` (the default: enabled topics and installed topic
 * packages), `supported`, `unsupported`, `all` (every topic of the catalog). */
#include "cli.h"
#include "glib-compat.h"
#include "render.h"

#include <stdio.h>
#include <string.h>

typedef enum
{
  SHOW_INSTALLED,
  SHOW_SUPPORTED,
  SHOW_UNSUPPORTED,
  SHOW_ALL,
} Show;

static const char *const show_names[] = { "installed", "supported", "unsupported", "all", NULL };

#define status_word extras_render_support_status

static gboolean
shown (Show show, ExtrasSupport support)
{
  if (show == SHOW_SUPPORTED)
    return support.eos != EXTRAS_EOS_REACHED;
  if (show == SHOW_UNSUPPORTED)
    return support.eos == EXTRAS_EOS_REACHED;
  return TRUE;
}

/* `topic T` (a live successor), `AL2023: p q`, `AL2023: none`, or `-`. */
static char *
replacement_text (ExtrasReplacement r, ExtrasSupport support)
{
  g_autofree char *packages = NULL;

  if (support.eos != EXTRAS_EOS_REACHED && r.successor == NULL)
    return g_strdup ("-");
  if (r.successor != NULL)
    return g_strdup_printf ("topic %s", extras_topic_get_name (r.successor));
  if (r.al2023 == NULL)
    return g_strdup ("not known");
  if (r.al2023[0] == NULL)
    return g_strdup ("AL2023: none");
  packages = g_strjoinv (" ", (char **) r.al2023);
  return g_strdup_printf ("AL2023: %s", packages);
}

static void
json_support (ExtrasJson *json, ExtrasSupport support)
{
  extras_json_key (json, "support_status");
  extras_json_string (json, status_word (support));
  extras_json_key (json, "lts");
  extras_json_bool (json, support.lts);
  extras_json_key (json, "eos");
  extras_json_string (json, extras_eos_to_string (support.eos));
  extras_json_key (json, "end_of_support");
  extras_json_string (json, support.end_of_support);
  extras_json_key (json, "end_of_support_from");
  extras_json_string (json, extras_support_source_to_string (support.source));
}

static void
print_table (GPtrArray *rows, guint ncols)
{
  g_autofree gsize *width = g_new0 (gsize, ncols);

  for (guint i = 0; i < rows->len; i++)
    for (guint c = 0; c < ncols; c++)
      width[c] = MAX (width[c], strlen (((char **) rows->pdata[i])[c]));
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];

      for (guint c = 0; c + 1 < ncols; c++)
        printf ("%-*s  ", (int) width[c], row[c]);
      printf ("%s\n", row[ncols - 1]);
    }
}

/* `DATE (topic|core)`, or `-`. */
static char *
date_cell (ExtrasSupport support)
{
  if (support.end_of_support == NULL)
    return g_strdup ("-");
  return g_strdup_printf ("%s (%s)", support.end_of_support,
                          extras_support_source_to_string (support.source));
}

int
extras_cli_cmd_supportinfo (ExtrasCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr (ExtrasSystem) system = NULL;
  ExtrasState *state;
  g_autoptr (ExtrasResolver) resolver = NULL;
  g_autoptr (ExtrasSupportInfo) info = NULL;
  g_autoptr (ExtrasJson) json = NULL;
  g_autoptr (GPtrArray) topic_names = g_ptr_array_new ();
  g_autoptr (GPtrArray) topics = NULL;
  g_autoptr (GPtrArray) topic_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GPtrArray) package_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto (GStrv) enabled = NULL;
  g_auto (GStrv) known = NULL;
  ExtrasCatalog *catalog;
  ExtrasSupport core;
  const char *today = extras_cli_get_date (cli);
  const char *arch;
  int first = argc > 0 && g_strcmp0 (argv[0], "supportinfo") == 0 ? 1 : 0;
  int show = SHOW_INSTALLED;

  if (cli->show != NULL)
    {
      for (show = 0; show_names[show] != NULL; show++)
        if (strcmp (cli->show, show_names[show]) == 0)
          break;
      if (show_names[show] == NULL)
        {
          g_autofree char *escaped = g_strescape (cli->show, NULL);
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                       "supportinfo --show %s: give installed, supported, unsupported or all",
                       escaped);
          return 2;
        }
    }
  if ((system = extras_cli_read_system (cli, error)) == NULL
      || (resolver = extras_cli_load_resolver (cli, system, NULL, error)) == NULL)
    return extras_error_get_exit_code (*error);
  catalog = extras_system_get_catalog (system);
  state = extras_system_get_state (system);
  arch = extras_cli_get_arch (cli);

  /* The enabled topics first, then those with a section left: a package is
   * tied to the first topic that has it. */
  enabled = extras_state_dup_enabled (state);
  known = extras_state_dup_topics (state);
  for (gsize i = 0; enabled[i] != NULL; i++)
    g_ptr_array_add (topic_names, enabled[i]);
  for (gsize i = 0; known[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) enabled, known[i]))
      g_ptr_array_add (topic_names, known[i]);
  info = extras_resolver_support_info (
      resolver, (const char *const *) extras_ptr_array_terminated (topic_names));

  /* The topics: enabled ones (and those whose packages are installed), or
   * the whole catalog of the arch for --show all. */
  topics = extras_catalog_dup_topics_for_arch (catalog, arch);
  if (show != SHOW_ALL)
    {
      g_autoptr (GPtrArray) wanted = g_ptr_array_new ();

      for (guint i = 0; i < topics->len; i++)
        {
          const char *name = extras_topic_get_name (topics->pdata[i]);
          gboolean has_packages = FALSE;

          for (guint j = 0; j < extras_support_info_get_n_packages (info) && !has_packages; j++)
            has_packages = strcmp (extras_support_info_get_topic (info, j), name) == 0;
          if (extras_state_is_enabled (state, name) || has_packages)
            g_ptr_array_add (wanted, topics->pdata[i]);
        }
      g_ptr_array_unref (topics);
      topics = g_steal_pointer (&wanted);
    }

  core = extras_policy_get_support (catalog, NULL, today);
  if (cli->json)
    {
      json = extras_cli_json_new (cli);
      extras_json_key (json, "core");
      extras_json_begin_object (json);
      json_support (json, core);
      extras_json_end_object (json);
      extras_json_key (json, "topics");
      extras_json_begin_array (json);
    }
  else
    {
      extras_cli_flush_warnings (cli);
      if (core.lts)
        printf ("Amazon Linux 2 core: supported (LTS) until %s\n",
                core.end_of_support != NULL ? core.end_of_support : "no date announced");
      else
        printf ("Amazon Linux 2 core: unsupported since %s; migrate to Amazon Linux 2023\n",
                core.end_of_support);
      g_ptr_array_add (topic_rows, g_strsplit ("Topic|State|Support Status|End of support|"
                                               "Replacement",
                                               "|", -1));
    }
  for (guint i = 0; i < topics->len; i++)
    {
      ExtrasTopic *topic = topics->pdata[i];
      const char *name = extras_topic_get_name (topic);
      ExtrasSupport support = extras_policy_get_support (catalog, topic, today);
      ExtrasReplacement r = extras_policy_get_replacement (catalog, topic, arch, today);
      const char *state_s = extras_render_state_word (state, name);

      if (!shown (show, support))
        continue;
      if (json != NULL)
        {
          extras_render_topic_json (json, catalog, state, topic, arch, today);
        }
      else
        {
          char **row = g_new0 (char *, 6);

          row[0] = g_strdup (name);
          row[1] = g_strdup (state_s);
          row[2] = g_strdup (status_word (support));
          row[3] = date_cell (support);
          row[4] = replacement_text (r, support);
          g_ptr_array_add (topic_rows, row);
        }
    }
  if (json != NULL)
    {
      extras_json_end_array (json);
      extras_json_key (json, "packages");
      extras_json_begin_array (json);
    }
  else
    g_ptr_array_add (package_rows,
                     g_strsplit ("Package|Version|State|Topic|Support Status|End of support|"
                                 "Replacement",
                                 "|", -1));
  for (guint i = 0; i < extras_support_info_get_n_packages (info); i++)
    {
      const char *pkg = extras_support_info_get_name (info, i);
      ExtrasTopic *topic = extras_catalog_lookup (catalog, extras_support_info_get_topic (info, i));
      ExtrasSupport support = extras_policy_get_package_support (
          catalog, extras_support_info_get_topic (info, i), today);
      ExtrasReplacement r = { 0 };
      gboolean named = first < argc ? FALSE : TRUE;

      for (int a = first; a < argc && !named; a++)
        named = strcmp (argv[a], pkg) == 0;
      if (!named || !shown (show, support))
        continue;
      if (topic != NULL)
        r = extras_policy_get_replacement (catalog, topic, arch, today);
      if (json != NULL)
        {
          extras_json_begin_object (json);
          extras_json_key (json, "name");
          extras_json_string (json, pkg);
          extras_json_key (json, "evr");
          extras_json_string (json, extras_support_info_get_evr (info, i));
          extras_json_key (json, "arch");
          extras_json_string (json, extras_support_info_get_arch (info, i));
          extras_json_key (json, "state");
          extras_json_string (json, "installed");
          extras_json_key (json, "topic");
          extras_json_string (json, extras_support_info_get_topic (info, i));
          extras_json_key (json, "matched_by");
          extras_json_string (json,
                              extras_match_to_string (extras_support_info_get_match (info, i)));
          json_support (json, support);
          extras_render_replacement_json (json, r);
          extras_json_end_object (json);
        }
      else
        {
          char **row = g_new0 (char *, 8);

          row[0] = g_strdup (pkg);
          row[1] = g_strdup_printf ("%s.%s", extras_support_info_get_evr (info, i),
                                    extras_support_info_get_arch (info, i));
          row[2] = g_strdup ("installed");
          row[3] = g_strdup (extras_support_info_get_topic (info, i));
          row[4] = g_strdup (status_word (support));
          row[5] = date_cell (support);
          row[6] = replacement_text (r, support);
          g_ptr_array_add (package_rows, row);
        }
    }
  if (json != NULL)
    {
      extras_json_end_array (json);
      extras_cli_print_json (cli, json);
      return 0;
    }
  printf ("\n");
  if (topic_rows->len > 1)
    print_table (topic_rows, 5);
  else
    printf ("No topic is enabled.\n");
  printf ("\n");
  if (package_rows->len > 1)
    print_table (package_rows, 7);
  else
    printf ("No package of a topic is installed.\n");
  return 0;
}
