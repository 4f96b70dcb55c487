/* video.c: the video plugin against GStreamer alone, its start-up and its
 * memory
 *
 *   video_fps.plugin         the real libbridge-video-plugin, found through
 *                            the registry and started fresh, plays the
 *                            sample unsynchronised (SetSync false) at its
 *                            own size in BGRA; this process, the host,
 *                            reads every byte of every frame it receives
 *   video_fps.gst_decode     bench-gst-decode: the same GStreamer chain in
 *                            one process, reading every picture the same
 *                            way
 *   first_frame_ms.plugin    from bridge_registry_new() to the first frame
 *                            of the sample in this process, the plugin
 *                            started fresh each time: SetOutput, Open and
 *                            Play sent at once, as a host showing a video
 *                            slide would (the median of --starts runs)
 *   first_frame_ms.prestarted the same, but the plugin already runs: one
 *                            instance started by hand (listening on its
 *                            runtime socket) before the first run, each
 *                            run a new registry and connection to it
 *   rss_kB.host_idle         VmRSS of this process once connected to a
 *                            plugin, with its frame consumer, before any
 *                            video
 *   rss_kB.plugin_playing    the plugin's largest VmRSS seen while it plays
 *   rss_kB.host_playing      this process's VmRSS after playing (the ring's
 *                            mapped slots included)
 *
 * The frame rates count the frames from the first to the last that the
 * reader got: (frames - 1) / (time of last - time of first). Each side
 * runs --runs times, alternating; the median is printed.
 *
 * Usage: bench-video [--sample FILE] [--runs N] [--starts N]
 * Finds the plugin through LIBBRIDGE_PLUGIN_PATH, by default the build
 * tree's video-plugin/.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <bridge.h>

#include "bench-util.h"
#include "bridge-video-interface.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CALL_TIMEOUT_MS 20000
#define WAIT_TIMEOUT_MS 60000
#define EXIT_WAIT_MS 3000
#define RSS_EVERY_FRAMES 25

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return values->len == 0 ? 0 : g_array_index (values, double, values->len / 2);
}

/* ---- a plugin, seen from the host -------------------------------------- */

typedef struct
{
  BridgeRegistry *registry;
  BridgeConnection *connection;
  BridgeFrameConsumer *consumer;
  int pid;

  guint frames;
  gint64 first_ns, last_ns;
  gint64 rss_max_kb;
  gboolean counting; /* frames before it are not counted */
  gboolean ended;
  guint calls_pending; /* of first_frames() */
  char *failure;
} Plugin;

static void
on_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, gpointer user_data)
{
  Plugin *p = user_data;
  gsize size;
  const guint8 *data = bridge_frame_get_data (frame, &size);

  bench_read_frame (data, size);
  if (!p->counting)
    return;
  p->last_ns = bench_now_ns ();
  if (p->frames++ == 0)
    p->first_ns = p->last_ns;
  if (p->frames % RSS_EVERY_FRAMES == 0)
    p->rss_max_kb = MAX (p->rss_max_kb, bench_rss_kb (p->pid));
}

static void
on_event (BridgeConnection *connection,
          const char *interface,
          const char *event,
          GVariant *args,
          GUnixFDList *fds,
          gpointer user_data)
{
  Plugin *p = user_data;

  if (!g_str_equal (interface, VIDEO_INTERFACE_NAME))
    return;
  /* Frames and events travel in order on the connection, so every frame
   * the plugin pushed is in once EndOfStream is. */
  if (g_str_equal (event, "EndOfStream"))
    p->ended = TRUE;
  else if (g_str_equal (event, "Error") && p->failure == NULL)
    {
      const char *message;

      g_variant_get (args, "(&si&s)", NULL, NULL, &message);
      p->failure = g_strdup (message);
    }
}

static void
on_closed (BridgeConnection *connection, BridgeCloseReason reason, const char *message, gpointer user_data)
{
  Plugin *p = user_data;

  if (p->failure == NULL)
    p->failure = g_strdup_printf ("the plugin's connection closed: %s", message);
}

