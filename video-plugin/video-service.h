/* video-service.h: org.libbridge.Video1 served over libbridge
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>

#include "video-player.h"

G_BEGIN_DECLS

#define VIDEO_TYPE_SERVICE (video_service_get_type ())
G_DECLARE_FINAL_TYPE (VideoService, video_service, VIDEO, SERVICE, GObject)

VideoService *video_service_new (BridgeService *service, VideoPlayer *player);

G_END_DECLS
