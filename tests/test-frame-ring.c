/* test-frame-ring.c: frames through shared memory, and hostile producers
 *
 * Run without arguments for the in-process cases (suite "unit"), with
 * "process" for the ones against tests/frame-producer-helper.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-test-util.h"
#include "bridge-frame-ring-private.h"
#include "frame-pattern.h"

#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#define WAIT_MS 20000

static BridgeConnection *plugin_side;
static BridgeConnection *host_side;
static guint fds_at_start;

/* The fds of the pair and of GLib's main context come with it; whatever
 * a test adds must be gone by its end. */
static void
setup (void)
{
  bridge_test_connection_pair (&plugin_side, &host_side);
  fds_at_start = bridge_test_count_fds ();
}

static void
teardown (void)
{
  ck_assert_msg (bridge_test_count_fds () == fds_at_start, "%u fds open at the end, %u at the start",
                 bridge_test_count_fds (), fds_at_start);
  bridge_connection_close (plugin_side);
  bridge_connection_close (host_side);
  g_clear_object (&plugin_side);
  g_clear_object (&host_side);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- a consumer that records what it gets ---- */

typedef struct
{
  BridgeFrameConsumer *consumer;
  gboolean keep; /* keep a reference to every frame */
  GPtrArray *kept;
  guint n_frames;
  GPtrArray *errors;
  char *problem; /* the first wrong pixel */
} Collector;

static void
on_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, gpointer user_data)
{
  Collector *c = user_data;
  const guint8 *data = bridge_frame_get_data (frame, NULL);

  c->n_frames++;
  ck_assert_ptr_eq (frame, bridge_frame_consumer_get_latest (consumer));
  if (c->problem == NULL)
    c->problem = frame_pattern_check (data, FRAME_PATTERN_TAG (bridge_frame_get_pts (frame)),
                                      bridge_frame_get_width (frame), bridge_frame_get_height (frame),
                                      bridge_frame_get_stride (frame));
  if (c->keep)
    g_ptr_array_add (c->kept, bridge_frame_ref (frame));
}

static void
on_error (BridgeFrameConsumer *consumer, GError *error, gpointer user_data)
{
  Collector *c = user_data;

  g_ptr_array_add (c->errors, g_error_copy (error));
}

static Collector *
collector_new (BridgeConnection *connection, guint32 stream_id)
{
  Collector *c = g_new0 (Collector, 1);

  c->consumer = bridge_frame_consumer_new (connection, stream_id);
  c->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) bridge_frame_unref);
  c->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_signal_connect (c->consumer, "frame", G_CALLBACK (on_frame), c);
  g_signal_connect (c->consumer, "error", G_CALLBACK (on_error), c);
  return c;
}

static void
collector_free (Collector *c)
{
  g_object_unref (c->consumer);
  g_ptr_array_unref (c->kept);
  g_ptr_array_unref (c->errors);
  g_free (c->problem);
  g_free (c);
}

static guint64
seen (Collector *c)
{
  return bridge_frame_consumer_get_received (c->consumer) + bridge_frame_consumer_get_dropped (c->consumer);
}

typedef struct
{
  Collector *c;
  guint64 n;
} Until;

static gboolean
seen_reached (gpointer data)
{
  Until *u = data;

  return seen (u->c) >= u->n;
}

static gboolean
errors_reached (gpointer data)
{
  Until *u = data;

  return u->c->errors->len >= u->n;
}

static void
wait_seen (Collector *c, guint64 n)
{
  Until u = { c, n };

  ck_assert_msg (bridge_test_wait_until (seen_reached, &u, WAIT_MS),
                 "only %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " frames seen", seen (c), n);
}

static void
wait_errors (Collector *c, guint n)
{
  Until u = { c, n };

  ck_assert_msg (bridge_test_wait_until (errors_reached, &u, WAIT_MS), "only %u of %u errors reported",
                 c->errors->len, n);
}

static void
push_tag (BridgeFrameProducer *producer, guint64 tag, guint width, guint height, guint stride)
{
  g_autofree guint8 *data = frame_pattern_new (tag, width, height, stride);
  g_autoptr (GError) error = NULL;

  ck_assert_msg (
      bridge_frame_producer_push (producer, data, stride, FRAME_PATTERN_PTS (tag), 40000000, &error),
      "push of frame %" G_GUINT64_FORMAT " failed: %s", tag, error ? error->message : "?");
}

static void
configure (BridgeFrameProducer *producer, BridgeFrameFormat format, guint width, guint height)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (bridge_frame_producer_configure (producer, format, width, height, &error),
                 "configure %ux%u failed: %s", width, height, error ? error->message : "?");
}

