/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extras-state.h"
#include "extras-error.h"
#include "extras-topic.h"
#include "util.h"
#include "repofile-private.h"
#include "safe-path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

struct _ExtrasState
{
  ExtrasRepoFile *file;
  char *src_suffix;
  char *debuginfo_suffix;
  char *url_format; /* NULL for the original's URL scheme */
  gboolean use_mirrorlist;
  GHashTable *versions; /* cache for extras_state_get_version(): name -> version */
};

#define GPGKEY "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-amazon-linux-2"
#define DEFAULT_URL_BASE "$awsproto://$amazonlinux.$awsregion.$awsdomain/$releasever/extras"
#define MIRRORLIST_SUFFIX "/mirror.list"

typedef enum
{
  KIND_SOURCE,
  KIND_DEBUGINFO,
  KIND_BINARY,
} SectionKind;

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
  g_free (state);
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

  state->src_suffix = g_strdup (src != NULL ? src : "-source");
  state->debuginfo_suffix = g_strdup (debuginfo != NULL ? debuginfo : "-debuginfo");
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

static char *
section_id (const ExtrasState *state, const char *name, SectionKind kind)
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

gboolean
extras_state_has_topic (const ExtrasState *state, const char *name)
{
  g_autofree char *id = NULL;

  if (!extras_name_is_valid (name))
    return FALSE;
  id = section_id (state, name, KIND_BINARY);
  return extras_repo_file_find_section (state->file, id) != NULL;
}

gboolean
extras_state_is_enabled (const ExtrasState *state, const char *name)
{
  g_autofree char *id = NULL;
  ExtrasRepoSection *chunk;

  if (!extras_name_is_valid (name))
    return FALSE;
  id = section_id (state, name, KIND_BINARY);
  chunk = extras_repo_file_find_section (state->file, id);
  return chunk != NULL && extras_repo_section_is_enabled (chunk);
}

static gboolean
key_is_url (const char *key)
{
  return g_str_equal (key, "mirrorlist") || g_str_equal (key, "baseurl");
}

/* Finds the version segment of a topic's URL: the path segment right after
 * `/extras/NAME/`, else after the first `/NAME/` (which is where URL_FORMAT
 * templates of the form `.../{topic}/{version}/...` put it). */
static gboolean
find_version_segment (const char *text, gsize len, const char *name, gsize *out_start,
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
  id = section_id (state, name, KIND_BINARY);
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

      if (key != NULL && key_is_url (key)
          && find_version_segment (line + start, len, name, &seg_start, &seg_len))
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

GStrv
extras_state_dup_enabled (const ExtrasState *state)
{
  return collect_topics (state, TRUE);
}

GStrv
extras_state_dup_topics (const ExtrasState *state)
{
  return collect_topics (state, FALSE);
}

static gboolean
check_name (const char *name, const char *what, GError **error)
{
  g_autofree char *escaped = NULL;

  if (extras_name_is_valid (name))
    return TRUE;
  escaped = g_strescape (name != NULL ? name : "", NULL);
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_INVALID_NAME,
               "invalid %s name \"%s\": use 1 to 64 letters, digits, '.', '_' or '-', "
               "starting with a letter or digit",
               what, escaped);
  return FALSE;
}

/* URL_FORMAT, when set, is a template for the whole repository URL, with
 * `{topic}`, `{version}` and `{arch}` (`$basearch`, `SRPMS` or
 * `debuginfo/$basearch`) filled in and yum variables left for yum; the
 * original's is `$awsproto://$amazonlinux.$awsregion.$awsdomain/$releasever/
 * extras/{topic}/{version}/{arch}`.  It may end in `/mirror.list` or not:
 * `/mirror.list` is appended for a mirrorlist and removed for a baseurl
 * (USE_MIRRORLIST=0).  This is inferred: the original's own semantics are not
 * known from public material. */
