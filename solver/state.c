/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extras-state.h"
#include "extras-error.h"
#include "extras-topic.h"
#include "util.h"
#include "state-private.h"
#include "safe-path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

void
extras_state_free (ExtrasState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->file, extras_repo_file_free);
  g_free (state->src_suffix);
  g_free (state->debuginfo_suffix);
  g_free (state->url_format);
  g_clear_pointer (&state->versions, g_hash_table_unref);
  g_clear_pointer (&state->enabled, g_strfreev);
  g_free (state);
}

ExtrasState *
extras_state_dup (const ExtrasState *state)
{
  ExtrasState *copy = g_new0 (ExtrasState, 1);

  copy->file = extras_repo_file_dup (state->file);
  copy->src_suffix = g_strdup (state->src_suffix);
  copy->debuginfo_suffix = g_strdup (state->debuginfo_suffix);
  copy->url_format = g_strdup (state->url_format);
  copy->use_mirrorlist = state->use_mirrorlist;
  copy->versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return copy;
}

static gboolean
suffix_is_valid (const char *suffix)
{
  for (const char *p = suffix; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return suffix[0] != '\0' && strlen (suffix) <= 64;
}

static gboolean
text_is_safe (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/* Takes what decides the format of the sections the tool writes from the
 * configuration; refuses values that would let the configuration inject
 * lines or sections into the repo file. */
static gboolean
state_apply_config (ExtrasState *state, ExtrasConfig *config, GError **error)
{
  const char *src = config ? extras_config_get (config, "SRC_SUFFIX") : NULL;
  const char *debuginfo = config ? extras_config_get (config, "DEBUGINFO_SUFFIX") : NULL;
  const char *url_format = config ? extras_config_get (config, "URL_FORMAT") : NULL;
  const char *mirrorlist = config ? extras_config_get (config, "USE_MIRRORLIST") : NULL;

  state->src_suffix = g_strdup (src != NULL ? src : DEFAULT_SRC_SUFFIX);
  state->debuginfo_suffix = g_strdup (debuginfo != NULL ? debuginfo : DEFAULT_DEBUGINFO_SUFFIX);
  if (!suffix_is_valid (state->src_suffix) || !suffix_is_valid (state->debuginfo_suffix)
      || g_str_equal (state->src_suffix, state->debuginfo_suffix))
    {
      g_autofree char *s = g_strescape (state->src_suffix, NULL);
      g_autofree char *d = g_strescape (state->debuginfo_suffix, NULL);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "SRC_SUFFIX \"%s\" and DEBUGINFO_SUFFIX \"%s\" must differ and use only "
                   "letters, digits, '.', '_' or '-'; fix amazon-linux-extras.conf or the "
                   "environment",
                   s, d);
      return FALSE;
    }
  if (url_format != NULL && !text_is_safe (url_format))
    {
      g_autofree char *u = g_strescape (url_format, NULL);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                   "URL_FORMAT \"%s\" contains control characters or invalid UTF-8; fix "
                   "amazon-linux-extras.conf or the environment",
                   u);
      return FALSE;
    }
  state->url_format = g_strdup (url_format);
  /* The original treated USE_MIRRORLIST as a boolean that defaults to on. */
  state->use_mirrorlist = extras_boolean_or (mirrorlist, TRUE);
  return TRUE;
}

ExtrasState *
extras_state_new_from_data (const char *data, gsize len, const char *origin, ExtrasConfig *config,
                            GError **error)
{
  g_autoptr (ExtrasState) state = g_new0 (ExtrasState, 1);

  state->versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!state_apply_config (state, config, error))
    return NULL;
  state->file
      = extras_repo_file_new_from_data (data, len, origin != NULL ? origin : "(repo file)", error);
  if (state->file == NULL)
    return NULL;
  return g_steal_pointer (&state);
}
ExtrasState *
extras_state_load (const char *path, ExtrasConfig *config, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  gboolean ok;
  int fd;

  /* No symlink followed, a regular file only (a FIFO is refused, not waited
   * on), and not read past the bound. */
  fd = extras_safe_open_file (path, O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, &local_error);
  if (fd < 0 && local_error == NULL)
    return extras_state_new_from_data ("", 0, path, config, error);
  if (fd < 0)
    {
      g_set_error (error, EXTRAS_ERROR, local_error->code, "%s; run as root or fix it",
                   local_error->message);
      return NULL;
    }
  ok = extras_safe_read_fd (fd, path, EXTRAS_STATE_MAX_FILE_SIZE, &data, &len, &local_error);
  close (fd);
  if (!ok)
    {
      if (local_error->code == EXTRAS_ERROR_PARSE)
        g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                     "%s: file is larger than %d bytes; it is not a repo file this tool wrote, "
                     "move it away",
                     path, EXTRAS_STATE_MAX_FILE_SIZE);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return extras_state_new_from_data (data, len, path, config, error);
}

