/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extras-catalog.h"
#include "extras-error.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static char *
data_path (const char *first, ...)
{
  /* g_test_get_filename () takes a fixed argument list; build the tail here. */
  va_list args;
  const char *part;
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "data");
  g_ptr_array_add (parts, (gpointer) "catalog");
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static void
assert_strv (const char *const *actual, const char *const *expected)
{
  g_autofree char *a = g_strjoinv (",", (char **) actual);
  g_autofree char *e = g_strjoinv (",", (char **) expected);

  g_assert_cmpstr (a, ==, e);
}

#define STRV(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define EMPTY ((const char *const[]){ NULL })

static void
assert_names (GPtrArray *topics, const char *const *expected)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < topics->len; i++)
    g_ptr_array_add (names, (gpointer) extras_topic_get_name (g_ptr_array_index (topics, i)));
  g_ptr_array_add (names, NULL);
  assert_strv ((const char *const *) names->pdata, expected);
}

/* A parse error: the code, the exact `ORIGIN:LINE:COLUMN: ` prefix, a word
 * that says what is wrong, and one line only. */
static void
assert_parse_error (const GError *error, const char *origin, const char *position,
                    const char *needle)
{
  g_autofree char *prefix = g_strdup_printf ("%s:%s: ", origin, position);

  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("expected prefix \"%s\" in \"%s\"", prefix, error->message);
  if (strstr (error->message, needle) == NULL)
    g_error ("expected \"%s\" in \"%s\"", needle, error->message);
  g_assert_null (strchr (error->message, '\n'));
}

/* ---- good catalogs ----------------------------------------------------- */

