/* transport-bar.c: a video's seek bar and its words, drawn over the picture
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * In slide units (the slide is 1080 high), inside the video's box: a thin
 * line along the bottom while the pointer is away; over the video, a
 * shade with the position and duration and a thicker bar with a knob;
 * over the bar itself, the time under the pointer in a bubble. The
 * slide view hit-tests with the same geometry (transport_bar_hit()).
 */
#include "config.h"

#include "transport-bar.h"

#include <math.h>
#include <pango/pangocairo.h>

#define MARGIN 24.0
#define BOTTOM 24.0     /* from the track to the box's bottom */
#define HIT_HEIGHT 60.0 /* the band where a press seeks */
#define SHADE_HEIGHT 110.0

static void
track_rect (const SlideRect *video, gboolean hovered, SlideRect *track)
{
  double thickness = hovered ? 8 : 5;

  *track = (SlideRect){ video->x + MARGIN, video->y + video->height - BOTTOM - thickness / 2,
                        video->width - 2 * MARGIN, thickness };
}

/**
 * transport_bar_hit:
 * @video: the video's box, slide units
 * @sx: a point, slide units
 * @sy: a point, slide units
 *
 * Returns: whether a press there seeks
 */
gboolean
transport_bar_hit (const SlideRect *video, double sx, double sy)
{
  return sx >= video->x + MARGIN / 2 && sx < video->x + video->width - MARGIN / 2
         && sy >= video->y + video->height - HIT_HEIGHT && sy < video->y + video->height;
}

/**
 * transport_bar_fraction:
 * @video: the video's box, slide units
 * @sx: x of the pointer, slide units
 *
 * Returns: how far along the bar @sx is, from 0 to 1
 */
double
transport_bar_fraction (const SlideRect *video, double sx)
{
  SlideRect track;

  track_rect (video, TRUE, &track);
  return CLAMP ((sx - track.x) / track.width, 0, 1);
}

/**
 * transport_bar_format_time:
 * @seconds: a time
 *
 * Returns: (transfer full): "m:ss", or "h:mm:ss" past an hour
 */
char *
transport_bar_format_time (double seconds)
{
  guint total = (guint) MAX (0, floor (seconds));

  if (total >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", total / 3600, total / 60 % 60, total % 60);
  return g_strdup_printf ("%u:%02u", total / 60, total % 60);
}

static void
rounded (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static PangoLayout *
text_layout (cairo_t *cr, const SlideTheme *theme, const char *text, double size, gboolean bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (theme->sans);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  /* Digits that do not jiggle as the time runs. */
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

/* A word in a dark pill, its top left corner at x, y (or centred on x). */
static void
pill (cairo_t *cr, const SlideTheme *theme, const char *text, double x, double y, gboolean centred)
{
  g_autoptr (PangoLayout) layout = text_layout (cr, theme, text, 22, TRUE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (centred)
    x -= (w + 24) / 2.0;
  rounded (cr, x, y, w + 24, h + 12, (h + 12) / 2.0);
  cairo_set_source_rgba (cr, 0.12, 0.12, 0.12, 0.88);
  cairo_fill (cr);
  cairo_move_to (cr, x + 12, y + 6);
  cairo_set_source_rgba (cr, 1, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
}

/**
 * transport_bar_draw:
 * @cr: a cairo context in slide units
 * @video: the video's box
 * @theme: colours and fonts
 * @bar: what to show
 */
void
transport_bar_draw (cairo_t *cr, const SlideRect *video, const SlideTheme *theme, const TransportBar *bar)
{
  SlideRect track;
  double fraction;

  cairo_save (cr);
  if (bar->notice != NULL)
    pill (cr, theme, bar->notice, video->x + video->width / 2, video->y + 20, TRUE);
  if (bar->muted && bar->hovered)
    pill (cr, theme, "Muted", video->x + 20, video->y + 20, FALSE);
  if (bar->duration <= 0)
    {
      cairo_restore (cr);
      return;
    }
  fraction = CLAMP (bar->position / bar->duration, 0, 1);
  track_rect (video, bar->hovered, &track);

  if (bar->hovered)
    {
      g_autofree char *now = transport_bar_format_time (bar->position);
      g_autofree char *total = transport_bar_format_time (bar->duration);
      g_autofree char *times = g_strdup_printf ("%s / %s", now, total);
      g_autoptr (PangoLayout) layout = text_layout (cr, theme, times, 22, FALSE);
      cairo_pattern_t *shade = cairo_pattern_create_linear (0, video->y + video->height - SHADE_HEIGHT, 0,
                                                            video->y + video->height);

      cairo_pattern_add_color_stop_rgba (shade, 0, 0, 0, 0, 0);
      cairo_pattern_add_color_stop_rgba (shade, 1, 0, 0, 0, 0.6);
      cairo_rectangle (cr, video->x, video->y + video->height - SHADE_HEIGHT, video->width, SHADE_HEIGHT);
      cairo_set_source (cr, shade);
      cairo_fill (cr);
      cairo_pattern_destroy (shade);

      cairo_move_to (cr, track.x, track.y - 38);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      pango_cairo_show_layout (cr, layout);
    }

  rounded (cr, track.x, track.y, track.width, track.height, track.height / 2);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.25);
  cairo_fill (cr);
  rounded (cr, track.x, track.y, MAX (track.width * fraction, track.height), track.height, track.height / 2);
  cairo_set_source_rgba (cr, theme->accent.red, theme->accent.green, theme->accent.blue, 1);
  cairo_fill (cr);

  if (bar->hovered)
    {
      cairo_new_path (cr);
      cairo_arc (cr, track.x + track.width * fraction, track.y + track.height / 2, 10, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 1, 1, 1, 1);
      cairo_fill (cr);
    }
  if (bar->pointer_x >= 0)
    {
      double at = CLAMP ((bar->pointer_x - track.x) / track.width, 0, 1) * bar->duration;
      g_autofree char *text = transport_bar_format_time (at);

      pill (cr, theme, text, CLAMP (bar->pointer_x, track.x + 40, track.x + track.width - 40), track.y - 96,
            TRUE);
    }
  cairo_restore (cr);
}
