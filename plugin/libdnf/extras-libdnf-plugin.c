/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * extras-libdnf-plugin: Amazon Linux Extras topics seen from libdnf (microdnf, PackageKit).
 *
 * The C counterpart of plugin/dnf/extras_suggestions.py.  It links libextrasolv, which owns
 * the catalog, the state and every rule (no CLI process, no JSON in between):
 *
 * - hiding (PLUGIN_HOOK_ID_CONTEXT_CONF, right after dnf_context_setup() has loaded the
 *   repositories): an amzn2extra-T repository that does not come from the state file
 *   (amzn2-extras.repo in a reposdir) and whose topic is not enabled is disabled;
 * - non-LTS flagging (PLUGIN_HOOK_ID_CONTEXT_PRE_TRANSACTION): one line on stderr for each
 *   package to be installed from an amzn2extra-T repository.
 *
 * The system (configuration, catalog, state of the context's install root) is read at most
 * once per DnfContext, and only when one of these needs it: as `amazon-linux-extras --root
 * ROOT` reads it, except that the package manager's environment is not read (CATALOGURL,
 * YUMCONFIG_FILE_NAME and the others count only from the root's configuration files).
 *
 * The hooks always return 1: libdnf 0.69 takes 0 from PRE_TRANSACTION as "skip the
 * transaction" and still reports success, so a failure here must never be a policy gate.
 */

#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <libdnf/plugin/plugin.h>
#include <libdnf/dnf-context.h>
#include <libdnf/dnf-repo.h>
#include <libdnf/hy-goal.h>
#include <libdnf/hy-package.h>

#include "extrasolv.h"
#include "extras-fetch.h"

#define PLUGIN_NAME "extras"
#define PLUGIN_ERROR g_quark_from_static_string ("extras-libdnf-plugin")
#define STATE_FILE "amzn2-extras.repo"
/* The catalog to read instead of the configured one (as --catalog), for the tests: honoured
 * only by the module of the build tree, never by an installed one (which runs as root inside
 * the package manager). */
#define CATALOG_ENV "EXTRAS_LIBDNF_PLUGIN_CATALOG"

/* What the plugin knows of the system, read once. */
typedef struct
{
  ExtrasSystem *extras;   /* the install root's, read only (extras_system_read()) */
  ExtrasCatalog *catalog; /* the two of extras, borrowed */
  ExtrasState *state;
  GHashTable *topics; /* name -> ExtrasTopic (the catalog's) of the configured architecture */
  char *today;
} System;

struct _PluginHandle
{
  DnfContext *context; /* borrowed: the context owns its plugins */
  System *system;      /* NULL until read or when reading failed */
  gboolean read;       /* reading was tried for this context */
};

static const PluginInfo info = { .name = PLUGIN_NAME, .version = "0.1.0" };

static void
system_free (System *system)
{
  if (system == NULL)
    return;
  g_clear_pointer (&system->topics, g_hash_table_unref);
  g_clear_pointer (&system->extras, extras_system_free);
  g_free (system->today);
  g_free (system);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (System, system_free)

/* Whether @repo_id may be a topic's repository (the library's rule with its
 * default suffixes): only then is the CLI asked. */
static gboolean
may_be_topic_repo (const char *repo_id)
{
  g_autofree char *topic
      = repo_id != NULL ? extras_state_dup_repo_topic (NULL, NULL, repo_id, NULL) : NULL;

  return topic != NULL;
}

/* The topic whose repository @repo_id is, by the library's rule (with the configured
 * suffixes when the system could be read, else the defaults), NULL for none. */
static char *
topic_of_repo (const char *repo_id, const System *system)
{
  if (repo_id == NULL)
    return NULL;
  return extras_state_dup_repo_topic (system != NULL ? system->state : NULL,
                                      system != NULL ? system->catalog : NULL, repo_id, NULL);
}

/* The install root, or NULL for "/". */
static char *
dup_install_root (DnfContext *context)
{
  const char *root = dnf_context_get_install_root (context);
  g_autofree char *real = NULL;

  if (root == NULL || *root == '\0')
    return NULL;
  real = realpath (root, NULL);
  if (real != NULL && strcmp (real, "/") == 0)
    return NULL;
  return g_strdup (root);
}

/* Whether this module is the one of the build tree. */
static gboolean
is_build_tree_module (void)
{
  Dl_info info;
  g_autofree char *object = NULL;
  g_autofree char *dir = NULL;

  if (dladdr ((void *) is_build_tree_module, &info) == 0 || info.dli_fname == NULL
      || (object = realpath (info.dli_fname, NULL)) == NULL)
    return FALSE;
  dir = g_path_get_dirname (object);
  return g_strcmp0 (dir, EXTRAS_PLUGIN_BUILD_DIR) == 0;
}

static System *
read_system (DnfContext *context, GError **error)
{
  /* The package manager's environment is not the system's configuration. */
  static const char *const no_environment[] = { NULL };
  g_autofree char *root = dup_install_root (context);
  gboolean build_tree = is_build_tree_module ();
  /* The build tree's module reads the source tree's catalog, as the build tree's CLI does. */
  const char *embedded = build_tree ? EXTRAS_PLUGIN_SOURCE_TOPICS_DIR : EXTRAS_PLUGIN_TOPICS_DIR;
  const char *source = build_tree ? g_getenv (CATALOG_ENV) : NULL;
  g_autoptr (ExtrasConfig) config = extras_config_load (root, no_environment, error);
  g_autoptr (System) system = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autoptr (GPtrArray) topics = NULL;
  g_autofree char *warning = NULL;
  const char *arch;

  if (config == NULL)
    return NULL;
  arch = extras_config_get_arch (config);
  if ((catalog = extras_catalog_open (config, source, embedded, arch, &warning, error)) == NULL)
    return NULL;
  if (warning != NULL)
    fprintf (stderr, "%s: %s\n", PLUGIN_NAME, warning);
  system = g_new0 (System, 1);
  system->today = extras_policy_dup_today ();
  system->extras = extras_system_new (config, catalog, arch, system->today);
  if (!extras_system_read (system->extras, error))
    return NULL;
  system->catalog = catalog;
  system->state = extras_system_get_state (system->extras);
  system->topics = g_hash_table_new (g_str_hash, g_str_equal);
  topics = extras_catalog_dup_topics_for_arch (system->catalog, arch);
  for (guint i = 0; i < topics->len; i++)
    g_hash_table_insert (system->topics, (gpointer) extras_topic_get_name (topics->pdata[i]),
                         topics->pdata[i]);
  g_debug ("%s: read the catalog %s and the state %s", PLUGIN_NAME,
           extras_catalog_get_origin (system->catalog),
           extras_system_get_state_path (system->extras));
  return g_steal_pointer (&system);
}

/* The system of the context, or NULL when it could not be read (said once on stderr). Read
 * at most once per context. */
static System *
get_system (PluginHandle *handle)
{
  g_autoptr (GError) error = NULL;

  if (handle->read)
    return handle->system;
  handle->read = TRUE;
  handle->system = read_system (handle->context, &error);
  if (handle->system == NULL)
    fprintf (stderr, "%s: cannot read the Extras topics (%s); no Extras topic information\n",
             PLUGIN_NAME, error->message);
  return handle->system;
}

static gboolean
same_dir (const char *a, const char *b)
{
  g_autofree char *ra = realpath (a, NULL);
  g_autofree char *rb = realpath (b, NULL);

  return ra != NULL && rb != NULL && strcmp (ra, rb) == 0;
}

/* Whether libdnf read repo from the state file in one of the context's reposdirs. */
static gboolean
from_state_file (DnfContext *context, DnfRepo *repo)
{
  const char *filename = dnf_repo_get_filename (repo);
  const char *const *dirs = dnf_context_get_repos_dir (context);
  const char *root = dnf_context_get_install_root (context);
  g_autofree char *base = NULL;
  g_autofree char *here = NULL;

  if (filename == NULL)
    return FALSE;
  base = g_path_get_basename (filename);
  if (strcmp (base, STATE_FILE) != 0)
    return FALSE;
  here = g_path_get_dirname (filename);
  for (gsize i = 0; dirs != NULL && dirs[i] != NULL; i++)
    {
      g_autofree char *in_root = g_build_filename (root != NULL ? root : "/", dirs[i], NULL);

      if (same_dir (dirs[i], here) || same_dir (in_root, here))
        return TRUE;
    }
  return FALSE;
}

static void
hide_topics_not_enabled (PluginHandle *handle)
{
  GPtrArray *repos = dnf_context_get_repos (handle->context);
  g_autoptr (GPtrArray) suspects = g_ptr_array_new ();
  System *system;

  for (guint i = 0; repos != NULL && i < repos->len; i++)
    {
      DnfRepo *repo = repos->pdata[i];

      if (dnf_repo_get_enabled (repo) != DNF_REPO_ENABLED_NONE
          && may_be_topic_repo (dnf_repo_get_id (repo)) && !from_state_file (handle->context, repo))
        g_ptr_array_add (suspects, repo);
    }
  if (suspects->len == 0)
    return; /* every topic repository comes from the state file: enabled there */
  system = get_system (handle);
  if (system == NULL)
    return;
  for (guint i = 0; i < suspects->len; i++)
    {
      DnfRepo *repo = suspects->pdata[i];
      g_autofree char *topic = topic_of_repo (dnf_repo_get_id (repo), system);

      if (topic != NULL && g_hash_table_contains (system->topics, topic)
          && extras_state_is_enabled (system->state, topic))
        continue;
      dnf_repo_set_enabled (repo, DNF_REPO_ENABLED_NONE);
      g_debug ("%s: disabling %s (%s): topic %s is not enabled", PLUGIN_NAME,
               dnf_repo_get_id (repo),
               dnf_repo_get_filename (repo) != NULL ? dnf_repo_get_filename (repo) : "?",
               topic != NULL ? topic : "?");
    }
}

static int
compare_packages (gconstpointer a, gconstpointer b)
{
  DnfPackage *pa = *(DnfPackage *const *) a;
  DnfPackage *pb = *(DnfPackage *const *) b;
  int c = g_strcmp0 (dnf_package_get_name (pa), dnf_package_get_name (pb));

  if (c == 0)
    c = g_strcmp0 (dnf_package_get_evr (pa), dnf_package_get_evr (pb));
  if (c == 0)
    c = g_strcmp0 (dnf_package_get_arch (pa), dnf_package_get_arch (pb));
  return c;
}

static void
flag_not_lts (PluginHandle *handle, HyGoal goal)
{
  GPtrArray *(*const lists[]) (HyGoal, GError **)
      = { hy_goal_list_installs, hy_goal_list_upgrades, hy_goal_list_downgrades,
          hy_goal_list_reinstalls };
  g_autoptr (GPtrArray) extras = g_ptr_array_new_with_free_func (g_object_unref);
  System *system;

  if (goal == NULL)
    return;
  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autoptr (GPtrArray) packages = lists[l](goal, NULL);

      for (guint i = 0; packages != NULL && i < packages->len; i++)
        {
          DnfPackage *package = packages->pdata[i];

          if (may_be_topic_repo (dnf_package_get_reponame (package)))
            g_ptr_array_add (extras, g_object_ref (package));
        }
    }
  if (extras->len == 0)
    return; /* core packages only: no need to read the system */
  g_ptr_array_sort (extras, compare_packages);
  system = get_system (handle);
  for (guint i = 0; i < extras->len; i++)
    {
      DnfPackage *package = extras->pdata[i];
      g_autofree char *topic = topic_of_repo (dnf_package_get_reponame (package), system);
      const ExtrasTopic *t
          = topic != NULL && system != NULL ? g_hash_table_lookup (system->topics, topic) : NULL;
      g_autoptr (GString) line = g_string_new (NULL);

      if (topic == NULL)
        continue; /* the library says: no topic's repository */
      g_string_printf (line, "%s-%s.%s: from extras topic %s, not covered by Long Term Support",
                       dnf_package_get_name (package), dnf_package_get_evr (package),
                       dnf_package_get_arch (package), topic);
      if (t != NULL)
        {
          ExtrasSupport support = extras_policy_get_support (system->catalog, t, system->today);

          if (support.eos == EXTRAS_EOS_REACHED && support.end_of_support != NULL)
            g_string_append_printf (line, "; past its end of support %s", support.end_of_support);
        }
      fprintf (stderr, "%s\n", line->str);
    }
  fflush (stderr);
}

const PluginInfo *
pluginGetInfo (void)
{
  return &info;
}

PluginHandle *
pluginInitHandle (int version, PluginMode mode, DnfPluginInitData *initData)
{
  PluginHandle *handle;

  if (mode != PLUGIN_MODE_CONTEXT)
    return NULL;
  handle = g_new0 (PluginHandle, 1);
  handle->context = pluginGetContext (initData);
  return handle;
}

void
pluginFreeHandle (PluginHandle *handle)
{
  if (handle == NULL)
    return;
  g_clear_pointer (&handle->system, system_free);
  g_free (handle);
}

int
pluginHook (PluginHandle *handle, PluginHookId id, DnfPluginHookData *data, DnfPluginError *error)
{
  if (handle == NULL)
    return 1;
  switch (id)
    {
    case PLUGIN_HOOK_ID_CONTEXT_CONF:
      hide_topics_not_enabled (handle);
      break;
    case PLUGIN_HOOK_ID_CONTEXT_PRE_TRANSACTION:
      flag_not_lts (handle, hookContextTransactionGetGoal (data));
      break;
    default:
      break;
    }
  /* never 0: libdnf would skip the transaction and report success */
  return 1;
}
