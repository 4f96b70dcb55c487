/* frames.c: 1080p BGRA frames from one process to another, three ways
 *
 *   libbridge    a BridgeFrameProducer in a child process, pushing from a
 *                worker thread, to a BridgeFrameConsumer here
 *   memfd_limit  the bare minimum: a memfd of 4 slots and a 4-byte "slot N
 *                is ready" / "slot N is free" message over a
 *                SOCK_SEQPACKET socketpair per frame, no library at all;
 *                the producer fills the lowest free slot
 *   gst_shm      GStreamer's shmsink (appsrc ! shmsink) in one child,
 *                shmsrc ! appsink in another
 *
 * In each, the producer copies a prepared frame into shared memory (one
 * copy, as a decoder's output would be copied) as fast as it can, and the
 * consumer reads every byte of each frame it gets. The two baselines block
 * the producer when all 4 slots are unread; libbridge never does, so when
 * its consumer is slower the producer overwrites unread frames (drops) and
 * its wasted copies compete with the consumer for memory bandwidth. One
 * more run, libbridge_paced, offers frames at the rate memfd_limit reached
 * in the same round: it shows whether the ring sustains the bare rate.
 *
 * Producers run on CPU 1 and consumers on CPU 0 (when there are two):
 * left to itself the scheduler often wakes a blocked consumer on its
 * producer's CPU, and the two then take turns on one core; how often that
 * happens decides a run more than the method does.
 *
 * Printed per method, each the median over the rounds:
 *   frames_1080p_fps.<method>       frames the consumer read, per second,
 *                                   from its first frame to its last
 *   cpu_us_per_frame.<method>       CPU time (user + system) of both
 *                                   processes per frame read
 *   frames_1080p_dropped.<method>   frames that never reached the consumer
 *
 * Usage: bench-frames [--frames N] [--rounds R] [--only METHOD]
 * Children are this same program, started with --child ROLE. This process
 * never initialises GStreamer, so it may start children at any time.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <bridge.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include "bench-util.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define WIDTH 1920
#define HEIGHT 1080
#define STRIDE (WIDTH * 4)
#define FRAME_SIZE ((gsize) STRIDE * HEIGHT)
static guint n_slots = 4;
#define N_SLOTS n_slots
#define STREAM_ID 1
#define SOCKET_FD BENCH_CHILD_FD
#define MEMFD_FD (BENCH_CHILD_FD + 1)
#define CONSUMER_CPU 0
#define PRODUCER_CPU 1
#define GST_WAIT_S 30

static guint8 *
source_frame (void)
{
  guint8 *frame = g_malloc (FRAME_SIZE);

  for (gsize i = 0; i < FRAME_SIZE; i++)
    frame[i] = (guint8) (i * 7 + (i >> 12));
  return frame;
}

/* What one run measured on the consumer side. */
typedef struct
{
  guint64 frames;
  guint64 dropped;
  gint64 first_us;
  gint64 last_us;
  gint64 cpu_us; /* both processes */
} Result;

static void
result_frame (Result *r)
{
  gint64 now = g_get_monotonic_time ();

  if (r->frames++ == 0)
    r->first_us = now;
  r->last_us = now;
}

