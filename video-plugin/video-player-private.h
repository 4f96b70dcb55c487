/* video-player-private.h: what the video-player*.c files share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "video-player.h"
#include "video-pipeline.h"

G_BEGIN_DECLS

struct _VideoPlayer
{
  GObject parent_instance;

  GMainContext *context;
  GstElement *playbin;
  GstElement *capsfilter; /* borrowed from playbin */
  GstAppSink *appsink;    /* borrowed from playbin */
  GstElement *audio_sink; /* borrowed from playbin */
  GSource *bus_source;
  GSource *position_source;
  GSource *timeout_source;
  GSource *waiters_timeout;
  int audio_device; /* -1 not probed yet, 0 none, 1 works */

  char *uri;
  int media_fd; /* OpenFd's fd, owned, or -1 */
  VideoPlayerState state;
  GTask *open_task;
  GList *waiters; /* GTask, completed at the next ASYNC_DONE */
  gboolean target_playing;
  gboolean buffering;
  gboolean segment_applied;
  gboolean damage_reported;
  char *missing_video_codec;
  guint open_timeout_ms;

  double rate;
  gboolean loop;
  double volume;
  gboolean mute;
  gboolean sync;
  guint max_width;
  guint max_height;
  GstVideoFormat format;
  guint out_width;
  guint out_height;

  gboolean has_video;
  gboolean has_audio;
  gboolean seekable;
  gint64 duration;
  GstTagList *tags;
  GVariant *media_info;

  /* Shared with the streaming threads. */
  GMutex lock;
  GstBuffer *preroll_buffer;
  gint64 last_frame_end;
  VideoFrameFunc frame_func;
  gpointer frame_data;
  GDestroyNotify frame_destroy;
};

enum
{
  VIDEO_PLAYER_SIGNAL_STATE_CHANGED,
  VIDEO_PLAYER_SIGNAL_POSITION,
  VIDEO_PLAYER_SIGNAL_END_OF_STREAM,
  VIDEO_PLAYER_SIGNAL_ERROR,
  VIDEO_PLAYER_SIGNAL_BUFFERING,
  VIDEO_PLAYER_SIGNAL_MEDIA_INFO,
  VIDEO_PLAYER_N_SIGNALS
};

extern guint video_player_signals[VIDEO_PLAYER_N_SIGNALS];

/* video-player.c */
void video_player_change_state (VideoPlayer *self, VideoPlayerState state);
void video_player_teardown (VideoPlayer *self);
void video_player_complete_waiters (VideoPlayer *self, const GError *error);
void video_player_wait_for_preroll (VideoPlayer *self, GTask *task, gboolean pending);
gboolean video_player_do_seek (VideoPlayer *self, gint64 position, gboolean accurate, GError **error);
void video_player_reseek_here (VideoPlayer *self);
void video_player_apply_output_caps (VideoPlayer *self);
gboolean video_player_has_media (VideoPlayer *self);
gboolean video_player_require_media (VideoPlayer *self, GError **error);
void video_player_apply_sync (VideoPlayer *self);
void video_player_destroy_source (GSource **source);

/* video-player-bus.c */
void video_player_finish_open (VideoPlayer *self);
gboolean video_player_on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data);
gboolean video_player_on_open_timeout (gpointer user_data);

G_END_DECLS
