/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The library's rules for TOPIC[=VERSION] arguments and the catalog's
 * conflict policy against the enabled set (extras-topic-spec.h). */
#include "extras-error.h"
#include "extras-topic-spec.h"

#include <string.h>

#define TOPIC(body) "---\ndocument: extras-topic\nversion: 1\n" body

static const char catalog_yaml[]
    = "document: extras-catalog\nversion: 1\ncore-end-of-support: 2026-06-30\n" TOPIC (
        "name: web\nindex: {x86_64: 1, aarch64: 1}\nversions: [1.0+x, stable]\n"
        "packages: [web]\nrequires: [lib]\n")
        TOPIC ("name: lib\nindex: {x86_64: 2, aarch64: 2}\npackages: [lib]\nrequires: [base]\n")
            TOPIC ("name: base\nindex: {x86_64: 3, aarch64: 3}\npackages: [base]\n")
                TOPIC ("name: old\nindex: {x86_64: 4, aarch64: 4}\npackages: [old]\n"
                       "end-of-support: 2020-01-01\nconflicts: [web]\n")
                    TOPIC ("name: livepatch\nindex: {x86_64: 5, aarch64: 5}\npackages: [kpatch]\n"
                           "arches: [x86_64, aarch64]\n")
                        TOPIC ("name: x86only\nindex: {x86_64: 6}\npackages: [x]\n");

static ExtrasCatalog *
load_catalog (void)
{
  g_autoptr (GError) error = NULL;
  ExtrasCatalog *catalog = extras_catalog_new_from_data (catalog_yaml, strlen (catalog_yaml),
                                                         "test.yaml", "x86_64", &error);

  g_assert_no_error (error);
  return catalog;
}

