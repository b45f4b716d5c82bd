/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which topics `validate` checks and which it must read for that
 * (validate-private.h): the checked ones, what they require, and what they
 * could conflict with as the catalog tells. */
#include "validate-private.h"

#include <string.h>

/* The topics of the catalog for the resolver's arch that may be installed
 * there (livepatch is listed on aarch64 but refused). */
GPtrArray *
extras_validate_installable_topics (ExtrasResolver *r)
{
  g_autoptr (GPtrArray) listed = extras_catalog_dup_topics_for_arch (r->catalog, r->arch);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < listed->len; i++)
    if (extras_policy_check_arch (listed->pdata[i], r->arch, NULL))
      g_ptr_array_add (out, listed->pdata[i]);
  return out;
}

/* The topics to check, in catalog order; an unknown or wrong-arch name is an error. */
GPtrArray *
extras_validate_checked_topics (ExtrasResolver *r, GPtrArray *all, const char *const *topics,
                                GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new ();

  if (topics == NULL || topics[0] == NULL)
    {
      for (guint i = 0; i < all->len; i++)
        g_ptr_array_add (out, all->pdata[i]);
      return g_steal_pointer (&out);
    }
  for (gsize i = 0; topics[i] != NULL; i++)
    {
      ExtrasTopic *topic = extras_catalog_lookup (r->catalog, topics[i]);

      if (topic == NULL)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_TOPIC,
                       "Topic %s is not in the catalog; run 'amazon-linux-extras list' to see "
                       "the topics.",
                       topics[i]);
          return NULL;
        }
      if (!extras_policy_check_arch (topic, r->arch, error))
        return NULL;
      if (!g_ptr_array_find (out, topic, NULL))
        g_ptr_array_add (out, topic);
    }
  return g_steal_pointer (&out);
}

/* Whether the catalog lists a package name in both topics. */
static gboolean
share_a_package (const ExtrasTopic *a, const ExtrasTopic *b)
{
  const char *const *pa = extras_topic_get_packages (a);
  const char *const *pb = extras_topic_get_packages (b);

  for (gsize i = 0; pa[i] != NULL; i++)
    if (g_strv_contains (pb, pa[i]))
      return TRUE;
  return FALSE;
}

/* @name and the topics of @all it requires, transitively, into @scope (in
 * the order of @all later). */
static void
add_closure (ExtrasResolver *r, GHashTable *scope, const char *name)
{
  ExtrasTopic *topic = extras_catalog_lookup (r->catalog, name);
  const char *const *requires;

  if (topic == NULL || !g_hash_table_add (scope, (gpointer) extras_topic_get_name (topic)))
    return;
  requires = extras_topic_get_requires (topic);
  for (gsize i = 0; requires[i] != NULL; i++)
    add_closure (r, scope, requires[i]);
}

/* The topics of @all whose repositories are read: every one when every topic
 * is checked; else the checked ones, the topics they require, and those they
 * could conflict with as the catalog tells without any metadata (a declared
 * conflict either way, or a package name both list), with what those require.
 * A clash with any other topic needs both named (or no topic named). */
GPtrArray *
extras_validate_scope_topics (ExtrasResolver *r, GPtrArray *all, GPtrArray *checked)
{
  g_autoptr (GHashTable) scope = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new ();

  if (checked->len == all->len)
    {
      for (guint i = 0; i < all->len; i++)
        g_ptr_array_add (out, all->pdata[i]);
      return out;
    }
  for (guint i = 0; i < checked->len; i++)
    {
      const ExtrasTopic *t = checked->pdata[i];
      const char *name = extras_topic_get_name (t);

      add_closure (r, scope, name);
      for (guint j = 0; j < all->len; j++)
        {
          const char *other = extras_topic_get_name (all->pdata[j]);

          if (extras_catalog_conflicts_with (r->catalog, name, other)
              || (strcmp (name, other) != 0 && share_a_package (t, all->pdata[j])))
            add_closure (r, scope, other);
        }
    }
  for (guint i = 0; i < all->len; i++)
    if (g_hash_table_contains (scope, extras_topic_get_name (all->pdata[i])))
      g_ptr_array_add (out, all->pdata[i]);
  return out;
}
