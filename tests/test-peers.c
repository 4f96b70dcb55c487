/* test-peers.c: how many peers a listening plugin takes, and who goes
 *
 * The two connection caps of a listening service (docs/PROTOCOL.md
 * section 9, docs/ROBUSTNESS.md "Floods"): past 64 connections in their
 * handshake the oldest of them goes, so peers that never say HELLO cannot
 * lock a real host out; past 256 served connections the newest goes, with
 * a BYE that says why. Real processes (tests/robust-plugin.c listening on
 * its runtime socket), real sockets, raw peers that write nothing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "robust-util.h"
#include "raw-peer.h"
#include "bridge-message-private.h"
#include "bridge-runtime-dir-private.h"

/* The caps of libbridge/bridge-service.c. */
#define MAX_HANDSHAKING 64
#define MAX_CONNECTIONS 256

#define FLOOD_SILENT 200
#define FLOOD_RUNS 10

typedef struct
{
  GSubprocess *listener;
  BridgeRegistry *registry;
  const char *name;
  char *path;
  int pid;
} Plugin;

/* tests/robust-plugin listening as @name, and a registry that finds it. */
static void
plugin_start (Plugin *p, const char *name)
{
  g_autofree char *program = bridge_test_build_path ("robust-plugin");
  g_autofree char *exec = g_shell_quote (program);

  p->name = name;
  p->listener = robust_start_listener (program, name);
  p->registry = robust_registry_with_manifest (name, exec, ROBUST_INTERFACE ";");
  p->path = bridge_runtime_socket_path (name);
  p->pid = atoi (g_subprocess_get_identifier (p->listener));
}

static void
plugin_stop (Plugin *p)
{
  g_subprocess_send_signal (p->listener, SIGTERM);
  robust_wait_for_exit (p->listener);
  ck_assert_msg (g_subprocess_get_if_exited (p->listener) && g_subprocess_get_exit_status (p->listener) == 0,
                 "the listening plugin did not end cleanly");
  g_clear_object (&p->listener);
  g_clear_object (&p->registry);
  g_clear_pointer (&p->path, g_free);
}

/* A peer that connects and never writes a byte. A blocking connect():
 * while the listen backlog is full it waits for the plugin to accept
 * (GSocket would fail with EAGAIN). */
static GSocket *
silent_connect (const char *path)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  g_autoptr (GError) error = NULL;
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int r;
  GSocket *socket;

  ck_assert_msg (fd >= 0, "socket: %s", g_strerror (errno));
  g_strlcpy (address.sun_path, path, sizeof address.sun_path);
  do
    r = connect (fd, (struct sockaddr *) &address, sizeof address);
  while (r < 0 && errno == EINTR);
  ck_assert_msg (r == 0, "connect %s: %s", path, g_strerror (errno));
  socket = g_socket_new_from_fd (fd, &error);
  ck_assert_msg (socket != NULL, "%s", error ? error->message : "?");
  return socket;
}

/* The next message the plugin sent @socket, which must come: its type,
 * and for a BYE its reason. */
static guint8
read_message (GSocket *socket, guint32 *reason, const char *what)
{
  g_autoptr (GBytes) body = NULL;
  guint8 type;
  guint32 serial, reply_serial;

  ck_assert_msg (raw_peer_read_message (g_socket_get_fd (socket), &type, &serial, &reply_serial, &body,
                                        ROBUST_WATCHDOG_MS),
                 "%s: no message from the plugin", what);
  if (type == BRIDGE_MESSAGE_BYE && reason != NULL)
    {
      g_autoptr (GVariant) v
          = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("(us)"), body, FALSE));
      g_variant_get (v, "(us)", reason, NULL);
    }
  return type;
}

/* What a peer of ours sees when the plugin lets go of it: after its HELLO,
 * if any (read already), a BYE too-many-connections, then the end. */
static void
assert_dropped (GSocket *socket, const char *what)
{
  guint32 reason = 0;
  char byte;

  ck_assert_msg (read_message (socket, &reason, what) == BRIDGE_MESSAGE_BYE, "%s: no BYE", what);
  ck_assert_msg (reason == BRIDGE_CLOSE_REASON_TOO_MANY_CONNECTIONS, "%s: BYE reason %u, expected %u", what,
                 reason, BRIDGE_CLOSE_REASON_TOO_MANY_CONNECTIONS);
  g_socket_set_timeout (socket, ROBUST_WATCHDOG_MS / 1000);
  ck_assert_msg (g_socket_receive (socket, &byte, 1, NULL, NULL) == 0, "%s: no end of file after its BYE",
                 what);
}

/* Nothing to read, and not closed: still in its handshake. */
static void
assert_held (GSocket *socket, const char *what)
{
  ck_assert_msg (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR) == 0,
                 "%s was closed or sent something", what);
}

