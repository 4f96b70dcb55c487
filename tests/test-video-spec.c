/* test-video-spec.c: the requirements of docs/VIDEO-INTERFACE.md that
 * tests/test-video.c does not prove
 *
 * Each case names the sections of VIDEO-INTERFACE.md it proves, as
 * tests/spec-coverage.txt lists them. Like test-video.c, every case starts
 * the real libbridge-video-plugin through the registry and plays the media
 * made at build time (BRIDGE_TEST_MEDIA).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "video-host.h"

/* --- helpers ------------------------------------------------------------------- */

static void
call_async (Video *v, const char *method, GVariant *args, AsyncReply *r)
{
  bridge_connection_call_async (v->connection, VIDEO_INTERFACE_NAME, method, args, NULL, CALL_TIMEOUT_MS,
                                NULL, video_on_reply, r);
}

static void
async_reply_clear (AsyncReply *r)
{
  g_clear_pointer (&r->reply, g_variant_unref);
  g_clear_error (&r->error);
}

static const char *
state_name (Video *v)
{
  g_autoptr (GVariant) state = video_state (v);
  const char *name = NULL;

  ck_assert (g_variant_lookup (state, "state", "&s", &name));
  return g_intern_string (name);
}

/* A TCP server that accepts and then says nothing: an Open of it stays in
 * "opening" until the open timeout. */
static GSocket *
silent_server (char **uri)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr (GSocketAddress) bound = NULL;
  GSocket *listener
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  ck_assert_msg (listener != NULL, "socket: %s", error ? error->message : "?");
  ck_assert_msg (g_socket_bind (listener, address, TRUE, &error) && g_socket_listen (listener, &error),
                 "listening on 127.0.0.1: %s", error->message);
  bound = g_socket_get_local_address (listener, &error);
  *uri = g_strdup_printf ("http://127.0.0.1:%u/silent.webm",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return listener;
}

/* The pixel at (@x, @y) of the sample, scaled, as r g b whatever the
 * byte order of @format; the fourth byte in @alpha. */
static void
pixel_at (const guint8 *data,
          guint stride,
          guint width,
          guint height,
          BridgeFrameFormat format,
          guint x,
          guint y,
          int rgb[3],
          int *alpha)
{
  const guint8 *p = data + (gsize) (y * height / SAMPLE_HEIGHT) * stride + (x * width / SAMPLE_WIDTH) * 4;
  gboolean bgr = format == BRIDGE_FRAME_FORMAT_BGRA || format == BRIDGE_FRAME_FORMAT_BGRX;

  rgb[0] = bgr ? p[2] : p[0];
  rgb[1] = p[1];
  rgb[2] = bgr ? p[0] : p[2];
  *alpha = p[3];
}

static void
assert_red (const int rgb[3], const char *what)
{
  ck_assert_msg (abs (rgb[0] - 255) <= COLOUR_TOLERANCE && rgb[1] <= COLOUR_TOLERANCE
                     && rgb[2] <= COLOUR_TOLERANCE,
                 "%s: the box is r%d g%d b%d, not red", what, rgb[0], rgb[1], rgb[2]);
}

/* --- section 4: pictures ---------------------------------------------------------- */

static void
count_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* VIDEO-INTERFACE.md section 4: the host MUST create its consumer before
 * SetOutput. One made after the first picture misses the ring and sees
 * nothing until a new size announces a new one. */
START_TEST (test_consumer_before_set_output)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  g_autoptr (BridgeFrameConsumer) late = NULL;
  guint width, height, late_frames = 0;

  /* No consumer when the first picture announces the ring. */
  g_signal_handlers_disconnect_by_data (v->consumer, v);
  g_clear_object (&v->consumer);
  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  ck_assert_uint_ge (video_state_u64 (v, "frames-pushed"), 1);

  late = bridge_frame_consumer_new (v->connection, VIDEO_FRAME_STREAM_ID);
  g_signal_connect (late, "frame", G_CALLBACK (count_frame), &late_frames);
  video_simple (v, "Seek", g_variant_new ("(xb)", 1000 * MS_NS, TRUE));
  video_drain_events ();
  ck_assert_uint_ge (video_state_u64 (v, "frames-pushed"), 2);
  video_drain_events ();
  ck_assert_msg (late_frames == 0, "a consumer that missed the ring got %u frames", late_frames);

  /* A new size is a new ring: from then on the late consumer sees frames. */
  video_set_output (v, 160, 160, &width, &height);
  ck_assert_msg (bridge_test_wait_for ((gboolean *) &late_frames, WAIT_MS),
                 "no frame after the new ring either");
  g_signal_handlers_disconnect_by_data (late, &late_frames);
  v->consumer = g_steal_pointer (&late); /* video_free() drops it */
}
END_TEST

