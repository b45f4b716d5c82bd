/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The pair pre-filter of `validate` (validate-private.h): what a topic's
 * repository touches, and whether two of them can clash at all. */
#include "validate-private.h"

void
extras_footprint_free (ExtrasFootprint *f)
{
  g_hash_table_unref (f->provides);
  g_hash_table_unref (f->touches);
  g_hash_table_unref (f->names);
  g_free (f);
}

static Id
dep_name (Pool *pool, Id dep)
{
  while (ISRELDEP (dep))
    {
      Reldep *rd = GETRELDEP (pool, dep);

      /* Rich dependencies: their first operand is enough for a pre-filter. */
      dep = rd->name;
    }
  return dep;
}

static void
add_deps (Pool *pool, Repo *repo, Offset off, GHashTable *set, gboolean versioned_only)
{
  if (off == 0)
    return;
  for (Id *pp = repo->idarraydata + off; *pp != 0; pp++)
    {
      Id name;

      if (*pp == SOLVABLE_PREREQMARKER || *pp == SOLVABLE_FILEMARKER)
        continue;
      if (versioned_only && !ISRELDEP (*pp))
        continue;
      name = dep_name (pool, *pp);
      if (versioned_only && g_str_has_prefix (pool_id2str (pool, name), "rpmlib("))
        continue;
      g_hash_table_add (set, GINT_TO_POINTER (name));
    }
}

ExtrasFootprint *
extras_footprint_new (Pool *pool, Repo *repo)
{
  ExtrasFootprint *f = g_new0 (ExtrasFootprint, 1);
  Solvable *s;
  Id p;

  f->provides = g_hash_table_new (NULL, NULL);
  f->touches = g_hash_table_new (NULL, NULL);
  f->names = g_hash_table_new (NULL, NULL);
  FOR_REPO_SOLVABLES (repo, p, s)
  {
    g_hash_table_add (f->names, GINT_TO_POINTER (s->name));
    g_hash_table_add (f->provides, GINT_TO_POINTER (s->name));
    add_deps (pool, repo, s->provides, f->provides, FALSE);
    add_deps (pool, repo, s->conflicts, f->touches, FALSE);
    add_deps (pool, repo, s->obsoletes, f->touches, FALSE);
    add_deps (pool, repo, s->requires, f->touches, TRUE);
  }
  return f;
}

static gboolean
intersects (GHashTable *a, GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (a) > g_hash_table_size (b))
    {
      GHashTable *tmp = a;
      a = b;
      b = tmp;
    }
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (b, key))
      return TRUE;
  return FALSE;
}

/* Whether installing @a and @b together can fail where installing each alone
 * does not: only through something both touch, a name or capability that
 * one provides and the other provides too, conflicts with, obsoletes or
 * requires at a version, or a versioned requirement on the same name.  Pairs
 * that share none of these are not solved: with about 70 topics there are
 * about 2,400 pairs, and a solve each would cost seconds on a real core. */
gboolean
extras_footprint_overlap (const ExtrasFootprint *a, const ExtrasFootprint *b)
{
  return intersects (a->provides, b->provides) || intersects (a->provides, b->touches)
         || intersects (a->touches, b->provides) || intersects (a->touches, b->touches);
}