char *
extras_state_section_id (const ExtrasState *state, const char *name, SectionKind kind)
{
  switch (kind)
    {
    case KIND_SOURCE:
      return extras_topic_repo_id (name, state->src_suffix);
    case KIND_DEBUGINFO:
      return extras_topic_repo_id (name, state->debuginfo_suffix);
    case KIND_BINARY:
    default:
      return extras_topic_repo_id (name, NULL);
    }
}

char *
extras_state_dup_repo_topic (const ExtrasState *state, const ExtrasCatalog *catalog,
                             const char *repo_id, ExtrasRepoKind *out_kind)
{
  const char *rest = extras_repo_id_strip_prefix (repo_id);
  const char *suffixes[] = { NULL, state != NULL ? state->src_suffix : DEFAULT_SRC_SUFFIX,
                             state != NULL ? state->debuginfo_suffix : DEFAULT_DEBUGINFO_SUFFIX };
  gsize len;

  if (rest == NULL || *rest == '\0')
    return NULL;
  len = strlen (rest);
  if (catalog == NULL || extras_catalog_lookup (catalog, rest) == NULL)
    for (guint kind = EXTRAS_REPO_KIND_SOURCE; kind <= EXTRAS_REPO_KIND_DEBUGINFO; kind++)
      {
        gsize slen = strlen (suffixes[kind]);

        if (len > slen && g_str_has_suffix (rest, suffixes[kind]))
          {
            if (out_kind != NULL)
              *out_kind = kind;
            return g_strndup (rest, len - slen);
          }
      }
  if (out_kind != NULL)
    *out_kind = EXTRAS_REPO_KIND_BINARY;
  return g_strdup (rest);
}

GStrv
extras_state_dup_repo_ids (const ExtrasState *state, const char *name)
{
  char **ids = g_new0 (char *, 4);

  ids[EXTRAS_REPO_KIND_BINARY] = extras_state_section_id (state, name, KIND_BINARY);
  ids[EXTRAS_REPO_KIND_SOURCE] = extras_state_section_id (state, name, KIND_SOURCE);
  ids[EXTRAS_REPO_KIND_DEBUGINFO] = extras_state_section_id (state, name, KIND_DEBUGINFO);
  return ids;
}

gboolean
extras_state_has_topic (const ExtrasState *state, const char *name)
{
  g_autofree char *id = NULL;

  if (!extras_name_is_valid (name))
    return FALSE;
  id = extras_state_section_id (state, name, KIND_BINARY);
  return extras_repo_file_find_section (state->file, id) != NULL;
}

gboolean
extras_state_is_enabled (const ExtrasState *state, const char *name)
{
  g_autofree char *id = NULL;
  ExtrasRepoSection *chunk;

  if (!extras_name_is_valid (name))
    return FALSE;
  id = extras_state_section_id (state, name, KIND_BINARY);
  chunk = extras_repo_file_find_section (state->file, id);
  return chunk != NULL && extras_repo_section_is_enabled (chunk);
}

gboolean
extras_state_key_is_url (const char *key)
{
  return g_str_equal (key, "mirrorlist") || g_str_equal (key, "baseurl");
}

/* Finds the version segment of a topic's URL: the path segment right after
 * `/extras/NAME/`, else after the first `/NAME/` (which is where URL_FORMAT
 * templates of the form `.../{topic}/{version}/...` put it). */
gboolean
extras_state_find_version_segment (const char *text, gsize len, const char *name, gsize *out_start,
                                   gsize *out_len)
{
  g_autofree char *with_extras = g_strconcat ("/extras/", name, "/", NULL);
  g_autofree char *plain = g_strconcat ("/", name, "/", NULL);
  const char *patterns[] = { with_extras, plain };
  g_autofree char *copy = g_strndup (text, len);

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      const char *hit = strstr (copy, patterns[i]);
      const char *seg;
      const char *end;

      if (hit == NULL)
        continue;
      seg = hit + strlen (patterns[i]);
      end = seg;
      while (*end != '\0' && *end != '/')
        end++;
      if (end == seg)
        continue;
      *out_start = seg - copy;
      *out_len = end - seg;
      return TRUE;
    }
  return FALSE;
}

