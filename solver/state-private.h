/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the state's files share: the state object and the rules of the
 * sections the tool owns.  Internal. */

#include "extras-state.h"
#include "repofile-private.h"

G_BEGIN_DECLS

struct _ExtrasState
{
  ExtrasRepoFile *file;
  char *src_suffix;
  char *debuginfo_suffix;
  char *url_format; /* NULL for the original's URL scheme */
  gboolean use_mirrorlist;
  GHashTable *versions; /* cache for extras_state_get_version(): name -> version */
  GStrv enabled;        /* cache for extras_state_dup_enabled(); cleared by every edit */
};

/* The original's SRC_SUFFIX and DEBUGINFO_SUFFIX. */
#define DEFAULT_SRC_SUFFIX "-source"
#define DEFAULT_DEBUGINFO_SUFFIX "-debuginfo"
#define GPGKEY "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-amazon-linux-2"
#define DEFAULT_URL_BASE "$awsproto://$amazonlinux.$awsregion.$awsdomain/$releasever/extras"
#define MIRRORLIST_SUFFIX "/mirror.list"

typedef enum
{
  KIND_SOURCE,
  KIND_DEBUGINFO,
  KIND_BINARY,
} SectionKind;

/* The id of a topic's section of @kind. */
/* extras_state_dup_enabled() without the copy (owned by @state, valid until
 * its next edit). */
const char *const *
extras_state_peek_enabled (const ExtrasState *state);

char *
extras_state_section_id (const ExtrasState *state, const char *name, SectionKind kind);
/* Whether @key holds a repository URL (mirrorlist, baseurl). */
gboolean
extras_state_key_is_url (const char *key);
/* The version segment of a topic's URL (offset and length in @text). */
gboolean
extras_state_find_version_segment (const char *text, gsize len, const char *name, gsize *out_start,
                                   gsize *out_len);

/* The repo file model behind @state (borrowed): what the resolver reads for
 * the state file, instead of its bytes. */
static inline const ExtrasRepoFile *
extras_state_get_repo_file (const ExtrasState *state)
{
  return state->file;
}

G_END_DECLS
