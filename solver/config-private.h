/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * extras_config_file_load (config-file.c):
 * @vars: name -> value (both owned by the table)
 * @known: the variables kept; other assignments are accepted and ignored,
 *   as the original's wrapper did
 * @owner_only: a file that this process's user does not own is skipped as
 *   if missing (root never reads a configuration another user controls)
 *
 * Reads one amazon-linux-extras.conf (bounded, no symlink followed) into
 * @vars; a missing file is fine.  Errors: EXTRAS_ERROR_PARSE with
 * `FILE:LINE: ...`, EXTRAS_ERROR_IO.
 */
gboolean
extras_config_file_load (GHashTable *vars, const char *path, const char *const *known,
                         gboolean owner_only, GError **error);

G_END_DECLS
