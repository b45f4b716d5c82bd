/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include "extras-catalog.h"
#include "extras-config.h"

G_BEGIN_DECLS

/*
 * The network side of the catalog, in libextrasolv-resolve (librepo), so that
 * programs that never fetch do not pay for loading librepo.
 */

/**
 * extras_catalog_fetch:
 * @url: the catalog's URL (`http://`, `https://`, `file://`)
 * @cache_dir: where the last good copy is kept (created with mode 0700)
 * @arch: the architecture the catalog describes
 * @out_warning: (out) (optional) (transfer full): set to one line when the
 *   network failed and the cached copy was used
 *
 * Downloads and parses the catalog at @url, and keeps a copy in @cache_dir.
 * When the download fails and a cached copy exists, that copy is used.
 *
 * Returns: (transfer full): the catalog, or %NULL with EXTRAS_ERROR_NETWORK
 *   (no cache either) or EXTRAS_ERROR_PARSE.
 */
ExtrasCatalog *
extras_catalog_fetch (const char *url, const char *cache_dir, const char *arch, char **out_warning,
                      GError **error);

G_END_DECLS
