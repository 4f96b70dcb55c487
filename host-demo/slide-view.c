/* slide-view.c: the widget that shows one slide and its videos
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The slide itself is drawn by the SlideRenderer into a cairo node, kept
 * while nothing but the videos change. Each video picture goes on top as
 * a texture node made straight from the frame's shared-memory slot (see
 * video-element.c), then the renderer's overlay (progress bar, messages)
 * as a small cairo node.
 */
#include "config.h"

#include "slide-view-private.h"

G_DEFINE_FINAL_TYPE (SlideView, slide_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SLIDE_CHANGED,
  SIGNAL_VIDEO_STATUS,
  SIGNAL_VIDEO_DRAWN,
  SIGNAL_ADVANCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
drop_base (SlideView *self)
{
  g_clear_pointer (&self->base, gsk_render_node_unref);
}

static void
on_video_changed (VideoElement *video, SlideView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_video_status (VideoElement *video, const char *status, SlideView *self)
{
  guint i;

  if (g_ptr_array_find (self->videos, video, &i))
    g_signal_emit (self, signals[SIGNAL_VIDEO_STATUS], 0, i, status);
}

static void
clear_videos (SlideView *self)
{
  guint i;

  for (i = 0; i < self->videos->len; i++)
    {
      VideoElement *video = self->videos->pdata[i];

      g_signal_handlers_disconnect_by_data (video, self);
      video_element_stop (video);
    }
  g_ptr_array_set_size (self->videos, 0);
  g_array_set_size (self->drawn, 0);
  slide_view_transport_clear (self);
}

/* A video of the current slide: a new element for block, or kept (one
 * that already plays it). */
static void
add_video (SlideView *self, DeckBlock *block, VideoElement *kept)
{
  VideoElement *video = kept != NULL ? kept : video_element_new (self->registry, block);
  guint64 zero = 0;

  if (kept == NULL)
    {
      if (self->hang_timeout_ms > 0)
        video_element_set_hang_timeout (video, self->hang_timeout_ms);
      video_element_set_shared (video, self->shared_video);
      if (self->posters != NULL && video_posters_lookup (self->posters, block) != NULL)
        video_element_set_poster (video, video_posters_lookup (self->posters, block));
      g_signal_connect (video, "changed", G_CALLBACK (on_video_changed), self);
      g_signal_connect (video, "status", G_CALLBACK (on_video_status), self);
    }
  g_ptr_array_add (self->videos, video);
  g_array_append_val (self->drawn, zero);
}

/* ---- drawing ------------------------------------------------------------ */

static void
collect_states (SlideView *self, SlideVideoState *states)
{
  guint i;

  for (i = 0; i < self->videos->len; i++)
    video_element_get_state (self->videos->pdata[i], &states[i]);
}

static gboolean
base_is_current (SlideView *self, int width, int height, const SlideVideoState *states)
{
  guint i;

  if (self->base == NULL || self->base_index != self->index || self->base_width != width
      || self->base_height != height || self->base_aspects->len != self->videos->len)
    return FALSE;
  for (i = 0; i < self->videos->len; i++)
    if (g_array_index (self->base_aspects, double, i) != states[i].aspect)
      return FALSE;
  return TRUE;
}

static GskRenderNode *
draw_base (SlideView *self, int width, int height, const SlideVideoState *states)
{
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  double scale, x, y;
  cairo_t *cr;

  slide_renderer_get_placement (self->renderer, width, height, &scale, &x, &y);
  cr = gtk_snapshot_append_cairo (
      snapshot,
      &GRAPHENE_RECT_INIT (x, y, slide_renderer_get_width (self->renderer) * scale, SLIDE_HEIGHT * scale));
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  slide_renderer_draw_slide (self->renderer, cr, self->index, states, self->videos->len);
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
slide_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SlideView *self = HOST_SLIDE_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autofree SlideVideoState *states = g_new0 (SlideVideoState, MAX (self->videos->len, 1));
  double corner = slide_theme_get_default ()->corner;
  double scale, x, y;
  guint i;

  if (width <= 0 || height <= 0)
    return;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 0, 0, 0, 1 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
  collect_states (self, states);
  if (!base_is_current (self, width, height, states))
    {
      drop_base (self);
      self->base = draw_base (self, width, height, states);
      self->base_index = self->index;
      self->base_width = width;
      self->base_height = height;
      g_array_set_size (self->base_aspects, 0);
      for (i = 0; i < self->videos->len; i++)
        g_array_append_val (self->base_aspects, states[i].aspect);
    }
  if (self->base != NULL)
    gtk_snapshot_append_node (snapshot, self->base);

  slide_renderer_get_placement (self->renderer, width, height, &scale, &x, &y);
  for (i = 0; i < self->videos->len; i++)
    {
      VideoElement *video = self->videos->pdata[i];
      GdkTexture *texture = video_element_get_texture (video);
      SlideRect r;
      graphene_rect_t bounds;
      cairo_t *cr;

      if (video_element_get_block (video)->problem != NULL)
        continue;
      slide_renderer_get_video_rect (self->renderer, self->index, i, states[i].aspect, &r);
      bounds = GRAPHENE_RECT_INIT (x + r.x * scale, y + r.y * scale, r.width * scale, r.height * scale);

      if (texture != NULL)
        {
          GskRoundedRect clip;
          guint64 count = video_element_get_frame_count (video);

          gsk_rounded_rect_init_from_rect (&clip, &bounds, corner * scale);
          gtk_snapshot_push_rounded_clip (snapshot, &clip);
          gtk_snapshot_append_texture (snapshot, texture, &bounds);
          gtk_snapshot_pop (snapshot);
          if (count != g_array_index (self->drawn, guint64, i))
            {
              g_array_index (self->drawn, guint64, i) = count;
              g_signal_emit (self, signals[SIGNAL_VIDEO_DRAWN], 0, i, count);
            }
        }

      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      cairo_translate (cr, x, y);
      cairo_scale (cr, scale, scale);
      {
        /* The progress line is the transport's seek bar here. */
        SlideVideoState plain = states[i];

        plain.playing = FALSE;
        slide_renderer_draw_video_overlay (self->renderer, cr, &r, &plain);
      }
      slide_view_draw_transport (self, cr, i, &r, &states[i]);
      cairo_destroy (cr);
    }
}

/* ---- input -------------------------------------------------------------- */

/**
 * slide_view_click:
 * @self: a #SlideView
 * @px: where, in widget coordinates
 * @py: where, in widget coordinates
 * @button: which mouse button
 *
 * A click on a video plays or pauses it; anywhere else the primary button
 * asks for the next slide and the secondary one for the previous
 * ("advance").
 *
 * Returns: whether the click did something
 */
gboolean
slide_view_click (SlideView *self, double px, double py, guint button)
{
  double sx, sy;
  SlideRect r;
  int video;

  slide_view_to_slide (self, px, py, &sx, &sy);
  video = slide_view_video_at (self, sx, sy, &r);
  /* The seek bar's own gesture has it. */
  if (video >= 0 && transport_bar_hit (&r, sx, sy))
    return TRUE;
  if (video >= 0 && button == GDK_BUTTON_PRIMARY)
    {
      self->active = video;
      video_element_toggle_play (self->videos->pdata[video]);
      return TRUE;
    }
  if (button == GDK_BUTTON_PRIMARY || button == GDK_BUTTON_SECONDARY)
    {
      g_signal_emit (self, signals[SIGNAL_ADVANCE], 0, button == GDK_BUTTON_PRIMARY ? 1 : -1);
      return TRUE;
    }
  return FALSE;
}

/**
 * slide_view_to_slide:
 * @self: a #SlideView
 * @px: widget coordinate
 * @py: widget coordinate
 * @sx: (out): slide units
 * @sy: (out): slide units
 */
void
slide_view_to_slide (SlideView *self, double px, double py, double *sx, double *sy)
{
  double scale, x, y;

  slide_renderer_get_placement (self->renderer, gtk_widget_get_width (GTK_WIDGET (self)),
                                gtk_widget_get_height (GTK_WIDGET (self)), &scale, &x, &y);
  *sx = (px - x) / scale;
  *sy = (py - y) / scale;
}

/**
 * slide_view_video_at:
 * @self: a #SlideView
 * @sx: slide units
 * @sy: slide units
 * @rect: (out) (optional): the video's box
 *
 * Returns: the video there, or -1
 */
int
slide_view_video_at (SlideView *self, double sx, double sy, SlideRect *rect)
{
  guint i;

  for (i = 0; i < self->videos->len; i++)
    {
      SlideVideoState state = { 0 };
      SlideRect r;

      video_element_get_state (self->videos->pdata[i], &state);
      slide_renderer_get_video_rect (self->renderer, self->index, i, state.aspect, &r);
      if (sx >= r.x && sx < r.x + r.width && sy >= r.y && sy < r.y + r.height)
        {
          if (rect != NULL)
            *rect = r;
          return i;
        }
    }
  return -1;
}

static void
on_click (GtkGestureClick *gesture, int n_press, double px, double py, SlideView *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  if (slide_view_click (self, px, py, button))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* ---- object ------------------------------------------------------------- */

static void
slide_view_dispose (GObject *object)
{
  SlideView *self = HOST_SLIDE_VIEW (object);

  if (self->videos != NULL)
    clear_videos (self);
  drop_base (self);
  g_clear_object (&self->renderer);
  g_clear_object (&self->registry);
  if (self->posters != NULL)
    g_signal_handlers_disconnect_by_data (self->posters, self);
  g_clear_object (&self->posters);
  G_OBJECT_CLASS (slide_view_parent_class)->dispose (object);
}

static void
slide_view_finalize (GObject *object)
{
  SlideView *self = HOST_SLIDE_VIEW (object);

  g_ptr_array_unref (self->videos);
  g_array_unref (self->drawn);
  g_array_unref (self->base_aspects);
  G_OBJECT_CLASS (slide_view_parent_class)->finalize (object);
}

static void
slide_view_class_init (SlideViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slide_view_dispose;
  object_class->finalize = slide_view_finalize;
  widget_class->snapshot = slide_view_snapshot;

  /**
   * SlideView::slide-changed:
   * @self: the view
   * @index: the slide now shown, from 0
   *
   * Another slide is shown; emitted before its videos start.
   */
  signals[SIGNAL_SLIDE_CHANGED] = g_signal_new ("slide-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * SlideView::video-status:
   * @self: the view
   * @video: which video of the slide
   * @status: what happened, a word and details ("plugin-started 1234")
   *
   * Something happened to a video's plugin; for the test hook.
   */
  signals[SIGNAL_VIDEO_STATUS]
      = g_signal_new ("video-status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  /**
   * SlideView::video-drawn:
   * @self: the view
   * @video: which video of the slide
   * @count: how many frames that video has received
   *
   * A new picture of a video was put on screen.
   */
  signals[SIGNAL_VIDEO_DRAWN] = g_signal_new ("video-drawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                              NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT64);

  /**
   * SlideView::advance:
   * @self: the view
   * @delta: 1 for the next slide, -1 for the previous
   *
   * A click away from the videos asked for another slide.
   */
  signals[SIGNAL_ADVANCE] = g_signal_new ("advance", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
slide_view_init (SlideView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->videos = g_ptr_array_new_with_free_func (g_object_unref);
  self->drawn = g_array_new (FALSE, TRUE, sizeof (guint64));
  self->base_aspects = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "released", G_CALLBACK (on_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  slide_view_transport_init (self);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

/**
 * slide_view_new:
 * @renderer: draws the slides
 * @registry: (nullable): where to find the video plugin
 * @options: (nullable): how to play the videos
 *
 * Returns: (transfer floating): a view showing no slide yet
 */
GtkWidget *
slide_view_new (SlideRenderer *renderer, BridgeRegistry *registry, const SlideViewOptions *options)
{
  SlideView *self = g_object_new (HOST_TYPE_SLIDE_VIEW, NULL);

  if (options != NULL)
    {
      self->hang_timeout_ms = options->hang_timeout_ms;
      self->shared_video = options->shared_video;
    }

  self->renderer = g_object_ref (renderer);
  self->registry = registry != NULL ? g_object_ref (registry) : NULL;
  self->index = G_MAXUINT;
  return GTK_WIDGET (self);
}

/**
 * slide_view_set_slide:
 * @self: a #SlideView
 * @index: the slide to show
 *
 * Shows a slide: the videos of the slide shown so far stop and their
 * plugins go; the new slide's videos start (playing if autoplay, on a
 * still otherwise).
 */
void
slide_view_set_slide (SlideView *self, guint index)
{
  Deck *deck = slide_renderer_get_deck (self->renderer);
  DeckSlide *slide;
  guint i;

  g_return_if_fail (index < deck_get_n_slides (deck));
  if (index == self->index)
    return;

  clear_videos (self);
  self->index = index;
  slide = deck_get_slide (deck, index);
  for (i = 0; i < slide->blocks->len; i++)
    if (((DeckBlock *) slide->blocks->pdata[i])->kind == DECK_BLOCK_VIDEO)
      add_video (self, slide->blocks->pdata[i], NULL);
  g_signal_emit (self, signals[SIGNAL_SLIDE_CHANGED], 0, index);
  for (i = 0; i < self->videos->len; i++)
    video_element_start (self->videos->pdata[i]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * slide_view_reload:
 * @self: a #SlideView
 *
 * After Deck::changed: shows the same slide (the last one if the deck got
 * shorter), laid out anew; a video whose block the deck carried over (it
 * did not change) goes on playing, the others start again.
 */
void
slide_view_reload (SlideView *self)
{
  Deck *deck = slide_renderer_get_deck (self->renderer);
  guint index = MIN (self->index, deck_get_n_slides (deck) - 1);
  DeckSlide *slide = deck_get_slide (deck, index);
  g_autoptr (GPtrArray) old = NULL;
  guint i, j;

  drop_base (self);
  if (index != self->index)
    {
      slide_view_set_slide (self, index);
      return;
    }
  slide_view_transport_clear (self);
  old = g_steal_pointer (&self->videos);
  self->videos = g_ptr_array_new_with_free_func (g_object_unref);
  g_array_set_size (self->drawn, 0);
  for (i = 0; i < slide->blocks->len; i++)
    {
      DeckBlock *block = slide->blocks->pdata[i];
      VideoElement *kept = NULL;

      if (block->kind != DECK_BLOCK_VIDEO)
        continue;
      for (j = 0; j < old->len && kept == NULL; j++)
        if (video_element_get_block (old->pdata[j]) == block)
          kept = g_ptr_array_steal_index (old, j);
      add_video (self, block, kept);
      if (kept == NULL)
        video_element_start (self->videos->pdata[self->videos->len - 1]);
    }
  for (i = 0; i < old->len; i++)
    {
      g_signal_handlers_disconnect_by_data (old->pdata[i], self);
      video_element_stop (old->pdata[i]);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * slide_view_get_slide:
 * @self: a #SlideView
 *
 * Returns: the index of the slide shown
 */
guint
slide_view_get_slide (SlideView *self)
{
  return self->index;
}

/**
 * slide_view_get_n_videos:
 * @self: a #SlideView
 *
 * Returns: how many videos the slide shown has
 */
guint
slide_view_get_n_videos (SlideView *self)
{
  return self->videos->len;
}

/**
 * slide_view_get_video:
 * @self: a #SlideView
 * @index: which video
 *
 * Returns: (transfer none): the video element
 */
VideoElement *
slide_view_get_video (SlideView *self, guint index)
{
  g_return_val_if_fail (index < self->videos->len, NULL);
  return self->videos->pdata[index];
}

/**
 * slide_view_stop_videos:
 * @self: a #SlideView
 *
 * Stops the videos and lets their plugins go, before the window closes.
 */
void
slide_view_stop_videos (SlideView *self)
{
  clear_videos (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_posters_ready (VideoPosters *posters, guint n, SlideView *self)
{
  guint i;

  for (i = 0; i < self->videos->len; i++)
    {
      GdkTexture *poster = video_posters_lookup (posters, video_element_get_block (self->videos->pdata[i]));

      if (poster != NULL)
        video_element_set_poster (self->videos->pdata[i], poster);
    }
}

/**
 * slide_view_set_posters:
 * @self: a #SlideView
 * @posters: the deck's video posters, shown until a video's first picture
 */
void
slide_view_set_posters (SlideView *self, VideoPosters *posters)
{
  g_set_object (&self->posters, posters);
  g_signal_connect_object (posters, "ready", G_CALLBACK (on_posters_ready), self, 0);
}

/**
 * slide_view_get_renderer:
 * @self: a #SlideView
 *
 * Returns: (transfer none): what draws the slides
 */
SlideRenderer *
slide_view_get_renderer (SlideView *self)
{
  return self->renderer;
}
