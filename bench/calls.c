/* calls.c: call round trips and bulk transfers between two processes,
 * three ways
 *
 *   libbridge  a BridgeConnection on each end of a socketpair; the child
 *              exports org.libbridge.Bench1, this process calls it with
 *              bridge_connection_call_sync()
 *   raw_uds    the floor: plain blocking write() and read() of fixed-size
 *              buffers over a SOCK_STREAM socketpair, no framing at all
 *   gdbus_p2p  GDBus peer to peer, no bus daemon: g_dbus_connection_new()
 *              on each end of a socketpair (the child is the
 *              authentication server, with a guid), the same methods on
 *              /org/libbridge/Bench, g_dbus_connection_call_sync() here
 *
 * Round trip: a call with a 64-byte argument answered with the same 64
 * bytes (Echo, `(ay)` -> `(ay)`). Bulk: a call with a 1 MiB argument
 * answered with its length (Push, `(ay)` -> `(u)`), one after another.
 * Printed per method:
 *   rtt_us_p50.<method>, rtt_us_p99.<method>   round trip, microseconds
 *   bulk_MBps.<method>                         payload bytes moved per
 *                                              second, in 10^6 bytes
 *
 * Usage: bench-calls [--calls N] [--bulk-ms MS] [--only METHOD]
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <bridge.h>

#include "bench-util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SMALL_SIZE 64
#define BULK_SIZE (1024 * 1024)
/* The message limit, and the 24-byte header of every message
 * (docs/PROTOCOL.md): the 16 MiB calls fill the limit exactly. */
#define LIMIT_SIZE (16 * 1024 * 1024)
#define HEADER_SIZE 24
#define ACK_SIZE 4
#define BENCH_INTERFACE "org.libbridge.Bench1"
#define BENCH_PATH "/org/libbridge/Bench"
/* Fewer calls where each one costs more, so no method hogs the run. */
#define GDBUS_CALL_SHARE 4
#define WARMUP_SHARE 20
#define BULK_MIN_CALLS 8

typedef struct
{
  guint calls;      /* round trips measured (raw_uds, libbridge) */
  gint64 bulk_ns;   /* bulk transfers run at least this long ... */
  guint bulk_calls; /* ... and at least this many */
} Plan;

/* What one method must be able to do, seen from the calling side. */
typedef struct
{
  const char *name;
  gboolean (*call_small) (gpointer peer, const guint8 *payload);
  gboolean (*call_bulk) (gpointer peer, guint which);
  gboolean big; /* also 16 MiB calls */
} Method;

/* The bulk sizes: 1 MiB, and what fills a 16 MiB message. */
enum
{
  BULK_1MIB,
  BULK_16MIB,
  N_BULK
};
static gsize bulk_size[N_BULK] = { BULK_SIZE, 0 };
static const char *const bulk_suffix[N_BULK] = { "", "_16MiB" };

static guint8 small_payload[SMALL_SIZE];
static guint8 *bulk_payload; /* bulk_size[BULK_16MIB] bytes; the 1 MiB calls send its start */

/* The largest `ay` whose Push CALL message, header included, is exactly
 * LIMIT_SIZE bytes. */
static gsize
limit_payload_size (void)
{
  g_autofree guint8 *zeros = g_malloc0 (LIMIT_SIZE);
  gsize n = LIMIT_SIZE - 256, size = 0;

  for (int tries = 0; tries < 8 && size != LIMIT_SIZE; tries++)
    {
      GVariant *args = g_variant_new ("(@ay)", g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, zeros, n, 1));
      g_autoptr (GVariant) body = g_variant_ref_sink (g_variant_new ("(ssv)", BENCH_INTERFACE, "Push", args));

      size = HEADER_SIZE + g_variant_get_size (body);
      n += LIMIT_SIZE - size;
    }
  if (size != LIMIT_SIZE)
    g_error ("no argument makes a %d-byte message", LIMIT_SIZE);
  return n;
}

static void
make_payloads (void)
{
  bulk_size[BULK_16MIB] = limit_payload_size ();
  bulk_payload = g_malloc (bulk_size[BULK_16MIB]);
  for (gsize i = 0; i < bulk_size[BULK_16MIB]; i++)
    bulk_payload[i] = (guint8) (i * 31 + (i >> 10));
  memcpy (small_payload, bulk_payload, SMALL_SIZE);
}

