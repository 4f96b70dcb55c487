/* deck-split.h: cutting a Markdown deck into the text of its slides
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Markdown text of one slide and where it starts in the file. */
typedef struct
{
  GString *text;
  guint first_line; /* 1-based */
  GString *notes;   /* Deckset's "^ " lines and what follows "Note:", or NULL */
} DeckChunk;

GPtrArray *deck_split_slides (const char *data);

G_END_DECLS
