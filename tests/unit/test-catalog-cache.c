/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The compiled catalog cache: a hit gives exactly what parsing gives, and
 * every way a cache can be stale, broken or foreign gives the parsed
 * catalog. */
#include "catalog-private.h"
#include "extras-error.h"
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TAMPERED "FROM THE CACHE"

/* Created in main(): copies of the shipped topics, old enough to be cached. */
static char *scratch;
static guint n_copies;

static const char *
topics_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      const char *root = g_getenv ("EXTRAS_SOURCE_ROOT");

      dir = root != NULL ? g_build_filename (root, "topics", NULL)
                         : g_test_build_filename (G_TEST_DIST, "..", "topics", NULL);
    }
  return dir;
}

static void
write_file (const char *path, const char *data, gssize len)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static void
copy_topics (const char *to)
{
  g_autoptr (GDir) dir = g_dir_open (topics_dir (), 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir (to, 0755), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from_path = g_build_filename (topics_dir (), name, NULL);
      g_autofree char *to_path = g_build_filename (to, name, NULL);
      g_autofree char *data = test_read_file (from_path);

      write_file (to_path, data, -1);
    }
}

/* A fresh copy of the shipped topics, made in main() so that it is older
 * than the cache's margin for recent changes. */
static char *
next_copy (void)
{
  static guint next;

  g_assert_cmpuint (next, <, n_copies);
  return g_strdup_printf ("%s/copy%u", scratch, next++);
}

static char *
cache_path_for (const char *name)
{
  return g_build_filename (scratch, "caches", name, "var", "cache", "amzn2extras",
                           "embedded-catalog.cache", NULL);
}

