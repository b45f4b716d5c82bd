/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A compiled cache of a directory catalog: one GVariant file that holds every
 * field of the catalog, keyed by what stat() says about the directory and its
 * *.yaml files, so that a warm start does not run libyaml at all.  The
 * layout is in catalog-private.h. */
#include "catalog-private.h"
#include "extras-error.h"
#include "util.h"
#include "safe-path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#define NSEC_PER_SEC G_GINT64_CONSTANT (1000000000)
/* A cache is derived from the catalog files, so it is bounded by them. */
#define CACHE_MAX_SIZE (64 * 1024 * 1024)
/* A file changed this recently may change again within the same tick of the
 * file system's clock without changing its ctime (git's "racy clean"
 * problem); such a catalog is not cached until it has been still for this
 * long.  2 s covers the coarsest timestamps (FAT). */
#define RACY_MARGIN_NS (G_GINT64_CONSTANT (2) * NSEC_PER_SEC)
/* Per key entry: device, inode, size, mtime, ctime. */
#define STATS_PER_ENTRY 5

/* g_autofd needs GLib 2.76. */
typedef int CacheFd;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (CacheFd, close, -1)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DIR, closedir)

static gint64
timespec_ns (const struct timespec *ts)
{
  return (gint64) ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static void
add_stats (GArray *stats, const struct stat *st)
{
  guint64 entry[STATS_PER_ENTRY] = {
    st->st_dev, st->st_ino, st->st_size, timespec_ns (&st->st_mtim), timespec_ns (&st->st_ctim),
  };

  g_array_append_vals (stats, entry, STATS_PER_ENTRY);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A 64-bit FNV-1a over 8-byte words: a cheap guard against a cache whose
 * bytes changed after it was written (a bad disk, a stray write). */
static guint64
checksum_update (guint64 hash, const guint8 *data, gsize len)
{
  const guint64 prime = G_GUINT64_CONSTANT (0x100000001b3);
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      hash = (hash ^ word) * prime;
    }
  for (; i < len; i++)
    hash = (hash ^ data[i]) * prime;
  return hash;
}

static guint64
checksum (const guint8 *strings, gsize strings_len, const gint32 *ints, gsize n_ints)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  hash = checksum_update (hash, (const guint8 *) &strings_len, sizeof strings_len);
  hash = checksum_update (hash, strings, strings_len);
  return checksum_update (hash, (const guint8 *) ints, n_ints * sizeof (gint32));
}

GVariant *
extras_catalog_cache_dup_key (const char *dir, gboolean *out_racy)
{
  g_autoptr (DIR) d = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GByteArray) name_bytes = g_byte_array_new ();
  g_autoptr (GArray) stats = g_array_new (FALSE, FALSE, sizeof (guint64));
  /* Taken before any stat(): see RACY_MARGIN_NS. */
  gint64 limit = g_get_real_time () * 1000 - RACY_MARGIN_NS;
  gboolean racy = FALSE;
  struct dirent *entry;
  struct stat st;
  GVariant *children[2];

  g_return_val_if_fail (dir != NULL, NULL);

  /* The directory is stat'd before it is listed: a file added or removed
   * after that changes its mtime and ctime, which the next load sees. */
  d = opendir (dir);
  if (d == NULL || fstat (dirfd (d), &st) != 0)
    return NULL;
  racy |= timespec_ns (&st.st_ctim) > limit;
  g_byte_array_append (name_bytes, (const guint8 *) dir, strlen (dir) + 1);
  add_stats (stats, &st);

  while ((entry = readdir (d)) != NULL)
    if (extras_catalog_is_yaml_file_name (entry->d_name))
      g_ptr_array_add (names, g_strdup (entry->d_name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      /* Through symlinks, as the parser reads them. */
      if (fstatat (dirfd (d), name, &st, 0) != 0)
        return NULL;
      racy |= timespec_ns (&st.st_ctim) > limit;
      g_byte_array_append (name_bytes, (const guint8 *) name, strlen (name) + 1);
      add_stats (stats, &st);
    }

  children[0]
      = g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, name_bytes->data, name_bytes->len, 1);
  children[1] = g_variant_new_fixed_array (G_VARIANT_TYPE_UINT64, stats->data, stats->len,
                                           sizeof (guint64));
  if (out_racy != NULL)
    *out_racy = racy;
  return g_variant_ref_sink (g_variant_new_tuple (children, 2));
}

/* Whether @value holds exactly @size bytes of @data. */
static gboolean
bytes_equal (GVariant *value, gconstpointer data, gsize size)
{
  return g_variant_get_size (value) == size && memcmp (g_variant_get_data (value), data, size) == 0;
}

/* g_variant_is_normal_form(), in a few passes over bytes: GLib checks a
 * fixed array element by element (100 instructions a byte here).  A value
 * is in normal form when serialising what it holds gives its bytes back. */
