/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extrasolv.h"
#include "testutil.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* What the original writes for `enable T[=VER]` (its three sections). */
static char *
sections (const char *topic, const char *version, gboolean enabled)
{
  const char *tail = "gpgcheck = 1\n"
                     "gpgkey = file:///etc/pki/rpm-gpg/RPM-GPG-KEY-amazon-linux-2\n"
                     "priority = 10\n"
                     "skip_if_unavailable = 1\n"
                     "report_instanceid = yes\n";
  const char *base = "$awsproto://$amazonlinux.$awsregion.$awsdomain/$releasever/extras";

  return g_strdup_printf ("[amzn2extra-%s-source]\n"
                          "enabled = 0\n"
                          "name = Amazon Extras source repo for %s\n"
                          "mirrorlist = %s/%s/%s/SRPMS/mirror.list\n"
                          "%s"
                          "\n"
                          "[amzn2extra-%s-debuginfo]\n"
                          "enabled = 0\n"
                          "name = Amazon Extras debuginfo repo for %s\n"
                          "mirrorlist = %s/%s/%s/debuginfo/$basearch/mirror.list\n"
                          "%s"
                          "\n"
                          "[amzn2extra-%s]\n"
                          "enabled = %d\n"
                          "name = Amazon Extras repo for %s\n"
                          "mirrorlist = %s/%s/%s/$basearch/mirror.list\n"
                          "%s",
                          topic, topic, base, topic, version, tail, topic, topic, base, topic,
                          version, tail, topic, enabled ? 1 : 0, topic, base, topic, version, tail);
}

static char *
state_string (const ExtrasState *state)
{
  g_autoptr (GBytes) bytes = extras_state_to_bytes (state);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_strndup (data, len);
}

static ExtrasState *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  ExtrasState *state = extras_state_new_from_data (text, strlen (text), "test.repo", NULL, &error);

  g_assert_no_error (error);
  return state;
}

static char *
make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-state-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_fixture (void)
{
  const char *srcroot = g_getenv ("EXTRAS_SOURCE_ROOT");
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = NULL;

  if (srcroot == NULL)
    {
      g_test_skip ("EXTRAS_SOURCE_ROOT is not set");
      return;
    }
  path = g_build_filename (srcroot, "tests", "data", "fixtures", "amzn2-extras-nginx1.repo", NULL);
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);

  state = parse ("");
  g_assert_true (extras_state_enable (state, "nginx1", NULL, &error));
  g_assert_no_error (error);
  got = state_string (state);
  g_assert_cmpstr (got, ==, expected);
  g_assert_true (extras_state_is_enabled (state, "nginx1"));
  g_assert_cmpstr (extras_state_get_version (state, "nginx1"), ==, "latest");
}

static const char foreign_head[] = "# Managed by hand; do not remove\n"
                                   "\n"
                                   "[my-mirror]\n"
                                   "name=My mirror\n"
                                   "baseurl=http://mirror.example/$basearch\n"
                                   "  continued\n"
                                   "; a comment in the section\n"
                                   "enabled=1\n";

