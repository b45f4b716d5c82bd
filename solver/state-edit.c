/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Editing the state: enabling a topic (its three sections in the original's
 * exact format, or existing ones re-enabled and pointed at the version) and
 * disabling one, every other byte of the file kept. */
#include "state-private.h"
#include "glib-compat.h"
#include "extras-error.h"
#include "extras-topic.h"

#include <string.h>

static gboolean
check_name (const char *name, const char *what, GError **error)
{
  g_autofree char *escaped = NULL;

  if (extras_name_is_valid (name))
    return TRUE;
  escaped = g_strescape (name != NULL ? name : "", NULL);
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_INVALID_NAME,
               "invalid %s name \"%s\": use 1 to 64 letters, digits, '.', '_' or '-', "
               "starting with a letter or digit",
               what, escaped);
  return FALSE;
}

/* URL_FORMAT, when set, is a template for the whole repository URL, with
 * `{topic}`, `{version}` and `{arch}` (`$basearch`, `SRPMS` or
 * `debuginfo/$basearch`) filled in and yum variables left for yum; the
 * original's is `$awsproto://$amazonlinux.$awsregion.$awsdomain/$releasever/
 * extras/{topic}/{version}/{arch}`.  It may end in `/mirror.list` or not:
 * `/mirror.list` is appended for a mirrorlist and removed for a baseurl
 * (USE_MIRRORLIST=0).  This is inferred: the original's own semantics are not
 * known from public material. */
