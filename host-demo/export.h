/* export.h: every slide to an image file, without a display
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>

#include "deck.h"
#include "slide-theme.h"

G_BEGIN_DECLS

typedef struct
{
  int width; /* pixels (or points for PDF) */
  int height;
  double aspect;            /* of the slides */
  double at;                /* seconds into each video; < 0: its poster frame */
  BridgeRegistry *registry; /* where the video plugin is found, or NULL */
  const SlideTheme *theme;  /* NULL: the default */
} ExportOptions;

gboolean export_deck_png (
    Deck *deck, const char *dir, const ExportOptions *options, GPtrArray *problems, GError **error);
gboolean export_deck_pdf (
    Deck *deck, const char *path, const ExportOptions *options, GPtrArray *problems, GError **error);

G_END_DECLS
