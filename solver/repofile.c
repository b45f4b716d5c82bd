/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one repo-file model: a .repo file as yum reads it (Python's
 * ConfigParser syntax: `key = value` and `key: value`, keys in any case,
 * indented continuation lines, `#` and `;` comments), kept as an ordered list
 * of sections with their raw lines, each with its own terminator ("\n",
 * "\r\n", or none for a last line without one), so that serialising is a
 * concatenation and every byte nobody changes comes back exactly as it was
 * read.  The state editor (state.c, state-edit.c) and the resolver's reader
 * of every .repo file (repoconf.c) both read through it. */
#include "repofile-private.h"
#include "extras-error.h"
#include "extras-state.h"
#include "util.h"

#include <string.h>

ExtrasRepoFile *
extras_repo_file_new (void)
{
  ExtrasRepoFile *file = g_new0 (ExtrasRepoFile, 1);

  file->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_repo_section_free);
  file->index = g_hash_table_new (g_str_hash, g_str_equal);
  return file;
}

void
extras_repo_file_free (ExtrasRepoFile *file)
{
  if (file == NULL)
    return;
  g_hash_table_unref (file->index);
  g_ptr_array_unref (file->sections);
  g_free (file);
}

void
extras_repo_file_add_section (ExtrasRepoFile *file, ExtrasRepoSection *section)
{
  g_ptr_array_add (file->sections, section);
  /* Remembered unless an earlier section has its name. */
  if (section->name != NULL && !g_hash_table_contains (file->index, section->name))
    g_hash_table_insert (file->index, section->name, section);
}

ExtrasRepoSection *
extras_repo_file_find_section (const ExtrasRepoFile *file, const char *id)
{
  return g_hash_table_lookup (file->index, id);
}

char *
extras_repo_section_dup_value (const ExtrasRepoSection *section, const char *key)
{
  g_autoptr (GString) value = NULL;
  gboolean continuing = FALSE;

  for (guint i = 1; i < section->lines->len; i++)
    {
      const char *line = g_ptr_array_index (section->lines, i);
      gsize start, len;
      g_autofree char *k = extras_repo_line_get_key (line, &start, &len);

      if (k == NULL)
        {
          /* An indented line continues the value before it, as in ConfigParser. */
          if (line[0] != ' ' && line[0] != '\t')
            continuing = FALSE;
          else if (continuing && !extras_repo_line_is_blank (line))
            {
              g_autofree char *more = g_strndup (line, extras_repo_line_content_len (line));
              g_string_append_c (value, '\n');
              g_string_append (value, g_strstrip (more));
            }
          continue;
        }
      /* As in ConfigParser, the last occurrence of a key wins. */
      continuing = g_str_equal (k, key);
      if (continuing)
        {
          if (value != NULL)
            g_string_free (value, TRUE);
          value = g_string_new_len (line + start, len);
        }
    }
  return value != NULL ? g_string_free (g_steal_pointer (&value), FALSE) : NULL;
}

void
extras_repo_section_free (ExtrasRepoSection *chunk)
{
  if (chunk == NULL)
    return;
  g_free (chunk->name);
  g_ptr_array_unref (chunk->lines);
  g_free (chunk);
}

ExtrasRepoFile *
extras_repo_file_dup (const ExtrasRepoFile *file)
{
  ExtrasRepoFile *copy = extras_repo_file_new ();

  for (guint i = 0; i < file->sections->len; i++)
    {
      const ExtrasRepoSection *section = g_ptr_array_index (file->sections, i);
      ExtrasRepoSection *dup = extras_repo_section_new (section->name);

      for (guint j = 0; j < section->lines->len; j++)
        g_ptr_array_add (dup->lines, g_strdup (g_ptr_array_index (section->lines, j)));
      extras_repo_file_add_section (copy, dup);
    }
  return copy;
}

ExtrasRepoSection *
extras_repo_section_new (const char *name)
{
  ExtrasRepoSection *chunk = g_new0 (ExtrasRepoSection, 1);

  chunk->name = g_strdup (name);
  chunk->lines = g_ptr_array_new_with_free_func (g_free);
  return chunk;
}

