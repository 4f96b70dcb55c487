/* test-video-large.c: pictures bigger than 8 MiB cross the process
 * boundary
 *
 * A 1920x1200 BGRA picture is 9,216,000 bytes: more than the 8 MiB that
 * may wait unsent, less than the 16 MiB message limit. Any one message up
 * to the message limit must be sendable (docs/PROTOCOL.md section 9), so
 * Video1.GetStill of such a video at full size must reply
 * (docs/VIDEO-INTERFACE.md, GetStill: replies up to 12 MiB), and its
 * frames must come through the frame ring at that size.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-host.h"

#define LARGE_WIDTH 1920
#define LARGE_HEIGHT 1200

static guint
timeout_multiplier (void)
{
  const char *value = g_getenv ("CK_TIMEOUT_MULTIPLIER");
  guint n = value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : 1;

  return MAX (n, 1);
}

/* SMPTE bars (videotestsrc's are 100 %): white, then yellow, across the
 * top of the picture. */
static void
assert_bars (const guint8 *data, gsize stride, const char *what)
{
  const guint8 *white = data + 100 * stride + 100 * 4;
  const guint8 *yellow = data + 100 * stride + (LARGE_WIDTH * 3 / 14) * 4;

  ck_assert_msg (white[0] >= 255 - COLOUR_TOLERANCE && white[1] >= 255 - COLOUR_TOLERANCE
                     && white[2] >= 255 - COLOUR_TOLERANCE,
                 "%s: the first bar is b%d g%d r%d, not white", what, white[0], white[1], white[2]);
  ck_assert_msg (yellow[0] <= COLOUR_TOLERANCE && yellow[1] >= 255 - COLOUR_TOLERANCE
                     && yellow[2] >= 255 - COLOUR_TOLERANCE,
                 "%s: the second bar is b%d g%d r%d, not yellow", what, yellow[0], yellow[1], yellow[2]);
}

/* PROTOCOL.md section 9: a reply of 9.2 MB, above the 8 MiB queue limit,
 * is sent whole and the connection stays. */
START_TEST (test_still_over_8_mib)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = video_open (v, "sample-1200p.webm");
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) pixels = NULL;
  guint width, height, stride, format;
  gsize size;
  const guint8 *data;

  reply = video_call_ok (v, "GetStill", g_variant_new ("(xuu)", (gint64) 0, 0, 0));
  g_variant_get (reply, "(uuuu@ay)", &width, &height, &stride, &format, &pixels);
  data = g_variant_get_fixed_array (pixels, &size, 1);
  ck_assert_uint_eq (width, LARGE_WIDTH);
  ck_assert_uint_eq (height, LARGE_HEIGHT);
  ck_assert_uint_eq (stride, LARGE_WIDTH * 4);
  ck_assert_uint_eq (size, (gsize) stride * height);
  ck_assert_msg (size > 8 * 1024 * 1024, "the still is only %" G_GSIZE_FORMAT " bytes", size);
  assert_bars (data, stride, "the still");

  /* The connection carries on. */
  g_autoptr (GVariant) again = video_call_ok (v, "GetStill", g_variant_new ("(xuu)", (gint64) 0, 480, 300));
  g_variant_get (again, "(uuuu@ay)", &width, &height, NULL, NULL, NULL);
  ck_assert_uint_eq (width, 480);
  ck_assert_uint_eq (height, 300);
  ck_assert (!v->closed);
}
END_TEST

/* FRAME-RING.md: frames of 9.2 MB come through the ring at full size. */
START_TEST (test_frames_over_8_mib)
{
  g_autoptr (Video) v = video_start ();
  g_autoptr (GVariant) info = video_open (v, "sample-1200p.webm");
  guint width, height;

  video_set_output (v, LARGE_WIDTH, LARGE_HEIGHT, &width, &height);
  ck_assert_uint_eq (width, LARGE_WIDTH);
  ck_assert_uint_eq (height, LARGE_HEIGHT);
  video_simple (v, "Play", NULL);
  /* Under valgrind, decoding 1920x1200 takes its time. */
  ck_assert_msg (video_wait_frames (v, 2, WAIT_MS * timeout_multiplier ()),
                 "fewer than 2 frames of 1920x1200 within %d ms", WAIT_MS * timeout_multiplier ());
  ck_assert_uint_eq (bridge_frame_get_width (v->latest), LARGE_WIDTH);
  ck_assert_uint_eq (bridge_frame_get_height (v->latest), LARGE_HEIGHT);
  assert_bars (bridge_frame_get_data (v->latest, NULL), bridge_frame_get_stride (v->latest), "a frame");
  ck_assert_msg (v->errors->len == 0, "Error event: %s",
                 v->errors->len ? ((GError *) v->errors->pdata[0])->message : "");
}
END_TEST

static Suite *
video_large_suite (void)
{
  Suite *s = suite_create ("video-large");
  TCase *tc = tcase_create ("over-8-mib");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_still_over_8_mib);
  tcase_add_test (tc, test_frames_over_8_mib);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (video_large_suite)
