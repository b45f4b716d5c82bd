/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* After the package manager: did the rpmdb change as the preview said? */
#include "resolver-private.h"
#include "glib-compat.h"

#include <string.h>

static GHashTable *
installed_nevras (Pool *pool)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Solvable *s;
  Id p;

  if (pool->installed == NULL)
    return set;
  FOR_REPO_SOLVABLES (pool->installed, p, s)
  g_hash_table_add (set, g_strdup (pool_solvid2str (pool, p)));
  return set;
}

static void
add_missing (GPtrArray *out, const char *verb, GHashTable *from, GHashTable *in)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (in, key))
      g_ptr_array_add (out, g_strdup_printf ("%s %s", verb, (const char *) key));
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GStrv
finish (GPtrArray *lines)
{
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return (GStrv) g_ptr_array_free (lines, FALSE);
}

gboolean
extras_resolver_check_installed (ExtrasResolver *r, const ExtrasTransaction *t, gboolean *out_same,
                                 GStrv *out_previewed, GStrv *out_happened, GError **error)
{
  g_autoptr (Pool) after_pool = extras_pool_new (r->arch);
  g_autoptr (GHashTable) before = NULL;
  g_autoptr (GHashTable) after = NULL;
  g_autoptr (GHashTable) installs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) removals = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *previewed = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *happened = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) p = NULL;
  g_auto (GStrv) h = NULL;
  gboolean same;

  g_return_val_if_fail (r->pool != NULL && r->config != NULL, FALSE);
  if (!extras_pool_load_rpmdb (after_pool, extras_config_get_root (r->config), r->cache_root,
                               error))
    {
      g_ptr_array_unref (previewed);
      g_ptr_array_unref (happened);
      return FALSE;
    }
  before = installed_nevras (r->pool);
  after = installed_nevras (after_pool);
  add_missing (happened, "install", after, before);
  add_missing (happened, "remove", before, after);

  /* The preview's change: what it installs, and what goes (replaced,
   * obsoleted, erased).  A reinstall changes no NEVRA. */
  for (guint i = 0; i < extras_transaction_get_n_items (t); i++)
    {
      ExtrasAction action = extras_transaction_get_action (t, i);
      char *nevra = extras_transaction_dup_nevra (t, i);
      const char *const *replaces = extras_transaction_get_replaces (t, i);

      g_ptr_array_add (owned, nevra);
      if (action == EXTRAS_ACTION_REINSTALL)
        continue;
      if (action == EXTRAS_ACTION_REMOVE || action == EXTRAS_ACTION_OBSOLETE)
        {
          g_hash_table_add (removals, nevra);
          continue;
        }
      g_hash_table_add (installs, nevra);
      for (gsize k = 0; replaces[k] != NULL; k++)
        g_hash_table_add (removals, (gpointer) replaces[k]);
    }
  {
    g_autoptr (GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
    add_missing (previewed, "install", installs, none);
    add_missing (previewed, "remove", removals, none);
  }
  p = finish (previewed);
  h = finish (happened);
  same = extras_strv_equal ((const char *const *) p, (const char *const *) h);
  *out_same = same;
  *out_previewed = g_steal_pointer (&p);
  *out_happened = g_steal_pointer (&h);
  return TRUE;
}
