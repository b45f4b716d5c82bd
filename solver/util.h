/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The library's one way to write a file atomically and to read a yum
 * boolean.  Reading is safe-path.h's (extras_safe_read_fd(): fstat, only
 * regular files, size checked before reading); the repository naming rule is
 * public (extras_topic_repo_id()).  Internal (not installed). */

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef enum
{
  EXTRAS_WRITE_NONE = 0,
  /* Create the missing parent directories (0755) (extras_atomic_file_new() only). */
  EXTRAS_WRITE_MKDIR = 1 << 0,
  /* Give the new file the mode and owner of the regular file it replaces. */
  EXTRAS_WRITE_KEEP_MODE = 1 << 1,
} ExtrasWriteFlags;

/*
 * ExtrasAtomicFile:
 *
 * A file being written atomically: a temporary file `.NAME.XXXXXX` in the
 * final directory, opened there through the directory's descriptor (O_EXCL,
 * O_NOFOLLOW).  extras_atomic_file_commit() fsyncs it, gives it its mode,
 * renames it over NAME and fsyncs the directory.  Until then NAME is
 * untouched; freeing an uncommitted file removes the temporary file.
 */
typedef struct _ExtrasAtomicFile ExtrasAtomicFile;

/* @dir_fd: the directory (borrowed: keep it open until commit or free);
 * @name: one component; @shown: what messages call the file;
 * @mode: the mode of the new file (whatever the umask). */
ExtrasAtomicFile *
extras_atomic_file_new_at (int dir_fd, const char *name, const char *shown, mode_t mode,
                           ExtrasWriteFlags flags, GError **error);
/* As extras_atomic_file_new_at() for @path (a trusted path: its directory is
 * opened as it is, symlinks followed; trees under --root use _new_at()). */
ExtrasAtomicFile *
extras_atomic_file_new (const char *path, mode_t mode, ExtrasWriteFlags flags, GError **error);
/* The temporary file's descriptor, open for writing (owned by @file). */
int
extras_atomic_file_get_fd (ExtrasAtomicFile *file);
gboolean
extras_atomic_file_commit (ExtrasAtomicFile *file, GError **error);
void
extras_atomic_file_free (ExtrasAtomicFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasAtomicFile, extras_atomic_file_free)

/* Writes all of @data to @fd (retrying short writes and EINTR); errno set on failure. */
gboolean
extras_fd_write_all (int fd, const void *data, gsize len);

/* @len bytes of @data into @name of @dir_fd (or @path) through an
 * ExtrasAtomicFile.  Errors: EXTRAS_ERROR_PERMISSION (EACCES, EPERM, EROFS)
 * or EXTRAS_ERROR_IO; on error the file is as it was. */
gboolean
extras_file_write_atomic_at (int dir_fd, const char *name, const char *shown, const void *data,
                             gsize len, mode_t mode, ExtrasWriteFlags flags, GError **error);
gboolean
extras_file_write_atomic (const char *path, const void *data, gsize len, mode_t mode,
                          ExtrasWriteFlags flags, GError **error);

/*
 * extras_parse_boolean:
 * @value: (nullable): e.g. a yum option's value; @len bytes of it, -1 for all
 *
 * yum's booleans (ConfigParser's, and the original tool's): 1/yes/true/on
 * and 0/no/false/off, in any case.  Returns whether @value is one of them;
 * then @out_value (optional) gets which.
 */
gboolean
extras_parse_boolean (const char *value, gssize len, gboolean *out_value);
/* extras_parse_boolean(), or @fallback for NULL and anything else. */
gboolean
extras_boolean_or (const char *value, gboolean fallback);

/* Whether @url is of a scheme the catalog may come over: https://, http://
 * or file:// (the scheme in any case).  ftp, gopher, tftp, scp and the other
 * schemes curl knows are refused. */
gboolean
extras_url_is_fetchable (const char *url);
/* Whether @url is a plain http:// URL (in any case): no integrity on the way. */
gboolean
extras_url_is_plain_http (const char *url);

G_END_DECLS