static void
measure (const Method *method, gpointer peer, guint calls, guint bulk_min_calls, gint64 bulk_ns)
{
  g_autoptr (GArray) samples = g_array_sized_new (FALSE, FALSE, sizeof (gint64), calls);
  g_autofree char *p50 = g_strdup_printf ("rtt_us_p50.%s", method->name);
  g_autofree char *p99 = g_strdup_printf ("rtt_us_p99.%s", method->name);
  gint64 start, elapsed;

  for (guint i = 0; i < calls / WARMUP_SHARE + 1; i++)
    if (!method->call_small (peer, small_payload))
      g_error ("%s: warm-up call %u failed", method->name, i);
  for (guint i = 0; i < calls; i++)
    {
      gint64 t0 = bench_now_ns (), rtt;

      if (!method->call_small (peer, small_payload))
        g_error ("%s: call %u failed", method->name, i);
      rtt = bench_now_ns () - t0;
      g_array_append_val (samples, rtt);
    }
  bench_print (p50, "%.1f", bench_percentile (samples, 50) / 1000.0);
  bench_print (p99, "%.1f", bench_percentile (samples, 99) / 1000.0);

  for (guint which = 0; which < (method->big ? N_BULK : 1); which++)
    {
      g_autofree char *bulk = g_strdup_printf ("bulk_MBps.%s%s", method->name, bulk_suffix[which]);
      guint n_bulk = 0;

      if (!method->call_bulk (peer, which))
        g_error ("%s: warm-up bulk call failed", method->name);
      start = bench_now_ns ();
      do
        {
          if (!method->call_bulk (peer, which))
            g_error ("%s: bulk call %u failed", method->name, n_bulk);
          n_bulk++;
          elapsed = bench_now_ns () - start;
        }
      while (n_bulk < bulk_min_calls || elapsed < bulk_ns);
      bench_print (bulk, "%.1f", (double) n_bulk * bulk_size[which] / (elapsed / 1e9) / 1e6);
    }
}

/* ---- raw_uds ------------------------------------------------------------ */

/* Three sockets, so neither side ever needs framing: every message on the
 * first is 64 bytes each way, every message on the second 1 MiB one way
 * and 4 bytes back, on the third the 16 MiB calls' size. */
typedef struct
{
  int small;
  int bulk[N_BULK];
} RawPeer;

static int
raw_child_main (void)
{
  g_autofree guint8 *buf = NULL;

  make_payloads ();
  buf = g_malloc (bulk_size[BULK_16MIB]);
  /* All sockets in one poll loop would cost the floor a syscall; the
   * small ones come first, then the bulk ones, each until end of file. */
  while (bench_read_all (BENCH_CHILD_FD, buf, SMALL_SIZE))
    if (!bench_write_all (BENCH_CHILD_FD, buf, SMALL_SIZE))
      return 1;
  for (guint which = 0; which < N_BULK; which++)
    while (bench_read_all (BENCH_CHILD_FD + 1 + which, buf, bulk_size[which]))
      {
        guint32 ack = (guint32) bulk_size[which];

        if (!bench_write_all (BENCH_CHILD_FD + 1 + which, &ack, sizeof ack))
          return 1;
      }
  g_free (bulk_payload);
  return 0;
}

static gboolean
raw_call_small (gpointer data, const guint8 *payload)
{
  RawPeer *peer = data;
  guint8 reply[SMALL_SIZE];

  return bench_write_all (peer->small, payload, SMALL_SIZE) && bench_read_all (peer->small, reply, SMALL_SIZE)
         && memcmp (reply, payload, SMALL_SIZE) == 0;
}

static gboolean
raw_call_bulk (gpointer data, guint which)
{
  RawPeer *peer = data;
  guint32 ack = 0;

  if (peer->small >= 0)
    {
      /* Round trips are done: let the child move on to the bulk socket. */
      close (peer->small);
      peer->small = -1;
    }
  for (guint before = 0; before < which; before++)
    if (peer->bulk[before] >= 0)
      {
        /* The same for the 16 MiB socket. */
        close (peer->bulk[before]);
        peer->bulk[before] = -1;
      }
  return bench_write_all (peer->bulk[which], bulk_payload, bulk_size[which])
         && bench_read_all (peer->bulk[which], &ack, sizeof ack) && ack == bulk_size[which];
}