static void
assert_strv_equal (const char *const *a, const char *const *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (g_strv_length ((char **) a), ==, g_strv_length ((char **) b));
  for (guint i = 0; a[i] != NULL; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

static void
assert_topics_equal (const ExtrasTopic *a, const ExtrasTopic *b)
{
  GHashTableIter iter;
  gpointer arch;

  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->summary, ==, b->summary);
  g_assert_cmpuint (g_hash_table_size (a->index), ==, g_hash_table_size (b->index));
  g_hash_table_iter_init (&iter, a->index);
  while (g_hash_table_iter_next (&iter, &arch, NULL))
    {
      g_assert_cmpint (extras_topic_get_index (b, arch), >=, 0);
      g_assert_cmpint (extras_topic_get_index (a, arch), ==, extras_topic_get_index (b, arch));
    }
  assert_strv_equal (extras_topic_get_versions (a), extras_topic_get_versions (b));
  assert_strv_equal (extras_topic_get_versions_for_arch (a, "aarch64"),
                     extras_topic_get_versions_for_arch (b, "aarch64"));
  assert_strv_equal (extras_topic_get_versions_for_arch (a, "x86_64"),
                     extras_topic_get_versions_for_arch (b, "x86_64"));
  assert_strv_equal (extras_topic_get_packages (a), extras_topic_get_packages (b));
  assert_strv_equal (extras_topic_get_visible (a), extras_topic_get_visible (b));
  assert_strv_equal (extras_topic_get_conflicts (a), extras_topic_get_conflicts (b));
  assert_strv_equal (extras_topic_get_requires (a), extras_topic_get_requires (b));
  assert_strv_equal (extras_topic_get_arches (a), extras_topic_get_arches (b));
  assert_strv_equal (extras_topic_get_kernel_series (a), extras_topic_get_kernel_series (b));
  g_assert_cmpstr (a->end_of_support, ==, b->end_of_support);
  g_assert_cmpstr (a->successor, ==, b->successor);
  g_assert_cmpint (a->al2023 == NULL, ==, b->al2023 == NULL);
  if (a->al2023 != NULL)
    assert_strv_equal (extras_topic_get_al2023 (a), extras_topic_get_al2023 (b));
}

static void
assert_arch_order_equal (const ExtrasCatalog *a, const ExtrasCatalog *b, const char *arch)
{
  g_autoptr (GPtrArray) ta = extras_catalog_dup_topics_for_arch (a, arch);
  g_autoptr (GPtrArray) tb = extras_catalog_dup_topics_for_arch (b, arch);

  g_assert_cmpuint (ta->len, ==, tb->len);
  for (guint i = 0; i < ta->len; i++)
    g_assert_cmpstr (extras_topic_get_name (g_ptr_array_index (ta, i)), ==,
                     extras_topic_get_name (g_ptr_array_index (tb, i)));
}

/* Every field of the catalog and of every topic, in catalog order. */
static void
assert_catalogs_equal (const ExtrasCatalog *a, const ExtrasCatalog *b)
{
  g_assert_cmpstr (extras_catalog_get_origin (a), ==, extras_catalog_get_origin (b));
  g_assert_cmpstr (extras_catalog_get_motd (a), ==, extras_catalog_get_motd (b));
  g_assert_cmpstr (extras_catalog_get_core_end_of_support (a), ==,
                   extras_catalog_get_core_end_of_support (b));
  assert_strv_equal (extras_catalog_get_stable_abi_packages (a),
                     extras_catalog_get_stable_abi_packages (b));
  g_assert_null (a->whitelists);
  g_assert_null (b->whitelists);
  g_assert_cmpuint (extras_catalog_get_n_topics (a), ==, extras_catalog_get_n_topics (b));
  g_assert_cmpuint (g_hash_table_size (b->by_name), ==, extras_catalog_get_n_topics (b));
  for (guint i = 0; i < extras_catalog_get_n_topics (a); i++)
    {
      ExtrasTopic *ta = extras_catalog_get_topic (a, i);
      ExtrasTopic *tb = extras_catalog_get_topic (b, i);

      assert_topics_equal (ta, tb);
      g_assert_true (extras_catalog_lookup (b, extras_topic_get_name (ta)) == tb);
    }
  assert_arch_order_equal (a, b, "x86_64");
  assert_arch_order_equal (a, b, "aarch64");
}

static ExtrasCatalog *
parse (const char *dir)
{
  g_autoptr (GError) error = NULL;
  ExtrasCatalog *catalog = extras_catalog_new_from_dir (dir, &error);

  g_assert_no_error (error);
  return catalog;
}

static ExtrasCatalog *
load_cached (const char *dir, const char *cache_path)
{
  g_autoptr (GError) error = NULL;
  ExtrasCatalog *catalog = extras_catalog_new_from_dir_cached (dir, cache_path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

/* Rewrites the cache, still valid for @dir, with the motd and, if @topic is
 * not NULL, that topic's summary replaced: a cache whose content differs from
 * the files, so that a test can tell whether the cache or the files were
 * used. */
static void
tamper (const char *dir, const char *cache_path, const char *topic, const char *summary)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) key = extras_catalog_cache_dup_key (dir, NULL);
  g_autoptr (ExtrasCatalog) catalog = extras_catalog_cache_load (cache_path, key);

  g_assert_nonnull (catalog);
  g_free (catalog->motd);
  catalog->motd = g_strdup (TAMPERED);
  if (topic != NULL)
    {
      ExtrasTopic *t = extras_catalog_lookup (catalog, topic);

      g_assert_nonnull (t);
      g_free (t->summary);
      t->summary = g_strdup (summary);
    }
  g_assert_true (extras_catalog_cache_write (cache_path, key, catalog, &error));
  g_assert_no_error (error);
}

/* Sets the u32 at @offset of the cache file (0: magic, 4: format version). */
static void
poke_u32 (const char *cache_path, gsize offset, guint32 value)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (cache_path, &data, &len, NULL));
  g_assert_cmpuint (len, >=, offset + 4);
  memcpy (data + offset, &value, 4);
  write_file (cache_path, data, len);
}

