/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A stream of extrasolv's own YAML documents (`document: extras-topic` and
 * `document: extras-catalog`): each document's extras_document_keys are read and checked
 * here, then handed to the document type's own file. */
#include "catalog-yaml-private.h"

#include <string.h>

const DocumentKey extras_document_keys[N_KEYS] = {
  [KEY_DOCUMENT] = { "document", IN_TOPIC | IN_CATALOG },
  [KEY_VERSION] = { "version", IN_TOPIC | IN_CATALOG },
  [KEY_NAME] = { "name", IN_TOPIC },
  [KEY_SUMMARY] = { "summary", IN_TOPIC },
  [KEY_INDEX] = { "index", IN_TOPIC },
  [KEY_VERSIONS] = { "versions", IN_TOPIC },
  [KEY_ARCH_VERSIONS] = { "arch-versions", IN_TOPIC },
  [KEY_PACKAGES] = { "packages", IN_TOPIC },
  [KEY_VISIBLE] = { "visible", IN_TOPIC },
  [KEY_CONFLICTS] = { "conflicts", IN_TOPIC },
  [KEY_REQUIRES] = { "requires", IN_TOPIC },
  [KEY_ARCHES] = { "arches", IN_TOPIC },
  [KEY_END_OF_SUPPORT] = { "end-of-support", IN_TOPIC },
  [KEY_SUCCESSOR] = { "successor", IN_TOPIC },
  [KEY_KERNEL_SERIES] = { "kernel-series", IN_TOPIC },
  [KEY_AL2023] = { "al2023", IN_TOPIC },
  [KEY_MOTD] = { "motd", IN_CATALOG },
  [KEY_CORE_END_OF_SUPPORT] = { "core-end-of-support", IN_CATALOG },
  [KEY_STABLE_ABI] = { "stable-abi", IN_CATALOG },
};

static void
document_clear (ExtrasTopicDocument *doc)
{
  for (int k = 0; k < N_KEYS; k++)
    {
      g_free (doc->strings[k]);
      g_clear_pointer (&doc->lists[k], g_ptr_array_unref);
      g_clear_pointer (&doc->marks[k], g_array_unref);
    }
  g_clear_pointer (&doc->index_arches, g_ptr_array_unref);
  g_clear_pointer (&doc->index_values, g_array_unref);
  g_clear_pointer (&doc->index_marks, g_array_unref);
  g_clear_pointer (&doc->arch_versions_arches, g_ptr_array_unref);
  g_clear_pointer (&doc->arch_versions_lists, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExtrasTopicDocument, document_clear)

/* One key of a mapping of architectures (`index`, `arch-versions`): the next
 * event is read; *@out_arch is NULL at the mapping's end.  An architecture
 * named twice, or more than MAX_ARCHES, is an error.  @seen holds the
 * architectures taken so far. */
static gboolean
take_arch_key (ExtrasYamlParser *p, const char *key, GPtrArray *seen, char **out_arch,
               GError **error)
{
  g_autofree char *arch = NULL;
  yaml_mark_t mark;

  *out_arch = NULL;
  if (!extras_yaml_advance (p, error))
    return FALSE;
  if (p->ev.type == YAML_MAPPING_END_EVENT)
    return TRUE;
  mark = p->ev.start_mark;
  /* Bounds the duplicate check below, which is quadratic. */
  if (seen->len >= MAX_ARCHES)
    return extras_yaml_set_error (error, p->origin, &mark,
                                  "more than %d architectures in '%s'; remove some", MAX_ARCHES,
                                  key);
  if (!extras_yaml_take_checked (p, key, &extras_yaml_arch_check, &arch, error))
    return FALSE;
  for (guint i = 0; i < seen->len; i++)
    if (strcmp (g_ptr_array_index (seen, i), arch) == 0)
      {
        g_autofree char *q = extras_yaml_quote (arch);

        return extras_yaml_set_error (error, p->origin, &mark,
                                      "architecture %s appears twice in '%s'; remove one", q, key);
      }
  *out_arch = g_steal_pointer (&arch);
  return extras_yaml_advance (p, error);
}

static gboolean
take_index (ExtrasYamlParser *p, ExtrasTopicDocument *doc, GError **error)
{
  const char *key = extras_document_keys[KEY_INDEX].name;

  if (p->ev.type != YAML_MAPPING_START_EVENT)
    return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                  "expected a mapping of architecture to position for 'index', "
                                  "found %s",
                                  extras_yaml_describe_event (p));
  doc->index_arches = g_ptr_array_new_with_free_func (g_free);
  doc->index_values = g_array_new (FALSE, FALSE, sizeof (int));
  doc->index_marks = g_array_new (FALSE, FALSE, sizeof (yaml_mark_t));
  for (;;)
    {
      g_autofree char *arch = NULL;
      int value;

      if (!take_arch_key (p, key, doc->index_arches, &arch, error))
        return FALSE;
      if (arch == NULL)
        return TRUE;
      if (!extras_yaml_take_int (p, key, 0, MAX_INDEX, &value, error))
        return FALSE;
      g_ptr_array_add (doc->index_arches, g_steal_pointer (&arch));
      g_array_append_val (doc->index_values, value);
      g_array_append_val (doc->index_marks, p->ev.start_mark);
    }
}

