/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>

G_BEGIN_DECLS

/**
 * ExtrasConfig:
 *
 * The configuration the original tool's shell wrapper assembled: the
 * variables `CATALOGURL AWSDOMAIN AWSREGION RELEASEVER BASEARCH
 * YUMCONFIG_FILE_NAME URL_FORMAT USE_MIRRORLIST SRC_SUFFIX DEBUGINFO_SUFFIX`
 * (and extrasolv's `CATALOGKEY`)
 * from `amazon-linux-extras.conf` (`ROOT/etc`, `ROOT/usr/local/etc`,
 * `ROOT$HOME/.config/amazon-linux`, later files winning) and from the
 * environment (winning over the files), plus the yum variables of
 * `ROOT/etc/yum/vars` and `ROOT/etc/dnf/vars` with the original's defaults.
 */
typedef struct _ExtrasConfig ExtrasConfig;

EXTRAS_PUBLIC ExtrasConfig *
extras_config_ref (ExtrasConfig *config);
EXTRAS_PUBLIC void
extras_config_unref (ExtrasConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasConfig, extras_config_unref)

/**
 * extras_config_load:
 * @root: (nullable): the system root, %NULL or "/" for the running system
 * @envp: (nullable): the environment to read, %NULL for the process's own
 *
 * Missing files are fine; an unreadable or malformed one is an error
 * (EXTRAS_ERROR_PARSE with `FILE:LINE`, or EXTRAS_ERROR_IO).
 */
EXTRAS_PUBLIC ExtrasConfig *
extras_config_load (const char *root, const char *const *envp, GError **error);

/** Returns: the root, always absolute and without a trailing slash ("" for /) */
EXTRAS_PUBLIC const char *
extras_config_get_root (const ExtrasConfig *config);

/**
 * extras_config_get:
 * @name: a variable such as `CATALOGURL`
 *
 * Returns: (nullable): the value, or %NULL when neither a file nor the
 *   environment sets it.
 */
EXTRAS_PUBLIC const char *
extras_config_get (const ExtrasConfig *config, const char *name);

/**
 * extras_config_get_yum_var:
 *
 * Returns: (nullable): the value of yum variable @name (`awsregion`,
 *   `releasever`, ...), with the original's defaults.
 */
EXTRAS_PUBLIC const char *
extras_config_get_yum_var (const ExtrasConfig *config, const char *name);

/**
 * extras_config_expand:
 *
 * Returns: (transfer full): @text with `$var` and `${var}` replaced by yum
 *   variables; unknown variables are left as they are.
 */
EXTRAS_PUBLIC char *
extras_config_expand (const ExtrasConfig *config, const char *text);

/**
 * extras_config_get_arch:
 *
 * Returns: the base architecture: `BASEARCH`, else yum's `basearch`
 *   variable file, else the machine's.
 */
EXTRAS_PUBLIC const char *
extras_config_get_arch (const ExtrasConfig *config);

/** Returns: (transfer full): ROOT/etc/yum.repos.d/YUMCONFIG_FILE_NAME (default amzn2-extras.repo)
 */
EXTRAS_PUBLIC char *
extras_config_dup_state_path (const ExtrasConfig *config);

/** Returns: (transfer full): ROOT/etc/yum.repos.d */
EXTRAS_PUBLIC char *
extras_config_dup_repos_dir (const ExtrasConfig *config);

/** Returns: (transfer full): ROOT/var/cache/amzn2extras */
EXTRAS_PUBLIC char *
extras_config_dup_catalog_cache_dir (const ExtrasConfig *config);

/**
 * extras_config_dup_catalog_url:
 *
 * Returns: (transfer full) (nullable): CATALOGURL with its `{awsregion}`
 *   style placeholders filled, or %NULL when not configured.
 */
EXTRAS_PUBLIC char *
extras_config_dup_catalog_url (const ExtrasConfig *config);

/**
 * extras_config_dup_catalog_key_path:
 *
 * Returns: (transfer full) (nullable): ROOT/CATALOGKEY, the OpenPGP public
 *   key that must sign every catalog fetched by URL (its detached signature
 *   is the catalog's URL with `.asc` appended), or %NULL when no key is
 *   configured.
 */
EXTRAS_PUBLIC char *
extras_config_dup_catalog_key_path (const ExtrasConfig *config);

G_END_DECLS
