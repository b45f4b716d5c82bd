/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What extrasolv needs of GLib newer than 2.56 (Amazon Linux 2's glib2),
 * written with 2.56's API.  The build defines GLIB_VERSION_MIN_REQUIRED and
 * GLIB_VERSION_MAX_ALLOWED to 2.56, so the compiler refuses any newer call;
 * these helpers are the only replacements, each named after what it replaces. */

#include <glib.h>
#include <string.h>

/* The GPtrArray's elements as a NULL-terminated vector (GLib 2.74's
 * g_ptr_array_new_null_terminated keeps one itself).  Valid until the array
 * changes; the array's free function, if any, must accept NULL. */
G_GNUC_UNUSED static inline gpointer *
extras_ptr_array_terminated (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  g_ptr_array_set_size (array, array->len - 1);
  return array->pdata;
}

/* The array's elements as a NULL-terminated vector the caller owns; frees
 * the array (g_ptr_array_free (array, FALSE) of a null-terminated array). */
G_GNUC_UNUSED static inline gpointer *
extras_ptr_array_steal_terminated (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return g_ptr_array_free (array, FALSE);
}

/* g_strv_equal (2.60). */
G_GNUC_UNUSED static inline gboolean
extras_strv_equal (const char *const *a, const char *const *b)
{
  gsize i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (strcmp (a[i], b[i]) != 0)
      return FALSE;
  return a[i] == NULL && b[i] == NULL;
}

/* g_string_replace (2.68): every occurrence of @find (not empty) in @string
 * replaced by @replace, left to right; returns how many. */
G_GNUC_UNUSED static inline guint
extras_string_replace (GString *string, const char *find, const char *replace)
{
  gsize find_len = strlen (find);
  gsize replace_len = strlen (replace);
  gsize pos = 0;
  guint n = 0;
  const char *at;

  g_return_val_if_fail (find_len > 0, 0);
  while ((at = strstr (string->str + pos, find)) != NULL)
    {
      pos = (gsize) (at - string->str);
      g_string_erase (string, (gssize) pos, (gssize) find_len);
      g_string_insert (string, (gssize) pos, replace);
      pos += replace_len;
      n++;
    }
  return n;
}

/* g_memdup2 (2.68): g_memdup's size is a guint. */
G_GNUC_UNUSED static inline gpointer
extras_memdup (gconstpointer mem, gsize size)
{
  gpointer copy;

  if (mem == NULL || size == 0)
    return NULL;
  copy = g_malloc (size);
  memcpy (copy, mem, size);
  return copy;
}

/* g_canonicalize_filename (2.58) with base NULL: @filename made absolute
 * against the working directory, "." and ".." and repeated slashes removed;
 * no symlink is resolved. */
G_GNUC_UNUSED static inline char *
extras_canonicalize_filename (const char *filename)
{
  g_autofree char *cwd = g_path_is_absolute (filename) ? NULL : g_get_current_dir ();
  g_autofree char *joined = g_build_filename (cwd != NULL ? cwd : "/", filename, NULL);
  g_auto (GStrv) parts = g_strsplit (joined, "/", -1);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  GString *out = g_string_new ("");

  for (gsize i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, parts[i]);
    }
  for (guint i = 0; i < kept->len; i++)
    g_string_append_printf (out, "/%s", (const char *) kept->pdata[i]);
  if (out->len == 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

/* The host of an URL (scheme://[userinfo@]host[:port]/...), NULL when it has
 * none; IPv6 literals keep no brackets (as g_uri_get_host, 2.66). */
G_GNUC_UNUSED static inline char *
extras_url_dup_host (const char *url)
{
  const char *start = strstr (url, "://");
  const char *end;
  const char *at;

  if (start == NULL)
    return NULL;
  start += 3;
  end = start + strcspn (start, "/?#");
  at = memchr (start, '@', (gsize) (end - start));
  if (at != NULL)
    start = at + 1;
  if (*start == '[')
    {
      const char *close = memchr (start, ']', (gsize) (end - start));
      if (close == NULL)
        return NULL;
      return close > start + 1 ? g_strndup (start + 1, (gsize) (close - start - 1)) : NULL;
    }
  end = start + strcspn (start, ":/?#");
  return end > start ? g_strndup (start, (gsize) (end - start)) : NULL;
}
