/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small streaming JSON writer: the CLI's --json output.  Commas and
 * escaping are handled here; the caller only nests correctly. */
typedef struct _ExtrasJson ExtrasJson;

ExtrasJson *
extras_json_new (void);
void
extras_json_free (ExtrasJson *json);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasJson, extras_json_free)

void
extras_json_begin_object (ExtrasJson *json);
void
extras_json_end_object (ExtrasJson *json);
void
extras_json_begin_array (ExtrasJson *json);
void
extras_json_end_array (ExtrasJson *json);
/* The key of the next member of the enclosing object. */
void
extras_json_key (ExtrasJson *json, const char *key);
/* A string value; NULL writes null. */
void
extras_json_string (ExtrasJson *json, const char *value);
void
extras_json_int (ExtrasJson *json, gint64 value);
void
extras_json_bool (ExtrasJson *json, gboolean value);
void
extras_json_null (ExtrasJson *json);
/* An array of strings; NULL writes []. */
void
extras_json_strv (ExtrasJson *json, const char *const *values);
/* The document so far, with a final newline once the outermost value is closed. */
const char *
extras_json_get (ExtrasJson *json);

G_END_DECLS