/* VIDEO-INTERFACE.md section 4: until SetOutput the plugin MUST NOT send
 * any picture, even playing a whole video. */
START_TEST (test_no_pictures_before_set_output)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;

  video_simple (v, "SetSync", g_variant_new ("(b)", FALSE));
  info = video_open (v, "sample-vp8.webm");
  video_simple (v, "Play", NULL);
  ck_assert_msg (bridge_test_wait_until (video_got_eos, v, WAIT_MS), "no EndOfStream");
  ck_assert_uint_eq (video_state_u64 (v, "frames-pushed"), 0);
  video_drain_events ();
  ck_assert_msg (v->pts->len == 0, "%u pictures before SetOutput", v->pts->len);
}
END_TEST

/* VIDEO-INTERFACE.md section 4 (format, alpha opaque) and section 6.12
 * (the picture showing is sent again in the new format; a format outside
 * the four fails) and section 6.13 (a still in the SetOutput format, rows
 * packed). */
START_TEST (test_formats)
{
  static const BridgeFrameFormat formats[] = {
    BRIDGE_FRAME_FORMAT_RGBA,
    BRIDGE_FRAME_FORMAT_BGRX,
    BRIDGE_FRAME_FORMAT_RGBX,
    BRIDGE_FRAME_FORMAT_BGRA,
  };
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  guint width, height;

  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-theora.ogv");
  ck_assert (video_wait_frames (v, 1, WAIT_MS));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr (GVariant) reply = NULL;
      g_autoptr (GVariant) still = NULL;
      g_autoptr (GVariant) pixels = NULL;
      guint before = v->pts->len, stride, format;
      const guint8 *data;
      gsize size;
      int rgb[3], alpha;
      gboolean has_alpha = formats[i] == BRIDGE_FRAME_FORMAT_RGBA || formats[i] == BRIDGE_FRAME_FORMAT_BGRA;

      reply = video_call_ok (v, "SetOutput", g_variant_new ("(uuu)", 0, 0, formats[i]));
      ck_assert_msg (video_wait_frames (v, before + 1, WAIT_MS), "format %u: the picture was not sent again",
                     formats[i]);
      ck_assert_uint_eq (bridge_frame_get_format (v->latest), formats[i]);
      data = bridge_frame_get_data (v->latest, &size);
      pixel_at (data, bridge_frame_get_stride (v->latest), bridge_frame_get_width (v->latest),
                bridge_frame_get_height (v->latest), formats[i], BOX_X, BOX_Y, rgb, &alpha);
      assert_red (rgb, "frame");
      if (has_alpha)
        ck_assert_msg (alpha == 255, "format %u: alpha %d", formats[i], alpha);
      /* Alpha is opaque everywhere, the black background too. */
      pixel_at (data, bridge_frame_get_stride (v->latest), bridge_frame_get_width (v->latest),
                bridge_frame_get_height (v->latest), formats[i], SAMPLE_WIDTH - 1, SAMPLE_HEIGHT - 1, rgb,
                &alpha);
      if (has_alpha)
        ck_assert_msg (alpha == 255, "format %u: alpha %d in a corner", formats[i], alpha);

      still = video_call_ok (v, "GetStill", g_variant_new ("(xuu)", (gint64) 0, 160, 0));
      g_variant_get (still, "(uuuu@ay)", &width, &height, &stride, &format, &pixels);
      ck_assert_uint_eq (format, formats[i]);
      ck_assert_msg (width == 160 && height == 90, "still fit into 160 wide is %ux%u", width, height);
      ck_assert_uint_eq (stride, width * 4);
      ck_assert_uint_eq (g_variant_get_size (pixels), (gsize) stride * height);
      pixel_at (g_variant_get_data (pixels), stride, width, height, formats[i], BOX_X, BOX_Y, rgb, &alpha);
      assert_red (rgb, "still");
      if (has_alpha)
        ck_assert_msg (alpha == 255, "format %u: still alpha %d", formats[i], alpha);
    }
  video_call_fails (v, "SetOutput", g_variant_new ("(uuu)", 0, 0, 5), VIDEO_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* VIDEO-INTERFACE.md section 4: a slow host MUST NOT slow decoding down.
 * This host reads nothing while the whole video plays: the plugin still
 * reaches the end, having pushed every picture, and the host finds the
 * ones it missed counted as dropped. */
START_TEST (test_slow_host)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  guint width, height, opened;
  guint64 pushed;

  video_simple (v, "SetSync", g_variant_new ("(b)", FALSE));
  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  video_drain_events ();
  opened = v->pts->len;
  ck_assert_uint_ge (opened, 1);
  video_simple (v, "Play", NULL);
  /* Blocking calls only: the frames wait, unread, in the default context. */
  while (state_name (v) != g_intern_static_string ("ended"))
    {
      ck_assert_msg (g_get_monotonic_time () < deadline, "the plugin waited for a host that does not read");
      g_usleep (50 * 1000);
    }
  pushed = video_state_u64 (v, "frames-pushed");
  ck_assert_uint_ge (pushed, SAMPLE_FRAMES);
  ck_assert_msg (v->pts->len < opened + 10, "the host read %u frames meanwhile", v->pts->len - opened);
  ck_assert_uint_ge (video_state_u64 (v, "frames-dropped"), 1);

  ck_assert (video_wait_all_frames_in (v, pushed, WAIT_MS));
  ck_assert_uint_lt (v->pts->len, SAMPLE_FRAMES);
  ck_assert_uint_ge (bridge_frame_consumer_get_dropped (v->consumer), 1);
}
END_TEST

