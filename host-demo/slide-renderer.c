/* slide-renderer.c: slides drawn with cairo and pango
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One renderer serves the window and the headless export. It draws in
 * slide units (SLIDE_HEIGHT high); callers scale. Video pictures are the
 * caller's business in the window (GTK draws them as textures between
 * slide_renderer_draw_slide() and slide_renderer_draw_video_overlay()),
 * while slide_renderer_render() paints them from cairo surfaces for export.
 */
#include "config.h"

#include "slide-renderer.h"
#include "slide-renderer-private.h"
#include "media-error.h"
#include "slide-images.h"

#include <math.h>
#include <pango/pangocairo.h>

G_DEFINE_FINAL_TYPE (SlideRenderer, slide_renderer, G_TYPE_OBJECT)

static void
slide_renderer_finalize (GObject *object)
{
  SlideRenderer *self = HOST_SLIDE_RENDERER (object);

  if (self->deck != NULL)
    g_signal_handlers_disconnect_by_data (self->deck, self);
  g_clear_object (&self->deck);
  g_clear_object (&self->context);
  g_free (self->banner);
  g_ptr_array_unref (self->layouts);
  slide_images_free (self->images);
  g_free (self->theme_copy);
  G_OBJECT_CLASS (slide_renderer_parent_class)->finalize (object);
}

static void
slide_renderer_class_init (SlideRendererClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = slide_renderer_finalize;
}

static void
layout_free0 (gpointer data)
{
  if (data != NULL)
    slide_layout_free (data);
}

static void
slide_renderer_init (SlideRenderer *self)
{
  self->layouts = g_ptr_array_new_with_free_func (layout_free0);
  self->images = slide_images_new ();
}

/* ---- helpers ------------------------------------------------------------ */

