/* video-element-private.h: what video-element.c and video-transport.c share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "video-element.h"

G_BEGIN_DECLS

/* Timeouts are safety nets for a plugin that hangs, not measurements. */
#define VIDEO_CALL_TIMEOUT_MS 3000
#define VIDEO_OPEN_TIMEOUT_MS 10000
#define VIDEO_OUTPUT_MAX_WIDTH 1920
#define VIDEO_OUTPUT_MAX_HEIGHT 1080

/* What the message over the picture says, so that the right event
 * clears it. */
typedef enum
{
  VIDEO_MESSAGE_NONE,
  VIDEO_MESSAGE_RESTARTING, /* goes with the new instance's first picture */
  VIDEO_MESSAGE_ERROR,      /* stays */
} VideoMessageKind;

struct _VideoElement
{
  GObject parent_instance;

  BridgeRegistry *registry;
  DeckBlock *block;
  guint hang_timeout_ms;
  gboolean shared;           /* a running instance if there is one, not a fresh one */
  gulong plugins_changed_id; /* waiting for a video plugin to be installed */

  VideoElementState state;
  gboolean want_playing; /* what the presenter asked for, whatever the state */

  /* One plugin instance; replaced when it fails. */
  BridgeConnection *connection;
  BridgeFrameConsumer *consumer;
  GCancellable *cancellable; /* of the current instance's calls */
  int pid;
  gboolean ping_pending; /* a GetState is in flight */
  guint ping_id;
  guint restart_id;
  guint restarts; /* within the current window */
  gint64 restart_window_start;

  double position; /* seconds */
  double duration;
  double framerate;    /* frames a second; 0 unknown */
  guint seeks;         /* the presenter's Seeks in flight */
  double pending_seek; /* where to go once they land; < 0 nowhere */
  gboolean pending_accurate;
  double volume; /* 0 to 1 */
  gboolean muted;
  guint width, height;
  GdkTexture *texture;
  guint64 frames;
  VideoMessageKind message_kind;
  char *message;
  char *detail;
};

typedef void (*VideoReplyFunc) (VideoElement *self, GVariant *reply, const GError *error);

void video_element_set_state (VideoElement *self, VideoElementState state);
void video_element_status (VideoElement *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
void video_element_changed (VideoElement *self);
void video_element_set_message (VideoElement *self,
                                VideoMessageKind kind,
                                const char *message,
                                const char *detail);
void video_element_lose_plugin (VideoElement *self, const char *why);
void video_element_call (
    VideoElement *self, const char *method, GVariant *args, int timeout_ms, VideoReplyFunc func);
void video_element_call_with_fds (VideoElement *self,
                                  const char *method,
                                  GVariant *args,
                                  GUnixFDList *fds,
                                  int timeout_ms,
                                  VideoReplyFunc func);
void video_element_show_error (VideoElement *self, const GError *error);
void video_element_show_still (VideoElement *self);
void video_element_resume (VideoElement *self, GVariant *reply, const GError *error);
gboolean video_element_is_ready (VideoElement *self);
void video_element_picture_arrived (VideoElement *self, GdkTexture *texture, guint width, guint height);
void video_element_on_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, VideoElement *self);

G_END_DECLS
