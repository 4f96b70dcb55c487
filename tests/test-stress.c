/* test-stress.c: long loops that must leave nothing behind
 *
 * Modest counts by default (the "slow" suite runs in CI); BRIDGE_STRESS=1
 * runs the full ones of docs/ROBUSTNESS.md, "Resources":
 *   - connect/disconnect cycles to a listening plugin: 200 (1000), with
 *     the fd count and resident memory of both processes flat;
 *   - plugin kills during playback: 5 (100), the host alive and resuming
 *     from where it was every time, its fds and memory flat;
 *   - 64 hosts on one plugin at once, every reply and event accounted for:
 *     20 calls each and a burst of 100 events (1000 and 1000).
 * Memory is "flat" when it grew by less than 2 MiB from the first
 * measurement (taken after a warm-up) to the last: a leak of one small
 * allocation per cycle would show, allocator noise does not. Fds are flat
 * when not one more is open at the end.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "robust-util.h"
#ifdef BRIDGE_TEST_HAVE_VIDEO
#include "video-host.h"
#endif

#define FLAT_KIB 2048

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#endif

/* AddressSanitizer and valgrind keep freed memory aside for a while (to
 * catch its use after free), so resident memory grows under them; they
 * check for leaks themselves. */
static gboolean
memory_is_measurable (void)
{
#ifdef UNDER_ASAN
  return FALSE;
#else
  return strstr (g_getenv ("LD_PRELOAD") ? g_getenv ("LD_PRELOAD") : "", "vgpreload") == NULL;
#endif
}

static void
assert_flat (const char *what, guint64 first, guint64 last)
{
  if (!memory_is_measurable ())
    {
      g_print ("%s: not measured under a memory checker\n", what);
      return;
    }
  ck_assert_msg (last < first + FLAT_KIB,
                 "%s grew from %" G_GUINT64_FORMAT " KiB to %" G_GUINT64_FORMAT " KiB", what, first, last);
  g_print ("%s: %" G_GUINT64_FORMAT " KiB -> %" G_GUINT64_FORMAT " KiB\n", what, first, last);
}

static gboolean
fds_back_to (gpointer data)
{
  const guint *want = data;

  return robust_count_fds_of (want[0]) <= want[1];
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The plugin closes its side when it reads our BYE; wait for that. */
static void
assert_fds_return (int pid, guint baseline, const char *what)
{
  guint want[2] = { pid, baseline };
  guint id = g_timeout_add (10, wake_up, NULL);
  gboolean ok = bridge_test_wait_until (fds_back_to, want, ROBUST_WATCHDOG_MS);

  g_source_remove (id);
  ck_assert_msg (ok, "%s has %u fds open, %u before", what, robust_count_fds_of (pid), baseline);
}

/* --- connect and disconnect ----------------------------------------------------- */

static void
connect_once (BridgeRegistry *registry, guint i)
{
  g_autoptr (BridgeConnection) connection
      = robust_connect (registry, "clock", BRIDGE_CONNECT_FLAGS_NO_START, NULL);
  g_autofree char *text = g_strdup_printf ("cycle %u", i);
  g_autoptr (GVariant) reply = robust_call (connection, CLOCK_INTERFACE, "Echo", g_variant_new ("(s)", text));
  const char *echoed;

  g_variant_get (reply, "(&s)", &echoed);
  ck_assert_str_eq (echoed, text);
  bridge_connection_close (connection);
}

START_TEST (test_connect_cycles)
{
  g_autofree char *program
      = g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "..", "examples", "clock-plugin", NULL);
  g_autoptr (GSubprocess) listener = robust_start_listener (program, "clock");
  g_autoptr (BridgeRegistry) registry = bridge_registry_new ();
  int plugin = atoi (g_subprocess_get_identifier (listener));
  guint cycles = robust_stress () ? 1000 : 200;
  guint host_fds, plugin_fds;
  guint64 host_rss, plugin_rss;

  /* Warm-up: GLib's lazily made fds and caches, on both sides. */
  for (guint i = 0; i < 20; i++)
    connect_once (registry, i);
  /* The plugin's count with no host: one host less than with one. */
  {
    g_autoptr (BridgeConnection) one
        = robust_connect (registry, "clock", BRIDGE_CONNECT_FLAGS_NO_START, NULL);
    guint with_one;

    g_variant_unref (robust_call (one, CLOCK_INTERFACE, "Echo", g_variant_new ("(s)", "one")));
    with_one = robust_count_fds_of (plugin);

    bridge_connection_close (one);
    assert_fds_return (plugin, with_one - 1, "the plugin");
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  host_fds = robust_count_fds_of (getpid ());
  plugin_fds = robust_count_fds_of (plugin);
  host_rss = robust_rss_kib_of (getpid ());
  plugin_rss = robust_rss_kib_of (plugin);

  for (guint i = 0; i < cycles; i++)
    connect_once (registry, i);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* Not one more at the end (fewer may be). */
  assert_fds_return (getpid (), host_fds, "the host");
  assert_fds_return (plugin, plugin_fds, "the plugin");
  g_print ("%u cycles: host %u fds, plugin %u fds\n", cycles, host_fds, plugin_fds);
  assert_flat ("host memory", host_rss, robust_rss_kib_of (getpid ()));
  assert_flat ("plugin memory", plugin_rss, robust_rss_kib_of (plugin));

  g_subprocess_send_signal (listener, SIGTERM);
  robust_wait_for_exit (listener);
}
END_TEST

/* --- 64 hosts at once ------------------------------------------------------------ */

#define N_CLIENTS 64

typedef struct
{
  BridgeConnection *connection;
  guint index;
  guint replies;
  guint failures;
  guint32 next_seq;
  guint bad_seq;
} Client;

typedef struct
{
  Client *client;
  char *text;
} Pending;

static void
on_echo (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply
      = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, NULL, &error);
  const char *echoed;

  if (reply == NULL)
    pending->client->failures++;
  else
    {
      g_variant_get (reply, "(&s)", &echoed);
      if (g_str_equal (echoed, pending->text))
        pending->client->replies++;
      else
        pending->client->failures++;
    }
  g_free (pending->text);
  g_free (pending);
}

