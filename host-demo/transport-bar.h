/* transport-bar.h: a video's seek bar and its words, drawn over the picture
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "slide-layout.h"
#include "slide-theme.h"

G_BEGIN_DECLS

/**
 * TransportBar:
 * @position: seconds
 * @duration: seconds; 0 unknown (no bar)
 * @hovered: the pointer is over the video: the full bar with times
 * @pointer_x: the pointer's x in slide units when over the bar, else < 0
 * @muted: draws the muted mark
 * @notice: (nullable): a short word to show for a moment ("Volume 70 %")
 *
 * What the bar shows.
 */
typedef struct
{
  double position;
  double duration;
  gboolean hovered;
  double pointer_x;
  gboolean muted;
  const char *notice;
} TransportBar;

void
transport_bar_draw (cairo_t *cr, const SlideRect *video, const SlideTheme *theme, const TransportBar *bar);
gboolean transport_bar_hit (const SlideRect *video, double sx, double sy);
double transport_bar_fraction (const SlideRect *video, double sx);
char *transport_bar_format_time (double seconds);

G_END_DECLS
