/* test-frame-ring.c: frames through shared memory (docs/FRAME-RING.md)
 *
 * Run without arguments for the in-process cases (suite "unit"), with
 * "process" for the ones against tests/frame-producer-helper.c. Hostile
 * producers are test-frame-ring-hostile.c's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "frame-ring-util.h"
#include "frame-pattern.h"

#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- frames arrive ---- */

START_TEST (test_frames_arrive_with_pixels)
{
  Collector *c = collector_new (host_side, 1);
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 1, 4);
  BridgeFrame *latest;

  configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 64, 48);
  for (guint i = 1; i <= 10; i++)
    {
      push_tag (producer, i, 64, 48, 64 * 4);
      wait_seen (c, i);
    }
  ck_assert_msg (c->problem == NULL, "%s", c->problem);
  ck_assert_msg (c->n_frames == 10, "expected 10 frames, got %u", c->n_frames);
  ck_assert_uint_eq (bridge_frame_consumer_get_received (c->consumer), 10);
  ck_assert_uint_eq (bridge_frame_consumer_get_dropped (c->consumer), 0);
  ck_assert_uint_eq (bridge_frame_producer_get_pushed (producer), 10);
  ck_assert_uint_eq (bridge_frame_producer_get_dropped (producer), 0);
  ck_assert_uint_eq (c->errors->len, 0);

  latest = bridge_frame_consumer_get_latest (c->consumer);
  ck_assert_ptr_nonnull (latest);
  ck_assert_uint_eq (bridge_frame_get_width (latest), 64);
  ck_assert_uint_eq (bridge_frame_get_height (latest), 48);
  ck_assert_uint_ge (bridge_frame_get_stride (latest), 64 * 4);
  ck_assert_int_eq (bridge_frame_get_format (latest), BRIDGE_FRAME_FORMAT_BGRA);
  ck_assert_uint_eq (bridge_frame_get_sequence (latest), 10);
  ck_assert_int_eq (bridge_frame_get_pts (latest), FRAME_PATTERN_PTS (10));
  ck_assert_int_eq (bridge_frame_get_duration (latest), 40000000);
  collector_free (c);
}
END_TEST

START_TEST (test_padded_input_stride)
{
  Collector *c = collector_new (host_side, 3);
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 3, 0);
  BridgeFrame *latest;

  configure (producer, BRIDGE_FRAME_FORMAT_RGBX, 33, 7);
  push_tag (producer, 5, 33, 7, 33 * 4 + 20);
  wait_seen (c, 1);
  ck_assert_msg (c->problem == NULL, "%s", c->problem);
  latest = bridge_frame_consumer_get_latest (c->consumer);
  ck_assert_int_eq (bridge_frame_get_format (latest), BRIDGE_FRAME_FORMAT_RGBX);
  ck_assert_uint_eq (bridge_frame_get_stride (latest) % 4, 0);
  collector_free (c);
}
END_TEST

START_TEST (test_slow_consumer_drops)
{
  Collector *c = collector_new (host_side, 1);
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 1, 4);
  BridgeFrame *latest;

  configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 32, 32);
  /* The consumer does not run while these go: every push must return
   * (the first wait for it runs out, and the producer waits no more until
   * it takes a frame), the newest frame taking the oldest unread slot but
   * never the newest one (FRAME-RING.md, "Producer"). */
  for (guint i = 1; i <= 100; i++)
    push_tag (producer, i, 32, 32, 32 * 4);
  ck_assert_uint_eq (bridge_frame_producer_get_pushed (producer), 100);
  ck_assert_msg (bridge_frame_producer_get_dropped (producer) == 96,
                 "4 slots, 100 frames unread: expected 96 dropped, got %" G_GUINT64_FORMAT,
                 bridge_frame_producer_get_dropped (producer));

  /* On the first event the consumer takes the newest frame ready, 100
   * (FRAME-RING.md, "Consumer"); 97 to 99, still READY, count as dropped
   * on its side, not yet on the producer's. */
  wait_seen (c, 100);
  ck_assert_msg (c->problem == NULL, "%s", c->problem);
  ck_assert_uint_eq (bridge_frame_consumer_get_received (c->consumer), 1);
  ck_assert_uint_eq (bridge_frame_consumer_get_dropped (c->consumer), 99);
  ck_assert_uint_eq (bridge_frame_consumer_get_producer_dropped (c->consumer), 96);
  latest = bridge_frame_consumer_get_latest (c->consumer);
  ck_assert_uint_eq (bridge_frame_get_sequence (latest), 100);
  ck_assert_uint_eq (c->errors->len, 0);
  collector_free (c);
}
END_TEST

