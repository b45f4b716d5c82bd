/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* supportinfo: which installed packages came from which topic, for the
 * migration report.  The support status is the policy's (policy.c). */
#include "resolver-private.h"

#include <string.h>

typedef struct
{
  char *name;
  char *evr;
  char *arch;
  char *topic;
  ExtrasMatch match;
} Package;

struct _ExtrasSupportInfo
{
  GPtrArray *packages; /* Package */
};

static void
package_free (Package *p)
{
  g_free (p->name);
  g_free (p->evr);
  g_free (p->arch);
  g_free (p->topic);
  g_free (p);
}

void
extras_support_info_free (ExtrasSupportInfo *info)
{
  if (info == NULL)
    return;
  g_ptr_array_unref (info->packages);
  g_free (info);
}

#define PACKAGE(info, i) ((Package *) g_ptr_array_index ((info)->packages, (i)))

guint
extras_support_info_get_n_packages (const ExtrasSupportInfo *info)
{
  return info->packages->len;
}
const char *
extras_support_info_get_name (const ExtrasSupportInfo *info, guint i)
{
  return PACKAGE (info, i)->name;
}
const char *
extras_support_info_get_evr (const ExtrasSupportInfo *info, guint i)
{
  return PACKAGE (info, i)->evr;
}
const char *
extras_support_info_get_arch (const ExtrasSupportInfo *info, guint i)
{
  return PACKAGE (info, i)->arch;
}
const char *
extras_support_info_get_topic (const ExtrasSupportInfo *info, guint i)
{
  return PACKAGE (info, i)->topic;
}
ExtrasMatch
extras_support_info_get_match (const ExtrasSupportInfo *info, guint i)
{
  return PACKAGE (info, i)->match;
}

const char *
extras_match_to_string (ExtrasMatch match)
{
  return match == EXTRAS_MATCH_REPOSITORY ? "repository" : "name";
}

/* The topic of @topics whose loaded repository holds @s's NEVRA. */
static char *
topic_by_repository (Pool *pool, Solvable *s, const char *const *topics)
{
  Id p, pp;

  FOR_PROVIDES (p, pp, s->name)
  {
    Solvable *other = pool->solvables + p;
    g_autofree char *topic = NULL;

    if (other->repo == NULL || other->repo == pool->installed || other->name != s->name
        || other->evr != s->evr || other->arch != s->arch)
      continue;
    topic = extras_pool_repo_topic (other->repo);
    if (topic != NULL && g_strv_contains (topics, topic))
      return g_steal_pointer (&topic);
  }
  return NULL;
}

static const char *
topic_by_name (ExtrasResolver *r, const char *name, const char *const *topics)
{
  for (gsize i = 0; topics[i] != NULL; i++)
    {
      ExtrasTopic *topic = extras_catalog_lookup (r->catalog, topics[i]);

      if (topic != NULL
          && (g_strv_contains (extras_topic_get_packages (topic), name)
              || g_strv_contains (extras_topic_get_visible (topic), name)))
        return topics[i];
    }
  return NULL;
}

static int
compare_packages (gconstpointer a, gconstpointer b)
{
  const Package *pa = *(Package *const *) a;
  const Package *pb = *(Package *const *) b;
  int c = strcmp (pa->name, pb->name);

  return c != 0 ? c : strcmp (pa->arch, pb->arch);
}

ExtrasSupportInfo *
extras_resolver_support_info (ExtrasResolver *r, const char *const *topics)
{
  ExtrasSupportInfo *info = g_new0 (ExtrasSupportInfo, 1);
  Pool *pool = r->pool;
  Solvable *s;
  Id p;

  info->packages = g_ptr_array_new_with_free_func ((GDestroyNotify) package_free);
  if (pool == NULL || pool->installed == NULL)
    return info;
  if (pool->whatprovides == NULL)
    pool_createwhatprovides (pool);
  FOR_REPO_SOLVABLES (pool->installed, p, s)
  {
    const char *name = pool_id2str (pool, s->name);
    char *topic = topic_by_repository (pool, s, topics);
    Package *pkg;

    if (topic == NULL && topic_by_name (r, name, topics) == NULL)
      continue;
    pkg = g_new0 (Package, 1);
    pkg->name = g_strdup (name);
    pkg->evr = g_strdup (pool_id2str (pool, s->evr));
    pkg->arch = g_strdup (pool_id2str (pool, s->arch));
    pkg->match = topic != NULL ? EXTRAS_MATCH_REPOSITORY : EXTRAS_MATCH_NAME;
    pkg->topic = topic != NULL ? topic : g_strdup (topic_by_name (r, name, topics));
    g_ptr_array_add (info->packages, pkg);
  }
  g_ptr_array_sort (info->packages, compare_packages);
  return info;
}
