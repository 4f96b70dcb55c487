/* test-chart.c: the example chart plugin, pictures through a frame ring
 *
 * Starts examples/chart-plugin.c through the registry (found on
 * LIBBRIDGE_PLUGIN_PATH), as a host placing it in a slide would.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "bridge-test-util.h"

#define CHART "org.libbridge.example.Chart1"
#define WATCHDOG_MS 20000

static BridgeRegistry *registry;
static BridgeConnection *chart;

/* The frames of one stream, kept as they come. */
typedef struct
{
  BridgeFrameConsumer *consumer;
  GPtrArray *frames; /* BridgeFrame */
  guint wanted;
} Stream;

static void
on_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, gpointer user_data)
{
  Stream *stream = user_data;

  g_ptr_array_add (stream->frames, bridge_frame_ref (frame));
  /* Keep a handful only: each one holds a slot of the ring. */
  if (stream->frames->len > 2)
    g_ptr_array_remove_index (stream->frames, 0);
  if (stream->wanted > 0)
    stream->wanted--;
}

static gboolean
stream_has_enough (gpointer data)
{
  return ((Stream *) data)->wanted == 0;
}

static Stream *
stream_new (guint32 id)
{
  Stream *stream = g_new0 (Stream, 1);

  stream->consumer = bridge_frame_consumer_new (chart, id);
  stream->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) bridge_frame_unref);
  g_signal_connect (stream->consumer, "frame", G_CALLBACK (on_frame), stream);
  return stream;
}

static void
stream_free (Stream *stream)
{
  g_signal_handlers_disconnect_by_data (stream->consumer, stream);
  g_object_unref (stream->consumer);
  g_ptr_array_unref (stream->frames);
  g_free (stream);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stream, stream_free)

static void
wait_frames (Stream *stream, guint n)
{
  stream->wanted = n;
  ck_assert_msg (bridge_test_wait_until (stream_has_enough, stream, WATCHDOG_MS),
                 "%u frames did not arrive within %d ms", n, WATCHDOG_MS);
}

static GVariant *
call (const char *method, GVariant *args, GError **error)
{
  return bridge_connection_call_sync (chart, CHART, method, args, NULL, NULL, BRIDGE_TIMEOUT_DEFAULT, NULL,
                                      error);
}

static void
call_ok (const char *method, GVariant *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = call (method, args, &error);

  ck_assert_msg (reply != NULL, "%s failed: %s", method, error ? error->message : "?");
}

static void
setup (void)
{
  g_autoptr (GError) error = NULL;
  BridgePluginInfo *info;

  registry = bridge_registry_new ();
  info = bridge_registry_find_by_name (registry, "chart");
  ck_assert_msg (info != NULL, "the chart plugin is not on LIBBRIDGE_PLUGIN_PATH=%s",
                 g_getenv ("LIBBRIDGE_PLUGIN_PATH"));
  chart = bridge_registry_connect_sync (registry, info, BRIDGE_CONNECT_FLAGS_NEW_INSTANCE, NULL, &error);
  ck_assert_msg (chart != NULL, "cannot start the chart plugin: %s", error ? error->message : "?");
}

static void
teardown (void)
{
  bridge_connection_close (chart);
  g_clear_object (&chart);
  g_clear_object (&registry);
}