static void
bench_raw_uds (const Plan *plan)
{
  static const Method method = { "raw_uds", raw_call_small, raw_call_bulk, TRUE };
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GSubprocess) child = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr (GError) error = NULL;
  int small[2], bulk[2];
  RawPeer peer;

  bench_socketpair (SOCK_STREAM, small);
  g_subprocess_launcher_take_fd (launcher, small[1], BENCH_CHILD_FD);
  peer.small = small[0];
  for (guint which = 0; which < N_BULK; which++)
    {
      bench_socketpair (SOCK_STREAM, bulk);
      g_subprocess_launcher_take_fd (launcher, bulk[1], BENCH_CHILD_FD + 1 + which);
      peer.bulk[which] = bulk[0];
    }
  child = g_subprocess_launcher_spawn (launcher, &error, self, "--child", "raw", NULL);
  if (child == NULL)
    g_error ("raw_uds: %s", error->message);

  measure (&method, &peer, plan->calls, plan->bulk_calls, plan->bulk_ns);
  if (peer.small >= 0)
    close (peer.small);
  for (guint which = 0; which < N_BULK; which++)
    if (peer.bulk[which] >= 0)
      close (peer.bulk[which]);
  bench_reap (child);
}

/* ---- libbridge ---------------------------------------------------------- */

static void
handle_echo (BridgeInvocation *invocation, gpointer user_data)
{
  bridge_invocation_return_value (invocation, bridge_invocation_get_parameters (invocation));
}

static void
handle_push (BridgeInvocation *invocation, gpointer user_data)
{
  g_autoptr (GVariant) data = g_variant_get_child_value (bridge_invocation_get_parameters (invocation), 0);

  bridge_invocation_return_value (invocation, g_variant_new ("(u)", (guint32) g_variant_get_size (data)));
}

static void
quit_on_close (BridgeConnection *connection, BridgeCloseReason reason, const char *message, gpointer loop)
{
  g_main_loop_quit (loop);
}

static int
bridge_child_main (void)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (BridgeInterface) iface = bridge_interface_new (BENCH_INTERFACE);
  g_autoptr (GError) error = NULL;
  g_autoptr (BridgeConnection) connection = bridge_connection_new_for_fd (BENCH_CHILD_FD, 0, &error);

  if (connection == NULL)
    g_error ("libbridge child: %s", error->message);
  bridge_interface_add_method (iface, "Echo", "(ay)", "(ay)", handle_echo, NULL, NULL);
  bridge_interface_add_method (iface, "Push", "(ay)", "(u)", handle_push, NULL, NULL);
  bridge_connection_export (connection, iface);
  g_signal_connect (connection, "closed", G_CALLBACK (quit_on_close), loop);
  bridge_connection_handshake_async (connection, NULL, NULL, NULL);
  g_main_loop_run (loop);
  return 0;
}

typedef struct
{
  BridgeConnection *connection;
  GVariant *small;        /* ay */
  GVariant *bulk[N_BULK]; /* ay */
} BridgePeer;

static gboolean
bridge_call_small (gpointer data, const guint8 *payload)
{
  BridgePeer *peer = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) bytes = NULL;

  reply = bridge_connection_call_sync (peer->connection, BENCH_INTERFACE, "Echo",
                                       g_variant_new ("(@ay)", peer->small), NULL, NULL,
                                       BRIDGE_TIMEOUT_DEFAULT, NULL, &error);
  if (reply == NULL)
    {
      g_printerr ("libbridge: Echo: %s\n", error->message);
      return FALSE;
    }
  bytes = g_variant_get_child_value (reply, 0);
  return g_variant_get_size (bytes) == SMALL_SIZE;
}

static gboolean
bridge_call_bulk (gpointer data, guint which)
{
  BridgePeer *peer = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  guint32 size = 0;

  reply = bridge_connection_call_sync (peer->connection, BENCH_INTERFACE, "Push",
                                       g_variant_new ("(@ay)", peer->bulk[which]), NULL, NULL,
                                       BRIDGE_TIMEOUT_DEFAULT, NULL, &error);
  if (reply == NULL)
    {
      g_printerr ("libbridge: Push: %s\n", error->message);
      return FALSE;
    }
  g_variant_get (reply, "(u)", &size);
  return size == bulk_size[which];
}

