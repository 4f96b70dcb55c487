/* video-element.h: one video of a slide, played by the video plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>
#include <gdk/gdk.h>

#include "deck.h"
#include "slide-renderer.h"

G_BEGIN_DECLS

/**
 * VideoElementState:
 * @VIDEO_ELEMENT_STOPPED: the slide is not shown; no plugin
 * @VIDEO_ELEMENT_CONNECTING: a plugin instance is being started
 * @VIDEO_ELEMENT_OPENING: the instance is told where to draw and opens the file
 * @VIDEO_ELEMENT_RESTORING: a new instance goes to where the lost one was;
 *   its pictures before that are stale
 * @VIDEO_ELEMENT_PAUSED: open, showing a still picture
 * @VIDEO_ELEMENT_PLAYING: the plugin says it plays
 * @VIDEO_ELEMENT_ENDED: played to the end; the last picture stays
 * @VIDEO_ELEMENT_RESTARTING: the instance was lost; a new one is due
 * @VIDEO_ELEMENT_FAILED: nothing more will happen: no plugin, a file it
 *   cannot play, or a plugin that keeps failing
 *
 * Where a video element is; video_element_state_name() names each for
 * the log and the test hook.
 */
typedef enum
{
  VIDEO_ELEMENT_STOPPED,
  VIDEO_ELEMENT_CONNECTING,
  VIDEO_ELEMENT_OPENING,
  VIDEO_ELEMENT_RESTORING,
  VIDEO_ELEMENT_PAUSED,
  VIDEO_ELEMENT_PLAYING,
  VIDEO_ELEMENT_ENDED,
  VIDEO_ELEMENT_RESTARTING,
  VIDEO_ELEMENT_FAILED,
} VideoElementState;

/**
 * VIDEO_ELEMENT_HANG_TIMEOUT_MS:
 *
 * How long a plugin may take to answer the liveness check before it is
 * thought hung, unless video_element_set_hang_timeout() says otherwise.
 */
#define VIDEO_ELEMENT_HANG_TIMEOUT_MS 700

#define HOST_TYPE_VIDEO_ELEMENT (video_element_get_type ())
G_DECLARE_FINAL_TYPE (VideoElement, video_element, HOST, VIDEO_ELEMENT, GObject)

const char *video_element_state_name (VideoElementState state);

VideoElement *video_element_new (BridgeRegistry *registry, DeckBlock *block);
void video_element_set_hang_timeout (VideoElement *self, guint timeout_ms);
void video_element_set_shared (VideoElement *self, gboolean shared);
DeckBlock *video_element_get_block (VideoElement *self);
void video_element_start (VideoElement *self);
void video_element_stop (VideoElement *self);
VideoElementState video_element_get_element_state (VideoElement *self);
void video_element_toggle_play (VideoElement *self);
gboolean video_element_is_playing (VideoElement *self);
void video_element_seek_to (VideoElement *self, double seconds, gboolean accurate);
void video_element_seek_by (VideoElement *self, double seconds);
gboolean video_element_step_frame (VideoElement *self, int frames);
void video_element_set_volume (VideoElement *self, double volume);
double video_element_get_volume (VideoElement *self);
void video_element_toggle_mute (VideoElement *self);
gboolean video_element_is_muted (VideoElement *self);
void video_element_set_poster (VideoElement *self, GdkTexture *poster);
double video_element_get_position (VideoElement *self);
double video_element_get_duration (VideoElement *self);
void video_element_get_state (VideoElement *self, SlideVideoState *state);
GdkTexture *video_element_get_texture (VideoElement *self);
guint64 video_element_get_frame_count (VideoElement *self);
int video_element_get_plugin_pid (VideoElement *self);

G_END_DECLS
