/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which package manager executes an install. */
#include "extras-package-manager.h"
#include "extras-error.h"

#include <string.h>

const char *
extras_package_manager_to_string (ExtrasPackageManager pm)
{
  return pm == EXTRAS_PACKAGE_MANAGER_YUM ? "yum" : "dnf";
}

GStrv
extras_package_manager_dup_command (char **out_why, GError **error)
{
  const char *override = g_getenv ("EXTRAS_PACKAGE_MANAGER");
  g_auto (GStrv) argv = NULL;
  g_autofree char *yum = NULL;
  g_autofree char *dnf = NULL;

  if (override != NULL && override[0] != '\0')
    {
      g_autoptr (GError) local_error = NULL;

      if (!g_shell_parse_argv (override, NULL, &argv, &local_error))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                       "EXTRAS_PACKAGE_MANAGER is not a command line: %s", local_error->message);
          return NULL;
        }
      if (out_why != NULL)
        *out_why = g_strdup_printf ("EXTRAS_PACKAGE_MANAGER=%s", override);
      return g_steal_pointer (&argv);
    }
  yum = g_find_program_in_path ("yum");
  dnf = yum == NULL ? g_find_program_in_path ("dnf") : NULL;
  if (yum == NULL && dnf == NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PACKAGE_MANAGER,
                   "Neither yum nor dnf is in PATH; install one, or set "
                   "EXTRAS_PACKAGE_MANAGER to the package manager's command");
      return NULL;
    }
  argv = g_new0 (char *, 2);
  argv[0] = g_strdup (yum != NULL ? yum : dnf);
  if (out_why != NULL)
    *out_why
        = g_strdup_printf ("%s found in PATH%s", argv[0], yum != NULL ? "" : " (no yum there)");
  return g_steal_pointer (&argv);
}

ExtrasPackageManager
extras_package_manager_from_command (const char *const *argv)
{
  g_autofree char *base = argv != NULL && argv[0] != NULL ? g_path_get_basename (argv[0]) : NULL;
  g_autofree char *yum = NULL;
  g_autofree char *dnf = NULL;

  if (base != NULL && strstr (base, "yum") != NULL)
    return EXTRAS_PACKAGE_MANAGER_YUM;
  if (base != NULL && strstr (base, "dnf") != NULL)
    return EXTRAS_PACKAGE_MANAGER_DNF;
  yum = g_find_program_in_path ("yum");
  dnf = yum == NULL ? g_find_program_in_path ("dnf") : NULL;
  return yum != NULL || dnf == NULL ? EXTRAS_PACKAGE_MANAGER_YUM : EXTRAS_PACKAGE_MANAGER_DNF;
}
