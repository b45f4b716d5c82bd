/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which catalog a command works on: --catalog, else CATALOGURL, else the
 * embedded default. */
#include "extrasolv-config.h"
#include "cli.h"

#include <string.h>
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

static ExtrasCatalog *
fetch (ExtrasCli *cli, const char *url, GError **error)
{
  ExtrasConfig *config = extras_cli_get_config (cli, error);
  g_autofree char *cache_dir = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *warning = NULL;
  ExtrasCatalog *catalog;

  if (config == NULL)
    return NULL;
  cache_dir = extras_config_dup_catalog_cache_dir (config);
  /* A configured key signs every catalog fetched by URL (--catalog's too). */
  key_path = extras_config_dup_catalog_key_path (config);
  catalog = extras_catalog_fetch_signed (url, key_path, cache_dir, extras_cli_get_arch (cli),
                                         &warning, error);
  if (warning != NULL)
    extras_cli_warn (cli, "%s", warning);
  return catalog;
}

/* The embedded catalog, through a compiled cache next to the original
 * tool's catalog-cache-0, so that a warm start does not parse YAML.  Only
 * the embedded directory is cached: a --catalog directory is what users
 * edit while they test, and they should never have to wonder about a
 * cache. */
static ExtrasCatalog *
embedded_catalog (ExtrasCli *cli, GError **error)
{
  ExtrasConfig *config = extras_cli_get_config (cli, error);
  g_autofree char *cache_dir = NULL;
  g_autofree char *cache_path = NULL;

  if (config == NULL)
    return NULL;
  cache_dir = extras_config_dup_catalog_cache_dir (config);
  cache_path = g_build_filename (cache_dir, "embedded-catalog.cache", NULL);
  return extras_catalog_new_from_dir_cached (extras_cli_get_default_catalog_dir (), cache_path,
                                             error);
}

ExtrasCatalog *
extras_cli_get_catalog (ExtrasCli *cli, GError **error)
{
  const char *source = cli->catalog_source;
  g_autofree char *url = NULL;

  if (cli->catalog != NULL)
    return cli->catalog;

  if (source == NULL)
    {
      ExtrasConfig *config = extras_cli_get_config (cli, error);

      if (config == NULL)
        return NULL;
      url = extras_config_dup_catalog_url (config);
      source = url;
    }
  if (source == NULL)
    cli->catalog = embedded_catalog (cli, error);
  else if (strstr (source, "://") != NULL)
    cli->catalog = fetch (cli, source, error);
  else if (g_file_test (source, G_FILE_TEST_IS_DIR))
    cli->catalog = extras_catalog_new_from_dir (source, error);
  else
    cli->catalog = extras_catalog_new_from_file (source, extras_cli_get_arch (cli), error);
  return cli->catalog;
}