/* --- sections 5 to 7: states, methods, events --------------------------------------- */

typedef struct
{
  GString *log;         /* "opening paused MediaInfo playing ..." */
  const char *state;    /* the last StateChanged */
  guint positions;      /* Position events while playing */
  guint stray;          /* Position events in any other state */
  GVariant *media_info; /* the last MediaInfo */
} Events;

static void
on_event (BridgeConnection *connection,
          const char *interface,
          const char *event,
          GVariant *args,
          GUnixFDList *fds,
          gpointer user_data)
{
  Events *e = user_data;

  if (g_str_equal (event, "StateChanged"))
    {
      const char *state;

      g_variant_get (args, "(&s)", &state);
      e->state = g_intern_string (state);
      g_string_append_printf (e->log, "%s ", state);
    }
  else if (g_str_equal (event, "Position"))
    {
      if (e->state == g_intern_static_string ("playing"))
        e->positions++;
      else
        e->stray++;
    }
  else if (g_str_equal (event, "EndOfStream") || g_str_equal (event, "Error"))
    g_string_append_printf (e->log, "%s ", event);
  else if (g_str_equal (event, "MediaInfo"))
    {
      g_string_append (e->log, "MediaInfo ");
      g_clear_pointer (&e->media_info, g_variant_unref);
      g_variant_get (args, "(@a{sv})", &e->media_info);
    }
}