/* Distinct memfds called @name mapped into this process. */
static guint
count_mapped (const char *name)
{
  g_autofree char *needle = g_strconcat ("/memfd:", name, " ", NULL);
  g_autofree char *maps = NULL;
  g_autoptr (GHashTable) inodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = NULL;

  ck_assert (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      {
        g_auto (GStrv) fields = g_strsplit_set (lines[i], " ", -1);
        guint n = 0;

        /* address perms offset dev inode path: the fifth field */
        for (guint f = 0; fields[f] != NULL; f++)
          if (*fields[f] != '\0' && ++n == 5)
            g_hash_table_add (inodes, g_strdup (fields[f]));
      }
  return g_hash_table_size (inodes);
}

/* Open fds whose /proc/self/fd link starts with @prefix. */
static guint
count_fds_to (const char *prefix)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  ck_assert (dir != NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_str_has_prefix (target, prefix))
        n++;
    }
  return n;
}

static guint
count_mapped_rings (void)
{
  return count_mapped ("libbridge-frame-ring");
}

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

/* ---- hostile producers: hand-made rings and frames ---- */

enum
{
  FD_SEALED,
  FD_UNSEALED,
  FD_WRITE_SEALED,
  FD_PIPE,
  FD_FILE,
  FD_NONE,
};

typedef struct
{
  const char *name;
  int fd_kind;
  guint64 fd_size;
  guint n_slots;
  guint64 slot_size;
  guint64 data_offset; /* G_MAXUINT64: one page */
  guint format;
  guint width;
  guint height;
  guint stride;
  gint32 handle;
  const char *expect;
} BadRing;

#define PAGE G_MAXUINT64
#define GOOD_RING FD_SEALED, 3 * 4096, 2, 4096, PAGE, BRIDGE_FRAME_FORMAT_BGRA, 16, 16, 64, 0

static const BadRing bad_rings[] = {
  { "unsealed memfd", FD_UNSEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, 0,
    "not sealed against shrinking" },
  { "pipe", FD_PIPE, 0, 2, 4096, PAGE, 1, 16, 16, 64, 0, "not a sealable memfd" },
  { "regular file", FD_FILE, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, 0, "seal" },
  { "memfd too small", FD_SEALED, 2 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, 0, "the ring needs" },
  { "write-sealed memfd", FD_WRITE_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, 0, "cannot be mapped" },
  { "no slots", FD_SEALED, 3 * 4096, 0, 4096, PAGE, 1, 16, 16, 64, 0, "slot count out of range" },
  { "65 slots", FD_SEALED, 3 * 4096, 65, 4096, PAGE, 1, 16, 16, 64, 0, "slot count out of range" },
  { "empty slots", FD_SEALED, 3 * 4096, 2, 0, PAGE, 1, 16, 16, 64, 0, "slot size out of range" },
  { "1 TiB slots", FD_SEALED, 3 * 4096, 2, G_GUINT64_CONSTANT (1) << 40, PAGE, 1, 16, 16, 64, 0,
    "slot size out of range" },
  { "64 GiB ring", FD_SEALED, 3 * 4096, 64, G_GUINT64_CONSTANT (1) << 30, PAGE, 1, 16, 16, 64, 0,
    "ring too large" },
  { "unaligned data", FD_SEALED, 3 * 4096, 2, 4096, 100, 1, 16, 16, 64, 0, "not page aligned" },
  { "data over control", FD_SEALED, 3 * 4096, 2, 4096, 0, 1, 16, 16, 64, 0, "overlaps the control" },
  { "huge data offset", FD_SEALED, 3 * 4096, 2, 4096, G_GUINT64_CONSTANT (1) << 52, 1, 16, 16, 64, 0,
    "ring too large" },
  { "format 0", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 0, 16, 16, 64, 0, "unknown format" },
  { "format 77", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 77, 16, 16, 64, 0, "unknown format" },
  { "width 0", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 0, 16, 64, 0, "size out of range" },
  { "short stride", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 32, 0, "stride too small" },
  { "frames over a slot", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 100, 64, 0, "larger than a slot" },
  { "fd index past the list", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, 1, "names fd 1 of 1" },
  { "negative fd index", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, -1, "names fd -1 of 1" },
  { "no fd", FD_NONE, 0, 2, 4096, PAGE, 1, 16, 16, 64, 0, "names fd 0 of 0" },
};

