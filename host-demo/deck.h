/* deck.h: a presentation parsed from a Markdown file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DECK_ERROR:
 *
 * Error domain for loading decks; codes from #DeckError.
 */
#define DECK_ERROR (deck_error_quark ())

/**
 * DeckError:
 * @DECK_ERROR_NOT_FOUND: the deck file does not exist
 * @DECK_ERROR_UNREADABLE: the deck file exists but cannot be read
 * @DECK_ERROR_INVALID: the deck is not valid UTF-8 text, or has no slide
 *
 * Ways in which a whole deck fails to load. Trouble with one element of a
 * slide (a missing video, an unknown option) does not fail the load: it
 * becomes a #DeckProblem and a placeholder on the slide.
 */
typedef enum
{
  DECK_ERROR_NOT_FOUND,
  DECK_ERROR_UNREADABLE,
  DECK_ERROR_INVALID,
} DeckError;

GQuark deck_error_quark (void);

/**
 * DeckStyle:
 * @DECK_STYLE_EMPH: emphasis (`*text*`)
 * @DECK_STYLE_STRONG: strong emphasis (`**text**`)
 * @DECK_STYLE_CODE: a code span (`` `text` ``)
 * @DECK_STYLE_LINK: the text of a link
 * @DECK_STYLE_STRIKE: struck through (GFM's `~~text~~`)
 *
 * Inline styles of a run of text; they combine.
 */
typedef enum
{
  DECK_STYLE_EMPH = 1 << 0,
  DECK_STYLE_STRONG = 1 << 1,
  DECK_STYLE_CODE = 1 << 2,
  DECK_STYLE_LINK = 1 << 3,
  DECK_STYLE_STRIKE = 1 << 4,
} DeckStyle;

/* One styled run: [start, end) are byte offsets into DeckText.text. */
typedef struct
{
  guint start;
  guint end;
  DeckStyle style;
} DeckSpan;

/* Text with inline styles: plain UTF-8 text plus the runs styled in it. */
typedef struct
{
  char *text;
  GArray *spans; /* of DeckSpan, in document order, possibly nested */
} DeckText;

typedef enum
{
  DECK_BLOCK_HEADING,
  DECK_BLOCK_PARAGRAPH,
  DECK_BLOCK_LIST,
  DECK_BLOCK_CODE,
  DECK_BLOCK_QUOTE,
  DECK_BLOCK_RULE,
  DECK_BLOCK_IMAGE,
  DECK_BLOCK_VIDEO,
  DECK_BLOCK_TABLE,
} DeckBlockKind;

/**
 * DeckAlign:
 * @DECK_ALIGN_NONE: as the text goes (left)
 * @DECK_ALIGN_LEFT: `:---`
 * @DECK_ALIGN_CENTER: `:---:`
 * @DECK_ALIGN_RIGHT: `---:`
 *
 * The alignment of a table column, from its delimiter row.
 */
typedef enum
{
  DECK_ALIGN_NONE,
  DECK_ALIGN_LEFT,
  DECK_ALIGN_CENTER,
  DECK_ALIGN_RIGHT,
} DeckAlign;

/* One row of a table: a DeckText per column (missing cells are empty). */
typedef struct
{
  GPtrArray *cells; /* of DeckText */
  gboolean header;
} DeckTableRow;

/* One entry of a list; nested lists are flattened with a depth. */
typedef struct
{
  DeckText *text;
  guint depth; /* 0 for the outermost list */
  gboolean ordered;
  int number; /* the item's number when ordered */
} DeckListItem;

/**
 * DeckVideoFlags:
 * @DECK_VIDEO_AUTOPLAY: start playing when the slide is shown
 * @DECK_VIDEO_LOOP: start again from the beginning at the end
 * @DECK_VIDEO_MUTE: play without sound
 *
 * The options of a video element, written in its alt text.
 */
typedef enum
{
  DECK_VIDEO_AUTOPLAY = 1 << 0,
  DECK_VIDEO_LOOP = 1 << 1,
  DECK_VIDEO_MUTE = 1 << 2,
} DeckVideoFlags;

/* A block of a slide. Which fields are set depends on kind. */
typedef struct
{
  DeckBlockKind kind;
  guint line; /* 1-based line and column in the deck file */
  guint column;

  guint level;      /* HEADING: 1-6 */
  DeckText *text;   /* HEADING, PARAGRAPH, QUOTE */
  GPtrArray *items; /* LIST: DeckListItem */
  char *code;       /* CODE: the literal, without the last newline */
  char *language;   /* CODE: first word of the info string, or NULL */

  GPtrArray *rows;   /* TABLE: DeckTableRow, the header row first */
  guint n_columns;   /* TABLE */
  DeckAlign *aligns; /* TABLE: n_columns of them */

  char *source; /* IMAGE, VIDEO: the path as written */
  char *path;   /* IMAGE, VIDEO: resolved absolute path */
  char *alt;    /* IMAGE: alt text; VIDEO: the options as written */
  DeckVideoFlags video_flags;
  double start; /* VIDEO: seconds to start at (start=S option) */
  /* IMAGE, VIDEO: the size Marp's w:/h: asked for, as a fraction of the
   * slide's height (w:640 on a 1280x720 deck is 0.89); 0 when not given. */
  double width;
  double height;
  gboolean background; /* IMAGE: Marp's ![bg](…), see DeckSlide.background */

  char *problem;       /* non-NULL: the element is broken; the technical reason */
  char *plain_problem; /* with problem: why, in plain words for the audience */
} DeckBlock;

typedef struct
{
  guint line;            /* 1-based line where the slide starts */
  GPtrArray *blocks;     /* of DeckBlock */
  char *notes;           /* speaker notes, or NULL; never drawn on the slide */
  DeckBlock *background; /* Marp's ![bg](picture): drawn under the slide, covering it; or NULL */
  gboolean paginate;     /* whether the slide shows its number */
} DeckSlide;

/* Something wrong with one element; the rest of the deck is fine. */
typedef struct
{
  guint line;
  guint column;
  char *message;
} DeckProblem;

#define HOST_TYPE_DECK (deck_get_type ())
G_DECLARE_FINAL_TYPE (Deck, deck, HOST, DECK, GObject)

Deck *deck_new_from_file (const char *path, GError **error);
Deck *deck_new_from_data (const char *data, gssize length, const char *path, GError **error);
gboolean deck_reload (Deck *self, GError **error);
const GError *deck_get_reload_error (Deck *self);

const char *deck_get_path (Deck *self);
const char *deck_get_display_path (Deck *self);
const char *deck_get_title (Deck *self);
guint deck_get_n_slides (Deck *self);
DeckSlide *deck_get_slide (Deck *self, guint index);
guint deck_get_n_problems (Deck *self);
const DeckProblem *deck_get_problem (Deck *self, guint index);
char *deck_format_problem (Deck *self, const DeckProblem *problem);
guint deck_slide_count_kind (DeckSlide *slide, DeckBlockKind kind);
const char *deck_slide_get_notes (DeckSlide *slide);

gboolean deck_has_front_matter (Deck *self);
gboolean deck_needs_sound (Deck *self);
const char *deck_get_theme (Deck *self);
double deck_get_aspect (Deck *self);
gboolean deck_get_size (Deck *self, int *width, int *height);

G_END_DECLS