static gboolean
got_eos_count (gpointer data)
{
  Video *v = ((gpointer *) data)[0];

  return v->n_eos >= GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

static void
wait_eos (Video *v, guint n)
{
  gpointer data[2] = { v, GUINT_TO_POINTER (n) };

  ck_assert_msg (bridge_test_wait_until (got_eos_count, data, WAIT_MS), "no EndOfStream %u", n);
}

/* VIDEO-INTERFACE.md §7: StateChanged on every change and only then,
 * Position every 100 ms while playing and never otherwise, ended then
 * EndOfStream, MediaInfo as Open's reply. Also §5 (the states), §4 and
 * §6.12 (SetOutput while stopped sends the picture again), §6.2 (Close),
 * §6.3 (Play from ended restarts at 0), §6.4 (Pause keeps ended), §6.5
 * (Stop has sent the first picture when it replies) and §6.6 (Seek from
 * stopped or ended pauses). */
START_TEST (test_states_and_events)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  Events e = { g_string_new (NULL), NULL, 0, 0, NULL };
  guint width, height, before, expected;
  gint64 started;

  g_signal_connect (v->connection, "event", G_CALLBACK (on_event), &e);
  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  video_drain_events ();
  ck_assert_msg (e.media_info != NULL && g_variant_equal (e.media_info, info),
                 "MediaInfo is not Open's reply");

  /* In real time: a Position event every 100 ms of the 3 s. */
  started = g_get_monotonic_time ();
  video_simple (v, "Play", NULL);
  wait_eos (v, 1);
  expected = (guint) ((g_get_monotonic_time () - started) / (100 * G_TIME_SPAN_MILLISECOND));
  ck_assert_msg (e.positions >= 20 && e.positions + 3 >= expected && e.positions <= expected + 2,
                 "%u Position events in %u00 ms of playing", e.positions, expected);
  video_simple (v, "Pause", NULL);
  ck_assert_str_eq (state_name (v), "ended");

  before = v->pts->len;
  video_simple (v, "Play", NULL);
  ck_assert (video_wait_frames (v, before + 1, WAIT_MS));
  ck_assert_int_eq (g_array_index (v->pts, gint64, before), 0);
  video_simple (v, "Pause", NULL);
  before = v->pts->len;
  video_simple (v, "Stop", NULL);
  ck_assert_str_eq (state_name (v), "stopped");
  video_drain_events ();
  ck_assert_msg (v->pts->len > before && bridge_frame_get_pts (v->latest) == 0,
                 "Stop replied before the first picture was sent (%u new, the last at %" G_GINT64_FORMAT
                 " ns)",
                 v->pts->len - before, v->latest ? bridge_frame_get_pts (v->latest) : -1);
  before = v->pts->len;
  video_set_output (v, 160, 160, &width, &height);
  ck_assert_msg (video_wait_frames (v, before + 1, WAIT_MS), "SetOutput while stopped sent no picture");
  ck_assert_int_eq (bridge_frame_get_pts (v->latest), 0);
  ck_assert_uint_eq (bridge_frame_get_width (v->latest), 160);
  video_simple (v, "Seek", g_variant_new ("(xb)", 500 * MS_NS, TRUE));

  video_simple (v, "SetSync", g_variant_new ("(b)", FALSE));
  video_simple (v, "Play", NULL);
  wait_eos (v, 2);
  video_simple (v, "Seek", g_variant_new ("(xb)", 500 * MS_NS, TRUE));
  ck_assert_str_eq (state_name (v), "paused");

  video_drain_events ();
  g_usleep (300 * 1000); /* a Position tick would have come by now */
  video_drain_events ();
  ck_assert_msg (e.stray == 0, "%u Position events while not playing", e.stray);

  video_simple (v, "Close", NULL);
  ck_assert_str_eq (state_name (v), "idle");
  video_drain_events ();
  ck_assert_str_eq (e.log->str, "opening paused MediaInfo playing ended EndOfStream playing paused stopped "
                                "paused playing ended EndOfStream paused idle ");

  g_signal_handlers_disconnect_by_data (v->connection, &e);
  g_string_free (e.log, TRUE);
  g_clear_pointer (&e.media_info, g_variant_unref);
}
END_TEST

/* VIDEO-INTERFACE.md section 5: Open is accepted in every state with
 * media, and section 6.1: it replies paused on the first picture (pts 0). */
START_TEST (test_open_in_every_state)
{
  g_autoptr (Video) v = video_start ();
  guint width, height;

  video_simple (v, "SetSync", g_variant_new ("(b)", FALSE));
  video_set_output (v, 0, 0, &width, &height);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (GVariant) info = NULL;
      guint before;

      /* From idle, paused, playing, stopped, ended. */
      if (i == 2)
        video_simple (v, "Play", NULL);
      else if (i == 3)
        video_simple (v, "Stop", NULL);
      else if (i == 4)
        {
          video_simple (v, "Play", NULL);
          wait_eos (v, 1);
        }
      video_drain_events ();
      before = v->pts->len;
      info = video_open (v, i % 2 ? "sample-theora.ogv" : "sample-vp8.webm");
      ck_assert_str_eq (state_name (v), "paused");
      ck_assert_msg (video_wait_frames (v, before + 1, WAIT_MS), "Open %u showed no picture", i);
      ck_assert_int_eq (bridge_frame_get_pts (v->latest), 0);
    }
}
END_TEST

