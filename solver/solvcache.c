/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "solvcache.h"
#include "util.h"
#include "extras-error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <solv/repo_solv.h>
#include <solv/repo_write.h>

gboolean
extras_solv_cache_read (Repo *repo, const char *path, const char *key, int flags)
{
  FILE *fp = fopen (path, "r");
  unsigned char *userdata = NULL;
  int userlen = 0;
  gboolean ok;

  if (fp == NULL)
    return FALSE;
  ok = solv_read_userdata (fp, &userdata, &userlen) == 0 && userdata != NULL
       && (gsize) userlen == strlen (key) && memcmp (userdata, key, userlen) == 0;
  solv_free (userdata);
  if (ok)
    {
      rewind (fp);
      ok = repo_add_solv (repo, fp, flags) == 0;
      if (!ok)
        {
          g_debug ("%s: %s", path, pool_errstr (repo->pool));
          if ((flags & REPO_EXTEND_SOLVABLES) == 0)
            repo_empty (repo, 1);
        }
    }
  fclose (fp);
  return ok;
}

gboolean
extras_solv_cache_write (Repo *repo, const char *path, const char *key, int repodata_id,
                         GError **error)
{
  /* Readable by all whatever the umask, as dnf's cache. */
  g_autoptr (ExtrasAtomicFile) file
      = extras_atomic_file_new (path, 0644, EXTRAS_WRITE_MKDIR, error);
  Repowriter *writer;
  FILE *fp;
  int fd, ret;

  if (file == NULL)
    return FALSE;
  /* libsolv writes through a FILE, which gets a descriptor of its own to close. */
  fd = dup (extras_atomic_file_get_fd (file));
  if (fd < 0 || (fp = fdopen (fd, "w")) == NULL)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  writer = repowriter_create (repo);
  repowriter_set_userdata (writer, key, strlen (key));
  if (repodata_id != 0)
    {
      repowriter_set_repodatarange (writer, repodata_id, repodata_id + 1);
      repowriter_set_flags (writer, REPOWRITER_NO_STORAGE_SOLVABLE);
    }
  ret = repowriter_write (writer, fp);
  repowriter_free (writer);
  if (fclose (fp) != 0 || ret != 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write %s", path);
      return FALSE;
    }
  return extras_atomic_file_commit (file, error);
}

gboolean
extras_solv_cache_write_file (const char *path, const char *data, gsize len, GError **error)
{
  return extras_file_write_atomic (path, data, len, 0644, EXTRAS_WRITE_NONE, error);
}