START_TEST (test_release_frees_slots)
{
  Collector *c = collector_new (host_side, 1);
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 1, 2);
  BridgeFrame *second;

  c->keep = TRUE;
  ck_assert_uint_eq (bridge_frame_producer_get_free_slots (producer), 0);
  configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 16, 16);
  ck_assert_uint_eq (bridge_frame_producer_get_free_slots (producer), 2);
  push_tag (producer, 1, 16, 16, 64);
  wait_seen (c, 1);
  push_tag (producer, 2, 16, 16, 64);
  wait_seen (c, 2);

  ck_assert_uint_eq (bridge_frame_producer_get_free_slots (producer), 0);
  /* Both slots are held: new frames are dropped, never blocked on, and
   * not announced. */
  push_tag (producer, 3, 16, 16, 64);
  push_tag (producer, 4, 16, 16, 64);
  ck_assert_uint_eq (bridge_frame_producer_get_pushed (producer), 4);
  ck_assert_uint_eq (bridge_frame_producer_get_dropped (producer), 2);

  /* Letting frame 1 go frees its slot for frame 5; frame 2 is untouched.
   * The consumer learns of 3 and 4 from the gap before 5. */
  g_ptr_array_remove_index (c->kept, 0);
  ck_assert_uint_eq (bridge_frame_producer_get_free_slots (producer), 1);
  push_tag (producer, 5, 16, 16, 64);
  wait_seen (c, 5);
  ck_assert_uint_eq (bridge_frame_consumer_get_received (c->consumer), 3);
  ck_assert_uint_eq (bridge_frame_consumer_get_dropped (c->consumer), 2);
  ck_assert_uint_eq (bridge_frame_consumer_get_producer_dropped (c->consumer), 2);
  ck_assert_uint_eq (bridge_frame_producer_get_dropped (producer), 2);
  ck_assert_msg (c->problem == NULL, "%s", c->problem);
  second = g_ptr_array_index (c->kept, 0);
  ck_assert_uint_eq (bridge_frame_get_sequence (second), 2);
  g_autofree char *problem = frame_pattern_check (bridge_frame_get_data (second, NULL), 2, 16, 16,
                                                  bridge_frame_get_stride (second));
  ck_assert_msg (problem == NULL, "a held frame changed: %s", problem);
  collector_free (c);
}
END_TEST

START_TEST (test_bytes_keep_the_frame)
{
  Collector *c = collector_new (host_side, 1);
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 1, 1);
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *problem = NULL;
  gsize size;

  configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 16, 16);
  push_tag (producer, 1, 16, 16, 64);
  wait_seen (c, 1);
  bytes = bridge_frame_get_bytes (bridge_frame_consumer_get_latest (c->consumer));
  collector_free (c);

  /* The consumer is gone; the bytes still hold the one slot. */
  push_tag (producer, 2, 16, 16, 64);
  ck_assert_uint_eq (bridge_frame_producer_get_dropped (producer), 1);
  problem = frame_pattern_check (g_bytes_get_data (bytes, &size), 1, 16, 16, 64);
  ck_assert_msg (problem == NULL, "%s", problem);
  ck_assert_uint_ge (size, 16 * 64);

  g_clear_pointer (&bytes, g_bytes_unref);
  push_tag (producer, 3, 16, 16, 64);
  ck_assert_msg (bridge_frame_producer_get_dropped (producer) == 1, "the slot was not freed with the bytes");
}
END_TEST