static ExtrasState *
state_with (const char *const *enabled)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = extras_state_new_from_data ("", 0, "test.repo", NULL, &error);

  g_assert_no_error (error);
  for (gsize i = 0; enabled[i] != NULL; i++)
    {
      g_assert_true (extras_state_enable (state, enabled[i], NULL, &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&state);
}

#define STRV(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void
test_requires_pulled_in (void)
{
  g_autoptr (ExtrasCatalog) catalog = load_catalog ();
  g_autoptr (ExtrasState) state = state_with (STRV (NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) specs = extras_topic_specs_resolve (catalog, state, STRV ("web=1.0+x"),
                                                            "x86_64", "2024-01-15", &error);
  ExtrasTopicSpec *web, *lib, *base;

  g_assert_no_error (error);
  g_assert_cmpuint (specs->len, ==, 3);
  web = specs->pdata[0];
  lib = specs->pdata[1];
  base = specs->pdata[2];
  g_assert_cmpstr (extras_topic_spec_get_name (web), ==, "web");
  g_assert_cmpstr (extras_topic_spec_get_version (web), ==, "1.0+x");
  g_assert_null (extras_topic_spec_get_required_by (web));
  g_assert_cmpuint (extras_topic_spec_get_pulled_in (web)->len, ==, 1);
  g_assert_true (extras_topic_spec_get_pulled_in (web)->pdata[0]
                 == extras_topic_spec_get_topic (lib));
  g_assert_true (extras_topic_spec_get_required_by (lib) == extras_topic_spec_get_topic (web));
  g_assert_true (extras_topic_spec_get_required_by (base) == extras_topic_spec_get_topic (lib));
  g_assert_null (extras_topic_spec_get_version (lib));
  g_assert_cmpuint (extras_topic_spec_get_warnings (web)->len, ==, 0);
}

static void
test_latest_is_no_version (void)
{
  g_autoptr (ExtrasCatalog) catalog = load_catalog ();
  g_autoptr (ExtrasState) state = state_with (STRV (NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) specs = extras_topic_specs_resolve (catalog, state, STRV ("base=latest"),
                                                            "x86_64", "2024-01-15", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (specs->len, ==, 1);
  g_assert_null (extras_topic_spec_get_version (specs->pdata[0]));
}

/* Warnings carry a code: a front end picks by it, never by the words. */
static void
test_warnings_have_codes (void)
{
  g_autoptr (ExtrasCatalog) catalog = load_catalog ();
  g_autoptr (ExtrasState) state = state_with (STRV (NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) specs
      = extras_topic_specs_resolve (catalog, state, STRV ("old"), "x86_64", "2024-01-15", &error);
  GPtrArray *warnings;

  g_assert_no_error (error);
  warnings = extras_topic_spec_get_warnings (specs->pdata[0]);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_cmpint (extras_warning_get_code (warnings->pdata[0]), ==,
                   EXTRAS_WARNING_TOPIC_END_OF_SUPPORT_DATE);
  g_assert_cmpstr (extras_warning_get_message (warnings->pdata[0]), ==,
                   "Topic old has end-of-support date of 2020-01-01");
  g_assert_cmpint (extras_warning_get_code (warnings->pdata[1]), ==,
                   EXTRAS_WARNING_TOPIC_SUPPORT_ENDED);
  g_assert_cmpstr (extras_warning_get_topic (warnings->pdata[1]), ==, "old");

  /* Before the core's end, a topic without a date of its own: nothing. */
  g_clear_pointer (&specs, g_ptr_array_unref);
  specs
      = extras_topic_specs_resolve (catalog, state, STRV ("base"), "x86_64", "2024-01-15", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (extras_topic_spec_get_warnings (specs->pdata[0])->len, ==, 0);
  /* After it, that its support has ended, with the core. */
  g_clear_pointer (&specs, g_ptr_array_unref);
  specs
      = extras_topic_specs_resolve (catalog, state, STRV ("base"), "x86_64", "2026-07-01", &error);
  g_assert_no_error (error);
  warnings = extras_topic_spec_get_warnings (specs->pdata[0]);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpint (extras_warning_get_code (warnings->pdata[0]), ==,
                   EXTRAS_WARNING_TOPIC_SUPPORT_ENDED);
  g_assert_nonnull (strstr (extras_warning_get_message (warnings->pdata[0]), ", with the core"));
}

typedef struct
{
  const char *const *args;
  const char *const *enabled;
  const char *arch;
  int code;
  const char *message;
} Refusal;

static void
test_refusals (void)
{
  const Refusal refusals[] = {
    { STRV ("no-such"), STRV (NULL), "x86_64", EXTRAS_ERROR_UNKNOWN_TOPIC,
      "Topic no-such is not in the catalog; see amazon-linux-extras list" },
    { STRV ("web=2.0"), STRV (NULL), "x86_64", EXTRAS_ERROR_UNKNOWN_VERSION,
      "Topic web has no version 2.0; it has: 1.0+x stable" },
    { STRV ("base", "base=latest"), STRV (NULL), "x86_64", EXTRAS_ERROR_USAGE,
      "Topic base is given more than once; give it once" },
    { STRV ("we b"), STRV (NULL), "x86_64", EXTRAS_ERROR_INVALID_NAME, "'we b' is not a topic" },
    { STRV ("livepatch"), STRV (NULL), "aarch64", EXTRAS_ERROR_WRONG_ARCH,
      "Topic livepatch cannot be used on aarch64: kernel live patches exist only for x86_64" },
    { STRV ("x86only"), STRV (NULL), "aarch64", EXTRAS_ERROR_WRONG_ARCH,
      "Topic x86only is not available on aarch64 (only on x86_64)" },
    { STRV ("web", "old"), STRV (NULL), "x86_64", EXTRAS_ERROR_TOPIC_CONFLICT,
      "Topics web and old conflict with each other; choose one of them" },
    { STRV ("web"), STRV ("old"), "x86_64", EXTRAS_ERROR_TOPIC_CONFLICT,
      "Topic web conflicts with the enabled topic old; disable it first: "
      "amazon-linux-extras disable old" },
  };
  g_autoptr (ExtrasCatalog) catalog = load_catalog ();

  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr (ExtrasState) state = state_with (refusals[i].enabled);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) specs = extras_topic_specs_resolve (
          catalog, state, refusals[i].args, refusals[i].arch, "2024-01-15", &error);

      g_assert_null (specs);
      g_assert_error (error, EXTRAS_ERROR, refusals[i].code);
      g_assert_true (g_str_has_prefix (error->message, refusals[i].message));
    }
}

static void
test_blocked_by (void)
{
  g_autoptr (ExtrasCatalog) catalog = load_catalog ();
  g_autoptr (ExtrasState) state = state_with (STRV ("old"));

  g_assert_true (
      extras_state_get_blocked_by (state, catalog, extras_catalog_lookup (catalog, "web"))
      == extras_catalog_lookup (catalog, "old"));
  g_assert_null (
      extras_state_get_blocked_by (state, catalog, extras_catalog_lookup (catalog, "lib")));
  /* An enabled topic is blocked by nothing. */
  g_assert_null (
      extras_state_get_blocked_by (state, catalog, extras_catalog_lookup (catalog, "old")));
}

/* v1 whitelists: every pair allowed, the three together not. */
static void
test_blocked_by_whitelist (void)
{
  static const char json[]
      = "{\"version\": 1, \"whitelists\": [[0, 1], [1, 2], [0, 2]], \"topics\": "
        "[{\"n\": \"a\"}, {\"n\": \"b\"}, {\"n\": \"c\"}, {\"n\": \"d\"}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasCatalog) catalog
      = extras_catalog_new_from_data (json, strlen (json), "sets.json", "x86_64", &error);
  g_autoptr (ExtrasState) state = state_with (STRV ("a", "b"));
  ExtrasTopic *blocker;

  g_assert_no_error (error);
  blocker = extras_state_get_blocked_by (state, catalog, extras_catalog_lookup (catalog, "c"));
  g_assert_nonnull (blocker);
  g_assert_cmpstr (extras_topic_get_name (blocker), ==, "a");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topic-spec/requires-pulled-in", test_requires_pulled_in);
  g_test_add_func ("/topic-spec/latest-is-no-version", test_latest_is_no_version);
  g_test_add_func ("/topic-spec/warnings-have-codes", test_warnings_have_codes);
  g_test_add_func ("/topic-spec/refusals", test_refusals);
  g_test_add_func ("/topic-spec/blocked-by", test_blocked_by);
  g_test_add_func ("/topic-spec/blocked-by-whitelist", test_blocked_by_whitelist);
  return g_test_run ();
}