const char *
extras_state_get_version (const ExtrasState *state, const char *name)
{
  g_autofree char *id = NULL;
  ExtrasRepoSection *chunk;
  const char *cached;
  g_autofree char *version = NULL;

  if (!extras_name_is_valid (name))
    return NULL;
  id = extras_state_section_id (state, name, KIND_BINARY);
  chunk = extras_repo_file_find_section (state->file, id);
  if (chunk == NULL)
    return NULL;
  cached = g_hash_table_lookup (state->versions, name);
  if (cached != NULL)
    return cached;
  for (guint i = 1; version == NULL && i < chunk->lines->len; i++)
    {
      const char *line = g_ptr_array_index (chunk->lines, i);
      gsize start, len, seg_start, seg_len;
      g_autofree char *key = extras_repo_line_get_key (line, &start, &len);

      if (key != NULL && extras_state_key_is_url (key)
          && extras_state_find_version_segment (line + start, len, name, &seg_start, &seg_len))
        version = g_strndup (line + start + seg_start, seg_len);
    }
  /* A section whose URL does not show a version (written by hand or by
   * another tool) follows the topic's newest packages, like `latest`. */
  if (version == NULL)
    version = g_strdup ("latest");
  cached = version;
  g_hash_table_replace (state->versions, g_strdup (name), g_steal_pointer (&version));
  return cached;
}

/* The topic names with a `[amzn2extra-NAME]` section, in file order.  A
 * section `amzn2extra-X-source` is the source section of X when X's section
 * exists, else the section of a topic called `X-source`. */
static GStrv
collect_topics (const ExtrasState *state, gboolean only_enabled)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < state->file->sections->len; i++)
    {
      ExtrasRepoSection *chunk = g_ptr_array_index (state->file->sections, i);
      const char *name;
      const char *suffixes[] = { state->src_suffix, state->debuginfo_suffix };
      gboolean is_sub = FALSE;

      name = chunk->name != NULL ? extras_repo_id_strip_prefix (chunk->name) : NULL;
      if (name == NULL || !extras_name_is_valid (name))
        continue;
      for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
        if (g_str_has_suffix (name, suffixes[s]))
          {
            g_autofree char *base
                = g_strndup (chunk->name, strlen (chunk->name) - strlen (suffixes[s]));
            if (extras_repo_file_find_section (state->file, base) != NULL)
              is_sub = TRUE;
          }
      if (is_sub || g_hash_table_contains (seen, name))
        continue;
      /* The first section of that name is the one yum reads. */
      if (only_enabled && extras_repo_file_find_section (state->file, chunk->name) != chunk)
        continue;
      if (only_enabled && !extras_repo_section_is_enabled (chunk))
        continue;
      g_hash_table_add (seen, (gpointer) name);
      g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

const char *const *
extras_state_peek_enabled (const ExtrasState *state)
{
  /* Asked once per topic while a list is drawn (extras_state_get_blocked_by()):
   * the file is walked once, not once per topic. */
  if (state->enabled == NULL)
    ((ExtrasState *) state)->enabled = collect_topics (state, TRUE);
  return (const char *const *) state->enabled;
}

GStrv
extras_state_dup_enabled (const ExtrasState *state)
{
  return g_strdupv ((GStrv) extras_state_peek_enabled (state));
}

GStrv
extras_state_dup_topics (const ExtrasState *state)
{
  return collect_topics (state, FALSE);
}

GBytes *
extras_state_to_bytes (const ExtrasState *state)
{
  return extras_repo_file_to_bytes (state->file);
}
/* The name of a temporary file of extras_state_save() for @base. */
static gboolean
is_temporary_name (const char *name, const char *base)
{
  gsize blen = strlen (base);

  return name[0] == '.' && strncmp (name + 1, base, blen) == 0 && name[1 + blen] == '.'
         && strlen (name + 2 + blen) == 6;
}

void
extras_state_remove_stale_files (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  int dir_fd = extras_safe_open_dir (dir, EXTRAS_SAFE_MISSING_OK, NULL);
  DIR *d;
  struct dirent *entry;

  if (dir_fd < 0)
    return;
  d = fdopendir (dir_fd);
  if (d == NULL)
    {
      close (dir_fd);
      return;
    }
  while ((entry = readdir (d)) != NULL)
    if (is_temporary_name (entry->d_name, base) && unlinkat (dirfd (d), entry->d_name, 0) == 0)
      g_debug ("removed %s/%s, left by a run that was killed", dir, entry->d_name);
  closedir (d);
}

gboolean
extras_state_save (const ExtrasState *state, const char *path, GError **error)
{
  g_autoptr (GBytes) bytes = extras_state_to_bytes (state);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (GError) local_error = NULL;
  gboolean ok;
  int dir_fd;

  /* The directory through its descriptor, made if missing, no symlink
   * followed: every name below is relative to it. */
  dir_fd = extras_safe_open_dir (dir, EXTRAS_SAFE_MKDIR, &local_error);
  if (dir_fd < 0)
    {
      g_set_error (error, EXTRAS_ERROR, local_error->code, "cannot write %s: %s", path,
                   local_error->message);
      return FALSE;
    }
  ok = extras_file_write_atomic_at (dir_fd, base, path, g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes), 0644, EXTRAS_WRITE_KEEP_MODE, error);
  close (dir_fd);
  return ok;
}
