/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ExtrasSystem: enable and disable decided in the library, the repo file
 * written once and only when it changes. */
#include "extras-error.h"
#include "extras-system.h"
#include "testutil.h"

#include <string.h>
#include <sys/stat.h>

#define TOPIC(body) "---\ndocument: extras-topic\nversion: 1\n" body

static const char catalog_yaml[] = "document: extras-catalog\nversion: 1\n" TOPIC (
    "name: web\nindex: {x86_64: 1}\nversions: [2.0]\npackages: [web]\nrequires: [lib]\n")
    TOPIC ("name: lib\nindex: {x86_64: 2}\npackages: [lib]\n")
        TOPIC ("name: other\nindex: {x86_64: 3}\npackages: [other]\nconflicts: [web]\n");

typedef struct
{
  char *root;
  char *repo;
  ExtrasConfig *config;
  ExtrasCatalog *catalog;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *repos = NULL;

  f->root = g_dir_make_tmp ("test-system-XXXXXX", &error);
  g_assert_no_error (error);
  repos = g_build_filename (f->root, "etc", "yum.repos.d", NULL);
  g_assert_cmpint (g_mkdir_with_parents (repos, 0755), ==, 0);
  f->repo = g_build_filename (repos, "amzn2-extras.repo", NULL);
  f->config = extras_config_load (f->root, (const char *const[]){ NULL }, &error);
  g_assert_no_error (error);
  f->catalog = extras_catalog_new_from_data (catalog_yaml, strlen (catalog_yaml), "c.yaml",
                                             "x86_64", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_rm_rf (f->root);
  g_free (f->root);
  g_free (f->repo);
  extras_config_unref (f->config);
  extras_catalog_unref (f->catalog);
}

static ExtrasSystem *
open_system (Fixture *f, gboolean read_only)
{
  g_autoptr (GError) error = NULL;
  ExtrasSystem *system = extras_system_new (f->config, f->catalog, "x86_64", "2024-01-15");

  g_assert_true (extras_system_open (system, read_only, &error));
  g_assert_no_error (error);
  return system;
}

static void
test_enable_commit (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasSystem) system = open_system (f, FALSE);
  g_autoptr (GPtrArray) specs
      = extras_system_enable (system, (const char *const[]){ "web=2.0", NULL }, &error);
  g_autofree char *written = NULL;
  gsize len;
  const char *after;
  struct stat before_st, again_st;

  g_assert_no_error (error);
  /* The topic it requires comes along. */
  g_assert_cmpuint (specs->len, ==, 2);
  g_assert_false (extras_system_repo_file_existed (system));
  g_assert_false (g_file_test (f->repo, G_FILE_TEST_EXISTS));
  g_assert_true (extras_system_commit (system, TRUE, &error));
  g_assert_true (extras_system_repo_file_changed (system));
  g_assert_true (g_file_get_contents (f->repo, &written, NULL, NULL));
  after = g_bytes_get_data (extras_system_get_repo_file_after (system), &len);
  g_assert_cmpmem (written, strlen (written), after, len);
  g_assert_nonnull (strstr (written, "[amzn2extra-lib]\nenabled = 1\n"));
  g_assert_nonnull (strstr (written, "/extras/web/2.0/"));
  g_clear_pointer (&system, extras_system_free);

  /* The same again: nothing changes, nothing is written. */
  g_assert_cmpint (stat (f->repo, &before_st), ==, 0);
  system = open_system (f, FALSE);
  g_clear_pointer (&specs, g_ptr_array_unref);
  specs = extras_system_enable (system, (const char *const[]){ "web=2.0", NULL }, &error);
  g_assert_no_error (error);
  g_assert_true (extras_system_commit (system, TRUE, &error));
  g_assert_false (extras_system_repo_file_changed (system));
  g_assert_cmpint (stat (f->repo, &again_st), ==, 0);
  g_assert_cmpint (before_st.st_ino, ==, again_st.st_ino);

  /* A conflict with an enabled topic: refused, the state unchanged. */
  g_clear_pointer (&system, extras_system_free);
  system = open_system (f, FALSE);
  g_clear_pointer (&specs, g_ptr_array_unref);
  specs = extras_system_enable (system, (const char *const[]){ "other", NULL }, &error);
  g_assert_null (specs);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_TOPIC_CONFLICT);
  g_assert_false (extras_state_has_topic (extras_system_get_state (system), "other"));
}

static void
test_disable_dry_run (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasSystem) system = open_system (f, FALSE);
  g_autoptr (GPtrArray) specs
      = extras_system_enable (system, (const char *const[]){ "web=2.0", NULL }, &error);
  g_autoptr (GPtrArray) refs = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  ExtrasTopicRef *ref;

  g_assert_no_error (error);
  g_assert_true (extras_system_commit (system, TRUE, &error));
  g_clear_pointer (&system, extras_system_free);
  g_assert_true (g_file_get_contents (f->repo, &before, NULL, NULL));

  /* Read only, not written: the file stays as it was, the change is said. */
  system = open_system (f, TRUE);
  refs = extras_system_disable (system, (const char *const[]){ "web=2.0", "lib", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refs->len, ==, 2);
  ref = refs->pdata[0];
  g_assert_cmpstr (ref->name, ==, "web");
  g_assert_cmpstr (ref->version, ==, "2.0");
  ref = refs->pdata[1];
  g_assert_cmpstr (ref->name, ==, "lib");
  g_assert_cmpstr (ref->version, ==, "latest");
  g_assert_false (extras_state_is_enabled (extras_system_get_state (system), "lib"));
  g_assert_true (extras_system_commit (system, FALSE, &error));
  g_assert_true (extras_system_repo_file_changed (system));
  g_assert_true (g_file_get_contents (f->repo, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/system/enable-commit", Fixture, NULL, fixture_set_up, test_enable_commit,
              fixture_tear_down);
  g_test_add ("/system/disable-dry-run", Fixture, NULL, fixture_set_up, test_disable_dry_run,
              fixture_tear_down);
  return g_test_run ();
}