static void
test_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = parse (foreign_head);
  g_autofree char *unchanged = state_string (state);
  g_autofree char *nginx_latest = sections ("nginx1", "latest", TRUE);
  g_autofree char *nginx_disabled = sections ("nginx1", "latest", FALSE);
  g_autofree char *nginx_pinned = sections ("nginx1", "1.22", TRUE);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_auto (GStrv) enabled = NULL;
  g_auto (GStrv) topics = NULL;

  /* Reading and writing back changes nothing. */
  g_assert_cmpstr (unchanged, ==, foreign_head);
  g_assert_false (extras_state_has_topic (state, "nginx1"));
  g_assert_null (extras_state_get_version (state, "nginx1"));

  g_assert_true (extras_state_enable (state, "nginx1", NULL, &error));
  g_assert_no_error (error);
  got = state_string (state);
  expected = g_strconcat (foreign_head, "\n", nginx_latest, NULL);
  g_assert_cmpstr (got, ==, expected);
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&expected, g_free);

  g_assert_true (extras_state_disable (state, "nginx1", &error));
  g_assert_no_error (error);
  got = state_string (state);
  expected = g_strconcat (foreign_head, "\n", nginx_disabled, NULL);
  g_assert_cmpstr (got, ==, expected);
  g_assert_true (extras_state_has_topic (state, "nginx1"));
  g_assert_false (extras_state_is_enabled (state, "nginx1"));
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&expected, g_free);

  g_assert_true (extras_state_enable (state, "nginx1", "1.22", &error));
  g_assert_no_error (error);
  got = state_string (state);
  expected = g_strconcat (foreign_head, "\n", nginx_pinned, NULL);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpstr (extras_state_get_version (state, "nginx1"), ==, "1.22");
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&expected, g_free);

  /* A second topic goes after the first, one blank line between. */
  g_assert_true (extras_state_enable (state, "docker", NULL, &error));
  g_assert_no_error (error);
  /* T again (without =VER) goes back to latest. */
  g_assert_true (extras_state_enable (state, "nginx1", NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *docker = sections ("docker", "latest", TRUE);
    got = state_string (state);
    expected = g_strconcat (foreign_head, "\n", nginx_latest, "\n", docker, NULL);
    g_assert_cmpstr (got, ==, expected);
  }
  g_assert_cmpstr (extras_state_get_version (state, "nginx1"), ==, "latest");

  g_assert_true (extras_state_disable (state, "docker", &error));
  enabled = extras_state_dup_enabled (state);
  topics = extras_state_dup_topics (state);
  assert_strv (enabled, ((const char *const[]){ "nginx1", NULL }));
  assert_strv (topics, ((const char *const[]){ "nginx1", "docker", NULL }));

  /* And the result reads back as it was written. */
  {
    g_autoptr (ExtrasState) again = parse (got);
    g_autofree char *again_str = state_string (again);
    g_assert_cmpstr (again_str, ==, got);
    g_assert_true (extras_state_is_enabled (again, "nginx1"));
  }
}

static void
test_existing_sections (void)
{
  /* An old (1.x) file, hand edited: key=value without spaces, `enabled` not
   * first, an unknown key, CRLF line ends, no newline at the end. */
  const char *input = "[amzn2extra-php7.2]\r\n"
                      "name = Amazon Extras repo for php7.2\r\n"
                      "mirrorlist = http://amazonlinux.$awsregion.$awsdomain/$releasever/extras/"
                      "php7.2/7.2.0/$basearch/mirror.list\r\n"
                      "enabled=0\r\n"
                      "exclude = php-fpm\r\n"
                      "gpgcheck = 1";
  const char *expected = "[amzn2extra-php7.2]\r\n"
                         "enabled = 1\r\n"
                         "name = Amazon Extras repo for php7.2\r\n"
                         "mirrorlist = http://amazonlinux.$awsregion.$awsdomain/$releasever/"
                         "extras/php7.2/latest/$basearch/mirror.list\r\n"
                         "exclude = php-fpm\r\n"
                         "gpgcheck = 1";
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = parse (input);
  g_autofree char *got = NULL;

  g_assert_true (extras_state_has_topic (state, "php7.2"));
  g_assert_false (extras_state_is_enabled (state, "php7.2"));
  g_assert_cmpstr (extras_state_get_version (state, "php7.2"), ==, "7.2.0");

  /* Its source and debuginfo sections are missing: they are added, and the
   * existing section is changed in place. */
  g_assert_true (extras_state_enable (state, "php7.2", NULL, &error));
  g_assert_no_error (error);
  got = state_string (state);
  g_assert_true (g_str_has_prefix (got, expected));
  g_assert_true (g_str_has_prefix (got + strlen (expected), "\n\n[amzn2extra-php7.2-source]\n"));
  g_assert_cmpstr (extras_state_get_version (state, "php7.2"), ==, "latest");
}

