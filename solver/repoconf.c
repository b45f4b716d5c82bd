/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The enabled repositories of ROOT/etc/yum.repos.d, read through the one
 * repo-file model (repofile.c) that the state editor uses too. */
#include "resolve-private.h"
#include "util.h"
#include "repofile-private.h"
#include "state-private.h"

#include "safe-path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bound what users control. */
#define MAX_REPO_FILE_SIZE (1024 * 1024)
#define MAX_REPO_FILES 512

void
extras_repo_conf_free (ExtrasRepoConf *conf)
{
  if (conf == NULL)
    return;
  g_free (conf->id);
  g_free (conf->name);
  g_strfreev (conf->baseurls);
  g_free (conf->mirrorlist);
  g_free (conf->metalink);
  g_strfreev (conf->gpgkeys);
  g_free (conf->topic);
  g_free (conf->file);
  g_strfreev (conf->excludes);
  g_strfreev (conf->includes);
  g_free (conf);
}

/* yum's metadata_expire: seconds, or a number with s/m/h/d, or -1/never. */
static gint64
parse_expire (const char *value)
{
  char *end = NULL;
  double n;

  if (value == NULL || *value == '\0')
    return 6 * 3600; /* yum's default */
  if (g_ascii_strcasecmp (value, "never") == 0)
    return -1;
  n = g_ascii_strtod (value, &end);
  if (end == value || n < 0)
    return -1;
  switch (*end)
    {
    case 'd':
      return (gint64) (n * 86400);
    case 'h':
      return (gint64) (n * 3600);
    case 'm':
      return (gint64) (n * 60);
    default:
      return (gint64) n;
    }
}

/* Splits a list of URLs separated by spaces, commas or newlines, expanding variables. */
static GStrv
split_urls (ExtrasConfig *config, const char *value)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) parts = NULL;

  if (value != NULL)
    {
      parts = g_regex_split_simple ("[\\s,]+", value, 0, 0);
      for (gsize i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          g_ptr_array_add (out, config != NULL ? extras_config_expand (config, parts[i])
                                               : g_strdup (parts[i]));
    }
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static char *
get_expanded (ExtrasConfig *config, const ExtrasRepoSection *section, const char *key)
{
  g_autofree char *value = extras_repo_section_dup_value (section, key);

  if (value == NULL)
    return NULL;
  g_strstrip (value);
  return config != NULL ? extras_config_expand (config, value) : g_steal_pointer (&value);
}

/* Reads @path (in @dir_fd) into the one repo-file model: the same syntax
 * (`:` as well as `=`) as the state's. */
static ExtrasRepoFile *
read_file (int dir_fd, const char *path, GError **error)
{
  /* No symlink followed, a regular file only, bounded. */
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *data = NULL;
  gsize len = 0;
  int fd = extras_safe_openat_file (dir_fd, base, path, O_RDONLY, 0, EXTRAS_SAFE_NONE, error);
  gboolean ok = fd >= 0 && extras_safe_read_fd (fd, path, MAX_REPO_FILE_SIZE, &data, &len, error);

  if (fd >= 0)
    close (fd);
  if (!ok)
    return NULL;
  if (len > MAX_REPO_FILE_SIZE)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE, "%s: larger than %d bytes", path,
                   MAX_REPO_FILE_SIZE);
      return NULL;
    }
  return extras_repo_file_new_from_data (data, len, path, error);
}

