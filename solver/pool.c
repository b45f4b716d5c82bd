/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The libsolv pool: the installed system, the repositories, and the topics
 * as pseudo-packages. */
#include "resolve-private.h"
#include "glib-compat.h"
#include "safe-path.h"
#include "solvcache.h"

#include <stdint.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include "backend.h"

#include <solv/evr.h>
#include <solv/bitmap.h>

Pool *
extras_pool_new (const char *arch)
{
  Pool *pool = pool_create ();

  /* Debian's libsolv defaults to Debian version semantics. */
  pool_setdisttype (pool, DISTTYPE_RPM);
  /* As libdnf's sack: packages of one name and different arch colours
   * (x86_64 and i686) are installed side by side, not replaced. */
  pool_set_flag (pool, POOL_FLAG_IMPLICITOBSOLETEUSESCOLORS, 1);
  pool_setarch (pool, arch);
  return pool;
}

static int
compare_names (const char **a, const char **b)
{
  return strcmp (*a, *b);
}

static gboolean
has_rpmdb (const char *root, const char *dbpath)
{
  const char *dbfiles[] = { "rpmdb.sqlite", "Packages", "Packages.db", NULL };

  for (gsize i = 0; dbfiles[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (root, dbpath, dbfiles[i], NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

/* What this machine's %_dbpath is made of: the rpm macro files (and their
 * directories, whose mtimes change when a file is added or removed) that
 * define it, by Debian's and Fedora's rpm. */
static char *
dbpath_config_key (void)
{
  g_autofree char *home_macros = g_build_filename (g_get_home_dir (), ".rpmmacros", NULL);
  const char *paths[]
      = { "/usr/lib/rpm/macros", "/usr/lib/rpm/macros.d", "/etc/rpm", home_macros, NULL };
  GString *key = g_string_new ("rpm-dbpath 1");

  for (gsize i = 0; paths[i] != NULL; i++)
    {
      struct stat st;

      if (stat (paths[i], &st) == 0)
        g_string_append_printf (key, " %s:%ju:%jd:%jd.%09ld", paths[i], (uintmax_t) st.st_ino,
                                (intmax_t) st.st_size, (intmax_t) st.st_mtim.tv_sec,
                                st.st_mtim.tv_nsec);
      else
        g_string_append_printf (key, " %s:-", paths[i]);
    }
  return g_string_free (key, FALSE);
}

/* An absolute path without `..`: under a root it stays under it. */
static gboolean
dbpath_is_confined (const char *dbpath)
{
  g_auto (GStrv) parts = NULL;

  if (dbpath == NULL || dbpath[0] != '/')
    return FALSE;
  parts = g_strsplit (dbpath, "/", -1);
  for (gsize i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0)
      return FALSE;
  return TRUE;
}

/* %_dbpath as this machine's rpm configuration expands it, remembered in
 * @cache_root beside @System.solv for as long as that configuration
 * (dbpath_config_key()) is unchanged: expanding Debian's %_dbpath loads librpm
 * and runs a shell, which a warm run on a root without a database (a new
 * installroot) cannot afford every time.  Returns NULL with @error only when
 * the backend cannot be loaded; "" for no %_dbpath. */
static char *
dup_configured_dbpath (const char *cache_root, GError **error)
{
  g_autofree char *key = dbpath_config_key ();
  g_autofree char *path = g_build_filename (cache_root, "rpm-dbpath", NULL);
  g_autofree char *data = NULL;
  g_autofree char *configured = NULL;
  g_autoptr (GError) write_error = NULL;
  g_autofree char *text = NULL;
  const ExtrasBackend *backend;
  gsize len = 0;
  int fd;

  /* Under the root, so untrusted: bounded, a regular file and no symlink
   * (@cache_root itself may be /proc/self/fd/N), and a path that leaves the
   * root is not taken. */
  fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0 && extras_safe_read_fd (fd, path, 4096, &data, &len, NULL))
    {
      char *newline = strchr (data, '\n');

      if (newline != NULL && (gsize) (newline - data) == strlen (key)
          && strncmp (data, key, newline - data) == 0)
        {
          char *value = newline + 1;
          char *end = strchr (value, '\n');

          if (end != NULL && end[1] == '\0')
            {
              *end = '\0';
              if (value[0] == '\0' || dbpath_is_confined (value))
                {
                  close (fd);
                  return g_strdup (value);
                }
            }
        }
    }
  if (fd >= 0)
    close (fd);
  if ((backend = extras_backend_get (error)) == NULL)
    return NULL;
  configured = backend->dup_configured_dbpath ();
  if (!dbpath_is_confined (configured))
    g_clear_pointer (&configured, g_free);
  text = g_strdup_printf ("%s\n%s\n", key, configured != NULL ? configured : "");
  if (!extras_solv_cache_write_file (path, text, strlen (text), &write_error))
    g_debug ("%s", write_error->message);
  return configured != NULL ? g_steal_pointer (&configured) : g_strdup ("");
}

/* The database directory under @root: Amazon Linux's /var/lib/rpm, newer
 * distributions' /usr/lib/sysimage/rpm, Debian's ~/.rpmdb, else wherever this
 * machine's rpm configuration puts it.  The known places are tried first:
 * expanding Debian's %_dbpath runs a shell, which a warm run cannot afford. */
static gboolean
find_dbpath (const char *root, const char *cache_root, char **out_dbpath, GError **error)
{
  g_autofree char *home_db = g_build_filename (g_get_home_dir (), ".rpmdb", NULL);
  const char *candidates[] = { "/var/lib/rpm", "/usr/lib/sysimage/rpm", home_db, NULL };
  g_autofree char *configured = NULL;

  *out_dbpath = NULL;
  for (gsize i = 0; candidates[i] != NULL; i++)
    if (has_rpmdb (root, candidates[i]))
      {
        *out_dbpath = g_strdup (candidates[i]);
        return TRUE;
      }
  if ((configured = dup_configured_dbpath (cache_root, error)) == NULL)
    return FALSE;
  if (configured[0] == '/' && has_rpmdb (root, configured))
    *out_dbpath = g_steal_pointer (&configured);
  return TRUE;
}

/* What changes whenever rpm writes the database: the size and modification
 * time of the files of its directory (sqlite writes through its -wal file).
 * sqlite's -shm index changes when the database is merely read: left out. */
static char *
rpmdb_cookie (const char *dbdir)
{
  g_autoptr (GDir) dir = g_dir_open (dbdir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *cookie = g_string_new ("rpmdb ");
  const char *name;

  g_string_append (cookie, solv_toolversion);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (!g_str_has_suffix (name, "-shm"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dbdir, names->pdata[i], NULL);
      struct stat st;

      if (stat (path, &st) == 0)
        g_string_append_printf (cookie, " %s:%jd:%jd.%09ld", (char *) names->pdata[i],
                                (intmax_t) st.st_size, (intmax_t) st.st_mtim.tv_sec,
                                st.st_mtim.tv_nsec);
    }
  return g_string_free (cookie, FALSE);
}

gboolean
extras_pool_load_rpmdb (Pool *pool, const char *root, const char *cache_root, GError **error)
{
  const char *rootdir = root != NULL && *root != '\0' ? root : "/";
  g_autofree char *dbpath = NULL;
  g_autofree char *dbdir = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *cache = NULL;
  g_autoptr (GError) cache_error = NULL;
  Repo *repo = repo_create (pool, "@System");
  const ExtrasBackend *backend;
  FILE *reffp;
  int ret;

  pool_set_installed (pool, repo);
  if (!find_dbpath (rootdir, cache_root, &dbpath, error))
    return FALSE;
  if (dbpath == NULL)
    return TRUE; /* a root with no rpm database yet: nothing installed */

  /* A warm run reads the installed system from its .solv cache alone. */
  dbdir = g_build_filename (rootdir, dbpath, NULL);
  cookie = rpmdb_cookie (dbdir);
  cache = g_build_filename (cache_root, "@System.solv", NULL);
  if (extras_solv_cache_read (repo, cache, cookie, 0))
    return TRUE;

  /* Otherwise the database, with the stale cache as reference: libsolv
   * copies the packages it already knows from it instead of parsing their
   * headers again. */
  if ((backend = extras_backend_get (error)) == NULL)
    return FALSE;
  reffp = fopen (cache, "r");
  pool_set_rootdir (pool, rootdir);
  ret = backend->add_rpmdb (repo, reffp, dbpath, REPO_USE_ROOTDIR);
  if (ret != 0 && reffp != NULL)
    {
      /* libsolv 0.7.23 refuses some stale references (a database whose
       * packages were all erased since): read it without one. */
      g_debug ("rpmdb with reference %s: %s", cache, pool_errstr (pool));
      repo_empty (repo, 1);
      ret = backend->add_rpmdb (repo, NULL, dbpath, REPO_USE_ROOTDIR);
    }
  pool_set_rootdir (pool, NULL);
  if (reffp != NULL)
    fclose (reffp);
  if (ret != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO,
                   "Cannot read the rpm database %s: %s; check it with rpm --root %s -qa", dbdir,
                   pool_errstr (pool), rootdir);
      return FALSE;
    }

  /* A cache that cannot be written costs only time.  The cookie is taken
   * anew: reading may have settled the database's files. */
  g_free (cookie);
  cookie = rpmdb_cookie (dbdir);
  if (!extras_solv_cache_write (repo, cache, cookie, 0, &cache_error))
    g_debug ("%s", cache_error->message);
  return TRUE;
}

void
extras_pool_ensure_considered (Pool *pool)
{
  if (pool->considered == NULL)
    {
      pool->considered = solv_calloc (1, sizeof (Map));
      map_init (pool->considered, pool->nsolvables);
      map_setall (pool->considered);
    }
  else
    map_grow (pool->considered, pool->nsolvables);
}

void
extras_pool_drop_considered (Pool *pool)
{
  if (pool->considered != NULL)
    {
      map_free (pool->considered);
      pool->considered = solv_free (pool->considered);
    }
}

void
extras_pool_free (Pool *pool)
{
  if (pool == NULL)
    return;
  extras_pool_drop_considered (pool);
  if (pool->appdata != NULL)
    g_hash_table_unref (pool->appdata);
  pool_free (pool);
}

/* Versions that mean "what the repository has now": packages unversioned. */
static gboolean
is_floating_version (const char *version)
{
  return strcmp (version, "latest") == 0 || strcmp (version, "stable") == 0;
}

/* Whether some package named @name has version @version (any release). */
static gboolean
has_package_version (Pool *pool, Id name, const char *version)
{
  Id p;
  gsize vlen = strlen (version);

  /* No whatprovides here: it is built only once every repository is in. */
  FOR_POOL_SOLVABLES (p)
  {
    Solvable *s = pool->solvables + p;
    const char *evr = pool_id2str (pool, s->evr);
    const char *colon = strchr (evr, ':');
    const char *v = colon != NULL ? colon + 1 : evr;

    if (s->name == name && strncmp (v, version, vlen) == 0 && v[vlen] == '-')
      return TRUE;
  }
  return FALSE;
}

/* The ids the resolver looks up after pool_createwhatprovides(), which frees
 * libsolv's string hash: the first pool_str2id() after it rebuilds the hash
 * of every string of the pool (tens of millions of instructions with 60,000
 * packages).  They are remembered here when the topics are added. */
static GHashTable *
pool_ids (Pool *pool)
{
  if (pool->appdata == NULL)
    pool->appdata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return pool->appdata;
}

static Id
remember_id (Pool *pool, const char *str)
{
  Id id = pool_str2id (pool, str, 1);

  g_hash_table_insert (pool_ids (pool), g_strdup (str), GINT_TO_POINTER (id));
  return id;
}

Id
extras_pool_lookup_id (Pool *pool, const char *str)
{
  gpointer id;

  if (g_hash_table_lookup_extended (pool_ids (pool), str, NULL, &id))
    return GPOINTER_TO_INT (id);
  return pool_str2id (pool, str, 0);
}

static Id
dep_id (Pool *pool, const char *prefix, const char *name)
{
  g_autofree char *dep = g_strconcat (prefix, name, ")", NULL);
  gpointer id;

  if (g_hash_table_lookup_extended (pool_ids (pool), dep, NULL, &id))
    return GPOINTER_TO_INT (id);
  return remember_id (pool, dep);
}

Id
extras_pool_topic_dep (Pool *pool, const char *name)
{
  return dep_id (pool, "topic(", name);
}

Id
extras_pool_enabled_dep (Pool *pool, const char *name)
{
  return dep_id (pool, "topic-enabled(", name);
}

static void
add_topic_version (Pool *pool, Repo *repo, const ExtrasTopic *topic, const char *version)
{
  const char *name = extras_topic_get_name (topic);
  const char *const *packages = extras_topic_get_packages (topic);
  const char *const *requires = extras_topic_get_requires (topic);
  Id self = extras_pool_topic_dep (pool, name);
  Id evr = pool_str2id (pool, version, 1);
  Solvable *s = pool_id2solvable (pool, repo_add_solvable (repo));

  s->name = self;
  s->evr = evr;
  s->arch = ARCH_NOARCH;
  s->provides = repo_addid_dep (repo, s->provides, pool_rel2id (pool, self, evr, REL_EQ, 1), 0);
  /* Installing a topic means it is enabled: the marker carries the conflicts. */
  s->requires = repo_addid_dep (repo, s->requires, extras_pool_enabled_dep (pool, name), 0);
  for (gsize i = 0; packages[i] != NULL; i++)
    {
      Id pkg = remember_id (pool, packages[i]);
      Id dep = pkg;

      /* A pinned version names the packages' version when the repositories
       * have it; otherwise the pin is the repository's (its URL) alone. */
      if (!is_floating_version (version) && has_package_version (pool, pkg, version))
        dep = pool_rel2id (pool, pkg, evr, REL_EQ, 1);
      s->requires = repo_addid_dep (repo, s->requires, dep, 0);
    }
  for (gsize i = 0; requires[i] != NULL; i++)
    s->requires = repo_addid_dep (repo, s->requires, extras_pool_topic_dep (pool, requires[i]), 0);
}

static void
add_topic_marker (Pool *pool, Repo *repo, const ExtrasTopic *topic)
{
  const char *const *conflicts = extras_topic_get_conflicts (topic);
  Id self = extras_pool_enabled_dep (pool, extras_topic_get_name (topic));
  Solvable *s = pool_id2solvable (pool, repo_add_solvable (repo));

  s->name = self;
  s->evr = pool_str2id (pool, "1", 1);
  s->arch = ARCH_NOARCH;
  s->provides = repo_addid_dep (repo, s->provides, self, 0);
  for (gsize i = 0; conflicts[i] != NULL; i++)
    s->conflicts
        = repo_addid_dep (repo, s->conflicts, extras_pool_enabled_dep (pool, conflicts[i]), 0);
}

Repo *
extras_pool_add_topics (Pool *pool, GPtrArray *topics, const char *arch)
{
  Repo *repo = repo_create (pool, EXTRAS_TOPICS_REPO);

  for (guint i = 0; i < topics->len; i++)
    {
      const ExtrasTopic *topic = topics->pdata[i];
      const char *const *versions = extras_topic_get_versions_for_arch (topic, arch);

      if (arch != NULL && !extras_topic_supports_arch (topic, arch))
        continue;
      add_topic_marker (pool, repo, topic);
      add_topic_version (pool, repo, topic, "latest");
      for (gsize j = 0; versions[j] != NULL; j++)
        if (strcmp (versions[j], "latest") != 0)
          add_topic_version (pool, repo, topic, versions[j]);
    }
  repo_internalize (repo);
  return repo;
}

static char *
repo_topic (Repo *repo, ExtrasRepoKind *out_kind)
{
  const ExtrasRepoConf *conf = repo != NULL ? repo->appdata : NULL;

  if (conf != NULL)
    {
      if (out_kind != NULL)
        *out_kind = conf->kind;
      return g_strdup (conf->topic);
    }
  /* A testcase's repository: its name, by the default suffixes. */
  return repo != NULL ? extras_state_dup_repo_topic (NULL, NULL, repo->name, out_kind) : NULL;
}

char *
extras_pool_repo_topic (Repo *repo)
{
  return repo_topic (repo, NULL);
}

char *
extras_pool_repo_dup_binary_topic (Repo *repo)
{
  ExtrasRepoKind kind = EXTRAS_REPO_KIND_BINARY;
  g_autofree char *topic = repo_topic (repo, &kind);

  return kind == EXTRAS_REPO_KIND_BINARY ? g_steal_pointer (&topic) : NULL;
}

void
extras_pool_hide_disabled_topics (Pool *pool, GHashTable *enabled, gboolean priorities_exclude)
{
  Repo *repo;
  Id p, rid;
  gboolean any = pool->considered != NULL;

  extras_pool_ensure_considered (pool);

  FOR_REPOS (rid, repo)
  {
    g_autofree char *topic = extras_pool_repo_topic (repo);
    Solvable *s;

    if (repo == pool->installed || topic == NULL || g_hash_table_contains (enabled, topic))
      continue;
    FOR_REPO_SOLVABLES (repo, p, s)
    {
      MAPCLR (pool->considered, p);
      any = TRUE;
    }
  }

  /* yum-plugin-priorities: a package name offered by several repositories is
   * taken only from those of the best priority; the others are shadowed.
   * best[name] is that priority; seen[name] says there is one.  dnf only
   * prefers the better priority (libsolv's repo->priority). */
  if (priorities_exclude)
    {
      int *best = solv_calloc (pool->ss.nstrings, sizeof (int));
      gboolean *seen = solv_calloc (pool->ss.nstrings, sizeof (gboolean));
      Solvable *s;

      FOR_POOL_SOLVABLES (p)
      {
        s = pool->solvables + p;
        if (s->repo == pool->installed || !MAPTST (pool->considered, p))
          continue;
        if (!seen[s->name] || best[s->name] < s->repo->priority)
          best[s->name] = s->repo->priority;
        seen[s->name] = TRUE;
      }
      FOR_POOL_SOLVABLES (p)
      {
        s = pool->solvables + p;
        if (s->repo == pool->installed || !MAPTST (pool->considered, p))
          continue;
        if (best[s->name] > s->repo->priority)
          {
            MAPCLR (pool->considered, p);
            any = TRUE;
          }
      }
      solv_free (best);
      solv_free (seen);
    }
  if (!any)
    extras_pool_drop_considered (pool);
  pool_createwhatprovides (pool);
}

gboolean
extras_pool_is_shadowed (Pool *pool, Id p)
{
  Solvable *s = pool->solvables + p;
  g_autofree char *topic = extras_pool_repo_topic (s->repo);
  Id q;

  if (pool->considered == NULL || MAPTST (pool->considered, p))
    return FALSE;
  /* Not hidden as a disabled topic's: then a better repository offers the name. */
  FOR_POOL_SOLVABLES (q)
  {
    Solvable *o = pool->solvables + q;
    if (o->name == s->name && o->repo != pool->installed && MAPTST (pool->considered, q)
        && o->repo->priority > s->repo->priority)
      return TRUE;
  }
  return FALSE;
}

/* The pseudo-package of @topic at @version and the `topic(T) = V` it
 * provides, found without creating ids (see pool_ids()). */
static Id
find_topic_version (Pool *pool, const char *topic, const char *version, Id *out_dep)
{
  g_autofree char *name = g_strdup_printf ("topic(%s)", topic);
  Id self = extras_pool_lookup_id (pool, name);
  Id p;

  if (self == 0)
    return 0;
  FOR_POOL_SOLVABLES (p)
  {
    Solvable *s = pool->solvables + p;
    Id *pp;

    if (s->name != self || strcmp (pool_id2str (pool, s->evr), version) != 0)
      continue;
    for (pp = s->repo->idarraydata + s->provides; *pp != 0; pp++)
      if (ISRELDEP (*pp) && GETRELDEP (pool, *pp)->name == self)
        {
          *out_dep = *pp;
          return p;
        }
  }
  return 0;
}

gboolean
extras_pool_topic_job (Pool *pool, const char *const *specs, Queue *job, GError **error)
{
  for (gsize i = 0; specs[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *spec_version = NULL;
      const char *version;
      Id dep = 0;

      if (!extras_topic_spec_parse (specs[i], &name, &spec_version, error))
        return FALSE;
      version = spec_version != NULL ? spec_version : "latest";
      if (find_topic_version (pool, name, version, &dep) == 0)
        {
          gboolean known = find_topic_version (pool, name, "latest", &dep) != 0;

          g_set_error (error, EXTRAS_ERROR,
                       known ? EXTRAS_ERROR_UNKNOWN_VERSION : EXTRAS_ERROR_UNKNOWN_TOPIC,
                       known ? "Topic %s has no version %s." : "Topic %s is not in the catalog%s.",
                       name, known ? version : "");
          return FALSE;
        }
      queue_push2 (job, SOLVER_INSTALL | SOLVER_SOLVABLE_PROVIDES, dep);
    }
  return TRUE;
}

GStrv
extras_rpmdb_dup_installed (ExtrasConfig *config, const char *const *nevras, GError **error)
{
  g_autoptr (Pool) pool = extras_pool_new (extras_config_get_arch (config));
  g_autoptr (GHashTable) installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tmp = g_dir_make_tmp ("extrasolv-rpmdb-XXXXXX", error);
  gboolean ok;
  Solvable *s;
  Id p;

  /* A private, empty cache: the database is read as it is now. */
  if (tmp == NULL)
    return NULL;
  ok = extras_pool_load_rpmdb (pool, extras_config_get_root (config), tmp, error);
  extras_rm_rf (tmp);
  if (!ok)
    return NULL;
  FOR_REPO_SOLVABLES (pool->installed, p, s)
  g_hash_table_add (installed, g_strdup (pool_solvable2str (pool, s)));
  for (gsize i = 0; nevras[i] != NULL; i++)
    if (g_hash_table_contains (installed, nevras[i]))
      g_ptr_array_add (out, g_strdup (nevras[i]));
  return (GStrv) extras_ptr_array_steal_terminated (g_steal_pointer (&out));
}