static char *
echo (BridgeConnection *connection, const char *text)
{
  g_autoptr (GVariant) reply
      = robust_call (connection, ROBUST_INTERFACE, "Echo", g_variant_new ("(s)", text));
  char *out;

  g_variant_get (reply, "(s)", &out);
  return out;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* --- the handshake cap: the oldest goes ----------------------------------------- */

/* PROTOCOL.md section 9: 200 peers that connect and never send HELLO
 * (three times the handshake cap) do not lock a real host out: it
 * connects through the registry and its call is answered. The time from
 * connect to reply is printed, never judged (docs/ROBUSTNESS.md
 * "Floods" quotes it). */
START_TEST (test_flood_real_call)
{
  Plugin p = { 0 };
  g_autoptr (GArray) connects = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) calls = g_array_new (FALSE, FALSE, sizeof (gint64));

  plugin_start (&p, "flood");
  for (guint run = 0; run < FLOOD_RUNS; run++)
    {
      g_autoptr (GPtrArray) silent = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr (BridgeConnection) host = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;
      gint64 start, connected, answered;

      for (guint i = 0; i < FLOOD_SILENT; i++)
        g_ptr_array_add (silent, silent_connect (p.path));

      start = g_get_monotonic_time ();
      host = robust_connect (p.registry, "flood", BRIDGE_CONNECT_FLAGS_NO_START, &error);
      ck_assert_msg (host != NULL, "run %u: the host was locked out by %d silent peers: %s", run,
                     FLOOD_SILENT, error->message);
      connected = g_get_monotonic_time ();
      text = echo (host, "through the flood");
      answered = g_get_monotonic_time ();
      ck_assert_str_eq (text, "through the flood");

      /* The flood was real: the newest silent peer is still held. */
      ck_assert (read_message (silent->pdata[FLOOD_SILENT - 1], NULL, "the newest silent peer")
                 == BRIDGE_MESSAGE_HELLO);
      assert_held (silent->pdata[FLOOD_SILENT - 1], "the newest silent peer");
      g_print ("flood run %u: %d silent peers; connect %.2f ms, call %.2f ms, total %.2f ms\n", run,
               FLOOD_SILENT, (connected - start) / 1000.0, (answered - connected) / 1000.0,
               (answered - start) / 1000.0);
      gint64 connect_us = connected - start, call_us = answered - connected;
      g_array_append_val (connects, connect_us);
      g_array_append_val (calls, call_us);
    }
  g_array_sort (connects, compare_gint64);
  g_array_sort (calls, compare_gint64);
  g_print ("flood: %d silent peers, %u runs: connect median %.2f ms, max %.2f ms; "
           "call median %.2f ms, max %.2f ms\n",
           FLOOD_SILENT, FLOOD_RUNS, g_array_index (connects, gint64, FLOOD_RUNS / 2) / 1000.0,
           g_array_index (connects, gint64, FLOOD_RUNS - 1) / 1000.0,
           g_array_index (calls, gint64, FLOOD_RUNS / 2) / 1000.0,
           g_array_index (calls, gint64, FLOOD_RUNS - 1) / 1000.0);
  plugin_stop (&p);
}
END_TEST

/* PROTOCOL.md section 9: at the handshake cap, a new connection is taken
 * in and the oldest one still in its handshake goes, with a BYE
 * too-many-connections since its HELLO is out; the newer ones stay. */
START_TEST (test_oldest_silent_goes)
{
  Plugin p = { 0 };
  g_autoptr (GPtrArray) silent = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GSocket) newcomer = NULL;
  g_autoptr (GSocket) next = NULL;

  plugin_start (&p, "oldest");
  /* Taken in one after the other: each gets the plugin's HELLO. */
  for (guint i = 0; i < MAX_HANDSHAKING; i++)
    {
      g_ptr_array_add (silent, silent_connect (p.path));
      ck_assert_msg (read_message (silent->pdata[i], NULL, "silent peer") == BRIDGE_MESSAGE_HELLO,
                     "silent peer %u got no HELLO", i + 1);
    }

  /* The 65th is taken in; the oldest made room for it before. */
  newcomer = silent_connect (p.path);
  ck_assert_msg (read_message (newcomer, NULL, "the 65th peer") == BRIDGE_MESSAGE_HELLO,
                 "the 65th peer was not taken in");
  assert_dropped (silent->pdata[0], "the oldest silent peer");
  for (guint i = 1; i < MAX_HANDSHAKING; i++)
    assert_held (silent->pdata[i], "a newer silent peer");

  /* And the next oldest makes room for the next one. */
  next = silent_connect (p.path);
  ck_assert_msg (read_message (next, NULL, "the 66th peer") == BRIDGE_MESSAGE_HELLO,
                 "the 66th peer was not taken in");
  assert_dropped (silent->pdata[1], "the second oldest silent peer");
  assert_held (silent->pdata[2], "the third oldest silent peer");
  assert_held (newcomer, "the 65th peer");

  g_ptr_array_set_size (silent, 0);
  plugin_stop (&p);
}
END_TEST