static void
on_seq (BridgeConnection *connection,
        const char *interface,
        const char *event,
        GVariant *args,
        GUnixFDList *fds,
        gpointer user_data)
{
  Client *client = user_data;
  guint32 seq;

  g_variant_get (args, "(u)", &seq);
  if (seq != client->next_seq + 1)
    client->bad_seq++;
  client->next_seq = seq;
}

typedef struct
{
  Client *clients;
  guint calls;
  guint32 burst;
} Tally;

static gboolean
all_in (gpointer data)
{
  Tally *t = data;

  for (guint i = 0; i < N_CLIENTS; i++)
    if (t->clients[i].replies + t->clients[i].failures < t->calls || t->clients[i].next_seq < t->burst)
      return FALSE;
  return TRUE;
}

typedef struct
{
  guint done;
  Client *clients;
} ConnectAll;

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Client *client = user_data;
  g_autoptr (GError) error = NULL;

  client->connection = bridge_registry_connect_finish (BRIDGE_REGISTRY (source), result, &error);
  ck_assert_msg (client->connection != NULL, "host %u could not connect: %s", client->index, error->message);
}

static gboolean
all_connected (gpointer data)
{
  Client *clients = data;

  for (guint i = 0; i < N_CLIENTS; i++)
    if (clients[i].connection == NULL)
      return FALSE;
  return TRUE;
}

START_TEST (test_64_clients)
{
  g_autofree char *program = bridge_test_build_path ("robust-plugin");
  g_autoptr (GSubprocess) listener = robust_start_listener (program, "many");
  g_autofree char *exec = g_shell_quote (program);
  g_autoptr (BridgeRegistry) registry = robust_registry_with_manifest ("many", exec, ROBUST_INTERFACE ";");
  BridgePluginInfo *info = bridge_registry_find_by_name (registry, "many");
  Client clients[N_CLIENTS] = { 0 };
  guint calls = robust_stress () ? 1000 : 20;
  Tally tally = { clients, 0, robust_stress () ? 1000 : 100 };
  g_autoptr (GVariant) done = NULL;

  /* All at once: 64 handshakes in flight is the listener's limit. */
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      clients[i].index = i;
      bridge_registry_connect_async (registry, info, BRIDGE_CONNECT_FLAGS_NO_START, NULL, on_connected,
                                     &clients[i]);
    }
  ck_assert_msg (bridge_test_wait_until (all_connected, clients, ROBUST_WATCHDOG_MS),
                 "not every host got in");

  for (guint i = 0; i < N_CLIENTS; i++)
    g_signal_connect (clients[i].connection, "event::Seq", G_CALLBACK (on_seq), &clients[i]);
  /* Calls from every host, interleaved, up to 100 in flight per host (the
   * pending-call limit is 128), and a burst of events to all meanwhile. */
  for (guint issued = 0; issued < calls; issued = tally.calls)
    {
      tally.calls = MIN (calls, issued + 100);
      for (guint j = issued; j < tally.calls; j++)
        for (guint i = 0; i < N_CLIENTS; i++)
          {
            Pending *pending = g_new0 (Pending, 1);

            pending->client = &clients[i];
            pending->text = g_strdup_printf ("host %u call %u", i, j);
            bridge_connection_call_async (clients[i].connection, ROBUST_INTERFACE, "Echo",
                                          g_variant_new ("(s)", pending->text), NULL, ROBUST_WATCHDOG_MS * 3,
                                          NULL, on_echo, pending);
          }
      if (issued == 0)
        done = robust_call (clients[0].connection, ROBUST_INTERFACE, "Burst",
                            g_variant_new ("(u)", tally.burst));
      ck_assert_msg (bridge_test_wait_until (all_in, &tally, ROBUST_WATCHDOG_MS * 3),
                     "replies or events went missing");
    }
  ck_assert_msg (bridge_test_wait_until (all_in, &tally, ROBUST_WATCHDOG_MS * 3),
                 "replies or events went missing");
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      ck_assert_msg (clients[i].replies == calls && clients[i].failures == 0,
                     "host %u: %u of %u replies right, %u wrong or failed", i, clients[i].replies, calls,
                     clients[i].failures);
      ck_assert_msg (clients[i].next_seq == tally.burst && clients[i].bad_seq == 0,
                     "host %u: events up to %u of %u, %u out of order", i, clients[i].next_seq, tally.burst,
                     clients[i].bad_seq);
      ck_assert (!bridge_connection_is_closed (clients[i].connection));
    }
  g_print ("%d hosts: %u calls each answered, %u events each in order\n", N_CLIENTS, calls, tally.burst);
  for (guint i = 0; i < N_CLIENTS; i++)
    g_clear_object (&clients[i].connection);
  g_subprocess_send_signal (listener, SIGTERM);
  robust_wait_for_exit (listener);
}
END_TEST

