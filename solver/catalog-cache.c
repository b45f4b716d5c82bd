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

static gboolean
is_yaml_file_name (const char *name)
{
  /* The same files extras_catalog_new_from_dir() reads. */
  return name[0] != '.' && (g_str_has_suffix (name, ".yaml") || g_str_has_suffix (name, ".yml"));
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
    if (is_yaml_file_name (entry->d_name))
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

/* Reads the flat catalog: every step checks what is left, and one failure
 * makes the whole reader fail. */
typedef struct
{
  const char *strings;
  gsize strings_len, next_string;
  const gint32 *ints;
  gsize n_ints, next_int;
  gboolean failed;
} Reader;

static gint32
read_int (Reader *r)
{
  if (r->failed || r->next_int >= r->n_ints)
    {
      r->failed = TRUE;
      return 0;
    }
  return r->ints[r->next_int++];
}

/* Returns: (transfer none): the next string, or "" once the reader failed. */
static const char *
read_string (Reader *r)
{
  const char *s;
  gsize len;

  if (r->failed || r->next_string >= r->strings_len)
    {
      r->failed = TRUE;
      return "";
    }
  /* The blob ends with a NUL (checked before reading), so this stays in it. */
  s = r->strings + r->next_string;
  len = strlen (s);
  if (!g_utf8_validate (s, len, NULL))
    {
      r->failed = TRUE;
      return "";
    }
  r->next_string += len + 1;
  return s;
}

static char *
read_optional_string (Reader *r)
{
  gint32 present = read_int (r);

  if (present == 0 || r->failed)
    return NULL;
  if (present != 1)
    {
      r->failed = TRUE;
      return NULL;
    }
  return g_strdup (read_string (r));
}

/* A count of items that take at least one byte of strings each. */
static gsize
read_count (Reader *r)
{
  gint32 n = read_int (r);

  if (n < 0 || (gsize) n > r->strings_len - MIN (r->next_string, r->strings_len))
    {
      r->failed = TRUE;
      return 0;
    }
  return n;
}

static void
read_strv (Reader *r, GStrv *field)
{
  gsize n = read_count (r);
  char **strv = g_new (char *, n + 1);

  for (gsize i = 0; i < n; i++)
    strv[i] = g_strdup (read_string (r));
  strv[n] = NULL;
  g_strfreev (*field);
  *field = strv;
}

static ExtrasTopic *
read_topic (Reader *r)
{
  g_autoptr (ExtrasTopic) topic = NULL;
  const char *name = read_string (r);
  gsize n_index;

  /* What the parser guarantees, checked again: a file that is well-formed
   * yet not ours must not make a catalog the parser would refuse. */
  if (!extras_name_is_valid (name))
    return NULL;
  topic = extras_topic_new (name);
  topic->summary = read_optional_string (r);
  n_index = read_count (r);
  for (gsize i = 0; i < n_index && !r->failed; i++)
    {
      const char *arch = read_string (r);
      gint32 index = read_int (r);

      if (!extras_name_is_valid (arch) || index < 0 || index == G_MAXINT32)
        return NULL;
      extras_topic_set_index (topic, arch, index);
    }
  read_strv (r, &topic->versions);
  read_strv (r, &topic->packages);
  read_strv (r, &topic->visible);
  read_strv (r, &topic->conflicts);
  read_strv (r, &topic->requires);
  read_strv (r, &topic->arches);
  read_strv (r, &topic->kernel_series);
  topic->end_of_support = read_optional_string (r);
  topic->successor = read_optional_string (r);
  if (read_int (r) == 1)
    read_strv (r, &topic->al2023);
  return r->failed ? NULL : g_steal_pointer (&topic);
}

static ExtrasCatalog *
read_catalog (Reader *r)
{
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autofree char *origin = read_optional_string (r);
  gsize n_topics;

  catalog = extras_catalog_new_empty (origin);
  catalog->motd = read_optional_string (r);
  catalog->core_end_of_support = read_optional_string (r);
  read_strv (r, &catalog->stable_abi);
  n_topics = read_count (r);
  if (r->failed || n_topics == 0 || n_topics > EXTRAS_CATALOG_MAX_TOPICS)
    return NULL;
  for (gsize i = 0; i < n_topics; i++)
    {
      ExtrasTopic *topic = read_topic (r);

      if (topic == NULL || g_hash_table_contains (catalog->by_name, topic->name))
        {
          extras_topic_unref (topic);
          return NULL;
        }
      g_ptr_array_add (catalog->topics, topic);
      g_hash_table_insert (catalog->by_name, topic->name, topic);
    }
  /* Everything read, nothing left over. */
  if (r->failed || r->next_int != r->n_ints || r->next_string != r->strings_len)
    return NULL;
  return g_steal_pointer (&catalog);
}

static gboolean
read_all (int fd, char *buffer, gsize len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = read (fd, buffer + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }
  return TRUE;
}

/* The whole cache file, or NULL (with the reason in the debug log) when it
 * is missing, not a regular file, too big, or written by someone the
 * process should not trust. */
static GBytes *
read_cache_file (const char *cache_path)
{
  g_auto (CacheFd) fd = -1;
  g_autofree char *data = NULL;
  struct stat st;

  /* No symlink followed on the way: the cache may be under --root. */
  fd = extras_safe_open_file (cache_path, O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, NULL);
  if (fd < 0)
    {
      g_debug ("%s: no catalog cache: %s", cache_path, g_strerror (errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > CACHE_MAX_SIZE)
    {
      g_debug ("%s: not a catalog cache; ignored", cache_path);
      return NULL;
    }
  if (st.st_uid != geteuid () && st.st_uid != 0)
    {
      g_debug ("%s: written by uid %u, not by this user or root; ignored", cache_path,
               (guint) st.st_uid);
      return NULL;
    }
  /* malloc's alignment is what GVariant needs, so it does not copy. */
  data = g_malloc (st.st_size > 0 ? st.st_size : 1);
  if (!read_all (fd, data, st.st_size))
    {
      g_debug ("%s: cannot read the catalog cache; ignored", cache_path);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), st.st_size);
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
  Reader r = { 0 };
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
  r.strings = g_variant_get_fixed_array (strings, &r.strings_len, 1);
  r.ints = g_variant_get_fixed_array (ints, &r.n_ints, sizeof (gint32));
  if (sum != checksum ((const guint8 *) r.strings, r.strings_len, r.ints, r.n_ints)
      || r.strings_len == 0 || r.strings[r.strings_len - 1] != '\0')
    {
      g_debug ("%s: the catalog cache is damaged; ignored", cache_path);
      return NULL;
    }
  catalog = read_catalog (&r);
  if (catalog == NULL)
    g_debug ("%s: the catalog cache holds an invalid catalog; ignored", cache_path);
  return catalog;
}

typedef struct
{
  GByteArray *strings;
  GArray *ints;
} Writer;

static void
write_int (Writer *w, gint32 value)
{
  g_array_append_val (w->ints, value);
}

static void
write_string (Writer *w, const char *s)
{
  g_byte_array_append (w->strings, (const guint8 *) s, strlen (s) + 1);
}

static void
write_optional_string (Writer *w, const char *s)
{
  write_int (w, s != NULL);
  if (s != NULL)
    write_string (w, s);
}

static void
write_strv (Writer *w, char **strv)
{
  guint n = strv != NULL ? g_strv_length (strv) : 0;

  write_int (w, n);
  for (guint i = 0; i < n; i++)
    write_string (w, strv[i]);
}

static void
write_topic (Writer *w, const ExtrasTopic *topic)
{
  guint n = 0;
  g_autofree const char **arches
      = (const char **) g_hash_table_get_keys_as_array (topic->index, &n);

  write_string (w, topic->name);
  write_optional_string (w, topic->summary);
  /* Sorted, so that the same catalog always gives the same bytes. */
  qsort (arches, n, sizeof (char *), compare_names);
  write_int (w, n);
  for (guint i = 0; i < n; i++)
    {
      write_string (w, arches[i]);
      write_int (w, extras_topic_get_index (topic, arches[i]));
    }
  write_strv (w, topic->versions);
  write_strv (w, topic->packages);
  write_strv (w, topic->visible);
  write_strv (w, topic->conflicts);
  write_strv (w, topic->requires);
  write_strv (w, topic->arches);
  write_strv (w, topic->kernel_series);
  write_optional_string (w, topic->end_of_support);
  write_optional_string (w, topic->successor);
  write_int (w, topic->al2023 != NULL);
  if (topic->al2023 != NULL)
    write_strv (w, topic->al2023);
}

static GVariant *
cache_to_variant (GVariant *key, const ExtrasCatalog *catalog)
{
  g_autoptr (GByteArray) strings = g_byte_array_new ();
  g_autoptr (GArray) ints = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr (GVariant) key_names = g_variant_get_child_value (key, 0);
  g_autoptr (GVariant) key_stats = g_variant_get_child_value (key, 1);
  Writer w = { strings, ints };
  guint64 sum;

  write_optional_string (&w, catalog->origin);
  write_optional_string (&w, catalog->motd);
  write_optional_string (&w, catalog->core_end_of_support);
  write_strv (&w, catalog->stable_abi);
  write_int (&w, catalog->topics->len);
  for (guint i = 0; i < catalog->topics->len; i++)
    write_topic (&w, g_ptr_array_index (catalog->topics, i));

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
