/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "render.h"

#include <string.h>

#define LIST_WIDTH 70

static char *
display_name (ExtrasState *state, ExtrasTopic *topic)
{
  const char *name = extras_topic_get_name (topic);
  const char *version = extras_state_get_version (state, name);

  if (version != NULL)
    return g_strdup_printf ("%s=%s", name, version);
  return g_strdup (name);
}

/* The name of the enabled topic that @topic may not be enabled with, or NULL. */
static const char *
blocked_by (ExtrasCatalog *catalog, ExtrasState *state, ExtrasTopic *topic)
{
  ExtrasTopic *other = extras_state_get_blocked_by (state, catalog, topic);

  return other != NULL ? extras_topic_get_name (other) : NULL;
}

/* Python's textwrap: chunks are runs of spaces and runs of the rest; a line
 * takes chunks while they fit; whitespace is dropped at line ends and at the
 * start of every line but the first. */
void
extras_render_wrap (GString *out, const char *text, const char *initial_indent,
                    const char *subsequent_indent, guint width)
{
  g_autoptr (GPtrArray) chunks = g_ptr_array_new_with_free_func (g_free);
  guint next = 0;
  gboolean first_line = TRUE;

  for (const char *p = text; *p != '\0';)
    {
      gboolean space = (*p == ' ');
      const char *start = p;

      while (*p != '\0' && (*p == ' ') == space)
        p++;
      g_ptr_array_add (chunks, g_strndup (start, p - start));
    }

  while (next < chunks->len)
    {
      const char *indent = first_line ? initial_indent : subsequent_indent;
      glong avail = (glong) width - g_utf8_strlen (indent, -1);
      g_autoptr (GString) line = g_string_new (NULL);
      glong len = 0;

      if (!first_line && ((char *) chunks->pdata[next])[0] == ' ')
        next++;
      while (next < chunks->len)
        {
          const char *chunk = chunks->pdata[next];
          glong clen = g_utf8_strlen (chunk, -1);

          if (len + clen > avail)
            {
              /* A word longer than a whole line is broken (break_long_words). */
              if (len == 0 && chunk[0] != ' ')
                {
                  const char *cut = g_utf8_offset_to_pointer (chunk, MAX (avail, 1));
                  char *rest = g_strdup (cut);

                  g_string_append_len (line, chunk, cut - chunk);
                  len += MAX (avail, 1);
                  g_free (chunks->pdata[next]);
                  chunks->pdata[next] = rest;
                }
              break;
            }
          g_string_append (line, chunk);
          len += clen;
          next++;
        }
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      if (line->len > 0)
        g_string_append_printf (out, "%s%s\n", indent, line->str);
      first_line = FALSE;
    }
}