/* The shipped topics/, parsed and through the cache: equal in every field,
 * and the second load really is a hit. */
static void
test_equal (void)
{
  g_autofree char *cache_path = cache_path_for ("equal");
  g_autoptr (ExtrasCatalog) parsed = NULL;
  g_autoptr (ExtrasCatalog) first = NULL;
  g_autoptr (ExtrasCatalog) hit = NULL;
  g_autoptr (ExtrasCatalog) again = NULL;
  g_autoptr (GVariant) key = NULL;
  gboolean racy = TRUE;

  key = extras_catalog_cache_dup_key (topics_dir (), &racy);
  g_assert_nonnull (key);
  if (racy)
    {
      /* Someone just edited topics/: wait until it may be cached. */
      g_usleep (2100 * 1000);
      g_clear_pointer (&key, g_variant_unref);
      key = extras_catalog_cache_dup_key (topics_dir (), &racy);
      g_assert_false (racy);
    }

  parsed = parse (topics_dir ());
  g_assert_cmpuint (extras_catalog_get_n_topics (parsed), >=, 70);
  first = load_cached (topics_dir (), cache_path);
  assert_catalogs_equal (parsed, first);
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_IS_REGULAR));

  hit = extras_catalog_cache_load (cache_path, key);
  g_assert_nonnull (hit);
  assert_catalogs_equal (parsed, hit);
  again = load_cached (topics_dir (), cache_path);
  assert_catalogs_equal (parsed, again);
}

