/* slide-layout.h: where every part of a slide goes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <pango/pango.h>

#include "deck.h"
#include "slide-theme.h"

G_BEGIN_DECLS

typedef struct
{
  double x, y, width, height;
} SlideRect;

typedef enum
{
  SLIDE_LAYOUT_BLANK,   /* no blocks at all */
  SLIDE_LAYOUT_TITLE,   /* headings and a few lines, centred */
  SLIDE_LAYOUT_CONTENT, /* a title on top, text and media below */
} SlideLayoutKind;

typedef enum
{
  SLIDE_ITEM_TEXT,   /* layout at rect, in color */
  SLIDE_ITEM_ACCENT, /* the short gradient bar under a title */
  SLIDE_ITEM_BULLET, /* marker (a dot, or the number layout) + text */
  SLIDE_ITEM_CODE,   /* a tinted panel at rect with layout inside */
  SLIDE_ITEM_QUOTE,  /* a bar left of the text */
  SLIDE_ITEM_RULE,
  SLIDE_ITEM_IMAGE, /* rect is the box the picture is fitted into */
  SLIDE_ITEM_VIDEO, /* rect is the box the frame is fitted into */
  SLIDE_ITEM_TABLE, /* the panel of a table at rect; its cells are TEXT items after it */
} SlideItemKind;

typedef struct
{
  SlideItemKind kind;
  DeckBlock *block;    /* where it came from (NULL for accents) */
  SlideRect rect;      /* in slide units */
  PangoLayout *layout; /* the text, or NULL */
  double text_x;       /* BULLET, CODE, QUOTE: where the text starts */
  double text_y;
  PangoLayout *marker;     /* BULLET: the number of an ordered item */
  double marker_size;      /* BULLET: dot diameter */
  guint depth;             /* BULLET: nesting */
  const SlideColor *color; /* of the text */
  guint video_index;       /* VIDEO: counts the slide's videos from 0 */
  gboolean align_top;      /* IMAGE, VIDEO: fit at the top of rect, not centred */
  GArray *rules;           /* TABLE: y of the lines between rows (double); text_y: below the header */
} SlideItem;

typedef struct
{
  SlideLayoutKind kind;
  double width;      /* slide units; the height is SLIDE_HEIGHT */
  double font_scale; /* < 1 when text was shrunk to fit */
  GPtrArray *items;  /* of SlideItem, in drawing order */
  guint n_videos;
} SlideLayout;

SlideLayout *
slide_layout_new (PangoContext *context, DeckSlide *slide, double width, const SlideTheme *theme);
void slide_layout_free (SlideLayout *layout);
SlideItem *slide_layout_get_video (SlideLayout *layout, guint video_index);
void slide_item_fit (const SlideItem *item, double aspect, SlideRect *out);
void slide_rect_fit (const SlideRect *box, double aspect, SlideRect *out);
PangoContext *slide_layout_create_context (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlideLayout, slide_layout_free)

G_END_DECLS
