/* test-video.c: the video plugin, end to end through the registry
 *
 * Every case starts the real libbridge-video-plugin through the registry
 * (a new process each time), drives it over org.libbridge.Video1 and
 * reads its pictures through a frame consumer, as a host would. The
 * sample media are made at build time (video-plugin/media/meson.build):
 * 320x180, 25 fps, 75 frames, a box at (16,16)-(95,75) that is red in the
 * first second, green in the second and blue in the third.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>

#include "bridge-activation-private.h"
#include "video-host.h"

/* --- opening and playing ---------------------------------------------------- */

static const struct
{
  const char *file;
  const char *codec;
} samples[] = {
  { "sample-vp8.webm", "VP8" },
  { "sample-theora.ogv", "Theora" },
};

/* Open, play unsynchronised to the end: every one of the file's frames
 * is pushed, and each reaches the host or is counted as dropped.
 * VIDEO-INTERFACE.md §4, §6.12 */
START_TEST (test_play_every_frame)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  guint width, height;
  guint64 pushed;

  video_simple (v, "SetSync", g_variant_new ("(b)", FALSE));
  video_set_output (v, 0, 0, &width, &height);
  ck_assert_msg (width == 0 && height == 0, "SetOutput without media said %ux%u", width, height);
  info = video_open (v, samples[_i].file);
  video_check_sample_info (info, samples[_i].codec);

  video_simple (v, "Play", NULL);
  ck_assert_msg (bridge_test_wait_until (video_got_eos, v, WAIT_MS), "%s: no EndOfStream", samples[_i].file);
  ck_assert_msg (v->errors->len == 0, "%s: Error event: %s", samples[_i].file,
                 ((GError *) v->errors->pdata[0])->message);

  pushed = video_state_u64 (v, "frames-pushed");
  ck_assert_msg (pushed == SAMPLE_FRAMES, "%s: %" G_GUINT64_FORMAT " frames pushed, the file has %d",
                 samples[_i].file, pushed, SAMPLE_FRAMES);
  ck_assert (video_wait_all_frames_in (v, SAMPLE_FRAMES, WAIT_MS));
  ck_assert_msg (bridge_frame_consumer_get_received (v->consumer)
                         + bridge_frame_consumer_get_dropped (v->consumer)
                     == SAMPLE_FRAMES,
                 "received %" G_GUINT64_FORMAT " + dropped %" G_GUINT64_FORMAT " != %d",
                 bridge_frame_consumer_get_received (v->consumer),
                 bridge_frame_consumer_get_dropped (v->consumer), SAMPLE_FRAMES);
  ck_assert_uint_ge (v->pts->len, 1);
  for (guint i = 1; i < v->pts->len; i++)
    ck_assert_msg (g_array_index (v->pts, gint64, i) > g_array_index (v->pts, gint64, i - 1),
                   "frame %u: pts went from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, i,
                   g_array_index (v->pts, gint64, i - 1), g_array_index (v->pts, gint64, i));
  ck_assert_int_eq (bridge_frame_get_pts (v->latest), 3 * GST_SECOND_NS - FRAME_NS);
  ck_assert_str_eq (g_ptr_array_index (v->states, v->states->len - 1), "ended");
  ck_assert_uint_ge (v->n_media_info, 1);
}
END_TEST

/* A host need not wait for Open before Play: playback starts once the
 * media is ready.
 * VIDEO-INTERFACE.md §5, §6.3 */
START_TEST (test_play_while_opening)
{
  g_autoptr (Video) v = video_start ();
  g_autofree char *path = video_media_path ("sample-vp8.webm");
  AsyncReply open = { 0 };
  guint width, height;

  video_simple (v, "SetSync", g_variant_new ("(b)", FALSE));
  video_set_output (v, 0, 0, &width, &height);
  bridge_connection_call_async (v->connection, VIDEO_INTERFACE_NAME, "Open", g_variant_new ("(s)", path),
                                NULL, CALL_TIMEOUT_MS, NULL, video_on_reply, &open);
  video_simple (v, "Play", NULL);
  ck_assert (bridge_test_wait_for (&open.done, WAIT_MS));
  ck_assert_msg (open.reply != NULL, "Open failed: %s", open.error ? open.error->message : "?");
  ck_assert_msg (bridge_test_wait_until (video_got_eos, v, WAIT_MS), "Play during Open did not play");
  ck_assert_uint_eq (video_state_u64 (v, "frames-pushed"), SAMPLE_FRAMES);
  g_variant_unref (open.reply);
}
END_TEST

