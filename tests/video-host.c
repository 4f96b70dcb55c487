/* video-host.c: a host of the video plugin, for tests/test-video.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-host.h"

#include <math.h>
#include <string.h>

#include "bridge-activation-private.h"

GQuark
video_error_domain (void)
{
  return g_quark_from_static_string (VIDEO_ERROR_DOMAIN);
}

char *
video_media_path (const char *name)
{
  const char *dir = g_getenv ("BRIDGE_TEST_MEDIA");

  ck_assert_msg (dir != NULL, "BRIDGE_TEST_MEDIA is not set");
  return g_build_filename (dir, name, NULL);
}

/* --- the host side ----------------------------------------------------- */

static void
on_event (BridgeConnection *connection,
          const char *interface,
          const char *event,
          GVariant *args,
          GUnixFDList *fds,
          gpointer user_data)
{
  Video *v = user_data;

  if (g_strcmp0 (interface, VIDEO_INTERFACE_NAME) != 0)
    return;
  if (g_str_equal (event, "StateChanged"))
    {
      const char *state;

      g_variant_get (args, "(&s)", &state);
      g_ptr_array_add (v->states, g_strdup (state));
    }
  else if (g_str_equal (event, "Error"))
    {
      const char *domain, *message;
      int code;

      g_variant_get (args, "(&si&s)", &domain, &code, &message);
      g_ptr_array_add (v->errors, g_error_new_literal (g_quark_from_string (domain), code, message));
    }
  else if (g_str_equal (event, "EndOfStream"))
    v->n_eos++;
  else if (g_str_equal (event, "Position"))
    v->n_position++;
  else if (g_str_equal (event, "MediaInfo"))
    v->n_media_info++;
}

static void
on_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, gpointer user_data)
{
  Video *v = user_data;
  gint64 pts = bridge_frame_get_pts (frame);

  g_array_append_val (v->pts, pts);
  g_clear_pointer (&v->latest, bridge_frame_unref);
  v->latest = bridge_frame_ref (frame);
}

static void
on_closed (BridgeConnection *connection, BridgeCloseReason reason, const char *message, gpointer user_data)
{
  Video *v = user_data;

  v->closed = TRUE;
  v->close_reason = reason;
}

Video *
video_start (void)
{
  Video *v = g_new0 (Video, 1);
  g_autoptr (GError) error = NULL;
  BridgePluginInfo *info;

  v->registry = bridge_registry_new ();
  info = bridge_registry_find_by_interface (v->registry, VIDEO_INTERFACE_NAME);
  ck_assert_msg (info != NULL, "no plugin implements %s on %s", VIDEO_INTERFACE_NAME,
                 g_getenv ("LIBBRIDGE_PLUGIN_PATH"));
  v->connection
      = bridge_registry_connect_sync (v->registry, info, BRIDGE_CONNECT_FLAGS_NEW_INSTANCE, NULL, &error);
  ck_assert_msg (v->connection != NULL, "starting the video plugin: %s", error ? error->message : "?");
  ck_assert (bridge_connection_peer_implements (v->connection, VIDEO_INTERFACE_NAME));

  v->states = g_ptr_array_new_with_free_func (g_free);
  v->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  v->pts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (v->connection, "event", G_CALLBACK (on_event), v);
  g_signal_connect (v->connection, "closed", G_CALLBACK (on_closed), v);
  /* Before SetOutput, so it sees the ring (bridge_frame_consumer_new()). */
  v->consumer = bridge_frame_consumer_new (v->connection, VIDEO_FRAME_STREAM_ID);
  g_signal_connect (v->consumer, "frame", G_CALLBACK (on_frame), v);
  return v;
}

void
video_free (Video *v)
{
  g_signal_handlers_disconnect_by_data (v->consumer, v);
  g_signal_handlers_disconnect_by_data (v->connection, v);
  g_clear_pointer (&v->latest, bridge_frame_unref);
  g_clear_object (&v->consumer);
  bridge_connection_close (v->connection);
  g_clear_object (&v->connection);
  g_clear_object (&v->registry);
  g_ptr_array_unref (v->states);
  g_ptr_array_unref (v->errors);
  g_array_unref (v->pts);
  g_free (v);
}