static char *
versions_text (ExtrasTopic *topic, const char *arch)
{
  g_autoptr (GString) text = g_string_new ("[");
  const char *const *versions = extras_topic_get_versions_for_arch (topic, arch);

  for (gsize i = 0; versions[i] != NULL; i++)
    g_string_append_printf (text, "%s=%s", i == 0 ? " " : "  ", versions[i]);
  g_string_append (text, " ]");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_shown (ExtrasState *state, ExtrasTopic *topic, const char *today)
{
  return extras_topic_get_eos (topic, today) != EXTRAS_EOS_REACHED
         || extras_state_is_enabled (state, extras_topic_get_name (topic));
}

const char *
extras_render_state_word (ExtrasState *state, const char *name)
{
  if (extras_state_is_enabled (state, name))
    return "enabled";
  if (extras_state_has_topic (state, name))
    return "disabled";
  return "available";
}

void
extras_render_list (GString *out, ExtrasCatalog *catalog, ExtrasState *state, const char *arch,
                    const char *today)
{
  g_autoptr (GPtrArray) topics = extras_catalog_dup_topics_for_arch (catalog, arch);
  glong name_width = 0;
  gboolean used_reached = FALSE, used_note = FALSE;

  /* The name column fits the longest display name of the whole catalog,
   * hidden topics and other architectures included, as the original's did. */
  for (guint i = 0; i < extras_catalog_get_n_topics (catalog); i++)
    {
      g_autofree char *name = display_name (state, extras_catalog_get_topic (catalog, i));
      name_width = MAX (name_width, g_utf8_strlen (name, -1));
    }
  name_width += 2;

  for (guint i = 0; i < topics->len; i++)
    {
      ExtrasTopic *topic = topics->pdata[i];
      const char *name = extras_topic_get_name (topic);
      ExtrasEos eos = extras_topic_get_eos (topic, today);
      g_autofree char *shown_name = display_name (state, topic);
      g_autofree char *index = NULL;
      g_autofree char *versions = versions_text (topic, arch);
      g_autoptr (GString) line = g_string_new (NULL);
      const char *marker = " ";

      if (!is_shown (state, topic, today))
        continue;
      if (blocked_by (catalog, state, topic) != NULL)
        index = g_strdup ("_");
      else
        index = g_strdup_printf ("%d", extras_topic_get_index (topic, arch));
      if (eos == EXTRAS_EOS_REACHED)
        {
          marker = "*";
          used_reached = TRUE;
        }
      else if (eos == EXTRAS_EOS_NOTE)
        {
          marker = "\u2020";
          used_note = TRUE;
        }

      g_string_append_printf (line, "%3s %s%s", index, marker, shown_name);
      for (glong pad = g_utf8_strlen (shown_name, -1); pad < name_width; pad++)
        g_string_append_c (line, ' ');
      g_string_append_printf (line, "%-11s  ", extras_render_state_word (state, name));

      if (g_utf8_strlen (line->str, -1) + g_utf8_strlen (versions, -1) < LIST_WIDTH)
        g_string_append_printf (out, "%s%s\n", line->str, versions);
      else
        {
          g_string_append_printf (out, "%s\\\n", line->str);
          extras_render_wrap (out, versions, "        ", "          ", LIST_WIDTH);
        }
    }
  if (used_reached)
    g_string_append (out, EXTRAS_FOOTNOTE_REACHED "\n");
  if (used_note)
    g_string_append (out, EXTRAS_FOOTNOTE_NOTE "\n");
}

const char *
extras_render_support_status (ExtrasSupport support)
{
  return support.eos == EXTRAS_EOS_REACHED ? "unsupported" : "supported";
}

void
extras_render_topic_json (ExtrasJson *json, ExtrasCatalog *catalog, ExtrasState *state,
                          ExtrasTopic *topic, const char *arch, const char *today)
{
  const char *name = extras_topic_get_name (topic);
  ExtrasSupport support = extras_policy_get_support (catalog, topic, today);

  extras_json_begin_object (json);
  extras_json_key (json, "index");
  extras_json_int (json, extras_topic_get_index (topic, arch));
  extras_json_key (json, "name");
  extras_json_string (json, name);
  extras_json_key (json, "summary");
  extras_json_string (json, extras_topic_get_summary (topic));
  extras_json_key (json, "state");
  extras_json_string (json, extras_render_state_word (state, name));
  extras_json_key (json, "enabled_version");
  extras_json_string (json, extras_state_get_version (state, name));
  extras_json_key (json, "versions");
  extras_json_strv (json, extras_topic_get_versions_for_arch (topic, arch));
  extras_json_key (json, "packages");
  extras_json_strv (json, extras_topic_get_packages (topic));
  extras_json_key (json, "visible");
  extras_json_strv (json, extras_topic_get_visible (topic));
  extras_json_key (json, "conflicts");
  extras_json_strv (json, extras_topic_get_conflicts (topic));
  extras_json_key (json, "requires");
  extras_json_strv (json, extras_topic_get_requires (topic));
  extras_json_key (json, "arches");
  extras_json_strv (json, extras_topic_get_arches (topic));
  extras_json_key (json, "kernel_series");
  extras_json_strv (json, extras_topic_get_kernel_series (topic));
  extras_json_key (json, "blocked_by");
  extras_json_string (json, blocked_by (catalog, state, topic));
  /* The support policy: the date that applies to the topic's packages and
   * where it comes from; `deprecated_at` is the catalog's own date for the
   * topic, which `list` markers and hiding follow. */
  extras_json_key (json, "support_status");
  extras_json_string (json, extras_render_support_status (support));
  extras_json_key (json, "lts");
  extras_json_bool (json, support.lts);
  extras_json_key (json, "end_of_support");
  extras_json_string (json, support.end_of_support);
  extras_json_key (json, "end_of_support_from");
  extras_json_string (json, extras_support_source_to_string (support.source));
  extras_json_key (json, "eos");
  extras_json_string (json, extras_eos_to_string (support.eos));
  extras_json_key (json, "deprecated_at");
  extras_json_string (json, extras_topic_get_end_of_support (topic));
  extras_json_key (json, "successor");
  extras_json_string (json, extras_topic_get_successor (topic));
  extras_render_replacement_json (json,
                                  extras_policy_get_replacement (catalog, topic, arch, today));
  /* What to do instead, in the library's words, once its support has ended. */
  extras_json_key (json, "advice");
  if (support.eos == EXTRAS_EOS_REACHED)
    {
      g_autofree char *advice = extras_policy_dup_advice (catalog, topic, arch, today);
      extras_json_string (json, advice);
    }
  else
    extras_json_null (json);
  extras_json_key (json, "hidden");
  extras_json_bool (json, !is_shown (state, topic, today));
  extras_json_key (json, "repo_ids");
  {
    g_auto (GStrv) ids = extras_state_dup_repo_ids (state, name);
    extras_json_strv (json, (const char *const *) ids);
  }
  extras_json_end_object (json);
}

void
extras_render_replacement_json (ExtrasJson *json, ExtrasReplacement r)
{
  extras_json_key (json, "live_successor");
  extras_json_string (json, r.successor != NULL ? extras_topic_get_name (r.successor) : NULL);
  extras_json_key (json, "al2023");
  if (r.al2023 != NULL)
    extras_json_strv (json, r.al2023);
  else
    extras_json_null (json);
  extras_json_key (json, "al2023_from");
  extras_json_string (json, r.al2023_from != NULL ? extras_topic_get_name (r.al2023_from) : NULL);
}

void
extras_render_list_json (ExtrasJson *json, ExtrasCatalog *catalog, ExtrasState *state,
                         const char *arch, const char *today)
{
  g_autoptr (GPtrArray) topics = extras_catalog_dup_topics_for_arch (catalog, arch);

  extras_json_key (json, "topics");
  extras_json_begin_array (json);
  for (guint i = 0; i < topics->len; i++)
    extras_render_topic_json (json, catalog, state, topics->pdata[i], arch, today);
  extras_json_end_array (json);
}