/* The box is red, then green, then blue: the frames carry the right
 * pictures, also scaled down.
 * VIDEO-INTERFACE.md §4, §6.1 */
START_TEST (test_colours)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  g_autoptr (BridgeFrame) second = NULL;
  g_autoptr (BridgeFrame) third = NULL;
  guint width, height;

  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, samples[_i].file);
  ck_assert_msg (video_wait_frames (v, 1, WAIT_MS), "no picture after Open");
  ck_assert_uint_eq (bridge_frame_get_width (v->latest), SAMPLE_WIDTH);
  ck_assert_uint_eq (bridge_frame_get_height (v->latest), SAMPLE_HEIGHT);
  ck_assert_int_eq (bridge_frame_get_pts (v->latest), 0);
  video_assert_colour_at (v->latest, BOX_X, BOX_Y, RED, "first second");

  second = video_seek_and_get (v, 1500 * MS_NS);
  video_assert_colour_at (second, BOX_X, BOX_Y, GREEN, "second second");
  third = video_seek_and_get (v, 2500 * MS_NS);
  video_assert_colour_at (third, BOX_X, BOX_Y, BLUE, "third second");

  /* Half the size, aspect kept; a paused player sends its picture again. */
  video_set_output (v, 160, 160, &width, &height);
  ck_assert_msg (width == 160 && height == 90, "fit into 160x160 gave %ux%u", width, height);
  ck_assert (video_wait_frames (v, v->pts->len + 1, WAIT_MS));
  ck_assert_uint_eq (bridge_frame_get_width (v->latest), 160);
  ck_assert_uint_eq (bridge_frame_get_height (v->latest), 90);
  video_assert_colour_at (v->latest, BOX_X, BOX_Y, BLUE, "third second, scaled");
}
END_TEST

/* VIDEO-INTERFACE.md §4, §6.12: SetOutput while paused sends the picture
 * showing again, for a box smaller than, equal to or larger than the
 * video's own size, also when the size does not change. */
START_TEST (test_set_output_while_paused)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  static const struct
  {
    guint box_width, box_height, width, height;
  } boxes[] = {
    { 160, 160, 160, 90 },                                        /* smaller */
    { SAMPLE_WIDTH, SAMPLE_HEIGHT, SAMPLE_WIDTH, SAMPLE_HEIGHT }, /* equal */
    { SAMPLE_WIDTH, SAMPLE_HEIGHT, SAMPLE_WIDTH, SAMPLE_HEIGHT }, /* equal, unchanged */
    { 4000, 3000, SAMPLE_WIDTH, SAMPLE_HEIGHT },                  /* larger: never enlarged */
    { 0, 0, SAMPLE_WIDTH, SAMPLE_HEIGHT },                        /* no bound */
  };
  guint width, height;

  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  ck_assert_msg (video_wait_frames (v, 1, WAIT_MS), "no picture after Open");
  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    {
      guint before = v->pts->len;

      video_set_output (v, boxes[i].box_width, boxes[i].box_height, &width, &height);
      ck_assert_uint_eq (width, boxes[i].width);
      ck_assert_uint_eq (height, boxes[i].height);
      ck_assert_msg (video_wait_frames (v, before + 1, WAIT_MS), "box %ux%u: the picture was not sent again",
                     boxes[i].box_width, boxes[i].box_height);
      ck_assert_uint_eq (bridge_frame_get_width (v->latest), boxes[i].width);
      ck_assert_uint_eq (bridge_frame_get_height (v->latest), boxes[i].height);
      ck_assert_int_eq (bridge_frame_get_pts (v->latest), 0);
    }
}
END_TEST

/* An accurate seek lands on the picture showing at the position asked.
 * VIDEO-INTERFACE.md §4, §6.6 */
