/* slide-renderer.h: slides drawn with cairo and pango
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "deck.h"
#include "slide-layout.h"

G_BEGIN_DECLS

/* What a video element looks like right now; filled in by its owner. */
typedef struct
{
  const char *message;     /* non-NULL: no picture, show this instead */
  const char *detail;      /* a smaller second line under message */
  double aspect;           /* width / height of the frames; 0: unknown */
  cairo_surface_t *frame;  /* a picture for slide_renderer_render(), or NULL */
  gboolean playing;        /* draws the progress bar */
  gboolean show_play_hint; /* paused on a still: draws a play button */
  double position;         /* seconds */
  double duration;         /* seconds; 0 when unknown */
} SlideVideoState;

#define HOST_TYPE_SLIDE_RENDERER (slide_renderer_get_type ())
G_DECLARE_FINAL_TYPE (SlideRenderer, slide_renderer, HOST, SLIDE_RENDERER, GObject)

SlideRenderer *slide_renderer_new (Deck *deck, double aspect);
Deck *slide_renderer_get_deck (SlideRenderer *self);
const char *slide_renderer_get_banner (SlideRenderer *self);
void slide_renderer_set_theme (SlideRenderer *self, const SlideTheme *theme);
const SlideTheme *slide_renderer_get_theme (SlideRenderer *self);
double slide_renderer_get_width (SlideRenderer *self);
SlideLayout *slide_renderer_get_layout (SlideRenderer *self, guint index);
void slide_renderer_get_placement (
    SlideRenderer *self, double width, double height, double *scale, double *x, double *y);
void
slide_renderer_get_video_rect (SlideRenderer *self, guint index, guint video, double aspect, SlideRect *out);
void slide_renderer_draw_slide (
    SlideRenderer *self, cairo_t *cr, guint index, const SlideVideoState *videos, guint n_videos);
void slide_renderer_draw_video_overlay (SlideRenderer *self,
                                        cairo_t *cr,
                                        const SlideRect *rect,
                                        const SlideVideoState *state);
void slide_renderer_render (SlideRenderer *self,
                            cairo_t *cr,
                            guint index,
                            double width,
                            double height,
                            const SlideVideoState *videos,
                            guint n_videos);

G_END_DECLS