static void
test_trailing_blank_lines (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = parse ("[foo]\nbaseurl=x\n\n\n  \n");
  g_autoptr (ExtrasState) no_newline = parse ("[foo]\nbaseurl=x");
  g_autoptr (ExtrasState) blank_only = parse ("\n\n");
  g_autofree char *nginx = sections ("nginx1", "latest", TRUE);
  g_autofree char *expected = g_strconcat ("[foo]\nbaseurl=x\n\n", nginx, NULL);
  g_autofree char *got = NULL;
  g_autofree char *got2 = NULL;
  g_autofree char *got3 = NULL;

  g_assert_true (extras_state_enable (state, "nginx1", NULL, &error));
  got = state_string (state);
  g_assert_cmpstr (got, ==, expected);

  g_assert_true (extras_state_enable (no_newline, "nginx1", NULL, &error));
  got2 = state_string (no_newline);
  g_assert_cmpstr (got2, ==, expected);

  g_assert_true (extras_state_enable (blank_only, "nginx1", NULL, &error));
  got3 = state_string (blank_only);
  g_assert_cmpstr (got3, ==, nginx);
}

static void
test_bad_names (void)
{
  const char *bad[] = { "a\nb", "a]", "a=b", "a/b", "a b", "", "-a", "../x", NULL };
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autofree char *max_name = g_strnfill (64, 'a');
  g_autoptr (ExtrasState) state = parse (foreign_head);
  g_autoptr (GError) error = NULL;
  g_autofree char *after = NULL;

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *escaped = g_strescape (bad[i], NULL);
      g_autofree char *got = NULL;

      g_assert_false (extras_state_enable (state, bad[i], NULL, &error));
      g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_INVALID_NAME);
      g_assert_nonnull (strstr (error->message, escaped));
      g_assert_null (strchr (error->message, '\n'));
      g_clear_error (&error);

      g_assert_false (extras_state_disable (state, bad[i], &error));
      g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_INVALID_NAME);
      g_clear_error (&error);

      /* A bad version is refused as well. */
      g_assert_false (extras_state_enable (state, "nginx1", bad[i], &error));
      g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_INVALID_NAME);
      g_clear_error (&error);

      got = state_string (state);
      g_assert_cmpstr (got, ==, foreign_head);
    }
  g_assert_false (extras_state_enable (state, NULL, NULL, &error));
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_false (extras_state_enable (state, long_name, NULL, &error));
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_INVALID_NAME);
  g_clear_error (&error);
  after = state_string (state);
  g_assert_cmpstr (after, ==, foreign_head);

  g_assert_true (extras_state_enable (state, max_name, NULL, &error));
  g_assert_no_error (error);
}

static void
test_disable_unknown (void)
{
  g_autoptr (ExtrasState) state = parse (foreign_head);
  g_autoptr (GError) error = NULL;
  g_autofree char *got = NULL;

  g_assert_false (extras_state_disable (state, "nginx1", &error));
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_TOPIC);
  g_assert_true (g_str_has_prefix (error->message, "topic nginx1 is not enabled"));
  got = state_string (state);
  g_assert_cmpstr (got, ==, foreign_head);
}

static void
check_parse_error (const char *data, gsize len, const char *prefix)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = extras_state_new_from_data (data, len, "x.repo", NULL, &error);

  g_assert_null (state);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("message \"%s\" does not start with \"%s\"", error->message, prefix);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_bad_files (void)
{
  static const char binary[] = "[main]\nx=1\n\0\x01\x02";
  g_autofree char *huge = g_malloc (EXTRAS_STATE_MAX_FILE_SIZE + 1);
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *huge_path = g_build_filename (tmp, "huge.repo", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) missing = NULL;
  g_autoptr (ExtrasState) loaded = NULL;
  g_autofree char *missing_path = g_build_filename (tmp, "missing.repo", NULL);
  g_autofree char *missing_str = NULL;

  check_parse_error ("[main]\nx=1\n[amzn2extra-foo\nenabled = 1\n", 39, "x.repo:3: truncated");
  check_parse_error ("[amzn2extra-foo", 15, "x.repo:1: truncated");
  check_parse_error ("[]\n", 3, "x.repo:1: ");
  /* A file cut in the middle of a key: yum would refuse it as well. */
  check_parse_error ("[amzn2extra-nginx1]\nenabled = 1\nmirror", 38,
                     "x.repo:3: not a `key = value` line \"mirror\"");
  check_parse_error ("# ok\nenabled = 1\n[a]\n", 21, "x.repo:2: text before the first [section]");
  check_parse_error ("[a]\n=1\n", 7, "x.repo:2: ");
  check_parse_error (binary, sizeof binary - 1, "x.repo:3: ");
  check_parse_error ("# ok\n# \xff\xfe\n", 10, "x.repo:2: ");

  memset (huge, '#', EXTRAS_STATE_MAX_FILE_SIZE + 1);
  check_parse_error (huge, EXTRAS_STATE_MAX_FILE_SIZE + 1, "x.repo: ");
  g_file_set_contents (huge_path, huge, EXTRAS_STATE_MAX_FILE_SIZE + 1, &error);
  g_assert_no_error (error);
  loaded = extras_state_load (huge_path, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  g_clear_error (&error);

  /* A missing file is an empty state. */
  missing = extras_state_load (missing_path, NULL, &error);
  g_assert_no_error (error);
  missing_str = state_string (missing);
  g_assert_cmpstr (missing_str, ==, "");
  test_rm_rf (tmp);
}

static ExtrasConfig *
config_with_env (const char *const *env)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = make_tmp_dir ();
  ExtrasConfig *config = extras_config_load (root, env, &error);

  g_assert_no_error (error);
  test_rm_rf (root);
  return config;
}

