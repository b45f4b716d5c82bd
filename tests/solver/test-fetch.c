/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* extras_catalog_fetch(): download, cache, fall back to the cache. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "extrasolv.h"
#include "extras-fetch.h"

static const char catalog_yaml[] = "document: extras-topic\n"
                                   "version: 1\n"
                                   "name: rust1\n"
                                   "summary: Rust\n"
                                   "index: {x86_64: 10, aarch64: 8}\n"
                                   "versions: [stable]\n"
                                   "packages: [rust, cargo]\n";

typedef struct
{
  char *dir;       /* served over HTTP */
  char *cache_dir; /* does not exist yet */
  GPid server;
  int port;
  int out_fd;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  const char *argv[] = { "python3", "-c",
                         "import http.server, functools, sys\n"
                         "h = functools.partial(http.server.SimpleHTTPRequestHandler,"
                         " directory=sys.argv[1])\n"
                         "h.log_message = lambda *a: None\n"
                         "s = http.server.HTTPServer(('127.0.0.1', 0), h)\n"
                         "print(s.server_address[1], flush=True)\n"
                         "s.serve_forever()\n",
                         NULL, NULL };
  int out_fd = -1;
  char buf[32] = { 0 };
  gssize n;

  f->dir = g_dir_make_tmp ("extras-fetch-XXXXXX", &error);
  g_assert_no_error (error);
  f->cache_dir = g_build_filename (f->dir, "cache", "amzn2extras", NULL);
  path = g_build_filename (f->dir, "catalog.yaml", NULL);
  g_assert_true (g_file_set_contents (path, catalog_yaml, -1, &error));
  g_assert_no_error (error);

  argv[3] = f->dir;
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                                           NULL, &f->server, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  n = read (out_fd, buf, sizeof buf - 1);
  g_assert_cmpint (n, >, 0);
  /* Kept open: the server must not die of a broken pipe. */
  f->out_fd = out_fd;
  f->port = atoi (buf);
  g_assert_cmpint (f->port, >, 0);
}

static void
stop_server (Fixture *f)
{
  if (f->server > 0)
    {
      kill (f->server, SIGTERM);
      close (f->out_fd);
      waitpid (f->server, NULL, 0);
      g_spawn_close_pid (f->server);
      f->server = 0;
    }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = NULL;

  stop_server (f);
  cmd = g_strdup_printf ("rm -rf '%s'", f->dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_free (f->cache_dir);
}

static void
test_fetch_http_then_cache (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autoptr (ExtrasCatalog) cached = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%d/catalog.yaml", f->port);
  g_autofree char *warning = NULL;
  g_autofree char *cache_file = g_build_filename (f->cache_dir, "catalog-cache-0", NULL);
  g_autofree char *cached_bytes = NULL;
  GStatBuf st;

  catalog = extras_catalog_fetch (url, f->cache_dir, "x86_64", &warning, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  /* Plain http, no key: said in one line. */
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "plain http unsigned"));
  g_assert_null (strchr (warning, '\n'));
  g_clear_pointer (&warning, g_free);
  g_assert_nonnull (extras_catalog_lookup (catalog, "rust1"));

  /* The cache directory is private, and holds exactly what was served. */
  g_assert_cmpint (g_stat (f->cache_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_get_contents (cache_file, &cached_bytes, NULL, &error));
  g_assert_cmpstr (cached_bytes, ==, catalog_yaml);

  /* The network goes away: the cached copy is used, with one warning. */
  stop_server (f);
  cached = extras_catalog_fetch (url, f->cache_dir, "x86_64", &warning, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cached);
  g_assert_nonnull (extras_catalog_lookup (cached, "rust1"));
  g_assert_nonnull (warning);
  g_assert_true (g_str_has_prefix (warning, "Catalog is not reachable at "));
  g_assert_nonnull (strstr (warning, url));
  g_assert_nonnull (strstr (warning, "using the cached copy from "));
}

static void
test_fetch_no_cache (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%d/missing.json", f->port);
  g_autofree char *warning = NULL;

  catalog = extras_catalog_fetch (url, f->cache_dir, "x86_64", &warning, &error);
  g_assert_null (catalog);
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (error->message, "Catalog is not reachable at "));
  g_assert_nonnull (strstr (error->message, "Try again later, or use --catalog."));
  g_assert_null (warning);
}

static void
test_fetch_bad_catalog_keeps_cache (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autofree char *good = g_strdup_printf ("file://%s/catalog.yaml", f->dir);
  g_autofree char *bad_path = g_build_filename (f->dir, "bad.yaml", NULL);
  g_autofree char *bad = g_strdup_printf ("file://%s", bad_path);
  g_autofree char *cache_file = g_build_filename (f->cache_dir, "catalog-cache-0", NULL);
  g_autofree char *cached_bytes = NULL;

  catalog = extras_catalog_fetch (good, f->cache_dir, "x86_64", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);

  g_assert_true (g_file_set_contents (bad_path, "document: [unclosed\n", -1, &error));
  g_assert_null (extras_catalog_fetch (bad, f->cache_dir, "x86_64", NULL, &error));
  g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
  g_assert_true (g_file_get_contents (cache_file, &cached_bytes, NULL, NULL));
  g_assert_cmpstr (cached_bytes, ==, catalog_yaml);
}

static void
test_fetch_other_schemes_are_refused (Fixture *f, gconstpointer data)
{
  const char *urls[] = { "ftp://127.0.0.1/catalog.yaml", "gopher://127.0.0.1/1",
                         "dict://127.0.0.1/d:x",         "tftp://127.0.0.1/catalog.yaml",
                         "scp://127.0.0.1/catalog.yaml", "ldap://127.0.0.1/",
                         "httpx://127.0.0.1/",           "/catalog.yaml" };

  for (gsize i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *warning = NULL;

      g_assert_null (extras_catalog_fetch (urls[i], f->cache_dir, "x86_64", &warning, &error));
      g_assert_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "https://, http:// or file://"));
      g_assert_null (warning);
      /* Nothing was done: not even the cache directory made. */
      g_assert_false (g_file_test (f->cache_dir, G_FILE_TEST_EXISTS));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/fetch/http-then-cache", Fixture, NULL, fixture_set_up, test_fetch_http_then_cache,
              fixture_tear_down);
  g_test_add ("/fetch/no-cache", Fixture, NULL, fixture_set_up, test_fetch_no_cache,
              fixture_tear_down);
  g_test_add ("/fetch/bad-catalog-keeps-cache", Fixture, NULL, fixture_set_up,
              test_fetch_bad_catalog_keeps_cache, fixture_tear_down);
  g_test_add ("/fetch/other-schemes-are-refused", Fixture, NULL, fixture_set_up,
              test_fetch_other_schemes_are_refused, fixture_tear_down);
  return g_test_run ();
}
