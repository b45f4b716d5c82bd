/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <yaml.h>

#include "catalog-private.h"

G_BEGIN_DECLS

#define MAX_STRING 4096
#define MAX_MOTD (64 * 1024)
#define MAX_PACKAGE_NAME 256
#define MAX_INDEX 9999
#define MAX_ARCHES 64
#define MAX_MESSAGE_VALUE 64 /* characters of a bad value quoted in a message */

typedef struct
{
  yaml_parser_t yaml;
  yaml_event_t ev;
  gboolean have_ev;
  const char *origin;
  const char *data;
  gsize len;
  int depth;
  gboolean json;
} ExtrasYamlParser;

typedef struct
{
  const char *noun;
  gboolean (*valid) (const char *value);
  const char *hint;
} ExtrasYamlCheck;

extern const ExtrasYamlCheck extras_yaml_topic_name_check;
extern const ExtrasYamlCheck extras_yaml_arch_check;
extern const ExtrasYamlCheck extras_yaml_package_check;
extern const ExtrasYamlCheck extras_yaml_version_check;
extern const ExtrasYamlCheck extras_yaml_date_check;

/* Sets EXTRAS_ERROR_PARSE with "ORIGIN:LINE:COLUMN: message"; returns FALSE. */
gboolean
extras_yaml_set_error (GError **error, const char *origin, const yaml_mark_t *mark,
                       const char *format, ...) G_GNUC_PRINTF (4, 5);
/* A value as it may appear inside a one-line message: escaped, shortened, quoted. */
char *
extras_yaml_quote (const char *value);
/* What the current event is, for "expected X, found Y". */
const char *
extras_yaml_describe_event (const ExtrasYamlParser *p);
/* Moves to the next event, refusing aliases, anchors, tags and deep nesting. */
gboolean
extras_yaml_advance (ExtrasYamlParser *p, GError **error);
/* Advances and requires an event of @type (@what names it in the error). */
gboolean
extras_yaml_expect (ExtrasYamlParser *p, yaml_event_type_t type, const char *what, GError **error);
/* Skips the node that starts at the current event. */
gboolean
extras_yaml_skip_node (ExtrasYamlParser *p, GError **error);
gboolean
extras_yaml_scalar_is_null (const ExtrasYamlParser *p);
/* The current event as a string value of @key, at most @max bytes. */
gboolean
extras_yaml_take_string (ExtrasYamlParser *p, const char *key, gsize max, char **out,
                         GError **error);
/* The current event as an integer from @min to @max. */
gboolean
extras_yaml_take_int (ExtrasYamlParser *p, const char *key, int min, int max, int *out,
                      GError **error);
/* The current event as a string that passes @check (NULL: any string). */
gboolean
extras_yaml_take_checked (ExtrasYamlParser *p, const char *key, const ExtrasYamlCheck *check,
                          char **out, GError **error);
/* The current event starts a list of strings that pass @check; @out gets a
 * NULL-terminated array, @marks (optional) each item's position. */
gboolean
extras_yaml_take_list (ExtrasYamlParser *p, const char *key, const ExtrasYamlCheck *check,
                       GPtrArray **out, GArray **marks, GError **error);
const char *const *
extras_yaml_list_strv (GPtrArray *list);
/* No control characters (line breaks only when @multi_line), valid UTF-8. */
gboolean
extras_yaml_text_is_clean (const char *text, gboolean multi_line);

G_END_DECLS
