/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * extras-libdnf-plugin: Amazon Linux Extras topics seen from libdnf (microdnf, PackageKit).
 *
 * The C counterpart of plugin/dnf/extras_suggestions.py, a thin shim over
 * `amazon-linux-extras --json list` (the CLI owns the catalog, the state and the rules) and
 * libextrasolv (which topic owns a repository: extras_state_dup_repo_topic()):
 *
 * - hiding (PLUGIN_HOOK_ID_CONTEXT_CONF, right after dnf_context_setup() has loaded the
 *   repositories): an amzn2extra-T repository that does not come from the state file
 *   (amzn2-extras.repo in a reposdir) and whose topic is not enabled is disabled;
 * - non-LTS flagging (PLUGIN_HOOK_ID_CONTEXT_PRE_TRANSACTION): one line on stderr for each
 *   package to be installed from an amzn2extra-T repository.
 *
 * The CLI runs at most once per DnfContext, and only when one of these needs it. Its binary is
 * $EXTRAS_LIBDNF_PLUGIN_BINARY, else amazon-linux-extras on PATH; --root is the context's
 * install root when that is not "/".
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
#include <sys/wait.h>

#include <glib.h>
#include <yaml.h>

#include <libdnf/plugin/plugin.h>
#include <libdnf/dnf-context.h>
#include <libdnf/dnf-repo.h>
#include <libdnf/hy-goal.h>
#include <libdnf/hy-package.h>

#include "extras-state.h"

#define PLUGIN_NAME "extras"
#define PLUGIN_ERROR g_quark_from_static_string ("extras-libdnf-plugin")
#define STATE_FILE "amzn2-extras.repo"
/* The CLI to run instead of the installed one, for the tests: honoured only
 * by the module of the build tree, never by an installed one (which runs as
 * root inside the package manager). */
#define BINARY_ENV "EXTRAS_LIBDNF_PLUGIN_BINARY"
/* `list` of a catalog of some hundred topics is some hundred kB; more is not the CLI */
#define MAX_OUTPUT (16 * 1024 * 1024)

typedef struct
{
  char *state;          /* "enabled", "available", ... */
  char *eos;            /* "reached", ... */
  char *end_of_support; /* YYYY-MM-DD or NULL */
  GStrv repo_ids;       /* its repositories: binary, source, debuginfo */
} Topic;

struct _PluginHandle
{
  DnfContext *context; /* borrowed: the context owns its plugins */
  GHashTable *topics;  /* topic name -> Topic; NULL until listed or when the CLI failed */
  gboolean listed;     /* the CLI ran (or failed) for this context */
};

static const PluginInfo info = { .name = PLUGIN_NAME, .version = "0.1.0" };

static void
topic_free (Topic *topic)
{
  if (topic == NULL)
    return;
  g_free (topic->state);
  g_free (topic->eos);
  g_free (topic->end_of_support);
  g_strfreev (topic->repo_ids);
  g_free (topic);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Topic, topic_free)

/* Whether @repo_id may be a topic's repository (the library's rule with its
 * default suffixes): only then is the CLI asked. */
static gboolean
may_be_topic_repo (const char *repo_id)
{
  g_autofree char *topic
      = repo_id != NULL ? extras_state_dup_repo_topic (NULL, NULL, repo_id, NULL) : NULL;

  return topic != NULL;
}

/* The topic whose repository @repo_id is: the one of the CLI's `repo_ids`
 * (the library's rule with the configured suffixes), NULL for none; without
 * the CLI's list, the library's rule with its default suffixes. */
static char *
topic_of_repo (const char *repo_id, GHashTable *topics)
{
  GHashTableIter iter;
  gpointer name, value;

  if (repo_id == NULL)
    return NULL;
  if (topics == NULL)
    return extras_state_dup_repo_topic (NULL, NULL, repo_id, NULL);
  g_hash_table_iter_init (&iter, topics);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      const Topic *topic = value;

      if (topic->repo_ids != NULL
          && g_strv_contains ((const char *const *) topic->repo_ids, repo_id))
        return g_strdup (name);
    }
  return NULL;
}

/* The install root to pass as --root, or NULL for "/". */
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

static const char *
scalar_of (yaml_document_t *doc, yaml_node_t *node)
{
  if (node == NULL || node->type != YAML_SCALAR_NODE)
    return NULL;
  return (const char *) node->data.scalar.value;
}

