/* clients.c: many clients calling one plugin at once
 *
 * A child runs a BridgeService listening on its runtime socket (as a
 * plugin started by hand does) and exports Echo, `(ay)` -> `(ay)`. A few
 * client processes open their share of the connections each, handshake,
 * and report ready; on "go" every connection calls Echo with 64 bytes,
 * again as soon as its reply is in, until the time is up. Each client has
 * one call in flight at a time, as a program blocked on its call would.
 * Printed:
 *   calls_per_s.libbridge_<N>clients   replies received per second, all
 *                                      clients together
 *   calls_lost.libbridge_<N>clients    calls that got no reply: failed, or
 *                                      still unanswered DRAIN_TIMEOUT_MS
 *                                      after the time was up
 *
 * Usage: bench-clients [--clients N] [--processes P] [--ms MS]
 * Needs a writable XDG_RUNTIME_DIR (bench/run makes a private one).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <bridge.h>
#include <gio/gunixsocketaddress.h>

#include "bench-util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BENCH_INTERFACE "org.libbridge.Bench1"
#define PAYLOAD_SIZE 64
#define CONNECT_TIMEOUT_MS 10000
/* How long the calls in flight when the time is up may take to come back
 * before they count as lost. */
#define DRAIN_TIMEOUT_MS 10000

/* ---- the server ---------------------------------------------------------- */

static void
handle_echo (BridgeInvocation *invocation, gpointer user_data)
{
  bridge_invocation_return_value (invocation, bridge_invocation_get_parameters (invocation));
}

static int
server_main (const char *name)
{
  g_autoptr (BridgeService) service = bridge_service_new (name);
  g_autoptr (BridgeInterface) iface = bridge_interface_new (BENCH_INTERFACE);
  char *argv[] = { (char *) g_get_prgname (), (char *) "--listen", NULL };

  bridge_interface_add_method (iface, "Echo", "(ay)", "(ay)", handle_echo, NULL, NULL);
  bridge_service_export (service, iface);
  return bridge_service_run (service, 2, argv);
}

static char *
server_socket_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".sock", NULL);

  return g_build_filename (g_get_user_runtime_dir (), "libbridge", file, NULL);
}

static GSocket *
connect_to (const char *path, GError **error)
{
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr (GSocket) socket
      = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);

  if (socket == NULL || !g_socket_connect (socket, address, NULL, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* ---- a client process ---------------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  GVariant *payload;
  gint64 deadline_ns;
  guint64 replies; /* within the time */
  guint64 sent;
  guint64 answered; /* any time, any reply */
  guint in_flight;
} Clients;

static void call_echo (Clients *clients, BridgeConnection *connection);

static void
on_echo_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Clients *clients = user_data;
  BridgeConnection *connection = BRIDGE_CONNECTION (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = bridge_connection_call_finish (connection, result, NULL, &error);

  clients->in_flight--;
  if (reply == NULL)
    {
      /* Lost: this connection stops calling, the others go on. */
      g_printerr ("bench-clients: Echo: %s\n", error->message);
    }
  else
    {
      clients->answered++;
      if (bench_now_ns () <= clients->deadline_ns)
        {
          clients->replies++;
          call_echo (clients, connection);
        }
    }
  if (clients->in_flight == 0)
    g_main_loop_quit (clients->loop);
}

static gboolean
on_drain_timeout (gpointer user_data)
{
  Clients *clients = user_data;

  g_printerr ("bench-clients: %u calls still unanswered %d ms after the end\n", clients->in_flight,
              DRAIN_TIMEOUT_MS);
  g_main_loop_quit (clients->loop);
  return G_SOURCE_REMOVE;
}

static void
call_echo (Clients *clients, BridgeConnection *connection)
{
  clients->in_flight++;
  clients->sent++;
  bridge_connection_call_async (connection, BENCH_INTERFACE, "Echo",
                                g_variant_new ("(@ay)", clients->payload), NULL, BRIDGE_TIMEOUT_DEFAULT, NULL,
                                on_echo_done, clients);
}

static int
client_main (const char *path, guint n_connections, guint ms)
{
  g_autoptr (GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint8 data[PAYLOAD_SIZE] = { 0 };
  char line[16];
  Clients clients = { loop };
  g_autoptr (GSource) drain = NULL;

  for (guint i = 0; i < n_connections; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSocket) socket = connect_to (path, &error);
      BridgeConnection *connection = socket != NULL ? bridge_connection_new (socket, 0, &error) : NULL;

      if (connection == NULL || !bridge_connection_handshake_sync (connection, NULL, &error))
        g_error ("bench-clients: connection %u to %s: %s", i, path, error->message);
      g_ptr_array_add (connections, connection);
    }
  printf ("ready\n");
  fflush (stdout);
  if (fgets (line, sizeof line, stdin) == NULL)
    return 1;

  clients.payload
      = g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data, sizeof data, 1));
  clients.deadline_ns = bench_now_ns () + (gint64) ms * 1000000;
  for (guint i = 0; i < connections->len; i++)
    call_echo (&clients, connections->pdata[i]);
  drain = g_timeout_source_new (ms + DRAIN_TIMEOUT_MS);
  g_source_set_callback (drain, on_drain_timeout, &clients, NULL);
  g_source_attach (drain, NULL);
  g_main_loop_run (loop);
  g_source_destroy (drain);

  printf ("replies=%" G_GUINT64_FORMAT " lost=%" G_GUINT64_FORMAT "\n", clients.replies,
          clients.sent - clients.answered);
  fflush (stdout);
  for (guint i = 0; i < connections->len; i++)
    bridge_connection_close (connections->pdata[i]);
  g_variant_unref (clients.payload);
  return 0;
}