static gboolean
cache_is_normal_form (GVariant *cache)
{
  GVariant *children[7]; /* floating */
  g_autoptr (GVariant) canonical = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (children); i++)
    {
      g_autoptr (GVariant) child = g_variant_get_child_value (cache, i);
      const GVariantType *type = g_variant_get_type (child);

      if (g_variant_type_is_array (type))
        {
          const GVariantType *element = g_variant_type_element (type);
          gsize element_size = g_variant_type_equal (element, G_VARIANT_TYPE_BYTE)    ? 1
                               : g_variant_type_equal (element, G_VARIANT_TYPE_INT32) ? 4
                                                                                      : 8;
          gsize n = g_variant_get_size (child) / element_size;

          /* A length that is not a multiple of the element size shortens
           * the copy, so the comparison below fails. */
          children[i]
              = g_variant_new_fixed_array (element, g_variant_get_data (child), n, element_size);
        }
      else if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32))
        children[i] = g_variant_new_uint32 (g_variant_get_uint32 (child));
      else
        children[i] = g_variant_new_uint64 (g_variant_get_uint64 (child));
    }
  canonical = g_variant_ref_sink (g_variant_new_tuple (children, G_N_ELEMENTS (children)));
  return bytes_equal (cache, g_variant_get_data (canonical), g_variant_get_size (canonical));
}

/* The whole cache file, or NULL (with the reason in the debug log) when it
 * is missing, not a regular file, too big, or written by someone the
 * process should not trust. */
static GBytes *
read_cache_file (const char *cache_path)
{
  g_auto (CacheFd) fd = -1;
  g_autoptr (GError) local_error = NULL;
  char *data = NULL;
  gsize len = 0;
  struct stat st;

  /* No symlink followed on the way: the cache may be under --root. */
  fd = extras_safe_open_file (cache_path, O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, NULL);
  if (fd < 0)
    {
      g_debug ("%s: no catalog cache: %s", cache_path, g_strerror (errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || (st.st_uid != geteuid () && st.st_uid != 0))
    {
      g_debug ("%s: not written by this user or root; ignored", cache_path);
      return NULL;
    }
  /* g_malloc's alignment is what GVariant needs, so it does not copy. */
  if (!extras_safe_read_fd (fd, cache_path, CACHE_MAX_SIZE, &data, &len, &local_error))
    {
      g_debug ("%s: not a catalog cache (%s); ignored", cache_path, local_error->message);
      return NULL;
    }
  return g_bytes_new_take (data, len);
}

ExtrasCatalog *
extras_catalog_cache_load (const char *cache_path, GVariant *key)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GVariant) cache = NULL;
  g_autoptr (GVariant) key_names = NULL;
  g_autoptr (GVariant) key_stats = NULL;
  g_autoptr (GVariant) live_names = NULL;
  g_autoptr (GVariant) live_stats = NULL;
  g_autoptr (GVariant) strings = NULL;
  g_autoptr (GVariant) ints = NULL;
  const char *flat_strings;
  const gint32 *flat_ints;
  gsize strings_len, n_ints;
  ExtrasCatalog *catalog;
  guint32 magic, version;
  guint64 sum;

  g_return_val_if_fail (cache_path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  bytes = read_cache_file (cache_path);
  if (bytes == NULL)
    return NULL;
  cache = g_variant_ref_sink (
      g_variant_new_from_bytes (G_VARIANT_TYPE (EXTRAS_CATALOG_CACHE_TYPE), bytes, FALSE));
  /* Any byte string is some value of the type; the normal form is what this
   * code writes, so a truncated or foreign file fails here. */
  if (!cache_is_normal_form (cache))
    {
      g_debug ("%s: not a catalog cache of this version; ignored", cache_path);
      return NULL;
    }
  g_variant_get (cache, "(uut@ay@at@ay@ai)", &magic, &version, &sum, &key_names, &key_stats,
                 &strings, &ints);
  if (magic != EXTRAS_CATALOG_CACHE_MAGIC || version != EXTRAS_CATALOG_CACHE_FORMAT_VERSION)
    {
      g_debug ("%s: catalog cache format %u, this tool reads %u; ignored", cache_path, version,
               EXTRAS_CATALOG_CACHE_FORMAT_VERSION);
      return NULL;
    }
  live_names = g_variant_get_child_value (key, 0);
  live_stats = g_variant_get_child_value (key, 1);
  if (!bytes_equal (key_names, g_variant_get_data (live_names), g_variant_get_size (live_names))
      || !bytes_equal (key_stats, g_variant_get_data (live_stats), g_variant_get_size (live_stats)))
    {
      g_debug ("%s: the catalog changed since the cache was written", cache_path);
      return NULL;
    }
  flat_strings = g_variant_get_fixed_array (strings, &strings_len, 1);
  flat_ints = g_variant_get_fixed_array (ints, &n_ints, sizeof (gint32));
  if (sum != checksum ((const guint8 *) flat_strings, strings_len, flat_ints, n_ints)
      || strings_len == 0 || flat_strings[strings_len - 1] != '\0')
    {
      g_debug ("%s: the catalog cache is damaged; ignored", cache_path);
      return NULL;
    }
  catalog = extras_catalog_flat_read (flat_strings, strings_len, flat_ints, n_ints);
  if (catalog == NULL)
    g_debug ("%s: the catalog cache holds an invalid catalog; ignored", cache_path);
  return catalog;
}

static GVariant *
cache_to_variant (GVariant *key, const ExtrasCatalog *catalog)
{
  g_autoptr (GByteArray) strings = g_byte_array_new ();
  g_autoptr (GArray) ints = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr (GVariant) key_names = g_variant_get_child_value (key, 0);
  g_autoptr (GVariant) key_stats = g_variant_get_child_value (key, 1);
  guint64 sum;

  extras_catalog_flat_write (catalog, strings, ints);

  sum = checksum (strings->data, strings->len, (const gint32 *) (gpointer) ints->data, ints->len);
  return g_variant_ref_sink (g_variant_new (
      "(uut@ay@at@ay@ai)", EXTRAS_CATALOG_CACHE_MAGIC, EXTRAS_CATALOG_CACHE_FORMAT_VERSION, sum,
      key_names, key_stats,
      g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, strings->data, strings->len, 1),
      g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, ints->data, ints->len, sizeof (gint32))));
}