START_TEST (test_seek_accurate)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  const gint64 targets[] = { 1210 * MS_NS, 40 * MS_NS, 2999 * MS_NS, 0, 1999 * MS_NS };
  guint width, height;

  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr (BridgeFrame) frame = video_seek_and_get (v, targets[i]);
      gint64 pts = bridge_frame_get_pts (frame);

      ck_assert_msg (pts <= targets[i] && targets[i] < pts + FRAME_NS,
                     "seek to %" G_GINT64_FORMAT " ns showed the frame at %" G_GINT64_FORMAT " ns",
                     targets[i], pts);
    }
  /* A fast seek lands on a key frame (one a second) at or before it. */
  {
    guint before = v->pts->len;
    gint64 pts;

    video_simple (v, "Seek", g_variant_new ("(xb)", (gint64) 1700 * MS_NS, FALSE));
    ck_assert (video_wait_frames (v, before + 1, WAIT_MS));
    pts = bridge_frame_get_pts (v->latest);
    ck_assert_msg (pts <= 1700 * MS_NS, "fast seek to 1.7 s showed %" G_GINT64_FORMAT " ns", pts);
  }
  /* Playing goes on from where the seek landed. */
  {
    g_autoptr (BridgeFrame) landed = video_seek_and_get (v, 1500 * MS_NS);
    guint before = v->pts->len;
    gint64 next;

    video_simple (v, "Play", NULL);
    ck_assert (video_wait_frames (v, before + 1, WAIT_MS));
    /* The landed picture's pts is the seek position (GStreamer clips it
     * to the segment); the next is the file's next frame. */
    next = g_array_index (v->pts, gint64, before);
    ck_assert_msg (next > bridge_frame_get_pts (landed) && next <= bridge_frame_get_pts (landed) + FRAME_NS,
                   "after a seek to 1.5 s showed %" G_GINT64_FORMAT
                   " ns, playing went on at %" G_GINT64_FORMAT " ns",
                   bridge_frame_get_pts (landed), next);
    video_simple (v, "Pause", NULL);
  }
  video_call_fails (v, "Seek", g_variant_new ("(xb)", (gint64) -1, TRUE), VIDEO_ERROR_INVALID_ARGUMENT);
  video_call_fails (v, "Seek", g_variant_new ("(xb)", 10 * GST_SECOND_NS, TRUE),
                    VIDEO_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* Frames flow while playing and stop when paused.
 * VIDEO-INTERFACE.md §4, §6.4 */
START_TEST (test_pause_stops_frames)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  g_autoptr (GVariant) state = NULL;
  g_autoptr (GVariant) later = NULL;
  guint width, height, paused_at;
  gint64 position = -1, position_later = -2;
  const char *name;

  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  video_simple (v, "Play", NULL);
  ck_assert_msg (video_wait_frames (v, 6, WAIT_MS), "only %u frames while playing", v->pts->len);
  video_simple (v, "Pause", NULL);
  /* Pause replies after the picture it stops on; whatever was pushed
   * before is ahead of the reply on the socket, delivered before the
   * blocking call returns (PROTOCOL.md section 5.2). */
  state = video_state (v);
  video_drain_events ();
  paused_at = v->pts->len;
  ck_assert (g_variant_lookup (state, "state", "&s", &name));
  ck_assert_str_eq (name, "paused");
  ck_assert (g_variant_lookup (state, "position", "x", &position));

  /* Waiting for something that must not happen: a watchdog, not a timer. */
  ck_assert_msg (!video_wait_frames (v, paused_at + 1, 500), "%u frames arrived while paused",
                 v->pts->len - paused_at);
  later = video_state (v);
  ck_assert (g_variant_lookup (later, "position", "x", &position_later));
  ck_assert_msg (position == position_later,
                 "position moved while paused: %" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT, position,
                 position_later);
  ck_assert_uint_eq (v->n_eos, 0);

  /* Play resumes, and Stop goes back to the first picture. */
  video_simple (v, "Play", NULL);
  ck_assert (video_wait_frames (v, paused_at + 1, WAIT_MS));
  /* Stop replies once the first picture is shown: the blocking call has
   * delivered it before it returns (PROTOCOL.md section 5.2). */
  video_simple (v, "Stop", NULL);
  g_clear_pointer (&state, g_variant_unref);
  state = video_state (v);
  ck_assert (g_variant_lookup (state, "state", "&s", &name));
  ck_assert_str_eq (name, "stopped");
  /* The last frame is the first picture, shown again before the reply
   * (VIDEO-INTERFACE.md §6.5), also from playing. */
  video_drain_events ();
  ck_assert_msg (bridge_frame_get_pts (v->latest) == 0,
                 "Stop replied with the picture at %" G_GINT64_FORMAT " ns showing",
                 bridge_frame_get_pts (v->latest));
  ck_assert (v->n_position >= 1);
}
END_TEST

static gboolean
got_small_frame (gpointer data)
{
  Video *v = data;

  return v->latest != NULL && bridge_frame_get_width (v->latest) == 160;
}

/* The output size changes in the middle of playback.
 * VIDEO-INTERFACE.md §4 */