static Plugin *
plugin_start (BridgeConnectFlags flags)
{
  Plugin *p = g_new0 (Plugin, 1);
  g_autoptr (GError) error = NULL;
  BridgePluginInfo *info;

  p->registry = bridge_registry_new ();
  info = bridge_registry_find_by_interface (p->registry, VIDEO_INTERFACE_NAME);
  if (info == NULL)
    g_error ("bench-video: no plugin implements %s (LIBBRIDGE_PLUGIN_PATH=%s)", VIDEO_INTERFACE_NAME,
             g_getenv ("LIBBRIDGE_PLUGIN_PATH"));
  p->connection = bridge_registry_connect_sync (p->registry, info, flags, NULL, &error);
  if (p->connection == NULL)
    g_error ("bench-video: starting the video plugin: %s", error->message);
  /* A live instance outlives its hosts: nothing to wait for. */
  p->pid = flags & BRIDGE_CONNECT_FLAGS_NO_START ? 0 : bridge_connection_get_peer_pid (p->connection);
  /* Before SetOutput: the ring comes with the first picture. */
  p->consumer = bridge_frame_consumer_new (p->connection, VIDEO_FRAME_STREAM_ID);
  g_signal_connect (p->consumer, "frame", G_CALLBACK (on_frame), p);
  g_signal_connect (p->connection, "event", G_CALLBACK (on_event), p);
  g_signal_connect (p->connection, "closed", G_CALLBACK (on_closed), p);
  return p;
}

static gboolean
process_gone (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *end;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  end = strrchr (stat, ')');
  return end == NULL || end[1] == '\0' || end[2] == 'Z';
}

/* Closes the connection and waits until the plugin has exited, so the
 * next measurement has both cores to itself. */