/* The one rule of which topic owns a repository, with the configured suffixes
 * (the resolver's and the plugins' rules used to differ). */
static void
test_repo_topic (void)
{
  const char *const env[] = { "SRC_SUFFIX=-src", "DEBUGINFO_SUFFIX=-dbg", NULL };
  static const char yaml[] = "document: extras-topic\nversion: 1\nname: tool-dbg\nindex: {}\n";
  g_autoptr (ExtrasConfig) config = config_with_env (env);
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = extras_state_new_from_data ("", 0, "x.repo", config, &error);
  g_autoptr (ExtrasCatalog) catalog
      = extras_catalog_new_from_data (yaml, strlen (yaml), "c.yaml", "x86_64", &error);
  static const struct
  {
    const char *id;
    const char *topic;
    ExtrasRepoKind kind;
  } cases[] = {
    { "amzn2extra-redis6", "redis6", EXTRAS_REPO_KIND_BINARY },
    { "amzn2extra-redis6-src", "redis6", EXTRAS_REPO_KIND_SOURCE },
    { "amzn2extra-redis6-dbg", "redis6", EXTRAS_REPO_KIND_DEBUGINFO },
    { "amzn2extra-redis6-source", "redis6-source", EXTRAS_REPO_KIND_BINARY },
    /* A topic the catalog knows by the whole name wins over a suffix. */
    { "amzn2extra-tool-dbg", "tool-dbg", EXTRAS_REPO_KIND_BINARY },
    { "amzn2extra-", NULL, 0 },
    { "amzn2extra--src", "-src", EXTRAS_REPO_KIND_BINARY },
    { "amzn2-core", NULL, 0 },
  };

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ExtrasRepoKind kind = 99;
      g_autofree char *topic = extras_state_dup_repo_topic (state, catalog, cases[i].id, &kind);

      g_assert_cmpstr (topic, ==, cases[i].topic);
      if (topic != NULL)
        g_assert_cmpint (kind, ==, cases[i].kind);
    }
  {
    g_autofree char *topic
        = extras_state_dup_repo_topic (NULL, NULL, "amzn2extra-x-debuginfo", NULL);
    g_auto (GStrv) ids = extras_state_dup_repo_ids (state, "redis6");

    g_assert_cmpstr (topic, ==, "x");
    assert_strv (ids, ((const char *const[]){ "amzn2extra-redis6", "amzn2extra-redis6-src",
                                              "amzn2extra-redis6-dbg", NULL }));
  }
}

