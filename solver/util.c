/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The small utility layer: atomic writes and yum booleans, each written once. */
#include "util.h"
#include "extras-error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct _ExtrasAtomicFile
{
  int dir_fd;
  gboolean own_dir_fd;
  char *name;
  char *shown;
  char *tmp_name; /* NULL once renamed */
  int fd;
  mode_t mode;
  ExtrasWriteFlags flags;
};

static void
set_write_error (GError **error, const char *shown, int errnum)
{
  if (errnum == EACCES || errnum == EPERM || errnum == EROFS)
    g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PERMISSION,
                 "cannot write %s: %s (is the directory immutable or read-only? run as root)",
                 shown, g_strerror (errnum));
  else
    g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "cannot write %s: %s", shown,
                 g_strerror (errnum));
}

void
extras_atomic_file_free (ExtrasAtomicFile *file)
{
  if (file == NULL)
    return;
  if (file->fd >= 0)
    close (file->fd);
  if (file->tmp_name != NULL && file->dir_fd >= 0)
    unlinkat (file->dir_fd, file->tmp_name, 0);
  if (file->own_dir_fd && file->dir_fd >= 0)
    close (file->dir_fd);
  g_free (file->tmp_name);
  g_free (file->name);
  g_free (file->shown);
  g_free (file);
}

ExtrasAtomicFile *
extras_atomic_file_new_at (int dir_fd, const char *name, const char *shown, mode_t mode,
                           ExtrasWriteFlags flags, GError **error)
{
  g_autoptr (ExtrasAtomicFile) file = g_new0 (ExtrasAtomicFile, 1);

  file->dir_fd = dir_fd;
  file->fd = -1;
  file->name = g_strdup (name);
  file->shown = g_strdup (shown != NULL ? shown : name);
  file->mode = mode;
  file->flags = flags;
  for (guint attempt = 0; file->fd < 0 && attempt < 100; attempt++)
    {
      static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
      char suffix[7];

      for (guint i = 0; i < 6; i++)
        suffix[i] = chars[g_random_int_range (0, sizeof chars - 1)];
      suffix[6] = '\0';
      g_free (file->tmp_name);
      file->tmp_name = g_strdup_printf (".%s.%s", name, suffix);
      file->fd = openat (dir_fd, file->tmp_name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                         0600);
      if (file->fd < 0 && errno != EEXIST)
        break;
    }
  if (file->fd < 0)
    {
      set_write_error (error, file->shown, errno);
      g_clear_pointer (&file->tmp_name, g_free);
      return NULL;
    }
  return g_steal_pointer (&file);
}

ExtrasAtomicFile *
extras_atomic_file_new (const char *path, mode_t mode, ExtrasWriteFlags flags, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  ExtrasAtomicFile *file;
  int dir_fd;

  if ((flags & EXTRAS_WRITE_MKDIR) && g_mkdir_with_parents (dir, 0755) < 0)
    {
      set_write_error (error, path, errno);
      return NULL;
    }
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    {
      set_write_error (error, path, errno);
      return NULL;
    }
  file = extras_atomic_file_new_at (dir_fd, base, path, mode, flags, error);
  if (file == NULL)
    {
      close (dir_fd);
      return NULL;
    }
  file->own_dir_fd = TRUE;
  return file;
}

int
extras_atomic_file_get_fd (ExtrasAtomicFile *file)
{
  return file->fd;
}

gboolean
extras_atomic_file_commit (ExtrasAtomicFile *file, GError **error)
{
  struct stat st;
  gboolean have_old = FALSE;
  int fd;

  g_return_val_if_fail (file->fd >= 0 && file->tmp_name != NULL, FALSE);

  if (file->flags & EXTRAS_WRITE_KEEP_MODE)
    have_old
        = fstatat (file->dir_fd, file->name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG (st.st_mode);
  if (fsync (file->fd) < 0)
    goto fail;
  if (fchmod (file->fd, have_old ? (st.st_mode & 07777) : file->mode) < 0)
    goto fail;
  if (have_old)
    {
      struct stat tmp_st;
      /* Only chown when needed, so that a non-root user who may write the
       * directory can still replace a file they own. */
      if (fstat (file->fd, &tmp_st) < 0)
        goto fail;
      if ((tmp_st.st_uid != st.st_uid || tmp_st.st_gid != st.st_gid)
          && fchown (file->fd, st.st_uid, st.st_gid) < 0)
        goto fail;
    }
  fd = file->fd;
  file->fd = -1;
  if (close (fd) < 0)
    goto fail;
  if (renameat (file->dir_fd, file->tmp_name, file->dir_fd, file->name) < 0)
    goto fail;
  g_clear_pointer (&file->tmp_name, g_free);
  /* Make the rename itself durable. */
  if (fsync (file->dir_fd) < 0 && errno != EINVAL)
    g_debug ("fsync of the directory of %s failed: %s", file->shown, g_strerror (errno));
  return TRUE;

fail:
  set_write_error (error, file->shown, errno);
  return FALSE;
}

gboolean
extras_fd_write_all (int fd, const void *data, gsize len)
{
  const char *p = data;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      p += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
write_and_commit (ExtrasAtomicFile *file, const void *data, gsize len, GError **error)
{
  if (!extras_fd_write_all (file->fd, data, len))
    {
      set_write_error (error, file->shown, errno);
      return FALSE;
    }
  return extras_atomic_file_commit (file, error);
}

gboolean
extras_file_write_atomic_at (int dir_fd, const char *name, const char *shown, const void *data,
                             gsize len, mode_t mode, ExtrasWriteFlags flags, GError **error)
{
  g_autoptr (ExtrasAtomicFile) file
      = extras_atomic_file_new_at (dir_fd, name, shown, mode, flags, error);

  return file != NULL && write_and_commit (file, data, len, error);
}

gboolean
extras_file_write_atomic (const char *path, const void *data, gsize len, mode_t mode,
                          ExtrasWriteFlags flags, GError **error)
{
  g_autoptr (ExtrasAtomicFile) file = extras_atomic_file_new (path, mode, flags, error);

  return file != NULL && write_and_commit (file, data, len, error);
}

gboolean
extras_parse_boolean (const char *value, gssize len, gboolean *out_value)
{
  static const struct
  {
    const char *word;
    gboolean value;
  } words[] = {
    { "1", TRUE },  { "yes", TRUE }, { "true", TRUE },   { "on", TRUE },
    { "0", FALSE }, { "no", FALSE }, { "false", FALSE }, { "off", FALSE },
  };
  gsize n;

  if (value == NULL)
    return FALSE;
  n = len < 0 ? strlen (value) : (gsize) len;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i].word) == n && g_ascii_strncasecmp (value, words[i].word, n) == 0)
      {
        if (out_value != NULL)
          *out_value = words[i].value;
        return TRUE;
      }
  return FALSE;
}

gboolean
extras_boolean_or (const char *value, gboolean fallback)
{
  gboolean result;

  return extras_parse_boolean (value, -1, &result) ? result : fallback;
}

static gboolean
url_has_scheme (const char *url, const char *scheme)
{
  gsize len = strlen (scheme);

  return g_ascii_strncasecmp (url, scheme, len) == 0 && g_str_has_prefix (url + len, "://");
}

gboolean
extras_url_is_fetchable (const char *url)
{
  return url != NULL
         && (url_has_scheme (url, "https") || url_has_scheme (url, "http")
             || url_has_scheme (url, "file"));
}

gboolean
extras_url_is_plain_http (const char *url)
{
  return url != NULL && url_has_scheme (url, "http");
}
