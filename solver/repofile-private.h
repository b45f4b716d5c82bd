/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One section: its id (NULL for the preamble before the first header) and
 * its raw lines, the header first. */
typedef struct
{
  char *name;
  GPtrArray *lines; /* char *: raw lines with their terminators */
} ExtrasRepoSection;

/* A parsed .repo file: its sections in file order (the preamble first). */
typedef struct
{
  GPtrArray *sections; /* ExtrasRepoSection * */
  GHashTable *index;   /* section id -> its first section (the one yum reads): no lookup
                          walks the file, so a file of many sections is read in linear time */
} ExtrasRepoFile;

ExtrasRepoFile *
extras_repo_file_new (void);
void
extras_repo_file_free (ExtrasRepoFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExtrasRepoFile, extras_repo_file_free)

/* Parses @len bytes of @data; @origin names the file in messages
 * ("ORIGIN:LINE: what; what to do", EXTRAS_ERROR_PARSE).  Refuses what yum
 * refuses (lines that are no `key = value`, text before the first section,
 * bad headers, NUL bytes, invalid UTF-8) and files over
 * EXTRAS_STATE_MAX_FILE_SIZE. */
ExtrasRepoFile *
extras_repo_file_new_from_data (const char *data, gsize len, const char *origin, GError **error);
/* A deep copy: the same sections and lines, byte for byte. */
ExtrasRepoFile *
extras_repo_file_dup (const ExtrasRepoFile *file);
/* Appends @section (taken) to @file. */
void
extras_repo_file_add_section (ExtrasRepoFile *file, ExtrasRepoSection *section);
/* The first section called @id (the one yum reads), or NULL. */
ExtrasRepoSection *
extras_repo_file_find_section (const ExtrasRepoFile *file, const char *id);
gsize
extras_repo_file_size (const ExtrasRepoFile *file);
GBytes *
extras_repo_file_to_bytes (const ExtrasRepoFile *file);

ExtrasRepoSection *
extras_repo_section_new (const char *name);
void
extras_repo_section_free (ExtrasRepoSection *section);
/* The value of @key (lower case) in @section: its last occurrence, with its
 * continuation lines joined by "\n"; NULL when the key is not there. */
char *
extras_repo_section_dup_value (const ExtrasRepoSection *section, const char *key);
/* Whether yum reads @section as enabled: `enabled` missing (yum's default),
 * or a true boolean (extras_parse_boolean()); any other value is not. */
gboolean
extras_repo_section_is_enabled (const ExtrasRepoSection *section);

/* Raw lines. */
gsize
extras_repo_line_content_len (const char *line);
gboolean
extras_repo_line_is_terminated (const char *line);
gboolean
extras_repo_line_is_blank (const char *line);
const char *
extras_repo_line_terminator (const char *line);
/* If @line is a `key = value` or `key: value` line, its key in lower case
 * (as ConfigParser) and the value's offset and length (blanks trimmed). */
char *
extras_repo_line_get_key (const char *line, gsize *out_value_start, gsize *out_value_len);

G_END_DECLS