START_TEST (test_resize_while_playing)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  guint width, height;

  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-theora.ogv");
  video_simple (v, "Play", NULL);
  ck_assert (video_wait_frames (v, 3, WAIT_MS));
  ck_assert_uint_eq (bridge_frame_get_width (v->latest), SAMPLE_WIDTH);
  video_set_output (v, 160, 0, &width, &height);
  ck_assert_msg (width == 160 && height == 90, "fit into 160 wide gave %ux%u", width, height);
  ck_assert_msg (bridge_test_wait_until (got_small_frame, v, WAIT_MS), "no 160x90 frame while playing");
  ck_assert_uint_eq (bridge_frame_get_height (v->latest), 90);
  video_simple (v, "Stop", NULL);
}
END_TEST

typedef struct
{
  Video *v;
  guint wraps;
} Wraps;

static gboolean
wrapped_enough (gpointer data)
{
  Wraps *w = data;
  guint wraps = 0;

  for (guint i = 1; i < w->v->pts->len; i++)
    if (g_array_index (w->v->pts, gint64, i) < g_array_index (w->v->pts, gint64, i - 1))
      wraps++;
  return wraps >= w->wraps;
}

/* Looping restarts at the end without an EndOfStream; turned off, the
 * next end is the end.
 * VIDEO-INTERFACE.md §6.9 */
START_TEST (test_loop)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  Wraps twice = { v, 2 };
  guint width, height;
  guint64 pushed;

  video_simple (v, "SetSync", g_variant_new ("(b)", FALSE));
  video_simple (v, "SetLoop", g_variant_new ("(b)", TRUE));
  video_set_output (v, 64, 64, &width, &height);
  info = video_open (v, samples[_i].file);
  video_simple (v, "Play", NULL);
  ck_assert_msg (bridge_test_wait_until (wrapped_enough, &twice, WAIT_MS),
                 "the video did not start over twice (%u frames)", v->pts->len);
  ck_assert_msg (v->n_eos == 0, "EndOfStream while looping");

  video_simple (v, "SetLoop", g_variant_new ("(b)", FALSE));
  ck_assert_msg (bridge_test_wait_until (video_got_eos, v, WAIT_MS), "no EndOfStream after looping stopped");
  pushed = video_state_u64 (v, "frames-pushed");
  ck_assert_msg (pushed > 2 * SAMPLE_FRAMES, "only %" G_GUINT64_FORMAT " frames pushed in 2+ loops", pushed);
  ck_assert_msg (v->errors->len == 0, "Error event: %s", ((GError *) v->errors->pdata[0])->message);
}
END_TEST

/* A rate is a seek with that rate: taken, reported, and playback at that
 * rate still delivers every frame and ends.
 * VIDEO-INTERFACE.md §6.8 */
START_TEST (test_rate)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  g_autoptr (GVariant) state = NULL;
  guint width, height;
  double rate = 0;

  video_call_fails (v, "SetRate", g_variant_new ("(d)", 0.0), VIDEO_ERROR_INVALID_ARGUMENT);
  video_call_fails (v, "SetRate", g_variant_new ("(d)", -1.0), VIDEO_ERROR_INVALID_ARGUMENT);
  video_call_fails (v, "SetRate", g_variant_new ("(d)", 100.0), VIDEO_ERROR_INVALID_ARGUMENT);
  video_call_fails (v, "SetRate", g_variant_new ("(d)", NAN), VIDEO_ERROR_INVALID_ARGUMENT);

  video_simple (v, "SetSync", g_variant_new ("(b)", FALSE));
  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  video_simple (v, "SetRate", g_variant_new ("(d)", 2.0));
  state = video_state (v);
  ck_assert (g_variant_lookup (state, "rate", "d", &rate));
  ck_assert_msg (rate == 2.0, "GetState says rate %g", rate);

  video_simple (v, "Play", NULL);
  ck_assert_msg (bridge_test_wait_until (video_got_eos, v, WAIT_MS), "no EndOfStream at rate 2");
  ck_assert_int_eq (bridge_frame_get_pts (v->latest), 3 * GST_SECOND_NS - FRAME_NS);
  ck_assert_msg (v->errors->len == 0, "Error event: %s", ((GError *) v->errors->pdata[0])->message);
}
END_TEST

/* --- stills ---------------------------------------------------------------- */

static GBytes *
get_still (
    Video *v, gint64 position, guint max_width, guint max_height, guint *width, guint *height, guint *stride)
{
  g_autoptr (GVariant) reply
      = video_call_ok (v, "GetStill", g_variant_new ("(xuu)", position, max_width, max_height));
  g_autoptr (GVariant) pixels = NULL;
  guint format;

  g_variant_get (reply, "(uuuu@ay)", width, height, stride, &format, &pixels);
  ck_assert_uint_eq (format, BRIDGE_FRAME_FORMAT_BGRA);
  ck_assert_uint_ge (*stride, *width * 4);
  ck_assert_uint_eq (g_variant_get_size (pixels), (gsize) *stride * *height);
  return g_variant_get_data_as_bytes (pixels);
}

