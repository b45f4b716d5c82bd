/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extras-error.h"

G_DEFINE_QUARK (extras - error - quark, extras_error)

int
extras_error_get_exit_code (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain != EXTRAS_ERROR)
    return 3;
  switch ((ExtrasErrorCode) error->code)
    {
    case EXTRAS_ERROR_UNKNOWN_TOPIC:
    case EXTRAS_ERROR_UNKNOWN_VERSION:
    case EXTRAS_ERROR_WRONG_ARCH:
    case EXTRAS_ERROR_TOPIC_CONFLICT:
    case EXTRAS_ERROR_INVALID_NAME:
      return 1;
    case EXTRAS_ERROR_USAGE:
      return 2;
    case EXTRAS_ERROR_DEPENDENCY:
      return 4;
    case EXTRAS_ERROR_PACKAGE_MANAGER:
      return 5;
    case EXTRAS_ERROR_TRANSACTION_DIFFERS:
      return 6;
    case EXTRAS_ERROR_FAILED:
    case EXTRAS_ERROR_PARSE:
    case EXTRAS_ERROR_IO:
    case EXTRAS_ERROR_PERMISSION:
    case EXTRAS_ERROR_NETWORK:
    case EXTRAS_ERROR_LOCKED:
    case EXTRAS_ERROR_METADATA:
    default:
      return 3;
    }
}

const char *
extras_error_code_to_string (ExtrasErrorCode code)
{
  static const char *const names[] = {
    [EXTRAS_ERROR_FAILED] = "failed",
    [EXTRAS_ERROR_UNKNOWN_TOPIC] = "unknown_topic",
    [EXTRAS_ERROR_UNKNOWN_VERSION] = "unknown_version",
    [EXTRAS_ERROR_WRONG_ARCH] = "wrong_arch",
    [EXTRAS_ERROR_TOPIC_CONFLICT] = "topic_conflict",
    [EXTRAS_ERROR_INVALID_NAME] = "invalid_name",
    [EXTRAS_ERROR_USAGE] = "usage",
    [EXTRAS_ERROR_PARSE] = "parse",
    [EXTRAS_ERROR_IO] = "io",
    [EXTRAS_ERROR_PERMISSION] = "permission",
    [EXTRAS_ERROR_NETWORK] = "network",
    [EXTRAS_ERROR_LOCKED] = "locked",
    [EXTRAS_ERROR_METADATA] = "metadata",
    [EXTRAS_ERROR_DEPENDENCY] = "dependency",
    [EXTRAS_ERROR_PACKAGE_MANAGER] = "package_manager",
    [EXTRAS_ERROR_TRANSACTION_DIFFERS] = "transaction_differs",
  };

  if ((guint) code < G_N_ELEMENTS (names))
    return names[code];
  return "failed";
}