/* VIDEO-INTERFACE.md §5: while opening, Seek, Stop and GetStill fail
 * with NOT_OPEN, Play and Pause are accepted; a newer Open, or Close,
 * cancels a pending Open (CANCELLED, §8), and Close leaves it idle (§6.2). */
START_TEST (test_while_opening)
{
  g_autofree char *uri = NULL;
  g_autoptr (GSocket) listener = silent_server (&uri);
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  AsyncReply open = { 0 };

  call_async (v, "Open", g_variant_new ("(s)", uri), &open);
  video_simple (v, "Play", NULL); /* in order after Open: the plugin is opening */
  ck_assert_str_eq (state_name (v), "opening");
  video_call_fails (v, "Seek", g_variant_new ("(xb)", (gint64) 0, TRUE), VIDEO_ERROR_NOT_OPEN);
  video_call_fails (v, "Stop", NULL, VIDEO_ERROR_NOT_OPEN);
  video_call_fails (v, "GetStill", g_variant_new ("(xuu)", (gint64) 0, 0, 0), VIDEO_ERROR_NOT_OPEN);
  video_simple (v, "Pause", NULL);
  ck_assert (!open.done);

  info = video_open (v, "sample-vp8.webm");
  ck_assert (bridge_test_wait_for (&open.done, WAIT_MS));
  ck_assert_msg (g_error_matches (open.error, video_error_domain (), VIDEO_ERROR_CANCELLED),
                 "the Open a newer one replaced: %s", open.error ? open.error->message : "succeeded");
  async_reply_clear (&open);
  open.done = FALSE;

  call_async (v, "Open", g_variant_new ("(s)", uri), &open);
  video_simple (v, "Close", NULL);
  ck_assert (bridge_test_wait_for (&open.done, WAIT_MS));
  ck_assert_msg (g_error_matches (open.error, video_error_domain (), VIDEO_ERROR_CANCELLED),
                 "the Open Close replaced: %s", open.error ? open.error->message : "succeeded");
  async_reply_clear (&open);
  ck_assert_str_eq (state_name (v), "idle");

  /* In idle (and error), Play and Pause need media. */
  video_call_fails (v, "Play", NULL, VIDEO_ERROR_NOT_OPEN);
  video_call_fails (v, "Pause", NULL, VIDEO_ERROR_NOT_OPEN);
  video_call_fails (v, "Stop", NULL, VIDEO_ERROR_NOT_OPEN);
}
END_TEST

static gboolean
moved_on (gpointer data)
{
  Video *v = data;

  return v->latest != NULL && bridge_frame_get_pts (v->latest) > 0;
}

/* VIDEO-INTERFACE.md section 6.4: Pause while opening cancels a Play sent
 * meanwhile: the media opens paused and never plays. */
START_TEST (test_pause_while_opening)
{
  g_autoptr (Video) v = video_start ();
  g_autofree char *path = video_media_path ("sample-vp8.webm");
  AsyncReply open = { 0 };
  guint width, height;

  video_set_output (v, 0, 0, &width, &height);
  call_async (v, "Open", g_variant_new ("(s)", path), &open);
  video_simple (v, "Play", NULL);
  video_simple (v, "Pause", NULL);
  ck_assert (bridge_test_wait_for (&open.done, WAIT_MS));
  ck_assert_msg (open.reply != NULL, "Open failed: %s", open.error ? open.error->message : "?");
  async_reply_clear (&open);
  /* Waiting for something that must not happen: a watchdog, not a timer. */
  ck_assert_msg (!bridge_test_wait_until (moved_on, v, 500),
                 "it played: a picture at %" G_GINT64_FORMAT " ns", bridge_frame_get_pts (v->latest));
  ck_assert_str_eq (state_name (v), "paused");
  for (guint i = 0; i < v->states->len; i++)
    ck_assert_str_ne (g_ptr_array_index (v->states, i), "playing");
}
END_TEST

