/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The original tool's JSON catalogs, as AWS published them (v1 with
 * `whitelists`, v2 with per-topic `conflicts` and `deprecated-at`), read
 * through libyaml's event parser like the YAML documents. */
#include "catalog-builder-private.h"

#include <string.h>

typedef struct
{
  char *name;
  yaml_mark_t mark;
  GPtrArray *inst;
  GPtrArray *versions;
  GPtrArray *visible;
  GPtrArray *conflicts;
  char *deprecated_at;
} JsonTopic;

static void
json_topic_free (JsonTopic *t)
{
  g_free (t->name);
  g_clear_pointer (&t->inst, g_ptr_array_unref);
  g_clear_pointer (&t->versions, g_ptr_array_unref);
  g_clear_pointer (&t->visible, g_ptr_array_unref);
  g_clear_pointer (&t->conflicts, g_ptr_array_unref);
  g_free (t->deprecated_at);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JsonTopic, json_topic_free)

/* The current event is the topic's MAPPING_START.  Keys AWS may add later
 * are skipped: the format is theirs, not ours. */
static gboolean
parse_json_topic (ExtrasYamlParser *p, JsonTopic **out, GError **error)
{
  g_autoptr (JsonTopic) t = g_new0 (JsonTopic, 1);
  yaml_mark_t start = p->ev.start_mark;

  if (p->ev.type != YAML_MAPPING_START_EVENT)
    return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                  "expected a topic (a mapping) in 'topics', found %s",
                                  extras_yaml_describe_event (p));
  for (;;)
    {
      g_autofree char *key = NULL;

      if (!extras_yaml_advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_MAPPING_END_EVENT)
        break;
      if (!extras_yaml_take_string (p, "key", MAX_STRING, &key, error)
          || !extras_yaml_advance (p, error))
        return FALSE;

#define TAKE_LIST(field, check)                                                                    \
  do                                                                                               \
    {                                                                                              \
      g_clear_pointer (&t->field, g_ptr_array_unref);                                              \
      if (!extras_yaml_take_list (p, key, check, &t->field, NULL, error))                          \
        return FALSE;                                                                              \
    }                                                                                              \
  while (0)

      if (strcmp (key, "n") == 0)
        {
          g_clear_pointer (&t->name, g_free);
          t->mark = p->ev.start_mark;
          if (!extras_yaml_take_checked (p, key, &extras_yaml_topic_name_check, &t->name, error))
            return FALSE;
        }
      else if (strcmp (key, "inst") == 0)
        TAKE_LIST (inst, &extras_yaml_package_check);
      else if (strcmp (key, "versions") == 0)
        TAKE_LIST (versions, &extras_yaml_version_check);
      else if (strcmp (key, "visible") == 0)
        TAKE_LIST (visible, &extras_yaml_package_check);
      else if (strcmp (key, "conflicts") == 0)
        TAKE_LIST (conflicts, &extras_yaml_topic_name_check);
      else if (strcmp (key, "deprecated-at") == 0)
        {
          g_clear_pointer (&t->deprecated_at, g_free);
          if (!extras_yaml_scalar_is_null (p)
              && !extras_yaml_take_checked (p, key, &extras_yaml_date_check, &t->deprecated_at,
                                            error))
            return FALSE;
        }
      else if (!extras_yaml_skip_node (p, error))
        return FALSE;
#undef TAKE_LIST
    }
  if (t->name == NULL)
    return extras_yaml_set_error (error, p->origin, &start, "topic without a name ('n'); add one");
  *out = g_steal_pointer (&t);
  return TRUE;
}

/* The current event is the whitelists' SEQUENCE_START. */
static gboolean
parse_whitelists (ExtrasYamlParser *p, GPtrArray *whitelists, GError **error)
{
  if (p->ev.type != YAML_SEQUENCE_START_EVENT)
    return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                  "expected a list of lists of topic positions for 'whitelists', "
                                  "found %s",
                                  extras_yaml_describe_event (p));
  for (;;)
    {
      g_autoptr (GArray) list = g_array_new (FALSE, FALSE, sizeof (int));

      if (!extras_yaml_advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_SEQUENCE_END_EVENT)
        return TRUE;
      if (p->ev.type != YAML_SEQUENCE_START_EVENT)
        return extras_yaml_set_error (
            error, p->origin, &p->ev.start_mark,
            "expected a list of topic positions in 'whitelists', found %s",
            extras_yaml_describe_event (p));
      for (;;)
        {
          int value;

          if (!extras_yaml_advance (p, error))
            return FALSE;
          if (p->ev.type == YAML_SEQUENCE_END_EVENT)
            break;
          if (!extras_yaml_take_int (p, "whitelists", 0, MAX_INDEX, &value, error))
            return FALSE;
          g_array_append_val (list, value);
        }
      g_ptr_array_add (whitelists, g_steal_pointer (&list));
    }
}

