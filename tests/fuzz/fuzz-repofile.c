/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer target for the repo file parser and the state edits: whatever the
 * bytes, parsing either fails with one clean error or gives a state that can
 * be enabled, disabled and written, and what it writes parses again to the
 * very same bytes. */
#include "extrasolv.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_reparse (const ExtrasState *state)
{
  g_autoptr (GBytes) bytes = extras_state_to_bytes (state);
  g_autoptr (GBytes) again_bytes = NULL;
  g_autoptr (ExtrasState) again = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;
  const char *out = g_bytes_get_data (bytes, &len);

  /* Edits can push a file just under the limit over it. */
  if (len > EXTRAS_STATE_MAX_FILE_SIZE)
    return;
  again = extras_state_new_from_data (out, len, "fuzz-output", NULL, &error);
  if (again == NULL)
    {
      g_printerr ("output of an edit does not parse: %s\n", error->message);
      abort ();
    }
  again_bytes = extras_state_to_bytes (again);
  if (!g_bytes_equal (bytes, again_bytes))
    {
      g_printerr ("output does not round-trip\n");
      abort ();
    }
}

static void
check_error (const GError *error)
{
  if (error == NULL || error->domain != EXTRAS_ERROR || strchr (error->message, '\n') != NULL)
    {
      g_printerr ("bad error: %s\n", error != NULL ? error->message : "(none)");
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *topics[] = { "nginx1", "fuzz", "a-source", "php7.2" };
  g_autoptr (GError) error = NULL;
  g_autoptr (ExtrasState) state = NULL;
  g_autoptr (GBytes) original = NULL;
  g_auto (GStrv) names = NULL;

  state = extras_state_new_from_data ((const char *) data, size, "fuzz-input", NULL, &error);
  if (state == NULL)
    {
      check_error (error);
      return 0;
    }

  /* Parsing alone keeps every byte. */
  original = extras_state_to_bytes (state);
  if (g_bytes_get_size (original) != size
      || (size > 0 && memcmp (g_bytes_get_data (original, NULL), data, size) != 0))
    {
      g_printerr ("unchanged state does not give back the input\n");
      abort ();
    }

  names = extras_state_dup_topics (state);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!extras_name_is_valid (names[i]) || !extras_state_has_topic (state, names[i])
          || extras_state_get_version (state, names[i]) == NULL)
        abort ();
    }

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      const char *version;

      if (!extras_state_enable (state, topics[i], NULL, &error))
        abort ();
      if (!extras_state_is_enabled (state, topics[i]))
        abort ();
      check_reparse (state);
      if (!extras_state_disable (state, topics[i], &error))
        abort ();
      if (extras_state_is_enabled (state, topics[i]))
        abort ();
      check_reparse (state);
      if (!extras_state_enable (state, topics[i], "1.0", &error))
        abort ();
      version = extras_state_get_version (state, topics[i]);
      if (version == NULL)
        abort ();
      check_reparse (state);
    }
  if (extras_state_enable (state, "bad\nname", NULL, &error))
    abort ();
  check_error (error);
  return 0;
}
