/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "topic-private.h"
#include "extras-error.h"

#include <string.h>

static const char *const empty_strv[] = { NULL };

ExtrasTopic *
extras_topic_new (const char *name)
{
  ExtrasTopic *topic = g_new0 (ExtrasTopic, 1);

  topic->ref_count = 1;
  topic->name = g_strdup (name);
  topic->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  topic->versions = g_new0 (char *, 1);
  topic->arch_versions
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  topic->packages = g_new0 (char *, 1);
  topic->visible = g_new0 (char *, 1);
  topic->conflicts = g_new0 (char *, 1);
  topic->requires = g_new0 (char *, 1);
  topic->arches = g_new0 (char *, 1);
  topic->kernel_series = g_new0 (char *, 1);
  return topic;
}

ExtrasTopic *
extras_topic_ref (ExtrasTopic *topic)
{
  g_return_val_if_fail (topic != NULL, NULL);
  g_atomic_int_inc (&topic->ref_count);
  return topic;
}

void
extras_topic_unref (ExtrasTopic *topic)
{
  if (topic == NULL || !g_atomic_int_dec_and_test (&topic->ref_count))
    return;
  g_free (topic->name);
  g_free (topic->summary);
  g_hash_table_unref (topic->index);
  g_strfreev (topic->versions);
  g_hash_table_unref (topic->arch_versions);
  g_strfreev (topic->packages);
  g_strfreev (topic->visible);
  g_strfreev (topic->conflicts);
  g_strfreev (topic->requires);
  g_strfreev (topic->arches);
  g_strfreev (topic->kernel_series);
  g_free (topic->end_of_support);
  g_free (topic->successor);
  g_strfreev (topic->al2023);
  g_free (topic);
}

void
extras_topic_set_index (ExtrasTopic *topic, const char *arch, int index)
{
  g_hash_table_replace (topic->index, g_strdup (arch), GINT_TO_POINTER (index + 1));
}

void
extras_topic_set_strv (GStrv *field, const char *const *strv)
{
  g_strfreev (*field);
  *field = g_strdupv ((char **) (strv != NULL ? strv : empty_strv));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

void
extras_topic_finish (ExtrasTopic *topic)
{
  if (topic->arches[0] == NULL && g_hash_table_size (topic->index) > 0)
    {
      guint n = 0;
      g_autofree const char **keys
          = (const char **) g_hash_table_get_keys_as_array (topic->index, &n);

      qsort (keys, n, sizeof (char *), compare_strings);
      extras_topic_set_strv (&topic->arches, keys);
    }
}

const char *
extras_topic_get_name (const ExtrasTopic *topic)
{
  return topic->name;
}

const char *
extras_topic_get_summary (const ExtrasTopic *topic)
{
  return topic->summary;
}

int
extras_topic_get_index (const ExtrasTopic *topic, const char *arch)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (topic->index, arch)) - 1;
}

const char *const *
extras_topic_get_versions (const ExtrasTopic *topic)
{
  return (const char *const *) topic->versions;
}

const char *const *
extras_topic_get_versions_for_arch (const ExtrasTopic *topic, const char *arch)
{
  const char *const *versions
      = arch != NULL ? g_hash_table_lookup (topic->arch_versions, arch) : NULL;

  return versions != NULL ? versions : (const char *const *) topic->versions;
}

void
extras_topic_set_arch_versions (ExtrasTopic *topic, const char *arch, const char *const *versions)
{
  g_hash_table_replace (topic->arch_versions, g_strdup (arch), g_strdupv ((char **) versions));
}

const char *const *
extras_topic_get_packages (const ExtrasTopic *topic)
{
  return (const char *const *) topic->packages;
}

const char *const *
extras_topic_get_visible (const ExtrasTopic *topic)
{
  return (const char *const *) topic->visible;
}

const char *const *
extras_topic_get_conflicts (const ExtrasTopic *topic)
{
  return (const char *const *) topic->conflicts;
}

const char *const *
extras_topic_get_requires (const ExtrasTopic *topic)
{
  return (const char *const *) topic->requires;
}

