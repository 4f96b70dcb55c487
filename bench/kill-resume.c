/* kill-resume.c: the video plugin killed during playback, again and again;
 * how long until the host shows the picture again
 *
 *   resume_ms.min, .p50, .p90, .p99, .max   from the SIGKILL to the first frame
 *                          of the new plugin at the position the old one
 *                          had reached, over --kills rounds
 *   resume_over_1s         rounds that took 1 s or more
 *   resume_failed          rounds where the host got no picture back
 *                          within 10 s (the run goes on with a new plugin)
 *
 * Each round: the plugin plays the sample (looping) for 6 frames (200 ms)
 * past the last resume point; this host then sends
 * it SIGKILL, sees its connection close, starts a new instance through
 * the registry and sends SetOutput and Open at once, then, when Open
 * replies, Seek (accurate, to the last position shown) and Play, as
 * host-demo's video element does.
 * A host written on libbridge does nothing more to survive a crash.
 *
 * Usage: bench-kill-resume [--sample FILE] [--kills N]
 * docs/ROBUSTNESS.md has the figures of a 1,000-kill run.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <bridge.h>

#include "bench-util.h"
#include "bridge-video-interface.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#define CALL_TIMEOUT_MS 20000
#define ROUND_TIMEOUT_US (10 * G_USEC_PER_SEC)
#define PLAY_AHEAD_FRAMES 6 /* 200 ms of the 30 fps sample */

typedef struct
{
  BridgeRegistry *registry;
  BridgePluginInfo *info;
  const char *sample;

  BridgeConnection *connection;
  BridgeFrameConsumer *consumer;
  int pid;
  gboolean closed;

  gint64 shown_pts;  /* of the last frame received */
  gint64 resume_pts; /* where the current plugin was asked to start */
  gboolean resumed;  /* a frame at resume_pts arrived */
  guint played;      /* frames since then */
  char *failure;
} Host;

static void
on_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, gpointer user_data)
{
  Host *h = user_data;
  gint64 pts = bridge_frame_get_pts (frame);

  h->shown_pts = pts;
  /* An accurate seek lands on the picture showing at that time: its pts
   * is at most one frame before. */
  if (h->resumed)
    h->played++;
  else if (pts >= h->resume_pts - 50 * G_GINT64_CONSTANT (1000000))
    h->resumed = TRUE;
}

static void
on_closed (BridgeConnection *connection, BridgeCloseReason reason, const char *message, gpointer user_data)
{
  Host *h = user_data;

  h->closed = TRUE;
}

static void
on_call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Host *h = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply
      = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, NULL, &error);

  if (reply == NULL && h->failure == NULL && !g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED))
    h->failure = g_strdup (error->message);
}

static void
call (Host *h, const char *method, GVariant *args)
{
  bridge_connection_call_async (h->connection, VIDEO_INTERFACE_NAME, method, args, NULL, CALL_TIMEOUT_MS,
                                NULL, on_call_done, h);
}

/* Seek needs open media: sent, with Play, once Open replied. */
static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Host *h = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply
      = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, NULL, &error);

  if (reply == NULL)
    {
      if (h->failure == NULL && !g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED))
        h->failure = g_strdup (error->message);
      return;
    }
  if (h->resume_pts > 0)
    call (h, "Seek", g_variant_new ("(xb)", h->resume_pts, TRUE));
  call (h, "Play", NULL);
}

static void
drop_plugin (Host *h)
{
  if (h->consumer != NULL)
    g_signal_handlers_disconnect_by_data (h->consumer, h);
  if (h->connection != NULL)
    g_signal_handlers_disconnect_by_data (h->connection, h);
  g_clear_object (&h->consumer);
  g_clear_object (&h->connection);
}

/* Starts a new instance and asks it for the picture at @position: all
 * at once, as a host showing a video slide would. */
static void
start_plugin (Host *h, gint64 position)
{
  g_autoptr (GError) error = NULL;

  drop_plugin (h);
  h->closed = FALSE;
  h->resumed = FALSE;
  h->played = 0;
  h->shown_pts = -1;
  h->resume_pts = position;
  h->connection
      = bridge_registry_connect_sync (h->registry, h->info, BRIDGE_CONNECT_FLAGS_NEW_INSTANCE, NULL, &error);
  if (h->connection == NULL)
    g_error ("bench-kill-resume: starting the video plugin: %s", error->message);
  h->pid = bridge_connection_get_peer_pid (h->connection);
  h->consumer = bridge_frame_consumer_new (h->connection, VIDEO_FRAME_STREAM_ID);
  g_signal_connect (h->consumer, "frame", G_CALLBACK (on_frame), h);
  g_signal_connect (h->connection, "closed", G_CALLBACK (on_closed), h);
  call (h, "SetOutput", g_variant_new ("(uuu)", 640, 360, BRIDGE_FRAME_FORMAT_BGRA));
  call (h, "SetLoop", g_variant_new ("(b)", TRUE));
  bridge_connection_call_async (h->connection, VIDEO_INTERFACE_NAME, "Open", g_variant_new ("(s)", h->sample),
                                NULL, CALL_TIMEOUT_MS, NULL, on_opened, h);
}