/* The value of key in mapping node, or NULL. */
static yaml_node_t *
mapping_get (yaml_document_t *doc, yaml_node_t *node, const char *key)
{
  if (node == NULL || node->type != YAML_MAPPING_NODE)
    return NULL;
  for (yaml_node_pair_t *pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top;
       pair++)
    {
      const char *k = scalar_of (doc, yaml_document_get_node (doc, pair->key));
      if (g_strcmp0 (k, key) == 0)
        return yaml_document_get_node (doc, pair->value);
    }
  return NULL;
}

/* A JSON null is the YAML scalar "null": no value. */
static char *
dup_value (yaml_document_t *doc, yaml_node_t *topic, const char *key)
{
  yaml_node_t *node = mapping_get (doc, topic, key);
  const char *value = scalar_of (doc, node);

  if (value == NULL
      || (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && strcmp (value, "null") == 0))
    return NULL;
  return g_strdup (value);
}

/* The strings of the sequence @key of mapping @node, or NULL. */
static GStrv
dup_strings (yaml_document_t *doc, yaml_node_t *node, const char *key)
{
  yaml_node_t *list = mapping_get (doc, node, key);
  g_autoptr (GPtrArray) out = NULL;

  if (list == NULL || list->type != YAML_SEQUENCE_NODE)
    return NULL;
  out = g_ptr_array_new_with_free_func (g_free);
  for (yaml_node_item_t *item = list->data.sequence.items.start;
       item < list->data.sequence.items.top; item++)
    {
      const char *value = scalar_of (doc, yaml_document_get_node (doc, *item));

      if (value != NULL)
        g_ptr_array_add (out, g_strdup (value));
    }
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* {name: Topic} of the CLI's `--json list` document (JSON is read as YAML, as the catalog
 * code reads the AWS JSON catalogs), or NULL with error. */
static GHashTable *
parse_list (const char *json, gsize len, GError **error)
{
  yaml_parser_t parser;
  yaml_document_t doc;
  yaml_node_t *list;
  g_autoptr (GHashTable) topics = NULL;

  if (!yaml_parser_initialize (&parser))
    {
      g_set_error_literal (error, PLUGIN_ERROR, 0, "out of memory");
      return NULL;
    }
  yaml_parser_set_input_string (&parser, (const unsigned char *) json, len);
  if (!yaml_parser_load (&parser, &doc))
    {
      g_set_error (error, PLUGIN_ERROR, 0, "its output is not JSON: %s at offset %zu",
                   parser.problem != NULL ? parser.problem : "error", parser.problem_mark.index);
      yaml_parser_delete (&parser);
      return NULL;
    }
  yaml_parser_delete (&parser);

  list = mapping_get (&doc, yaml_document_get_root_node (&doc), "topics");
  if (list == NULL || list->type != YAML_SEQUENCE_NODE)
    {
      g_set_error_literal (error, PLUGIN_ERROR, 0, "its output has no \"topics\" list");
      yaml_document_delete (&doc);
      return NULL;
    }
  topics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) topic_free);
  for (yaml_node_item_t *item = list->data.sequence.items.start;
       item < list->data.sequence.items.top; item++)
    {
      yaml_node_t *node = yaml_document_get_node (&doc, *item);
      g_autofree char *name = dup_value (&doc, node, "name");
      g_autoptr (Topic) topic = NULL;

      if (name == NULL)
        continue;
      topic = g_new0 (Topic, 1);
      topic->state = dup_value (&doc, node, "state");
      topic->eos = dup_value (&doc, node, "eos");
      topic->end_of_support = dup_value (&doc, node, "end_of_support");
      topic->repo_ids = dup_strings (&doc, node, "repo_ids");
      g_hash_table_replace (topics, g_steal_pointer (&name), g_steal_pointer (&topic));
    }
  yaml_document_delete (&doc);
  return g_steal_pointer (&topics);
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

/* The CLI by its installed absolute path: PATH is the caller's. */
static const char *
cli_binary (void)
{
  const char *binary = is_build_tree_module () ? g_getenv (BINARY_ENV) : NULL;

  return binary != NULL && binary[0] == '/' ? binary : EXTRAS_BINARY;
}

/* What the CLI gets of the package manager's environment: a fixed PATH, the C
 * locale and HOME (where rpm, here and there alike, finds its macros). */
