/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The list renderer against the real outputs of the original tool. */
#include "extrasolv.h"
#include "render.h"
#include "testutil.h"

#include <string.h>

static char *
fixture_path (const char *name)
{
  return g_build_filename (g_getenv ("EXTRAS_SOURCE_ROOT"), "tests", "data", "fixtures", name,
                           NULL);
}

static char *
render (const char *system, const char *catalog_file, const char *arch, const char *today)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *catalog_path
      = g_test_build_filename (G_TEST_DIST, "data", system, catalog_file, NULL);
  g_autofree char *repo_path
      = g_test_build_filename (G_TEST_DIST, "data", system, "amzn2-extras.repo", NULL);
  g_autoptr (ExtrasCatalog) catalog = extras_catalog_new_from_file (catalog_path, arch, &error);
  g_autoptr (ExtrasState) state = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  state = extras_state_load (repo_path, NULL, &error);
  g_assert_no_error (error);
  extras_render_list (out, catalog, state, arch, today);
  return g_string_free (out, FALSE);
}

/* list-13.txt is the output of `enable ansible2`: the list, then the
 * "Now you can install" block, which the renderer does not print. */
static void
test_list_13 (void)
{
  g_autofree char *path = fixture_path ("list-13.txt");
  g_autofree char *expected = test_read_file (path);
  g_autofree char *got = render ("list-13", "catalog.json", "x86_64", "2023-01-02");
  char *end = strstr (expected, "\n\nNow you can install:");

  g_assert_nonnull (end);
  end[1] = '\0';
  g_assert_cmpstr (got, ==, expected);
}

static void
test_list_04 (void)
{
  g_autofree char *path = fixture_path ("list-04.txt");
  g_autofree char *expected = test_read_file (path);
  g_autofree char *got = render ("list-04", "catalog.yaml", "x86_64", "2019-01-28");

  g_assert_cmpstr (got, ==, expected);
}

/* The same system a year on: topics get their markers from the dates alone,
 * and topics past their end of support disappear unless enabled. */
static void
test_markers (void)
{
  g_autoptr (GError) error = NULL;
  const char *catalog_yaml
      = "document: extras-topic\nversion: 1\nname: old\nindex: {x86_64: 0}\n"
        "versions: [stable]\nend-of-support: 2020-01-01\n"
        "---\ndocument: extras-topic\nversion: 1\nname: gone\nindex: {x86_64: 1}\n"
        "versions: [stable]\nend-of-support: 2020-01-01\n"
        "---\ndocument: extras-topic\nversion: 1\nname: soon\nindex: {x86_64: 2}\n"
        "versions: [stable]\nend-of-support: 2030-01-01\n"
        "---\ndocument: extras-topic\nversion: 1\nname: fine\nindex: {x86_64: 3}\n"
        "versions: [stable]\n";
  g_autoptr (ExtrasCatalog) catalog = extras_catalog_new_from_data (
      catalog_yaml, strlen (catalog_yaml), "test.yaml", "x86_64", &error);
  g_autoptr (ExtrasState) state = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  state = extras_state_new_from_data ("", 0, "test.repo", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (extras_state_enable (state, "old", NULL, &error));
  g_assert_no_error (error);

  /* Width: "old=latest" (10) + 2. */
  extras_render_list (out, catalog, state, "x86_64", "2024-01-01");
  g_assert_cmpstr (out->str, ==,
                   "  0 *old=latest  enabled      [ =stable ]\n"
                   "  2 \u2020soon        available    [ =stable ]\n"
                   "  3  fine        available    [ =stable ]\n"
                   "* Extra topic has reached end of support.\n"
                   "\u2020 Note on end-of-support. Use 'info' subcommand.\n");

  /* On the end-of-support day itself the date counts as reached. */
  g_string_truncate (out, 0);
  extras_render_list (out, catalog, state, "x86_64", "2030-01-01");
  g_assert_null (strstr (out->str, "soon"));
}

static void
test_wrap (void)
{
  g_autoptr (GString) out = g_string_new (NULL);

  /* textwrap.fill("[ =a  =b ]", 12, initial_indent="  ", subsequent_indent="    ") */
  extras_render_wrap (out, "[ =aaaa  =bbbb  =cc ]", "  ", "    ", 14);
  g_assert_cmpstr (out->str, ==, "  [ =aaaa\n    =bbbb  =cc\n    ]\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/list-13", test_list_13);
  g_test_add_func ("/render/list-04", test_list_04);
  g_test_add_func ("/render/markers", test_markers);
  g_test_add_func ("/render/wrap", test_wrap);
  return g_test_run ();
}