/* Frames per second, the first frame opening the window; 0 if too few. */
static double
result_fps (const Result *r)
{
  double seconds = (r->last_us - r->first_us) / 1e6;

  return r->frames >= 2 && seconds > 0 ? (r->frames - 1) / seconds : 0;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values, guint n)
{
  qsort (values, n, sizeof *values, compare_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* The median of each figure over the rounds: the machine may be shared,
 * and the median shrugs off a round that another process disturbed. */
static void
report (const char *method, const Result *results, guint n)
{
  g_autofree double *fps = g_new (double, n);
  g_autofree double *cpu = g_new (double, n);
  g_autofree double *dropped = g_new (double, n);
  g_autofree char *fps_key = g_strdup_printf ("frames_1080p_fps.%s", method);
  g_autofree char *cpu_key = g_strdup_printf ("cpu_us_per_frame.%s", method);
  g_autofree char *dropped_key = g_strdup_printf ("frames_1080p_dropped.%s", method);

  for (guint i = 0; i < n; i++)
    {
      if (results[i].frames < 2)
        {
          g_printerr ("bench-frames: %s: only %" G_GUINT64_FORMAT " frames arrived in round %u\n", method,
                      results[i].frames, i + 1);
          return;
        }
      fps[i] = result_fps (&results[i]);
      cpu[i] = (double) results[i].cpu_us / results[i].frames;
      dropped[i] = (double) results[i].dropped;
    }
  /* The spread, for people: these runs are bound by memory bandwidth and
   * cache, which neighbours on the machine share. */
  g_printerr ("bench-frames: %s fps per round:", method);
  for (guint i = 0; i < n; i++)
    g_printerr (" %.0f", fps[i]);
  g_printerr ("\n");
  bench_print (fps_key, "%.1f", median (fps, n));
  bench_print (cpu_key, "%.1f", median (cpu, n));
  bench_print (dropped_key, "%.0f", median (dropped, n));
}

static GSubprocess *
spawn_child (
    GSubprocessFlags flags, const char *role, guint n_frames, int socket_fd, int memfd, const char *arg)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *n = g_strdup_printf ("%u", n_frames);
  g_autofree char *slots = g_strdup_printf ("%u", n_slots);
  g_autoptr (GError) error = NULL;
  GSubprocess *child;

  if (socket_fd >= 0)
    g_subprocess_launcher_take_fd (launcher, socket_fd, SOCKET_FD);
  if (memfd >= 0)
    g_subprocess_launcher_take_fd (launcher, memfd, MEMFD_FD);
  child = g_subprocess_launcher_spawn (launcher, &error, self, "--slots", slots, "--child", role, n,
                                       arg != NULL ? arg : "-", NULL);
  if (child == NULL)
    g_error ("bench-frames: cannot start the %s child: %s", role, error->message);
  return child;
}

/* ---- libbridge ---- */

typedef struct
{
  BridgeFrameProducer *producer;
  guint n_frames;
  gint64 interval_ns; /* 0: as fast as it can */
} PushJob;

static gpointer
bridge_push_thread (gpointer data)
{
  PushJob *job = data;
  g_autofree guint8 *frame = source_frame ();
  struct timespec next;

  clock_gettime (CLOCK_MONOTONIC, &next);
  for (guint i = 0; i < job->n_frames; i++)
    {
      g_autoptr (GError) error = NULL;

      /* Absolute deadlines: a late frame does not push the later ones. */
      if (job->interval_ns > 0)
        {
          clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
          next.tv_nsec += job->interval_ns;
          next.tv_sec += next.tv_nsec / 1000000000;
          next.tv_nsec %= 1000000000;
        }
      if (!bridge_frame_producer_push (job->producer, frame, STRIDE, i * 1000, -1, &error))
        {
          g_printerr ("bench-frames: push: %s\n", error->message);
          break;
        }
    }
  return NULL;
}

static void
quit_on_close (BridgeConnection *connection, BridgeCloseReason reason, const char *message, gpointer loop)
{
  g_main_loop_quit (loop);
}

static int
bridge_producer_main (guint n_frames, const char *interval)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (BridgeConnection) connection = bridge_connection_new_for_fd (SOCKET_FD, 0, &error);
  g_autoptr (BridgeFrameProducer) producer = NULL;
  PushJob job;
  GThread *thread;

  if (connection == NULL || !bridge_connection_handshake_sync (connection, NULL, &error))
    g_error ("bench-frames: producer: %s", error->message);
  g_signal_connect (connection, "closed", G_CALLBACK (quit_on_close), loop);
  producer = bridge_frame_producer_new (connection, STREAM_ID, N_SLOTS);
  if (!bridge_frame_producer_configure (producer, BRIDGE_FRAME_FORMAT_BGRA, WIDTH, HEIGHT, &error))
    g_error ("bench-frames: producer: %s", error->message);

  job = (PushJob){ producer, n_frames, interval != NULL ? g_ascii_strtoll (interval, NULL, 10) : 0 };
  thread = g_thread_new ("push", bridge_push_thread, &job);
  g_main_loop_run (loop);
  g_thread_join (thread);
  return 0;
}

