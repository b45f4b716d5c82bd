/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which topics `enable` and `install` take for their TOPIC[=VERSION]
 * arguments, and the catalog's conflict policy against the enabled set: the
 * one place these rules live (the CLI renders, the resolver solves). */
#include "extras-topic-spec.h"
#include "extras-error.h"
#include "extras-policy.h"
#include "state-private.h"

#include <string.h>

/* The catalog's own requires graph is bounded (extras-topic(5)); a chain
 * deeper than this is a loop or a broken catalog. */
#define MAX_REQUIRES_DEPTH 16

struct _ExtrasWarning
{
  ExtrasWarningCode code;
  char *topic;
  char *message;
};

struct _ExtrasTopicSpec
{
  ExtrasTopic *topic;       /* borrowed from the catalog */
  char *version;            /* NULL for latest */
  ExtrasTopic *required_by; /* borrowed; NULL when an argument names it */
  GPtrArray *pulled_in;     /* ExtrasTopic *, borrowed */
  GPtrArray *warnings;      /* ExtrasWarning * */
};

static void
warning_free (ExtrasWarning *warning)
{
  g_free (warning->topic);
  g_free (warning->message);
  g_free (warning);
}

static void
add_warning (GPtrArray *warnings, ExtrasWarningCode code, const ExtrasTopic *topic, char *message)
{
  ExtrasWarning *warning = g_new0 (ExtrasWarning, 1);

  warning->code = code;
  warning->topic = g_strdup (extras_topic_get_name (topic));
  warning->message = message;
  g_ptr_array_add (warnings, warning);
}

ExtrasWarningCode
extras_warning_get_code (const ExtrasWarning *warning)
{
  return warning->code;
}

const char *
extras_warning_get_topic (const ExtrasWarning *warning)
{
  return warning->topic;
}

const char *
extras_warning_get_message (const ExtrasWarning *warning)
{
  return warning->message;
}

GPtrArray *
extras_topic_dup_warnings (const ExtrasCatalog *catalog, const ExtrasTopic *topic, const char *arch,
                           const char *today)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) warning_free);
  const char *name = extras_topic_get_name (topic);
  const char *eos = extras_topic_get_end_of_support (topic);
  ExtrasSupport support = extras_policy_get_support (catalog, topic, today);

  /* The original's line, for the catalog's own date. */
  if (eos != NULL)
    add_warning (warnings, EXTRAS_WARNING_TOPIC_END_OF_SUPPORT_DATE, topic,
                 g_strdup_printf ("Topic %s has end-of-support date of %s", name, eos));
  if (support.eos == EXTRAS_EOS_REACHED)
    {
      g_autofree char *advice = extras_policy_dup_advice (catalog, topic, arch, today);

      add_warning (
          warnings, EXTRAS_WARNING_TOPIC_SUPPORT_ENDED, topic,
          g_strdup_printf (
              "Topic %s is past its end of support (%s%s); %s", name, support.end_of_support,
              support.source == EXTRAS_SUPPORT_SOURCE_CORE ? ", with the core" : "", advice));
    }
  return warnings;
}

void
extras_topic_spec_free (ExtrasTopicSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->version);
  g_ptr_array_unref (spec->pulled_in);
  g_clear_pointer (&spec->warnings, g_ptr_array_unref);
  g_free (spec);
}

static ExtrasTopicSpec *
topic_spec_new (ExtrasTopic *topic, const char *version, ExtrasTopic *required_by)
{
  ExtrasTopicSpec *spec = g_new0 (ExtrasTopicSpec, 1);

  spec->topic = topic;
  spec->version = g_strdup (version);
  spec->required_by = required_by;
  spec->pulled_in = g_ptr_array_new ();
  return spec;
}

ExtrasTopic *
extras_topic_spec_get_topic (const ExtrasTopicSpec *spec)
{
  return spec->topic;
}

const char *
extras_topic_spec_get_name (const ExtrasTopicSpec *spec)
{
  return extras_topic_get_name (spec->topic);
}

