/* bridge-video-interface.h: names and error codes of org.libbridge.Video1
 *
 * The wire contract of the video plugin, spelled out in
 * docs/VIDEO-INTERFACE.md, shared by the plugin and its hosts: neither
 * includes the other (docs/ARCHITECTURE.md). This header needs only GLib,
 * so a host can use the constants without pulling in GStreamer, and
 * includes nothing of libbridge: it can be used alone. It is installed as
 * <includedir>/libbridge-1.0/interfaces/bridge-video-interface.h; with the
 * flags of `pkg-config --cflags libbridge-1.0`, include it as
 * <interfaces/bridge-video-interface.h>.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VIDEO_INTERFACE_NAME:
 *
 * The interface the video plugin implements. The trailing number is the
 * major version: an incompatible change gets a new name.
 *
 * Since: 0.1
 */
#define VIDEO_INTERFACE_NAME "org.libbridge.Video1"

/**
 * VIDEO_INTERFACE_MINOR:
 *
 * Minor version of %VIDEO_INTERFACE_NAME, reported by GetState as
 * "interface-minor"; bumped when methods, events or keys are added.
 *
 * Since: 0.1
 */
#define VIDEO_INTERFACE_MINOR 1

/**
 * VIDEO_ERROR_DOMAIN:
 *
 * The error domain string the plugin's errors travel with.
 *
 * Since: 0.1
 */
#define VIDEO_ERROR_DOMAIN "org.libbridge.Video1.Error"

/**
 * VIDEO_FRAME_STREAM_ID:
 *
 * The frame ring stream id on which decoded pictures flow.
 *
 * Since: 0.1
 */
#define VIDEO_FRAME_STREAM_ID 0

/**
 * VideoError:
 * @VIDEO_ERROR_FAILED: anything not covered below
 * @VIDEO_ERROR_NOT_FOUND: the file does not exist or cannot be read
 * @VIDEO_ERROR_NOT_MEDIA: not a media file (a directory, text, an unknown
 *   container)
 * @VIDEO_ERROR_UNSUPPORTED_CODEC: no decoder for the video codec
 * @VIDEO_ERROR_UNSUPPORTED_URI: no source handles the URI scheme
 * @VIDEO_ERROR_NETWORK: a network resource cannot be reached or read
 * @VIDEO_ERROR_DAMAGED: the media is corrupt or truncated
 * @VIDEO_ERROR_TIMED_OUT: opening or a still frame took too long
 * @VIDEO_ERROR_NOT_OPEN: the method needs open media
 * @VIDEO_ERROR_NO_VIDEO: the media has no video stream
 * @VIDEO_ERROR_INVALID_ARGUMENT: an argument is out of range
 * @VIDEO_ERROR_NOT_SEEKABLE: the media cannot seek
 * @VIDEO_ERROR_CANCELLED: a newer Open or Close superseded the call
 *
 * Error codes of the %VIDEO_ERROR_DOMAIN domain. Values travel on the
 * wire and are never renumbered.
 *
 * Since: 0.1
 */
typedef enum
{
  VIDEO_ERROR_FAILED = 0,
  VIDEO_ERROR_NOT_FOUND = 1,
  VIDEO_ERROR_NOT_MEDIA = 2,
  VIDEO_ERROR_UNSUPPORTED_CODEC = 3,
  VIDEO_ERROR_UNSUPPORTED_URI = 4,
  VIDEO_ERROR_NETWORK = 5,
  VIDEO_ERROR_DAMAGED = 6,
  VIDEO_ERROR_TIMED_OUT = 7,
  VIDEO_ERROR_NOT_OPEN = 8,
  VIDEO_ERROR_NO_VIDEO = 9,
  VIDEO_ERROR_INVALID_ARGUMENT = 10,
  VIDEO_ERROR_NOT_SEEKABLE = 11,
  VIDEO_ERROR_CANCELLED = 12,
} VideoError;

/**
 * video_error_quark:
 *
 * The error domain of %VIDEO_ERROR_DOMAIN: errors the plugin sends arrive
 * in it (libbridge interns the domain string a reply names).
 *
 * Returns: the #GQuark of %VIDEO_ERROR_DOMAIN
 *
 * Since: 0.1
 */
/* Inline, so that this header is all a host needs: the quark is the
 * interned string, the same from every copy. */
static inline G_DEFINE_QUARK (org.libbridge.Video1.Error, video_error)

/**
 * VIDEO_ERROR:
 *
 * The #GQuark of %VIDEO_ERROR_DOMAIN.
 *
 * Since: 0.1
 */
#define VIDEO_ERROR (video_error_quark ())

    G_END_DECLS