const char *const *
extras_topic_get_arches (const ExtrasTopic *topic)
{
  return (const char *const *) topic->arches;
}

const char *const *
extras_topic_get_kernel_series (const ExtrasTopic *topic)
{
  return (const char *const *) topic->kernel_series;
}

const char *
extras_topic_get_end_of_support (const ExtrasTopic *topic)
{
  return topic->end_of_support;
}

const char *
extras_topic_get_successor (const ExtrasTopic *topic)
{
  return topic->successor;
}

const char *const *
extras_topic_get_al2023 (const ExtrasTopic *topic)
{
  return (const char *const *) topic->al2023;
}

gboolean
extras_topic_has_version (const ExtrasTopic *topic, const char *arch, const char *version)
{
  /* "latest" is what an unpinned topic is enabled at; every topic has it. */
  return g_strcmp0 (version, "latest") == 0
         || g_strv_contains (extras_topic_get_versions_for_arch (topic, arch), version);
}

gboolean
extras_topic_is_livepatch (const ExtrasTopic *topic)
{
  return strcmp (topic->name, "livepatch") == 0 || topic->kernel_series[0] != NULL;
}

gboolean
extras_topic_supports_arch (const ExtrasTopic *topic, const char *arch)
{
  return g_strv_contains ((const char *const *) topic->arches, arch);
}

ExtrasEos
extras_topic_get_eos (const ExtrasTopic *topic, const char *today)
{
  if (topic->end_of_support == NULL)
    return EXTRAS_EOS_NONE;
  /* Both are YYYY-MM-DD, so they order as strings do. */
  return strcmp (today, topic->end_of_support) >= 0 ? EXTRAS_EOS_REACHED : EXTRAS_EOS_NOTE;
}

gboolean
extras_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL || !g_ascii_isalnum (name[0]))
    return FALSE;
  len = strlen (name);
  if (len > 64)
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '.' && name[i] != '_' && name[i] != '-')
      return FALSE;
  return TRUE;
}

gboolean
extras_version_is_valid (const char *version)
{
  gsize len;

  if (version == NULL || !g_ascii_isalnum (version[0]))
    return FALSE;
  len = strlen (version);
  if (len > 64)
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isalnum (version[i]) && strchr ("._+~-", version[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* Where TOPIC=VERSION splits: the first '='. */
static gsize
spec_name_length (const char *spec)
{
  return strcspn (spec, "=");
}

gboolean
extras_topic_spec_parse (const char *text, char **out_name, char **out_version, GError **error)
{
  gsize len = spec_name_length (text);
  g_autofree char *name = g_strndup (text, len);
  g_autofree char *version = text[len] == '=' ? g_strdup (text + len + 1) : NULL;

  if (!extras_name_is_valid (name) || (version != NULL && !extras_version_is_valid (version)))
    {
      g_autofree char *escaped = g_strescape (text, NULL);

      /* One line stays one readable line, whatever was given. */
      if (strlen (escaped) > 80)
        strcpy (escaped + 77, "...");
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_INVALID_NAME,
                   "'%s' is not a topic: names are letters, digits, '.', '_' and '-', versions "
                   "also '+' and '~' (at most 64); see amazon-linux-extras list",
                   escaped);
      return FALSE;
    }
  *out_name = g_steal_pointer (&name);
  if (out_version != NULL)
    *out_version = g_steal_pointer (&version);
  return TRUE;
}

char *
extras_topic_spec_dup_name (const char *spec)
{
  return g_strndup (spec, spec_name_length (spec));
}

/* The only place the prefix is spelled. */
#define TOPIC_REPO_PREFIX "amzn2extra-"

char *
extras_topic_repo_id (const char *name, const char *suffix)
{
  return g_strconcat (TOPIC_REPO_PREFIX, name, suffix, NULL);
}

const char *
extras_repo_id_strip_prefix (const char *id)
{
  if (id == NULL || !g_str_has_prefix (id, TOPIC_REPO_PREFIX))
    return NULL;
  return id + strlen (TOPIC_REPO_PREFIX);
}
