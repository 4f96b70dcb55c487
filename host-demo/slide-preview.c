/* slide-preview.c: a slide drawn still, its videos as their posters
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the presenter console shows of the next slide: the renderer's
 * slide, letterboxed like the main view, with each video's poster (see
 * video-posters.c) in its box. No plugin runs for it. Index -1 shows
 * "End of the presentation".
 */
#include "config.h"

#include "slide-preview.h"

struct _SlidePreview
{
  GtkWidget parent_instance;

  SlideRenderer *renderer;
  VideoPosters *posters;
  int index;
};

G_DEFINE_FINAL_TYPE (SlidePreview, slide_preview, GTK_TYPE_WIDGET)

static GArray *
video_blocks (SlidePreview *self)
{
  DeckSlide *slide = deck_get_slide (slide_renderer_get_deck (self->renderer), self->index);
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (DeckBlock *));
  guint i;

  for (i = 0; i < slide->blocks->len; i++)
    {
      DeckBlock *block = slide->blocks->pdata[i];

      if (block->kind == DECK_BLOCK_VIDEO)
        g_array_append_val (blocks, block);
    }
  return blocks;
}

static void
slide_preview_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SlidePreview *self = HOST_SLIDE_PREVIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr (GArray) blocks = NULL;
  g_autofree SlideVideoState *states = NULL;
  double scale, x, y;
  cairo_t *cr;
  guint i;

  if (width <= 0 || height <= 0)
    return;
  if (self->index < 0 || (guint) self->index >= deck_get_n_slides (slide_renderer_get_deck (self->renderer)))
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, "End of the presentation");
      int lw, lh;

      gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 0.1, 0.1, 0.1, 1 },
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - lw) / 2.0, (height - lh) / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA){ 1, 1, 1, 0.6 });
      gtk_snapshot_restore (snapshot);
      g_object_unref (layout);
      return;
    }

  blocks = video_blocks (self);
  states = g_new0 (SlideVideoState, MAX (blocks->len, 1));
  for (i = 0; i < blocks->len; i++)
    {
      GdkTexture *poster = self->posters != NULL
                               ? video_posters_lookup (self->posters, g_array_index (blocks, DeckBlock *, i))
                               : NULL;

      if (poster != NULL)
        states[i].aspect = (double) gdk_texture_get_width (poster) / gdk_texture_get_height (poster);
    }
  slide_renderer_get_placement (self->renderer, width, height, &scale, &x, &y);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 0, 0, 0, 1 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  slide_renderer_draw_slide (self->renderer, cr, self->index, states, blocks->len);
  cairo_destroy (cr);

  for (i = 0; i < blocks->len; i++)
    {
      DeckBlock *block = g_array_index (blocks, DeckBlock *, i);
      GdkTexture *poster = self->posters != NULL ? video_posters_lookup (self->posters, block) : NULL;
      SlideRect r;

      if (poster == NULL || block->problem != NULL)
        continue;
      slide_renderer_get_video_rect (self->renderer, self->index, i, states[i].aspect, &r);
      gtk_snapshot_append_texture (
          snapshot, poster,
          &GRAPHENE_RECT_INIT (x + r.x * scale, y + r.y * scale, r.width * scale, r.height * scale));
    }
}

static void
on_posters_ready (VideoPosters *posters, guint n, SlidePreview *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
slide_preview_dispose (GObject *object)
{
  SlidePreview *self = HOST_SLIDE_PREVIEW (object);

  g_clear_object (&self->renderer);
  g_clear_object (&self->posters);
  G_OBJECT_CLASS (slide_preview_parent_class)->dispose (object);
}

static void
slide_preview_class_init (SlidePreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = slide_preview_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = slide_preview_snapshot;
}

static void
slide_preview_init (SlidePreview *self)
{
  self->index = -1;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

/**
 * slide_preview_new:
 * @renderer: draws the slide
 * @posters: (nullable): the videos' posters
 *
 * Returns: (transfer floating): a preview showing no slide
 */
GtkWidget *
slide_preview_new (SlideRenderer *renderer, VideoPosters *posters)
{
  SlidePreview *self = g_object_new (HOST_TYPE_SLIDE_PREVIEW, NULL);

  self->renderer = g_object_ref (renderer);
  if (posters != NULL)
    {
      self->posters = g_object_ref (posters);
      g_signal_connect_object (posters, "ready", G_CALLBACK (on_posters_ready), self, 0);
    }
  return GTK_WIDGET (self);
}

/**
 * slide_preview_set_slide:
 * @self: a #SlidePreview
 * @index: the slide, or -1 (or past the end) for the end
 */
void
slide_preview_set_slide (SlidePreview *self, int index)
{
  self->index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * slide_preview_get_slide:
 * @self: a #SlidePreview
 *
 * Returns: the slide shown, or -1
 */
int
slide_preview_get_slide (SlidePreview *self)
{
  return self->index;
}
