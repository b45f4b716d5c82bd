/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "catalog-private.h"
#include "extras-error.h"
#include "safe-path.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <string.h>

static const char *const empty_strv[] = { NULL };

ExtrasCatalog *
extras_catalog_new_empty (const char *origin)
{
  ExtrasCatalog *catalog = g_new0 (ExtrasCatalog, 1);

  catalog->ref_count = 1;
  catalog->origin = g_strdup (origin);
  catalog->topics = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_topic_unref);
  catalog->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  catalog->stable_abi = g_new0 (char *, 1);
  return catalog;
}

ExtrasCatalog *
extras_catalog_ref (ExtrasCatalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  g_atomic_int_inc (&catalog->ref_count);
  return catalog;
}

void
extras_catalog_unref (ExtrasCatalog *catalog)
{
  if (catalog == NULL || !g_atomic_int_dec_and_test (&catalog->ref_count))
    return;
  g_hash_table_unref (catalog->by_name);
  g_ptr_array_unref (catalog->topics);
  g_free (catalog->origin);
  g_free (catalog->motd);
  g_free (catalog->core_end_of_support);
  g_strfreev (catalog->stable_abi);
  g_clear_pointer (&catalog->whitelisted, g_hash_table_unref);
  g_clear_pointer (&catalog->whitelists, g_ptr_array_unref);
  g_free (catalog);
}

/* Reads a whole catalog file, refusing one too big before reading it.  A
 * --catalog path is the user's own choice, not data under --root: it is
 * opened as given (symlinks followed), but only a regular file is read. */
static gboolean
read_file (const char *path, char **out_data, gsize *out_len, GError **error)
{
  struct stat st;
  gboolean ok;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, EXTRAS_ERROR,
                   saved == EACCES || saved == EPERM ? EXTRAS_ERROR_PERMISSION : EXTRAS_ERROR_IO,
                   "%s: cannot read the catalog: %s; check the path and its permissions", path,
                   g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > EXTRAS_CATALOG_MAX_FILE_SIZE)
    {
      close (fd);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "%s:1:1: the catalog is too big (%lld bytes, at most %d); is this the right "
                   "file?",
                   path, (long long) st.st_size, EXTRAS_CATALOG_MAX_FILE_SIZE);
      return FALSE;
    }
  ok = extras_safe_read_fd (fd, path, EXTRAS_CATALOG_MAX_FILE_SIZE, out_data, out_len, error);
  close (fd);
  return ok;
}

gboolean
extras_catalog_is_yaml_file_name (const char *name)
{
  return name[0] != '.' && (g_str_has_suffix (name, ".yaml") || g_str_has_suffix (name, ".yml"));
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

ExtrasCatalog *
extras_catalog_new_from_dir (const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (ExtrasCatalogBuilder) builder = NULL;
  const char *name;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO,
                   "%s: cannot read the catalog directory: %s; check the path", path,
                   local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (extras_catalog_is_yaml_file_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  if (names->len == 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "%s: the catalog directory has no *.yaml files; point --catalog at a "
                   "directory of topic files",
                   path);
      return NULL;
    }

  builder = extras_catalog_builder_new (path);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      if (!read_file (file, &data, &len, error)
          || !extras_catalog_builder_add_data (builder, data, len, file, NULL,
                                               EXTRAS_CATALOG_FORMAT_YAML, error))
        return NULL;
    }
  return extras_catalog_builder_finish (builder, error);
}

ExtrasCatalog *
extras_catalog_new_from_file (const char *path, const char *arch, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!read_file (path, &data, &len, error))
    return NULL;
  return extras_catalog_new_from_data (data, len, path, arch, error);
}

ExtrasCatalog *
extras_catalog_new_from_data (const char *data, gsize len, const char *origin, const char *arch,
                              GError **error)
{
  g_autoptr (ExtrasCatalogBuilder) builder = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (origin == NULL)
    origin = "<catalog>";
  builder = extras_catalog_builder_new (origin);
  if (!extras_catalog_builder_add_data (builder, data != NULL ? data : "", len, origin, arch,
                                        EXTRAS_CATALOG_FORMAT_AUTO, error))
    return NULL;
  return extras_catalog_builder_finish (builder, error);
}

guint
extras_catalog_get_n_topics (const ExtrasCatalog *catalog)
{
  return catalog->topics->len;
}

ExtrasTopic *
extras_catalog_get_topic (const ExtrasCatalog *catalog, guint i)
{
  g_return_val_if_fail (i < catalog->topics->len, NULL);
  return g_ptr_array_index (catalog->topics, i);
}

ExtrasTopic *
extras_catalog_lookup (const ExtrasCatalog *catalog, const char *name)
{
  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (catalog->by_name, name);
}

typedef struct
{
  ExtrasTopic *topic;
  int index;
  guint order;
} Slot;