void
slide_set_color (cairo_t *cr, const SlideColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

void
slide_rounded_rect (cairo_t *cr, const SlideRect *r, double radius)
{
  radius = MIN (radius, MIN (r->width, r->height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, r->x + r->width - radius, r->y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, r->x + r->width - radius, r->y + r->height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, r->x + radius, r->y + r->height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, r->x + radius, r->y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A soft shadow: a few widening, fading rounded rectangles. */
void
slide_draw_shadow (cairo_t *cr, const SlideRect *r, double radius)
{
  int i;

  for (i = 8; i >= 1; i--)
    {
      SlideRect s = { r->x - i * 2.5, r->y - i * 2.5 + 10, r->width + i * 5, r->height + i * 5 };

      slide_rounded_rect (cr, &s, radius + i * 2.5);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.045);
      cairo_fill (cr);
    }
}

void
slide_accent_gradient (SlideRenderer *self, cairo_t *cr, const SlideRect *r)
{
  const SlideColor *a = &self->theme->accent, *b = &self->theme->accent_alt;
  cairo_pattern_t *pattern = cairo_pattern_create_linear (r->x, 0, r->x + r->width, 0);

  cairo_pattern_add_color_stop_rgba (pattern, 0, a->red, a->green, a->blue, a->alpha);
  cairo_pattern_add_color_stop_rgba (pattern, 1, b->red, b->green, b->blue, b->alpha);
  cairo_set_source (cr, pattern);
  cairo_pattern_destroy (pattern);
}

PangoLayout *
slide_simple_layout (SlideRenderer *self, const char *text, double size, PangoWeight weight, double width)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr (PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family (font, self->theme->sans);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  return layout;
}

double
slide_text_height (PangoLayout *layout)
{
  int h = 0;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

/* ---- parts of a slide ------------------------------------------------- */

static void
draw_background (SlideRenderer *self, cairo_t *cr, SlideLayout *layout)
{
  const SlideTheme *t = self->theme;
  const SlideColor *top = &t->background_top, *bottom = &t->background_bottom, *g = &t->glow;
  gboolean title = layout->kind == SLIDE_LAYOUT_TITLE;
  double cx = title ? self->width * 0.5 : self->width * 0.12;
  double cy = title ? SLIDE_HEIGHT * 0.42 : SLIDE_HEIGHT * 0.05;
  double radius = title ? self->width * 0.55 : self->width * 0.6;
  cairo_pattern_t *pattern;

  pattern = cairo_pattern_create_linear (0, 0, 0, SLIDE_HEIGHT);
  cairo_pattern_add_color_stop_rgb (pattern, 0, top->red, top->green, top->blue);
  cairo_pattern_add_color_stop_rgb (pattern, 1, bottom->red, bottom->green, bottom->blue);
  cairo_set_source (cr, pattern);
  cairo_pattern_destroy (pattern);
  cairo_rectangle (cr, 0, 0, self->width, SLIDE_HEIGHT);
  cairo_fill (cr);

  pattern = cairo_pattern_create_radial (cx, cy, 0, cx, cy, radius);
  cairo_pattern_add_color_stop_rgba (pattern, 0, g->red, g->green, g->blue, g->alpha);
  cairo_pattern_add_color_stop_rgba (pattern, 1, g->red, g->green, g->blue, 0);
  cairo_set_source (cr, pattern);
  cairo_pattern_destroy (pattern);
  cairo_rectangle (cr, 0, 0, self->width, SLIDE_HEIGHT);
  cairo_fill (cr);
}

static void
draw_footer (SlideRenderer *self, cairo_t *cr, guint index)
{
  const SlideTheme *t = self->theme;
  guint n = deck_get_n_slides (self->deck);
  g_autofree char *counter = g_strdup_printf ("%u / %u", index + 1, n);
  g_autoptr (PangoLayout) left = slide_simple_layout (self, deck_get_title (self->deck), t->footer_size,
                                                      PANGO_WEIGHT_NORMAL, self->width / 2);
  g_autoptr (PangoLayout) right = slide_simple_layout (self, counter, t->footer_size, PANGO_WEIGHT_BOLD, 300);
  double y = SLIDE_HEIGHT - t->footer / 2 - slide_text_height (left) / 2;
  SlideRect track = { t->margin, SLIDE_HEIGHT - t->footer, self->width - 2 * t->margin, 1.5 };

  cairo_rectangle (cr, track.x, track.y, track.width, track.height);
  slide_set_color (cr, &t->line);
  cairo_fill (cr);
  track.width *= (double) (index + 1) / n;
  cairo_rectangle (cr, track.x, track.y, track.width, track.height);
  cairo_set_source_rgba (cr, t->accent.red, t->accent.green, t->accent.blue, 0.55);
  cairo_fill (cr);

  pango_layout_set_alignment (left, PANGO_ALIGN_LEFT);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  slide_set_color (cr, &t->muted);
  cairo_move_to (cr, t->margin, y);
  pango_cairo_show_layout (cr, left);

  /* Marp's paginate: false hides the number, not the progress line. */
  if (!deck_get_slide (self->deck, index)->paginate)
    return;
  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  cairo_move_to (cr, self->width - t->margin - 300, y);
  pango_cairo_show_layout (cr, right);
}

/* A framed message where a picture should be. */
static void
draw_placeholder (SlideRenderer *self,
                  cairo_t *cr,
                  const SlideRect *r,
                  const char *message,
                  const char *detail,
                  gboolean is_problem)
{
  const SlideTheme *t = self->theme;
  double size = CLAMP (r->height / 12, 20, t->body_size * 0.8);
  double width = r->width * 0.84;
  g_autoptr (PangoLayout) main = slide_simple_layout (self, message, size, PANGO_WEIGHT_BOLD, width);
  g_autoptr (PangoLayout) sub = NULL;
  double h = slide_text_height (main), y;
  SlideRect inner = { r->x + 14, r->y + 14, r->width - 28, r->height - 28 };
  double dash[] = { 10, 8 };

  if (detail != NULL)
    {
      sub = slide_simple_layout (self, detail, size * 0.68, PANGO_WEIGHT_NORMAL, width);
      h += 14 + slide_text_height (sub);
    }

  slide_rounded_rect (cr, &inner, t->corner * 0.7);
  cairo_set_source_rgba (cr, t->muted.red, t->muted.green, t->muted.blue, 0.4);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  y = r->y + (r->height - h) / 2;
  slide_set_color (cr, is_problem ? &t->problem : &t->text);
  cairo_move_to (cr, r->x + (r->width - width) / 2, y);
  pango_cairo_show_layout (cr, main);
  if (sub != NULL)
    {
      slide_set_color (cr, &t->muted);
      cairo_move_to (cr, r->x + (r->width - width) / 2, y + slide_text_height (main) + 14);
      pango_cairo_show_layout (cr, sub);
    }
}

static void
draw_image (SlideRenderer *self, cairo_t *cr, SlideItem *item)
{
  const char *message = item->block->plain_problem;
  cairo_surface_t *surface = NULL;
  SlideRect r;

  if (item->block->problem == NULL)
    surface = slide_images_get (self->images, item->block->path, &message);

  if (surface == NULL)
    {
      SlideRect box;

      slide_item_fit (item, 16.0 / 9.0, &box);
      slide_rounded_rect (cr, &box, self->theme->corner);
      slide_set_color (cr, &self->theme->media_panel);
      cairo_fill (cr);
      draw_placeholder (self, cr, &box, "This picture could not be shown", message, TRUE);
      return;
    }

  {
    double w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);

    slide_item_fit (item, w / h, &r);
    /* A shadow would outline the clear parts of a picture with alpha. */
    if (cairo_surface_get_content (surface) == CAIRO_CONTENT_COLOR)
      slide_draw_shadow (cr, &r, self->theme->corner);
    cairo_save (cr);
    slide_rounded_rect (cr, &r, self->theme->corner);
    cairo_clip (cr);
    cairo_translate (cr, r.x, r.y);
    cairo_scale (cr, r.width / w, r.height / h);
    cairo_set_source_surface (cr, surface, 0, 0);
    cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
    cairo_paint (cr);
    cairo_restore (cr);
  }
}

/* Marp's ![bg](picture): the picture covers the slide, centred. */
static void
draw_background_picture (SlideRenderer *self, cairo_t *cr, DeckSlide *slide)
{
  const char *message = NULL;
  cairo_surface_t *surface;
  double w, h, scale;

  if (slide->background == NULL || slide->background->problem != NULL)
    return;
  surface = slide_images_get (self->images, slide->background->path, &message);
  if (surface == NULL)
    return;
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  scale = MAX (self->width / w, SLIDE_HEIGHT / h);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, self->width, SLIDE_HEIGHT);
  cairo_clip (cr);
  cairo_translate (cr, (self->width - w * scale) / 2, (SLIDE_HEIGHT - h * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
draw_video_panel (SlideRenderer *self, cairo_t *cr, const SlideRect *r)
{
  slide_draw_shadow (cr, r, self->theme->corner);
  slide_rounded_rect (cr, r, self->theme->corner);
  slide_set_color (cr, &self->theme->media_panel);
  cairo_fill (cr);
}

static void
draw_item (SlideRenderer *self,
           cairo_t *cr,
           SlideLayout *layout,
           SlideItem *item,
           guint index,
           const SlideVideoState *videos,
           guint n_videos)
{
  const SlideTheme *t = self->theme;

  switch (item->kind)
    {
      case SLIDE_ITEM_TEXT:
        slide_set_color (cr, item->color);
        cairo_move_to (cr, item->rect.x, item->rect.y);
        pango_cairo_show_layout (cr, item->layout);
        break;
      case SLIDE_ITEM_ACCENT:
        slide_rounded_rect (cr, &item->rect, item->rect.height / 2);
        slide_accent_gradient (self, cr, &item->rect);
        cairo_fill (cr);
        break;
      case SLIDE_ITEM_BULLET:
        slide_renderer_draw_bullet (self, cr, item);
        break;
      case SLIDE_ITEM_CODE:
        slide_renderer_draw_code (self, cr, item);
        break;
      case SLIDE_ITEM_QUOTE:
        {
          SlideRect bar = { item->rect.x, item->rect.y + 4, 6, item->rect.height - 8 };

          slide_rounded_rect (cr, &bar, 3);
          slide_accent_gradient (self, cr, &bar);
          cairo_fill (cr);
          slide_set_color (cr, item->color);
          cairo_move_to (cr, item->text_x, item->text_y);
          pango_cairo_show_layout (cr, item->layout);
        }
        break;
      case SLIDE_ITEM_RULE:
        cairo_rectangle (cr, item->rect.x, item->rect.y, item->rect.width, item->rect.height);
        cairo_set_source_rgba (cr, t->accent.red, t->accent.green, t->accent.blue, 0.35);
        cairo_fill (cr);
        break;
      case SLIDE_ITEM_IMAGE:
        draw_image (self, cr, item);
        break;
      case SLIDE_ITEM_TABLE:
        slide_renderer_draw_table (self, cr, item);
        break;
      case SLIDE_ITEM_VIDEO:
        {
          const SlideVideoState *state = item->video_index < n_videos ? &videos[item->video_index] : NULL;
          SlideRect r;

          slide_renderer_get_video_rect (self, index, item->video_index, state != NULL ? state->aspect : 0,
                                         &r);
          draw_video_panel (self, cr, &r);
          if (item->block->problem != NULL)
            draw_placeholder (self, cr, &r, MEDIA_ERROR_VIDEO_HEADLINE, item->block->plain_problem, TRUE);
        }
        break;
      default:
        break;
    }
}

/* ---- public ----------------------------------------------------------- */

/* The deck's theme: (dark when it names none, or one that does not
 * load: the deck's problems and --check say why). */
static void
follow_deck_theme (SlideRenderer *self)
{
  const char *name = deck_get_theme (self->deck);
  g_autofree char *dir = g_path_get_dirname (deck_get_path (self->deck));

  if (self->theme_pinned)
    return;
  g_clear_pointer (&self->theme_copy, g_free);
  if (name != NULL)
    self->theme_copy = slide_theme_resolve (name, dir, NULL);
  self->theme = self->theme_copy != NULL ? self->theme_copy : slide_theme_get_default ();
}

/* The deck reloaded (deck-watcher.c): lay every slide out again, in its
 * theme if that changed, or say over the old slides that the new ones
 * cannot be shown. */
static void
on_deck_changed (Deck *deck, SlideRenderer *self)
{
  const GError *error = deck_get_reload_error (deck);
  guint i;

  if (error == NULL)
    follow_deck_theme (self);
  for (i = 0; i < self->layouts->len; i++)
    g_clear_pointer (&self->layouts->pdata[i], slide_layout_free);
  g_ptr_array_set_size (self->layouts, deck_get_n_slides (deck));
  g_clear_pointer (&self->banner, g_free);
  /* Plain words: the audience sees it too; the file and line of the
   * trouble went to the terminal (deck-watcher.c). */
  if (error != NULL)
    self->banner = g_strdup_printf (
        "The deck was changed but cannot be shown as it is now: %s These are its "
        "slides from before.",
        g_error_matches (error, DECK_ERROR, DECK_ERROR_NOT_FOUND)    ? "its file is gone."
        : g_error_matches (error, DECK_ERROR, DECK_ERROR_UNREADABLE) ? "its file cannot be read."
                                                                     : "it is not text, or it has no slide.");
}

/**
 * slide_renderer_new:
 * @deck: the deck to draw
 * @aspect: width / height of a slide, like 16.0 / 9.0
 *
 * Returns: (transfer full): a renderer for @deck's slides
 */
SlideRenderer *
slide_renderer_new (Deck *deck, double aspect)
{
  SlideRenderer *self = g_object_new (HOST_TYPE_SLIDE_RENDERER, NULL);

  g_return_val_if_fail (HOST_IS_DECK (deck), NULL);
  g_return_val_if_fail (aspect > 0.2 && aspect < 5, NULL);

  self->deck = g_object_ref (deck);
  g_signal_connect (deck, "changed", G_CALLBACK (on_deck_changed), self);
  follow_deck_theme (self);
  self->width = round (SLIDE_HEIGHT * aspect);
  self->context = slide_layout_create_context ();
  g_ptr_array_set_size (self->layouts, deck_get_n_slides (deck));
  return self;
}

/**
 * slide_renderer_set_theme:
 * @self: a #SlideRenderer
 * @theme: the colours, fonts and sizes to draw with; copied
 *
 * Changes the theme; slides are laid out again on their next drawing.
 * Until then the renderer draws with the deck's `theme:` (dark when it
 * names none), and follows it when the deck reloads.
 */
void
slide_renderer_set_theme (SlideRenderer *self, const SlideTheme *theme)
{
  guint i;

  g_return_if_fail (HOST_IS_SLIDE_RENDERER (self));
  g_return_if_fail (theme != NULL);

  g_free (self->theme_copy);
  self->theme_copy = g_memdup2 (theme, sizeof *theme);
  self->theme = self->theme_copy;
  self->theme_pinned = TRUE;
  for (i = 0; i < self->layouts->len; i++)
    g_clear_pointer (&self->layouts->pdata[i], slide_layout_free);
}

/**
 * slide_renderer_get_theme:
 * @self: a #SlideRenderer
 *
 * Returns: (transfer none): the theme slides are drawn with
 */
const SlideTheme *
slide_renderer_get_theme (SlideRenderer *self)
{
  g_return_val_if_fail (HOST_IS_SLIDE_RENDERER (self), NULL);
  return self->theme;
}

/**
 * slide_renderer_get_banner:
 * @self: a #SlideRenderer
 *
 * Returns: (transfer none) (nullable): the banner drawn over every slide
 *   because the deck's last reload failed, in plain words, or %NULL
 */
const char *
slide_renderer_get_banner (SlideRenderer *self)
{
  g_return_val_if_fail (HOST_IS_SLIDE_RENDERER (self), NULL);
  return self->banner;
}

/**
 * slide_renderer_get_deck:
 * @self: a #SlideRenderer
 *
 * Returns: (transfer none): the deck
 */
Deck *
slide_renderer_get_deck (SlideRenderer *self)
{
  return self->deck;
}

/**
 * slide_renderer_get_width:
 * @self: a #SlideRenderer
 *
 * Returns: the width of a slide in slide units (the height is
 *   %SLIDE_HEIGHT)
 */
double
slide_renderer_get_width (SlideRenderer *self)
{
  return self->width;
}

/**
 * slide_renderer_get_layout:
 * @self: a #SlideRenderer
 * @index: a slide index
 *
 * Returns: (transfer none): the slide's layout, made on first use
 */
SlideLayout *
slide_renderer_get_layout (SlideRenderer *self, guint index)
{
  g_return_val_if_fail (index < self->layouts->len, NULL);

  if (self->layouts->pdata[index] == NULL)
    self->layouts->pdata[index]
        = slide_layout_new (self->context, deck_get_slide (self->deck, index), self->width, self->theme);
  return self->layouts->pdata[index];
}

/**
 * slide_renderer_get_placement:
 * @self: a #SlideRenderer
 * @width: width of the output in pixels
 * @height: height of the output
 * @scale: (out): pixels per slide unit
 * @x: (out): left edge of the slide in the output
 * @y: (out): top edge of the slide in the output
 *
 * Where a slide goes in an output of another aspect: as large as fits,
 * centred, with bars on the sides or top and bottom.
 */
void
slide_renderer_get_placement (
    SlideRenderer *self, double width, double height, double *scale, double *x, double *y)
{
  double s = MIN (width / self->width, height / SLIDE_HEIGHT);

  *scale = s;
  *x = (width - self->width * s) / 2;
  *y = (height - SLIDE_HEIGHT * s) / 2;
}

/**
 * slide_renderer_get_video_rect:
 * @self: a #SlideRenderer
 * @index: a slide index
 * @video: which of its videos
 * @aspect: the aspect of the video's frames, or 0 when not known yet
 * @out: (out caller-allocates): where the picture goes, in slide units
 */
void
slide_renderer_get_video_rect (SlideRenderer *self, guint index, guint video, double aspect, SlideRect *out)
{
  SlideItem *item = slide_layout_get_video (slide_renderer_get_layout (self, index), video);

  g_return_if_fail (item != NULL);
  slide_item_fit (item, aspect, out);
}

/**
 * slide_renderer_draw_slide:
 * @self: a #SlideRenderer
 * @cr: a cairo context in slide units
 * @index: the slide to draw
 * @videos: (array length=n_videos) (nullable): the state of the slide's videos
 * @n_videos: length of @videos
 *
 * Draws the slide with an empty panel where each video goes (or the
 * reason why it cannot play, when the deck marks it broken), but neither
 * the videos' pictures nor their overlays.
 */
void
slide_renderer_draw_slide (
    SlideRenderer *self, cairo_t *cr, guint index, const SlideVideoState *videos, guint n_videos)
{
  SlideLayout *layout = slide_renderer_get_layout (self, index);
  guint i;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, self->width, SLIDE_HEIGHT);
  cairo_clip (cr);
  draw_background (self, cr, layout);
  draw_background_picture (self, cr, deck_get_slide (self->deck, index));
  for (i = 0; i < layout->items->len; i++)
    draw_item (self, cr, layout, layout->items->pdata[i], index, videos, n_videos);
  if (layout->kind == SLIDE_LAYOUT_CONTENT)
    draw_footer (self, cr, index);
  if (self->banner != NULL)
    slide_renderer_draw_banner (self, cr, self->banner);
  cairo_restore (cr);
}

/**
 * slide_renderer_draw_video_overlay:
 * @self: a #SlideRenderer
 * @cr: a cairo context in slide units
 * @rect: the video's rectangle, from slide_renderer_get_video_rect()
 * @state: the video's state
 *
 * Draws what goes over a video's picture: the reason there is none, the
 * play button on a paused still, the progress bar while it plays.
 */
void
slide_renderer_draw_video_overlay (SlideRenderer *self,
                                   cairo_t *cr,
                                   const SlideRect *rect,
                                   const SlideVideoState *state)
{
  const SlideTheme *t = self->theme;

  /* A faint edge keeps dark pictures apart from the dark slide. */
  slide_rounded_rect (cr, rect, t->corner);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.09);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  if (state->message != NULL)
    {
      if (state->frame != NULL || state->aspect > 0)
        {
          /* Dim the last picture so the words read. */
          slide_rounded_rect (cr, rect, t->corner);
          cairo_set_source_rgba (cr, 0, 0, 0, 0.62);
          cairo_fill (cr);
        }
      draw_placeholder (self, cr, rect, state->message, state->detail, FALSE);
    }
  else if (state->show_play_hint)
    {
      double r = CLAMP (rect->height * 0.09, 18, 60);
      double cx = rect->x + rect->width / 2, cy = rect->y + rect->height / 2;

      cairo_new_path (cr);
      cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
      cairo_move_to (cr, cx - r * 0.3, cy - r * 0.45);
      cairo_line_to (cr, cx + r * 0.5, cy);
      cairo_line_to (cr, cx - r * 0.3, cy + r * 0.45);
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  if (state->playing && state->message == NULL && state->duration > 0)
    {
      double fraction = CLAMP (state->position / state->duration, 0, 1);
      SlideRect track = { rect->x + 24, rect->y + rect->height - 22, rect->width - 48, 5 };
      SlideRect done = track;

      slide_rounded_rect (cr, &track, 2.5);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.22);
      cairo_fill (cr);
      done.width = MAX (track.width * fraction, 5);
      slide_rounded_rect (cr, &done, 2.5);
      slide_accent_gradient (self, cr, &track);
      cairo_fill (cr);
    }
}

/**
 * slide_renderer_render:
 * @self: a #SlideRenderer
 * @cr: a cairo context in output pixels
 * @index: the slide to draw
 * @width: width of the output
 * @height: height of the output
 * @videos: (array length=n_videos) (nullable): the slide's videos, with
 *   their pictures in SlideVideoState.frame
 * @n_videos: length of @videos
 *
 * Draws a whole slide, video pictures included, into an output of any
 * size: what the headless export uses.
 */
void
slide_renderer_render (SlideRenderer *self,
                       cairo_t *cr,
                       guint index,
                       double width,
                       double height,
                       const SlideVideoState *videos,
                       guint n_videos)
{
  double scale, x, y;
  guint i;

  slide_renderer_get_placement (self, width, height, &scale, &x, &y);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  slide_renderer_draw_slide (self, cr, index, videos, n_videos);

  for (i = 0; i < n_videos; i++)
    {
      const SlideVideoState *state = &videos[i];
      SlideItem *item = slide_layout_get_video (slide_renderer_get_layout (self, index), i);
      SlideRect r;

      if (item == NULL || item->block->problem != NULL)
        continue;
      slide_renderer_get_video_rect (self, index, i, state->aspect, &r);
      if (state->frame != NULL)
        {
          double w = cairo_image_surface_get_width (state->frame);
          double h = cairo_image_surface_get_height (state->frame);

          cairo_save (cr);
          slide_rounded_rect (cr, &r, self->theme->corner);
          cairo_clip (cr);
          cairo_translate (cr, r.x, r.y);
          cairo_scale (cr, r.width / w, r.height / h);
          cairo_set_source_surface (cr, state->frame, 0, 0);
          cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
          cairo_paint (cr);
          cairo_restore (cr);
        }
      slide_renderer_draw_video_overlay (self, cr, &r, state);
    }
  cairo_restore (cr);
}