static ExtrasCatalog *
load_good (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = data_path ("good", NULL);
  ExtrasCatalog *catalog = extras_catalog_new_from_dir (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static void
test_good_dir (void)
{
  g_autoptr (ExtrasCatalog) catalog = load_good ();
  g_autofree char *dir = data_path ("good", NULL);
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  ExtrasTopic *t;

  /* File name order (catalog.yaml, kernels.yml, livepatch.yaml, ...);
   * README.md and .hidden.yaml (which would be a duplicate) are skipped. */
  for (guint i = 0; i < extras_catalog_get_n_topics (catalog); i++)
    g_ptr_array_add (all, extras_catalog_get_topic (catalog, i));
  assert_names (all, STRV ("kernel-5.4", "kernel-5.10", "livepatch", "nginx1", "postgresql13",
                           "postgresql14", "unlisted"));
  g_assert_cmpstr (extras_catalog_get_origin (catalog), ==, dir);

  t = extras_catalog_lookup (catalog, "postgresql13");
  g_assert_nonnull (t);
  g_assert_cmpstr (extras_topic_get_name (t), ==, "postgresql13");
  g_assert_cmpstr (extras_topic_get_summary (t), ==, "PostgreSQL 13 client and server");
  g_assert_cmpint (extras_topic_get_index (t, "x86_64"), ==, 59);
  g_assert_cmpint (extras_topic_get_index (t, "aarch64"), ==, 51);
  g_assert_cmpint (extras_topic_get_index (t, "s390x"), ==, -1);
  assert_strv (extras_topic_get_versions (t), STRV ("stable"));
  assert_strv (extras_topic_get_packages (t), STRV ("postgresql", "postgresql-server"));
  assert_strv (extras_topic_get_visible (t),
               STRV ("postgresql", "postgresql-server", "postgresql-contrib"));
  assert_strv (extras_topic_get_conflicts (t), STRV ("postgresql14"));
  assert_strv (extras_topic_get_requires (t), EMPTY);
  assert_strv (extras_topic_get_arches (t), STRV ("x86_64", "aarch64"));
  assert_strv (extras_topic_get_kernel_series (t), EMPTY);
  g_assert_cmpstr (extras_topic_get_end_of_support (t), ==, "2025-11-13");
  g_assert_cmpstr (extras_topic_get_successor (t), ==, "postgresql14");
  assert_strv (extras_topic_get_al2023 (t), STRV ("postgresql15", "postgresql15-server"));
  /* `al2023: none`: AL2023 has no equivalent (empty, not NULL); left out: not known. */
  assert_strv (extras_topic_get_al2023 (extras_catalog_lookup (catalog, "nginx1")), EMPTY);
  g_assert_null (extras_topic_get_al2023 (extras_catalog_lookup (catalog, "postgresql14")));
  g_assert_cmpint (extras_topic_get_eos (t, "2025-11-12"), ==, EXTRAS_EOS_NOTE);
  g_assert_cmpint (extras_topic_get_eos (t, "2025-11-13"), ==, EXTRAS_EOS_REACHED);

  /* A flow-style document; arches default to the index keys; numbers stay text. */
  t = extras_catalog_lookup (catalog, "postgresql14");
  g_assert_nonnull (t);
  g_assert_null (extras_topic_get_summary (t));
  assert_strv (extras_topic_get_arches (t), STRV ("aarch64", "x86_64"));
  assert_strv (extras_topic_get_versions (t), STRV ("14", "stable"));
  assert_strv (extras_topic_get_packages (t), STRV ("postgresql", "gcc-c++"));
  g_assert_null (extras_topic_get_end_of_support (t));
  g_assert_cmpint (extras_topic_get_eos (t, "2099-01-01"), ==, EXTRAS_EOS_NONE);

  /* livepatch: listed on aarch64, installable on x86_64 only. */
  t = extras_catalog_lookup (catalog, "livepatch");
  g_assert_cmpint (extras_topic_get_index (t, "aarch64"), ==, 55);
  assert_strv (extras_topic_get_arches (t), STRV ("x86_64"));
  g_assert_false (extras_topic_supports_arch (t, "aarch64"));
  assert_strv (extras_topic_get_kernel_series (t), STRV ("4.14", "5.10"));
  assert_strv (extras_topic_get_packages (t), EMPTY);

  t = extras_catalog_lookup (catalog, "unlisted");
  g_assert_cmpint (extras_topic_get_index (t, "x86_64"), ==, -1);
  assert_strv (extras_topic_get_arches (t), EMPTY);
  assert_strv (extras_topic_get_requires (t), STRV ("nginx1"));

  g_assert_cmpstr (extras_topic_get_summary (extras_catalog_lookup (catalog, "nginx1")), ==,
                   "nginx: a web server");
  g_assert_null (extras_catalog_lookup (catalog, "postgresql"));
  g_assert_null (extras_catalog_lookup (catalog, NULL));
}

static void
test_catalog_document (void)
{
  g_autoptr (ExtrasCatalog) catalog = load_good ();

  g_assert_cmpstr (extras_catalog_get_motd (catalog), ==,
                   "Extras topics are outside Long Term Support.\n"
                   "Run amazon-linux-extras list to see them.\n");
  g_assert_cmpstr (extras_catalog_get_core_end_of_support (catalog), ==, "2026-06-30");
  assert_strv (extras_catalog_get_stable_abi_packages (catalog),
               STRV ("glibc", "libgcc", "libstdc++", "openssl", "zlib"));
}

static void
test_multi_document_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = data_path ("good", "kernels.yml", NULL);
  g_autoptr (ExtrasCatalog) catalog = extras_catalog_new_from_file (path, "x86_64", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (extras_catalog_get_n_topics (catalog), ==, 2);
  g_assert_cmpstr (extras_topic_get_name (extras_catalog_get_topic (catalog, 0)), ==, "kernel-5.4");
  g_assert_cmpstr (extras_topic_get_name (extras_catalog_get_topic (catalog, 1)), ==,
                   "kernel-5.10");
  g_assert_cmpint (extras_topic_get_index (extras_catalog_get_topic (catalog, 1), "aarch64"), ==,
                   47);
  /* No catalog document: no motd, an empty (not NULL) stable ABI list. */
  g_assert_null (extras_catalog_get_motd (catalog));
  g_assert_null (extras_catalog_get_core_end_of_support (catalog));
  assert_strv (extras_catalog_get_stable_abi_packages (catalog), EMPTY);
}

static void
test_topics_for_arch (void)
{
  g_autoptr (ExtrasCatalog) catalog = load_good ();
  g_autoptr (GPtrArray) x86 = extras_catalog_dup_topics_for_arch (catalog, "x86_64");
  g_autoptr (GPtrArray) arm = extras_catalog_dup_topics_for_arch (catalog, "aarch64");
  g_autoptr (GPtrArray) none = extras_catalog_dup_topics_for_arch (catalog, "s390x");

  assert_names (x86, STRV ("nginx1", "livepatch", "kernel-5.4", "kernel-5.10", "postgresql13",
                           "postgresql14"));
  assert_names (arm, STRV ("nginx1", "kernel-5.4", "kernel-5.10", "postgresql13", "livepatch",
                           "postgresql14"));
  g_assert_cmpuint (none->len, ==, 0);
}

/* `arch-versions` replaces `versions` on the architectures it names only. */
static void
test_arch_versions (void)
{
  static const char data[] = "document: extras-topic\nversion: 1\nname: docker\n"
                             "index: {x86_64: 20, aarch64: 16}\n"
                             "versions: [17.12.1, 18.09.9, stable]\n"
                             "arch-versions: {aarch64: [18.09.9, stable]}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog
      = extras_catalog_new_from_data (data, strlen (data), "inline.yaml", "x86_64", &error);
  ExtrasTopic *topic;

  g_assert_no_error (error);
  topic = extras_catalog_lookup (catalog, "docker");
  assert_strv (extras_topic_get_versions (topic), STRV ("17.12.1", "18.09.9", "stable"));
  assert_strv (extras_topic_get_versions_for_arch (topic, "x86_64"),
               STRV ("17.12.1", "18.09.9", "stable"));
  assert_strv (extras_topic_get_versions_for_arch (topic, "aarch64"), STRV ("18.09.9", "stable"));
  assert_strv (extras_topic_get_versions_for_arch (topic, NULL),
               STRV ("17.12.1", "18.09.9", "stable"));
  g_assert_true (extras_topic_has_version (topic, "x86_64", "17.12.1"));
  g_assert_false (extras_topic_has_version (topic, "aarch64", "17.12.1"));
  g_assert_true (extras_topic_has_version (topic, "aarch64", "18.09.9"));
  g_assert_true (extras_topic_has_version (topic, "aarch64", "latest"));
}

static void
test_declared_conflicts (void)
{
  g_autoptr (ExtrasCatalog) catalog = load_good ();
  const char *other = NULL;

  /* Declared by kernel-5.4 only: counts in both directions. */
  g_assert_true (extras_catalog_conflicts_with (catalog, "kernel-5.4", "kernel-5.10"));
  g_assert_true (extras_catalog_conflicts_with (catalog, "kernel-5.10", "kernel-5.4"));
  g_assert_true (extras_catalog_conflicts_with (catalog, "postgresql14", "postgresql13"));
  g_assert_false (extras_catalog_conflicts_with (catalog, "nginx1", "postgresql13"));
  g_assert_false (extras_catalog_conflicts_with (catalog, "kernel-5.4", "kernel-5.4"));
  g_assert_false (extras_catalog_conflicts_with (catalog, "kernel-5.4", "no-such-topic"));

  g_assert_cmpstr (extras_catalog_conflict (
                       catalog, STRV ("nginx1", "kernel-5.10", "livepatch", "kernel-5.4"), &other),
                   ==, "kernel-5.10");
  g_assert_cmpstr (other, ==, "kernel-5.4");
  other = "untouched";
  g_assert_null (
      extras_catalog_conflict (catalog, STRV ("nginx1", "postgresql13", "kernel-5.4"), &other));
  g_assert_null (extras_catalog_conflict (catalog, EMPTY, NULL));
  g_assert_null (extras_catalog_conflict (catalog, STRV ("postgresql13"), NULL));
}

static ExtrasCatalog *
load_json (const char *name, const char *arch)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = data_path (name, NULL);
  ExtrasCatalog *catalog = extras_catalog_new_from_file (path, arch, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static void
test_json_v1 (void)
{
  g_autoptr (ExtrasCatalog) catalog = load_json ("v1.json", "aarch64");
  g_autoptr (GPtrArray) arm = extras_catalog_dup_topics_for_arch (catalog, "aarch64");
  g_autoptr (GPtrArray) x86 = extras_catalog_dup_topics_for_arch (catalog, "x86_64");
  ExtrasTopic *t;
  const char *other = NULL;

  g_assert_cmpuint (extras_catalog_get_n_topics (catalog), ==, 6);
  g_assert_cmpstr (extras_catalog_get_motd (catalog), ==, "v1 catalog motd");
  assert_names (arm, STRV ("ansible2", "php7.1", "php7.2", "docker", "epel", "vim"));
  g_assert_cmpuint (x86->len, ==, 0);

  t = extras_catalog_lookup (catalog, "php7.2");
  g_assert_cmpint (extras_topic_get_index (t, "aarch64"), ==, 2);
  assert_strv (extras_topic_get_arches (t), STRV ("aarch64"));
  assert_strv (extras_topic_get_packages (t), STRV ("php-cli", "php-pdo"));
  assert_strv (extras_topic_get_visible (t), STRV ("php-cli"));
  assert_strv (extras_topic_get_versions (extras_catalog_lookup (catalog, "ansible2")),
               STRV ("2.4.2", "2.8", "stable"));
  assert_strv (extras_topic_get_packages (extras_catalog_lookup (catalog, "php7.1")), EMPTY);

  /* whitelists [[0,1,3], [0,2,3], [0,4,99]]; vim (5) is in none. */
  g_assert_true (extras_catalog_conflicts_with (catalog, "php7.1", "php7.2"));
  g_assert_true (extras_catalog_conflicts_with (catalog, "php7.2", "php7.1"));
  g_assert_true (extras_catalog_conflicts_with (catalog, "epel", "docker"));
  g_assert_false (extras_catalog_conflicts_with (catalog, "ansible2", "php7.1"));
  g_assert_false (extras_catalog_conflicts_with (catalog, "docker", "php7.2"));
  g_assert_false (extras_catalog_conflicts_with (catalog, "vim", "php7.1"));
  g_assert_false (extras_catalog_conflicts_with (catalog, "vim", "epel"));

  g_assert_null (
      extras_catalog_conflict (catalog, STRV ("ansible2", "php7.1", "docker", "vim"), NULL));
  g_assert_cmpstr (extras_catalog_conflict (catalog, STRV ("ansible2", "php7.2", "php7.1"), &other),
                   ==, "php7.2");
  g_assert_cmpstr (other, ==, "php7.1");
}

static void
test_json_whitelist_sets (void)
{
  /* Every pair is allowed, the three together are not. */
  static const char json[]
      = "{\"version\": 1, \"whitelists\": [[0, 1], [1, 2], [0, 2]], \"topics\": "
        "[{\"n\": \"a\"}, {\"n\": \"b\"}, {\"n\": \"c\"}, {\"n\": \"d\"}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog
      = extras_catalog_new_from_data (json, strlen (json), "sets.json", "x86_64", &error);
  const char *other = NULL;

  g_assert_no_error (error);
  g_assert_false (extras_catalog_conflicts_with (catalog, "a", "b"));
  g_assert_false (extras_catalog_conflicts_with (catalog, "b", "c"));
  g_assert_null (extras_catalog_conflict (catalog, STRV ("a", "c", "d"), NULL));
  g_assert_cmpstr (extras_catalog_conflict (catalog, STRV ("d", "a", "b", "c"), &other), ==, "a");
  g_assert_cmpstr (other, ==, "c");
}

static void
test_json_v2 (void)
{
  g_autoptr (ExtrasCatalog) catalog = load_json ("v2.json", "x86_64");
  ExtrasTopic *t;

  g_assert_cmpuint (extras_catalog_get_n_topics (catalog), ==, 5);
  g_assert_cmpstr (extras_catalog_get_motd (catalog), ==, "");
  t = extras_catalog_lookup (catalog, "php7.4");
  g_assert_cmpint (extras_topic_get_index (t, "x86_64"), ==, 0);
  /* "not-here" is not in this catalog: dropped without a word. */
  assert_strv (extras_topic_get_conflicts (t), STRV ("php8.0", "php8.1"));
  g_assert_cmpstr (extras_topic_get_end_of_support (t), ==, "2022-11-03");
  g_assert_cmpint (extras_topic_get_eos (t, "2022-11-03"), ==, EXTRAS_EOS_REACHED);
  g_assert_null (extras_topic_get_end_of_support (extras_catalog_lookup (catalog, "kernel-5.4")));
  g_assert_cmpint (extras_topic_get_index (extras_catalog_lookup (catalog, "kernel-5.4"), "x86_64"),
                   ==, 4);

  g_assert_true (extras_catalog_conflicts_with (catalog, "php8.1", "php7.4"));
  g_assert_true (extras_catalog_conflicts_with (catalog, "kernel-5.4", "kernel-5.10"));
  g_assert_false (extras_catalog_conflicts_with (catalog, "php8.0", "php8.1"));
  g_assert_false (extras_catalog_conflicts_with (catalog, "php7.4", "not-here"));
  g_assert_null (extras_catalog_conflict (catalog, STRV ("php8.0", "php8.1", "kernel-5.4"), NULL));
}

static void
test_format_detection (void)
{
  static const char json[] = " \r\n\t{\"topics\": [{\"n\": \"docker\", \"inst\": [\"docker\"]}]}";
  static const char yaml[] = "document: extras-topic\nversion: 1\nname: docker\nindex: {}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) a = NULL;
  g_autoptr (ExtrasCatalog) b = NULL;

  /* No arch for a JSON catalog: the original tool's default, x86_64. */
  a = extras_catalog_new_from_data (json, strlen (json), "https://example.com/c.json", NULL,
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpint (extras_topic_get_index (extras_catalog_get_topic (a, 0), "x86_64"), ==, 0);
  g_assert_cmpstr (extras_catalog_get_origin (a), ==, "https://example.com/c.json");

  b = extras_catalog_new_from_data (yaml, strlen (yaml), "inline", "aarch64", &error);
  g_assert_no_error (error);
  g_assert_cmpint (extras_topic_get_index (extras_catalog_get_topic (b, 0), "aarch64"), ==, -1);
}

static void
test_ref_counting (void)
{
  ExtrasCatalog *catalog = load_good ();
  ExtrasTopic *t = extras_topic_ref (extras_catalog_lookup (catalog, "nginx1"));

  g_assert_true (extras_catalog_ref (catalog) == catalog);
  extras_catalog_unref (catalog);
  extras_catalog_unref (catalog);
  /* The topic outlives the catalog it came from. */
  g_assert_cmpstr (extras_topic_get_name (t), ==, "nginx1");
  extras_topic_unref (t);
}

/* ---- bad catalogs ------------------------------------------------------ */

typedef struct
{
  const char *file;
  const char *position;
  const char *needle;
} BadFile;

static const BadFile bad_files[] = {
  { "unknown-key.yaml", "4:1", "unknown key \"nmae\"" },
  { "wrong-type.yaml", "5:11", "expected a list for 'packages', found a string" },
  { "bad-index.yaml", "4:17", "expected an integer from 0 to 9999 for 'index'" },
  { "bad-date.yaml", "5:17", "invalid date \"2022-02-30\"" },
  { "name-newline.yaml", "3:7", "invalid topic name \"php\\n7.4\"" },
  { "bad-package.yaml", "5:21", "invalid package name \"php pdo\"" },
  { "unknown-reference.yaml", "6:5", "names \"php7.4-not\" in 'conflicts'" },
  { "version-2.yaml", "2:10", "unsupported version 2" },
  { "missing-index.yaml", "2:1", "has no 'index'" },
  { "alias.yaml", "5:11", "aliases are not allowed" },
  { "alias-only.yaml", "5:10", "aliases are not allowed" },
  { "tag.yaml", "3:7", "tags are not allowed" },
  { "two-catalogs.yaml", "9:1", "a second extras-catalog document" },
  { "catalog-key-in-topic.yaml", "5:1", "key 'motd' does not belong" },
  { "same-index.yaml", "9:17", "index 42 on x86_64 is already taken by topic \"php7.4\"" },
  { "truncated.yaml", "5:1", "did not find expected ',' or '}'" },
  { "truncated.json", "1:47", "did not find expected ',' or ']'" },
  { "wrong-type.json", "3:29", "expected a list for 'inst', found a string" },
  { "name-slash.json", "1:19", "invalid topic name \"../etc\"" },
  { "depth-bomb.json", "1:36", "nested deeper than 16 levels" },
  { "binary.yaml", "3:7", "the file must be UTF-8 text" },
  { "latin1.yaml", "3:13", "the file must be UTF-8 text" },
};

static void
test_bad_file (gconstpointer data)
{
  const BadFile *bad = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = data_path ("bad", bad->file, NULL);
  g_autoptr (ExtrasCatalog) catalog = extras_catalog_new_from_file (path, "x86_64", &error);

  g_assert_null (catalog);
  assert_parse_error (error, path, bad->position, bad->needle);
}

static void
test_duplicate_names (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = data_path ("dup", NULL);
  g_autofree char *a = data_path ("dup", "a.yaml", NULL);
  g_autofree char *b = data_path ("dup", "b.yaml", NULL);
  g_autofree char *first = NULL;
  g_autoptr (ExtrasCatalog) catalog = extras_catalog_new_from_dir (dir, &error);

  g_assert_null (catalog);
  assert_parse_error (error, b, "4:9", "topic \"docker\" is defined twice");
  first = g_strdup_printf ("at %s:3:7;", a);
  g_assert_nonnull (strstr (error->message, first));
  g_clear_error (&error);

  {
    g_autofree char *json = data_path ("bad", "duplicate.json", NULL);
    g_autoptr (ExtrasCatalog) c = extras_catalog_new_from_file (json, "x86_64", &error);
    g_autofree char *where = g_strdup_printf ("at %s:2:9;", json);

    g_assert_null (c);
    assert_parse_error (error, json, "3:9", "defined twice");
    g_assert_nonnull (strstr (error->message, where));
  }
}

typedef struct
{
  const char *data;
  const char *position;
  const char *needle;
} BadData;

#define TOPIC_HEAD "document: extras-topic\nversion: 1\n"

static const BadData bad_data[] = {
  { TOPIC_HEAD "name: \"post]gres\"\nindex: {}\n", "3:7", "invalid topic name \"post]gres\"" },
  { TOPIC_HEAD "name: post=gres\nindex: {}\n", "3:7", "invalid topic name \"post=gres\"" },
  { TOPIC_HEAD "name: post/gres\nindex: {}\n", "3:7", "invalid topic name \"post/gres\"" },
  { TOPIC_HEAD "name: post gres\nindex: {}\n", "3:7", "invalid topic name \"post gres\"" },
  { TOPIC_HEAD "name: -postgres\nindex: {}\n", "3:7", "invalid topic name \"-postgres\"" },
  { TOPIC_HEAD "name: a\nindex: {}\nsuccessor: \"b\\nc\"\n", "5:12", "invalid topic name" },
  { TOPIC_HEAD "name: a\nindex: {}\nrequires: [ok, \"x]\"]\n", "5:16",
    "invalid topic name \"x]\"" },
  { TOPIC_HEAD "name: a\nindex: {}\nversions: [\"../../etc\"]\n", "5:12", "invalid version" },
  { TOPIC_HEAD "name: a\nindex: {}\nsummary: \"two\\nlines\"\n", "5:10", "line breaks" },
  { TOPIC_HEAD "name: a\nindex: {}\nsummary: \"nul\\0byte\"\n", "5:10", "NUL character" },
  { TOPIC_HEAD "name: a\nindex: {x86_64: 10000}\n", "4:17", "from 0 to 9999" },
  { TOPIC_HEAD "name: a\nindex: {x86_64: -1}\n", "4:17", "from 0 to 9999" },
  { TOPIC_HEAD "name: a\nindex: {x86_64: 1, x86_64: 2}\n", "4:20", "appears twice" },
  { TOPIC_HEAD "name: a\nname: b\nindex: {}\n", "4:1", "duplicate key 'name'" },
  { TOPIC_HEAD "name: a\nindex: {}\narch-versions: [stable]\n", "5:16",
    "expected a mapping of architecture to a list of versions" },
  { TOPIC_HEAD "name: a\nindex: {}\narch-versions: {aarch64: [\"../x\"]}\n", "5:27",
    "invalid version" },
  { TOPIC_HEAD "name: a\nindex: {}\narch-versions: {aarch64: [a], aarch64: [b]}\n", "5:31",
    "appears twice in 'arch-versions'" },
  { TOPIC_HEAD "name: a\nindex: {}\narch-versions: {\"x 86\": [a]}\n", "5:17",
    "invalid architecture" },
  { TOPIC_HEAD "name: a\nindex: {}\nconflicts: [a]\n", "5:13", "names itself" },
  { TOPIC_HEAD "name: a\nindex: {}\nend-of-support: 2025-1-1\n", "5:17", "invalid date" },
  { TOPIC_HEAD "name: a\nindex: {}\nend-of-support: \n", "5:16", "found nothing" },
  { TOPIC_HEAD "index: {}\n", "1:1", "no 'name'" },
  { "version: 1\nname: a\nindex: {}\n", "1:1", "missing 'document: extras-topic'" },
  { "document: extras-topics\nversion: 1\n", "1:11", "unknown document type" },
  { "document: extras-topic\nname: a\nindex: {}\n", "1:1", "missing 'version: 1'" },
  { "document: extras-catalog\nversion: 1\nname: a\n", "3:1", "does not belong" },
  { "- a\n- b\n", "1:1", "expected a mapping" },
  { "document: [extras-topic]\n", "1:11", "expected a string for 'document', found a list" },
  { "{\"topics\": {\"n\": \"a\"}}", "1:12", "expected a list of topics" },
  { "{\"topics\": [{\"n\": 5}]}", "1:19", "expected a string for 'n', found a number" },
  { "{\"topics\": [{\"n\": \"a=b\"}]}", "1:19", "invalid topic name \"a=b\"" },
  { "{\"topics\": [{\"n\": \"a\", \"inst\": [\"a b\"]}]}", "1:33", "invalid package name" },
  { "{\"topics\": [{\"n\": \"a\", \"deprecated-at\": \"soon\"}]}", "1:41", "invalid date" },
  { "{\"version\": 3, \"topics\": []}", "1:13", "unsupported catalog version 3" },
  { "{\"version\": \"1\", \"topics\": []}", "1:13", "expected an integer" },
  { "{\"whitelists\": [0, 1], \"topics\": []}", "1:17", "expected a list of topic positions" },
  { "{\"topics\": [{\"inst\": []}]}", "1:13", "topic without a name" },
  { "{\"motd\": \"\"}", "1:1", "no 'topics' list" },
  { "{\"topics\": []} {}", "1:16", "did not find expected <document start>" },
  { "name: a\n\x80\x81garbage", "2:1", "invalid leading UTF-8 octet" },
};

static void
test_bad_data (gconstpointer data)
{
  const BadData *bad = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog = extras_catalog_new_from_data (
      bad->data, strlen (bad->data), "inline.yaml", "x86_64", &error);

  g_assert_null (catalog);
  assert_parse_error (error, "inline.yaml", bad->position, bad->needle);
}

static void
test_too_big (void)
{
  gsize len = EXTRAS_CATALOG_MAX_FILE_SIZE + 1;
  g_autofree char *big = g_malloc (len);
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-catalog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.yaml", NULL);

  memset (big, '#', len);
  catalog = extras_catalog_new_from_data (big, len, "big.json", "x86_64", &error);
  g_assert_null (catalog);
  assert_parse_error (error, "big.json", "1:1", "too big");
  g_clear_error (&error);

  /* Refused before it is read: the size alone decides. */
  g_assert_true (g_file_set_contents (path, big, len, NULL));
  catalog = extras_catalog_new_from_dir (dir, &error);
  g_assert_null (catalog);
  assert_parse_error (error, path, "1:1", "too big");
  g_clear_error (&error);

  /* One byte less is only a comment. */
  catalog = extras_catalog_new_from_data (big, len - 1, "big.yaml", "x86_64", &error);
  g_assert_null (catalog);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "no topics found"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_long_string (void)
{
  g_autoptr (GString) data = g_string_new (TOPIC_HEAD "name: a\nindex: {}\nsummary: ");
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;

  for (int i = 0; i < 5000; i++)
    g_string_append_c (data, 'x');
  g_string_append_c (data, '\n');
  catalog = extras_catalog_new_from_data (data->str, data->len, "long.yaml", NULL, &error);
  g_assert_null (catalog);
  assert_parse_error (error, "long.yaml", "5:10", "too long");
}

static void
test_arch_limit (void)
{
  g_autoptr (GString) data = g_string_new (TOPIC_HEAD "name: a\nindex: {");
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;

  for (int i = 0; i < 65; i++)
    g_string_append_printf (data, "%sa%02d: 1", i > 0 ? ", " : "", i);
  g_string_append (data, "}\n");
  catalog = extras_catalog_new_from_data (data->str, data->len, "arches.yaml", NULL, &error);
  g_assert_null (catalog);
  /* "index: {" is 8 columns, each "aNN: 1, " 8 more: the 65th key. */
  assert_parse_error (error, "arches.yaml", "4:521", "more than 64 architectures");
}

static void
test_topic_limit (void)
{
  for (int n = EXTRAS_CATALOG_MAX_TOPICS; n <= EXTRAS_CATALOG_MAX_TOPICS + 1; n++)
    {
      g_autoptr (GString) json = g_string_new ("{\"topics\": [\n");
      g_autoptr (GError) error = NULL;
      g_autoptr (ExtrasCatalog) catalog = NULL;

      for (int i = 0; i < n; i++)
        g_string_append_printf (json, "%s{\"n\": \"t%d\"}\n", i > 0 ? "," : "", i);
      g_string_append (json, "]}");
      catalog = extras_catalog_new_from_data (json->str, json->len, "many.json", "x86_64", &error);
      if (n == EXTRAS_CATALOG_MAX_TOPICS)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (extras_catalog_get_n_topics (catalog), ==, n);
        }
      else
        {
          g_assert_null (catalog);
          assert_parse_error (error, "many.json", "1026:2", "more than 1024 topics");
        }
    }
}

static void
test_garbage (void)
{
  guchar bytes[512];

  /* Every byte value, as YAML and as JSON: an error, never a crash. */
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guchar) (i * 7 + 3);
  for (guint start = 0; start < 2; start++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ExtrasCatalog) catalog = NULL;

      if (start == 1)
        bytes[0] = '{';
      catalog = extras_catalog_new_from_data ((const char *) bytes, sizeof bytes, "garbage",
                                              "x86_64", &error);
      g_assert_null (catalog);
      g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
      g_assert_true (g_regex_match_simple ("^garbage:[0-9]+:[0-9]+: ", error->message, 0, 0));
      g_assert_null (strchr (error->message, '\n'));
    }
}

static void
test_no_topics (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-catalog-XXXXXX", NULL);
  g_autofree char *cat = g_build_filename (dir, "catalog.yaml", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);

  catalog = extras_catalog_new_from_dir (dir, &error);
  g_assert_null (catalog);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "no *.yaml files"));
  g_assert_true (g_str_has_prefix (error->message, dir));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (cat, "document: extras-catalog\nversion: 1\n", -1, NULL));
  catalog = extras_catalog_new_from_dir (dir, &error);
  g_assert_null (catalog);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "no topics found"));
  g_clear_error (&error);

  catalog = extras_catalog_new_from_data ("", 0, "empty", NULL, &error);
  g_assert_null (catalog);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "empty: no topics found; a catalog needs at least one 'document: "
                   "extras-topic' (or, in JSON, a 'topics' list that is not empty)");
  g_clear_error (&error);

  catalog = extras_catalog_new_from_dir (missing, &error);
  g_assert_null (catalog);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO);
  g_clear_error (&error);
  catalog = extras_catalog_new_from_file (missing, "x86_64", &error);
  g_assert_null (catalog);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, missing));

  g_unlink (cat);
  g_rmdir (dir);
}

