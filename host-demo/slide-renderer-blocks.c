/* slide-renderer-blocks.c: drawing the text blocks of a slide
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Bullets, code panels, tables and the reload banner; slide-renderer.c
 * draws the rest and owns the renderer.
 */
#include "config.h"

#include "slide-renderer-private.h"

#include <pango/pangocairo.h>

void
slide_renderer_draw_bullet (SlideRenderer *self, cairo_t *cr, SlideItem *item)
{
  const SlideTheme *t = self->theme;
  PangoLayoutIter *iter = pango_layout_get_iter (item->layout);
  double baseline = pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE;
  PangoRectangle ink;
  double r = item->marker_size / 2;

  pango_layout_iter_free (iter);

  if (item->marker != NULL)
    {
      double marker_baseline = pango_layout_get_baseline (item->marker) / (double) PANGO_SCALE;

      slide_set_color (cr, &t->accent);
      cairo_move_to (cr, item->rect.x, item->text_y + baseline - marker_baseline);
      pango_cairo_show_layout (cr, item->marker);
    }
  else
    {
      /* Centre the dot on the x-height of the first line. */
      pango_layout_get_extents (item->layout, &ink, NULL);
      {
        PangoFontMetrics *metrics = pango_context_get_metrics (
            self->context, pango_layout_get_font_description (item->layout), NULL);
        double x_height = pango_font_metrics_get_ascent (metrics) / (double) PANGO_SCALE * 0.5;
        double cy = item->text_y + baseline - x_height * 0.72;

        pango_font_metrics_unref (metrics);
        cairo_new_path (cr);
        cairo_arc (cr, item->rect.x + r + 2, cy, r, 0, 2 * G_PI);
        if (item->depth == 0)
          {
            SlideRect dot = { item->rect.x + 2, cy - r, 2 * r, 2 * r };

            slide_accent_gradient (self, cr, &dot);
            cairo_fill (cr);
          }
        else
          {
            slide_set_color (cr, &t->accent);
            cairo_set_line_width (cr, r * 0.45);
            cairo_stroke (cr);
          }
      }
    }

  slide_set_color (cr, item->color);
  cairo_move_to (cr, item->text_x, item->text_y);
  pango_cairo_show_layout (cr, item->layout);
}

void
slide_renderer_draw_code (SlideRenderer *self, cairo_t *cr, SlideItem *item)
{
  const SlideTheme *t = self->theme;
  SlideRect bar = { item->rect.x, item->rect.y, 5, item->rect.height };

  slide_rounded_rect (cr, &item->rect, t->corner);
  slide_set_color (cr, &t->code_panel);
  cairo_fill_preserve (cr);
  slide_set_color (cr, &t->line);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  /* An accent edge on the left, clipped to the panel's corners. */
  cairo_save (cr);
  slide_rounded_rect (cr, &item->rect, t->corner);
  cairo_clip (cr);
  cairo_rectangle (cr, bar.x, bar.y, bar.width, bar.height);
  slide_accent_gradient (self, cr, &item->rect);
  cairo_fill (cr);
  cairo_restore (cr);

  if (item->block->language != NULL && !g_str_equal (item->block->language, "text"))
    {
      g_autoptr (PangoLayout) label
          = slide_simple_layout (self, item->block->language, t->footer_size * 0.9, PANGO_WEIGHT_BOLD, 400);

      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      cairo_set_source_rgba (cr, t->muted.red, t->muted.green, t->muted.blue, 0.7);
      cairo_move_to (cr, item->rect.x + item->rect.width - 400 - 20, item->rect.y + 14);
      pango_cairo_show_layout (cr, label);
    }

  slide_set_color (cr, item->color);
  cairo_move_to (cr, item->text_x, item->text_y);
  pango_cairo_show_layout (cr, item->layout);
}

/* The panel of a table: a tinted header band, lines between the rows;
 * the cells are TEXT items drawn after it. */
void
slide_renderer_draw_table (SlideRenderer *self, cairo_t *cr, SlideItem *item)
{
  const SlideTheme *t = self->theme;
  guint i;

  slide_rounded_rect (cr, &item->rect, t->corner * 0.6);
  slide_set_color (cr, &t->code_panel);
  cairo_fill_preserve (cr);
  slide_set_color (cr, &t->line);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  cairo_save (cr);
  slide_rounded_rect (cr, &item->rect, t->corner * 0.6);
  cairo_clip (cr);
  if (item->text_y > item->rect.y)
    {
      cairo_rectangle (cr, item->rect.x, item->rect.y, item->rect.width, item->text_y - item->rect.y);
      cairo_set_source_rgba (cr, t->accent.red, t->accent.green, t->accent.blue, 0.16);
      cairo_fill (cr);
    }
  slide_set_color (cr, &t->line);
  for (i = 0; i < item->rules->len; i++)
    {
      double y = g_array_index (item->rules, double, i);

      cairo_rectangle (cr, item->rect.x, y - 0.75, item->rect.width, 1.5);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/**
 * slide_renderer_draw_banner:
 * @self: a #SlideRenderer
 * @cr: drawing in slide units
 * @message: what to say
 *
 * A band across the top of the slide, in the theme's problem colour.
 */
void
slide_renderer_draw_banner (SlideRenderer *self, cairo_t *cr, const char *message)
{
  const SlideTheme *t = self->theme;
  double width = self->width - 2 * t->margin;
  g_autoptr (PangoLayout) text
      = slide_simple_layout (self, message, t->footer_size * 1.2, PANGO_WEIGHT_BOLD, width - 48);
  SlideRect band = { t->margin, 24, width, slide_text_height (text) + 32 };

  slide_rounded_rect (cr, &band, t->corner * 0.6);
  cairo_set_source_rgba (cr, 0.08, 0.02, 0.02, 0.92);
  cairo_fill_preserve (cr);
  slide_set_color (cr, &t->problem);
  cairo_set_line_width (cr, 3);
  cairo_stroke (cr);
  pango_layout_set_alignment (text, PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 1, 0.9, 0.86);
  cairo_move_to (cr, band.x + 24, band.y + 16);
  pango_cairo_show_layout (cr, text);
}
