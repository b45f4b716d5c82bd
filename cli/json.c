/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "json.h"

struct _ExtrasJson
{
  GString *out;
  GArray *first; /* gboolean per open container: no member written yet */
  gboolean after_key;
};

ExtrasJson *
extras_json_new (void)
{
  ExtrasJson *json = g_new0 (ExtrasJson, 1);

  json->out = g_string_new (NULL);
  json->first = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return json;
}

void
extras_json_free (ExtrasJson *json)
{
  if (json == NULL)
    return;
  g_string_free (json->out, TRUE);
  g_array_unref (json->first);
  g_free (json);
}

/* Writes the separator a new value needs where it stands. */
static void
value_prefix (ExtrasJson *json)
{
  if (json->after_key)
    {
      json->after_key = FALSE;
      return;
    }
  if (json->first->len > 0)
    {
      gboolean *first = &g_array_index (json->first, gboolean, json->first->len - 1);

      if (!*first)
        g_string_append_c (json->out, ',');
      *first = FALSE;
    }
}

static void
open_container (ExtrasJson *json, char c)
{
  gboolean first = TRUE;

  value_prefix (json);
  g_string_append_c (json->out, c);
  g_array_append_val (json->first, first);
}

static void
close_container (ExtrasJson *json, char c)
{
  g_return_if_fail (json->first->len > 0);
  g_array_set_size (json->first, json->first->len - 1);
  g_string_append_c (json->out, c);
  if (json->first->len == 0)
    g_string_append_c (json->out, '\n');
}

void
extras_json_begin_object (ExtrasJson *json)
{
  open_container (json, '{');
}

void
extras_json_end_object (ExtrasJson *json)
{
  close_container (json, '}');
}

void
extras_json_begin_array (ExtrasJson *json)
{
  open_container (json, '[');
}

void
extras_json_end_array (ExtrasJson *json)
{
  close_container (json, ']');
}

static void
append_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
extras_json_key (ExtrasJson *json, const char *key)
{
  value_prefix (json);
  append_string (json->out, key);
  g_string_append_c (json->out, ':');
  json->after_key = TRUE;
}

void
extras_json_string (ExtrasJson *json, const char *value)
{
  value_prefix (json);
  if (value == NULL)
    {
      g_string_append (json->out, "null");
      return;
    }
  /* Invalid UTF-8 would make the whole document unparseable. */
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);
      append_string (json->out, valid);
      return;
    }
  append_string (json->out, value);
}

void
extras_json_int (ExtrasJson *json, gint64 value)
{
  value_prefix (json);
  g_string_append_printf (json->out, "%" G_GINT64_FORMAT, value);
}

void
extras_json_bool (ExtrasJson *json, gboolean value)
{
  value_prefix (json);
  g_string_append (json->out, value ? "true" : "false");
}

void
extras_json_null (ExtrasJson *json)
{
  value_prefix (json);
  g_string_append (json->out, "null");
}

void
extras_json_strv (ExtrasJson *json, const char *const *values)
{
  extras_json_begin_array (json);
  for (gsize i = 0; values != NULL && values[i] != NULL; i++)
    extras_json_string (json, values[i]);
  extras_json_end_array (json);
}

const char *
extras_json_get (ExtrasJson *json)
{
  return json->out->str;
}