static gboolean
wait_for (Host *h, gboolean *flag, gint64 deadline)
{
  while (!*flag && h->failure == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return *flag;
}

/* Plays on for @frames frames past the resume point (looping, the
 * position may wrap to 0 meanwhile). */
static gboolean
play_on (Host *h, guint frames, gint64 deadline)
{
  while (h->played < frames && h->failure == NULL && !h->closed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return h->played >= frames;
}

static gboolean
stop_timer (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *sample = NULL;
  g_autofree char *absolute = NULL;
  int kills = 200;
  GOptionEntry entries[] = {
    { "sample", 0, 0, G_OPTION_ARG_FILENAME, &sample, "the media to play", "FILE" },
    { "kills", 0, 0, G_OPTION_ARG_INT, &kills, "how many times to kill the plugin (200)", "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- kill the video plugin, time the resume");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ms = g_array_new (FALSE, FALSE, sizeof (gint64));
  Host h = { 0 };
  guint over_1s = 0, failed = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-kill-resume: %s\n", error->message);
      return 2;
    }
  /* No sound card needed: the sample has no audio anyway. */
  g_setenv ("BRIDGE_VIDEO_AUDIO", "none", FALSE);
  /* The build tree's plugin, unless told otherwise. */
  g_setenv ("LIBBRIDGE_PLUGIN_PATH", BENCH_VIDEO_PLUGIN_DIR, FALSE);
  absolute = g_canonicalize_filename (sample != NULL ? sample : BENCH_VIDEO_SAMPLE, NULL);
  if (!g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-kill-resume: no sample at %s\n", absolute);
      return 1;
    }
  h.sample = absolute;
  h.registry = bridge_registry_new ();
  h.info = bridge_registry_find_by_interface (h.registry, VIDEO_INTERFACE_NAME);
  if (h.info == NULL)
    g_error ("bench-kill-resume: no plugin implements %s", VIDEO_INTERFACE_NAME);
  /* The main loop wakes at least every 10 ms, deadlines or not. */
  g_timeout_add (10, stop_timer, NULL);

  start_plugin (&h, 0);
  for (int round = 0; round < kills; round++)
    {
      gint64 deadline = g_get_monotonic_time () + ROUND_TIMEOUT_US;
      gint64 killed_ns, shown;

      if (!play_on (&h, PLAY_AHEAD_FRAMES, deadline))
        {
          g_printerr ("bench-kill-resume: round %d: no playback (%s)\n", round,
                      h.failure != NULL ? h.failure : "no frames");
          g_clear_pointer (&h.failure, g_free);
          failed++;
          start_plugin (&h, 0);
          continue;
        }
      shown = h.shown_pts;
      killed_ns = bench_now_ns ();
      kill (h.pid, SIGKILL);
      deadline = g_get_monotonic_time () + ROUND_TIMEOUT_US;
      if (!wait_for (&h, &h.closed, deadline))
        g_error ("bench-kill-resume: round %d: the killed plugin's connection did not close", round);
      start_plugin (&h, shown);
      if (!wait_for (&h, &h.resumed, deadline))
        {
          g_printerr ("bench-kill-resume: round %d: no picture within 10 s (%s)\n", round,
                      h.failure != NULL ? h.failure : "no frame at the position");
          g_clear_pointer (&h.failure, g_free);
          failed++;
          start_plugin (&h, 0);
          continue;
        }
      gint64 took = (bench_now_ns () - killed_ns) / 1000000;
      g_array_append_val (ms, took);
      over_1s += took >= 1000;
      if ((round + 1) % 100 == 0)
        g_printerr ("bench-kill-resume: %d kills, last resume %" G_GINT64_FORMAT " ms\n", round + 1, took);
    }
  drop_plugin (&h);

  /* The distribution, 100 ms a bucket, for the record. */
  g_autoptr (GString) histogram = g_string_new ("bench-kill-resume: resumes by 100 ms:");
  for (gint64 low = 0; ms->len > 0 && low <= bench_percentile (ms, 100); low += 100)
    {
      guint n = 0;
      for (guint i = 0; i < ms->len; i++)
        n += g_array_index (ms, gint64, i) >= low && g_array_index (ms, gint64, i) < low + 100;
      g_string_append_printf (histogram, " %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ":%u", low, low + 99, n);
    }
  g_printerr ("%s\n", histogram->str);
  bench_print ("resume_kills", "%u", ms->len + failed);
  bench_print ("resume_ms.min", "%" G_GINT64_FORMAT, bench_percentile (ms, 0));
  bench_print ("resume_ms.p50", "%" G_GINT64_FORMAT, bench_percentile (ms, 50));
  bench_print ("resume_ms.p90", "%" G_GINT64_FORMAT, bench_percentile (ms, 90));
  bench_print ("resume_ms.p99", "%" G_GINT64_FORMAT, bench_percentile (ms, 99));
  bench_print ("resume_ms.max", "%" G_GINT64_FORMAT, bench_percentile (ms, 100));
  bench_print ("resume_over_1s", "%u", over_1s);
  bench_print ("resume_failed", "%u", failed);
  g_object_unref (h.registry);
  return 0;
}