static int
compare_slots (gconstpointer a, gconstpointer b)
{
  const Slot *sa = a, *sb = b;

  if (sa->index != sb->index)
    return sa->index < sb->index ? -1 : 1;
  return sa->order < sb->order ? -1 : sa->order > sb->order;
}

GPtrArray *
extras_catalog_dup_topics_for_arch (const ExtrasCatalog *catalog, const char *arch)
{
  g_autoptr (GArray) slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  GPtrArray *result;

  for (guint i = 0; i < catalog->topics->len; i++)
    {
      ExtrasTopic *topic = g_ptr_array_index (catalog->topics, i);
      Slot slot = { topic, extras_topic_get_index (topic, arch), i };

      if (slot.index >= 0)
        g_array_append_val (slots, slot);
    }
  g_array_sort (slots, compare_slots);
  result = g_ptr_array_new_full (slots->len, (GDestroyNotify) extras_topic_unref);
  for (guint i = 0; i < slots->len; i++)
    g_ptr_array_add (result, extras_topic_ref (g_array_index (slots, Slot, i).topic));
  return result;
}

const char *
extras_catalog_get_motd (const ExtrasCatalog *catalog)
{
  return catalog->motd;
}

const char *
extras_catalog_get_core_end_of_support (const ExtrasCatalog *catalog)
{
  return catalog->core_end_of_support;
}

const char *const *
extras_catalog_get_stable_abi_packages (const ExtrasCatalog *catalog)
{
  return catalog->stable_abi != NULL ? (const char *const *) catalog->stable_abi : empty_strv;
}

const char *
extras_catalog_get_origin (const ExtrasCatalog *catalog)
{
  return catalog->origin;
}

/* v1 whitelists: a set of topics may be enabled together when some whitelist
 * holds all of them.  A topic that appears in no whitelist is unconstrained:
 * the v1 catalogs only listed the topics that had rules, and treating an
 * unlisted topic as conflicting with everything would forbid enabling it
 * next to any other topic, which the original tool never did. */
static gboolean
whitelists_allow (const ExtrasCatalog *catalog, const char *const *names, guint n)
{
  if (catalog->whitelists == NULL || n < 2)
    return TRUE;
  for (guint i = 0; i < catalog->whitelists->len; i++)
    {
      GHashTable *set = g_ptr_array_index (catalog->whitelists, i);
      gboolean all = TRUE;

      for (guint j = 0; j < n && all; j++)
        all = g_hash_table_contains (set, names[j]);
      if (all)
        return TRUE;
    }
  return FALSE;
}

static gboolean
declares_conflict (const ExtrasCatalog *catalog, const char *a, const char *b)
{
  ExtrasTopic *ta = extras_catalog_lookup (catalog, a);
  ExtrasTopic *tb = extras_catalog_lookup (catalog, b);

  return (ta != NULL && g_strv_contains (extras_topic_get_conflicts (ta), b))
         || (tb != NULL && g_strv_contains (extras_topic_get_conflicts (tb), a));
}

gboolean
extras_catalog_conflicts_with (const ExtrasCatalog *catalog, const char *a, const char *b)
{
  const char *pair[2] = { a, b };

  g_return_val_if_fail (catalog != NULL, FALSE);
  if (a == NULL || b == NULL || strcmp (a, b) == 0)
    return FALSE;
  if (declares_conflict (catalog, a, b))
    return TRUE;
  if (catalog->whitelisted != NULL && g_hash_table_contains (catalog->whitelisted, a)
      && g_hash_table_contains (catalog->whitelisted, b))
    return !whitelists_allow (catalog, pair, 2);
  return FALSE;
}

const char *
extras_catalog_conflict (const ExtrasCatalog *catalog, const char *const *names,
                         const char **out_other)
{
  g_autoptr (GPtrArray) constrained = NULL;

  g_return_val_if_fail (catalog != NULL, NULL);
  if (names == NULL)
    return NULL;

  for (guint i = 0; names[i] != NULL; i++)
    for (guint j = i + 1; names[j] != NULL; j++)
      if (extras_catalog_conflicts_with (catalog, names[i], names[j]))
        {
          if (out_other != NULL)
            *out_other = names[j];
          return names[i];
        }

  /* Every pair may be enabled together, yet no one whitelist may hold the
   * whole set. */
  if (catalog->whitelisted == NULL)
    return NULL;
  constrained = g_ptr_array_new ();
  for (guint i = 0; names[i] != NULL; i++)
    if (g_hash_table_contains (catalog->whitelisted, names[i])
        && !g_ptr_array_find_with_equal_func (constrained, names[i], g_str_equal, NULL))
      g_ptr_array_add (constrained, (gpointer) names[i]);
  if (whitelists_allow (catalog, (const char *const *) constrained->pdata, constrained->len))
    return NULL;
  if (out_other != NULL)
    *out_other = g_ptr_array_index (constrained, constrained->len - 1);
  return g_ptr_array_index (constrained, 0);
}
