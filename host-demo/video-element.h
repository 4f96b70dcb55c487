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

#define HOST_TYPE_VIDEO_ELEMENT (video_element_get_type ())
G_DECLARE_FINAL_TYPE (VideoElement, video_element, HOST, VIDEO_ELEMENT, GObject)

VideoElement *video_element_new (BridgeRegistry *registry, DeckBlock *block);
DeckBlock *video_element_get_block (VideoElement *self);
void video_element_start (VideoElement *self);
void video_element_stop (VideoElement *self);
void video_element_toggle_play (VideoElement *self);
gboolean video_element_is_playing (VideoElement *self);
void video_element_get_state (VideoElement *self, SlideVideoState *state);
GdkTexture *video_element_get_texture (VideoElement *self);
guint64 video_element_get_frame_count (VideoElement *self);
int video_element_get_plugin_pid (VideoElement *self);

G_END_DECLS
