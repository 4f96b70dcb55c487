/* export.h: every slide to an image file, without a display
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>

#include "deck.h"
#include "slide-theme.h"

G_BEGIN_DECLS

/**
 * EXPORT_PDF_WIDTH:
 *
 * The width of a PDF page of slides, in points: 10 inches.
 */
#define EXPORT_PDF_WIDTH 720.0

typedef struct
{
  int width; /* pixels; a PDF page is EXPORT_PDF_WIDTH points wide */
  int height;
  double aspect;            /* of the slides */
  double at;                /* seconds into each video; < 0: its poster frame */
  BridgeRegistry *registry; /* where the video plugin is found, or NULL */
  const SlideTheme *theme;  /* NULL: the deck's theme: */
  gboolean notes;           /* PDF: a handout page per slide, with its notes */
} ExportOptions;

gboolean export_deck_png (
    Deck *deck, const char *dir, const ExportOptions *options, GPtrArray *problems, GError **error);
gboolean export_deck_pdf (
    Deck *deck, const char *path, const ExportOptions *options, GPtrArray *problems, GError **error);

G_END_DECLS