/* VIDEO-INTERFACE.md section 6.6: Seek replies once the new picture has
 * been sent, paused or playing, and section 4: after an accurate seek the first picture's
 * pts is the position asked. */
START_TEST (test_seek_reply_after_picture)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  const gint64 targets[] = { 1210 * MS_NS, 40 * MS_NS, 2999 * MS_NS, 0, 1999 * MS_NS };
  guint width, height;

  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  video_drain_events ();
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      guint before = v->pts->len;

      video_simple (v, "Seek", g_variant_new ("(xb)", targets[i], TRUE));
      /* Ahead of the reply on the socket, no waiting (PROTOCOL.md section 5.2). */
      video_drain_events ();
      ck_assert_msg (v->pts->len == before + 1, "seek to %" G_GINT64_FORMAT ": %u pictures by its reply",
                     targets[i], v->pts->len - before);
      ck_assert_int_eq (bridge_frame_get_pts (v->latest), targets[i]);
    }
  /* While playing too; playing goes on (the reply waits for the preroll
   * only, not for a PLAYING that follows it). */
  video_simple (v, "Play", NULL);
  for (guint i = 0; i < 3; i++)
    {
      guint before = v->pts->len;

      video_simple (v, "Seek", g_variant_new ("(xb)", (gint64) (i + 1) * 500 * MS_NS, TRUE));
      video_drain_events ();
      ck_assert_uint_gt (v->pts->len, before);
      ck_assert_int_ge (bridge_frame_get_pts (v->latest), (gint64) (i + 1) * 500 * MS_NS);
      ck_assert_str_eq (state_name (v), "playing");
    }
}
END_TEST

/* --- dictionaries, errors ------------------------------------------------------------ */

static void
assert_keys (GVariant *dict, const char *const *keys, const char *what)
{
  for (guint i = 0; keys[i] != NULL; i += 2)
    {
      g_autoptr (GVariant) value = g_variant_lookup_value (dict, keys[i], NULL);

      ck_assert_msg (value != NULL, "%s has no %s", what, keys[i]);
      ck_assert_msg (g_variant_is_of_type (value, G_VARIANT_TYPE (keys[i + 1])), "%s: %s is %s, not %s", what,
                     keys[i], g_variant_get_type_string (value), keys[i + 1]);
    }
}

/* VIDEO-INTERFACE.md section 6.7 (every GetState key, with its type),
 * section 3 (interface-minor), section 7.1 (every media info key) and
 * section 10 (audio-output says which sink). */
START_TEST (test_dictionaries)
{
  static const char *const state_keys[] = {
    "state",
    "s",
    "uri",
    "s",
    "position",
    "x",
    "duration",
    "x",
    "rate",
    "d",
    "loop",
    "b",
    "volume",
    "d",
    "mute",
    "b",
    "sync",
    "b",
    "has-video",
    "b",
    "has-audio",
    "b",
    "seekable",
    "b",
    "audio-output",
    "s",
    "output-width",
    "u",
    "output-height",
    "u",
    "output-format",
    "u",
    "frames-pushed",
    "t",
    "frames-dropped",
    "t",
    "interface-minor",
    "u",
    NULL,
  };
  static const char *const info_keys[] = {
    "uri",
    "s",
    "duration",
    "x",
    "seekable",
    "b",
    "has-video",
    "b",
    "has-audio",
    "b",
    "width",
    "u",
    "height",
    "u",
    "pixel-aspect-ratio",
    "(ii)",
    "framerate",
    "d",
    "framerate-fraction",
    "(ii)",
    "output-width",
    "u",
    "output-height",
    "u",
    "video-codec",
    "s",
    "audio-codec",
    "s",
    "tags",
    "a{sv}",
    NULL,
  };
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) before = video_state (v);
  g_autoptr (GVariant) info = NULL;
  g_autoptr (GVariant) after = NULL;
  const char *audio = NULL;
  gint64 position = 0;
  guint32 minor = 99, out_width = 0;
  guint width, height;

  assert_keys (before, state_keys, "GetState before Open");
  ck_assert (g_variant_lookup (before, "audio-output", "&s", &audio));
  ck_assert_str_eq (audio, "unknown");
  ck_assert (g_variant_lookup (before, "position", "x", &position));
  ck_assert_int_eq (position, -1);
  ck_assert (g_variant_lookup (before, "interface-minor", "u", &minor));
  ck_assert_uint_eq (minor, VIDEO_INTERFACE_MINOR);

  video_set_output (v, 160, 0, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  assert_keys (info, info_keys, "the media info");
  ck_assert (g_variant_lookup (info, "output-width", "u", &out_width));
  ck_assert_uint_eq (out_width, 160);
  after = video_state (v);
  assert_keys (after, state_keys, "GetState after Open");
  ck_assert (g_variant_lookup (after, "audio-output", "&s", &audio));
  ck_assert_msg (g_str_equal (audio, "none") || g_str_equal (audio, "device"), "audio-output %s", audio);
}
END_TEST

