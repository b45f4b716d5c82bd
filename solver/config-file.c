/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* amazon-linux-extras.conf: the shell fragments the original's wrapper
 * sourced, parsed as assignments and never run (config-private.h). */
#include "config-private.h"
#include "extras-error.h"
#include "safe-path.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* Configuration files larger than this are not shell fragments anyone wrote
 * by hand; refuse them rather than read them into memory. */
#define CONFIG_MAX_FILE_SIZE (256 * 1024)

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

static void
set_parse_error (GError **error, const char *path, guint lineno, const char *what)
{
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
               "%s:%u: %s; write VAR=value (optionally quoted) or a # comment", path, lineno, what);
}

/* Parses one line of a shell fragment.  Supported: blank lines, `# comments`,
 * `VAR=value` and `export VAR=value`, where value is a concatenation of bare
 * words, '...' (literal) and "..." (with \\ \" \$ \` escapes) and may be
 * followed by blanks and a comment.  No expansion is done: `$` is kept as is.
 * Anything else (commands, several assignments, an unterminated quote) is an
 * error, because the original would have run it and we will not.
 * On success *out_name is NULL for a line with no assignment. */
static gboolean
parse_conf_line (const char *line, const char *path, guint lineno, char **out_name,
                 char **out_value, GError **error)
{
  const char *p = line;
  const char *name_start;
  gboolean exported = FALSE;
  g_autofree char *name = NULL;
  g_autoptr (GString) value = g_string_new (NULL);

  while (is_blank (*p))
    p++;
  if (*p == '\0' || *p == '#')
    {
      *out_name = NULL;
      *out_value = NULL;
      return TRUE;
    }
  if (g_str_has_prefix (p, "export") && (p[6] == ' ' || p[6] == '\t'))
    {
      p += 6;
      while (is_blank (*p))
        p++;
      exported = TRUE;
    }
  if (!is_name_start (*p))
    {
      set_parse_error (error, path, lineno, "not a variable assignment");
      return FALSE;
    }
  name_start = p;
  while (is_name_char (*p))
    p++;
  if (exported && (*p == '\0' || *p == '#' || is_blank (*p)))
    {
      /* `export VAR` alone exports what is already set: nothing to read. */
      while (is_blank (*p))
        p++;
      if (*p == '\0' || *p == '#')
        {
          *out_name = NULL;
          *out_value = NULL;
          return TRUE;
        }
    }
  if (*p != '=')
    {
      set_parse_error (error, path, lineno,
                       "not a variable assignment (expected '=' after the name)");
      return FALSE;
    }
  name = g_strndup (name_start, p - name_start);
  p++;

  while (*p != '\0' && !is_blank (*p))
    {
      if (*p == '\'')
        {
          const char *end = strchr (p + 1, '\'');
          if (end == NULL)
            {
              set_parse_error (error, path, lineno, "unterminated single quote");
              return FALSE;
            }
          g_string_append_len (value, p + 1, end - p - 1);
          p = end + 1;
        }
      else if (*p == '"')
        {
          p++;
          while (*p != '"')
            {
              if (*p == '\0')
                {
                  set_parse_error (error, path, lineno, "unterminated double quote");
                  return FALSE;
                }
              if (*p == '\\' && p[1] != '\0' && strchr ("\\\"$`", p[1]) != NULL)
                p++;
              else if (*p == '`' || (*p == '$' && p[1] == '('))
                {
                  set_parse_error (error, path, lineno, "command substitution is not supported");
                  return FALSE;
                }
              g_string_append_c (value, *p);
              p++;
            }
          p++;
        }
      else if (*p == '\\')
        {
          if (p[1] == '\0' || p[1] == '\r')
            {
              set_parse_error (error, path, lineno, "line continuations are not supported");
              return FALSE;
            }
          g_string_append_c (value, p[1]);
          p += 2;
        }
      else if (strchr (";&|<>()`", *p) != NULL || (*p == '$' && p[1] == '('))
        {
          set_parse_error (error, path, lineno,
                           "shell commands are not supported, only assignments");
          return FALSE;
        }
      else
        {
          g_string_append_c (value, *p);
          p++;
        }
    }
  while (is_blank (*p))
    p++;
  if (*p != '\0' && *p != '#')
    {
      set_parse_error (error, path, lineno,
                       "unexpected text after the value (quote values with spaces)");
      return FALSE;
    }

  *out_name = g_steal_pointer (&name);
  *out_value = g_string_free (g_steal_pointer (&value), FALSE);
  return TRUE;
}

/* Reads @path (no symlink followed, a regular file, at most @max bytes);
 * a missing file sets @out_missing.  With @owner_only, a file that the user
 * running this process does not own is skipped as if missing: root never
 * reads a configuration that another user controls (sudo -E, su without -). */
static gboolean
read_bounded_file (const char *path, gsize max, gboolean owner_only, char **out_data,
                   gsize *out_len, gboolean *out_missing, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  struct stat st;
  gboolean ok;
  int fd;

  *out_missing = FALSE;
  fd = extras_safe_open_file (path, O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, &local_error);
  if (fd < 0 && local_error == NULL)
    {
      *out_missing = TRUE;
      return TRUE;
    }
  if (fd < 0)
    {
      g_set_error (error, EXTRAS_ERROR, local_error->code, "%s; fix it or remove it",
                   local_error->message);
      return FALSE;
    }
  if (owner_only && (fstat (fd, &st) != 0 || st.st_uid != geteuid ()))
    {
      g_debug ("%s: not owned by this user (uid %u): not read", path, (unsigned) geteuid ());
      close (fd);
      *out_missing = TRUE;
      return TRUE;
    }
  ok = extras_safe_read_fd (fd, path, max, out_data, out_len, error);
  close (fd);
  return ok;
}

gboolean
extras_config_file_load (GHashTable *vars, const char *path, const char *const *known,
                         gboolean owner_only, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  gboolean missing;
  g_auto (GStrv) lines = NULL;

  if (!read_bounded_file (path, CONFIG_MAX_FILE_SIZE, owner_only, &data, &len, &missing, error))
    return FALSE;
  if (missing)
    return TRUE;
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "%s: not a text file (NUL byte or invalid UTF-8); fix or remove it", path);
      return FALSE;
    }

  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (!parse_conf_line (lines[i], path, i + 1, &name, &value, error))
        return FALSE;
      if (name != NULL && g_strv_contains (known, name))
        g_hash_table_replace (vars, g_steal_pointer (&name), g_steal_pointer (&value));
    }
  return TRUE;
}
