/* slide-view-transport.c: the presenter's hand on a slide's videos
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The seek bar (transport-bar.c) of the video under the pointer: hovering
 * shows the position and duration, and over the bar the time under the
 * pointer; a press or a drag on the bar seeks (fast while dragging, to
 * the very picture on release). The keys act on one video at a time, the
 * active one: the one under the pointer, else the one last pointed at or
 * clicked, else the first playing, else the first. Whatever changes, a
 * word shows on the video for a moment ("Volume 70 %"). What is drawn
 * follows the element, which follows the plugin's events, so changes made
 * by another host of a shared plugin show up too.
 */
#include "config.h"

#include "slide-view-private.h"

#include <math.h>

#define NOTICE_MS 1200

static gboolean
video_is_ready (VideoElement *video)
{
  VideoElementState state = video_element_get_element_state (video);

  return state == VIDEO_ELEMENT_PAUSED || state == VIDEO_ELEMENT_PLAYING || state == VIDEO_ELEMENT_ENDED;
}

/**
 * slide_view_draw_transport:
 * @self: a #SlideView
 * @cr: a cairo context in slide units
 * @video: which video
 * @r: its box
 * @state: what it looks like
 *
 * Draws the video's seek bar and notice, if it has any to show.
 */
void
slide_view_draw_transport (
    SlideView *self, cairo_t *cr, guint video, const SlideRect *r, const SlideVideoState *state)
{
  VideoElement *element = self->videos->pdata[video];
  gboolean hovered = self->hovered == (int) video || self->dragging == (int) video;
  TransportBar bar = {
    .position = state->position,
    .duration = state->duration,
    .hovered = hovered,
    .pointer_x = -1,
    .muted = video_element_is_muted (element),
    .notice = self->notice_video == (int) video ? self->notice : NULL,
  };

  if (state->message != NULL || !video_is_ready (element))
    {
      bar.duration = 0;
      bar.notice = NULL;
      bar.muted = FALSE;
    }
  /* A still nobody has played yet needs no bar until pointed at. */
  else if (!state->playing && !hovered && state->position <= 0)
    bar.duration = 0;
  if (hovered && (self->dragging == (int) video || transport_bar_hit (r, self->pointer_sx, self->pointer_sy)))
    bar.pointer_x = self->pointer_sx;
  transport_bar_draw (cr, r, slide_renderer_get_theme (self->renderer), &bar);
}

/* ---- the active video and the keys ---------------------------------------- */

/**
 * slide_view_get_active_video:
 * @self: a #SlideView
 *
 * Returns: (transfer none) (nullable): the video the keys act on
 */
VideoElement *
slide_view_get_active_video (SlideView *self)
{
  guint i;

  if (self->videos->len == 0)
    return NULL;
  if (self->hovered >= 0)
    return self->videos->pdata[self->hovered];
  if (self->active >= 0)
    return self->videos->pdata[self->active];
  for (i = 0; i < self->videos->len; i++)
    if (video_element_is_playing (self->videos->pdata[i]))
      return self->videos->pdata[i];
  return self->videos->pdata[0];
}