/* `arch-versions: {ARCH: [VERSION...], ...}`: the versions of some
 * architectures, where their catalogs listed others than `versions`. */
static gboolean
take_arch_versions (ExtrasYamlParser *p, ExtrasTopicDocument *doc, GError **error)
{
  const char *key = extras_document_keys[KEY_ARCH_VERSIONS].name;

  if (p->ev.type != YAML_MAPPING_START_EVENT)
    return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                  "expected a mapping of architecture to a list of versions for "
                                  "'arch-versions', found %s",
                                  extras_yaml_describe_event (p));
  doc->arch_versions_arches = g_ptr_array_new_with_free_func (g_free);
  doc->arch_versions_lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (;;)
    {
      g_autofree char *arch = NULL;
      g_autoptr (GPtrArray) list = NULL;
      g_autoptr (GArray) marks = NULL;

      if (!take_arch_key (p, key, doc->arch_versions_arches, &arch, error))
        return FALSE;
      if (arch == NULL)
        return TRUE;
      if (!extras_yaml_take_list (p, key, &extras_yaml_version_check, &list, &marks, error))
        return FALSE;
      g_ptr_array_add (doc->arch_versions_arches, g_steal_pointer (&arch));
      g_ptr_array_add (doc->arch_versions_lists, g_steal_pointer (&list));
    }
}

static gboolean
take_document_value (ExtrasYamlParser *p, ExtrasTopicDocument *doc, Key k, GError **error)
{
  const char *key = extras_document_keys[k].name;

  switch (k)
    {
    case KEY_VERSION:
      return extras_yaml_take_int (p, key, 0, 999999, &doc->version, error);
    case KEY_INDEX:
      return take_index (p, doc, error);
    case KEY_ARCH_VERSIONS:
      return take_arch_versions (p, doc, error);
    case KEY_DOCUMENT:
      return extras_yaml_take_checked (p, key, NULL, &doc->strings[k], error);
    case KEY_NAME:
    case KEY_SUCCESSOR:
      return extras_yaml_take_checked (p, key, &extras_yaml_topic_name_check, &doc->strings[k],
                                       error);
    case KEY_END_OF_SUPPORT:
    case KEY_CORE_END_OF_SUPPORT:
      return extras_yaml_take_checked (p, key, &extras_yaml_date_check, &doc->strings[k], error);
    case KEY_SUMMARY:
    case KEY_MOTD:
      {
        gboolean motd = k == KEY_MOTD;

        if (!extras_yaml_take_string (p, key, motd ? MAX_MOTD : MAX_STRING, &doc->strings[k],
                                      error))
          return FALSE;
        if (!extras_yaml_text_is_clean (doc->strings[k], motd))
          return extras_yaml_set_error (
              error, p->origin, &p->ev.start_mark,
              "the value of '%s' contains control characters%s; remove them", key,
              motd ? "" : " or line breaks");
        return TRUE;
      }
    case KEY_VERSIONS:
    case KEY_KERNEL_SERIES:
      return extras_yaml_take_list (p, key, &extras_yaml_version_check, &doc->lists[k],
                                    &doc->marks[k], error);
    case KEY_PACKAGES:
    case KEY_VISIBLE:
    case KEY_STABLE_ABI:
      return extras_yaml_take_list (p, key, &extras_yaml_package_check, &doc->lists[k],
                                    &doc->marks[k], error);
    case KEY_CONFLICTS:
    case KEY_REQUIRES:
      return extras_yaml_take_list (p, key, &extras_yaml_topic_name_check, &doc->lists[k],
                                    &doc->marks[k], error);
    case KEY_ARCHES:
      return extras_yaml_take_list (p, key, &extras_yaml_arch_check, &doc->lists[k], &doc->marks[k],
                                    error);
    case KEY_AL2023:
      /* `none` (or []) when Amazon Linux 2023 has no equivalent. */
      if (p->ev.type == YAML_SCALAR_EVENT
          && strcmp ((const char *) p->ev.data.scalar.value, "none") == 0)
        {
          doc->lists[k] = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (doc->lists[k], NULL);
          doc->marks[k] = g_array_new (FALSE, FALSE, sizeof (yaml_mark_t));
          return TRUE;
        }
      return extras_yaml_take_list (p, key, &extras_yaml_package_check, &doc->lists[k],
                                    &doc->marks[k], error);
    case N_KEYS:
    default:
      g_assert_not_reached ();
    }
}