static GVariant *
bytes_variant (const guint8 *data, gsize size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);

  return g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE));
}

static void
bench_libbridge (const Plan *plan)
{
  static const Method method = { "libbridge", bridge_call_small, bridge_call_bulk, TRUE };
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GError) error = NULL;
  BridgePeer peer = { 0 };
  int sv[2];

  bench_socketpair (SOCK_STREAM, sv);
  child = bench_spawn_child (G_SUBPROCESS_FLAGS_NONE, sv[1], "libbridge", NULL);
  peer.connection = bridge_connection_new_for_fd (sv[0], 0, &error);
  if (peer.connection == NULL || !bridge_connection_handshake_sync (peer.connection, NULL, &error))
    g_error ("libbridge: %s", error->message);
  peer.small = bytes_variant (small_payload, SMALL_SIZE);
  for (guint which = 0; which < N_BULK; which++)
    peer.bulk[which] = bytes_variant (bulk_payload, bulk_size[which]);

  measure (&method, &peer, plan->calls, plan->bulk_calls, plan->bulk_ns);

  bridge_connection_close (peer.connection);
  g_clear_object (&peer.connection);
  g_variant_unref (peer.small);
  for (guint which = 0; which < N_BULK; which++)
    g_variant_unref (peer.bulk[which]);
  bench_reap (child);
}

/* ---- gdbus_p2p ---------------------------------------------------------- */

static const char gdbus_xml[]
    = "<node>"
      "  <interface name='" BENCH_INTERFACE "'>"
      "    <method name='Echo'><arg type='ay' direction='in'/><arg type='ay' direction='out'/></method>"
      "    <method name='Push'><arg type='ay' direction='in'/><arg type='u' direction='out'/></method>"
      "  </interface>"
      "</node>";

static void
gdbus_method_call (GDBusConnection *connection,
                   const char *sender,
                   const char *object_path,
                   const char *interface_name,
                   const char *method_name,
                   GVariant *parameters,
                   GDBusMethodInvocation *invocation,
                   gpointer user_data)
{
  if (g_str_equal (method_name, "Echo"))
    {
      g_dbus_method_invocation_return_value (invocation, parameters);
    }
  else
    {
      g_autoptr (GVariant) data = g_variant_get_child_value (parameters, 0);

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(u)", (guint32) g_variant_get_size (data)));
    }
}

static void
gdbus_quit_on_close (GDBusConnection *connection, gboolean remote_peer_vanished, GError *error, gpointer loop)
{
  g_main_loop_quit (loop);
}

static GDBusConnection *
gdbus_connection_for_fd (int fd, const char *guid, GDBusConnectionFlags flags)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = g_socket_new_from_fd (fd, &error);
  g_autoptr (GSocketConnection) stream = NULL;
  GDBusConnection *connection;

  if (socket == NULL)
    g_error ("gdbus_p2p: %s", error->message);
  stream = g_socket_connection_factory_create_connection (socket);
  connection = g_dbus_connection_new_sync (G_IO_STREAM (stream), guid, flags, NULL, NULL, &error);
  if (connection == NULL)
    g_error ("gdbus_p2p: %s", error->message);
  return connection;
}

static int
gdbus_child_main (void)
{
  static const GDBusInterfaceVTable vtable = { gdbus_method_call, NULL, NULL, { 0 } };
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (gdbus_xml, &error);
  g_autofree char *guid = g_dbus_generate_guid ();
  g_autoptr (GDBusConnection) connection = NULL;

  g_assert_no_error (error);
  /* Held back until the object is registered, or the first call could
   * meet "no such object". */
  connection = gdbus_connection_for_fd (BENCH_CHILD_FD, guid,
                                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER
                                            | G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING);
  if (g_dbus_connection_register_object (connection, BENCH_PATH, info->interfaces[0], &vtable, NULL, NULL,
                                         &error)
      == 0)
    g_error ("gdbus_p2p child: %s", error->message);
  g_signal_connect (connection, "closed", G_CALLBACK (gdbus_quit_on_close), loop);
  g_dbus_connection_start_message_processing (connection);
  g_main_loop_run (loop);
  return 0;
}

typedef struct
{
  GDBusConnection *connection;
  GVariant *small;
  GVariant *bulk;
} GDBusPeer;