/* The real catalogs of the project: the embedded topics/ and the test systems. */
static void
test_shipped_catalogs (void)
{
  const char *root = g_getenv ("EXTRAS_SOURCE_ROOT");
  g_autoptr (GError) error = NULL;
  g_autofree char *topics = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autoptr (GPtrArray) x86 = NULL;

  if (root == NULL)
    root = g_test_get_filename (G_TEST_DIST, "..", NULL);
  topics = g_build_filename (root, "topics", NULL);
  if (!g_file_test (topics, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no topics/ directory");
      return;
    }
  catalog = extras_catalog_new_from_dir (topics, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (extras_catalog_get_n_topics (catalog), >=, 70);
  g_assert_cmpstr (extras_catalog_get_core_end_of_support (catalog), ==, "2026-06-30");
  g_assert_true (g_strv_contains (extras_catalog_get_stable_abi_packages (catalog), "glibc"));
  g_assert_true (extras_catalog_conflicts_with (catalog, "kernel-5.10", "kernel-5.4"));
  g_assert_true (extras_catalog_conflicts_with (catalog, "php7.4", "php8.0"));
  x86 = extras_catalog_dup_topics_for_arch (catalog, "x86_64");
  g_assert_cmpstr (extras_topic_get_name (g_ptr_array_index (x86, 0)), ==, "ansible2");
  g_assert_cmpint (
      extras_topic_get_index (extras_catalog_lookup (catalog, "postgresql13"), "x86_64"), ==, 59);
  g_assert_cmpint (extras_topic_get_index (extras_catalog_lookup (catalog, "livepatch"), "aarch64"),
                   ==, 55);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/yaml/good-dir", test_good_dir);
  g_test_add_func ("/catalog/yaml/catalog-document", test_catalog_document);
  g_test_add_func ("/catalog/yaml/multi-document", test_multi_document_file);
  g_test_add_func ("/catalog/yaml/topics-for-arch", test_topics_for_arch);
  g_test_add_func ("/catalog/yaml/declared-conflicts", test_declared_conflicts);
  g_test_add_func ("/catalog/yaml/arch-versions", test_arch_versions);
  g_test_add_func ("/catalog/json/v1-whitelists", test_json_v1);
  g_test_add_func ("/catalog/json/whitelist-sets", test_json_whitelist_sets);
  g_test_add_func ("/catalog/json/v2", test_json_v2);
  g_test_add_func ("/catalog/format-detection", test_format_detection);
  g_test_add_func ("/catalog/ref-counting", test_ref_counting);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/catalog/bad/file/%s", bad_files[i].file);

      g_test_add_data_func (name, &bad_files[i], test_bad_file);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_data); i++)
    {
      g_autofree char *name = g_strdup_printf ("/catalog/bad/data/%zu", i);

      g_test_add_data_func (name, &bad_data[i], test_bad_data);
    }
  g_test_add_func ("/catalog/bad/duplicate-names", test_duplicate_names);
  g_test_add_func ("/catalog/bad/too-big", test_too_big);
  g_test_add_func ("/catalog/bad/long-string", test_long_string);
  g_test_add_func ("/catalog/bad/topic-limit", test_topic_limit);
  g_test_add_func ("/catalog/bad/arch-limit", test_arch_limit);
  g_test_add_func ("/catalog/bad/garbage", test_garbage);
  g_test_add_func ("/catalog/bad/no-topics", test_no_topics);
  g_test_add_func ("/catalog/shipped", test_shipped_catalogs);
  return g_test_run ();
}