/* The BGRA pixel at (x, y) of @frame as 0xRRGGBB. */
static guint32
pixel (BridgeFrame *frame, guint x, guint y)
{
  gsize size;
  const guint8 *data = bridge_frame_get_data (frame, &size);
  const guint8 *p = data + (gsize) y * bridge_frame_get_stride (frame) + x * 4;

  ck_assert (y * bridge_frame_get_stride (frame) + x * 4 + 4 <= size);
  ck_assert_msg (p[3] == 0xff, "pixel (%u, %u) is not opaque: alpha %u", x, y, p[3]);
  return (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

#define BACKGROUND 0x1e1e28
#define FILL 0x2a6fdb
#define LINE 0xf0f0ff

START_TEST (test_frames)
{
  g_autoptr (Stream) stream = stream_new (3);
  BridgeFrame *frame;

  call_ok ("Start", g_variant_new ("(uuuu)", 3, 160, 90, 50));
  wait_frames (stream, 3);
  frame = g_ptr_array_index (stream->frames, stream->frames->len - 1);
  ck_assert_uint_eq (bridge_frame_get_width (frame), 160);
  ck_assert_uint_eq (bridge_frame_get_height (frame), 90);
  ck_assert_int_eq (bridge_frame_get_format (frame), BRIDGE_FRAME_FORMAT_BGRA);
  ck_assert_msg (bridge_frame_get_sequence (frame) >= 3, "sequence %" G_GUINT64_FORMAT,
                 bridge_frame_get_sequence (frame));
  ck_assert_int_eq (bridge_frame_get_duration (frame), 20000000);
  ck_assert_msg (bridge_frame_get_pts (frame) >= 0, "pts %" G_GINT64_FORMAT, bridge_frame_get_pts (frame));
  /* The made-up signal leaves some background on top and fills the
   * bottom row. */
  ck_assert_msg (pixel (frame, 0, 0) == BACKGROUND, "top-left is %06x", pixel (frame, 0, 0));
  ck_assert_msg (pixel (frame, 80, 89) == FILL, "bottom is %06x", pixel (frame, 80, 89));
}
END_TEST

typedef struct
{
  double value;
  guint32 kept;
  guint seen;
} Pushed;

static void
on_pushed (BridgeConnection *connection,
           const char *interface,
           const char *event,
           GVariant *args,
           GUnixFDList *fds,
           gpointer user_data)
{
  Pushed *pushed = user_data;

  ck_assert_str_eq (g_variant_get_type_string (args), "(du)");
  g_variant_get (args, "(du)", &pushed->value, &pushed->kept);
  pushed->seen++;
}

static gboolean
pushed_enough (gpointer data)
{
  return ((Pushed *) data)->seen == 600;
}

START_TEST (test_pushed_values)
{
  g_autoptr (Stream) stream = stream_new (0);
  Pushed pushed = { 0 };
  BridgeFrame *frame;

  g_signal_connect (chart, "event::Pushed", G_CALLBACK (on_pushed), &pushed);
  for (int i = 0; i < 600; i++)
    call_ok ("Push", g_variant_new ("(d)", 5.0));
  ck_assert_msg (bridge_test_wait_until (pushed_enough, &pushed, WATCHDOG_MS), "%u Pushed events of 600",
                 pushed.seen);
  ck_assert_msg (pushed.value == 5.0 && pushed.kept == 512, "last Pushed was (%g, %u)", pushed.value,
                 pushed.kept);
  g_signal_handlers_disconnect_by_data (chart, &pushed);

  /* Constant values: a flat line across the middle. */
  call_ok ("Start", g_variant_new ("(uuuu)", 0, 64, 41, 100));
  wait_frames (stream, 2);
  frame = g_ptr_array_index (stream->frames, stream->frames->len - 1);
  ck_assert_msg (pixel (frame, 10, 0) == BACKGROUND, "top is %06x", pixel (frame, 10, 0));
  ck_assert_msg (pixel (frame, 10, 20) == LINE, "middle is %06x", pixel (frame, 10, 20));
  ck_assert_msg (pixel (frame, 10, 40) == FILL, "bottom is %06x", pixel (frame, 10, 40));
}
END_TEST

START_TEST (test_bad_calls)
{
  static const struct
  {
    const char *method;
    const char *args;
    const char *says;
  } bad[] = {
    { "Start", "(uint32 0, uint32 0, uint32 10, uint32 10)", "out of range" },
    { "Start", "(uint32 0, uint32 10, uint32 10, uint32 0)", "out of range" },
    { "Start", "(uint32 0, uint32 5000, uint32 10, uint32 10)", "out of range" },
    { "Stop", "(uint32 9,)", "no stream 9 was started" },
    { "Push", "(inf,)", "finite" },
    { "Push", "(nan,)", "finite" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GVariant) args = g_variant_parse (NULL, bad[i].args, NULL, NULL, &error);
      g_autoptr (GVariant) reply = NULL;

      ck_assert_msg (args != NULL, "%s: %s", bad[i].args, error ? error->message : "?");
      reply = call (bad[i].method, args, &error);
      ck_assert_msg (reply == NULL, "%s%s succeeded", bad[i].method, bad[i].args);
      ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS),
                     "%s%s: expected INVALID_ARGS, got %s", bad[i].method, bad[i].args, error->message);
      ck_assert_msg (strstr (error->message, bad[i].says) != NULL, "%s%s: %s", bad[i].method, bad[i].args,
                     error->message);
    }
  /* None of it hurt the connection. */
  call_ok ("Clear", NULL);
}
END_TEST

START_TEST (test_two_streams)
{
  g_autoptr (Stream) small = stream_new (1);
  g_autoptr (Stream) large = stream_new (2);

  call_ok ("Start", g_variant_new ("(uuuu)", 1, 32, 16, 100));
  call_ok ("Start", g_variant_new ("(uuuu)", 2, 200, 100, 100));
  wait_frames (small, 2);
  wait_frames (large, 2);
  ck_assert_uint_eq (bridge_frame_get_width (g_ptr_array_index (small->frames, 0)), 32);
  ck_assert_uint_eq (bridge_frame_get_width (g_ptr_array_index (large->frames, 0)), 200);

  /* Starting a stream again changes its size: a new ring. */
  call_ok ("Start", g_variant_new ("(uuuu)", 1, 48, 24, 100));
  call_ok ("Stop", g_variant_new ("(u)", 2));
  do
    wait_frames (small, 1);
  while (bridge_frame_get_width (g_ptr_array_index (small->frames, small->frames->len - 1)) != 48);
  ck_assert_uint_eq (bridge_frame_get_height (g_ptr_array_index (small->frames, small->frames->len - 1)), 24);

  /* A stopped stream starts again where it was. */
  call_ok ("Start", g_variant_new ("(uuuu)", 2, 100, 50, 100));
  do
    wait_frames (large, 1);
  while (bridge_frame_get_width (g_ptr_array_index (large->frames, large->frames->len - 1)) != 100);
}
END_TEST

static Suite *
chart_suite (void)
{
  Suite *s = suite_create ("chart");
  TCase *tc = tcase_create ("chart");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_frames);
  tcase_add_test (tc, test_pushed_values);
  tcase_add_test (tc, test_bad_calls);
  tcase_add_test (tc, test_two_streams);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (chart_suite)