/* An independent copy: changing it leaves the original as it was. */
static void
test_dup (void)
{
  static const char data[] = "# mine\n[amzn2extra-redis6]\nenabled: 1\nbaseurl = http://x/\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state
      = extras_state_new_from_data (data, strlen (data), "x.repo", NULL, &error);
  g_autoptr (ExtrasState) copy = NULL;
  g_autofree char *before = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  before = state_string (state);
  copy = extras_state_dup (state);
  copied = state_string (copy);
  g_assert_cmpstr (copied, ==, before);
  g_assert_true (extras_state_disable (copy, "redis6", &error));
  g_assert_true (extras_state_enable (copy, "php8.0", NULL, &error));
  after = state_string (state);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (extras_state_is_enabled (state, "redis6"));
  g_assert_false (extras_state_is_enabled (copy, "redis6"));
  g_assert_false (extras_state_has_topic (state, "php8.0"));
}

static void
test_config_formats (void)
{
  const char *const env_baseurl[]
      = { "USE_MIRRORLIST=false", "SRC_SUFFIX=-src", "DEBUGINFO_SUFFIX=-dbg", NULL };
  const char *const env_format[]
      = { "URL_FORMAT=https://mirror.example/al2/{topic}/{version}/{arch}/mirror.list", NULL };
  const char *const env_bad[] = { "SRC_SUFFIX=]\n[x", NULL };
  g_autoptr (ExtrasConfig) baseurl_config = config_with_env (env_baseurl);
  g_autoptr (ExtrasConfig) format_config = config_with_env (env_format);
  g_autoptr (ExtrasConfig) bad_config = config_with_env (env_bad);
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) baseurl = NULL;
  g_autoptr (ExtrasState) format = NULL;
  g_autoptr (ExtrasState) bad = NULL;
  g_autofree char *got = NULL;
  g_autofree char *got2 = NULL;

  baseurl = extras_state_new_from_data ("", 0, "x.repo", baseurl_config, &error);
  g_assert_no_error (error);
  g_assert_true (extras_state_enable (baseurl, "redis6", "6.2", &error));
  got = state_string (baseurl);
  g_assert_nonnull (strstr (got, "[amzn2extra-redis6-src]\nenabled = 0\n"
                                 "name = Amazon Extras source repo for redis6\n"
                                 "baseurl = $awsproto://$amazonlinux.$awsregion.$awsdomain/"
                                 "$releasever/extras/redis6/6.2/SRPMS\n"));
  g_assert_nonnull (strstr (got, "[amzn2extra-redis6-dbg]\n"));
  g_assert_nonnull (strstr (got, "\nbaseurl = $awsproto://$amazonlinux.$awsregion.$awsdomain/"
                                 "$releasever/extras/redis6/6.2/$basearch\n"));
  g_assert_null (strstr (got, "mirror"));
  g_assert_cmpstr (extras_state_get_version (baseurl, "redis6"), ==, "6.2");
  {
    g_auto (GStrv) topics = extras_state_dup_topics (baseurl);
    assert_strv (topics, ((const char *const[]){ "redis6", NULL }));
  }

  format = extras_state_new_from_data ("", 0, "x.repo", format_config, &error);
  g_assert_no_error (error);
  g_assert_true (extras_state_enable (format, "redis6", NULL, &error));
  g_assert_true (extras_state_enable (format, "redis6", "6.2", &error));
  got2 = state_string (format);
  g_assert_nonnull (strstr (got2, "\nmirrorlist = https://mirror.example/al2/redis6/6.2/SRPMS/"
                                  "mirror.list\n"));
  g_assert_nonnull (strstr (got2, "\nmirrorlist = https://mirror.example/al2/redis6/6.2/"
                                  "debuginfo/$basearch/mirror.list\n"));
  g_assert_nonnull (strstr (got2, "\nmirrorlist = https://mirror.example/al2/redis6/6.2/"
                                  "$basearch/mirror.list\n"));

  bad = extras_state_new_from_data ("", 0, "x.repo", bad_config, &error);
  g_assert_null (bad);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  g_assert_null (strchr (error->message, '\n'));
}

static guint
count_temp_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += g_str_has_prefix (name, ".amzn2-extras.repo.");
  return n;
}

