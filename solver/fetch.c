/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extras-fetch.h"
#include "extras-error.h"

ExtrasCatalog *
extras_catalog_fetch (const char *url, const char *cache_dir, const char *arch,
                      char **out_warning, GError **error)
{
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK, "cannot fetch %s: not implemented yet", url);
  return NULL;
}