START_TEST (test_resize_mid_stream)
{
  Collector *c = collector_new (host_side, 2);
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 2, 3);
  BridgeFrame *first, *second;
  g_autofree char *problem = NULL;

  c->keep = TRUE;
  configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 32, 24);
  push_tag (producer, 1, 32, 24, 128);
  wait_seen (c, 1);
  configure (producer, BRIDGE_FRAME_FORMAT_RGBA, 80, 10);
  configure (producer, BRIDGE_FRAME_FORMAT_RGBA, 80, 10); /* unchanged: no new ring */
  push_tag (producer, 2, 80, 10, 320);
  wait_seen (c, 2);

  ck_assert_uint_eq (c->kept->len, 2);
  first = g_ptr_array_index (c->kept, 0);
  second = g_ptr_array_index (c->kept, 1);
  ck_assert_uint_eq (bridge_frame_get_width (first), 32);
  ck_assert_uint_eq (bridge_frame_get_width (second), 80);
  ck_assert_uint_eq (bridge_frame_get_height (second), 10);
  ck_assert_int_eq (bridge_frame_get_format (second), BRIDGE_FRAME_FORMAT_RGBA);
  ck_assert_msg (c->problem == NULL, "%s", c->problem);
  problem
      = frame_pattern_check (bridge_frame_get_data (first, NULL), 1, 32, 24, bridge_frame_get_stride (first));
  ck_assert_msg (problem == NULL, "a frame of the old ring changed: %s", problem);
  ck_assert_msg (count_mapped_rings () == 2, "expected the old and the new ring mapped, found %u",
                 count_mapped_rings ());

  /* The last frame of the old ring goes: the old ring is unmapped. */
  g_ptr_array_remove_index (c->kept, 0);
  ck_assert_msg (count_mapped_rings () == 1, "expected only the new ring mapped, found %u",
                 count_mapped_rings ());
  push_tag (producer, 3, 80, 10, 320);
  wait_seen (c, 3);
  ck_assert_uint_eq (bridge_frame_consumer_get_dropped (c->consumer), 0);
  ck_assert_uint_eq (c->errors->len, 0);
  collector_free (c);
  g_clear_object (&producer);
  ck_assert_uint_eq (count_mapped_rings (), 0);
}
END_TEST

START_TEST (test_streams_kept_apart)
{
  Collector *one = collector_new (host_side, 1);
  Collector *two = collector_new (host_side, 2);
  g_autoptr (BridgeFrameProducer) p1 = bridge_frame_producer_new (plugin_side, 1, 0);
  g_autoptr (BridgeFrameProducer) p2 = bridge_frame_producer_new (plugin_side, 2, 0);

  configure (p1, BRIDGE_FRAME_FORMAT_BGRA, 8, 8);
  configure (p2, BRIDGE_FRAME_FORMAT_RGBA, 12, 4);
  push_tag (p1, 1, 8, 8, 32);
  push_tag (p2, 2, 12, 4, 48);
  push_tag (p2, 3, 12, 4, 48);
  wait_seen (one, 1);
  wait_seen (two, 2);
  /* Stream 2's consumer takes the newer of its two on the first event. */
  ck_assert_uint_eq (one->n_frames, 1);
  ck_assert_uint_eq (two->n_frames, 1);
  ck_assert_uint_eq (bridge_frame_get_sequence (bridge_frame_consumer_get_latest (two->consumer)), 2);
  ck_assert_uint_eq (bridge_frame_get_width (bridge_frame_consumer_get_latest (one->consumer)), 8);
  ck_assert_uint_eq (bridge_frame_get_width (bridge_frame_consumer_get_latest (two->consumer)), 12);
  ck_assert_msg (one->problem == NULL && two->problem == NULL, "%s",
                 one->problem ? one->problem : two->problem);
  collector_free (one);
  collector_free (two);
}
END_TEST