static void
assert_still_colour (GBytes *pixels, guint width, guint height, guint stride, Colour want, const char *what)
{
  const guint8 *p = (const guint8 *) g_bytes_get_data (pixels, NULL)
                    + (gsize) (BOX_Y * height / SAMPLE_HEIGHT) * stride + (BOX_X * width / SAMPLE_WIDTH) * 4;

  ck_assert_msg (abs (p[0] - want.b) <= COLOUR_TOLERANCE && abs (p[1] - want.g) <= COLOUR_TOLERANCE
                     && abs (p[2] - want.r) <= COLOUR_TOLERANCE,
                 "%s: still pixel is r%d g%d b%d, expected r%d g%d b%d", what, p[2], p[1], p[0], want.r,
                 want.g, want.b);
}

/* A still at T shows the video at T, without moving playback.
 * VIDEO-INTERFACE.md §5, §6.13 */
START_TEST (test_still)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  g_autoptr (GBytes) green = NULL;
  g_autoptr (GBytes) small = NULL;
  g_autoptr (GBytes) same = NULL;
  g_autoptr (BridgeFrame) frame = NULL;
  g_autoptr (GVariant) state = NULL;
  guint width, height, stride, differ = 0;
  const char *name;
  gint64 position = -1;
  gsize size;
  const guint8 *a, *b;

  video_call_fails (v, "GetStill", g_variant_new ("(xuu)", (gint64) 0, 0, 0), VIDEO_ERROR_NOT_OPEN);
  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, samples[_i].file);

  green = get_still (v, 1500 * MS_NS, 0, 0, &width, &height, &stride);
  ck_assert_msg (width == SAMPLE_WIDTH && height == SAMPLE_HEIGHT, "still is %ux%u", width, height);
  assert_still_colour (green, width, height, stride, GREEN, "still at 1.5 s");
  small = get_still (v, 2500 * MS_NS, 160, 160, &width, &height, &stride);
  ck_assert_msg (width == 160 && height == 90, "still fit into 160x160 is %ux%u", width, height);
  assert_still_colour (small, width, height, stride, BLUE, "still at 2.5 s");

  /* Tiny and huge bounds (ROBUSTNESS.md): a picture, never a GStreamer
   * CRITICAL (the plugin runs under G_DEBUG=fatal-criticals too). */
  static const guint bounds[][2]
      = { { 1, 1 }, { 1, 100 }, { 100, 1 }, { 1, 0 }, { 0, 1 }, { 2, 2 }, { G_MAXUINT32, G_MAXUINT32 } };
  for (guint i = 0; i < G_N_ELEMENTS (bounds); i++)
    {
      g_autoptr (GBytes) tiny
          = get_still (v, 500 * MS_NS, bounds[i][0], bounds[i][1], &width, &height, &stride);

      ck_assert_msg (width >= 1 && height >= 1 && (bounds[i][0] == 0 || width <= bounds[i][0])
                         && (bounds[i][1] == 0 || height <= bounds[i][1]),
                     "still in %ux%u is %ux%u", bounds[i][0], bounds[i][1], width, height);
    }

  /* Playback stayed paused at the start. */
  state = video_state (v);
  ck_assert (g_variant_lookup (state, "state", "&s", &name));
  ck_assert_str_eq (name, "paused");
  ck_assert (g_variant_lookup (state, "position", "x", &position));
  ck_assert_msg (position == 0, "a still moved playback to %" G_GINT64_FORMAT, position);

  /* The same picture as playback shows at that time, byte for byte
   * (within rounding of the colour conversion). */
  frame = video_seek_and_get (v, 1500 * MS_NS);
  same = get_still (v, 1500 * MS_NS, 0, 0, &width, &height, &stride);
  ck_assert_uint_eq (bridge_frame_get_width (frame), width);
  ck_assert_uint_eq (bridge_frame_get_height (frame), height);
  a = bridge_frame_get_data (frame, &size);
  b = g_bytes_get_data (same, NULL);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width * 4; x++)
      if (abs (a[(gsize) y * bridge_frame_get_stride (frame) + x] - b[(gsize) y * stride + x]) > 2)
        differ++;
  ck_assert_msg (differ == 0, "the still at 1.5 s differs from the played frame in %u bytes", differ);

  video_call_fails (v, "GetStill", g_variant_new ("(xuu)", 5 * GST_SECOND_NS, 0, 0),
                    VIDEO_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* --- several, and bad input ---------------------------------------------- */

/* Two videos, two processes, at once.
 * VIDEO-INTERFACE.md §1 */
START_TEST (test_two_videos)
{
  g_autoptr (Video) a = video_start ();
  g_autoptr (Video) b = video_start ();
  g_autoptr (GVariant) info_a = NULL;
  g_autoptr (GVariant) info_b = NULL;
  guint width, height;

  ck_assert_int_ne (video_pid (a), video_pid (b));
  video_simple (a, "SetSync", g_variant_new ("(b)", FALSE));
  video_simple (b, "SetSync", g_variant_new ("(b)", FALSE));
  video_set_output (a, 0, 0, &width, &height);
  video_set_output (b, 160, 90, &width, &height);
  info_a = video_open (a, "sample-vp8.webm");
  info_b = video_open (b, "sample-theora.ogv");
  video_simple (a, "Play", NULL);
  video_simple (b, "Play", NULL);
  ck_assert_msg (bridge_test_wait_until (video_got_eos, a, WAIT_MS), "first video did not end");
  ck_assert_msg (bridge_test_wait_until (video_got_eos, b, WAIT_MS), "second video did not end");
  ck_assert_uint_eq (video_state_u64 (a, "frames-pushed"), SAMPLE_FRAMES);
  ck_assert_uint_eq (video_state_u64 (b, "frames-pushed"), SAMPLE_FRAMES);
  ck_assert_uint_eq (bridge_frame_get_width (a->latest), SAMPLE_WIDTH);
  ck_assert_uint_eq (bridge_frame_get_width (b->latest), 160);
}
END_TEST

static const struct
{
  const char *location; /* a name in the media folder, or a URI/path as is */
  gboolean in_media;
  VideoError code;
} bad_inputs[] = {
  { "no-such-file.webm", TRUE, VIDEO_ERROR_NOT_FOUND },
  { "", TRUE, VIDEO_ERROR_NOT_MEDIA }, /* the media folder itself */
  { "not-a-video.webm", TRUE, VIDEO_ERROR_NOT_MEDIA },
  { "sample-unsupported.webm", TRUE, VIDEO_ERROR_UNSUPPORTED_CODEC },
  { "nosuchscheme://host/x.webm", FALSE, VIDEO_ERROR_UNSUPPORTED_URI },
  { "http://127.0.0.1:9/x.webm", FALSE, VIDEO_ERROR_NETWORK }, /* loopback, discard port */
  { "", FALSE, VIDEO_ERROR_INVALID_ARGUMENT },
};

/* Each bad input is a clear error reply; the plugin stays up and the next
 * Open works.
 * VIDEO-INTERFACE.md §6.1, §8, §9 */
START_TEST (test_bad_input)
{
  g_autoptr (Video) v = video_start ();
  g_autofree char *location = bad_inputs[_i].in_media ? video_media_path (bad_inputs[_i].location)
                                                      : g_strdup (bad_inputs[_i].location);
  g_autoptr (GVariant) info = NULL;
  g_autoptr (GVariant) state = NULL;
  const char *name;

  video_call_fails (v, "Open", g_variant_new ("(s)", location), bad_inputs[_i].code);
  state = video_state (v);
  ck_assert (g_variant_lookup (state, "state", "&s", &name));
  ck_assert_msg (g_str_equal (name, "idle"), "after a failed Open the state is %s", name);
  ck_assert (!v->closed);

  info = video_open (v, "sample-vp8.webm");
  video_check_sample_info (info, "VP8");
}
END_TEST

/* A source that never delivers (a server that accepts and then says
 * nothing) cannot hang Open: it times out, and the plugin carries on.
 * VIDEO-INTERFACE.md §6.1, §8, §9 */
START_TEST (test_open_timeout)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) listener = NULL;
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (Video) v = NULL;
  g_autoptr (GVariant) info = NULL;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  ck_assert_msg (listener != NULL, "socket: %s", error ? error->message : "?");
  ck_assert_msg (g_socket_bind (listener, address, TRUE, &error) && g_socket_listen (listener, &error),
                 "listening on 127.0.0.1: %s", error->message);
  bound = g_socket_get_local_address (listener, &error);
  uri = g_strdup_printf ("http://127.0.0.1:%u/silent.webm",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  /* The plugin inherits it; the default is 10 s. Longer under valgrind
   * (CK_TIMEOUT_MULTIPLIER), where a good file takes more than 1 s. */
  {
    const char *multiplier = g_getenv ("CK_TIMEOUT_MULTIPLIER");
    g_autofree char *ms = g_strdup_printf (
        "%" G_GUINT64_FORMAT, 1000 * MAX (multiplier ? g_ascii_strtoull (multiplier, NULL, 10) : 1, 1));

    g_setenv ("BRIDGE_VIDEO_OPEN_TIMEOUT_MS", ms, TRUE);
  }
  v = video_start ();
  g_unsetenv ("BRIDGE_VIDEO_OPEN_TIMEOUT_MS");
  video_call_fails (v, "Open", g_variant_new ("(s)", uri), VIDEO_ERROR_TIMED_OUT);
  info = video_open (v, "sample-vp8.webm");
  video_check_sample_info (info, "VP8");
}
END_TEST

