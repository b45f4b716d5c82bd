/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ExtrasValidation: the findings of `validate` (validate.c), in the order
 * found, each one line. */
#include "validate-private.h"
#include "glib-compat.h"

typedef struct
{
  ExtrasFindingSeverity severity;
  ExtrasFindingCheck check;
  GStrv topics;
  char *message;
} Finding;

struct _ExtrasValidation
{
  GPtrArray *topics;   /* char *, NULL-terminated: the topics checked */
  GPtrArray *findings; /* Finding */
  GHashTable *said;    /* the resolver's warnings (borrowed) a finding says */
};

const char *
extras_finding_severity_to_string (ExtrasFindingSeverity severity)
{
  switch (severity)
    {
    case EXTRAS_FINDING_ERROR:
      return "error";
    case EXTRAS_FINDING_NOTE:
      return "note";
    case EXTRAS_FINDING_WARNING:
    default:
      return "warning";
    }
}

const char *
extras_finding_check_to_string (ExtrasFindingCheck check)
{
  switch (check)
    {
    case EXTRAS_CHECK_INSTALLABLE:
      return "installable";
    case EXTRAS_CHECK_DECLARED_CONFLICT:
      return "declared_conflict";
    case EXTRAS_CHECK_UNDECLARED_CONFLICT:
      return "undeclared_conflict";
    case EXTRAS_CHECK_STABLE_ABI:
      return "stable_abi";
    case EXTRAS_CHECK_SUPPORT:
      return "support";
    default:
      return "unknown";
    }
}

static void
finding_free (Finding *f)
{
  g_strfreev (f->topics);
  g_free (f->message);
  g_free (f);
}

void
extras_validation_free (ExtrasValidation *v)
{
  if (v == NULL)
    return;
  g_ptr_array_unref (v->topics);
  g_ptr_array_unref (v->findings);
  g_hash_table_unref (v->said);
  g_free (v);
}

#define FINDING(v, i) ((Finding *) g_ptr_array_index ((v)->findings, (i)))

const char *const *
extras_validation_get_topics (const ExtrasValidation *v)
{
  return (const char *const *) v->topics->pdata;
}
guint
extras_validation_get_n_findings (const ExtrasValidation *v)
{
  return v->findings->len;
}
guint
extras_validation_count (const ExtrasValidation *v, ExtrasFindingSeverity severity)
{
  guint n = 0;

  for (guint i = 0; i < v->findings->len; i++)
    n += FINDING (v, i)->severity == severity;
  return n;
}
ExtrasFindingSeverity
extras_validation_get_severity (const ExtrasValidation *v, guint i)
{
  return FINDING (v, i)->severity;
}
ExtrasFindingCheck
extras_validation_get_check (const ExtrasValidation *v, guint i)
{
  return FINDING (v, i)->check;
}
const char *const *
extras_validation_get_finding_topics (const ExtrasValidation *v, guint i)
{
  return (const char *const *) FINDING (v, i)->topics;
}
const char *
extras_validation_get_message (const ExtrasValidation *v, guint i)
{
  return FINDING (v, i)->message;
}

/* Messages are one line: libsolv's problems come with their causes and
 * suggestions on indented lines of their own. */
static char *
one_line (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, "\n  ", -1);
  g_autofree char *joined = g_strjoinv ("; ", parts);

  g_strdelimit (joined, "\n", ' ');
  return g_steal_pointer (&joined);
}

ExtrasValidation *
extras_validation_new (GPtrArray *checked)
{
  ExtrasValidation *v = g_new0 (ExtrasValidation, 1);

  v->topics = g_ptr_array_new_with_free_func (g_free);
  v->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
  v->said = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < checked->len; i++)
    g_ptr_array_add (v->topics, g_strdup (extras_topic_get_name (checked->pdata[i])));
  extras_ptr_array_terminated (v->topics);
  return v;
}

void
extras_validation_add (ExtrasValidation *v, ExtrasFindingSeverity severity,
                       ExtrasFindingCheck check, const char *a, const char *b, char *message)
{
  Finding *f = g_new0 (Finding, 1);

  f->severity = severity;
  f->check = check;
  f->topics = g_new0 (char *, 3);
  f->topics[0] = g_strdup (a);
  f->topics[1] = g_strdup (b);
  f->message = one_line (message);
  g_free (message);
  g_ptr_array_add (v->findings, f);
}

void
extras_validation_add_said (ExtrasValidation *v, const char *warning)
{
  g_hash_table_add (v->said, (gpointer) warning);
}

gboolean
extras_validation_says_warning (const ExtrasValidation *v, const char *warning)
{
  return g_hash_table_contains (v->said, warning);
}