static guint64
page_size (void)
{
  return (guint64) sysconf (_SC_PAGESIZE);
}

static int
make_fd (int kind, guint64 size)
{
  int fd = -1;

  switch (kind)
    {
      case FD_SEALED:
      case FD_UNSEALED:
      case FD_WRITE_SEALED:
        fd = memfd_create ("test-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        ck_assert_int_ge (fd, 0);
        ck_assert_int_eq (ftruncate (fd, (off_t) size), 0);
        if (kind == FD_SEALED)
          ck_assert_int_eq (fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL), 0);
        else if (kind == FD_WRITE_SEALED)
          ck_assert_int_eq (fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_WRITE), 0);
        return fd;
      case FD_PIPE:
        {
          int p[2];

          ck_assert_int_eq (pipe2 (p, O_CLOEXEC), 0);
          close (p[1]);
          return p[0];
        }
      case FD_FILE:
        {
          g_autofree char *path = g_build_filename (g_get_home_dir (), "not-a-memfd", NULL);

          fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
          ck_assert_int_ge (fd, 0);
          ck_assert_int_eq (ftruncate (fd, (off_t) size), 0);
          unlink (path);
          return fd;
        }
      default:
        return -1;
    }
}

/* Emits a Ring event by hand; takes @fd (-1 for none). */
static void
emit_ring (guint32 stream,
           guint32 generation,
           guint32 n_slots,
           guint64 slot_size,
           guint64 data_offset,
           guint32 format,
           guint32 width,
           guint32 height,
           guint32 stride,
           int fd,
           gint32 handle)
{
  g_autoptr (GUnixFDList) fds = fd >= 0 ? g_unix_fd_list_new_from_array (&fd, 1) : NULL;
  g_autoptr (GError) error = NULL;

  ck_assert_msg (
      bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Ring",
                              g_variant_new ("(uuuttuuuuh)", stream, generation, n_slots, slot_size,
                                             data_offset, format, width, height, stride, handle),
                              fds, &error),
      "emit Ring: %s", error ? error->message : "?");
}

static void
emit_frame (guint32 stream,
            guint32 generation,
            guint32 slot,
            guint64 sequence,
            guint32 width,
            guint32 height,
            guint32 stride,
            guint32 format)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (
      bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Frame",
                              g_variant_new ("(uuutuuuuxxt)", stream, generation, slot, sequence, width,
                                             height, stride, format, (gint64) 0, (gint64) -1, (guint64) 0),
                              NULL, &error),
      "emit Frame: %s", error ? error->message : "?");
}

START_TEST (test_hostile_ring_refused)
{
  const BadRing *bad = &bad_rings[_i];
  Collector *c = collector_new (host_side, 9);
  guint64 data_offset = bad->data_offset == PAGE ? page_size () : bad->data_offset;
  GError *error;

  emit_ring (9, 1, bad->n_slots, bad->slot_size, data_offset, bad->format, bad->width, bad->height,
             bad->stride, make_fd (bad->fd_kind, bad->fd_size), bad->handle);
  wait_errors (c, 1);
  error = g_ptr_array_index (c->errors, 0);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME),
                 "%s: expected BRIDGE_ERROR_BAD_FRAME, got %s", bad->name, error->message);
  ck_assert_msg (strstr (error->message, bad->expect) != NULL, "%s: expected \"%s\" in \"%s\"", bad->name,
                 bad->expect, error->message);

  /* A frame of the refused ring is quietly ignored. */
  emit_frame (9, 1, 0, 1, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 1);
  ck_assert_msg (c->n_frames == 0, "%s: a frame of a refused ring was delivered", bad->name);
  ck_assert_uint_eq (c->errors->len, 1);
  ck_assert_uint_eq (count_mapped ("test-ring"), 0);
  ck_assert (!bridge_connection_is_closed (host_side));
  collector_free (c);
}
END_TEST

/* A well-formed ring made by the test, mapped here so the test can play
 * the producer's part in the control words. */
typedef struct
{
  guint8 *base;
  gsize size;
} HandRing;