/* VIDEO-INTERFACE.md section 8: the codes keep the numbers of the table;
 * an argument of the wrong type is libbridge's INVALID_ARGS and the
 * plugin carries on; a message names the file. */
START_TEST (test_errors)
{
  static const struct
  {
    VideoError code;
    int number;
  } codes[] = {
    { VIDEO_ERROR_FAILED, 0 },
    { VIDEO_ERROR_NOT_FOUND, 1 },
    { VIDEO_ERROR_NOT_MEDIA, 2 },
    { VIDEO_ERROR_UNSUPPORTED_CODEC, 3 },
    { VIDEO_ERROR_UNSUPPORTED_URI, 4 },
    { VIDEO_ERROR_NETWORK, 5 },
    { VIDEO_ERROR_DAMAGED, 6 },
    { VIDEO_ERROR_TIMED_OUT, 7 },
    { VIDEO_ERROR_NOT_OPEN, 8 },
    { VIDEO_ERROR_NO_VIDEO, 9 },
    { VIDEO_ERROR_INVALID_ARGUMENT, 10 },
    { VIDEO_ERROR_NOT_SEEKABLE, 11 },
    { VIDEO_ERROR_CANCELLED, 12 },
  };
  g_autoptr (Video) v = video_start ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) info = NULL;
  g_autofree char *missing = video_media_path ("no-such-file.webm");

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    ck_assert_int_eq (codes[i].code, codes[i].number);
  ck_assert_str_eq (VIDEO_ERROR_DOMAIN, "org.libbridge.Video1.Error");

  reply = video_call (v, "Seek", g_variant_new ("(s)", "soon"), &error);
  ck_assert (reply == NULL);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS), "Seek (s): %s",
                 error->message);
  g_clear_error (&error);

  reply = video_call (v, "Open", g_variant_new ("(s)", missing), &error);
  ck_assert (reply == NULL);
  ck_assert_msg (g_error_matches (error, video_error_domain (), VIDEO_ERROR_NOT_FOUND), "%s", error->message);
  ck_assert_msg (strstr (error->message, missing) != NULL, "the message does not name the file: %s",
                 error->message);
  info = video_open (v, "sample-vp8.webm");
  ck_assert (!v->closed);
}
END_TEST

static Suite *
video_spec_suite (void)
{
  Suite *s = suite_create ("video-spec");
  TCase *tc = tcase_create ("pictures");

  tcase_add_test (tc, test_consumer_before_set_output);
  tcase_add_test (tc, test_no_pictures_before_set_output);
  tcase_add_test (tc, test_formats);
  tcase_add_test (tc, test_slow_host);
  suite_add_tcase (s, tc);

  tc = tcase_create ("states");
  tcase_add_test (tc, test_states_and_events);
  tcase_add_test (tc, test_open_in_every_state);
  tcase_add_test (tc, test_while_opening);
  tcase_add_test (tc, test_pause_while_opening);
  tcase_add_test (tc, test_seek_reply_after_picture);
  suite_add_tcase (s, tc);

  tc = tcase_create ("replies");
  tcase_add_test (tc, test_dictionaries);
  tcase_add_test (tc, test_errors);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (video_spec_suite)