/* --- kills during playback ----------------------------------------------------- */

#ifdef BRIDGE_TEST_HAVE_VIDEO
/* Starts a plugin, resumes at @position (ns) and plays until a frame
 * past it arrives; returns the pts reached. */
static gint64
play_from (Video **out, gint64 position)
{
  Video *v = video_start ();
  g_autoptr (GVariant) info = NULL;
  guint width, height;
  guint before;

  video_simple (v, "SetLoop", g_variant_new ("(b)", TRUE));
  video_set_output (v, 64, 64, &width, &height);
  info = video_open (v, "sample-vp8.webm");
  if (position > 0)
    {
      g_autoptr (BridgeFrame) landed = video_seek_and_get (v, position);

      ck_assert_msg (bridge_frame_get_pts (landed) <= position
                         && position < bridge_frame_get_pts (landed) + FRAME_NS,
                     "resumed at %" G_GINT64_FORMAT " ns, not %" G_GINT64_FORMAT,
                     bridge_frame_get_pts (landed), position);
    }
  before = v->pts->len;
  video_simple (v, "Play", NULL);
  ck_assert_msg (video_wait_frames (v, before + 3, WAIT_MS), "no frames after resuming at %" G_GINT64_FORMAT,
                 position);
  *out = v;
  return bridge_frame_get_pts (v->latest);
}

START_TEST (test_kills_during_playback)
{
  guint kills = robust_stress () ? 100 : 5;
  guint host_fds = 0;
  guint64 host_rss = 0;
  gint64 position = 0;

  for (guint i = 0; i < kills; i++)
    {
      Video *v = NULL;
      int pid;

      position = play_from (&v, position % (2 * GST_SECOND_NS));
      pid = video_pid (v);
      ck_assert_msg (robust_kill_and_wait (pid, WAIT_MS), "kill %u: plugin %d still there", i + 1, pid);
      ck_assert_msg (bridge_test_wait_until (video_got_closed, v, WAIT_MS), "kill %u: no close", i + 1);
      ck_assert_msg (v->close_reason == BRIDGE_CLOSE_REASON_PEER_GONE, "kill %u: close reason %d", i + 1,
                     v->close_reason);
      video_free (v);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (i == 0)
        {
          host_fds = robust_count_fds_of (getpid ());
          host_rss = robust_rss_kib_of (getpid ());
        }
    }
  /* What the registry still holds of the last killed plugin (its watch)
   * goes a moment after the close: waited for, not counted. */
  assert_fds_return (getpid (), host_fds, "the host");
  g_print ("%u kills during playback, resumed every time; host %u fds\n", kills, host_fds);
  assert_flat ("host memory", host_rss, robust_rss_kib_of (getpid ()));
}
END_TEST
#endif

static Suite *
stress_suite (void)
{
  Suite *s = suite_create ("stress");
  TCase *tc = tcase_create ("loops");

  /* Generous: BRIDGE_STRESS=1 runs them long. */
  tcase_set_timeout (tc, robust_stress () ? 1200 : 300);
  tcase_add_test (tc, test_connect_cycles);
  tcase_add_test (tc, test_64_clients);
#ifdef BRIDGE_TEST_HAVE_VIDEO
  tcase_add_test (tc, test_kills_during_playback);
#endif
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (stress_suite)