typedef struct
{
  BridgeFrameProducer *producer;
  guint n;
  gboolean done;
  char *failure;
} Pusher;

static gpointer
push_thread (gpointer data)
{
  Pusher *p = data;

  for (guint i = 1; i <= p->n && p->failure == NULL; i++)
    {
      g_autofree guint8 *pixels = frame_pattern_new (i, 40, 30, 160);
      g_autoptr (GError) error = NULL;

      if (!bridge_frame_producer_push (p->producer, pixels, 160, FRAME_PATTERN_PTS (i), -1, &error))
        p->failure = g_strdup (error->message);
    }
  g_atomic_int_set (&p->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static gboolean
pusher_done (gpointer data)
{
  return g_atomic_int_get (&((Pusher *) data)->done);
}

START_TEST (test_push_from_another_thread)
{
  Collector *c = collector_new (host_side, 4);
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 4, 3);
  Pusher p = { producer, 300, FALSE, NULL };
  GThread *thread;

  configure (producer, BRIDGE_FRAME_FORMAT_BGRX, 40, 30);
  thread = g_thread_new ("pusher", push_thread, &p);
  ck_assert_msg (bridge_test_wait_until (pusher_done, &p, WAIT_MS), "the pushing thread hangs");
  g_thread_join (thread);
  ck_assert_msg (p.failure == NULL, "push failed: %s", p.failure);
  wait_seen (c, 300);
  ck_assert_msg (c->problem == NULL, "%s", c->problem);
  ck_assert_uint_eq (bridge_frame_producer_get_pushed (producer), 300);
  ck_assert_msg (
      bridge_frame_consumer_get_dropped (c->consumer) == bridge_frame_producer_get_dropped (producer),
      "consumer counted %" G_GUINT64_FORMAT " dropped, producer %" G_GUINT64_FORMAT,
      bridge_frame_consumer_get_dropped (c->consumer), bridge_frame_producer_get_dropped (producer));
  ck_assert_uint_ge (c->n_frames, 1);
  collector_free (c);
}
END_TEST

/* ---- misuse and closing ---- */

START_TEST (test_producer_argument_errors)
{
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 1, 4);
  guint8 pixels[64 * 4] = { 0 };
  GError *error = NULL;

  ck_assert (!bridge_frame_producer_push (producer, pixels, 64, 0, 0, &error));
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED), "push unconfigured: %s",
                 error->message);
  g_clear_error (&error);

  ck_assert (!bridge_frame_producer_configure (producer, BRIDGE_FRAME_FORMAT_INVALID, 8, 8, &error));
  ck_assert (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS));
  g_clear_error (&error);
  ck_assert (!bridge_frame_producer_configure (producer, 99, 8, 8, &error));
  ck_assert (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS));
  g_clear_error (&error);
  ck_assert (!bridge_frame_producer_configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 0, 8, &error));
  ck_assert (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS));
  g_clear_error (&error);
  ck_assert (!bridge_frame_producer_configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 20000, 8, &error));
  ck_assert (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS));
  g_clear_error (&error);
  ck_assert (!bridge_frame_producer_configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 16384, 16384, &error));
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED), "4 GiB ring: %s",
                 error->message);
  g_clear_error (&error);

  configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 8, 8);
  ck_assert (!bridge_frame_producer_push (producer, pixels, 31, 0, 0, &error));
  ck_assert (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS));
  g_clear_error (&error);

  /* push_bytes knows the size: 8 rows of 32 bytes need 256, not 255. */
  g_autoptr (GBytes) short_frame = g_bytes_new (pixels, 8 * 32 - 1);
  ck_assert (!bridge_frame_producer_push_bytes (producer, short_frame, 32, 0, 0, &error));
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS), "%s", error->message);
  ck_assert_msg (strstr (error->message, "255 bytes are too few for 8x8") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert_uint_eq (bridge_frame_producer_get_pushed (producer), 0);
  g_autoptr (GBytes) whole_frame = g_bytes_new (pixels, 8 * 32);
  ck_assert (bridge_frame_producer_push_bytes (producer, whole_frame, 32, 0, 0, &error));
  ck_assert_uint_eq (bridge_frame_producer_get_pushed (producer), 1);
}
END_TEST

