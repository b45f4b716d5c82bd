/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer target for the catalog parser: every input is parsed as YAML and
 * as JSON (the two formats share the event parser, but not the grammar). */
#include "catalog-private.h"
#include "extras-error.h"

#include <string.h>

#include <stddef.h>
#include <stdint.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
parse_as (const uint8_t *data, size_t size, ExtrasCatalogFormat format)
{
  g_autoptr (ExtrasCatalogBuilder) builder = extras_catalog_builder_new ("fuzz");
  g_autoptr (ExtrasCatalog) catalog = NULL;
  g_autoptr (GError) error = NULL;

  if (!extras_catalog_builder_add_data (builder, (const char *) data, size, "fuzz", "x86_64",
                                        format, &error))
    {
      /* Every refusal is one EXTRAS_ERROR_PARSE line. */
      g_assert (error != NULL && error->code == EXTRAS_ERROR_PARSE);
      g_assert (strchr (error->message, '\n') == NULL);
      return;
    }
  catalog = extras_catalog_builder_finish (builder, &error);
  if (catalog == NULL)
    {
      g_assert (error != NULL);
      return;
    }

  /* Walk what was parsed, as list and enable would. */
  for (guint i = 0; i < extras_catalog_get_n_topics (catalog); i++)
    {
      ExtrasTopic *topic = extras_catalog_get_topic (catalog, i);
      const char *name = extras_topic_get_name (topic);
      const char *const *conflicts = extras_topic_get_conflicts (topic);
      const char *set[] = { name, conflicts[0], NULL };

      g_assert (extras_catalog_lookup (catalog, name) == topic);
      g_assert (extras_name_is_valid (name));
      (void) extras_catalog_conflict (catalog, set, NULL);
    }
  g_ptr_array_unref (extras_catalog_dup_topics_for_arch (catalog, "x86_64"));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  parse_as (data, size, EXTRAS_CATALOG_FORMAT_YAML);
  parse_as (data, size, EXTRAS_CATALOG_FORMAT_JSON);
  return 0;
}