/* The cache's directory is private like the original's; its parents are not. */
static void
test_modes (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *cache_path = cache_path_for ("modes");
  g_autofree char *cache_dir = g_path_get_dirname (cache_path);
  g_autofree char *parent = g_path_get_dirname (cache_dir);
  g_autoptr (ExtrasCatalog) catalog = NULL;
  GStatBuf st;
  mode_t old_umask = umask (022);

  catalog = load_cached (dir, cache_path);
  umask (old_umask);
  g_assert_cmpint (g_stat (cache_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  g_assert_cmpint (g_stat (parent, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0755);
  g_assert_cmpint (g_stat (cache_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);
}

/* What the invalidation tests start from: a valid cache of @dir whose motd
 * says it came from the cache, and proof that a load would use it. */
static char *
prepare (const char *name, const char *dir)
{
  char *cache_path = cache_path_for (name);
  g_autoptr (ExtrasCatalog) first = load_cached (dir, cache_path);
  g_autoptr (ExtrasCatalog) hit = NULL;

  tamper (dir, cache_path, NULL, NULL);
  hit = load_cached (dir, cache_path);
  g_assert_cmpstr (extras_catalog_get_motd (hit), ==, TAMPERED);
  return cache_path;
}

/* After the change, the result is the parsed catalog, not the cached one. */
static void
assert_parsed (const char *dir, const char *cache_path)
{
  g_autoptr (ExtrasCatalog) parsed = parse (dir);
  g_autoptr (ExtrasCatalog) loaded = load_cached (dir, cache_path);

  g_assert_cmpstr (extras_catalog_get_motd (loaded), !=, TAMPERED);
  assert_catalogs_equal (parsed, loaded);
}

static void
test_hit_uses_cache (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *cache_path = prepare ("hit", dir);
  g_autoptr (GVariant) key = extras_catalog_cache_dup_key (dir, NULL);
  g_autoptr (ExtrasCatalog) hit = extras_catalog_cache_load (cache_path, key);

  g_assert_nonnull (hit);
  g_assert_cmpstr (extras_catalog_get_motd (hit), ==, TAMPERED);
}

static void
test_truncated (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *cache_path = prepare ("truncated", dir);
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (cache_path, &data, &len, NULL));
  /* One byte short, half, one byte, empty. */
  write_file (cache_path, data, len - 1);
  assert_parsed (dir, cache_path);
  write_file (cache_path, data, len / 2);
  assert_parsed (dir, cache_path);
  write_file (cache_path, data, 1);
  assert_parsed (dir, cache_path);
  write_file (cache_path, data, 0);
  assert_parsed (dir, cache_path);
}

static void
test_garbage (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *cache_path = prepare ("garbage", dir);
  g_autofree char *data = NULL;
  g_autofree char *yaml = g_build_filename (dir, "nginx1.yaml", NULL);
  gsize len = 0;
  g_autoptr (GRand) rand = g_rand_new_with_seed (4);

  g_assert_true (g_file_get_contents (cache_path, &data, &len, NULL));
  for (gsize i = 0; i < len; i++)
    data[i] = (char) g_rand_int_range (rand, 0, 256);
  write_file (cache_path, data, len);
  assert_parsed (dir, cache_path);
  /* A YAML file where the cache should be. */
  g_free (data);
  data = test_read_file (yaml);
  write_file (cache_path, data, -1);
  assert_parsed (dir, cache_path);
}

static void
test_other_version (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *cache_path = prepare ("version", dir);
  g_autoptr (ExtrasCatalog) hit = NULL;

  poke_u32 (cache_path, 4, EXTRAS_CATALOG_CACHE_FORMAT_VERSION + 1);
  assert_parsed (dir, cache_path);
  /* Offset 4 is the version: put back, the cache is used again. */
  tamper (dir, cache_path, NULL, NULL);
  poke_u32 (cache_path, 4, EXTRAS_CATALOG_CACHE_FORMAT_VERSION + 1);
  poke_u32 (cache_path, 4, EXTRAS_CATALOG_CACHE_FORMAT_VERSION);
  hit = load_cached (dir, cache_path);
  g_assert_cmpstr (extras_catalog_get_motd (hit), ==, TAMPERED);
  /* Another program's file of the same shape. */
  poke_u32 (cache_path, 0, 0x12345678);
  assert_parsed (dir, cache_path);
}

/* One flipped bit anywhere in the file: never the cached content. */
static void
test_bit_flips (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *cache_path = prepare ("flips", dir);
  g_autoptr (ExtrasCatalog) parsed = parse (dir);
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (cache_path, &data, &len, NULL));
  for (gsize i = 0; i < len; i += (i < 64 || i + 64 > len) ? 1 : 53)
    {
      g_autoptr (ExtrasCatalog) loaded = NULL;

      data[i] ^= 1 << (i % 8);
      write_file (cache_path, data, len);
      data[i] ^= 1 << (i % 8);
      loaded = load_cached (dir, cache_path);
      if (g_strcmp0 (extras_catalog_get_motd (loaded), TAMPERED) == 0)
        g_error ("flipping bit %u of byte %" G_GSIZE_FORMAT " went unnoticed", (guint) (i % 8), i);
      assert_catalogs_equal (parsed, loaded);
    }
}

/* Same size, newer mtime. */
static void
test_file_changed (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *cache_path = prepare ("changed", dir);
  g_autofree char *file = g_build_filename (dir, "nginx1.yaml", NULL);
  g_autofree char *data = test_read_file (file);
  char *at = strstr (data, "summary: nginx web server");
  g_autoptr (ExtrasCatalog) loaded = NULL;

  g_assert_nonnull (at);
  memcpy (at, "summary: NGINX", strlen ("summary: NGINX"));
  write_file (file, data, -1);
  assert_parsed (dir, cache_path);
  loaded = load_cached (dir, cache_path);
  g_assert_cmpstr (extras_topic_get_summary (extras_catalog_lookup (loaded, "nginx1")), ==,
                   "NGINX web server");
}

/* Same size, same inode, and the mtime put back: the ctime still tells. */
static void
test_file_changed_mtime_restored (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *file = g_build_filename (dir, "nginx1.yaml", NULL);
  g_autofree char *cache_path = NULL;
  g_autofree char *data = test_read_file (file);
  char *at = strstr (data, "summary: nginx web server");
  struct stat before, after;
  struct timespec times[2];
  int fd;

  g_assert_cmpint (stat (file, &before), ==, 0);
  cache_path = prepare ("mtime-restored", dir);
  g_assert_nonnull (at);
  memcpy (at, "summary: NGINX", strlen ("summary: NGINX"));
  fd = open (file, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, data, strlen (data)), ==, (gssize) strlen (data));
  times[0] = before.st_atim;
  times[1] = before.st_mtim;
  g_assert_cmpint (futimens (fd, times), ==, 0);
  close (fd);
  g_assert_cmpint (stat (file, &after), ==, 0);
  g_assert_cmpint (after.st_ino, ==, before.st_ino);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_cmpint (after.st_mtim.tv_sec, ==, before.st_mtim.tv_sec);
  g_assert_cmpint (after.st_mtim.tv_nsec, ==, before.st_mtim.tv_nsec);
  assert_parsed (dir, cache_path);
}

static void
test_file_added (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *cache_path = prepare ("added", dir);
  g_autofree char *file = g_build_filename (dir, "zz-new.yaml", NULL);
  g_autoptr (ExtrasCatalog) loaded = NULL;

  write_file (file,
              "document: extras-topic\nversion: 1\nname: zz-new\nsummary: new\n"
              "index: {x86_64: 99}\nversions: [stable]\n",
              -1);
  assert_parsed (dir, cache_path);
  loaded = load_cached (dir, cache_path);
  g_assert_nonnull (extras_catalog_lookup (loaded, "zz-new"));
}

static void
test_file_removed (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *cache_path = prepare ("removed", dir);
  g_autofree char *file = g_build_filename (dir, "emacs.yaml", NULL);
  g_autoptr (ExtrasCatalog) loaded = NULL;

  g_assert_cmpint (g_unlink (file), ==, 0);
  assert_parsed (dir, cache_path);
  loaded = load_cached (dir, cache_path);
  g_assert_null (extras_catalog_lookup (loaded, "emacs"));
}

/* A file renamed over another one of the same size and mtime. */
static void
test_file_replaced (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *file = g_build_filename (dir, "nginx1.yaml", NULL);
  g_autofree char *tmp = g_build_filename (dir, ".nginx1.tmp", NULL);
  g_autofree char *cache_path = NULL;
  g_autofree char *data = test_read_file (file);
  char *at = strstr (data, "summary: nginx web server");
  struct stat before;
  struct timespec times[2];

  g_assert_cmpint (stat (file, &before), ==, 0);
  cache_path = prepare ("replaced", dir);
  memcpy (at, "summary: NGINX", strlen ("summary: NGINX"));
  write_file (tmp, data, -1);
  times[0] = before.st_atim;
  times[1] = before.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, tmp, times, 0), ==, 0);
  g_assert_cmpint (g_rename (tmp, file), ==, 0);
  assert_parsed (dir, cache_path);
}