static gboolean
is_closed (gpointer data)
{
  return bridge_connection_is_closed (data);
}

START_TEST (test_consumer_closes)
{
  Collector *c = collector_new (host_side, 1);
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 1, 4);
  guint8 pixels[16 * 64] = { 0 };
  GError *error = NULL;

  configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 16, 16);
  push_tag (producer, 1, 16, 16, 64);
  wait_seen (c, 1);

  bridge_connection_close (host_side);
  ck_assert_msg (bridge_test_wait_until (is_closed, plugin_side, WAIT_MS),
                 "the producer's side did not notice the close");
  /* Both sockets are closed now; nothing else may go or come. */
  fds_at_start = bridge_test_count_fds ();
  ck_assert (!bridge_frame_producer_push (producer, pixels, 64, 0, 0, &error));
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED),
                 "push after close: expected BRIDGE_ERROR_CLOSED, got %s", error->message);
  g_clear_error (&error);
  ck_assert (!bridge_frame_producer_configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 32, 32, &error));
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED),
                 "configure after close: expected BRIDGE_ERROR_CLOSED, got %s", error->message);
  g_clear_error (&error);

  /* The frame the consumer holds outlives the connection. */
  g_autofree char *problem = frame_pattern_check (
      bridge_frame_get_data (bridge_frame_consumer_get_latest (c->consumer), NULL), 1, 16, 16,
      bridge_frame_get_stride (bridge_frame_consumer_get_latest (c->consumer)));
  ck_assert_msg (problem == NULL, "%s", problem);
  collector_free (c);
}
END_TEST

/* ---- across processes ---- */

typedef struct
{
  GSubprocess *process;
  gboolean exited;
} Helper;

static void
on_helper_exit (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Helper *h = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  h->exited = TRUE;
}

