/* video-player.h: a GStreamer player that hands out raw frames
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/video/video.h>

#include "bridge-video-interface.h"

G_BEGIN_DECLS

/**
 * VideoPlayerState:
 * @VIDEO_PLAYER_STATE_IDLE: no media is open
 * @VIDEO_PLAYER_STATE_OPENING: an open is prerolling
 * @VIDEO_PLAYER_STATE_PAUSED: media open, not running
 * @VIDEO_PLAYER_STATE_PLAYING: media running
 * @VIDEO_PLAYER_STATE_ENDED: the end was reached (and looping is off)
 * @VIDEO_PLAYER_STATE_STOPPED: paused at the start after a stop
 * @VIDEO_PLAYER_STATE_ERROR: playback failed; media is closed
 *
 * The player's states; docs/VIDEO-INTERFACE.md, section 5, has the
 * transitions.
 */
typedef enum
{
  VIDEO_PLAYER_STATE_IDLE,
  VIDEO_PLAYER_STATE_OPENING,
  VIDEO_PLAYER_STATE_PAUSED,
  VIDEO_PLAYER_STATE_PLAYING,
  VIDEO_PLAYER_STATE_ENDED,
  VIDEO_PLAYER_STATE_STOPPED,
  VIDEO_PLAYER_STATE_ERROR,
} VideoPlayerState;

const char *video_player_state_to_string (VideoPlayerState state);

/**
 * VideoFrame:
 * @data: the first byte of the picture
 * @size: bytes from @data to the end of the picture
 * @width: width in pixels
 * @height: height in pixels
 * @stride: bytes from one row to the next
 * @format: the pixel layout (one of the packed 32-bit RGB formats)
 * @pts: position of the picture in the media (stream time) in ns, or -1
 * @duration: how long the picture shows in ns, or -1
 *
 * One decoded picture, valid only during the call it is handed to.
 */
typedef struct
{
  const guint8 *data;
  gsize size;
  guint width;
  guint height;
  guint stride;
  GstVideoFormat format;
  gint64 pts;
  gint64 duration;
} VideoFrame;

/**
 * VideoFrameFunc:
 * @frame: the picture, valid only during the call
 * @user_data: the data given to video_player_set_frame_func()
 *
 * Receives each picture, called from a GStreamer streaming thread; it
 * must not block.
 */
typedef void (*VideoFrameFunc) (const VideoFrame *frame, gpointer user_data);

/**
 * VIDEO_PLAYER_MAX_SIZE:
 *
 * Largest width or height of a delivered picture; bigger video is scaled
 * down to fit.
 */
#define VIDEO_PLAYER_MAX_SIZE 4096

#define VIDEO_TYPE_PLAYER (video_player_get_type ())
G_DECLARE_FINAL_TYPE (VideoPlayer, video_player, VIDEO, PLAYER, GObject)

VideoPlayer *video_player_new (void);
void video_player_set_frame_func (VideoPlayer *self,
                                  VideoFrameFunc func,
                                  gpointer user_data,
                                  GDestroyNotify destroy);
void video_player_set_open_timeout (VideoPlayer *self, guint timeout_ms);

void video_player_open_async (VideoPlayer *self,
                              const char *uri_or_path,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
void video_player_open_fd_async (
    VideoPlayer *self, int fd, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GVariant *video_player_open_finish (VideoPlayer *self, GAsyncResult *result, GError **error);
void video_player_close (VideoPlayer *self);

gboolean video_player_play (VideoPlayer *self, GError **error);
void video_player_pause_async (VideoPlayer *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean video_player_pause_finish (VideoPlayer *self, GAsyncResult *result, GError **error);
void video_player_stop_async (VideoPlayer *self,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean video_player_stop_finish (VideoPlayer *self, GAsyncResult *result, GError **error);
void video_player_seek_async (VideoPlayer *self,
                              gint64 position,
                              gboolean accurate,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean video_player_seek_finish (VideoPlayer *self, GAsyncResult *result, GError **error);

gboolean video_player_set_rate (VideoPlayer *self, double rate, GError **error);
void video_player_set_loop (VideoPlayer *self, gboolean loop);
gboolean video_player_set_volume (VideoPlayer *self, double volume, GError **error);
void video_player_set_mute (VideoPlayer *self, gboolean mute);
void video_player_set_sync (VideoPlayer *self, gboolean sync);
gboolean video_player_set_output (VideoPlayer *self,
                                  guint max_width,
                                  guint max_height,
                                  GstVideoFormat format,
                                  guint *out_width,
                                  guint *out_height,
                                  GError **error);

VideoPlayerState video_player_get_state (VideoPlayer *self);
gint64 video_player_get_position (VideoPlayer *self);
gint64 video_player_get_duration (VideoPlayer *self);
GVariant *video_player_describe_state (VideoPlayer *self);
GVariant *video_player_get_media_info (VideoPlayer *self);

void video_player_get_still_async (VideoPlayer *self,
                                   gint64 position,
                                   guint max_width,
                                   guint max_height,
                                   gsize max_bytes,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
GBytes *video_player_get_still_finish (VideoPlayer *self,
                                       GAsyncResult *result,
                                       VideoFrame *out_frame,
                                       GError **error);

G_END_DECLS