/* A cache another user could have written is not trusted. */
static void
test_foreign_owner (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *cache_path = NULL;

  if (geteuid () != 0)
    {
      g_test_skip ("needs root to give the cache to another user");
      return;
    }
  dir = next_copy ();
  cache_path = prepare ("owner", dir);
  g_assert_cmpint (chown (cache_path, 65534, 65534), ==, 0);
  assert_parsed (dir, cache_path);
}

/* Where the cache cannot be written, the catalog still loads, and quietly. */
static void
test_unwritable (void)
{
  g_autofree char *dir = next_copy ();
  g_autofree char *blocker = g_build_filename (scratch, "not-a-dir", NULL);
  g_autofree char *cache_path = g_build_filename (blocker, "cache", "embedded-catalog.cache", NULL);
  g_autoptr (ExtrasCatalog) parsed = parse (dir);
  g_autoptr (ExtrasCatalog) loaded = NULL;

  write_file (blocker, "", 0);
  loaded = load_cached (dir, cache_path);
  assert_catalogs_equal (parsed, loaded);
  g_assert_false (g_file_test (cache_path, G_FILE_TEST_EXISTS));
}

/* Files changed in the last moment are not cached: they could change again
 * within the same tick of the file system's clock. */
static void
test_racy (void)
{
  g_autofree char *dir = g_build_filename (scratch, "fresh", NULL);
  g_autofree char *cache_path = cache_path_for ("racy");
  g_autoptr (ExtrasCatalog) parsed = NULL;
  g_autoptr (ExtrasCatalog) loaded = NULL;
  gboolean racy = FALSE;
  g_autoptr (GVariant) key = NULL;

  copy_topics (dir);
  key = extras_catalog_cache_dup_key (dir, &racy);
  g_assert_true (racy);
  parsed = parse (dir);
  loaded = load_cached (dir, cache_path);
  assert_catalogs_equal (parsed, loaded);
  g_assert_false (g_file_test (cache_path, G_FILE_TEST_EXISTS));
}