GVariant *
video_call (Video *v, const char *method, GVariant *args, GError **error)
{
  return bridge_connection_call_sync (v->connection, VIDEO_INTERFACE_NAME, method, args, NULL, NULL,
                                      CALL_TIMEOUT_MS, NULL, error);
}

GVariant *
video_call_ok (Video *v, const char *method, GVariant *args)
{
  g_autoptr (GError) error = NULL;
  GVariant *reply = video_call (v, method, args, &error);

  ck_assert_msg (reply != NULL, "%s failed: %s", method, error ? error->message : "?");
  return reply;
}

void
video_call_fails (Video *v, const char *method, GVariant *args, VideoError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = video_call (v, method, args, &error);

  ck_assert_msg (reply == NULL, "%s succeeded; expected error %d", method, code);
  ck_assert_msg (g_error_matches (error, video_error_domain (), code),
                 "%s: expected %s code %d, got %s code %d: %s", method, VIDEO_ERROR_DOMAIN, code,
                 g_quark_to_string (error->domain), error->code, error->message);
  ck_assert_msg (error->message[0] != '\0', "%s: empty error message", method);
}

GVariant *
video_open (Video *v, const char *name)
{
  g_autofree char *path = video_media_path (name);
  g_autoptr (GVariant) reply = video_call_ok (v, "Open", g_variant_new ("(s)", path));
  GVariant *info = NULL;

  g_variant_get (reply, "(@a{sv})", &info);
  return info;
}

void
video_set_output (Video *v, guint width, guint height, guint *out_width, guint *out_height)
{
  g_autoptr (GVariant) reply
      = video_call_ok (v, "SetOutput", g_variant_new ("(uuu)", width, height, BRIDGE_FRAME_FORMAT_BGRA));

  g_variant_get (reply, "(uu)", out_width, out_height);
}

void
video_simple (Video *v, const char *method, GVariant *args)
{
  g_autoptr (GVariant) reply = video_call_ok (v, method, args);
}

GVariant *
video_state (Video *v)
{
  g_autoptr (GVariant) reply = video_call_ok (v, "GetState", NULL);
  GVariant *state = NULL;

  g_variant_get (reply, "(@a{sv})", &state);
  return state;
}

guint64
video_state_u64 (Video *v, const char *key)
{
  g_autoptr (GVariant) state = video_state (v);
  guint64 value = 0;

  ck_assert_msg (g_variant_lookup (state, key, "t", &value), "GetState has no %s", key);
  return value;
}

/* The plugin's pid. Not bridge_connection_get_peer_pid(): the credentials
 * of a socketpair name the process that made it, the host. */
int
video_pid (Video *v)
{
  GSubprocess *proc = bridge_registry_get_subprocess (v->connection);

  ck_assert_msg (proc != NULL, "the registry did not start the plugin itself");
  return (int) g_ascii_strtoll (g_subprocess_get_identifier (proc), NULL, 10);
}

/* A sync call leaves the events that came meanwhile queued; hand them out. */
void
video_drain_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

gboolean
video_got_eos (gpointer data)
{
  return ((Video *) data)->n_eos > 0;
}

gboolean
video_got_error (gpointer data)
{
  return ((Video *) data)->errors->len > 0;
}

gboolean
video_got_closed (gpointer data)
{
  return ((Video *) data)->closed;
}

typedef struct
{
  Video *v;
  guint n;
} FrameCount;

static gboolean
got_frames (gpointer data)
{
  FrameCount *fc = data;

  return fc->v->pts->len >= fc->n;
}

/* Waits until @n frames in all have arrived. */
gboolean
video_wait_frames (Video *v, guint n, guint timeout_ms)
{
  FrameCount fc = { v, n };

  return bridge_test_wait_until (got_frames, &fc, timeout_ms);
}

/* Frames are all in once the consumer accounted for every push. */
static gboolean
all_frames_in (gpointer data)
{
  FrameCount *fc = data;

  return bridge_frame_consumer_get_received (fc->v->consumer)
             + bridge_frame_consumer_get_dropped (fc->v->consumer)
         >= fc->n;
}

