/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extrasolv.h"
#include "testutil.h"

#include <string.h>
#include <sys/utsname.h>

#include <glib/gstdio.h>

/* A temporary system root, removed at the end of each test. */
typedef struct
{
  char *root;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->root = g_dir_make_tmp ("test-config-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  test_rm_rf (fx->root);
  g_free (fx->root);
}

static void
write_file (const char *root, const char *relpath, const char *contents)
{
  g_autofree char *path = g_build_filename (root, relpath, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static const char *const empty_env[] = { "PATH=/usr/bin", NULL };

static void
test_files_later_wins (Fixture *fx, gconstpointer data)
{
  const char *const env[] = { "HOME=/home/user", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasConfig) config = NULL;

  write_file (fx->root, "etc/amazon-linux-extras.conf",
              "# the system's settings\n"
              "\n"
              "AWSREGION=us-east-1\n"
              "  export RELEASEVER=\"2\"   # pinned\n"
              "AWSDOMAIN=amazonaws.com\n"
              "SRC_SUFFIX=-src\n");
  write_file (fx->root, "usr/local/etc/amazon-linux-extras.conf",
              "AWSREGION=eu-west-1\n"
              "SOMETHING_ELSE=ignored\n");
  write_file (fx->root, "home/user/.config/amazon-linux/amazon-linux-extras.conf",
              "export AWSDOMAIN='example.com'\r\n"
              "SRC_SUFFIX=\n");

  config = extras_config_load (fx->root, env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (extras_config_get (config, "AWSREGION"), ==, "eu-west-1");
  g_assert_cmpstr (extras_config_get (config, "RELEASEVER"), ==, "2");
  g_assert_cmpstr (extras_config_get (config, "AWSDOMAIN"), ==, "example.com");
  /* An empty value in a later file resets to the default. */
  g_assert_null (extras_config_get (config, "SRC_SUFFIX"));
  g_assert_null (extras_config_get (config, "SOMETHING_ELSE"));
  g_assert_null (extras_config_get (config, "CATALOGURL"));
}

static void
test_env_wins (Fixture *fx, gconstpointer data)
{
  const char *const env[] = { "HOME=/home/user", "AWSREGION=ap-south-1", "URL_FORMAT=x", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasConfig) config = NULL;

  write_file (fx->root, "etc/amazon-linux-extras.conf", "AWSREGION=us-east-1\n");
  write_file (fx->root, "home/user/.config/amazon-linux/amazon-linux-extras.conf",
              "AWSREGION=eu-west-1\nURL_FORMAT=from-file\n");
  config = extras_config_load (fx->root, env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (extras_config_get (config, "AWSREGION"), ==, "ap-south-1");
  g_assert_cmpstr (extras_config_get (config, "URL_FORMAT"), ==, "x");
}

static void
test_quotes (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasConfig) config = NULL;

  write_file (fx->root, "etc/amazon-linux-extras.conf",
              "URL_FORMAT='http://m/$releasever/{topic} #x'\n"
              "CATALOGURL=http://x/\"a b\"'c'd\n"
              "DEBUGINFO_SUFFIX=\"-dbg\\\"q\\\\\"\n"
              "AWSDOMAIN=a\\ b#c # comment\n"
              "export CATALOGURL\n");
  config = extras_config_load (fx->root, empty_env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (extras_config_get (config, "URL_FORMAT"), ==, "http://m/$releasever/{topic} #x");
  g_assert_cmpstr (extras_config_get (config, "CATALOGURL"), ==, "http://x/a bcd");
  g_assert_cmpstr (extras_config_get (config, "DEBUGINFO_SUFFIX"), ==, "-dbg\"q\\");
  g_assert_cmpstr (extras_config_get (config, "AWSDOMAIN"), ==, "a b#c");
}

static void
check_bad_conf (const char *root, const char *relpath, const char *contents, guint line)
{
  const char *const env[] = { "HOME=/home/user", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasConfig) config = NULL;
  g_autofree char *prefix = g_strdup_printf ("%s/%s:%u: ", root, relpath, line);

  write_file (root, relpath, contents);
  config = extras_config_load (root, env, &error);
  g_assert_null (config);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_bad_lines (Fixture *fx, gconstpointer data)
{
  check_bad_conf (fx->root, "etc/amazon-linux-extras.conf", "# ok\nAWSREGION=us-east-1\nrm -rf /\n",
                  3);
  check_bad_conf (fx->root, "etc/amazon-linux-extras.conf", "AWSREGION='us-east-1\n", 1);
  check_bad_conf (fx->root, "etc/amazon-linux-extras.conf", "\n\nAWSREGION=a b\n", 3);
  check_bad_conf (fx->root, "etc/amazon-linux-extras.conf", "AWSREGION=$(curl evil)\n", 1);
  check_bad_conf (fx->root, "etc/amazon-linux-extras.conf", "AWSREGION = x\n", 1);
  /* The error names the file that is wrong, not the first one. */
  write_file (fx->root, "etc/amazon-linux-extras.conf", "AWSREGION=x\n");
  check_bad_conf (fx->root, "home/user/.config/amazon-linux/amazon-linux-extras.conf",
                  "AWSREGION=x\n\"AWSDOMAIN\"=y\n", 2);
}

static void
test_yum_vars (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasConfig) defaults = NULL;
  g_autoptr (ExtrasConfig) config = NULL;
  g_autoptr (ExtrasConfig) forced = NULL;
  const char *const env_arch[] = { "BASEARCH=ppc64le", NULL };
  struct utsname uts;

  defaults = extras_config_load (fx->root, empty_env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (extras_config_get_yum_var (defaults, "awsproto"), ==, "http");
  g_assert_cmpstr (extras_config_get_yum_var (defaults, "amazonlinux"), ==, "amazonlinux");
  g_assert_cmpstr (extras_config_get_yum_var (defaults, "awsdomain"), ==, "amazonaws.com");
  g_assert_cmpstr (extras_config_get_yum_var (defaults, "awsregion"), ==, "default");
  g_assert_cmpstr (extras_config_get_yum_var (defaults, "releasever"), ==, "2");
  g_assert_null (extras_config_get_yum_var (defaults, "nosuch"));
  g_assert_cmpint (uname (&uts), ==, 0);
  g_assert_cmpstr (extras_config_get_arch (defaults), ==,
                   g_str_equal (uts.machine, "aarch64") ? "aarch64" : "x86_64");

  write_file (fx->root, "etc/yum/vars/awsregion", "us-west-2\n");
  write_file (fx->root, "etc/dnf/vars/awsregion", "  eu-central-1 \nsecond line\n");
  write_file (fx->root, "etc/yum/vars/awsdomain", "yum.example");
  write_file (fx->root, "etc/yum/vars/basearch", "aarch64\n");
  write_file (fx->root, "etc/dnf/vars/bad-name", "x\n");
  config = extras_config_load (fx->root, empty_env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (extras_config_get_yum_var (config, "awsregion"), ==, "eu-central-1");
  g_assert_cmpstr (extras_config_get_yum_var (config, "awsdomain"), ==, "yum.example");
  g_assert_cmpstr (extras_config_get_arch (config), ==, "aarch64");
  g_assert_null (extras_config_get_yum_var (config, "bad-name"));

  /* BASEARCH wins over the variable file. */
  forced = extras_config_load (fx->root, env_arch, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (extras_config_get_arch (forced), ==, "ppc64le");
  g_assert_cmpstr (extras_config_get_yum_var (forced, "basearch"), ==, "ppc64le");
}

static void
test_expand (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasConfig) config = NULL;
  g_autofree char *out = NULL;
  g_autofree char *plain = NULL;

  write_file (fx->root, "etc/yum/vars/awsregion", "us-west-2\n");
  write_file (fx->root, "etc/yum/vars/basearch", "x86_64\n");
  write_file (fx->root, "etc/yum/vars/my_var", "V\n");
  config = extras_config_load (fx->root, empty_env, &error);
  g_assert_no_error (error);
  out = extras_config_expand (config,
                              "$awsproto://$amazonlinux.${awsregion}.$awsdomain/$releasever/"
                              "${basearch}x/$my_var-$nosuch/${nosuch}/$/${/${}/a$");
  g_assert_cmpstr (out, ==,
                   "http://amazonlinux.us-west-2.amazonaws.com/2/"
                   "x86_64x/V-$nosuch/${nosuch}/$/${/${}/a$");
  /* A longer name is another variable, as in yum. */
  plain = extras_config_expand (config, "$basearchx $basearch_ ${basearch}_");
  g_assert_cmpstr (plain, ==, "$basearchx $basearch_ x86_64_");
}

static void
test_catalog_url (Fixture *fx, gconstpointer data)
{
  const char *const env[] = {
    "CATALOGURL=http://amazonlinux.{awsregion}.{awsdomain}/{releasever}/"
    "extras-catalog-{basearch}.json?{other}",
    "AWSREGION=eu-north-1",
    NULL,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasConfig) config = NULL;
  g_autoptr (ExtrasConfig) unset = NULL;
  g_autofree char *url = NULL;
  g_autofree char *none = NULL;

  write_file (fx->root, "etc/yum/vars/awsregion", "us-west-2\n");
  write_file (fx->root, "etc/yum/vars/awsdomain", "amazonaws.com.cn\n");
  write_file (fx->root, "etc/yum/vars/basearch", "aarch64\n");
  config = extras_config_load (fx->root, env, &error);
  g_assert_no_error (error);
  url = extras_config_dup_catalog_url (config);
  g_assert_cmpstr (url, ==,
                   "http://amazonlinux.eu-north-1.amazonaws.com.cn/2/"
                   "extras-catalog-aarch64.json?{other}");

  unset = extras_config_load (fx->root, empty_env, &error);
  g_assert_no_error (error);
  none = extras_config_dup_catalog_url (unset);
  g_assert_null (none);
}

static void
test_root_and_paths (Fixture *fx, gconstpointer data)
{
  const char *const env[] = { "YUMCONFIG_FILE_NAME=custom.repo", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasConfig) slash = NULL;
  g_autoptr (ExtrasConfig) trailing = NULL;
  g_autoptr (ExtrasConfig) custom = NULL;
  g_autofree char *with_slashes = g_strconcat (fx->root, "//", NULL);
  g_autofree char *state = NULL;
  g_autofree char *repos = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *custom_state = NULL;
  g_autofree char *expected = NULL;

  slash = extras_config_load ("/", empty_env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (extras_config_get_root (slash), ==, "");
  state = extras_config_dup_state_path (slash);
  g_assert_cmpstr (state, ==, "/etc/yum.repos.d/amzn2-extras.repo");
  repos = extras_config_dup_repos_dir (slash);
  g_assert_cmpstr (repos, ==, "/etc/yum.repos.d");
  cache = extras_config_dup_catalog_cache_dir (slash);
  g_assert_cmpstr (cache, ==, "/var/cache/amzn2extras");

  trailing = extras_config_load (with_slashes, empty_env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (extras_config_get_root (trailing), ==, fx->root);

  custom = extras_config_load (fx->root, env, &error);
  g_assert_no_error (error);
  custom_state = extras_config_dup_state_path (custom);
  expected = g_strconcat (fx->root, "/etc/yum.repos.d/custom.repo", NULL);
  g_assert_cmpstr (custom_state, ==, expected);
}

static void
test_null_root (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasConfig) config = extras_config_load (NULL, empty_env, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (extras_config_get_root (config), ==, "");
}

/* CATALOGURL: https, http and file only; CATALOGKEY: an absolute path, under the root. */
static void
test_catalog_origin (Fixture *fx, gconstpointer data)
{
  const char *bad_urls[]
      = { "CATALOGURL=ftp://h/c.json", "CATALOGURL=gopher://h/1", "CATALOGURL=tftp://h/c",
          "CATALOGURL=scp://h/c",      "CATALOGURL=dict://h/d:c", "CATALOGURL=/srv/c.json",
          "CATALOGURL=c.json",         "CATALOGKEY=etc/key.asc",  "CATALOGKEY=/etc/../key.asc",
          "CATALOGKEY=/etc/pki/" };
  const char *good_urls[]
      = { "https://h/c.json", "http://h/c.json", "file:///c.json", "HTTPS://h/c.json" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      const char *const env[] = { bad_urls[i], NULL };
      g_autoptr (GError) error = NULL;
      g_autoptr (ExtrasConfig) config = extras_config_load (fx->root, env, &error);

      g_assert_null (config);
      g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
      g_assert_true (g_str_has_prefix (error->message, g_str_has_prefix (bad_urls[i], "CATALOGURL")
                                                           ? "CATALOGURL \""
                                                           : "CATALOGKEY \""));
      g_assert_null (strchr (error->message, '\n'));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (good_urls); i++)
    {
      g_autofree char *assignment = g_strconcat ("CATALOGURL=", good_urls[i], NULL);
      const char *const env[] = { assignment, NULL };
      g_autoptr (GError) error = NULL;
      g_autoptr (ExtrasConfig) config = extras_config_load (fx->root, env, &error);
      g_autofree char *url = NULL;

      g_assert_no_error (error);
      url = extras_config_dup_catalog_url (config);
      g_assert_cmpstr (url, ==, good_urls[i]);
      g_assert_null (extras_config_dup_catalog_key_path (config));
    }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (ExtrasConfig) config = NULL;
    g_autofree char *key = NULL;
    g_autofree char *expected = NULL;

    write_file (fx->root, "etc/amazon-linux-extras.conf",
                "CATALOGURL=https://h/c.json\nCATALOGKEY=/etc/pki/extras/catalog.asc\n");
    config = extras_config_load (fx->root, empty_env, &error);
    g_assert_no_error (error);
    key = extras_config_dup_catalog_key_path (config);
    expected = g_strconcat (extras_config_get_root (config), "/etc/pki/extras/catalog.asc", NULL);
    g_assert_cmpstr (key, ==, expected);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/config/files-later-wins", test_files_later_wins);
  ADD ("/config/env-wins", test_env_wins);
  ADD ("/config/quotes", test_quotes);
  ADD ("/config/bad-lines", test_bad_lines);
  ADD ("/config/yum-vars", test_yum_vars);
  ADD ("/config/expand", test_expand);
  ADD ("/config/catalog-url", test_catalog_url);
  ADD ("/config/root-and-paths", test_root_and_paths);
  ADD ("/config/catalog-origin", test_catalog_origin);
#undef ADD
  g_test_add_func ("/config/null-root", test_null_root);
  return g_test_run ();
}
