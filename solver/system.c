/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* "This system" for enable, disable and install: the state read once (under
 * the lock for a change), the topics decided by the library's rules
 * (extras_topic_specs_resolve()), the repo file written only when it
 * changes, and put back when an install fails.  The CLI parses argv and
 * renders what this decided. */
#include "extras-system.h"
#include "extras-error.h"
#include "extras-resolver.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

struct _ExtrasSystem
{
  ExtrasConfig *config;
  ExtrasCatalog *catalog;
  char *arch;
  char *today;
  ExtrasLock *lock; /* held from open to commit, unless read only */
  ExtrasState *state;
  ExtrasState *original; /* the state as read */
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
  extras_state_free (system->original);
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
  if (!read_only)
    system->original = extras_state_dup (system->state); /* for extras_system_roll_back() */
  return TRUE;
}

gboolean
extras_system_read (ExtrasSystem *system, GError **error)
{
  g_return_val_if_fail (system->state == NULL, FALSE);
  system->state_path = extras_config_dup_state_path (system->config);
  system->state = extras_state_load (system->state_path, system->config, error);
  return system->state != NULL;
}

ExtrasResolver *
extras_system_new_resolver (ExtrasSystem *system)
{
  ExtrasResolver *resolver;

  g_return_val_if_fail (system->state != NULL, NULL);
  resolver = extras_resolver_new (system->config, system->catalog, system->state, system->arch);
  extras_resolver_set_date (resolver, system->today);
  return resolver;
}

ExtrasCatalog *
extras_system_get_catalog (ExtrasSystem *system)
{
  return system->catalog;
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
  g_return_val_if_fail (system->before != NULL, NULL); /* opened, not only read */

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
  g_return_val_if_fail (system->before != NULL, NULL); /* opened, not only read */

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

gboolean
extras_system_check_writable (ExtrasSystem *system, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (system->state_path);
  const char *what = dir;

  if (access (dir, W_OK) == 0
      && (access (system->state_path, F_OK) != 0
          || (what = system->state_path, access (system->state_path, W_OK) == 0)))
    return TRUE;
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PERMISSION,
               "Cannot write %s: %s (is it immutable or on a read-only file system?)", what,
               g_strerror (errno));
  return FALSE;
}

gboolean
extras_system_write (ExtrasSystem *system, GError **error)
{
  g_return_val_if_fail (system->lock != NULL, FALSE);
  g_clear_pointer (&system->after, g_bytes_unref);
  system->after = extras_state_to_bytes (system->state);
  return extras_state_save (system->state, system->state_path, error);
}

/* The name of @nevra (name-version-release.arch): before its last two dashes. */
static char *
nevra_name (const char *nevra)
{
  char *name = g_strdup (nevra);
  char *dash = strrchr (name, '-');

  if (dash != NULL)
    *dash = '\0';
  if (dash != NULL && (dash = strrchr (name, '-')) != NULL)
    *dash = '\0';
  return name;
}

/* The topics of @specs whose own packages (of @nevras) the rpmdb holds now;
 * NULL when the rpmdb cannot be read. */
static GHashTable *
installed_topics (ExtrasSystem *system, GPtrArray *specs, const char *const *nevras)
{
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) installed = extras_rpmdb_dup_installed (system->config, nevras, &local_error);
  g_autoptr (GHashTable) have = NULL;
  GHashTable *out;

  if (installed == NULL)
    {
      g_debug ("rpmdb not read after the package manager: %s",
               local_error != NULL ? local_error->message : "no answer");
      return NULL;
    }
  have = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; installed[i] != NULL; i++)
    g_hash_table_add (have, installed[i]);
  out = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < specs->len; i++)
    {
      ExtrasTopicSpec *spec = specs->pdata[i];
      const char *const *packages = extras_topic_get_packages (extras_topic_spec_get_topic (spec));
      gboolean all = TRUE;

      for (gsize j = 0; nevras[j] != NULL; j++)
        {
          g_autofree char *name = nevra_name (nevras[j]);

          if (g_strv_contains (packages, name) && !g_hash_table_contains (have, nevras[j]))
            all = FALSE;
        }
      if (all)
        g_hash_table_add (out, (gpointer) extras_topic_spec_get_name (spec));
    }
  return out;
}

/* Puts the repo file back as @state, or removes it when it did not exist. */
static gboolean
restore (ExtrasSystem *system, ExtrasState *state, GError **error)
{
  if (system->existed)
    return extras_state_save (state, system->state_path, error);
  if (unlink (system->state_path) < 0 && errno != ENOENT)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_IO, "Cannot remove %s: %s", system->state_path,
                   g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
extras_system_roll_back (ExtrasSystem *system, GPtrArray *specs, const char *const *nevras,
                         gboolean ask_rpmdb, GStrv *out_kept, GStrv *out_undone, GError **error)
{
  g_autoptr (GHashTable) done = ask_rpmdb ? installed_topics (system, specs, nevras) : NULL;
  g_autoptr (ExtrasState) back = extras_state_dup (system->original);
  g_autoptr (GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) undone = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  g_return_val_if_fail (system->lock != NULL && system->original != NULL, FALSE);
  /* What happened is in the rpmdb, not in the exit status: a package manager
   * killed late may have installed everything.  Topics whose packages are
   * installed stay enabled; the others are restored. */
  for (guint i = 0; i < specs->len; i++)
    {
      ExtrasTopicSpec *spec = specs->pdata[i];
      const char *name = extras_topic_spec_get_name (spec);

      if (done == NULL)
        break; /* not known: every topic restored, none said either way */
      if (g_hash_table_contains (done, name)
          && extras_state_enable (back, name, extras_topic_spec_get_version (spec), NULL))
        g_ptr_array_add (kept, g_strdup (name));
      else
        g_ptr_array_add (undone, g_strdup (name));
    }
  if (kept->len > 0)
    ok = extras_state_save (back, system->state_path, error);
  else
    ok = restore (system, system->original, error);
  if (!ok)
    return FALSE;
  g_clear_pointer (&system->state, extras_state_free);
  system->state = g_steal_pointer (&back);
  g_clear_pointer (&system->after, g_bytes_unref);
  g_ptr_array_add (kept, NULL);
  g_ptr_array_add (undone, NULL);
  if (out_kept != NULL)
    *out_kept = (GStrv) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
  if (out_undone != NULL)
    *out_undone = (GStrv) g_ptr_array_free (g_steal_pointer (&undone), FALSE);
  return TRUE;
}