/* Waits until the consumer received, or counted as dropped, @n frames. */
gboolean
video_wait_all_frames_in (Video *v, guint n, guint timeout_ms)
{
  FrameCount fc = { v, n };

  return bridge_test_wait_until (all_frames_in, &fc, timeout_ms);
}

void
video_assert_colour_at (BridgeFrame *frame, guint x, guint y, Colour want, const char *what)
{
  guint width = bridge_frame_get_width (frame), height = bridge_frame_get_height (frame);
  guint fx = x * width / SAMPLE_WIDTH, fy = y * height / SAMPLE_HEIGHT;
  gsize size;
  const guint8 *data = bridge_frame_get_data (frame, &size);
  const guint8 *p;

  ck_assert_uint_eq (bridge_frame_get_format (frame), BRIDGE_FRAME_FORMAT_BGRA);
  ck_assert ((gsize) fy * bridge_frame_get_stride (frame) + fx * 4 + 4 <= size);
  p = data + (gsize) fy * bridge_frame_get_stride (frame) + fx * 4;
  ck_assert_msg (abs (p[0] - want.b) <= COLOUR_TOLERANCE && abs (p[1] - want.g) <= COLOUR_TOLERANCE
                     && abs (p[2] - want.r) <= COLOUR_TOLERANCE,
                 "%s: pixel (%u,%u) of the frame at %" G_GINT64_FORMAT " ns is r%d g%d b%d, "
                 "expected r%d g%d b%d",
                 what, fx, fy, bridge_frame_get_pts (frame), p[2], p[1], p[0], want.r, want.g, want.b);
}

/* Seeks accurately (paused) and returns the picture that lands. */
BridgeFrame *
video_seek_and_get (Video *v, gint64 position)
{
  guint before = v->pts->len;

  video_simple (v, "Seek", g_variant_new ("(xb)", position, TRUE));
  ck_assert_msg (video_wait_frames (v, before + 1, WAIT_MS), "no picture after seeking to %" G_GINT64_FORMAT,
                 position);
  return bridge_frame_ref (v->latest);
}

void
video_check_sample_info (GVariant *info, const char *codec)
{
  gint64 duration = 0;
  guint32 width = 0, height = 0;
  double framerate = 0;
  gboolean has_video = FALSE, has_audio = FALSE, seekable = FALSE;
  const char *video_codec = "", *audio_codec = "";
  g_autoptr (GVariant) tags = NULL;

  ck_assert (g_variant_lookup (info, "duration", "x", &duration));
  ck_assert_msg (duration == 3 * GST_SECOND_NS, "duration %" G_GINT64_FORMAT ", expected 3 s", duration);
  ck_assert (g_variant_lookup (info, "width", "u", &width));
  ck_assert (g_variant_lookup (info, "height", "u", &height));
  ck_assert_msg (width == SAMPLE_WIDTH && height == SAMPLE_HEIGHT, "size %ux%u", width, height);
  ck_assert (g_variant_lookup (info, "framerate", "d", &framerate));
  ck_assert_msg (fabs (framerate - 25.0) < 0.01, "framerate %g", framerate);
  ck_assert (g_variant_lookup (info, "has-video", "b", &has_video) && has_video);
  ck_assert (g_variant_lookup (info, "has-audio", "b", &has_audio) && has_audio);
  ck_assert (g_variant_lookup (info, "seekable", "b", &seekable) && seekable);
  ck_assert (g_variant_lookup (info, "video-codec", "&s", &video_codec));
  ck_assert_msg (strstr (video_codec, codec) != NULL, "video-codec '%s', expected %s", video_codec, codec);
  ck_assert (g_variant_lookup (info, "audio-codec", "&s", &audio_codec));
  ck_assert_msg (strstr (audio_codec, "Vorbis") != NULL, "audio-codec '%s'", audio_codec);
  tags = g_variant_lookup_value (info, "tags", G_VARIANT_TYPE_VARDICT);
  ck_assert_msg (tags != NULL, "media info has no tags dictionary");
}

void
video_on_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncReply *r = user_data;

  r->reply = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, NULL, &r->error);
  r->done = TRUE;
}