/* --- the cap on served connections: the newest goes ----------------------------- */

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
fds_back_to (gpointer data)
{
  const guint *want = data;

  return robust_count_fds_of (want[0]) <= want[1];
}

/* The plugin closes its side right after its BYE; wait for that. */
static void
assert_fds_return (int pid, guint baseline, const char *what)
{
  guint want[2] = { pid, baseline };
  guint id = g_timeout_add (10, wake_up, NULL);
  gboolean ok = bridge_test_wait_until (fds_back_to, want, ROBUST_WATCHDOG_MS);

  g_source_remove (id);
  ck_assert_msg (ok, "%s has %u fds open, %u before", what, robust_count_fds_of (pid), baseline);
}

/* A host past the cap: either its connect or its first call fails, with
 * the plugin's reason in the message. */
static void
assert_host_refused (Plugin *p, guint n)
{
  g_autoptr (BridgeConnection) extra = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;

  extra = robust_connect (p->registry, p->name, BRIDGE_CONNECT_FLAGS_NO_START, &error);
  if (extra != NULL)
    reply
        = bridge_connection_call_sync (extra, ROBUST_INTERFACE, "Echo", g_variant_new ("(s)", "one too many"),
                                       NULL, NULL, ROBUST_WATCHDOG_MS, NULL, &error);
  ck_assert_msg (reply == NULL, "host %u past the cap of %d was served", n, MAX_CONNECTIONS);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED),
                 "host %u: expected CLOSED, got %s", n, error->message);
  ck_assert_msg (strstr (error->message, "too-many-connections") != NULL,
                 "host %u: the error does not give the reason: %s", n, error->message);
  g_print ("host %u: %s\n", n, error->message);
}

/* PROTOCOL.md section 9: a listening plugin serves 256 connections at
 * once; the 257th gets BYE too-many-connections and no HELLO, the host's
 * error says so, and neither side keeps an fd for it. Once one of
 * the 256 leaves, a host gets in again. */
START_TEST (test_connection_cap)
{
  Plugin p = { 0 };
  g_autoptr (GPtrArray) hosts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (BridgeConnection) again = NULL;
  g_autofree char *text = NULL;
  guint plugin_fds, host_fds;

  plugin_start (&p, "full");
  for (guint i = 0; i < MAX_CONNECTIONS; i++)
    {
      g_autoptr (GError) error = NULL;
      BridgeConnection *host = robust_connect (p.registry, "full", BRIDGE_CONNECT_FLAGS_NO_START, &error);
      g_autofree char *reply = NULL;

      ck_assert_msg (host != NULL, "host %u of %d was refused: %s", i + 1, MAX_CONNECTIONS, error->message);
      g_ptr_array_add (hosts, host);
      /* Answered: the plugin counts it among those it serves. */
      reply = echo (host, "in");
      ck_assert_str_eq (reply, "in");
    }

  plugin_fds = robust_count_fds_of (p.pid);
  host_fds = robust_count_fds_of (getpid ());
  for (guint n = MAX_CONNECTIONS + 1; n <= MAX_CONNECTIONS + 8; n++)
    assert_host_refused (&p, n);
  /* What the refused see on the wire: a BYE, no HELLO, the end. */
  {
    g_autoptr (GSocket) raw = silent_connect (p.path);

    assert_dropped (raw, "a raw peer past the cap");
  }
  assert_fds_return (p.pid, plugin_fds, "the plugin");
  ck_assert_msg (robust_count_fds_of (getpid ()) == host_fds, "the host has %u fds open, %u before",
                 robust_count_fds_of (getpid ()), host_fds);

  /* Those in are still served. */
  text = echo (hosts->pdata[0], "first");
  ck_assert_str_eq (text, "first");
  g_clear_pointer (&text, g_free);
  text = echo (hosts->pdata[MAX_CONNECTIONS - 1], "last");
  ck_assert_str_eq (text, "last");
  g_clear_pointer (&text, g_free);

  /* One leaves: a new host gets in. */
  g_ptr_array_remove_index (hosts, 0);
  assert_fds_return (p.pid, plugin_fds - 1, "the plugin, one host gone");
  again = robust_connect (p.registry, "full", BRIDGE_CONNECT_FLAGS_NO_START, NULL);
  ck_assert_msg (again != NULL, "no host got in after one left");
  text = echo (again, "in again");
  ck_assert_str_eq (text, "in again");

  g_clear_object (&again);
  g_ptr_array_set_size (hosts, 0);
  plugin_stop (&p);
}
END_TEST

static Suite *
peers_suite (void)
{
  Suite *s = suite_create ("peers");
  TCase *tc;

  tc = tcase_create ("handshake-cap");
  tcase_add_test (tc, test_flood_real_call);
  tcase_add_test (tc, test_oldest_silent_goes);
  suite_add_tcase (s, tc);

  tc = tcase_create ("connection-cap");
  tcase_add_test (tc, test_connection_cap);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (peers_suite)
