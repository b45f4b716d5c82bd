/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Helpers the unit tests share. */

#include <glib.h>
#include <glib/gstdio.h>

/* g_assert_cmpstrv (GLib 2.68): each string compared, then the lengths. */
#define assert_strv(got, want)                                                                     \
  G_STMT_START                                                                                     \
  {                                                                                                \
    const char *const *got_ = (const char *const *) (got);                                         \
    const char *const *want_ = (want);                                                             \
    gsize i_ = 0;                                                                                  \
    for (; got_[i_] != NULL && want_[i_] != NULL; i_++)                                            \
      g_assert_cmpstr (got_[i_], ==, want_[i_]);                                                   \
    g_assert_null (got_[i_]);                                                                      \
    g_assert_null (want_[i_]);                                                                     \
  }                                                                                                \
  G_STMT_END

/* The contents of @path; the test fails when it cannot be read.  Not inlined:
 * GCC 12 then mistakes the returned buffer for the local that held it
 * (-Wdangling-pointer). */
__attribute__ ((noinline)) G_GNUC_UNUSED static char *
test_read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

/* Removes @path and everything below it (no symlink is followed). */
static inline void
test_rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          test_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}