/* Length of @line without its terminator. */
gsize
extras_repo_line_content_len (const char *line)
{
  gsize len = strlen (line);

  if (len > 0 && line[len - 1] == '\n')
    len--;
  if (len > 0 && line[len - 1] == '\r')
    len--;
  return len;
}

gboolean
extras_repo_line_is_terminated (const char *line)
{
  gsize len = strlen (line);
  return len > 0 && line[len - 1] == '\n';
}

gboolean
extras_repo_line_is_blank (const char *line)
{
  for (const char *p = line; *p != '\0'; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
      return FALSE;
  return TRUE;
}

const char *
extras_repo_line_terminator (const char *line)
{
  gsize len = strlen (line);

  if (len >= 2 && line[len - 2] == '\r' && line[len - 1] == '\n')
    return "\r\n";
  if (len >= 1 && line[len - 1] == '\n')
    return "\n";
  return "";
}

/* If @line is a `key = value` (or `key: value`, as Python's ConfigParser
 * that yum uses also accepts) line, returns the key, lower-cased as
 * ConfigParser does, and the value's offset and length; else NULL. */
char *
extras_repo_line_get_key (const char *line, gsize *out_value_start, gsize *out_value_len)
{
  gsize len = extras_repo_line_content_len (line);
  gsize sep;
  gsize start;
  gsize end;
  g_autofree char *key = NULL;

  if (len == 0 || g_ascii_isspace (line[0]) || line[0] == '#' || line[0] == ';' || line[0] == '[')
    return NULL;
  for (sep = 0; sep < len && line[sep] != '=' && line[sep] != ':'; sep++)
    ;
  if (sep == len)
    return NULL;
  key = g_ascii_strdown (line, sep);
  g_strstrip (key);
  start = sep + 1;
  while (start < len && (line[start] == ' ' || line[start] == '\t'))
    start++;
  end = len;
  while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t'))
    end--;
  if (out_value_start != NULL)
    *out_value_start = start;
  if (out_value_len != NULL)
    *out_value_len = end - start;
  return g_steal_pointer (&key);
}

static void
set_parse_error_at (GError **error, const char *origin, guint lineno, const char *what,
                    const char *text, gsize text_len, const char *hint)
{
  g_autofree char *shown = g_strndup (text, MIN (text_len, 60));
  g_autofree char *escaped = g_strescape (shown, NULL);

  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE, "%s:%u: %s \"%s%s\"; %s", origin, lineno,
               what, escaped, text_len > 60 ? "..." : "", hint);
}

/* The lines Python's ConfigParser (which yum reads repo files with) accepts,
 * apart from section headers: blank lines and comments anywhere; in a
 * section, `key = value` / `key: value` and indented continuation lines.
 * Anything else makes yum refuse the whole file, so we refuse it too rather
 * than write a file back that yum cannot read. */
