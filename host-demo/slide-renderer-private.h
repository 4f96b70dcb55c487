/* slide-renderer-private.h: what the parts of the slide renderer share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <pango/pango.h>

#include "slide-images.h"
#include "slide-renderer.h"

G_BEGIN_DECLS

struct _SlideRenderer
{
  GObject parent_instance;

  Deck *deck;
  const SlideTheme *theme;
  double width; /* slide units */
  PangoContext *context;
  GPtrArray *layouts;     /* SlideLayout per slide, made on first use */
  SlideTheme *theme_copy; /* what theme points at when set */
  gboolean theme_pinned;  /* slide_renderer_set_theme(): no longer the deck's */
  SlideImages *images;
  char *banner; /* why the deck did not reload, drawn over every slide */
};

void slide_set_color (cairo_t *cr, const SlideColor *c);
void slide_rounded_rect (cairo_t *cr, const SlideRect *r, double radius);
void slide_draw_shadow (cairo_t *cr, const SlideRect *r, double radius);
void slide_accent_gradient (SlideRenderer *self, cairo_t *cr, const SlideRect *r);
PangoLayout *
slide_simple_layout (SlideRenderer *self, const char *text, double size, PangoWeight weight, double width);
double slide_text_height (PangoLayout *layout);

void slide_renderer_draw_bullet (SlideRenderer *self, cairo_t *cr, SlideItem *item);
void slide_renderer_draw_code (SlideRenderer *self, cairo_t *cr, SlideItem *item);
void slide_renderer_draw_table (SlideRenderer *self, cairo_t *cr, SlideItem *item);
void slide_renderer_draw_banner (SlideRenderer *self, cairo_t *cr, const char *message);

G_END_DECLS