typedef struct
{
  Result result;
  guint n_frames;
  GMainLoop *loop;
  BridgeFrameConsumer *consumer;
} BridgeRun;

static void
on_bridge_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, gpointer user_data)
{
  BridgeRun *run = user_data;
  gsize size;
  const guint8 *data = bridge_frame_get_data (frame, &size);

  bench_read_frame (data, size);
  result_frame (&run->result);
  if (bridge_frame_get_sequence (frame) >= run->n_frames)
    g_main_loop_quit (run->loop);
}

static Result
bench_libbridge (guint n_frames, gint64 interval_ns)
{
  g_autofree char *interval = g_strdup_printf ("%" G_GINT64_FORMAT, interval_ns);
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GSubprocess) child = NULL;
  BridgeRun run = { .n_frames = n_frames, .loop = loop };
  gint64 cpu_self, cpu_children;
  gulong closed_handler;
  int sv[2];

  bench_socketpair (SOCK_STREAM, sv);
  cpu_self = bench_cpu_us (RUSAGE_SELF);
  cpu_children = bench_cpu_us (RUSAGE_CHILDREN);
  child = spawn_child (G_SUBPROCESS_FLAGS_NONE, "bridge-producer", n_frames, sv[1], -1, interval);
  connection = bridge_connection_new_for_fd (sv[0], 0, &error);
  if (connection == NULL)
    g_error ("bench-frames: %s", error->message);
  run.consumer = bridge_frame_consumer_new (connection, STREAM_ID);
  g_signal_connect (run.consumer, "frame", G_CALLBACK (on_bridge_frame), &run);
  closed_handler = g_signal_connect (connection, "closed", G_CALLBACK (quit_on_close), loop);
  if (!bridge_connection_handshake_sync (connection, NULL, &error))
    g_error ("bench-frames: handshake: %s", error->message);
  g_main_loop_run (loop);
  g_signal_handler_disconnect (connection, closed_handler);

  /* Frames never announced, or overwritten before they were taken. */
  run.result.dropped = n_frames - run.result.frames;
  g_clear_object (&run.consumer);
  bridge_connection_close (connection);
  bench_reap (child);
  run.result.cpu_us = bench_cpu_us (RUSAGE_SELF) - cpu_self + bench_cpu_us (RUSAGE_CHILDREN) - cpu_children;
  return run.result;
}

/* ---- bare memfd ---- */

static int
memfd_producer_main (guint n_frames)
{
  g_autofree guint8 *frame = source_frame ();
  guint8 *ring
      = mmap (NULL, N_SLOTS * FRAME_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, MEMFD_FD, 0);
  guint64 free_slots = (N_SLOTS < 64 ? (G_GUINT64_CONSTANT (1) << N_SLOTS) : 0) - 1;

  if (ring == MAP_FAILED)
    g_error ("bench-frames: memfd producer: mmap: %s", g_strerror (errno));
  for (guint i = 0; i < n_frames; i++)
    {
      guint32 slot, released;

      /* Take back what the consumer released, waiting only when nothing
       * is free; then fill the lowest free slot. Reusing the same few
       * slots keeps them in cache, as libbridge's producer (which takes
       * the first free slot) and shmsink's allocator do: a round-robin
       * ring of 4 x 8 MB outgrows the cache and would make this "limit"
       * the slowest of the three. */
      while (recv (SOCKET_FD, &released, sizeof released, free_slots != 0 ? MSG_DONTWAIT : 0)
             == sizeof released)
        {
          if (released >= N_SLOTS)
            return 1;
          free_slots |= G_GUINT64_CONSTANT (1) << released;
        }
      if (free_slots == 0)
        return 1; /* the consumer went away */
      slot = (guint32) g_bit_nth_lsf (free_slots, -1);
      free_slots &= ~(G_GUINT64_CONSTANT (1) << slot);
      memcpy (ring + slot * FRAME_SIZE, frame, FRAME_SIZE);
      if (write (SOCKET_FD, &slot, sizeof slot) != sizeof slot)
        return 1;
    }
  return 0;
}

