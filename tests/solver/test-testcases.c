/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Runs every tests/solver/ *.t file through the library's pool setup.
 *
 * A .t file is a libsolv testcase that testsolv runs as it is: its `@topics`
 * repository holds hand-written topic pseudo-packages.  Here that repository
 * is thrown away and the library builds its own from the catalog in the
 * `#yaml>` comment lines, hides the packages of topics not enabled (`#enabled
 * T[=V]` lines), and solves `#install SPEC...`.  The library must reach the
 * result the .t file states: the same packages installed, upgraded and
 * erased, or the refusal named by `#expect` (ok, topic-conflict, dependency,
 * unknown-version, wrong-arch), with the policy's warnings named by
 * `#warning TEXT` lines (or none, `#no-warnings`) as of `#date` (default
 * 2024-01-01), and each package named by a `#support NAME LTS EOS DATE FROM`
 * line labelled so (`#support glibc false reached 2026-06-30 core`; `-` for a
 * date or source that is none), and for `#livepatch EVR SUPPORTED BUILT END RANK`
 * lines the live patch window of that kernel.
 */
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <solv/testcase.h>

#include "resolver-private.h"

typedef struct
{
  GString *yaml;
  GPtrArray *enabled; /* char *: T or T=V */
  GStrv install;
  char *expect;
  char *arch;
  char *date;           /* `#date YYYY-MM-DD`: judge end of support as of then */
  GPtrArray *warn;      /* `#warning TEXT`: some warning of the transaction says TEXT */
  gboolean no_warnings; /* `#no-warnings`: the transaction warns of nothing */
  GPtrArray *support;   /* `#support NAME LTS EOS DATE FROM` */
  GPtrArray *livepatch; /* `#livepatch EVR supported|unsupported BUILT END RANK` */
} Meta;

static void
meta_clear (Meta *m)
{
  g_string_free (m->yaml, TRUE);
  g_ptr_array_unref (m->enabled);
  g_strfreev (m->install);
  g_free (m->expect);
  g_free (m->arch);
  g_free (m->date);
  g_ptr_array_unref (m->warn);
  g_ptr_array_unref (m->support);
  g_ptr_array_unref (m->livepatch);
}

static void
read_meta (const char *text, Meta *m)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  m->yaml = g_string_new (NULL);
  m->enabled = g_ptr_array_new_with_free_func (g_free);
  m->warn = g_ptr_array_new_with_free_func (g_free);
  m->support = g_ptr_array_new_with_free_func (g_free);
  m->livepatch = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];
      if (g_str_has_prefix (l, "#yaml>"))
        g_string_append_printf (m->yaml, "%s\n", l + strlen ("#yaml>"));
      else if (g_str_has_prefix (l, "#enabled "))
        g_ptr_array_add (m->enabled, g_strstrip (g_strdup (l + strlen ("#enabled "))));
      else if (g_str_has_prefix (l, "#install "))
        m->install = g_strsplit_set (l + strlen ("#install "), " ", -1);
      else if (g_str_has_prefix (l, "#expect "))
        m->expect = g_strstrip (g_strdup (l + strlen ("#expect ")));
      else if (g_str_has_prefix (l, "#arch "))
        m->arch = g_strstrip (g_strdup (l + strlen ("#arch ")));
      else if (g_str_has_prefix (l, "#date "))
        m->date = g_strstrip (g_strdup (l + strlen ("#date ")));
      else if (g_str_has_prefix (l, "#warning "))
        g_ptr_array_add (m->warn, g_strstrip (g_strdup (l + strlen ("#warning "))));
      else if (g_str_has_prefix (l, "#livepatch "))
        g_ptr_array_add (m->livepatch, g_strstrip (g_strdup (l + strlen ("#livepatch "))));
      else if (g_str_has_prefix (l, "#support "))
        g_ptr_array_add (m->support, g_strstrip (g_strdup (l + strlen ("#support "))));
      else if (g_str_has_prefix (l, "#no-warnings"))
        m->no_warnings = TRUE;
    }
}

/* The packages a testcase result line names as the outcome: the new package
 * of install/upgrade/downgrade/reinstall/change, the old one of erase. */