/* Errors are the parser's, and nothing is cached. */
static void
test_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (scratch, "missing", NULL);
  g_autofree char *bad = g_build_filename (scratch, "bad", NULL);
  g_autofree char *bad_file = g_build_filename (bad, "a.yaml", NULL);
  g_autofree char *cache_path = cache_path_for ("errors");
  g_autoptr (GError) parse_error = NULL;
  ExtrasCatalog *catalog;

  catalog = extras_catalog_new_from_dir_cached (missing, cache_path, &error);
  g_assert_null (catalog);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (bad, 0755), ==, 0);
  write_file (bad_file, "document: extras-topic\nversion: 1\nname: [\n", -1);
  catalog = extras_catalog_new_from_dir_cached (bad, cache_path, &error);
  g_assert_null (catalog);
  g_assert_null (extras_catalog_new_from_dir (bad, &parse_error));
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, parse_error->message);
  g_assert_false (g_file_test (cache_path, G_FILE_TEST_EXISTS));
}

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (const char *root, const char *const *args, Run *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("EXTRAS_BIN"));
  g_ptr_array_add (argv, (gpointer) "--root");
  g_ptr_array_add (argv, (gpointer) root);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out->out,
                &out->err, &out->status, &error);
  g_assert_no_error (error);
}

/* The binary's output does not change by one byte whether it parsed the
 * embedded catalog (and wrote the cache) or read the cache; and the second
 * run did read it. */