/* Adds the enabled repositories of @file (read from @path) to @out. */
static gboolean
add_repositories (ExtrasConfig *config, const ExtrasState *state, const ExtrasRepoFile *file,
                  const char *path, GPtrArray *out, GError **error)
{
  for (guint i = 0; i < file->sections->len; i++)
    {
      const ExtrasRepoSection *section = g_ptr_array_index (file->sections, i);
      const char *group = section->name;
      g_autoptr (ExtrasRepoConf) conf = NULL;
      g_autofree char *baseurl = NULL;
      g_autofree char *gpgkey = NULL;
      g_autofree char *priority = NULL;
      g_autofree char *cost = NULL;
      g_autofree char *skip = NULL;
      g_autofree char *gpgcheck = NULL;
      g_autofree char *repo_gpgcheck = NULL;
      g_autofree char *expire = NULL;
      g_autofree char *timeout = NULL;
      g_autofree char *minrate = NULL;

      /* The first section of a name is the one yum reads. */
      if (group == NULL || strcmp (group, "main") == 0
          || extras_repo_file_find_section (file, group) != section
          || !extras_repo_section_is_enabled (section))
        continue;
      conf = g_new0 (ExtrasRepoConf, 1);
      conf->id = config != NULL ? extras_config_expand (config, group) : g_strdup (group);
      /* The id names the repository's cache directory: dnf's rule, so
       * never a path. */
      if (!extras_repo_id_is_valid (conf->id))
        {
          g_autofree char *shown = g_strescape (conf->id, NULL);
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                       "%s: repository id \"%.64s\" is not valid (dnf accepts only letters, "
                       "digits and \"-_.:\"); rename or remove that section",
                       path, shown);
          return FALSE;
        }
      conf->name = get_expanded (config, section, "name");
      baseurl = extras_repo_section_dup_value (section, "baseurl");
      conf->baseurls = split_urls (config, baseurl);
      conf->mirrorlist = get_expanded (config, section, "mirrorlist");
      conf->metalink = get_expanded (config, section, "metalink");
      gpgkey = extras_repo_section_dup_value (section, "gpgkey");
      conf->gpgkeys = split_urls (config, gpgkey);
      priority = get_expanded (config, section, "priority");
      conf->priority = priority != NULL ? atoi (priority) : 99;
      cost = get_expanded (config, section, "cost");
      conf->cost = cost != NULL ? atoi (cost) : 1000;
      skip = get_expanded (config, section, "skip_if_unavailable");
      conf->skip_if_unavailable = extras_boolean_or (skip, FALSE);
      gpgcheck = get_expanded (config, section, "gpgcheck");
      conf->gpgcheck = extras_boolean_or (gpgcheck, FALSE);
      repo_gpgcheck = get_expanded (config, section, "repo_gpgcheck");
      conf->repo_gpgcheck = extras_boolean_or (repo_gpgcheck, FALSE);
      expire = get_expanded (config, section, "metadata_expire");
      conf->metadata_expire = parse_expire (expire);
      timeout = get_expanded (config, section, "timeout");
      conf->timeout = timeout != NULL ? CLAMP (atoi (timeout), 1, 300) : 30;
      minrate = get_expanded (config, section, "minrate");
      conf->minrate = minrate != NULL ? CLAMP (atoi (minrate), 0, 1024 * 1024 * 1024) : 1000;
      /* Its source and debuginfo repositories are the topic's too (not LTS,
       * hidden when it is not enabled), as both plugins have it. */
      conf->topic = extras_state_dup_repo_topic (state, NULL, conf->id, &conf->kind);
      conf->file = g_strdup (path);
      /* What the package manager hides of this repository (dnf: excludepkgs,
       * its alias exclude, includepkgs; yum: exclude, includepkgs). */
      {
        g_autofree char *exclude = get_expanded (config, section, "exclude");
        g_autofree char *excludepkgs = get_expanded (config, section, "excludepkgs");
        g_autofree char *includepkgs = get_expanded (config, section, "includepkgs");
        g_autofree char *all = g_strjoin (" ", exclude != NULL ? exclude : "",
                                          excludepkgs != NULL ? excludepkgs : "", NULL);

        conf->excludes = extras_conf_split_list (all);
        conf->includes = extras_conf_split_list (includepkgs);
      }
      if (conf->baseurls[0] == NULL && conf->mirrorlist == NULL && conf->metalink == NULL)
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                       "%s: repository %s has no baseurl, mirrorlist or metalink", path, group);
          return FALSE;
        }
      g_ptr_array_add (out, g_steal_pointer (&conf));
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
extras_repo_confs_load (ExtrasConfig *config, const char *dir, const char *override_path,
                        const ExtrasState *override_state, GError **error)
{
  g_autoptr (GPtrArray) out
      = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_repo_conf_free);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local_error = NULL;
  int dir_fd = extras_safe_open_dir (dir, EXTRAS_SAFE_MISSING_OK, &local_error);
  DIR *d = NULL;
  struct dirent *entry;
  gboolean ok = TRUE;

  if (dir_fd < 0 && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (dir_fd >= 0)
    d = fdopendir (dup (dir_fd));
  while (d != NULL && (entry = readdir (d)) != NULL)
    if (g_str_has_suffix (entry->d_name, ".repo") && entry->d_name[0] != '.'
        && files->len < MAX_REPO_FILES)
      g_ptr_array_add (files, g_build_filename (dir, entry->d_name, NULL));
  if (d != NULL)
    closedir (d);
  /* The state file as it is in memory, even before it is written. */
  if (override_path != NULL && override_state != NULL
      && !g_ptr_array_find_with_equal_func (files, override_path, g_str_equal, NULL))
    g_ptr_array_add (files, g_strdup (override_path));
  g_ptr_array_sort (files, compare_strings);

  for (guint i = 0; ok && i < files->len; i++)
    {
      const char *path = files->pdata[i];
      gboolean is_override
          = override_state != NULL && override_path != NULL && strcmp (path, override_path) == 0;
      g_autoptr (ExtrasRepoFile) file = NULL;

      if (is_override)
        ok = add_repositories (config, override_state, extras_state_get_repo_file (override_state),
                               path, out, error);
      else
        ok = (file = read_file (dir_fd, path, error)) != NULL
             && add_repositories (config, override_state, file, path, out, error);
    }
  if (dir_fd >= 0)
    close (dir_fd);
  if (!ok)
    return NULL;

  /* A repo id defined twice: the first one wins, as in yum. */
  for (guint i = 0; i < out->len; i++)
    for (guint j = i + 1; j < out->len;)
      {
        ExtrasRepoConf *a = out->pdata[i], *b = out->pdata[j];
        if (strcmp (a->id, b->id) == 0)
          g_ptr_array_remove_index (out, j);
        else
          j++;
      }
  return g_steal_pointer (&out);
}
