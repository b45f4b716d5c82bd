/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The configuration, architecture, day and catalog a command works on; which
 * catalog is the library's rule (extras_catalog_open()), the CLI gives
 * --catalog and where its embedded catalog is. */
#include "extrasolv-config.h"
#include "cli.h"

#include <sys/utsname.h>

/* Whether this process is the binary of the build tree. */
static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;

  return g_strcmp0 (dir, EXTRAS_BUILD_CLI_DIR) == 0;
}

const char *
extras_cli_get_default_catalog_dir (void)
{
  return running_from_build_tree () ? EXTRAS_SOURCE_TOPICS_DIR : EXTRAS_TOPICS_DIR;
}

ExtrasConfig *
extras_cli_get_config (ExtrasCli *cli, GError **error)
{
  if (cli->config == NULL)
    cli->config = extras_config_load (cli->root, NULL, error);
  return cli->config;
}

const char *
extras_cli_get_arch (ExtrasCli *cli)
{
  if (cli->arch == NULL)
    {
      g_autoptr (GError) local_error = NULL;
      ExtrasConfig *config = extras_cli_get_config (cli, &local_error);

      if (config != NULL)
        cli->arch = g_strdup (extras_config_get_arch (config));
      else
        {
          struct utsname u;

          cli->arch = g_strdup (uname (&u) == 0 ? u.machine : "x86_64");
        }
    }
  return cli->arch;
}

const char *
extras_cli_get_date (ExtrasCli *cli)
{
  if (cli->date == NULL)
    cli->date = extras_policy_dup_today ();
  return cli->date;
}

ExtrasCatalog *
extras_cli_get_catalog (ExtrasCli *cli, GError **error)
{
  ExtrasConfig *config;
  g_autofree char *warning = NULL;

  if (cli->catalog != NULL)
    return cli->catalog;
  if ((config = extras_cli_get_config (cli, error)) == NULL)
    return NULL;
  cli->catalog
      = extras_catalog_open (config, cli->catalog_source, extras_cli_get_default_catalog_dir (),
                             extras_cli_get_arch (cli), &warning, error);
  if (warning != NULL)
    extras_cli_warn (cli, "%s", warning);
  return cli->catalog;
}
