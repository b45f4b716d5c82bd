/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>

G_BEGIN_DECLS

/*
 * The package manager that executes an install, and so whose rules the
 * preview must follow: yum (Amazon Linux 2, with yum-plugin-priorities) or
 * dnf 4.
 */

/** ExtrasPackageManager: which executor's rules a solve follows. */
typedef enum
{
  EXTRAS_PACKAGE_MANAGER_YUM = 0,
  EXTRAS_PACKAGE_MANAGER_DNF,
} ExtrasPackageManager;

/** Returns: (transfer none): `yum` or `dnf`. */
EXTRAS_PUBLIC const char *
extras_package_manager_to_string (ExtrasPackageManager pm);

/**
 * extras_package_manager_dup_command:
 * @out_why: (out) (optional): one line: how the command was chosen
 *
 * The package manager's command line, as `install` runs it:
 * EXTRAS_PACKAGE_MANAGER (split as a shell would), else `yum` from PATH,
 * else `dnf`.  Errors: EXTRAS_ERROR_PACKAGE_MANAGER (none found, or an
 * override that is not a command line).
 *
 * Returns: (transfer full): the argument vector.
 */
EXTRAS_PUBLIC GStrv
extras_package_manager_dup_command (char **out_why, GError **error);

/**
 * extras_package_manager_from_command:
 *
 * Whose rules @argv follows: its program's base name containing `yum` is
 * yum, containing `dnf` is dnf; any other program (a wrapper) is taken for
 * the one `install` would find in PATH (yum first).
 */
EXTRAS_PUBLIC ExtrasPackageManager
extras_package_manager_from_command (const char *const *argv);

G_END_DECLS
