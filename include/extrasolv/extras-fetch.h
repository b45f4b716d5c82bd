/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>
#include "extras-catalog.h"
#include "extras-config.h"

G_BEGIN_DECLS

/*
 * The network side of the catalog: librepo, loaded on the first fetch only,
 * so that programs that never fetch do not pay for loading it.
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
 * Any other scheme is refused (EXTRAS_ERROR_PARSE) before anything is
 * fetched.  A catalog fetched over plain http sets @out_warning to one line
 * saying it is unsigned.
 *
 * Returns: (transfer full): the catalog, or %NULL with EXTRAS_ERROR_NETWORK
 *   (no cache either) or EXTRAS_ERROR_PARSE.
 */
EXTRAS_PUBLIC ExtrasCatalog *
extras_catalog_fetch (const char *url, const char *cache_dir, const char *arch, char **out_warning,
                      GError **error);

/**
 * extras_catalog_fetch_signed:
 * @key_path: (nullable): an OpenPGP public key (armored or binary) that
 *   must sign the catalog (extras_config_dup_catalog_key_path()); %NULL
 *   for extras_catalog_fetch()
 *
 * As extras_catalog_fetch(), and with @key_path the catalog is used only
 * when its detached signature, fetched from @url with `.asc` appended, is a
 * good signature by that key.  A signature that is missing, cannot be
 * fetched, is bad or by another key is EXTRAS_ERROR_METADATA: nothing is
 * cached and the cached copy is kept as it was.  The signature is cached
 * with the catalog, and the cached copy is used (when the catalog is not
 * reachable) only when that signature is still good by @key_path.  An
 * unreadable key is EXTRAS_ERROR_PARSE, before anything is fetched.
 */
EXTRAS_PUBLIC ExtrasCatalog *
extras_catalog_fetch_signed (const char *url, const char *key_path, const char *cache_dir,
                             const char *arch, char **out_warning, GError **error);

/**
 * extras_catalog_open:
 * @config: the system's configuration: CATALOGURL, CATALOGKEY, the cache
 *   directory
 * @source: (nullable): the catalog asked for (`--catalog`): a URL, a
 *   directory of topic files or a catalog file; %NULL for CATALOGURL, else
 *   the embedded catalog
 * @embedded_dir: the embedded catalog's directory of topic files
 * @arch: the architecture the catalog is read for
 * @out_warning: (out) (optional) (transfer full): one line to show (a
 *   cached copy was used, a catalog came over http unsigned)
 *
 * The one rule of which catalog a program works on: @source, else
 * CATALOGURL, else the embedded catalog.  A URL is fetched with
 * extras_catalog_fetch_signed() (CATALOGKEY signs every catalog fetched by
 * URL); the embedded catalog is read through a compiled cache next to the
 * original tool's catalog-cache-0 (extras_catalog_new_from_dir_cached());
 * any other directory is read as it is, uncached.
 *
 * Returns: (transfer full): the catalog, or %NULL with error
 */
EXTRAS_PUBLIC ExtrasCatalog *
extras_catalog_open (ExtrasConfig *config, const char *source, const char *embedded_dir,
                     const char *arch, char **out_warning, GError **error);

G_END_DECLS