const char *
extras_topic_spec_get_version (const ExtrasTopicSpec *spec)
{
  return spec->version;
}

ExtrasTopic *
extras_topic_spec_get_required_by (const ExtrasTopicSpec *spec)
{
  return spec->required_by;
}

GPtrArray *
extras_topic_spec_get_pulled_in (const ExtrasTopicSpec *spec)
{
  return spec->pulled_in;
}

GPtrArray *
extras_topic_spec_get_warnings (const ExtrasTopicSpec *spec)
{
  return spec->warnings;
}

static ExtrasTopicSpec *
find_spec (GPtrArray *specs, const ExtrasTopic *topic)
{
  for (guint i = 0; i < specs->len; i++)
    if (((ExtrasTopicSpec *) specs->pdata[i])->topic == topic)
      return specs->pdata[i];
  return NULL;
}

/* Adds the topics that @spec's topic requires, recursively, after it. */
static gboolean
add_required (const ExtrasCatalog *catalog, GPtrArray *specs, ExtrasTopicSpec *spec, int depth,
              GError **error)
{
  const char *name = extras_topic_get_name (spec->topic);
  const char *const *requires = extras_topic_get_requires (spec->topic);

  if (depth > MAX_REQUIRES_DEPTH)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "Topic %s: the topics it requires nest more than %d deep; fix the catalog", name,
                   MAX_REQUIRES_DEPTH);
      return FALSE;
    }
  for (gsize i = 0; requires[i] != NULL; i++)
    {
      ExtrasTopic *required = extras_catalog_lookup (catalog, requires[i]);
      ExtrasTopicSpec *added;

      if (required == NULL)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_TOPIC,
                       "Topic %s requires topic %s, which the catalog does not have", name,
                       requires[i]);
          return FALSE;
        }
      if (find_spec (specs, required) != NULL)
        continue;
      added = topic_spec_new (required, NULL, spec->topic);
      g_ptr_array_add (specs, added);
      g_ptr_array_add (spec->pulled_in, required);
      if (!add_required (catalog, specs, added, depth + 1, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_conflicts (const ExtrasCatalog *catalog, const ExtrasState *state, GPtrArray *specs,
                 GError **error)
{
  g_auto (GStrv) enabled = extras_state_dup_enabled (state);
  g_autoptr (GPtrArray) set = g_ptr_array_new ();
  const char *culprit, *other = NULL;

  for (guint i = 0; i < specs->len; i++)
    for (guint j = i + 1; j < specs->len; j++)
      {
        const char *a = extras_topic_get_name (((ExtrasTopicSpec *) specs->pdata[i])->topic);
        const char *b = extras_topic_get_name (((ExtrasTopicSpec *) specs->pdata[j])->topic);

        if (extras_catalog_conflicts_with (catalog, a, b))
          {
            g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_TOPIC_CONFLICT,
                         "Topics %s and %s conflict with each other; choose one of them", a, b);
            return FALSE;
          }
      }
  for (guint i = 0; i < specs->len; i++)
    {
      const char *name = extras_topic_get_name (((ExtrasTopicSpec *) specs->pdata[i])->topic);

      for (gsize j = 0; enabled[j] != NULL; j++)
        if (strcmp (enabled[j], name) != 0
            && extras_catalog_conflicts_with (catalog, enabled[j], name))
          {
            g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_TOPIC_CONFLICT,
                         "Topic %s conflicts with the enabled topic %s; disable it first: "
                         "amazon-linux-extras disable %s",
                         name, enabled[j], enabled[j]);
            return FALSE;
          }
      g_ptr_array_add (set, (gpointer) name);
    }

  /* The whole set, for v1 catalogs' whitelists. */
  for (gsize j = 0; enabled[j] != NULL; j++)
    {
      ExtrasTopic *topic = extras_catalog_lookup (catalog, enabled[j]);

      if (topic != NULL && find_spec (specs, topic) == NULL)
        g_ptr_array_add (set, enabled[j]);
    }
  g_ptr_array_add (set, NULL);
  culprit = extras_catalog_conflict (catalog, (const char *const *) set->pdata, &other);
  if (culprit != NULL)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_TOPIC_CONFLICT,
                   "Topics %s and %s may not be enabled together; disable one of them first",
                   culprit, other != NULL ? other : "?");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
