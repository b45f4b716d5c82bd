/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include "extrasolv.h"
#include "json.h"

G_BEGIN_DECLS

#define EXTRAS_FOOTNOTE_REACHED "* Extra topic has reached end of support."
#define EXTRAS_FOOTNOTE_NOTE "\u2020 Note on end-of-support. Use 'info' subcommand."

/*
 * Appends the original tool's `list` to @out: one line per topic shown on
 * @arch, ordered by index, then the footnotes of the markers used.  @today
 * (YYYY-MM-DD) decides the markers and what is hidden.
 */
void
extras_render_list (GString *out, ExtrasCatalog *catalog, ExtrasState *state, const char *arch,
                    const char *today);

/* Adds the "topics" member (every topic of @arch, hidden ones included) to the
 * open object @json. */
void
extras_render_list_json (ExtrasJson *json, ExtrasCatalog *catalog, ExtrasState *state,
                         const char *arch, const char *today);

/* "supported" or "unsupported" (its end of support reached). */
const char *
extras_render_support_status (ExtrasSupport support);
/* Writes @topic as one JSON object: the keys of `list --json` and `info --json`. */
void
extras_render_topic_json (ExtrasJson *json, ExtrasCatalog *catalog, ExtrasState *state,
                          ExtrasTopic *topic, const char *arch, const char *today);

/* Wraps @text as Python's textwrap.fill (width 70, break_on_hyphens off)
 * with the given indents, each line ending in a newline. */
void
extras_render_wrap (GString *out, const char *text, const char *initial_indent,
                    const char *subsequent_indent, guint width);

/* `enabled`, `disabled` (a section left) or `available`. */
const char *
extras_render_state_word (ExtrasState *state, const char *name);

/* The members "live_successor" (the first live topic of the chain, or null),
 * "al2023" (null: not known; []: no equivalent) and "al2023_from". */
void
extras_render_replacement_json (ExtrasJson *json, ExtrasReplacement r);

G_END_DECLS
