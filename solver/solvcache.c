/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "solvcache.h"
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
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_build_filename (dir, ".solv-XXXXXX", NULL);
  Repowriter *writer;
  FILE *fp;
  int fd, ret;

  if (g_mkdir_with_parents (dir, 0755) != 0
      || (fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0644)) < 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write in %s: %s", dir,
                   g_strerror (errno));
      return FALSE;
    }
  if ((fp = fdopen (fd, "w")) == NULL)
    {
      close (fd);
      g_unlink (tmp);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write %s: %s", tmp,
                   g_strerror (errno));
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
  /* Readable by all whatever the umask, as dnf's cache. */
  if (ret != 0 || fflush (fp) != 0 || fchmod (fileno (fp), 0644) != 0 || fsync (fileno (fp)) != 0)
    {
      fclose (fp);
      g_unlink (tmp);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write %s", path);
      return FALSE;
    }
  fclose (fp);
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
extras_solv_cache_write_file (const char *path, const char *data, gsize len, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_build_filename (dir, ".key-XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0644);
  gsize done = 0;

  if (fd < 0)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write in %s: %s", dir,
                   g_strerror (errno));
      return FALSE;
    }
  while (done < len)
    {
      ssize_t n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += n;
    }
  if (done < len || fchmod (fd, 0644) != 0 || close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      int saved = errno;

      if (done < len)
        close (fd);
      g_unlink (tmp);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot write %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