static void
plugin_stop (Plugin *p)
{
  gint64 deadline = g_get_monotonic_time () + EXIT_WAIT_MS * 1000;

  g_signal_handlers_disconnect_by_data (p->consumer, p);
  g_signal_handlers_disconnect_by_data (p->connection, p);
  g_clear_object (&p->consumer);
  bridge_connection_close (p->connection);
  /* GSubprocess reaps it from this thread's main context. */
  while (p->pid > 0 && !process_gone (p->pid) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_clear_object (&p->connection);
  g_clear_object (&p->registry);
  g_free (p->failure);
  g_free (p);
}

static void
plugin_call (Plugin *p, const char *method, GVariant *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = bridge_connection_call_sync (p->connection, VIDEO_INTERFACE_NAME, method, args,
                                                            NULL, NULL, CALL_TIMEOUT_MS, NULL, &error);

  if (reply == NULL)
    g_error ("bench-video: %s: %s", method, error->message);
}

static gboolean
wait_until (Plugin *p, gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_MS * 1000;

  while (!*flag && p->failure == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (p->failure != NULL)
    g_printerr ("bench-video: %s\n", p->failure);
  return *flag;
}

/* ---- video_fps ------------------------------------------------------------ */

typedef struct
{
  GArray *fps; /* double */
  guint64 dropped;
  gint64 rss_kb;
  gint64 host_kb;
} PluginRuns;

static void
run_plugin (const char *sample, PluginRuns *runs, gboolean measure_idle)
{
  Plugin *p = plugin_start (BRIDGE_CONNECT_FLAGS_NEW_INSTANCE);
  double fps;

  if (measure_idle)
    bench_print ("rss_kB.host_idle", "%" G_GINT64_FORMAT, bench_rss_kb (0));
  plugin_call (p, "SetSync", g_variant_new ("(b)", FALSE));
  plugin_call (p, "SetOutput", g_variant_new ("(uuu)", 0, 0, BRIDGE_FRAME_FORMAT_BGRA));
  plugin_call (p, "Open", g_variant_new ("(s)", sample));
  /* Open sent the first picture before it replied: let it go by, and
   * count from Play on. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  p->counting = TRUE;
  plugin_call (p, "Play", NULL);
  if (!wait_until (p, &p->ended))
    g_error ("bench-video: the plugin did not play %s to its end", sample);

  fps = p->frames < 2 ? 0 : (p->frames - 1) / ((p->last_ns - p->first_ns) / 1e9);
  g_array_append_val (runs->fps, fps);
  runs->dropped += bridge_frame_consumer_get_dropped (p->consumer);
  runs->rss_kb = MAX (runs->rss_kb, p->rss_max_kb);
  runs->host_kb = MAX (runs->host_kb, bench_rss_kb (0));
  g_printerr ("bench-video: plugin: %u frames in %.3f s, %" G_GUINT64_FORMAT " dropped\n", p->frames,
              (p->last_ns - p->first_ns) / 1e9, bridge_frame_consumer_get_dropped (p->consumer));
  plugin_stop (p);
}

static double
run_gst_decode (const char *sample)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (self);
  g_autofree char *helper = g_build_filename (dir, "bench-gst-decode", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child
      = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, helper, sample, NULL);
  g_autofree char *out = NULL;
  guint frames = 0;
  gint64 ns = 0;

  if (child == NULL || !g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error))
    g_error ("bench-video: %s: %s", helper, error->message);
  if (!g_subprocess_get_successful (child)
      || sscanf (out, "frames=%u first_to_last_ns=%" G_GINT64_FORMAT, &frames, &ns) != 2 || frames < 2
      || ns <= 0)
    g_error ("bench-video: %s failed (it said: %s)", helper, out);
  g_printerr ("bench-video: gst_decode: %u frames in %.3f s\n", frames, ns / 1e9);
  return (frames - 1) / (ns / 1e9);
}

static void
bench_video_fps (const char *sample, guint n_runs)
{
  PluginRuns runs = { g_array_new (FALSE, FALSE, sizeof (double)) };
  g_autoptr (GArray) gst = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n_runs; i++)
    {
      double fps = run_gst_decode (sample);

      g_array_append_val (gst, fps);
      run_plugin (sample, &runs, i == 0);
    }
  bench_print ("video_fps.plugin", "%.1f", median (runs.fps));
  bench_print ("video_fps.gst_decode", "%.1f", median (gst));
  bench_print ("video_frames_dropped.plugin", "%" G_GUINT64_FORMAT, runs.dropped);
  bench_print ("rss_kB.plugin_playing", "%" G_GINT64_FORMAT, runs.rss_kb);
  bench_print ("rss_kB.host_playing", "%" G_GINT64_FORMAT, runs.host_kb);
  g_array_unref (runs.fps);
}

/* ---- first frame ------------------------------------------------------- */

static void
on_call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Plugin *p = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply
      = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, NULL, &error);

  p->calls_pending--;
  if (reply == NULL && p->failure == NULL)
    p->failure = g_strdup (error->message);
}

/* Median first frame (and connection) of @n_starts runs: connecting with
 * @flags, SetOutput, Open and Play at once. */
static void
first_frames (
    const char *sample, guint n_starts, BridgeConnectFlags flags, double *first_ms, double *connect_ms)
{
  g_autoptr (GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) connect = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n_starts; i++)
    {
      gint64 t0 = bench_now_ns ();
      Plugin *p = plugin_start (flags);
      gint64 t1 = bench_now_ns ();
      double ms;

      /* All three at once: the host does not wait for one to send the
       * next. */
      bridge_connection_call_async (p->connection, VIDEO_INTERFACE_NAME, "SetOutput",
                                    g_variant_new ("(uuu)", 0, 0, BRIDGE_FRAME_FORMAT_BGRA), NULL,
                                    CALL_TIMEOUT_MS, NULL, on_call_done, p);
      bridge_connection_call_async (p->connection, VIDEO_INTERFACE_NAME, "Open",
                                    g_variant_new ("(s)", sample), NULL, CALL_TIMEOUT_MS, NULL, on_call_done,
                                    p);
      bridge_connection_call_async (p->connection, VIDEO_INTERFACE_NAME, "Play", NULL, NULL, CALL_TIMEOUT_MS,
                                    NULL, on_call_done, p);
      p->calls_pending = 3;
      p->counting = TRUE;
      while (p->frames == 0 && p->failure == NULL)
        g_main_context_iteration (NULL, TRUE);
      /* Their callbacks use @p. */
      while (p->calls_pending > 0)
        g_main_context_iteration (NULL, TRUE);
      if (p->frames == 0)
        g_error ("bench-video: no first frame: %s", p->failure);
      ms = (p->first_ns - t0) / 1e6;
      g_array_append_val (total, ms);
      ms = (t1 - t0) / 1e6;
      g_array_append_val (connect, ms);
      plugin_stop (p);
    }
  *first_ms = median (total);
  *connect_ms = median (connect);
}