static char *
build_url (const ExtrasState *state, const char *name, const char *version, SectionKind kind)
{
  const char *arch = kind == KIND_SOURCE      ? "SRPMS"
                     : kind == KIND_DEBUGINFO ? "debuginfo/$basearch"
                                              : "$basearch";
  g_autoptr (GString) url = NULL;

  if (state->url_format != NULL)
    {
      url = g_string_new (state->url_format);
      if (g_str_has_suffix (url->str, MIRRORLIST_SUFFIX))
        g_string_truncate (url, url->len - strlen (MIRRORLIST_SUFFIX));
      extras_string_replace (url, "{topic}", name);
      extras_string_replace (url, "{version}", version);
      extras_string_replace (url, "{arch}", arch);
    }
  else
    {
      url = g_string_new (NULL);
      g_string_printf (url, DEFAULT_URL_BASE "/%s/%s/%s", name, version, arch);
    }
  if (state->use_mirrorlist)
    g_string_append (url, MIRRORLIST_SUFFIX);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

static char *
url_line (const ExtrasState *state, const char *name, const char *version, SectionKind kind,
          const char *terminator)
{
  g_autofree char *url = build_url (state, name, version, kind);

  return g_strdup_printf ("%s = %s%s", state->use_mirrorlist ? "mirrorlist" : "baseurl", url,
                          terminator);
}

static ExtrasRepoSection *
section_new (const ExtrasState *state, const char *name, const char *version, SectionKind kind)
{
  static const char *const tails[] = {
    "gpgcheck = 1\n",
    "gpgkey = " GPGKEY "\n",
    "priority = 10\n",
    "skip_if_unavailable = 1\n",
    "report_instanceid = yes\n",
  };
  g_autofree char *id = extras_state_section_id (state, name, kind);
  ExtrasRepoSection *chunk = extras_repo_section_new (id);
  const char *label = kind == KIND_SOURCE      ? "source repo"
                      : kind == KIND_DEBUGINFO ? "debuginfo repo"
                                               : "repo";

  g_ptr_array_add (chunk->lines, g_strdup_printf ("[%s]\n", id));
  g_ptr_array_add (chunk->lines,
                   g_strdup (kind == KIND_BINARY ? "enabled = 1\n" : "enabled = 0\n"));
  g_ptr_array_add (chunk->lines, g_strdup_printf ("name = Amazon Extras %s for %s\n", label, name));
  g_ptr_array_add (chunk->lines, url_line (state, name, version, kind, "\n"));
  for (guint i = 0; i < G_N_ELEMENTS (tails); i++)
    g_ptr_array_add (chunk->lines, g_strdup (tails[i]));
  return chunk;
}

/* Makes the line right after the header `enabled = VALUE`, the only
 * `enabled` line of the section (scripts depend on that position). */
static void
chunk_set_enabled (ExtrasRepoSection *chunk, gboolean enabled)
{
  const char *header = g_ptr_array_index (chunk->lines, 0);
  const char *terminator = extras_repo_line_terminator (header);
  guint i = 1;

  while (i < chunk->lines->len)
    {
      g_autofree char *key
          = extras_repo_line_get_key (g_ptr_array_index (chunk->lines, i), NULL, NULL);

      if (key == NULL || !g_str_equal (key, "enabled"))
        {
          i++;
          continue;
        }
      g_ptr_array_remove_index (chunk->lines, i);
      /* and its continuation lines, if any */
      while (i < chunk->lines->len)
        {
          const char *next = g_ptr_array_index (chunk->lines, i);
          if ((next[0] != ' ' && next[0] != '\t') || extras_repo_line_is_blank (next))
            break;
          g_ptr_array_remove_index (chunk->lines, i);
        }
    }

  if (terminator[0] == '\0')
    {
      /* The header was the file's last line, without a newline: give it one
       * and leave the file ending as it did, without one. */
      char *old = g_ptr_array_index (chunk->lines, 0);
      chunk->lines->pdata[0] = g_strconcat (old, "\n", NULL);
      g_free (old);
    }
  g_ptr_array_insert (chunk->lines, 1,
                      g_strconcat ("enabled = ", enabled ? "1" : "0", terminator, NULL));
}

/* Points the URLs of a section at @version. */
static void
chunk_set_version (const ExtrasState *state, ExtrasRepoSection *chunk, const char *name,
                   const char *version, SectionKind kind)
{
  for (guint i = 1; i < chunk->lines->len; i++)
    {
      char *line = g_ptr_array_index (chunk->lines, i);
      gsize start, len, seg_start, seg_len;
      g_autofree char *key = extras_repo_line_get_key (line, &start, &len);
      char *replacement;

      if (key == NULL || !extras_state_key_is_url (key))
        continue;
      if (extras_state_find_version_segment (line + start, len, name, &seg_start, &seg_len))
        {
          if (seg_len == strlen (version)
              && strncmp (line + start + seg_start, version, seg_len) == 0)
            continue;
          replacement = g_strdup_printf ("%.*s%s%s", (int) (start + seg_start), line, version,
                                         line + start + seg_start + seg_len);
        }
      else
        {
          /* A URL that shows no version cannot be pointed at one: write ours. */
          replacement = url_line (state, name, version, kind, extras_repo_line_terminator (line));
        }
      chunk->lines->pdata[i] = replacement;
      g_free (line);
    }
}

/* Gets the end of the file ready for new sections: a final newline and
 * exactly one blank line after what is there (nothing in an empty file). */
static void
prepare_append (ExtrasState *state)
{
  ExtrasRepoSection *last
      = g_ptr_array_index (state->file->sections, state->file->sections->len - 1);

  while (last->lines->len > 0)
    {
      const char *line = g_ptr_array_index (last->lines, last->lines->len - 1);
      /* A section header is never dropped, even a blank-looking one. */
      if (!extras_repo_line_is_blank (line) || (last->name != NULL && last->lines->len == 1))
        break;
      g_ptr_array_remove_index (last->lines, last->lines->len - 1);
    }
  if (extras_repo_file_size (state->file) == 0)
    return;
  if (last->lines->len > 0)
    {
      char *line = g_ptr_array_index (last->lines, last->lines->len - 1);
      if (!extras_repo_line_is_terminated (line))
        {
          last->lines->pdata[last->lines->len - 1] = g_strconcat (line, "\n", NULL);
          g_free (line);
        }
    }
  g_ptr_array_add (last->lines, g_strdup ("\n"));
}

gboolean
extras_state_enable (ExtrasState *state, const char *name, const char *version, GError **error)
{
  const SectionKind kinds[] = { KIND_SOURCE, KIND_DEBUGINFO, KIND_BINARY };
  g_autoptr (GPtrArray) missing
      = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_repo_section_free);

  g_clear_pointer (&state->enabled, g_strfreev);
  if (!check_name (name, "topic", error))
    return FALSE;
  if (version == NULL)
    version = "latest";
  if (!extras_version_is_valid (version))
    {
      g_autofree char *escaped = g_strescape (version, NULL);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_INVALID_NAME,
                   "invalid version \"%s\": use 1 to 64 letters, digits, '.', '_', '+', '~' or "
                   "'-', starting with a letter or digit",
                   escaped);
      return FALSE;
    }

  g_hash_table_remove (state->versions, name);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *id = extras_state_section_id (state, name, kinds[k]);
      gboolean found = FALSE;

      for (guint i = 0; i < state->file->sections->len; i++)
        {
          ExtrasRepoSection *chunk = g_ptr_array_index (state->file->sections, i);
          if (chunk->name == NULL || !g_str_equal (chunk->name, id))
            continue;
          found = TRUE;
          if (kinds[k] == KIND_BINARY)
            chunk_set_enabled (chunk, TRUE);
          chunk_set_version (state, chunk, name, version, kinds[k]);
        }
      if (!found)
        g_ptr_array_add (missing, section_new (state, name, version, kinds[k]));
    }

  if (missing->len == 0)
    return TRUE;
  prepare_append (state);
  for (guint i = 0; i < missing->len; i++)
    {
      ExtrasRepoSection *chunk = g_ptr_array_index (missing, i);
      if (i + 1 < missing->len)
        g_ptr_array_add (chunk->lines, g_strdup ("\n"));
      extras_repo_file_add_section (state->file, chunk);
      missing->pdata[i] = NULL;
    }
  return TRUE;
}

gboolean
extras_state_disable (ExtrasState *state, const char *name, GError **error)
{
  g_autofree char *id = NULL;
  gboolean found = FALSE;

  g_clear_pointer (&state->enabled, g_strfreev);
  if (!check_name (name, "topic", error))
    return FALSE;
  id = extras_state_section_id (state, name, KIND_BINARY);
  for (guint i = 0; i < state->file->sections->len; i++)
    {
      ExtrasRepoSection *chunk = g_ptr_array_index (state->file->sections, i);
      if (chunk->name == NULL || !g_str_equal (chunk->name, id))
        continue;
      found = TRUE;
      chunk_set_enabled (chunk, FALSE);
    }
  if (!found)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_TOPIC,
                   "topic %s is not enabled; there is nothing to disable", name);
      return FALSE;
    }
  return TRUE;
}