/* Truncated and corrupt files open and play what they have, then say
 * what is wrong in an Error event; the plugin carries on.
 * VIDEO-INTERFACE.md §8, §9 */
START_TEST (test_damaged)
{
  const char *files[] = { "sample-truncated.webm", "sample-corrupt.webm" };
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) good = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = video_media_path (files[_i]);
  g_autoptr (GVariant) reply = NULL;
  guint width, height;
  GError *event;

  video_simple (v, "SetSync", g_variant_new ("(b)", FALSE));
  video_set_output (v, 0, 0, &width, &height);
  reply = video_call (v, "Open", g_variant_new ("(s)", path), &error);
  if (reply == NULL)
    {
      /* Damage right in the headers fails the open itself. */
      ck_assert_msg (g_error_matches (error, video_error_domain (), VIDEO_ERROR_DAMAGED)
                         || g_error_matches (error, video_error_domain (), VIDEO_ERROR_NOT_MEDIA),
                     "%s: %s", files[_i], error->message);
    }
  else
    {
      video_simple (v, "Play", NULL);
      ck_assert_msg (bridge_test_wait_until (video_got_error, v, WAIT_MS), "%s: no Error event", files[_i]);
      event = v->errors->pdata[0];
      ck_assert_msg (g_error_matches (event, video_error_domain (), VIDEO_ERROR_DAMAGED),
                     "%s: Error event %s %d: %s", files[_i], g_quark_to_string (event->domain), event->code,
                     event->message);
      ck_assert_msg (strstr (event->message, files[_i]) != NULL, "the message does not name the file: %s",
                     event->message);
      ck_assert_msg (v->pts->len < SAMPLE_FRAMES, "%u frames from a damaged file", v->pts->len);
    }
  ck_assert (!v->closed);
  good = video_open (v, "sample-theora.ogv");
  video_check_sample_info (good, "Theora");
}
END_TEST