static GPtrArray *
expected_outcome (const char *result)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) lines = g_strsplit (result != NULL ? result : "", "\n", -1);

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], " ", -1);
      guint n = g_strv_length (f);
      const char *pkg;
      const char *verb;

      if (n < 2 || strcmp (f[0], "problem") == 0)
        continue;
      verb = f[0];
      if (strcmp (verb, "erase") == 0)
        pkg = f[1];
      else if (strcmp (verb, "install") == 0 || strcmp (verb, "upgrade") == 0
               || strcmp (verb, "downgrade") == 0 || strcmp (verb, "reinstall") == 0
               || strcmp (verb, "change") == 0)
        pkg = f[n - 1];
      else
        continue;
      if (strstr (pkg, "@@topics") != NULL)
        continue;
      g_ptr_array_add (
          out, g_strdup_printf ("%s %s", strcmp (verb, "erase") == 0 ? "erase" : "get", pkg));
    }
  return out;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char *
join_sorted (GPtrArray *a)
{
  g_autoptr (GString) s = g_string_new (NULL);

  g_ptr_array_sort (a, compare_strings);
  for (guint i = 0; i < a->len; i++)
    g_string_append_printf (s, "%s\n", (char *) a->pdata[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_one (gconstpointer data)
{
  const char *path = data;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autoptr (ExtrasState) state = NULL;
  g_autoptr (ExtrasResolver) resolver = NULL;
  g_autoptr (ExtrasTransaction) trans = NULL;
  g_autoptr (GPtrArray) expected = NULL;
  g_autoptr (GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected_s = NULL;
  g_autofree char *got_s = NULL;
  g_autoptr (ExtrasQueue) job = extras_queue_new ();
  char *result = NULL;
  int resultflags = 0;
  Meta m = { 0 };
  Pool *pool;
  FILE *fp;
  Solver *solv;
  Repo *repo;
  Id rid;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  read_meta (text, &m);
  g_assert_nonnull (m.install);
  g_assert_nonnull (m.expect);

  catalog = extras_catalog_new_from_data (m.yaml->str, m.yaml->len, path, "x86_64", &error);
  g_assert_no_error (error);
  state = extras_state_new_from_data ("", 0, "amzn2-extras.repo", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < m.enabled->len; i++)
    {
      g_auto (GStrv) parts = g_strsplit (m.enabled->pdata[i], "=", 2);
      g_assert_true (extras_state_enable (state, parts[0], parts[1], &error));
      g_assert_no_error (error);
    }

  /* The repositories and installed system of the testcase, as testsolv reads them. */
  pool = extras_pool_new (m.arch != NULL ? m.arch : "x86_64");
  fp = fopen (path, "r");
  g_assert_nonnull (fp);
  solv = testcase_read (pool, fp, path, job, &result, &resultflags);
  fclose (fp);
  g_assert_nonnull (solv);
  solver_free (solv);
  FOR_REPOS (rid, repo)
  if (strcmp (repo->name, EXTRAS_TOPICS_REPO) == 0)
    {
      repo_free (repo, 1);
      break;
    }
  if (pool->considered != NULL)
    {
      map_free (pool->considered);
      pool->considered = solv_free (pool->considered);
    }

  resolver = extras_resolver_new (NULL, catalog, state, m.arch != NULL ? m.arch : "x86_64");
  extras_resolver_set_date (resolver, m.date != NULL ? m.date : "2024-01-01");
  extras_resolver_set_pool (resolver, pool);
  extras_resolver_finish_pool (resolver);
  trans = extras_resolver_resolve_install (resolver, (const char *const *) m.install, &error);

  if (strcmp (m.expect, "ok") != 0)
    {
      g_assert_null (trans);
      if (strcmp (m.expect, "topic-conflict") == 0)
        g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_TOPIC_CONFLICT);
      else if (strcmp (m.expect, "dependency") == 0)
        g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_DEPENDENCY);
      else if (strcmp (m.expect, "unknown-version") == 0)
        g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_VERSION);
      else if (strcmp (m.expect, "wrong-arch") == 0)
        g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_WRONG_ARCH);
      else
        g_assert_not_reached ();
      g_test_message ("%s: %s", path, error->message);
      g_free (result);
      meta_clear (&m);
      return;
    }
  g_assert_no_error (error);
  g_assert_nonnull (trans);

  for (guint i = 0; i < extras_transaction_get_n_items (trans); i++)
    {
      ExtrasAction a = extras_transaction_get_action (trans, i);
      g_autofree char *nevra = extras_transaction_dup_nevra (trans, i);
      if (a == EXTRAS_ACTION_OBSOLETE)
        continue;
      g_ptr_array_add (got,
                       g_strdup_printf ("%s %s@%s", a == EXTRAS_ACTION_REMOVE ? "erase" : "get",
                                        nevra, extras_transaction_get_repo (trans, i)));
    }
  expected = expected_outcome (result);
  expected_s = join_sorted (expected);
  got_s = join_sorted (got);
  g_assert_cmpstr (got_s, ==, expected_s);

  /* The policy's warnings (live patches, end of support). */
  {
    const char *const *warnings = extras_transaction_get_warnings (trans);
    g_autofree char *all = g_strjoinv ("\n", (char **) warnings);

    for (guint i = 0; i < m.warn->len; i++)
      if (strstr (all, m.warn->pdata[i]) == NULL)
        g_error ("%s: no warning says \"%s\"; the warnings:\n%s", path, (char *) m.warn->pdata[i],
                 all);
    if (m.no_warnings && warnings[0] != NULL)
      g_error ("%s: expected no warning, got:\n%s", path, all);
  }

  /* Topic packages are never LTS. */
  for (guint i = 0; i < extras_transaction_get_n_items (trans); i++)
    if (extras_transaction_get_topic (trans, i) != NULL)
      g_assert_false (extras_transaction_get_lts (trans, i));
  /* The labels the policy gave, as `NAME LTS EOS DATE FROM`. */
  for (guint j = 0; j < m.support->len; j++)
    {
      const char *want = m.support->pdata[j];
      g_autofree char *name = g_strndup (want, strcspn (want, " "));
      g_autofree char *label = NULL;

      for (guint i = 0; i < extras_transaction_get_n_items (trans) && label == NULL; i++)
        if (strcmp (extras_transaction_get_name (trans, i), name) == 0)
          {
            const char *date = extras_transaction_get_end_of_support (trans, i);
            const char *from = extras_support_source_to_string (
                extras_transaction_get_support_source (trans, i));
            label = g_strdup_printf ("%s %s %s %s %s", name,
                                     extras_transaction_get_lts (trans, i) ? "true" : "false",
                                     extras_eos_to_string (extras_transaction_get_eos (trans, i)),
                                     date != NULL ? date : "-", from != NULL ? from : "-");
          }
      if (label == NULL)
        g_error ("%s: #support %s: no such package in the transaction", path, name);
      g_assert_cmpstr (label, ==, want);
    }
  if (m.livepatch->len > 0)
    {
      g_autoptr (GPtrArray) kernels = extras_resolver_livepatch_kernels (
          resolver, extras_catalog_lookup (catalog, "livepatch"), trans);

      for (guint j = 0; j < m.livepatch->len; j++)
        {
          const char *want = m.livepatch->pdata[j];
          g_autofree char *got_line = NULL;

          for (guint i = 0; i < kernels->len && got_line == NULL; i++)
            {
              ExtrasLivepatchKernel *k = kernels->pdata[i];

              if (g_str_has_prefix (want, k->evr) && want[strlen (k->evr)] == ' ')
                got_line = g_strdup_printf ("%s %s %s %s %u", k->evr,
                                            k->supported ? "supported" : "unsupported",
                                            k->built != NULL ? k->built : "-",
                                            k->window_end != NULL ? k->window_end : "-", k->rank);
            }
          if (got_line == NULL)
            g_error ("%s: #livepatch %s: no such kernel judged", path, want);
          g_assert_cmpstr (got_line, ==, want);
        }
    }
  g_free (result);
  meta_clear (&m);
}

int
main (int argc, char **argv)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);
  if (srcdir == NULL)
    srcdir = ".";
  dir = g_dir_open (srcdir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".t"))
      g_ptr_array_add (files, g_build_filename (srcdir, name, NULL));
  g_ptr_array_sort (files, compare_strings);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *base = g_path_get_basename (files->pdata[i]);
      g_autofree char *testpath = g_strdup_printf ("/testcase/%s", base);
      g_test_add_data_func (testpath, files->pdata[i], test_one);
    }
  return g_test_run ();
}