static Result
bench_memfd_limit (guint n_frames)
{
  g_autoptr (GSubprocess) child = NULL;
  Result result = { 0 };
  gint64 cpu_self, cpu_children;
  const guint8 *ring;
  int sv[2], memfd;

  memfd = memfd_create ("frames-bench", MFD_CLOEXEC);
  if (memfd < 0 || ftruncate (memfd, N_SLOTS * FRAME_SIZE) < 0)
    g_error ("bench-frames: memfd ring: %s", g_strerror (errno));
  bench_socketpair (SOCK_SEQPACKET, sv);
  /* Populated up front on both sides, as a bare ring at its best: page
   * faults in the first frames would let the producer get ahead, and a
   * consumer that reads frames written 3 slots ago reads them from
   * memory, not cache, and never catches up (docs/PERFORMANCE.md). */
  ring = mmap (NULL, N_SLOTS * FRAME_SIZE, PROT_READ, MAP_SHARED | MAP_POPULATE, memfd, 0);
  if (ring == MAP_FAILED)
    g_error ("bench-frames: mmap: %s", g_strerror (errno));

  cpu_self = bench_cpu_us (RUSAGE_SELF);
  cpu_children = bench_cpu_us (RUSAGE_CHILDREN);
  child = spawn_child (G_SUBPROCESS_FLAGS_NONE, "memfd-producer", n_frames, sv[1], memfd, NULL);
  for (guint i = 0; i < n_frames; i++)
    {
      guint32 slot;

      if (read (sv[0], &slot, sizeof slot) != sizeof slot || slot >= N_SLOTS)
        break;
      bench_read_frame (ring + slot * FRAME_SIZE, FRAME_SIZE);
      result_frame (&result);
      if (write (sv[0], &slot, sizeof slot) != sizeof slot)
        break;
    }
  close (sv[0]);
  bench_reap (child);
  result.cpu_us = bench_cpu_us (RUSAGE_SELF) - cpu_self + bench_cpu_us (RUSAGE_CHILDREN) - cpu_children;
  munmap ((void *) ring, N_SLOTS * FRAME_SIZE);
  return result;
}

/* ---- GStreamer shmsink / shmsrc ---- */

#define GST_CAPS_1080P "video/x-raw,format=BGRA,width=1920,height=1080,framerate=0/1"

typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean gone;
} Disconnect;

static void
on_client_disconnected (GstElement *shmsink, int client, gpointer user_data)
{
  Disconnect *d = user_data;

  g_mutex_lock (&d->lock);
  d->gone = TRUE;
  g_cond_signal (&d->cond);
  g_mutex_unlock (&d->lock);
}