/* Audio only: opens, says it has no video, plays to the end without
 * frames, and has no stills.
 * VIDEO-INTERFACE.md §6.12, §8, §9, §10 */
START_TEST (test_audio_only)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  g_autoptr (GVariant) state = NULL;
  gboolean has_video = TRUE, has_audio = FALSE;
  const char *audio_output = NULL;
  guint width = 1, height = 1;

  video_simple (v, "SetSync", g_variant_new ("(b)", FALSE));
  info = video_open (v, "sample-audio.ogg");
  ck_assert (g_variant_lookup (info, "has-video", "b", &has_video));
  ck_assert (g_variant_lookup (info, "has-audio", "b", &has_audio));
  ck_assert_msg (!has_video && has_audio, "audio-only file: has-video %d has-audio %d", has_video, has_audio);
  video_set_output (v, 0, 0, &width, &height);
  ck_assert_msg (width == 0 && height == 0, "no video, yet output %ux%u", width, height);
  video_call_fails (v, "GetStill", g_variant_new ("(xuu)", (gint64) 0, 0, 0), VIDEO_ERROR_NO_VIDEO);

  video_simple (v, "Play", NULL);
  ck_assert_msg (bridge_test_wait_until (video_got_eos, v, WAIT_MS), "audio-only file did not end");
  ck_assert_uint_eq (v->pts->len, 0);
  /* The tests run without a sound device: the silent sink stood in. */
  state = video_state (v);
  ck_assert (g_variant_lookup (state, "audio-output", "&s", &audio_output));
  ck_assert_msg (g_str_equal (audio_output, "none") || g_str_equal (audio_output, "device"),
                 "audio-output is %s", audio_output);
}
END_TEST

/* Methods that need media, and arguments out of range.
 * VIDEO-INTERFACE.md §3, §5, §6.10, §6.12, §8 */