static void
test_save (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *repos = g_build_filename (tmp, "etc", "yum.repos.d", NULL);
  g_autofree char *path = g_build_filename (repos, "amzn2-extras.repo", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = parse (foreign_head);
  g_autoptr (ExtrasState) loaded = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *on_disk = NULL;
  g_autofree char *on_disk2 = NULL;
  struct stat st;

  /* The directory is created; a new file is 0644. */
  g_assert_true (extras_state_enable (state, "nginx1", NULL, &error));
  g_assert_true (extras_state_save (state, path, &error));
  g_assert_no_error (error);
  expected = state_string (state);
  on_disk = test_read_file (path);
  g_assert_cmpstr (on_disk, ==, expected);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);
  g_assert_cmpuint (count_temp_files (repos), ==, 0);

  /* An existing file's mode is kept. */
  g_assert_cmpint (chmod (path, 0600), ==, 0);
  loaded = extras_state_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (extras_state_disable (loaded, "nginx1", &error));
  g_assert_true (extras_state_save (loaded, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  on_disk2 = test_read_file (path);
  g_assert_nonnull (strstr (on_disk2, "[amzn2extra-nginx1]\nenabled = 0\n"));
  g_assert_cmpuint (count_temp_files (repos), ==, 0);
  test_rm_rf (tmp);
}

static void
test_save_failures (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *file = g_build_filename (tmp, "regular", NULL);
  g_autofree char *inside_file = g_build_filename (file, "yum.repos.d", "amzn2-extras.repo", NULL);
  g_autofree char *as_dir = g_build_filename (tmp, "amzn2-extras.repo", NULL);
  g_autofree char *keep = g_build_filename (as_dir, "keep", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = parse ("");
  g_autofree char *file_after = NULL;

  g_assert_true (extras_state_enable (state, "nginx1", NULL, &error));
  g_file_set_contents (file, "original\n", -1, &error);
  g_assert_no_error (error);

  /* The directory cannot exist: it would be inside a regular file. */
  g_assert_false (extras_state_save (state, inside_file, &error));
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "cannot write "));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);
  file_after = test_read_file (file);
  g_assert_cmpstr (file_after, ==, "original\n");

  /* The rename fails (the path is a directory): the temporary file goes. */
  g_assert_cmpint (g_mkdir (as_dir, 0755), ==, 0);
  g_file_set_contents (keep, "x", -1, &error);
  g_assert_no_error (error);
  g_assert_false (extras_state_save (state, as_dir, &error));
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (g_file_test (keep, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_temp_files (tmp), ==, 0);
  test_rm_rf (tmp);
}

static void
test_save_immutable (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *path = g_build_filename (tmp, "amzn2-extras.repo", NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *undo = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = parse ("");
  g_autofree char *after = NULL;
  int status = -1;
  gboolean saved;

  g_file_set_contents (path, "# original\n", -1, &error);
  g_assert_no_error (error);
  cmd = g_strdup_printf ("chattr +i '%s'", tmp);
  undo = g_strdup_printf ("chattr -i '%s'", tmp);
  if (!g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL)
      || !g_spawn_check_exit_status (status, NULL))
    {
      test_rm_rf (tmp);
      g_test_skip ("chattr +i is not permitted here");
      return;
    }
  g_assert_true (extras_state_enable (state, "nginx1", NULL, &error));
  saved = extras_state_save (state, path, &error);
  g_spawn_command_line_sync (undo, NULL, NULL, NULL, NULL);
  g_assert_false (saved);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "immutable or read-only"));
  after = test_read_file (path);
  g_assert_cmpstr (after, ==, "# original\n");
  g_assert_cmpuint (count_temp_files (tmp), ==, 0);
  test_rm_rf (tmp);
}

typedef struct
{
  const char *dir;
  GMutex mutex;
  GCond cond;
  gboolean locked;
  gint64 released_at;
} LockHolder;

static gpointer
hold_lock (gpointer data)
{
  LockHolder *holder = data;
  g_autoptr (GError) error = NULL;
  ExtrasLock *lock = extras_lock_acquire (holder->dir, 0, &error);

  g_assert_no_error (error);
  g_mutex_lock (&holder->mutex);
  holder->locked = TRUE;
  g_cond_signal (&holder->cond);
  g_mutex_unlock (&holder->mutex);
  g_usleep (400 * 1000);
  holder->released_at = g_get_monotonic_time ();
  extras_lock_release (lock);
  return NULL;
}

