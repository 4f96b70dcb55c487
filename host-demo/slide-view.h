/* slide-view.h: the widget that shows one slide and its videos
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>
#include <gtk/gtk.h>

#include "slide-renderer.h"
#include "video-element.h"

G_BEGIN_DECLS

#define HOST_TYPE_SLIDE_VIEW (slide_view_get_type ())
G_DECLARE_FINAL_TYPE (SlideView, slide_view, HOST, SLIDE_VIEW, GtkWidget)

GtkWidget *slide_view_new (SlideRenderer *renderer, BridgeRegistry *registry);
void slide_view_set_slide (SlideView *self, guint index);
void slide_view_reload (SlideView *self);
guint slide_view_get_slide (SlideView *self);
guint slide_view_get_n_videos (SlideView *self);
VideoElement *slide_view_get_video (SlideView *self, guint index);
void slide_view_toggle_play (SlideView *self);
gboolean slide_view_click (SlideView *self, double px, double py, guint button);
void slide_view_stop_videos (SlideView *self);
void slide_view_set_hang_timeout (SlideView *self, guint timeout_ms);

G_END_DECLS
