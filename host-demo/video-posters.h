/* video-posters.h: the first picture of every video of the deck, fetched ahead
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>
#include <gdk/gdk.h>

#include "deck.h"

G_BEGIN_DECLS

#define HOST_TYPE_VIDEO_POSTERS (video_posters_get_type ())
G_DECLARE_FINAL_TYPE (VideoPosters, video_posters, HOST, VIDEO_POSTERS, GObject)

VideoPosters *video_posters_new (Deck *deck, BridgeRegistry *registry);
GdkTexture *video_posters_lookup (VideoPosters *self, const DeckBlock *block);
gboolean video_posters_is_ready (VideoPosters *self);

G_END_DECLS
