/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* "This system" for enable and disable: the state read once (under the lock
 * for a change), the topics decided by the library's rules
 * (extras_topic_specs_resolve()), and the repo file written only when it
 * changes.  The CLI parses argv and renders what this decided. */
#include "extras-system.h"
#include "extras-error.h"

#include <string.h>

struct _ExtrasSystem
{
  ExtrasConfig *config;
  ExtrasCatalog *catalog;
  char *arch;
  char *today;
  ExtrasLock *lock; /* held from open to commit, unless read only */
  ExtrasState *state;
  char *state_path;
  gboolean existed;
  GBytes *before;
  GBytes *after; /* NULL until committed */
};

ExtrasState *
extras_config_lock_state (ExtrasConfig *config, ExtrasLock **out_lock, char **out_path,
                          GError **error)
{
  g_autofree char *path = extras_config_dup_state_path (config);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (ExtrasLock) lock = NULL;
  ExtrasState *state;

  if ((lock = extras_lock_acquire (dir, EXTRAS_SYSTEM_LOCK_TIMEOUT_MS, error)) == NULL)
    return NULL;
  /* Under the lock no other run is writing: a temporary file is a leftover. */
  extras_state_remove_stale_files (path);
  if ((state = extras_state_load (path, config, error)) == NULL)
    return NULL;
  *out_lock = g_steal_pointer (&lock);
  *out_path = g_steal_pointer (&path);
  return state;
}

ExtrasSystem *
extras_system_new (ExtrasConfig *config, ExtrasCatalog *catalog, const char *arch,
                   const char *today)
{
  ExtrasSystem *system = g_new0 (ExtrasSystem, 1);

  system->config = extras_config_ref (config);
  system->catalog = extras_catalog_ref (catalog);
  system->arch = g_strdup (arch);
  system->today = g_strdup (today);
  return system;
}

void
extras_system_free (ExtrasSystem *system)
{
  if (system == NULL)
    return;
  g_clear_pointer (&system->lock, extras_lock_release);
  extras_config_unref (system->config);
  extras_catalog_unref (system->catalog);
  g_free (system->arch);
  g_free (system->today);
  extras_state_free (system->state);
  g_free (system->state_path);
  g_clear_pointer (&system->before, g_bytes_unref);
  g_clear_pointer (&system->after, g_bytes_unref);
  g_free (system);
}

gboolean
extras_system_open (ExtrasSystem *system, gboolean read_only, GError **error)
{
  g_return_val_if_fail (system->state == NULL, FALSE);
  if (read_only)
    {
      system->state_path = extras_config_dup_state_path (system->config);
      system->state = extras_state_load (system->state_path, system->config, error);
    }
  else
    system->state
        = extras_config_lock_state (system->config, &system->lock, &system->state_path, error);
  if (system->state == NULL)
    return FALSE;
  system->existed = g_file_test (system->state_path, G_FILE_TEST_EXISTS);
  system->before = extras_state_to_bytes (system->state);
  return TRUE;
}

ExtrasState *
extras_system_get_state (ExtrasSystem *system)
{
  return system->state;
}

const char *
extras_system_get_state_path (ExtrasSystem *system)
{
  return system->state_path;
}

GPtrArray *
extras_system_enable (ExtrasSystem *system, const char *const *args, GError **error)
{
  g_autoptr (GPtrArray) specs = extras_topic_specs_resolve (system->catalog, system->state, args,
                                                            system->arch, system->today, error);

  if (specs == NULL)
    return NULL;
  for (guint i = 0; i < specs->len; i++)
    if (!extras_state_enable (system->state, extras_topic_spec_get_name (specs->pdata[i]),
                              extras_topic_spec_get_version (specs->pdata[i]), error))
      return NULL;
  return g_steal_pointer (&specs);
}

void
extras_topic_ref_free (ExtrasTopicRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->name);
  g_free (ref->version);
  g_free (ref);
}

GPtrArray *
extras_system_disable (ExtrasSystem *system, const char *const *args, GError **error)
{
  g_autoptr (GPtrArray) refs
      = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_topic_ref_free);

  for (gsize i = 0; args[i] != NULL; i++)
    {
      ExtrasTopicRef *ref = g_new0 (ExtrasTopicRef, 1);

      ref->name = extras_topic_spec_dup_name (args[i]);
      if (extras_state_is_enabled (system->state, ref->name))
        ref->version = g_strdup (extras_state_get_version (system->state, ref->name));
      g_ptr_array_add (refs, ref);
      if (!extras_state_disable (system->state, ref->name, error))
        return NULL;
    }
  return g_steal_pointer (&refs);
}

gboolean
extras_system_repo_file_existed (ExtrasSystem *system)
{
  return system->existed;
}

GBytes *
extras_system_get_repo_file_before (ExtrasSystem *system)
{
  return system->before;
}

GBytes *
extras_system_get_repo_file_after (ExtrasSystem *system)
{
  return system->after;
}

gboolean
extras_system_repo_file_changed (ExtrasSystem *system)
{
  GBytes *after = system->after != NULL ? system->after : system->before;

  return !system->existed || !g_bytes_equal (system->before, after);
}

gboolean
extras_system_commit (ExtrasSystem *system, gboolean write, GError **error)
{
  g_clear_pointer (&system->after, g_bytes_unref);
  system->after = extras_state_to_bytes (system->state);
  if (write && extras_system_repo_file_changed (system)
      && !extras_state_save (system->state, system->state_path, error))
    return FALSE;
  g_clear_pointer (&system->lock, extras_lock_release);
  return TRUE;
}