static int
gst_producer_main (guint n_frames, const char *path)
{
  g_autofree guint8 *frame = NULL;
  g_autofree char *description = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) src = NULL;
  g_autoptr (GstElement) shmsink = NULL;
  Disconnect d = { 0 };
  gint64 deadline;

  gst_init (NULL, NULL);
  frame = source_frame ();
  description = g_strdup_printf ("appsrc name=src caps=" GST_CAPS_1080P " format=time block=true "
                                 "max-bytes=%" G_GSIZE_FORMAT " ! shmsink name=sink socket-path=%s "
                                 "shm-size=%" G_GSIZE_FORMAT " wait-for-connection=true sync=false",
                                 2 * FRAME_SIZE, path, (N_SLOTS + 1) * FRAME_SIZE);
  pipeline = gst_parse_launch (description, &error);
  if (pipeline == NULL)
    g_error ("bench-frames: gst producer: %s", error->message);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  shmsink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_signal_connect (shmsink, "client-disconnected", G_CALLBACK (on_client_disconnected), &d);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  /* Buffers wrap the one prepared frame: shmsink's copy into its shared
   * memory is the producer's one copy, as in the other two methods. */
  for (guint i = 0; i < n_frames; i++)
    {
      GstBuffer *buffer = gst_buffer_new_wrapped_full (GST_MEMORY_FLAG_READONLY, frame, FRAME_SIZE, 0,
                                                       FRAME_SIZE, NULL, NULL);

      GST_BUFFER_PTS (buffer) = i * GST_MSECOND;
      if (gst_app_src_push_buffer (GST_APP_SRC (src), buffer) != GST_FLOW_OK)
        break;
    }
  /* No EOS: shmsrc does not pass it on, and shmsink would wait on it for
   * buffers nobody releases. The consumer leaves after the last frame. */
  deadline = g_get_monotonic_time () + GST_WAIT_S * G_USEC_PER_SEC;
  g_mutex_lock (&d.lock);
  while (!d.gone && g_cond_wait_until (&d.cond, &d.lock, deadline))
    ;
  g_mutex_unlock (&d.lock);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return d.gone ? 0 : 1;
}

static int
gst_consumer_main (guint n_frames, const char *path)
{
  g_autofree char *description = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) appsink = NULL;
  Result result = { 0 };

  gst_init (NULL, NULL);
  description = g_strdup_printf ("shmsrc socket-path=%s is-live=false ! " GST_CAPS_1080P
                                 " ! appsink name=sink sync=false max-buffers=2",
                                 path);
  pipeline = gst_parse_launch (description, &error);
  if (pipeline == NULL)
    g_error ("bench-frames: gst consumer: %s", error->message);
  appsink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (result.frames < n_frames)
    {
      g_autoptr (GstSample) sample
          = gst_app_sink_try_pull_sample (GST_APP_SINK (appsink), GST_WAIT_S * GST_SECOND);
      GstMapInfo map;

      if (sample == NULL)
        break;
      if (gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ))
        {
          bench_read_frame (map.data, map.size);
          gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
        }
      result_frame (&result);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  printf ("%" G_GUINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", result.frames, result.first_us,
          result.last_us);
  return 0;
}

static Result
bench_gst_shm (guint n_frames)
{
  g_autofree char *dir = g_dir_make_tmp ("frames-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shm", NULL);
  g_autoptr (GSubprocess) producer = NULL;
  g_autoptr (GSubprocess) consumer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  Result result = { 0 };
  gint64 cpu_children = bench_cpu_us (RUSAGE_CHILDREN);

  producer = spawn_child (G_SUBPROCESS_FLAGS_NONE, "gst-producer", n_frames, -1, -1, path);
  /* shmsrc connects when it starts, so the socket must be there first. */
  for (guint i = 0; i < 5000 && !g_file_test (path, G_FILE_TEST_EXISTS); i++)
    g_usleep (1000);
  consumer = spawn_child (G_SUBPROCESS_FLAGS_STDOUT_PIPE, "gst-consumer", n_frames, -1, -1, path);
  if (!g_subprocess_communicate_utf8 (consumer, NULL, NULL, &out, NULL, &error))
    g_error ("bench-frames: gst consumer: %s", error->message);
  if (sscanf (out, "%" G_GUINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, &result.frames,
              &result.first_us, &result.last_us)
      != 3)
    result.frames = 0;
  bench_reap (consumer);
  bench_reap (producer);
  result.cpu_us = bench_cpu_us (RUSAGE_CHILDREN) - cpu_children;
  g_unlink (path);
  g_rmdir (dir);
  return result;
}

/* Whether shmsink exists, asked of a child: this process stays free of
 * GStreamer. */
static gboolean
have_shmsink (void)
{
  g_autoptr (GSubprocess) child
      = bench_spawn_child (G_SUBPROCESS_FLAGS_NONE, -1, "gst-check", "0", "-", NULL);

  return g_subprocess_wait_check (child, NULL, NULL);
}