/* The cache's own directory, created private (0700) like the original
 * tool's /var/cache/amzn2extras (missing parents get the usual 0755); no
 * symlink followed on the way. */
static int
open_cache_dir (const char *cache_dir)
{
  g_autofree char *parent = g_path_get_dirname (cache_dir);
  g_autofree char *base = g_path_get_basename (cache_dir);
  int parent_fd = extras_safe_open_dir (parent, EXTRAS_SAFE_MKDIR, NULL);
  int fd;

  if (parent_fd < 0)
    return -1;
  if (mkdirat (parent_fd, base, 0700) != 0 && errno != EEXIST)
    {
      close (parent_fd);
      return -1;
    }
  fd = extras_safe_openat_dir (parent_fd, base, cache_dir, EXTRAS_SAFE_NONE, NULL);
  close (parent_fd);
  return fd;
}

gboolean
extras_catalog_cache_write (const char *cache_path, GVariant *key, const ExtrasCatalog *catalog,
                            GError **error)
{
  g_autofree char *cache_dir = NULL;
  g_autofree char *base = NULL;
  g_autoptr (GVariant) cache = NULL;
  g_auto (CacheFd) dir_fd = -1;
  /* Declared after dir_fd: freed (its temporary file removed) before dir_fd closes. */
  g_autoptr (ExtrasAtomicFile) file = NULL;

  g_return_val_if_fail (cache_path != NULL, FALSE);
  g_return_val_if_fail (
      key != NULL && g_variant_is_of_type (key, G_VARIANT_TYPE (EXTRAS_CATALOG_CACHE_KEY_TYPE)),
      FALSE);
  g_return_val_if_fail (catalog != NULL, FALSE);

  /* v1 whitelists come only from JSON catalogs, never from a directory. */
  if (catalog->whitelists != NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_FAILED,
                   "%s: a catalog with whitelists is not cached", cache_path);
      return FALSE;
    }

  /* Open the temporary file first: where the cache cannot be written (a
   * user who is not root), nothing more is spent on it.  Both names go
   * through the directory's descriptor. */
  cache_dir = g_path_get_dirname (cache_path);
  base = g_path_get_basename (cache_path);
  if ((dir_fd = open_cache_dir (cache_dir)) < 0)
    {
      int saved = errno;
      g_set_error (error, EXTRAS_ERROR,
                   saved == EACCES || saved == EPERM ? EXTRAS_ERROR_PERMISSION : EXTRAS_ERROR_IO,
                   "%s: cannot write: %s", cache_path, g_strerror (saved));
      return FALSE;
    }
  /* 0644 whatever the umask: every user's runs read the same cache. */
  file = extras_atomic_file_new_at (dir_fd, base, cache_path, 0644, EXTRAS_WRITE_NONE, error);
  if (file == NULL)
    return FALSE;
  cache = cache_to_variant (key, catalog);
  if (!extras_fd_write_all (extras_atomic_file_get_fd (file), g_variant_get_data (cache),
                            g_variant_get_size (cache)))
    {
      int saved = errno;
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s: cannot write: %s", cache_path,
                   g_strerror (saved));
      return FALSE;
    }
  return extras_atomic_file_commit (file, error);
}

ExtrasCatalog *
extras_catalog_new_from_dir_cached (const char *dir, const char *cache_path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GVariant) key = NULL;
  ExtrasCatalog *catalog;
  gboolean racy = FALSE;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (cache_path != NULL, NULL);

  key = extras_catalog_cache_dup_key (dir, &racy);
  if (key != NULL)
    {
      catalog = extras_catalog_cache_load (cache_path, key);
      if (catalog != NULL)
        return catalog;
    }

  catalog = extras_catalog_new_from_dir (dir, error);
  if (catalog == NULL || key == NULL)
    return catalog;
  if (racy)
    g_debug ("%s: changed in the last seconds; not cached yet", dir);
  else if (!extras_catalog_cache_write (cache_path, key, catalog, &local_error))
    g_debug ("Catalog cache not written: %s", local_error->message);
  return catalog;
}