static gboolean
gdbus_call (GDBusPeer *peer, const char *method, GVariant *payload, const char *reply_type, GVariant **reply)
{
  g_autoptr (GError) error = NULL;

  *reply = g_dbus_connection_call_sync (peer->connection, NULL, BENCH_PATH, BENCH_INTERFACE, method,
                                        g_variant_new ("(@ay)", payload), G_VARIANT_TYPE (reply_type),
                                        G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (*reply == NULL)
    g_printerr ("gdbus_p2p: %s: %s\n", method, error->message);
  return *reply != NULL;
}

static gboolean
gdbus_call_small (gpointer data, const guint8 *payload)
{
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) bytes = NULL;

  if (!gdbus_call (data, "Echo", ((GDBusPeer *) data)->small, "(ay)", &reply))
    return FALSE;
  bytes = g_variant_get_child_value (reply, 0);
  return g_variant_get_size (bytes) == SMALL_SIZE;
}

static gboolean
gdbus_call_bulk (gpointer data, guint which)
{
  g_autoptr (GVariant) reply = NULL;
  guint32 size = 0;

  if (!gdbus_call (data, "Push", ((GDBusPeer *) data)->bulk, "(u)", &reply))
    return FALSE;
  g_variant_get (reply, "(u)", &size);
  return size == BULK_SIZE;
}

static void
bench_gdbus_p2p (const Plan *plan)
{
  static const Method method = { "gdbus_p2p", gdbus_call_small, gdbus_call_bulk, FALSE };
  g_autoptr (GSubprocess) child = NULL;
  GDBusPeer peer = { 0 };
  int sv[2];

  bench_socketpair (SOCK_STREAM, sv);
  child = bench_spawn_child (G_SUBPROCESS_FLAGS_NONE, sv[1], "gdbus", NULL);
  peer.connection = gdbus_connection_for_fd (sv[0], NULL, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT);
  peer.small = bytes_variant (small_payload, SMALL_SIZE);
  peer.bulk = bytes_variant (bulk_payload, BULK_SIZE);

  measure (&method, &peer, MAX (plan->calls / GDBUS_CALL_SHARE, 1), plan->bulk_calls, plan->bulk_ns);

  g_dbus_connection_close_sync (peer.connection, NULL, NULL);
  g_clear_object (&peer.connection);
  g_variant_unref (peer.small);
  g_variant_unref (peer.bulk);
  bench_reap (child);
}

int
main (int argc, char **argv)
{
  int calls = 20000, bulk_ms = 400;
  g_autofree char *only = NULL;
  g_autofree char *child = NULL;
  GOptionEntry entries[] = {
    { "calls", 0, 0, G_OPTION_ARG_INT, &calls,
      "Round trips measured per method (20000; GDBus does a quarter)", "N" },
    { "bulk-ms", 0, 0, G_OPTION_ARG_INT, &bulk_ms, "Time spent on bulk calls per method (400)", "MS" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Run one method: raw_uds, libbridge, gdbus_p2p", "METHOD" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child, NULL, NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context
      = g_option_context_new ("- call round trips and bulk calls, two processes");
  g_autoptr (GError) error = NULL;
  Plan plan;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-calls: %s\n", error->message);
      return 2;
    }
  if (child != NULL)
    {
      if (g_str_equal (child, "raw"))
        return raw_child_main ();
      if (g_str_equal (child, "libbridge"))
        return bridge_child_main ();
      if (g_str_equal (child, "gdbus"))
        return gdbus_child_main ();
      return 2;
    }

  make_payloads ();
  g_printerr ("bench-calls: the 16 MiB calls carry %" G_GSIZE_FORMAT " bytes\n", bulk_size[BULK_16MIB]);
  plan = (Plan){ MAX (calls, 1), (gint64) MAX (bulk_ms, 0) * 1000000, BULK_MIN_CALLS };
  if (calls < 100)
    plan.bulk_calls = 2; /* a smoke run */
  if (only == NULL || g_str_equal (only, "raw_uds"))
    bench_raw_uds (&plan);
  if (only == NULL || g_str_equal (only, "libbridge"))
    bench_libbridge (&plan);
  if (only == NULL || g_str_equal (only, "gdbus_p2p"))
    bench_gdbus_p2p (&plan);
  g_free (bulk_payload);
  return 0;
}