static void
bench_first_frame (const char *sample, guint n_starts)
{
  double first, connect;

  first_frames (sample, n_starts, BRIDGE_CONNECT_FLAGS_NEW_INSTANCE, &first, &connect);
  bench_print ("first_frame_ms.plugin", "%.1f", first);
  bench_print ("connect_ms.plugin", "%.1f", connect);
}

/* The plugin started by hand, as `Exec --listen`: it serves any number of
 * hosts, one after another here, until SIGTERM. */
static void
bench_first_frame_prestarted (const char *sample, guint n_starts)
{
  g_autoptr (BridgeRegistry) registry = bridge_registry_new ();
  BridgePluginInfo *info = bridge_registry_find_by_interface (registry, VIDEO_INTERFACE_NAME);
  g_auto (GStrv) argv = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) plugin = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_MS * 1000;
  double first, connect;

  if (info == NULL || !g_shell_parse_argv (bridge_plugin_info_get_exec (info), NULL, &argv, &error))
    g_error ("bench-video: no plugin to start by hand: %s", error ? error->message : "none found");
  g_strv_builder_addv (builder, (const char **) argv);
  g_strv_builder_add (builder, "--listen");
  g_clear_pointer (&argv, g_strfreev);
  argv = g_strv_builder_end (builder);
  plugin = g_subprocess_newv ((const char *const *) argv, G_SUBPROCESS_FLAGS_NONE, &error);
  if (plugin == NULL)
    g_error ("bench-video: starting %s: %s", argv[0], error->message);
  /* It says nothing when it listens: ask the registry until it is live. */
  while (!bridge_registry_is_live (registry, info))
    {
      if (g_get_monotonic_time () > deadline || process_gone (atoi (g_subprocess_get_identifier (plugin))))
        g_error ("bench-video: the plugin started by hand does not listen");
      g_usleep (2000);
    }

  first_frames (sample, n_starts, BRIDGE_CONNECT_FLAGS_NO_START, &first, &connect);
  bench_print ("first_frame_ms.prestarted", "%.1f", first);
  bench_print ("connect_ms.prestarted", "%.1f", connect);

  g_subprocess_send_signal (plugin, SIGTERM);
  bench_reap (plugin);
}

int
main (int argc, char **argv)
{
  g_autofree char *sample = NULL;
  int n_runs = 3, n_starts = 5;
  GOptionEntry entries[] = {
    { "sample", 0, 0, G_OPTION_ARG_FILENAME, &sample, "The video to play (the bench's own sample)", "FILE" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Plays of the sample per side (3)", "N" },
    { "starts", 0, 0, G_OPTION_ARG_INT, &n_starts, "Fresh plugin starts for the first frame (5)", "N" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- the video plugin against GStreamer alone");
  g_autoptr (GError) error = NULL;
  g_autofree char *absolute = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-video: %s\n", error->message);
      return 2;
    }
  /* The build tree's plugin, unless told otherwise. */
  g_setenv ("LIBBRIDGE_PLUGIN_PATH", BENCH_VIDEO_PLUGIN_DIR, FALSE);
  absolute = g_canonicalize_filename (sample != NULL ? sample : BENCH_VIDEO_SAMPLE, NULL);
  if (!g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-video: no sample at %s\n", absolute);
      return 1;
    }

  /* Plays first: host_idle is taken in a process that has done nothing
   * yet, and the fresh starts then find a warm machine. */
  bench_video_fps (absolute, (guint) MAX (n_runs, 1));
  bench_first_frame (absolute, (guint) MAX (n_starts, 1));
  bench_first_frame_prestarted (absolute, (guint) MAX (n_starts, 1));
  return 0;
}