static void
test_lock (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *dir = g_build_filename (tmp, "yum.repos.d", NULL);
  g_autoptr (GError) error = NULL;
  LockHolder holder = { .dir = dir };
  GThread *thread;
  gint64 start;
  ExtrasLock *timed_out;
  ExtrasLock *second;

  g_mutex_init (&holder.mutex);
  g_cond_init (&holder.cond);
  thread = g_thread_new ("holder", hold_lock, &holder);
  g_mutex_lock (&holder.mutex);
  while (!holder.locked)
    g_cond_wait (&holder.cond, &holder.mutex);
  g_mutex_unlock (&holder.mutex);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  /* Held elsewhere: a short timeout gives LOCKED. */
  start = g_get_monotonic_time ();
  timed_out = extras_lock_acquire (dir, 100, &error);
  g_assert_null (timed_out);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "yum/dnf"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_clear_error (&error);

  /* Waiting for ever returns once the holder lets go, not before. */
  second = extras_lock_acquire (dir, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_cmpint (holder.released_at, >, 0);
  g_assert_cmpint (g_get_monotonic_time (), >=, holder.released_at);
  g_thread_join (thread);
  extras_lock_release (second);
  g_mutex_clear (&holder.mutex);
  g_cond_clear (&holder.cond);
  test_rm_rf (tmp);
}

static void
test_lock_fork (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autoptr (GError) error = NULL;
  int pipefd[2];
  pid_t pid;
  char c;
  int status;
  ExtrasLock *lock;

  g_assert_cmpint (pipe (pipefd), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      ExtrasLock *child_lock = extras_lock_acquire (tmp, 0, NULL);
      if (write (pipefd[1], child_lock != NULL ? "y" : "n", 1) != 1)
        _exit (2);
      /* _exit() runs no cleanup: freed here, or valgrind, which checks the
       * child too, counts it lost and makes the child fail. */
      g_clear_pointer (&tmp, g_free);
      g_usleep (300 * 1000);
      _exit (child_lock != NULL ? 0 : 1);
    }
  close (pipefd[1]);
  g_assert_cmpint (read (pipefd[0], &c, 1), ==, 1);
  g_assert_cmpint (c, ==, 'y');
  lock = extras_lock_acquire (tmp, 50, &error);
  g_assert_null (lock);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_LOCKED);
  g_clear_error (&error);
  /* The child's exit releases its lock. */
  lock = extras_lock_acquire (tmp, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  extras_lock_release (lock);
  close (pipefd[0]);
  test_rm_rf (tmp);
}

static void
test_lock_errors (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *file = g_build_filename (tmp, "file", NULL);
  g_autofree char *below = g_build_filename (file, "dir", NULL);
  g_autoptr (GError) error = NULL;
  ExtrasLock *lock;

  g_file_set_contents (file, "", -1, &error);
  g_assert_no_error (error);
  lock = extras_lock_acquire (below, 0, &error);
  g_assert_null (lock);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO);
  test_rm_rf (tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/state/fixture-nginx1", test_fixture);
  g_test_add_func ("/state/round-trip", test_round_trip);
  g_test_add_func ("/state/existing-sections", test_existing_sections);
  g_test_add_func ("/state/trailing-blank-lines", test_trailing_blank_lines);
  g_test_add_func ("/state/bad-names", test_bad_names);
  g_test_add_func ("/state/disable-unknown", test_disable_unknown);
  g_test_add_func ("/state/bad-files", test_bad_files);
  g_test_add_func ("/state/config-formats", test_config_formats);
  g_test_add_func ("/state/save", test_save);
  g_test_add_func ("/state/save-failures", test_save_failures);
  g_test_add_func ("/state/save-immutable", test_save_immutable);
  g_test_add_func ("/state/repo-topic", test_repo_topic);
  g_test_add_func ("/state/dup", test_dup);
  g_test_add_func ("/lock/threads", test_lock);
  g_test_add_func ("/lock/fork", test_lock_fork);
  g_test_add_func ("/lock/errors", test_lock_errors);
  return g_test_run ();
}