START_TEST (test_invalid_calls)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) state = NULL;
  guint32 minor = 99;

  video_call_fails (v, "Play", NULL, VIDEO_ERROR_NOT_OPEN);
  video_call_fails (v, "Pause", NULL, VIDEO_ERROR_NOT_OPEN);
  video_call_fails (v, "Seek", g_variant_new ("(xb)", (gint64) 0, TRUE), VIDEO_ERROR_NOT_OPEN);
  video_call_fails (v, "SetVolume", g_variant_new ("(d)", 11.0), VIDEO_ERROR_INVALID_ARGUMENT);
  video_call_fails (v, "SetOutput", g_variant_new ("(uuu)", 0, 0, 99), VIDEO_ERROR_INVALID_ARGUMENT);
  video_call_fails (v, "SetOutput", g_variant_new ("(uuu)", 0, 0, BRIDGE_FRAME_FORMAT_INVALID),
                    VIDEO_ERROR_INVALID_ARGUMENT);
  video_simple (v, "SetVolume", g_variant_new ("(d)", 0.5));
  video_simple (v, "SetMute", g_variant_new ("(b)", TRUE));
  video_simple (v, "Close", NULL);
  state = video_state (v);
  ck_assert (g_variant_lookup (state, "interface-minor", "u", &minor));
  ck_assert_uint_eq (minor, VIDEO_INTERFACE_MINOR);
}
END_TEST

/* --- process life ------------------------------------------------------------- */

/* The plugin leaves by itself, cleanly, when its host hangs up, even in
 * the middle of playback.
 * VIDEO-INTERFACE.md §1 */
START_TEST (test_exits_when_closed)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  g_autoptr (GError) error = NULL;
  GSubprocess *proc = bridge_registry_get_subprocess (v->connection);
  guint width, height;

  ck_assert_msg (proc != NULL, "the registry did not start the plugin itself");
  g_object_ref (proc);
  video_set_output (v, 0, 0, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  video_simple (v, "Play", NULL);
  bridge_connection_close (v->connection);

  ck_assert_msg (g_subprocess_wait (proc, NULL, &error), "waiting for the plugin: %s",
                 error ? error->message : "?");
  ck_assert_msg (g_subprocess_get_if_exited (proc), "the plugin was killed (signal %d), it did not exit",
                 g_subprocess_get_if_signaled (proc) ? g_subprocess_get_term_sig (proc) : 0);
  ck_assert_int_eq (g_subprocess_get_exit_status (proc), 0);
  g_object_unref (proc);
}
END_TEST

/* A plugin that dies shows up as a closed connection, peer gone. */
START_TEST (test_plugin_killed)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = NULL;
  int pid = video_pid (v);

  ck_assert_int_gt (pid, 0);
  info = video_open (v, "sample-vp8.webm");
  video_simple (v, "Play", NULL);
  ck_assert_int_eq (kill (pid, SIGKILL), 0);
  ck_assert_msg (bridge_test_wait_until (video_got_closed, v, WAIT_MS),
                 "no close after the plugin was killed");
  ck_assert_msg (v->close_reason == BRIDGE_CLOSE_REASON_PEER_GONE, "close reason %d, expected PEER_GONE",
                 v->close_reason);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GVariant) reply = video_call (v, "GetState", NULL, &error);

    ck_assert (reply == NULL);
    ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED), "%s", error->message);
  }
}
END_TEST

static Suite *
video_suite (void)
{
  Suite *s = suite_create ("video");
  TCase *tc = tcase_create ("playback");

  tcase_add_loop_test (tc, test_play_every_frame, 0, G_N_ELEMENTS (samples));
  tcase_add_test (tc, test_play_while_opening);
  tcase_add_loop_test (tc, test_colours, 0, G_N_ELEMENTS (samples));
  tcase_add_test (tc, test_seek_accurate);
  tcase_add_test (tc, test_set_output_while_paused);
  tcase_add_test (tc, test_pause_stops_frames);
  tcase_add_test (tc, test_resize_while_playing);
  tcase_add_loop_test (tc, test_loop, 0, G_N_ELEMENTS (samples));
  tcase_add_test (tc, test_rate);
  tcase_add_loop_test (tc, test_still, 0, G_N_ELEMENTS (samples));
  tcase_add_test (tc, test_two_videos);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bad-input");
  tcase_add_loop_test (tc, test_bad_input, 0, G_N_ELEMENTS (bad_inputs));
  tcase_add_test (tc, test_open_timeout);
  tcase_add_loop_test (tc, test_damaged, 0, 2);
  tcase_add_test (tc, test_audio_only);
  tcase_add_test (tc, test_invalid_calls);
  suite_add_tcase (s, tc);

  tc = tcase_create ("process");
  tcase_add_test (tc, test_exits_when_closed);
  tcase_add_test (tc, test_plugin_killed);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (video_suite)