static int
child_main (const char *role, guint n, const char *arg)
{
  /* The consumers' CPU for the consumers, the producers' for the rest. */
  bench_pin_cpu (g_str_equal (role, "gst-consumer") ? CONSUMER_CPU : PRODUCER_CPU);
  if (g_str_equal (role, "bridge-producer"))
    return bridge_producer_main (n, arg);
  if (g_str_equal (role, "memfd-producer"))
    return memfd_producer_main (n);
  if (g_str_equal (role, "gst-producer"))
    return gst_producer_main (n, arg);
  if (g_str_equal (role, "gst-consumer"))
    return gst_consumer_main (n, arg);
  if (g_str_equal (role, "gst-check"))
    {
      gst_init (NULL, NULL);
      return gst_registry_check_feature_version (gst_registry_get (), "shmsink", 1, 0, 0) ? 0 : 1;
    }
  return 2;
}

int
main (int argc, char **argv)
{
  int n_frames = 600;
  int rounds = 5;
  int slots = 4;
  g_autofree char *only = NULL;
  g_autofree char *child = NULL;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "frames", 0, 0, G_OPTION_ARG_INT, &n_frames, "Frames per method (600)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds; the median is printed (5)", "R" },
    { "slots", 0, 0, G_OPTION_ARG_INT, &slots, "Slots of each ring (4)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only,
      "Run one method: memfd_limit, libbridge, libbridge_paced, gst_shm", "METHOD" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child, NULL, NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- 1080p frames between two processes");
  g_autoptr (GError) error = NULL;
  gboolean run_memfd, run_bridge, run_paced, run_gst;
  g_autofree Result *memfd = NULL, *bridge = NULL, *paced = NULL, *gst = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-frames: %s\n", error->message);
      return 2;
    }
  n_slots = (guint) CLAMP (slots, 1, BRIDGE_FRAME_RING_MAX_SLOTS);
  if (child != NULL)
    {
      guint n = rest != NULL && rest[0] != NULL ? (guint) atoi (rest[0]) : 0;
      const char *arg = rest != NULL && rest[0] != NULL ? rest[1] : NULL;

      return child_main (child, n, arg);
    }

  bench_pin_cpu (CONSUMER_CPU);
  n_frames = MAX (n_frames, 2);
  rounds = MAX (rounds, 1);
  run_memfd = only == NULL || g_str_equal (only, "memfd_limit") || g_str_equal (only, "libbridge_paced");
  run_bridge = only == NULL || g_str_equal (only, "libbridge");
  run_paced = only == NULL || g_str_equal (only, "libbridge_paced");
  run_gst = (only == NULL || g_str_equal (only, "gst_shm"));
  if (run_gst && !have_shmsink ())
    {
      g_printerr ("bench-frames: gst_shm skipped: no shmsink (gstreamer1.0-plugins-bad)\n");
      run_gst = FALSE;
    }
  memfd = g_new0 (Result, rounds);
  bridge = g_new0 (Result, rounds);
  paced = g_new0 (Result, rounds);
  gst = g_new0 (Result, rounds);

  /* Rounds interleave the methods, so a disturbance hits them alike. */
  for (int i = 0; i < rounds; i++)
    {
      if (run_memfd)
        memfd[i] = bench_memfd_limit ((guint) n_frames);
      if (run_bridge)
        bridge[i] = bench_libbridge ((guint) n_frames, 0);
      /* The producer offered frames at this round's bare rate: does the
       * ring keep up with it, without drops? */
      if (run_paced && result_fps (&memfd[i]) > 0)
        paced[i] = bench_libbridge ((guint) n_frames, (gint64) (1e9 / result_fps (&memfd[i])));
      if (run_gst)
        gst[i] = bench_gst_shm ((guint) n_frames);
    }
  if (run_memfd)
    report ("memfd_limit", memfd, (guint) rounds);
  if (run_bridge)
    report ("libbridge", bridge, (guint) rounds);
  if (run_paced)
    report ("libbridge_paced", paced, (guint) rounds);
  if (run_gst)
    report ("gst_shm", gst, (guint) rounds);
  return 0;
}
