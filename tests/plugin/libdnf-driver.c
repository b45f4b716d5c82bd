/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdnf-driver ROOT PLUGINS_DIR PACKAGE: install PACKAGE into installroot ROOT with libdnf's
 * DnfContext, as microdnf and PackageKit do, loading libdnf plugins from PLUGINS_DIR only
 * (an empty string: no plugins at all).
 *
 * ROOT is an installroot of tests/integration/harness.py: its etc/dnf/dnf.conf, its
 * etc/yum.repos.d, its etc/dnf/vars and etc/yum/vars (libdnf reads the vars directories
 * inside the install root), release version 2; the metadata cache
 * and the lock live inside ROOT, so nothing of the host is read or written.
 *
 * Exit 0 when the transaction ran; else 1, with libdnf's error on one line on stderr.
 */

#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <libdnf/dnf-conf.h>
#include <libdnf/dnf-context.h>
#include <libdnf/dnf-repo.h>

static int
fail (const char *what, const GError *error)
{
  g_autofree char *message = g_strdup (error != NULL ? error->message : "unknown error");

  g_strdelimit (message, "\n", ' ');
  fprintf (stderr, "libdnf-driver: %s: %s\n", what, message);
  return 1;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DnfContext) context = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *repos = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *solv = NULL;
  g_autofree char *lock = NULL;
  const char *root, *plugins, *package;

  if (argc != 4)
    {
      fprintf (stderr, "usage: %s ROOT PLUGINS_DIR PACKAGE\n", argv[0]);
      return 2;
    }
  root = argv[1];
  plugins = argv[2];
  package = argv[3];

  conf = g_build_filename (root, "etc", "dnf", "dnf.conf", NULL);
  repos = g_build_filename (root, "etc", "yum.repos.d", NULL);
  cache = g_build_filename (root, "var", "cache", "dnf", "metadata", NULL);
  solv = g_build_filename (root, "var", "cache", "dnf", "solv", NULL);
  lock = g_build_filename (root, "var", "run", NULL);

  if (g_mkdir_with_parents (lock, 0755) != 0)
    {
      fprintf (stderr, "libdnf-driver: cannot create %s\n", lock);
      return 1;
    }
  dnf_context_set_config_file_path (conf);
  context = dnf_context_new ();
  dnf_context_set_install_root (context, root);
  dnf_context_set_repo_dir (context, repos);
  dnf_context_set_cache_dir (context, cache);
  dnf_context_set_solv_dir (context, solv);
  dnf_context_set_lock_dir (context, lock);
  dnf_context_set_release_ver (context, "2");
  if (*plugins != '\0')
    {
      /* the installroot's dnf.conf says plugins=0, for dnf (Python): libdnf reads it too */
      if (!dnf_conf_main_set_option ("plugins", DNF_CONF_COMMANDLINE, "1", &error))
        return fail ("plugins=1", error);
      dnf_context_set_plugins_dir (context, plugins);
    }
  else
    dnf_context_set_plugins_all_disabled (TRUE);

  if (!dnf_context_setup (context, NULL, &error))
    return fail ("setup", error);
  /* libdnf 0.69 fetches a repository's `gpgkey = file:///...` from the host, not from the
   * installroot, and the harness writes nothing to the host's /etc (it imports the key into
   * the installroot's rpmdb instead), so libdnf's own signature checks are off here: this
   * driver tests the plugin, not signatures (tests/integration does, through dnf). */
  GPtrArray *repo_list = dnf_context_get_repos (context);
  for (guint i = 0; repo_list != NULL && i < repo_list->len; i++)
    {
      dnf_repo_set_gpgcheck (repo_list->pdata[i], FALSE);
      dnf_repo_set_gpgcheck_md (repo_list->pdata[i], FALSE);
    }
  if (!dnf_context_install (context, package, &error))
    return fail ("install", error);
  if (!dnf_context_run (context, NULL, &error))
    return fail ("run", error);
  return 0;
}
