/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Runs a libFuzzer target over a corpus without libFuzzer: every file of the
 * directory given as argv[1] (or that one file), in name order.  A crash or
 * failed assertion in the target fails the test; an empty corpus is a skip. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
run_one (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return FALSE;
    }
  printf ("%s\n", path);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint passed = 0, failed = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s CORPUS-DIRECTORY-OR-FILE\n", argv[0]);
      return 2;
    }
  if (!g_file_test (argv[1], G_FILE_TEST_IS_DIR))
    return run_one (argv[1]) ? 0 : 1;

  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (argv[1], name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
  g_ptr_array_sort (paths, compare_names);

  for (guint i = 0; i < paths->len; i++)
    {
      if (run_one (g_ptr_array_index (paths, i)))
        passed++;
      else
        failed++;
    }
  printf ("%u passed, %u failed\n", passed, failed);
  if (passed + failed == 0)
    {
      printf ("no corpus files in %s\n", argv[1]);
      return 77;
    }
  return failed == 0 ? 0 : 1;
}
