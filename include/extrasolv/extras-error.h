/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-macros.h"
#include <glib.h>

G_BEGIN_DECLS

#define EXTRAS_ERROR (extras_error_quark ())

/**
 * ExtrasErrorCode:
 *
 * The codes of the one error domain of libextrasolv.  They are stable: the
 * command-line front end maps them onto its documented exit codes with
 * extras_error_get_exit_code().
 */
typedef enum
{
  EXTRAS_ERROR_FAILED = 0,          /* anything else; exit 3 */
  EXTRAS_ERROR_UNKNOWN_TOPIC,       /* exit 1 */
  EXTRAS_ERROR_UNKNOWN_VERSION,     /* exit 1 */
  EXTRAS_ERROR_WRONG_ARCH,          /* exit 1 */
  EXTRAS_ERROR_TOPIC_CONFLICT,      /* a conflict the catalog declares; exit 1 */
  EXTRAS_ERROR_INVALID_NAME,        /* a topic name that is not a name; exit 1 */
  EXTRAS_ERROR_USAGE,               /* exit 2 */
  EXTRAS_ERROR_PARSE,               /* a malformed catalog, config or repo file; exit 3 */
  EXTRAS_ERROR_IO,                  /* exit 3 */
  EXTRAS_ERROR_PERMISSION,          /* not root, or not allowed to write; exit 3 */
  EXTRAS_ERROR_NETWORK,             /* exit 3 */
  EXTRAS_ERROR_LOCKED,              /* exit 3 */
  EXTRAS_ERROR_METADATA,            /* bad or unverifiable repository metadata; exit 3 */
  EXTRAS_ERROR_DEPENDENCY,          /* a dependency problem found by the solver; exit 4 */
  EXTRAS_ERROR_PACKAGE_MANAGER,     /* the package manager failed, state rolled back; exit 5 */
  EXTRAS_ERROR_TRANSACTION_DIFFERS, /* installed, but not as previewed; exit 6 */
} ExtrasErrorCode;

EXTRAS_PUBLIC GQuark
extras_error_quark (void);

/**
 * extras_error_get_exit_code:
 * @error: (nullable): an error, of any domain
 *
 * Returns: the exit code DESIGN.md documents for @error: 0 for %NULL, 3 for
 *   errors of other domains.
 */
EXTRAS_PUBLIC int
extras_error_get_exit_code (const GError *error);

/**
 * extras_error_code_to_string:
 *
 * Returns: (transfer none): the stable snake_case name of @code, used as
 *   `error.code` in JSON output.
 */
EXTRAS_PUBLIC const char *
extras_error_code_to_string (ExtrasErrorCode code);

G_END_DECLS
