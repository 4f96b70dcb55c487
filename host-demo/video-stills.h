/* video-stills.h: single pictures of videos, for the headless export
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>
#include <cairo.h>

G_BEGIN_DECLS

#define HOST_TYPE_VIDEO_STILLS (video_stills_get_type ())
G_DECLARE_FINAL_TYPE (VideoStills, video_stills, HOST, VIDEO_STILLS, GObject)

VideoStills *video_stills_new (BridgeRegistry *registry);
cairo_surface_t *video_stills_get (VideoStills *self, const char *path, double seconds, GError **error);

G_END_DECLS