/* The current event is DOCUMENT_START. */
static gboolean
parse_yaml_document (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, GError **error)
{
  g_auto (ExtrasTopicDocument) doc = { 0 };
  guint in;

  if (!extras_yaml_advance (p, error))
    return FALSE;
  /* An empty document (a stray `---`) holds nothing. */
  if (extras_yaml_scalar_is_null (p))
    return extras_yaml_expect (p, YAML_DOCUMENT_END_EVENT, "the end of the document", error);
  if (p->ev.type != YAML_MAPPING_START_EVENT)
    return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                  "expected a mapping starting with 'document: extras-topic' or "
                                  "'document: extras-catalog', found %s",
                                  extras_yaml_describe_event (p));
  doc.start = p->ev.start_mark;

  for (;;)
    {
      g_autofree char *name = NULL;
      yaml_mark_t key_mark;
      int k;

      if (!extras_yaml_advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_MAPPING_END_EVENT)
        break;
      key_mark = p->ev.start_mark;
      if (p->ev.type != YAML_SCALAR_EVENT || extras_yaml_scalar_is_null (p))
        return extras_yaml_set_error (error, p->origin, &key_mark, "expected a key, found %s",
                                      extras_yaml_describe_event (p));
      name = g_strndup ((const char *) p->ev.data.scalar.value, p->ev.data.scalar.length);
      for (k = 0; k < N_KEYS; k++)
        if (strcmp (extras_document_keys[k].name, name) == 0)
          break;
      if (k == N_KEYS)
        {
          g_autofree char *q = extras_yaml_quote (name);

          return extras_yaml_set_error (error, p->origin, &key_mark,
                                        "unknown key %s; remove it or fix its spelling", q);
        }
      if (doc.seen[k])
        return extras_yaml_set_error (error, p->origin, &key_mark,
                                      "duplicate key '%s' (first at line %zu); remove one", name,
                                      (size_t) doc.key_mark[k].line + 1);
      doc.seen[k] = TRUE;
      doc.key_mark[k] = key_mark;
      if (!extras_yaml_advance (p, error))
        return FALSE;
      doc.value_mark[k] = p->ev.start_mark;
      if (!take_document_value (p, &doc, k, error))
        return FALSE;
    }
  if (!extras_yaml_expect (p, YAML_DOCUMENT_END_EVENT, "the end of the document", error))
    return FALSE;

  if (!doc.seen[KEY_DOCUMENT])
    return extras_yaml_set_error (
        error, p->origin, &doc.start,
        "missing 'document: extras-topic' (or 'document: extras-catalog'); "
        "add it");
  if (strcmp (doc.strings[KEY_DOCUMENT], "extras-topic") == 0)
    in = IN_TOPIC;
  else if (strcmp (doc.strings[KEY_DOCUMENT], "extras-catalog") == 0)
    in = IN_CATALOG;
  else
    {
      g_autofree char *q = extras_yaml_quote (doc.strings[KEY_DOCUMENT]);

      return extras_yaml_set_error (error, p->origin, &doc.value_mark[KEY_DOCUMENT],
                                    "unknown document type %s; use extras-topic or extras-catalog",
                                    q);
    }
  if (!doc.seen[KEY_VERSION])
    return extras_yaml_set_error (error, p->origin, &doc.start, "missing 'version: 1'; add it");
  if (doc.version != 1)
    return extras_yaml_set_error (error, p->origin, &doc.value_mark[KEY_VERSION],
                                  "unsupported version %d; this tool reads version 1", doc.version);
  for (int k = 0; k < N_KEYS; k++)
    if (doc.seen[k] && !(extras_document_keys[k].in & in))
      return extras_yaml_set_error (error, p->origin, &doc.key_mark[k],
                                    "key '%s' does not belong in an %s document; %s",
                                    extras_document_keys[k].name, doc.strings[KEY_DOCUMENT],
                                    in == IN_TOPIC ? "move it to the extras-catalog document"
                                                   : "move it to a topic document");

  return in == IN_TOPIC ? extras_topic_document_add (b, p, &doc, error)
                        : extras_catalog_document_add (b, p, &doc, error);
}

gboolean
extras_catalog_parse_yaml (ExtrasCatalogBuilder *b, ExtrasYamlParser *p, GError **error)
{
  if (!extras_yaml_expect (p, YAML_STREAM_START_EVENT, "the start of the stream", error))
    return FALSE;
  for (;;)
    {
      if (!extras_yaml_advance (p, error))
        return FALSE;
      if (p->ev.type == YAML_STREAM_END_EVENT)
        return TRUE;
      if (p->ev.type != YAML_DOCUMENT_START_EVENT)
        return extras_yaml_set_error (error, p->origin, &p->ev.start_mark,
                                      "expected a document, found %s",
                                      extras_yaml_describe_event (p));
      if (!parse_yaml_document (b, p, error))
        return FALSE;
    }
}