static gboolean
line_is_valid (const char *line, gsize content_len, gboolean in_section)
{
  if (content_len == 0 || line[0] == '#' || line[0] == ';')
    return TRUE;
  if (line[0] == ' ' || line[0] == '\t')
    {
      for (gsize i = 0; i < content_len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
          return in_section;
      return TRUE;
    }
  if (!in_section || line[0] == '=' || line[0] == ':')
    return FALSE;
  for (gsize i = 0; i < content_len; i++)
    if (line[i] == '=' || line[i] == ':')
      return TRUE;
  return FALSE;
}

static gboolean
value_is_true (const char *value, gsize len)
{
  gboolean result;

  return extras_parse_boolean (value, (gssize) len, &result) && result;
}

ExtrasRepoFile *
extras_repo_file_new_from_data (const char *data, gsize len, const char *origin, GError **error)
{
  g_autoptr (ExtrasRepoFile) file = extras_repo_file_new ();
  ExtrasRepoSection *current;
  gsize pos = 0;
  guint lineno = 0;
  const char *nul;

  if (origin == NULL)
    origin = "(repo file)";
  if (len > EXTRAS_STATE_MAX_FILE_SIZE)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "%s: file is larger than %d bytes; it is not a repo file this tool wrote, "
                   "move it away",
                   origin, EXTRAS_STATE_MAX_FILE_SIZE);
      return NULL;
    }
  nul = len > 0 ? memchr (data, '\0', len) : NULL;
  if (nul != NULL)
    {
      guint nul_line = 1;
      for (const char *p = data; p < nul; p++)
        nul_line += (*p == '\n');
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "%s:%u: NUL byte: this is not a text repo file; restore it or move it away",
                   origin, nul_line);
      return NULL;
    }

  current = extras_repo_section_new (NULL);
  extras_repo_file_add_section (file, current);
  while (pos < len)
    {
      const char *line = data + pos;
      const char *nl = memchr (line, '\n', len - pos);
      gsize line_len = nl != NULL ? (gsize) (nl - line) + 1 : len - pos;
      gsize content_len;

      lineno++;
      pos += line_len;
      if (!g_utf8_validate (line, (gssize) line_len, NULL))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                       "%s:%u: invalid UTF-8: this is not a text repo file; fix the line or "
                       "move the file away",
                       origin, lineno);
          return NULL;
        }
      content_len = line_len;
      while (content_len > 0
             && (line[content_len - 1] == '\n' || line[content_len - 1] == '\r'
                 || line[content_len - 1] == ' ' || line[content_len - 1] == '\t'))
        content_len--;

      if (line[0] == '[')
        {
          const char *close = memchr (line, ']', content_len);
          g_autofree char *name = NULL;

          if (close == NULL)
            {
              set_parse_error_at (error, origin, lineno, "truncated section header", line,
                                  content_len, "end it with ']' or remove the line");
              return NULL;
            }
          if (close == line + 1)
            {
              set_parse_error_at (error, origin, lineno, "empty section header", line, content_len,
                                  "name the section or remove the line");
              return NULL;
            }
          name = g_strndup (line + 1, close - line - 1);
          current = extras_repo_section_new (name);
          extras_repo_file_add_section (file, current);
        }
      else if (!line_is_valid (line, content_len, current->name != NULL))
        {
          set_parse_error_at (error, origin, lineno,
                              current->name != NULL ? "not a `key = value` line"
                                                    : "text before the first [section]",
                              line, content_len,
                              "yum cannot read this file either: fix or remove the line");
          return NULL;
        }
      g_ptr_array_add (current->lines, g_strndup (line, line_len));
    }
  return g_steal_pointer (&file);
}

gboolean
extras_repo_section_is_enabled (const ExtrasRepoSection *chunk)
{
  /* yum's default for a repository without `enabled` is enabled. */
  gboolean enabled = TRUE;

  for (guint i = 1; i < chunk->lines->len; i++)
    {
      const char *line = g_ptr_array_index (chunk->lines, i);
      gsize start, len;
      g_autofree char *key = extras_repo_line_get_key (line, &start, &len);

      /* As in ConfigParser, the last occurrence of a key wins. */
      if (key != NULL && g_str_equal (key, "enabled"))
        enabled = value_is_true (line + start, len);
    }
  return enabled;
}

gsize
extras_repo_file_size (const ExtrasRepoFile *file)
{
  gsize size = 0;

  for (guint i = 0; i < file->sections->len; i++)
    {
      ExtrasRepoSection *chunk = g_ptr_array_index (file->sections, i);
      for (guint j = 0; j < chunk->lines->len; j++)
        size += strlen (g_ptr_array_index (chunk->lines, j));
    }
  return size;
}

GBytes *
extras_repo_file_to_bytes (const ExtrasRepoFile *file)
{
  GString *out = g_string_sized_new (extras_repo_file_size (file) + 1);

  for (guint i = 0; i < file->sections->len; i++)
    {
      ExtrasRepoSection *section = g_ptr_array_index (file->sections, i);
      for (guint j = 0; j < section->lines->len; j++)
        g_string_append (out, g_ptr_array_index (section->lines, j));
    }
  return g_string_free_to_bytes (out);
}