static void
test_cli (void)
{
  static const char *const commands[][8] = {
    { "--date", "2024-01-15", "--arch", "x86_64", "list", NULL },
    { "--date", "2024-01-15", "--arch", "aarch64", "list", NULL },
    { "--date", "2030-01-01", "--arch", "x86_64", "--json", "list", NULL },
    { "--date", "2024-01-15", "--arch", "x86_64", "info", "nginx1" },
    { "--date", "2024-01-15", "--arch", "x86_64", "--json", "info", "nginx1", NULL },
    { "--arch", "x86_64", "info", "no-such-topic", NULL },
  };
  static const char *const info[] = { "--arch", "x86_64", "info", "nginx1", NULL };
  g_autofree char *tmp = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree char *blocked_root = NULL;
  g_autofree char *blocker = NULL;

  if (g_getenv ("EXTRAS_BIN") == NULL)
    {
      g_test_skip ("EXTRAS_BIN is not set");
      return;
    }
  {
    g_autoptr (GVariant) key = NULL;
    gboolean racy = FALSE;

    key = extras_catalog_cache_dup_key (topics_dir (), &racy);
    if (racy)
      g_usleep (2100 * 1000);
  }
  tmp = g_build_filename (scratch, "cli", NULL);
  blocked_root = g_build_filename (scratch, "cli-blocked", NULL);
  blocker = g_build_filename (blocked_root, "var", NULL);
  g_assert_cmpint (g_mkdir_with_parents (blocked_root, 0755), ==, 0);
  write_file (blocker, "", 0);
  cache_path
      = g_build_filename (tmp, "var", "cache", "amzn2extras", "embedded-catalog.cache", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *args[8] = { NULL };
      g_auto (Run) miss = { 0 };
      g_auto (Run) hit = { 0 };
      g_auto (Run) uncached = { 0 };
      struct stat written, after;

      memcpy (args, commands[i], sizeof commands[i]);
      g_assert_true (g_mkdir_with_parents (tmp, 0755) == 0);
      run_cli (tmp, args, &miss);
      g_assert_cmpint (stat (cache_path, &written), ==, 0);
      run_cli (tmp, args, &hit);
      g_assert_cmpint (stat (cache_path, &after), ==, 0);
      /* Not rewritten: the second run was a hit. */
      g_assert_cmpint (written.st_ino, ==, after.st_ino);
      g_assert_cmpint (hit.status, ==, miss.status);
      g_assert_cmpstr (hit.out, ==, miss.out);
      g_assert_cmpstr (hit.err, ==, miss.err);
      /* A root where no cache can be written: the same bytes, no more. */
      run_cli (blocked_root, args, &uncached);
      g_assert_cmpint (uncached.status, ==, miss.status);
      g_assert_cmpstr (uncached.out, ==, miss.out);
      g_assert_cmpstr (uncached.err, ==, miss.err);
      g_assert_cmpuint (strlen (miss.out) + strlen (miss.err), >, 0);
    }

  /* And the binary reads the cache: a tampered one shows. */
  {
    g_auto (Run) tampered = { 0 };

    tamper (topics_dir (), cache_path, "nginx1", TAMPERED);
    run_cli (tmp, info, &tampered);
    g_assert_cmpint (tampered.status, ==, 0);
    g_assert_nonnull (strstr (tampered.out, TAMPERED));
  }
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  scratch = g_dir_make_tmp ("extrasolv-catalog-cache-XXXXXX", &error);
  g_assert_no_error (error);
  /* Copies for the tests that change files, made now and aged once: the
   * cache is not written for files changed in the last 2 seconds. */
  n_copies = 13;
  for (guint i = 0; i < n_copies; i++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/copy%u", scratch, i);

      copy_topics (dir);
    }
  g_usleep (2100 * 1000);

  g_test_add_func ("/catalog-cache/equal", test_equal);
  g_test_add_func ("/catalog-cache/modes", test_modes);
  g_test_add_func ("/catalog-cache/hit-uses-cache", test_hit_uses_cache);
  g_test_add_func ("/catalog-cache/truncated", test_truncated);
  g_test_add_func ("/catalog-cache/garbage", test_garbage);
  g_test_add_func ("/catalog-cache/other-version", test_other_version);
  g_test_add_func ("/catalog-cache/bit-flips", test_bit_flips);
  g_test_add_func ("/catalog-cache/file-changed", test_file_changed);
  g_test_add_func ("/catalog-cache/file-changed-mtime-restored", test_file_changed_mtime_restored);
  g_test_add_func ("/catalog-cache/file-added", test_file_added);
  g_test_add_func ("/catalog-cache/file-removed", test_file_removed);
  g_test_add_func ("/catalog-cache/file-replaced", test_file_replaced);
  g_test_add_func ("/catalog-cache/foreign-owner", test_foreign_owner);
  g_test_add_func ("/catalog-cache/unwritable", test_unwritable);
  g_test_add_func ("/catalog-cache/racy", test_racy);
  g_test_add_func ("/catalog-cache/errors", test_errors);
  g_test_add_func ("/catalog-cache/cli", test_cli);
  result = g_test_run ();
  remove_tree (scratch);
  g_free (scratch);
  return result;
}