/* ---- the parent ----------------------------------------------------------- */

static gboolean
wait_for_server (const char *path)
{
  gint64 deadline = g_get_monotonic_time () + CONNECT_TIMEOUT_MS * 1000;

  /* The service says nothing when it listens; knock until it answers. */
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr (GSocket) socket = connect_to (path, NULL);

      if (socket != NULL)
        return TRUE;
      g_usleep (2000);
    }
  return FALSE;
}

static char *
read_line (GSubprocess *child, GDataInputStream **stream)
{
  g_autoptr (GError) error = NULL;
  char *line;

  if (*stream == NULL)
    *stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (*stream, NULL, NULL, &error);
  if (line == NULL)
    g_error ("bench-clients: a client said nothing: %s", error ? error->message : "end of file");
  return line;
}

static void
bench_clients (guint n_clients, guint n_processes, guint ms)
{
  g_autofree char *name = g_strdup_printf ("bench-echo-%d", (int) getpid ());
  g_autofree char *path = server_socket_path (name);
  g_autofree char *key = g_strdup_printf ("calls_per_s.libbridge_%uclients", n_clients);
  g_autofree char *lost_key = g_strdup_printf ("calls_lost.libbridge_%uclients", n_clients);
  g_autoptr (GSubprocess) server = NULL;
  g_autoptr (GPtrArray) children = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) streams = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 replies = 0, lost = 0;

  server = bench_spawn_child (G_SUBPROCESS_FLAGS_NONE, -1, "server", name, NULL);
  if (!wait_for_server (path))
    g_error ("bench-clients: the server does not answer on %s", path);

  for (guint p = 0; p < n_processes; p++)
    {
      guint share = n_clients / n_processes + (p < n_clients % n_processes ? 1 : 0);
      g_autofree char *n = g_strdup_printf ("%u", share);
      g_autofree char *duration = g_strdup_printf ("%u", ms);

      g_ptr_array_add (children,
                       bench_spawn_child (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, -1,
                                          "client", path, n, duration, NULL));
    }
  for (guint p = 0; p < n_processes; p++)
    {
      GDataInputStream *stream = NULL;
      g_autofree char *line = read_line (children->pdata[p], &stream);

      g_ptr_array_add (streams, stream);
      if (!g_str_equal (line, "ready"))
        g_error ("bench-clients: client %u said '%s'", p, line);
    }
  for (guint p = 0; p < n_processes; p++)
    {
      GOutputStream *in = g_subprocess_get_stdin_pipe (children->pdata[p]);

      if (!g_output_stream_write_all (in, "go\n", 3, NULL, NULL, NULL))
        g_error ("bench-clients: client %u is gone", p);
    }
  for (guint p = 0; p < n_processes; p++)
    {
      GDataInputStream *stream = streams->pdata[p];
      g_autofree char *line = read_line (children->pdata[p], &stream);

      guint64 r, l;

      if (sscanf (line, "replies=%" G_GUINT64_FORMAT " lost=%" G_GUINT64_FORMAT, &r, &l) != 2)
        g_error ("bench-clients: client %u said '%s'", p, line);
      replies += r;
      lost += l;
      bench_reap (children->pdata[p]);
    }
  bench_print (key, "%.0f", replies / (ms / 1000.0));
  bench_print (lost_key, "%" G_GUINT64_FORMAT, lost);

  g_subprocess_send_signal (server, SIGTERM);
  bench_reap (server);
}

int
main (int argc, char **argv)
{
  int n_clients = 64, n_processes = 4, ms = 1500;
  g_autofree char *child = NULL;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "clients", 0, 0, G_OPTION_ARG_INT, &n_clients, "Connections calling at once (64)", "N" },
    { "processes", 0, 0, G_OPTION_ARG_INT, &n_processes, "Client processes they are spread over (4)", "P" },
    { "ms", 0, 0, G_OPTION_ARG_INT, &ms, "How long they call (1500)", "MS" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child, NULL, NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- many clients calling one plugin");
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-clients: %s\n", error->message);
      return 2;
    }
  if (child != NULL)
    {
      guint n_rest = rest != NULL ? g_strv_length (rest) : 0;

      if (g_str_equal (child, "server") && n_rest == 1)
        return server_main (rest[0]);
      if (g_str_equal (child, "client") && n_rest == 3)
        return client_main (rest[0], (guint) atoi (rest[1]), (guint) atoi (rest[2]));
      return 2;
    }

  n_clients = MAX (n_clients, 1);
  n_processes = CLAMP (n_processes, 1, n_clients);
  bench_clients ((guint) n_clients, (guint) n_processes, (guint) MAX (ms, 1));
  return 0;
}
