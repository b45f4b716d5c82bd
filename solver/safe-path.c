/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "safe-path.h"
#include "extras-error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
error_code_for (int errsv)
{
  return errsv == EACCES || errsv == EPERM || errsv == EROFS ? EXTRAS_ERROR_PERMISSION
                                                             : EXTRAS_ERROR_IO;
}

/* Whether the entry @name of @dirfd is a symlink (why an O_NOFOLLOW open failed). */
static gboolean
is_symlink_at (int dirfd, const char *name)
{
  struct stat st;

  return fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK (st.st_mode);
}

static void
set_open_error (GError **error, int dirfd, const char *name, const char *shown, int errsv)
{
  if ((errsv == ELOOP || errsv == ENOTDIR || errsv == EMLINK) && is_symlink_at (dirfd, name))
    g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO,
                 "%s is a symbolic link; no symbolic link is followed in the system's tree "
                 "(a tree under --root is data someone else may control): replace it by the "
                 "file or directory itself",
                 shown);
  else
    g_set_error (error, EXTRAS_ERROR, error_code_for (errsv), "cannot open %s: %s", shown,
                 g_strerror (errsv));
}

static gboolean
is_missing (int errsv)
{
  return errsv == ENOENT;
}

int
extras_safe_openat_dir (int dirfd, const char *name, const char *shown, ExtrasSafeFlags flags,
                        GError **error)
{
  int fd;

  fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && (flags & EXTRAS_SAFE_MKDIR) != 0)
    {
      if (mkdirat (dirfd, name, 0755) < 0 && errno != EEXIST)
        {
          int errsv = errno;
          g_set_error (error, EXTRAS_ERROR, error_code_for (errsv), "cannot create %s: %s", shown,
                       g_strerror (errsv));
          return -1;
        }
      fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
  if (fd < 0)
    {
      int errsv = errno;

      if (!(is_missing (errsv) && (flags & EXTRAS_SAFE_MISSING_OK) != 0))
        set_open_error (error, dirfd, name, shown, errsv);
      errno = errsv;
    }
  return fd;
}

int
extras_safe_open_dir (const char *path, ExtrasSafeFlags flags, GError **error)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (GString) shown = g_string_new (path[0] == '/' ? "" : ".");
  int fd;

  g_return_val_if_fail (path != NULL, -1);
  fd = open (path[0] == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, EXTRAS_ERROR, error_code_for (errsv), "cannot open %s: %s", path,
                   g_strerror (errsv));
      return -1;
    }
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      int next;

      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      g_string_append_c (shown, '/');
      g_string_append (shown, parts[i]);
      if (strcmp (parts[i], "..") == 0)
        {
          close (fd);
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO,
                       "%s: a path that goes up (\"..\") is not followed", path);
          errno = EINVAL;
          return -1;
        }
      next = extras_safe_openat_dir (fd, parts[i], shown->str, flags, error);
      close (fd);
      if (next < 0)
        return -1;
      fd = next;
    }
  return fd;
}

/* The regular-file check after an open that did not block. */
static int
check_regular (int fd, const char *shown, int oflags, GError **error)
{
  struct stat st;

  if (fstat (fd, &st) < 0)
    {
      int errsv = errno;
      close (fd);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "cannot read %s: %s", shown,
                   g_strerror (errsv));
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO,
                   "%s is not a regular file (a directory, FIFO, socket or device); move it away",
                   shown);
      errno = EINVAL;
      return -1;
    }
  /* O_NONBLOCK was only for the open of a FIFO. */
  if ((oflags & O_NONBLOCK) == 0)
    fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

int
extras_safe_openat_file (int dirfd, const char *name, const char *shown, int oflags, mode_t mode,
                         ExtrasSafeFlags flags, GError **error)
{
  int fd;

  /* O_NONBLOCK: a FIFO is refused, not waited on. */
  fd = openat (dirfd, name, oflags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, mode);
  if (fd < 0)
    {
      int errsv = errno;

      if (!(is_missing (errsv) && (flags & EXTRAS_SAFE_MISSING_OK) != 0))
        set_open_error (error, dirfd, name, shown, errsv);
      errno = errsv;
      return -1;
    }
  return check_regular (fd, shown, oflags, error);
}

int
extras_safe_open_file (const char *path, int oflags, mode_t mode, ExtrasSafeFlags flags,
                       GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  int dirfd;
  int fd;

  if (!extras_file_name_is_valid (base))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s: not a file name", path);
      errno = EINVAL;
      return -1;
    }
  dirfd = extras_safe_open_dir (dir, flags & ~EXTRAS_SAFE_MKDIR, error);
  if (dirfd < 0)
    return -1;
  fd = extras_safe_openat_file (dirfd, base, path, oflags, mode, flags, error);
  {
    int errsv = errno;
    close (dirfd);
    errno = errsv;
  }
  return fd;
}