static gboolean
on_notice_timeout (gpointer data)
{
  SlideView *self = data;

  self->notice_id = 0;
  g_clear_pointer (&self->notice, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void notice (SlideView *self, VideoElement *video, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
notice (SlideView *self, VideoElement *video, const char *format, ...)
{
  va_list args;
  guint index;

  if (!g_ptr_array_find (self->videos, video, &index))
    return;
  g_free (self->notice);
  va_start (args, format);
  self->notice = g_strdup_vprintf (format, args);
  va_end (args);
  self->notice_video = index;
  g_clear_handle_id (&self->notice_id, g_source_remove);
  self->notice_id = g_timeout_add (NOTICE_MS, on_notice_timeout, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * slide_view_toggle_play:
 * @self: a #SlideView
 *
 * Plays or pauses the active video (slide_view_get_active_video()).
 */
void
slide_view_toggle_play (SlideView *self)
{
  VideoElement *video = slide_view_get_active_video (self);

  if (video != NULL)
    video_element_toggle_play (video);
}

/**
 * slide_view_seek_by:
 * @self: a #SlideView
 * @seconds: how far; back when negative
 *
 * Moves the active video on or back.
 */
void
slide_view_seek_by (SlideView *self, double seconds)
{
  VideoElement *video = slide_view_get_active_video (self);
  g_autofree char *at = NULL;

  if (video == NULL || !video_is_ready (video))
    return;
  video_element_seek_by (video, seconds);
  at = transport_bar_format_time (video_element_get_position (video));
  notice (self, video, "%s %.0f s  ·  %s", seconds < 0 ? "−" : "+", fabs (seconds), at);
}

/**
 * slide_view_step_frame:
 * @self: a #SlideView
 * @frames: how many pictures on; back when negative
 *
 * Steps the active video picture by picture while it is paused.
 */
void
slide_view_step_frame (SlideView *self, int frames)
{
  VideoElement *video = slide_view_get_active_video (self);

  if (video == NULL)
    return;
  if (video_element_step_frame (video, frames))
    notice (self, video, frames > 0 ? "Next frame" : "Previous frame");
  else if (video_is_ready (video))
    notice (self, video, "Pause to step through frames");
}

/**
 * slide_view_change_volume:
 * @self: a #SlideView
 * @delta: how much louder, from -1 to 1
 *
 * Changes the active video's volume.
 */
void
slide_view_change_volume (SlideView *self, double delta)
{
  VideoElement *video = slide_view_get_active_video (self);

  if (video == NULL)
    return;
  video_element_set_volume (video, video_element_get_volume (video) + delta);
  notice (self, video, "Volume %.0f %%", video_element_get_volume (video) * 100);
}

/**
 * slide_view_toggle_mute:
 * @self: a #SlideView
 *
 * Silences the active video, or gives it its sound back.
 */
void
slide_view_toggle_mute (SlideView *self)
{
  VideoElement *video = slide_view_get_active_video (self);

  if (video == NULL)
    return;
  video_element_toggle_mute (video);
  notice (self, video, "%s", video_element_is_muted (video) ? "Muted" : "Sound on");
}

/* ---- the seek bar under the pointer ---------------------------------------- */

/**
 * slide_view_get_bar_point:
 * @self: a #SlideView
 * @video: which video
 * @fraction: how far along its seek bar
 * @px: (out): widget coordinate
 * @py: (out): widget coordinate
 *
 * Returns: whether the video is there
 */
gboolean
slide_view_get_bar_point (SlideView *self, guint video, double fraction, double *px, double *py)
{
  SlideVideoState state = { 0 };
  SlideRect r;
  double scale, x, y;

  if (video >= self->videos->len)
    return FALSE;
  video_element_get_state (self->videos->pdata[video], &state);
  slide_renderer_get_video_rect (self->renderer, self->index, video, state.aspect, &r);
  slide_renderer_get_placement (self->renderer, gtk_widget_get_width (GTK_WIDGET (self)),
                                gtk_widget_get_height (GTK_WIDGET (self)), &scale, &x, &y);
  /* The bar runs 24 units in from each side, 24 up from the bottom. */
  *px = x + (r.x + 24 + fraction * (r.width - 48)) * scale;
  *py = y + (r.y + r.height - 24) * scale;
  return TRUE;
}

/**
 * slide_view_pointer_at:
 * @self: a #SlideView
 * @px: widget coordinate
 * @py: widget coordinate
 *
 * The pointer is there: the video under it shows its seek bar and
 * becomes the active one.
 */
void
slide_view_pointer_at (SlideView *self, double px, double py)
{
  int hovered;

  slide_view_to_slide (self, px, py, &self->pointer_sx, &self->pointer_sy);
  hovered = slide_view_video_at (self, self->pointer_sx, self->pointer_sy, NULL);
  self->hovered = hovered;
  if (hovered >= 0)
    self->active = hovered;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
seek_dragged (SlideView *self, double px, gboolean accurate)
{
  VideoElement *video = self->videos->pdata[self->dragging];
  SlideVideoState state = { 0 };
  SlideRect r;
  double sx, sy;

  video_element_get_state (video, &state);
  slide_renderer_get_video_rect (self->renderer, self->index, self->dragging, state.aspect, &r);
  slide_view_to_slide (self, px, 0, &sx, &sy);
  self->pointer_sx = sx;
  video_element_seek_to (video, transport_bar_fraction (&r, sx) * state.duration, accurate);
}

/**
 * slide_view_bar_press:
 * @self: a #SlideView
 * @px: widget coordinate
 * @py: widget coordinate
 *
 * A press on a seek bar seeks there and starts a drag.
 *
 * Returns: whether a seek bar was there
 */
gboolean
slide_view_bar_press (SlideView *self, double px, double py)
{
  double sx, sy;
  SlideRect r;
  int video;

  slide_view_to_slide (self, px, py, &sx, &sy);
  video = slide_view_video_at (self, sx, sy, &r);
  if (video < 0 || !transport_bar_hit (&r, sx, sy) || !video_is_ready (self->videos->pdata[video])
      || video_element_get_duration (self->videos->pdata[video]) <= 0)
    return FALSE;
  self->dragging = video;
  self->active = video;
  seek_dragged (self, px, FALSE);
  return TRUE;
}

/**
 * slide_view_bar_move:
 * @self: a #SlideView
 * @px: widget coordinate
 *
 * The drag goes on: seeks to the key frame there.
 */
void
slide_view_bar_move (SlideView *self, double px)
{
  if (self->dragging >= 0)
    seek_dragged (self, px, FALSE);
}

/**
 * slide_view_bar_release:
 * @self: a #SlideView
 * @px: widget coordinate
 *
 * The drag ends: seeks to the very picture there.
 */
void
slide_view_bar_release (SlideView *self, double px)
{
  if (self->dragging < 0)
    return;
  seek_dragged (self, px, TRUE);
  self->dragging = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, SlideView *self)
{
  slide_view_pointer_at (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *motion, SlideView *self)
{
  self->hovered = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_begin (GtkGestureDrag *drag, double x, double y, SlideView *self)
{
  if (slide_view_bar_press (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_CLAIMED);
  else
    gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_drag_update (GtkGestureDrag *drag, double dx, double dy, SlideView *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (drag, &x, &y);
  slide_view_bar_move (self, x + dx);
}

static void
on_drag_end (GtkGestureDrag *drag, double dx, double dy, SlideView *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (drag, &x, &y);
  slide_view_bar_release (self, x + dx);
}

/**
 * slide_view_transport_init:
 * @self: a #SlideView
 *
 * Adds the pointer's controllers.
 */
void
slide_view_transport_init (SlideView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->hovered = self->active = self->dragging = self->notice_video = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

/**
 * slide_view_transport_clear:
 * @self: a #SlideView
 *
 * The slide's videos went: so does what pointed at them.
 */
void
slide_view_transport_clear (SlideView *self)
{
  self->hovered = self->active = self->dragging = self->notice_video = -1;
  g_clear_handle_id (&self->notice_id, g_source_remove);
  g_clear_pointer (&self->notice, g_free);
}