static void
hand_ring_announce (HandRing *ring, guint32 stream, guint32 generation)
{
  int fd = make_fd (FD_SEALED, page_size () + 2 * 4096);

  ring->size = page_size () + 2 * 4096;
  ring->base = mmap (NULL, ring->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ck_assert (ring->base != MAP_FAILED);
  emit_ring (stream, generation, 2, 4096, page_size (), BRIDGE_FRAME_FORMAT_BGRA, 16, 16, 64, fd, 0);
}

static _Atomic guint64 *
hand_ring_word (HandRing *ring, guint slot)
{
  return (_Atomic guint64 *) (ring->base + slot * BRIDGE_FRAME_SLOT_CONTROL_SIZE);
}

static void
hand_ring_clear (HandRing *ring)
{
  munmap (ring->base, ring->size);
}

typedef struct
{
  const char *name;
  guint32 generation;
  guint32 slot;
  guint64 sequence;
  guint32 width;
  guint32 height;
  guint32 stride;
  guint32 format;
  const char *expect;
} BadFrame;

static const BadFrame bad_frames[] = {
  { "slot past the ring", 1, 2, 1, 16, 16, 64, 1, "slot 2 of a ring of 2" },
  { "slot 2^32-1", 1, G_MAXUINT32, 1, 16, 16, 64, 1, "slot 4294967295 of a ring of 2" },
  { "stride below the width", 1, 0, 1, 16, 16, 60, 1, "stride too small" },
  { "stride not a multiple of 4", 1, 0, 1, 16, 16, 66, 1, "stride too small or not a multiple of 4" },
  { "taller than a slot", 1, 0, 1, 16, 100, 64, 1, "larger than a slot" },
  { "stride x height wraps 32 bits", 1, 0, 1, 16384, 16384, 262144, 1, "larger than a slot" },
  { "width 0", 1, 0, 1, 0, 16, 64, 1, "size out of range" },
  { "height 20000", 1, 0, 1, 16, 20000, 64, 1, "size out of range" },
  { "format 0", 1, 0, 1, 16, 16, 64, 0, "unknown format" },
  { "format 5", 1, 0, 1, 16, 16, 64, 5, "unknown format" },
  { "unknown generation", 2, 0, 1, 16, 16, 64, 1, "names ring generation 2, the ring is generation 1" },
  { "sequence 0", 1, 0, 0, 16, 16, 64, 1, "sequence 0 does not follow 0" },
  { "sequence past 56 bits", 1, 0, G_GUINT64_CONSTANT (1) << 56, 16, 16, 64, 1, "does not follow" },
};

START_TEST (test_hostile_frame_refused)
{
  const BadFrame *bad = &bad_frames[_i];
  Collector *c = collector_new (host_side, 5);
  HandRing ring;
  GError *error;

  hand_ring_announce (&ring, 5, 1);
  atomic_store (hand_ring_word (&ring, 0), BRIDGE_FRAME_SLOT_WORD (bad->sequence, BRIDGE_FRAME_SLOT_READY));
  emit_frame (5, bad->generation, bad->slot, bad->sequence, bad->width, bad->height, bad->stride,
              bad->format);
  wait_errors (c, 1);
  error = g_ptr_array_index (c->errors, 0);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME),
                 "%s: expected BRIDGE_ERROR_BAD_FRAME, got %s", bad->name, error->message);
  ck_assert_msg (strstr (error->message, bad->expect) != NULL, "%s: expected \"%s\" in \"%s\"", bad->name,
                 bad->expect, error->message);
  ck_assert_msg (c->n_frames == 0, "%s: the frame was delivered", bad->name);
  ck_assert_msg (atomic_load (hand_ring_word (&ring, 0))
                     == BRIDGE_FRAME_SLOT_WORD (bad->sequence, BRIDGE_FRAME_SLOT_READY),
                 "%s: the slot was touched", bad->name);

  /* The stream goes on with good frames. */
  atomic_store (hand_ring_word (&ring, 1), BRIDGE_FRAME_SLOT_WORD (1000, BRIDGE_FRAME_SLOT_READY));
  emit_frame (5, 1, 1, 1000, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 1000);
  ck_assert_msg (c->n_frames == 1, "%s: the good frame after it did not arrive", bad->name);
  hand_ring_clear (&ring);
  collector_free (c);
}
END_TEST