extras_topic_specs_resolve (const ExtrasCatalog *catalog, const ExtrasState *state,
                            const char *const *args, const char *arch, const char *today,
                            GError **error)
{
  g_autoptr (GPtrArray) specs
      = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_topic_spec_free);
  guint n_asked;

  g_return_val_if_fail (args != NULL && args[0] != NULL, NULL);
  for (gsize i = 0; args[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *version = NULL;
      ExtrasTopic *topic;

      if (!extras_topic_spec_parse (args[i], &name, &version, error))
        return NULL;
      topic = extras_catalog_lookup (catalog, name);
      if (topic == NULL)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_TOPIC,
                       "Topic %s is not in the catalog; see amazon-linux-extras list", name);
          return NULL;
        }
      if (version != NULL && !extras_topic_has_version (topic, arch, version))
        {
          g_autofree char *known
              = g_strjoinv (" ", (char **) extras_topic_get_versions_for_arch (topic, arch));
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_VERSION,
                       "Topic %s has no version %s; it has: %s", name, version,
                       known[0] != '\0' ? known : "latest only");
          return NULL;
        }
      if (find_spec (specs, topic) != NULL)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_USAGE,
                       "Topic %s is given more than once; give it once", name);
          return NULL;
        }
      if (!extras_policy_check_arch (topic, arch, error))
        return NULL;
      g_ptr_array_add (
          specs, topic_spec_new (topic, g_strcmp0 (version, "latest") != 0 ? version : NULL, NULL));
    }

  n_asked = specs->len;
  for (guint i = 0; i < n_asked; i++)
    if (!add_required (catalog, specs, specs->pdata[i], 0, error))
      return NULL;
  for (guint i = n_asked; i < specs->len; i++)
    if (!extras_policy_check_arch (((ExtrasTopicSpec *) specs->pdata[i])->topic, arch, error))
      return NULL;
  if (!check_conflicts (catalog, state, specs, error))
    return NULL;
  for (guint i = 0; i < specs->len; i++)
    {
      ExtrasTopicSpec *spec = specs->pdata[i];

      spec->warnings = extras_topic_dup_warnings (catalog, spec->topic, arch, today);
    }
  return g_steal_pointer (&specs);
}

ExtrasTopic *
extras_state_get_blocked_by (const ExtrasState *state, const ExtrasCatalog *catalog,
                             const ExtrasTopic *topic)
{
  const char *name = extras_topic_get_name (topic);
  const char *const *enabled;
  g_autoptr (GPtrArray) set = g_ptr_array_new ();
  const char *culprit, *other = NULL;

  if (extras_state_is_enabled (state, name))
    return NULL;
  /* Borrowed: this runs once per topic of a list. */
  enabled = extras_state_peek_enabled (state);
  for (gsize i = 0; enabled[i] != NULL; i++)
    {
      ExtrasTopic *other = extras_catalog_lookup (catalog, enabled[i]);

      if (other == NULL)
        continue;
      if (extras_catalog_conflicts_with (catalog, enabled[i], name))
        return other;
      g_ptr_array_add (set, (gpointer) enabled[i]);
    }

  /* v1 whitelists judge the whole set; a set that is already not allowed
   * (enabled by hand) blocks nothing more. */
  g_ptr_array_add (set, NULL);
  if (set->len < 3 || extras_catalog_conflict (catalog, (const char *const *) set->pdata, NULL))
    return NULL;
  set->pdata[set->len - 1] = (gpointer) name;
  g_ptr_array_add (set, NULL);
  culprit = extras_catalog_conflict (catalog, (const char *const *) set->pdata, &other);
  if (culprit == NULL)
    return NULL;
  /* Names from @set die with `enabled`: hand out the catalog's topic. */
  return extras_catalog_lookup (catalog, g_strcmp0 (culprit, name) == 0 ? other : culprit);
}