gboolean
extras_safe_read_fd (int fd, const char *shown, gsize max_size, char **out_data, gsize *out_len,
                     GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  gsize alloc;
  struct stat st;

  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "%s is not a regular file; move it away",
                   shown);
      return FALSE;
    }
  if ((guint64) st.st_size > max_size)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "%s is larger than %" G_GSIZE_FORMAT " bytes; is it the right file?", shown,
                   max_size);
      return FALSE;
    }
  /* At most one byte more than allowed, in case the file grows meanwhile. */
  alloc = (gsize) st.st_size + 1;
  data = g_malloc (alloc + 1);
  while (len <= max_size)
    {
      ssize_t n;

      if (len == alloc)
        {
          alloc = MIN (alloc * 2, max_size + 1);
          data = g_realloc (data, alloc + 1);
        }
      n = read (fd, data + len, alloc - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          g_set_error (error, EXTRAS_ERROR, error_code_for (errsv), "cannot read %s: %s", shown,
                       g_strerror (errsv));
          return FALSE;
        }
      if (n == 0)
        break;
      len += n;
    }
  if (len > max_size)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "%s is larger than %" G_GSIZE_FORMAT " bytes; is it the right file?", shown,
                   max_size);
      return FALSE;
    }
  data[len] = '\0';
  *out_data = g_steal_pointer (&data);
  if (out_len != NULL)
    *out_len = len;
  return TRUE;
}

gboolean
extras_safe_read_file (const char *path, gsize max_size, ExtrasSafeFlags flags, char **out_data,
                       gsize *out_len, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean ok;
  int fd;

  fd = extras_safe_open_file (path, O_RDONLY, 0, flags, &local_error);
  if (fd < 0)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *out_data = NULL;
      if (out_len != NULL)
        *out_len = 0;
      return TRUE;
    }
  ok = extras_safe_read_fd (fd, path, max_size, out_data, out_len, error);
  close (fd);
  return ok;
}

char *
extras_fd_dup_path (int fd)
{
  return g_strdup_printf ("/proc/self/fd/%d", fd);
}

/* Empties the directory @fd (which it closes); depth-bounded by the
 * descriptors a process may have, which a hostile tree cannot exceed usefully. */
static void
rm_contents (int fd, guint depth)
{
  DIR *d = fdopendir (fd);
  struct dirent *e;

  if (d == NULL)
    {
      close (fd);
      return;
    }
  while ((e = readdir (d)) != NULL)
    {
      int child;

      if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
        continue;
      if (unlinkat (dirfd (d), e->d_name, 0) == 0)
        continue;
      if (depth >= 64)
        continue;
      child = openat (dirfd (d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (child < 0)
        continue;
      rm_contents (child, depth + 1);
      unlinkat (dirfd (d), e->d_name, AT_REMOVEDIR);
    }
  closedir (d);
}

void
extras_rm_rf_at (int dirfd, const char *name)
{
  int fd;

  if (name == NULL || !extras_file_name_is_valid (name))
    return;
  if (unlinkat (dirfd, name, 0) == 0 || errno == ENOENT)
    return;
  fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return;
  rm_contents (fd, 0);
  unlinkat (dirfd, name, AT_REMOVEDIR);
}

void
extras_rm_rf_contents (int dirfd)
{
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    rm_contents (fd, 0);
}

void
extras_rm_rf (const char *path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  int dirfd;

  if (path == NULL)
    return;
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  dirfd = extras_safe_open_dir (dir, EXTRAS_SAFE_MISSING_OK, NULL);
  if (dirfd < 0)
    return;
  extras_rm_rf_at (dirfd, base);
  close (dirfd);
}

gboolean
extras_file_name_is_valid (const char *name)
{
  if (name == NULL || name[0] == '\0' || strlen (name) > 255 || strcmp (name, ".") == 0
      || strcmp (name, "..") == 0)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '/' || (guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

gboolean
extras_repo_id_is_valid (const char *id)
{
  /* `.` and `..` are dnf's characters but not a directory of their own. */
  if (id == NULL || id[0] == '\0' || strlen (id) > 255 || strcmp (id, ".") == 0
      || strcmp (id, "..") == 0)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_.:", *p) == NULL)
      return FALSE;
  return TRUE;
}

void
extras_chmod_tree (int dir_fd, guint depth)
{
  int fd = openat (dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d;
  struct dirent *e;

  if (fd < 0)
    return;
  fchmod (fd, 0755);
  d = fdopendir (fd);
  if (d == NULL)
    {
      close (fd);
      return;
    }
  while ((e = readdir (d)) != NULL)
    {
      struct stat st;
      int child;

      if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0
          || fstatat (dirfd (d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;
      if (S_ISREG (st.st_mode))
        fchmodat (dirfd (d), e->d_name, 0644, 0);
      else if (S_ISDIR (st.st_mode) && depth < 8
               && (child
                   = openat (dirfd (d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC))
                      >= 0)
        {
          extras_chmod_tree (child, depth + 1);
          close (child);
        }
    }
  closedir (d);
}