gboolean
extras_catalog_parse_json (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, const char *arch,
                           GError **error)
{
  g_autoptr (GPtrArray) topics = NULL;
  g_autoptr (GPtrArray) whitelists = NULL;
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *motd = NULL;
  yaml_mark_t start;

  if (!extras_yaml_expect (p, YAML_STREAM_START_EVENT, "the start of the stream", error)
      || !extras_yaml_expect (p, YAML_DOCUMENT_START_EVENT, "a JSON object", error)
      || !extras_yaml_expect (p, YAML_MAPPING_START_EVENT, "a JSON object", error))
    return FALSE;
  start = p->ev.start_mark;

  for (;;)
    {
      g_autofree char *key = NULL;

      if (!extras_yaml_advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_MAPPING_END_EVENT)
        break;
      if (!extras_yaml_take_string (p, "key", MAX_STRING, &key, error)
          || !extras_yaml_advance (p, error))
        return FALSE;

      if (strcmp (key, "motd") == 0)
        {
          g_clear_pointer (&motd, g_free);
          if (!extras_yaml_scalar_is_null (p)
              && !extras_yaml_take_string (p, key, MAX_MOTD, &motd, error))
            return FALSE;
          if (motd != NULL && !extras_yaml_text_is_clean (motd, TRUE))
            return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                          "the value of 'motd' contains control characters; remove "
                                          "them");
        }
      else if (strcmp (key, "version") == 0)
        {
          int version;

          if (!extras_yaml_take_int (p, key, 0, 999999, &version, error))
            return FALSE;
          if (version != 1 && version != 2)
            return extras_yaml_set_error (
                error, p->origin, &p->ev.start_mark,
                "unsupported catalog version %d; this tool reads versions 1 "
                "and 2",
                version);
        }
      else if (strcmp (key, "status") == 0)
        {
          g_autofree char *status = NULL;

          if (!extras_yaml_take_string (p, key, MAX_STRING, &status, error))
            return FALSE;
        }
      else if (strcmp (key, "whitelists") == 0)
        {
          g_clear_pointer (&whitelists, g_ptr_array_unref);
          whitelists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
          if (!parse_whitelists (p, whitelists, error))
            return FALSE;
        }
      else if (strcmp (key, "topics") == 0)
        {
          if (topics != NULL)
            return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                          "a second 'topics' list; remove one");
          topics = g_ptr_array_new_with_free_func ((GDestroyNotify) json_topic_free);
          if (p->ev.type != YAML_SEQUENCE_START_EVENT)
            return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                          "expected a list of topics for 'topics', found %s",
                                          extras_yaml_describe_event (p));
          for (;;)
            {
              JsonTopic *t = NULL;

              if (!extras_yaml_advance (p, error))
                return FALSE;
              if (p->ev.type == YAML_SEQUENCE_END_EVENT)
                break;
              if (topics->len >= EXTRAS_CATALOG_MAX_TOPICS)
                return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                              "more than %d topics; a catalog may hold at most %d",
                                              EXTRAS_CATALOG_MAX_TOPICS, EXTRAS_CATALOG_MAX_TOPICS);
              if (!parse_json_topic (p, &t, error))
                return FALSE;
              g_ptr_array_add (topics, t);
            }
        }
      else if (!extras_yaml_skip_node (p, error))
        return FALSE;
    }
  if (!extras_yaml_expect (p, YAML_DOCUMENT_END_EVENT, "the end of the JSON object", error))
    return FALSE;
  if (!extras_yaml_advance (p, error))
    return FALSE;
  if (p->ev.type != YAML_STREAM_END_EVENT)
    return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                  "more after the JSON object; a JSON catalog is one object");
  if (topics == NULL)
    return extras_yaml_set_error (error, p->origin, &start,
                                  "the catalog has no 'topics' list; is this an extras catalog?");

  for (guint i = 0; i < topics->len; i++)
    g_hash_table_add (names, ((JsonTopic *) g_ptr_array_index (topics, i))->name);
  for (guint i = 0; i < topics->len; i++)
    {
      JsonTopic *t = g_ptr_array_index (topics, i);
      const char *arches[] = { arch, NULL };
      g_autoptr (ExtrasTopic) topic = extras_topic_new (t->name);

      /* Names in 'conflicts' that the catalog does not have are dropped
       * silently: the AWS catalogs name topics of other architectures. */
      if (t->conflicts != NULL)
        {
          g_autoptr (GPtrArray) known = g_ptr_array_new_with_free_func (g_free);

          for (guint j = 0; j + 1 < t->conflicts->len; j++)
            {
              const char *other = g_ptr_array_index (t->conflicts, j);

              if (strcmp (other, t->name) != 0 && g_hash_table_contains (names, other))
                g_ptr_array_add (known, g_strdup (other));
            }
          g_ptr_array_add (known, NULL);
          g_ptr_array_unref (t->conflicts);
          t->conflicts = g_steal_pointer (&known);
        }
      extras_topic_set_index (topic, arch, (int) i);
      extras_topic_set_strv (&topic->arches, arches);
      extras_topic_set_strv (&topic->packages, extras_yaml_list_strv (t->inst));
      extras_topic_set_strv (&topic->versions, extras_yaml_list_strv (t->versions));
      extras_topic_set_strv (&topic->visible, extras_yaml_list_strv (t->visible));
      extras_topic_set_strv (&topic->conflicts, extras_yaml_list_strv (t->conflicts));
      topic->end_of_support = g_strdup (t->deprecated_at);
      extras_topic_finish (topic);
      if (!extras_catalog_builder_add_topic (b, p, g_steal_pointer (&topic), &t->mark, error))
        return FALSE;
    }

  if (whitelists != NULL)
    {
      /* Positions past the end of 'topics' are ignored, like unknown names. */
      if (b->whitelists == NULL)
        b->whitelists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
      for (guint i = 0; i < whitelists->len; i++)
        {
          GArray *list = g_ptr_array_index (whitelists, i);
          GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

          for (guint j = 0; j < list->len; j++)
            {
              int pos = g_array_index (list, int, j);

              if ((guint) pos < topics->len)
                {
                  const char *name = ((JsonTopic *) g_ptr_array_index (topics, pos))->name;

                  g_hash_table_replace (set, g_strdup (name), NULL);
                }
            }
          g_ptr_array_add (b->whitelists, set);
        }
    }
  if (motd != NULL)
    {
      g_free (b->motd);
      b->motd = g_steal_pointer (&motd);
    }
  return TRUE;
}
