/* slide-view.h: the widget that shows one slide and its videos
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>
#include <gtk/gtk.h>

#include "slide-renderer.h"
#include "transport-bar.h"
#include "video-element.h"
#include "video-posters.h"

G_BEGIN_DECLS

/**
 * SlideViewOptions:
 * @hang_timeout_ms: how long a video plugin may take to answer the
 *   liveness check; 0 for %VIDEO_ELEMENT_HANG_TIMEOUT_MS
 * @shared_video: play in a running plugin instance if there is one (see
 *   video_element_set_shared())
 *
 * How a view plays its videos.
 */
typedef struct
{
  guint hang_timeout_ms;
  gboolean shared_video;
} SlideViewOptions;

#define HOST_TYPE_SLIDE_VIEW (slide_view_get_type ())
G_DECLARE_FINAL_TYPE (SlideView, slide_view, HOST, SLIDE_VIEW, GtkWidget)

GtkWidget *
slide_view_new (SlideRenderer *renderer, BridgeRegistry *registry, const SlideViewOptions *options);
SlideRenderer *slide_view_get_renderer (SlideView *self);
void slide_view_set_slide (SlideView *self, guint index);
void slide_view_reload (SlideView *self);
guint slide_view_get_slide (SlideView *self);
guint slide_view_get_n_videos (SlideView *self);
VideoElement *slide_view_get_video (SlideView *self, guint index);
void slide_view_set_posters (SlideView *self, VideoPosters *posters);
VideoElement *slide_view_get_active_video (SlideView *self);
void slide_view_toggle_play (SlideView *self);
void slide_view_seek_by (SlideView *self, double seconds);
void slide_view_step_frame (SlideView *self, int frames);
void slide_view_change_volume (SlideView *self, double delta);
void slide_view_toggle_mute (SlideView *self);
void slide_view_pointer_at (SlideView *self, double px, double py);
gboolean slide_view_get_bar_point (SlideView *self, guint video, double fraction, double *px, double *py);
gboolean slide_view_bar_press (SlideView *self, double px, double py);
void slide_view_bar_move (SlideView *self, double px);
void slide_view_bar_release (SlideView *self, double px);
gboolean slide_view_click (SlideView *self, double px, double py, guint button);
void slide_view_stop_videos (SlideView *self);

G_END_DECLS