/* Starts tests/frame-producer-helper on a socketpair; returns our end. */
static BridgeConnection *
helper_start (Helper *h, const char *mode, guint n, guint width, guint height, Collector **c)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *path = bridge_test_build_path ("frame-producer-helper");
  g_autofree char *n_str = g_strdup_printf ("%u", n);
  g_autofree char *w_str = g_strdup_printf ("%u", width);
  g_autofree char *h_str = g_strdup_printf ("%u", height);
  g_autoptr (GError) error = NULL;
  BridgeConnection *connection;
  int sv[2];

  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  g_subprocess_launcher_take_fd (launcher, sv[1], 3);
  h->process = g_subprocess_launcher_spawn (launcher, &error, path, "3", mode, n_str, w_str, h_str, NULL);
  ck_assert_msg (h->process != NULL, "cannot start %s: %s", path, error ? error->message : "?");
  g_subprocess_wait_async (h->process, NULL, on_helper_exit, h);

  connection = bridge_connection_new_for_fd (sv[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  ck_assert_msg (connection != NULL, "connection: %s", error ? error->message : "?");
  /* Listening before the handshake: the ring comes right after it. */
  *c = collector_new (connection, 7);
  ck_assert_msg (bridge_connection_handshake_sync (connection, NULL, &error), "handshake: %s",
                 error ? error->message : "?");
  return connection;
}

static void
helper_finish (Helper *h)
{
  ck_assert_msg (bridge_test_wait_for (&h->exited, WAIT_MS), "the producer helper did not exit");
  ck_assert_msg (g_subprocess_get_if_exited (h->process), "the producer helper was killed");
  ck_assert_msg (g_subprocess_get_exit_status (h->process) == 0, "the producer helper exited with %d",
                 g_subprocess_get_exit_status (h->process));
  g_clear_object (&h->process);
}

static gboolean
received_reached (gpointer data)
{
  Until *u = data;

  return bridge_frame_consumer_get_received (u->c->consumer) >= u->n;
}

START_TEST (test_process_frames)
{
  Helper h = { 0 };
  Collector *c;
  g_autoptr (BridgeConnection) connection = helper_start (&h, "count", 300, 64, 48, &c);

  wait_seen (c, 300);
  ck_assert_msg (c->problem == NULL, "%s", c->problem);
  ck_assert_uint_ge (c->n_frames, 1);
  ck_assert_uint_eq (c->errors->len, 0);
  ck_assert_uint_eq (bridge_frame_consumer_get_received (c->consumer)
                         + bridge_frame_consumer_get_dropped (c->consumer),
                     300);
  ck_assert_msg (bridge_frame_consumer_get_dropped (c->consumer)
                     == bridge_frame_consumer_get_producer_dropped (c->consumer),
                 "consumer counted %" G_GUINT64_FORMAT " dropped, the producer %" G_GUINT64_FORMAT,
                 bridge_frame_consumer_get_dropped (c->consumer),
                 bridge_frame_consumer_get_producer_dropped (c->consumer));
  ck_assert_uint_eq (bridge_frame_get_sequence (bridge_frame_consumer_get_latest (c->consumer)), 300);

  bridge_connection_close (connection);
  helper_finish (&h);
  collector_free (c);
  g_clear_object (&connection);
  /* GLib keeps a few fds of its own once a subprocess ran; none of them
   * is a socket or a memfd. */
  ck_assert_msg (count_fds_to ("socket:") == 0, "%u sockets left open", count_fds_to ("socket:"));
  ck_assert_msg (count_fds_to ("/memfd:") == 0, "%u memfds left open", count_fds_to ("/memfd:"));
  ck_assert_uint_eq (count_mapped_rings (), 0);
}
END_TEST

START_TEST (test_process_consumer_closes)
{
  Helper h = { 0 };
  Collector *c;
  g_autoptr (BridgeConnection) connection = helper_start (&h, "until-closed", 0, 320, 240, &c);
  Until u = { c, 20 };

  ck_assert_msg (bridge_test_wait_until (received_reached, &u, WAIT_MS),
                 "only %" G_GUINT64_FORMAT " frames arrived",
                 bridge_frame_consumer_get_received (c->consumer));
  ck_assert_msg (c->problem == NULL, "%s", c->problem);
  /* The helper exits 0 only when its push failed with BRIDGE_ERROR_CLOSED. */
  bridge_connection_close (connection);
  helper_finish (&h);
  collector_free (c);
}
END_TEST

static Suite *
frame_ring_suite (void)
{
  Suite *s = suite_create ("frame-ring");
  TCase *tc;

  tc = tcase_create ("frames");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_frames_arrive_with_pixels);
  tcase_add_test (tc, test_padded_input_stride);
  tcase_add_test (tc, test_slow_consumer_drops);
  tcase_add_test (tc, test_release_frees_slots);
  tcase_add_test (tc, test_bytes_keep_the_frame);
  tcase_add_test (tc, test_resize_mid_stream);
  tcase_add_test (tc, test_streams_kept_apart);
  tcase_add_test (tc, test_push_from_another_thread);
  suite_add_tcase (s, tc);

  tc = tcase_create ("misuse");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_producer_argument_errors);
  tcase_add_test (tc, test_consumer_closes);
  suite_add_tcase (s, tc);

  /* Against tests/frame-producer-helper: the test frame-ring-process. */
  tc = tcase_create ("process");
  tcase_set_tags (tc, BRIDGE_TEST_OWN_RUN);
  tcase_add_test (tc, test_process_frames);
  tcase_add_test (tc, test_process_consumer_closes);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (frame_ring_suite)