static char *
build_url (const ExtrasState *state, const char *name, const char *version, SectionKind kind)
{
  const char *arch = kind == KIND_SOURCE      ? "SRPMS"
                     : kind == KIND_DEBUGINFO ? "debuginfo/$basearch"
                                              : "$basearch";
  g_autoptr (GString) url = NULL;

  if (state->url_format != NULL)
    {
      url = g_string_new (state->url_format);
      if (g_str_has_suffix (url->str, MIRRORLIST_SUFFIX))
        g_string_truncate (url, url->len - strlen (MIRRORLIST_SUFFIX));
      g_string_replace (url, "{topic}", name, 0);
      g_string_replace (url, "{version}", version, 0);
      g_string_replace (url, "{arch}", arch, 0);
    }
  else
    {
      url = g_string_new (NULL);
      g_string_printf (url, DEFAULT_URL_BASE "/%s/%s/%s", name, version, arch);
    }
  if (state->use_mirrorlist)
    g_string_append (url, MIRRORLIST_SUFFIX);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

static char *
url_line (const ExtrasState *state, const char *name, const char *version, SectionKind kind,
          const char *terminator)
{
  g_autofree char *url = build_url (state, name, version, kind);

  return g_strdup_printf ("%s = %s%s", state->use_mirrorlist ? "mirrorlist" : "baseurl", url,
                          terminator);
}

static ExtrasRepoSection *
section_new (const ExtrasState *state, const char *name, const char *version, SectionKind kind)
{
  static const char *const tails[] = {
    "gpgcheck = 1\n",
    "gpgkey = " GPGKEY "\n",
    "priority = 10\n",
    "skip_if_unavailable = 1\n",
    "report_instanceid = yes\n",
  };
  g_autofree char *id = section_id (state, name, kind);
  ExtrasRepoSection *chunk = extras_repo_section_new (id);
  const char *label = kind == KIND_SOURCE      ? "source repo"
                      : kind == KIND_DEBUGINFO ? "debuginfo repo"
                                               : "repo";

  g_ptr_array_add (chunk->lines, g_strdup_printf ("[%s]\n", id));
  g_ptr_array_add (chunk->lines,
                   g_strdup (kind == KIND_BINARY ? "enabled = 1\n" : "enabled = 0\n"));
  g_ptr_array_add (chunk->lines, g_strdup_printf ("name = Amazon Extras %s for %s\n", label, name));
  g_ptr_array_add (chunk->lines, url_line (state, name, version, kind, "\n"));
  for (guint i = 0; i < G_N_ELEMENTS (tails); i++)
    g_ptr_array_add (chunk->lines, g_strdup (tails[i]));
  return chunk;
}

/* Makes the line right after the header `enabled = VALUE`, the only
 * `enabled` line of the section (scripts depend on that position). */
static void
chunk_set_enabled (ExtrasRepoSection *chunk, gboolean enabled)
{
  const char *header = g_ptr_array_index (chunk->lines, 0);
  const char *terminator = extras_repo_line_terminator (header);
  guint i = 1;

  while (i < chunk->lines->len)
    {
      g_autofree char *key
          = extras_repo_line_get_key (g_ptr_array_index (chunk->lines, i), NULL, NULL);

      if (key == NULL || !g_str_equal (key, "enabled"))
        {
          i++;
          continue;
        }
      g_ptr_array_remove_index (chunk->lines, i);
      /* and its continuation lines, if any */
      while (i < chunk->lines->len)
        {
          const char *next = g_ptr_array_index (chunk->lines, i);
          if ((next[0] != ' ' && next[0] != '\t') || extras_repo_line_is_blank (next))
            break;
          g_ptr_array_remove_index (chunk->lines, i);
        }
    }

  if (terminator[0] == '\0')
    {
      /* The header was the file's last line, without a newline: give it one
       * and leave the file ending as it did, without one. */
      char *old = g_ptr_array_index (chunk->lines, 0);
      chunk->lines->pdata[0] = g_strconcat (old, "\n", NULL);
      g_free (old);
    }
  g_ptr_array_insert (chunk->lines, 1,
                      g_strconcat ("enabled = ", enabled ? "1" : "0", terminator, NULL));
}

/* Points the URLs of a section at @version. */
static void
chunk_set_version (const ExtrasState *state, ExtrasRepoSection *chunk, const char *name,
                   const char *version, SectionKind kind)
{
  for (guint i = 1; i < chunk->lines->len; i++)
    {
      char *line = g_ptr_array_index (chunk->lines, i);
      gsize start, len, seg_start, seg_len;
      g_autofree char *key = extras_repo_line_get_key (line, &start, &len);
      char *replacement;

      if (key == NULL || !key_is_url (key))
        continue;
      if (find_version_segment (line + start, len, name, &seg_start, &seg_len))
        {
          if (seg_len == strlen (version)
              && strncmp (line + start + seg_start, version, seg_len) == 0)
            continue;
          replacement = g_strdup_printf ("%.*s%s%s", (int) (start + seg_start), line, version,
                                         line + start + seg_start + seg_len);
        }
      else
        {
          /* A URL that shows no version cannot be pointed at one: write ours. */
          replacement = url_line (state, name, version, kind, extras_repo_line_terminator (line));
        }
      chunk->lines->pdata[i] = replacement;
      g_free (line);
    }
}

/* Gets the end of the file ready for new sections: a final newline and
 * exactly one blank line after what is there (nothing in an empty file). */
static void
prepare_append (ExtrasState *state)
{
  ExtrasRepoSection *last
      = g_ptr_array_index (state->file->sections, state->file->sections->len - 1);

  while (last->lines->len > 0)
    {
      const char *line = g_ptr_array_index (last->lines, last->lines->len - 1);
      /* A section header is never dropped, even a blank-looking one. */
      if (!extras_repo_line_is_blank (line) || (last->name != NULL && last->lines->len == 1))
        break;
      g_ptr_array_remove_index (last->lines, last->lines->len - 1);
    }
  if (extras_repo_file_size (state->file) == 0)
    return;
  if (last->lines->len > 0)
    {
      char *line = g_ptr_array_index (last->lines, last->lines->len - 1);
      if (!extras_repo_line_is_terminated (line))
        {
          last->lines->pdata[last->lines->len - 1] = g_strconcat (line, "\n", NULL);
          g_free (line);
        }
    }
  g_ptr_array_add (last->lines, g_strdup ("\n"));
}

gboolean
extras_state_enable (ExtrasState *state, const char *name, const char *version, GError **error)
{
  const SectionKind kinds[] = { KIND_SOURCE, KIND_DEBUGINFO, KIND_BINARY };
  g_autoptr (GPtrArray) missing
      = g_ptr_array_new_with_free_func ((GDestroyNotify) extras_repo_section_free);

  if (!check_name (name, "topic", error))
    return FALSE;
  if (version == NULL)
    version = "latest";
  if (!extras_version_is_valid (version))
    {
      g_autofree char *escaped = g_strescape (version, NULL);
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_INVALID_NAME,
                   "invalid version \"%s\": use 1 to 64 letters, digits, '.', '_', '+', '~' or "
                   "'-', starting with a letter or digit",
                   escaped);
      return FALSE;
    }

  g_hash_table_remove (state->versions, name);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *id = section_id (state, name, kinds[k]);
      gboolean found = FALSE;

      for (guint i = 0; i < state->file->sections->len; i++)
        {
          ExtrasRepoSection *chunk = g_ptr_array_index (state->file->sections, i);
          if (chunk->name == NULL || !g_str_equal (chunk->name, id))
            continue;
          found = TRUE;
          if (kinds[k] == KIND_BINARY)
            chunk_set_enabled (chunk, TRUE);
          chunk_set_version (state, chunk, name, version, kinds[k]);
        }
      if (!found)
        g_ptr_array_add (missing, section_new (state, name, version, kinds[k]));
    }

  if (missing->len == 0)
    return TRUE;
  prepare_append (state);
  for (guint i = 0; i < missing->len; i++)
    {
      ExtrasRepoSection *chunk = g_ptr_array_index (missing, i);
      if (i + 1 < missing->len)
        g_ptr_array_add (chunk->lines, g_strdup ("\n"));
      extras_repo_file_add_section (state->file, chunk);
      missing->pdata[i] = NULL;
    }
  return TRUE;
}

gboolean
extras_state_disable (ExtrasState *state, const char *name, GError **error)
{
  g_autofree char *id = NULL;
  gboolean found = FALSE;

  if (!check_name (name, "topic", error))
    return FALSE;
  id = section_id (state, name, KIND_BINARY);
  for (guint i = 0; i < state->file->sections->len; i++)
    {
      ExtrasRepoSection *chunk = g_ptr_array_index (state->file->sections, i);
      if (chunk->name == NULL || !g_str_equal (chunk->name, id))
        continue;
      found = TRUE;
      chunk_set_enabled (chunk, FALSE);
    }
  if (!found)
    {
      g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_UNKNOWN_TOPIC,
                   "topic %s is not enabled; there is nothing to disable", name);
      return FALSE;
    }
  return TRUE;
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