static GStrv
clean_environment (void)
{
  GPtrArray *env = g_ptr_array_new ();
  const char *home = g_getenv ("HOME");

  g_ptr_array_add (env,
                   g_strdup ("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
  g_ptr_array_add (env, g_strdup ("LC_ALL=C"));
  if (home != NULL)
    g_ptr_array_add (env, g_strconcat ("HOME=", home, NULL));
  g_ptr_array_add (env, NULL);
  return (GStrv) g_ptr_array_free (env, FALSE);
}

static GHashTable *
run_list (DnfContext *context, char **out_command, GError **error)
{
  const char *binary = cli_binary ();
  g_auto (GStrv) envp = clean_environment ();
  g_autofree char *root = dup_install_root (context);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) binary);
  if (root != NULL)
    {
      g_ptr_array_add (argv, "--root");
      g_ptr_array_add (argv, root);
    }
  g_ptr_array_add (argv, "--json");
  g_ptr_array_add (argv, "list");
  g_ptr_array_add (argv, NULL);
  *out_command = g_strjoinv (" ", (char **) argv->pdata);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, error))
    return NULL;
  if (!g_spawn_check_exit_status (status, NULL))
    {
      g_strstrip (err);
      g_strstrip (out);
      g_set_error (error, PLUGIN_ERROR, 0, "exit status %d: %s",
                   WIFEXITED (status) ? WEXITSTATUS (status) : -1, *err != '\0' ? err : out);
      return NULL;
    }
  if (strlen (out) > MAX_OUTPUT)
    {
      g_set_error (error, PLUGIN_ERROR, 0, "its output exceeds %d bytes", MAX_OUTPUT);
      return NULL;
    }
  return parse_list (out, strlen (out), error);
}

/* {topic name: Topic} of `amazon-linux-extras --json list`, or NULL when the CLI failed
 * (said once on stderr). Runs the CLI at most once per context. */
static GHashTable *
get_topics (PluginHandle *handle)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *command = NULL;

  if (handle->listed)
    return handle->topics;
  handle->listed = TRUE;
  handle->topics = run_list (handle->context, &command, &error);
  if (handle->topics == NULL)
    fprintf (stderr, "%s: %s failed (%s); no Extras topic information\n", PLUGIN_NAME, command,
             error->message);
  return handle->topics;
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
  GHashTable *topics;

  for (guint i = 0; repos != NULL && i < repos->len; i++)
    {
      DnfRepo *repo = repos->pdata[i];

      if (dnf_repo_get_enabled (repo) != DNF_REPO_ENABLED_NONE
          && may_be_topic_repo (dnf_repo_get_id (repo)) && !from_state_file (handle->context, repo))
        g_ptr_array_add (suspects, repo);
    }
  if (suspects->len == 0)
    return; /* every topic repository comes from the state file: enabled there */
  topics = get_topics (handle);
  if (topics == NULL)
    return;
  for (guint i = 0; i < suspects->len; i++)
    {
      DnfRepo *repo = suspects->pdata[i];
      g_autofree char *topic = topic_of_repo (dnf_repo_get_id (repo), topics);
      Topic *t = topic != NULL ? g_hash_table_lookup (topics, topic) : NULL;

      if (t != NULL && g_strcmp0 (t->state, "enabled") == 0)
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
  GHashTable *topics;

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
    return; /* core packages only: no need to ask the CLI */
  g_ptr_array_sort (extras, compare_packages);
  topics = get_topics (handle);
  for (guint i = 0; i < extras->len; i++)
    {
      DnfPackage *package = extras->pdata[i];
      g_autofree char *topic = topic_of_repo (dnf_package_get_reponame (package), topics);
      Topic *t = topic != NULL && topics != NULL ? g_hash_table_lookup (topics, topic) : NULL;
      g_autoptr (GString) line = g_string_new (NULL);

      if (topic == NULL)
        continue; /* the CLI says: no topic's repository */
      g_string_printf (line, "%s-%s.%s: from extras topic %s, not covered by Long Term Support",
                       dnf_package_get_name (package), dnf_package_get_evr (package),
                       dnf_package_get_arch (package), topic);
      if (t != NULL && g_strcmp0 (t->eos, "reached") == 0 && t->end_of_support != NULL)
        g_string_append_printf (line, "; past its end of support %s", t->end_of_support);
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
  g_clear_pointer (&handle->topics, g_hash_table_unref);
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
