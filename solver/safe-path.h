/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Paths of a tree that someone else may control (everything under --root):
 * walked one component at a time from a directory fd (openat, O_NOFOLLOW),
 * never following a symbolic link and never going up (`..`); only regular
 * files are read, and never more than a bound.  Internal (not installed). */

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef enum
{
  EXTRAS_SAFE_NONE = 0,
  /* A missing file or directory is no error: -1 (or FALSE) without an error set. */
  EXTRAS_SAFE_MISSING_OK = 1 << 0,
  /* Create the missing directories (0755, less the umask). */
  EXTRAS_SAFE_MKDIR = 1 << 1,
} ExtrasSafeFlags;

/*
 * extras_safe_open_dir:
 * @path: a directory; relative paths start at the working directory
 *
 * Opens @path (O_DIRECTORY) following no symbolic link in any of its
 * components: a symlink is refused (EXTRAS_ERROR_IO, naming it).  Call it on
 * paths whose root was resolved once (extras_config_load() does, with
 * realpath), so that only the tree itself is checked.
 * Returns: a descriptor, or -1 with @error set (or, for a missing directory
 * with EXTRAS_SAFE_MISSING_OK, without).
 */
int
extras_safe_open_dir (const char *path, ExtrasSafeFlags flags, GError **error);

/* Opens the entry @name of the directory @dirfd (one component, no `/`) as a
 * directory without following a symlink; @shown names it in messages. */
int
extras_safe_openat_dir (int dirfd, const char *name, const char *shown, ExtrasSafeFlags flags,
                        GError **error);

/*
 * extras_safe_open_file:
 * @oflags: open(2) flags (O_RDONLY, or O_WRONLY|O_CREAT|O_EXCL...);
 *   O_NOFOLLOW, O_CLOEXEC and O_NOCTTY are added
 *
 * Opens the file @path with no symbolic link followed (its directories are
 * opened with extras_safe_open_dir(), without EXTRAS_SAFE_MKDIR).  Only a
 * regular file is accepted: a FIFO or device is refused without blocking.
 */
int
extras_safe_open_file (const char *path, int oflags, mode_t mode, ExtrasSafeFlags flags,
                       GError **error);
/* As extras_safe_open_file() for the entry @name of @dirfd. */
int
extras_safe_openat_file (int dirfd, const char *name, const char *shown, int oflags, mode_t mode,
                         ExtrasSafeFlags flags, GError **error);

/*
 * extras_safe_read_file:
 * @max_size: the largest size accepted; a larger file is refused
 *   (EXTRAS_ERROR_PARSE) before it is read
 * @out_data: (out): the contents, NUL-terminated; NULL for a missing file
 *   with EXTRAS_SAFE_MISSING_OK
 *
 * Reads a regular file of at most @max_size bytes, no symlink followed.
 */
gboolean
extras_safe_read_file (const char *path, gsize max_size, ExtrasSafeFlags flags, char **out_data,
                       gsize *out_len, GError **error);
/* As extras_safe_read_file() for an open descriptor (not closed); @shown
 * names it in messages. */
gboolean
extras_safe_read_fd (int fd, const char *shown, gsize max_size, char **out_data, gsize *out_len,
                     GError **error);

/* A path that reaches the open directory or file @fd itself, whatever is
 * renamed or replaced by a symlink meanwhile: "/proc/self/fd/N", for
 * libraries that take paths (librepo, libsolv, rpm).  Keep @fd open while
 * the path is used. */
char *
extras_fd_dup_path (int fd);

/* Removes the entry @name of @dirfd and, when it is a directory, everything
 * below it; no symlink is followed (a symlink is removed, not its target).
 * Errors are ignored: what remains is what could not be removed. */
void
extras_rm_rf_at (int dirfd, const char *name);

/* Removes everything in the directory @dirfd (which stays open). */
void
extras_rm_rf_contents (int dirfd);

/* Removes @path and everything below it; its directories are opened with
 * extras_safe_open_dir(), so a symlink on the way removes nothing. */
void
extras_rm_rf (const char *path);

/* Gives the directory @dirfd and everything below it the modes of a cache
 * readable by all and writable by its owner only (0755 directories, 0644
 * files) whatever the umask of whoever wrote them; no symlink followed.
 * @depth: 0. */
void
extras_chmod_tree (int dirfd, guint depth);

/* Whether @name is one component: not empty, no `/`, not `.` or `..`, no
 * control character, at most 255 bytes. */
gboolean
extras_file_name_is_valid (const char *name);

/* dnf's rule for a repository id (libdnf's Repo::verifyId): letters,
 * digits and `-_.:` only, not empty, at most 255 bytes; so no `/` and no
 * path of any kind. */
gboolean
extras_repo_id_is_valid (const char *id);

G_END_DECLS
