/* video-host.h: a host of the video plugin, for tests/test-video.c
 *
 * Starts libbridge-video-plugin through the registry and records what it
 * sends: events, frames (through a consumer on stream 0), the close.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bridge-test-util.h"
#include "bridge-video-interface.h"

G_BEGIN_DECLS

/* The sample media (video-plugin/media/meson.build): 320x180, 25 fps, 75
 * frames, a box at (16,16)-(95,75) red, then green, then blue, a second
 * each. */
#define SAMPLE_FRAMES 75
#define SAMPLE_WIDTH 320
#define SAMPLE_HEIGHT 180
#define GST_SECOND_NS G_GINT64_CONSTANT (1000000000)
#define FRAME_NS (GST_SECOND_NS / 25)
#define MS_NS G_GINT64_CONSTANT (1000000)
#define CALL_TIMEOUT_MS 30000
#define WAIT_MS 20000
/* Lossy codecs and colour conversion move a solid colour a little. */
#define COLOUR_TOLERANCE 48

typedef struct
{
  guint8 b, g, r;
} Colour;

static const Colour RED = { 0, 0, 255 };
static const Colour GREEN = { 0, 255, 0 };
static const Colour BLUE = { 255, 0, 0 };

typedef struct
{
  BridgeRegistry *registry;
  BridgeConnection *connection;
  BridgeFrameConsumer *consumer;
  GPtrArray *states; /* char*, from StateChanged */
  GPtrArray *errors; /* GError*, from Error */
  GArray *pts;       /* gint64, of every frame received */
  BridgeFrame *latest;
  guint n_eos;
  guint n_position;
  guint n_media_info;
  gboolean closed;
  BridgeCloseReason close_reason;
} Video;

/* The centre of the sample's coloured box. */
#define BOX_X 56
#define BOX_Y 46

/* An async call's outcome, filled in by video_on_reply(). */
typedef struct
{
  gboolean done;
  GVariant *reply;
  GError *error;
} AsyncReply;

void video_on_reply (GObject *source, GAsyncResult *result, gpointer user_data);

GQuark video_error_domain (void);
char *video_media_path (const char *name);

Video *video_start (void);
void video_free (Video *v);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Video, video_free)
int video_pid (Video *v);

GVariant *video_call (Video *v, const char *method, GVariant *args, GError **error);
GVariant *video_call_ok (Video *v, const char *method, GVariant *args);
void video_call_fails (Video *v, const char *method, GVariant *args, VideoError code);
void video_simple (Video *v, const char *method, GVariant *args);
GVariant *video_open (Video *v, const char *name);
void video_set_output (Video *v, guint width, guint height, guint *out_width, guint *out_height);
GVariant *video_state (Video *v);
guint64 video_state_u64 (Video *v, const char *key);

void video_drain_events (void);
gboolean video_got_eos (gpointer v);
gboolean video_got_error (gpointer v);
gboolean video_got_closed (gpointer v);
gboolean video_wait_frames (Video *v, guint n, guint timeout_ms);
gboolean video_wait_all_frames_in (Video *v, guint n, guint timeout_ms);
BridgeFrame *video_seek_and_get (Video *v, gint64 position);

void video_assert_colour_at (BridgeFrame *frame, guint x, guint y, Colour want, const char *what);
void video_check_sample_info (GVariant *info, const char *codec);

G_END_DECLS
