/* deck-private.h: what the parts of the deck parser share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * deck.c owns the Deck object and its public API; deck-blocks.c turns a
 * slide's cmark tree into DeckBlocks; deck-front-matter.c reads the YAML
 * front matter and Marp's directives; deck-notes.c takes the speaker
 * notes out of a slide.
 */
#pragma once

#include <cmark-gfm.h>

#include "deck.h"

G_BEGIN_DECLS

struct _Deck
{
  GObject parent_instance;

  char *path;         /* absolute */
  char *display_path; /* as given, for messages */
  char *dir;          /* what relative media paths resolve against */
  char *title;
  GPtrArray *slides;   /* of DeckSlide */
  GPtrArray *problems; /* of DeckProblem */

  char *checksum;       /* of the text the slides were parsed from */
  GError *reload_error; /* why the last deck_reload() failed, or NULL */
  GPtrArray *retired;   /* the slides before the last reload, kept one round */

  /* From the front matter and global directives. */
  gboolean has_front_matter;
  gboolean marp;
  char *theme;
  guint theme_line; /* where theme: was set */
  gboolean paginate;
  double aspect; /* 0: not given */
  int width;     /* 0: not given */
  int height;
};

void deck_add_problem (Deck *self, DeckBlock *block, guint line, guint column, const char *format, ...)
    G_GNUC_PRINTF (5, 6);

void deck_emit_changed (Deck *self);
void deck_block_free (gpointer data);
void deck_text_free (DeckText *text);
void deck_block_set_plain_problem (DeckBlock *block, const char *plain);
char *deck_plain_text_of (cmark_node *node);
DeckBlock *deck_media_block_new (Deck *self, cmark_node *image, guint line_offset);
void deck_add_blocks (Deck *self, DeckSlide *slide, cmark_node *document, guint line_offset);

guint deck_read_front_matter (Deck *self, char *text);
gboolean deck_apply_directive (Deck *self, DeckSlide *slide, const char *comment, guint line, guint column);
gboolean deck_parse_bool (const char *value, gboolean *out);

void deck_slide_add_note (DeckSlide *slide, const char *text);
void deck_take_notes (Deck *self, DeckSlide *slide, cmark_node *document, guint line_offset);

G_END_DECLS