START_TEST (test_hostile_malformed_events)
{
  Collector *c = collector_new (host_side, 5);
  g_autoptr (GError) error = NULL;

  /* Wrong argument types: a stream id of another consumer is not ours to
   * complain about; one that is ours, or none at all, is. */
  ck_assert (bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Frame",
                                     g_variant_new ("(us)", 6, "x"), NULL, &error));
  ck_assert (bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Frame",
                                     g_variant_new ("(us)", 5, "x"), NULL, &error));
  ck_assert (bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Ring",
                                     g_variant_new ("(s)", "x"), NULL, &error));
  ck_assert (bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Ring", g_variant_new ("()"),
                                     NULL, &error));
  /* Same event names on another interface are not ours at all. */
  ck_assert (bridge_connection_emit (plugin_side, "org.example.Other", "Frame",
                                     g_variant_new ("(us)", 5, "x"), NULL, &error));
  wait_errors (c, 3);
  for (guint i = 0; i < 3; i++)
    {
      GError *e = g_ptr_array_index (c->errors, i);

      ck_assert_msg (strstr (e->message, "arguments of type") != NULL, "error %u: %s", i, e->message);
    }
  /* Nothing else is pending: a good round trip proves the other events
   * were consumed without further errors. */
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 5, 0);
  configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 4, 4);
  push_tag (producer, 1, 4, 4, 16);
  wait_seen (c, 1);
  ck_assert_uint_eq (c->errors->len, 3);
  collector_free (c);
}
END_TEST

START_TEST (test_hostile_generation_goes_back)
{
  Collector *c = collector_new (host_side, 5);
  HandRing first, second;
  GError *error;

  hand_ring_announce (&first, 5, 7);
  hand_ring_announce (&second, 5, 7);
  wait_errors (c, 1);
  error = g_ptr_array_index (c->errors, 0);
  ck_assert_msg (strstr (error->message, "generation 7 does not follow generation 7") != NULL, "%s",
                 error->message);
  /* The stream stops at a bad ring: once the test's own mappings go, no
   * ring is mapped any more. */
  hand_ring_clear (&first);
  hand_ring_clear (&second);
  ck_assert_uint_eq (count_mapped ("test-ring"), 0);
  collector_free (c);
}
END_TEST

START_TEST (test_hostile_slot_states)
{
  Collector *c = collector_new (host_side, 5);
  HandRing ring;

  hand_ring_announce (&ring, 5, 1);

  /* Announced but not READY in memory (or READY with another sequence):
   * not taken, counted as dropped, not an error. */
  atomic_store (hand_ring_word (&ring, 0), BRIDGE_FRAME_SLOT_WORD (1, BRIDGE_FRAME_SLOT_WRITING));
  emit_frame (5, 1, 0, 1, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  atomic_store (hand_ring_word (&ring, 1), BRIDGE_FRAME_SLOT_WORD (9, BRIDGE_FRAME_SLOT_READY));
  emit_frame (5, 1, 1, 2, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 2);
  ck_assert_uint_eq (c->n_frames, 0);
  ck_assert_uint_eq (bridge_frame_consumer_get_dropped (c->consumer), 2);
  ck_assert_uint_eq (c->errors->len, 0);

  /* A good one: READY -> READING while held, FREE once let go. */
  atomic_store (hand_ring_word (&ring, 0), BRIDGE_FRAME_SLOT_WORD (3, BRIDGE_FRAME_SLOT_READY));
  emit_frame (5, 1, 0, 3, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 3);
  ck_assert_uint_eq (c->n_frames, 1);
  ck_assert_msg (atomic_load (hand_ring_word (&ring, 0))
                     == BRIDGE_FRAME_SLOT_WORD (3, BRIDGE_FRAME_SLOT_READING),
                 "a taken slot must be READING(3), is 0x%" G_GINT64_MODIFIER "x",
                 (guint64) atomic_load (hand_ring_word (&ring, 0)));
  collector_free (c);
  ck_assert_msg (atomic_load (hand_ring_word (&ring, 0))
                     == BRIDGE_FRAME_SLOT_WORD (3, BRIDGE_FRAME_SLOT_FREE),
                 "a released slot must be FREE(3), is 0x%" G_GINT64_MODIFIER "x",
                 (guint64) atomic_load (hand_ring_word (&ring, 0)));
  hand_ring_clear (&ring);
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

  tc = tcase_create ("hostile");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_loop_test (tc, test_hostile_ring_refused, 0, G_N_ELEMENTS (bad_rings));
  tcase_add_loop_test (tc, test_hostile_frame_refused, 0, G_N_ELEMENTS (bad_frames));
  tcase_add_test (tc, test_hostile_malformed_events);
  tcase_add_test (tc, test_hostile_generation_goes_back);
  tcase_add_test (tc, test_hostile_slot_states);
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
