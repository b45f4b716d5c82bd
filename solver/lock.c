/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extras-state.h"
#include "safe-path.h"
#include "extras-error.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* How long to sleep between two attempts while another process holds the
 * lock: short, so that waiting ends soon after it is released. */
#define LOCK_POLL_US (20 * 1000)

struct _ExtrasLock
{
  int fd;
  char *dir;
};

static void
set_lock_error (GError **error, const char *dir, int errnum)
{
  g_set_error (error, EXTRAS_ERROR,
               errnum == EACCES || errnum == EPERM || errnum == EROFS ? EXTRAS_ERROR_PERMISSION
                                                                      : EXTRAS_ERROR_IO,
               "cannot lock %s: %s; run as root", dir, g_strerror (errnum));
}

ExtrasLock *
extras_lock_acquire (const char *dir, int timeout_ms, GError **error)
{
  gint64 deadline = timeout_ms < 0 ? -1 : g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  ExtrasLock *lock;
  int fd;

  /* Made if missing, no symlink followed on the way. */
  fd = extras_safe_open_dir (dir, EXTRAS_SAFE_MKDIR, error);
  if (fd < 0)
    return NULL;

  for (;;)
    {
      int errnum;

      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        break;
      errnum = errno;
      if (errnum == EINTR)
        continue;
      if (errnum != EWOULDBLOCK)
        {
          close (fd);
          set_lock_error (error, dir, errnum);
          return NULL;
        }
      if (deadline >= 0 && g_get_monotonic_time () >= deadline)
        {
          close (fd);
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_LOCKED,
                       "%s is locked by another process (another amazon-linux-extras, or "
                       "yum/dnf, may be running); try again when it has finished",
                       dir);
          return NULL;
        }
      g_usleep (LOCK_POLL_US);
    }

  lock = g_new0 (ExtrasLock, 1);
  lock->fd = fd;
  lock->dir = g_strdup (dir);
  return lock;
}

void
extras_lock_release (ExtrasLock *lock)
{
  if (lock == NULL)
    return;
  /* Closing the only descriptor of the open file releases the flock. */
  if (lock->fd >= 0)
    close (lock->fd);
  g_free (lock->dir);
  g_free (lock);
}
