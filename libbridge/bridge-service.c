/* bridge-service.c: the plugin side, serving whoever connects
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-service.h"

#include "bridge-connection-private.h"
#include "bridge-error.h"
#include "bridge-limits-private.h"
#include "bridge-runtime-dir-private.h"
#include "bridge-service-private.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib-unix.h>
#include <gio/gunixsocketaddress.h>

/**
 * BridgeService:
 *
 * Runs a plugin: exports its interfaces on every connection and serves
 * calls until it is time to exit (docs/PROTOCOL.md, 10.3 "Live instances"
 * and 10.4 "Starting a plugin").
 *
 * ```c
 * int
 * main (int argc, char **argv)
 * {
 *   g_autoptr (BridgeService) service = bridge_service_new ("clock");
 *   g_autoptr (BridgeInterface) iface = make_clock_interface ();
 *
 *   bridge_service_export (service, iface);
 *   return bridge_service_run (service, argc, argv);
 * }
 * ```
 *
 * Started by a host through #BridgeRegistry, the plugin finds its end of
 * a socketpair in the fd named by %BRIDGE_FD_ENV, serves that one
 * connection and returns when it closes. Started by hand (or with
 * `--listen`), it listens on `$XDG_RUNTIME_DIR/libbridge/<name>.sock` for
 * hosts until SIGINT or SIGTERM. It serves up to 256 at once and holds up
 * to 64 connections in their handshake, the oldest of which goes when
 * another arrives (docs/PROTOCOL.md section 9).
 *
 * Since: 0.1
 */

enum
{
  SIGNAL_CONNECTION_ADDED,
  SIGNAL_CONNECTION_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BridgeService, bridge_service, G_TYPE_OBJECT)

static void
bridge_service_finalize (GObject *object)
{
  BridgeService *self = BRIDGE_SERVICE (object);

  g_assert (self->loop == NULL);
  g_free (self->name);
  g_ptr_array_unref (self->interfaces);
  g_list_free_full (self->connections, g_object_unref);
  g_queue_clear_full (&self->handshaking, g_object_unref);

  G_OBJECT_CLASS (bridge_service_parent_class)->finalize (object);
}

static void
bridge_service_class_init (BridgeServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bridge_service_finalize;

  /**
   * BridgeService::connection-added:
   * @self: the #BridgeService
   * @connection: a #BridgeConnection that finished its handshake
   *
   * A host connected and is ready for events and calls.
   *
   * Since: 0.1
   */
  signals[SIGNAL_CONNECTION_ADDED]
      = g_signal_new ("connection-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, BRIDGE_TYPE_CONNECTION);

  /**
   * BridgeService::connection-removed:
   * @self: the #BridgeService
   * @connection: a #BridgeConnection that closed
   *
   * A connection announced by #BridgeService::connection-added closed.
   *
   * Since: 0.1
   */
  signals[SIGNAL_CONNECTION_REMOVED]
      = g_signal_new ("connection-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, BRIDGE_TYPE_CONNECTION);
}

static void
bridge_service_init (BridgeService *self)
{
  self->interfaces = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->handshaking);
}

/**
 * bridge_service_new:
 * @name: the plugin's name, as in its manifest's `Name` key
 *
 * Creates a service for the plugin @name. It names the plugin in the
 * handshake and in its listening socket's path.
 *
 * Returns: (transfer full): a new #BridgeService
 *
 * Since: 0.1
 */
BridgeService *
bridge_service_new (const char *name)
{
  BridgeService *self;

  g_return_val_if_fail (name != NULL && name[0] != '\0' && strchr (name, '/') == NULL, NULL);

  self = g_object_new (BRIDGE_TYPE_SERVICE, NULL);
  self->name = g_strdup (name);
  return self;
}

/**
 * bridge_service_get_name:
 * @self: a #BridgeService
 *
 * Gets the name of the plugin.
 *
 * Returns: (transfer none): the plugin's name
 *
 * Since: 0.1
 */
const char *
bridge_service_get_name (BridgeService *self)
{
  g_return_val_if_fail (BRIDGE_IS_SERVICE (self), NULL);
  return self->name;
}

/**
 * bridge_service_export:
 * @self: a #BridgeService
 * @iface: an interface to offer on every connection
 *
 * Adds @iface to what every connection exports. Only connections that
 * start their handshake afterwards get it, so export everything before
 * bridge_service_run().
 *
 * Since: 0.1
 */
void
bridge_service_export (BridgeService *self, BridgeInterface *iface)
{
  g_return_if_fail (BRIDGE_IS_SERVICE (self));
  g_return_if_fail (BRIDGE_IS_INTERFACE (iface));

  g_ptr_array_add (self->interfaces, g_object_ref (iface));
}

static void
service_stop (BridgeService *self, int status)
{
  self->status = status;
  self->quit_requested = TRUE;
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
}

static void
stop_idle (BridgeService *self)
{
  if (self->idle_source == NULL)
    return;
  g_source_destroy (self->idle_source);
  g_clear_pointer (&self->idle_source, g_source_unref);
}

/* A shared instance (--exit-when-idle) goes once no host has been
 * connected for a while. */
static gboolean
on_idle (gpointer user_data)
{
  BridgeService *self = user_data;

  /* A host in its handshake may be about to stay: look again later. */
  if (self->handshaking.length > 0)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->idle_source, g_source_unref);
  g_debug ("service %s: no host for %d ms; exiting", self->name, BRIDGE_SERVICE_IDLE_EXIT_MS);
  service_stop (self, 0);
  return G_SOURCE_REMOVE;
}

void
bridge_service_update_idle (BridgeService *self)
{
  /* Only hosts that finished their handshake count: a probe of the socket
   * (bridgectl list, a registry watching) connects and leaves at once. */
  gboolean idle = self->n_connections == 0;

  if (!self->exit_when_idle || self->listener == NULL || !idle)
    {
      stop_idle (self);
      return;
    }
  if (self->idle_source == NULL)
    {
      self->idle_source = g_timeout_source_new (BRIDGE_SERVICE_IDLE_EXIT_MS);
      g_source_set_callback (self->idle_source, on_idle, self, NULL);
      g_source_set_static_name (self->idle_source, "[libbridge] service idle exit");
      g_source_attach (self->idle_source, self->context);
    }
}

/* Connections ---------------------------------------------------------- */

static void
on_connection_closed (BridgeConnection *connection,
                      BridgeCloseReason reason,
                      const char *message,
                      gpointer user_data)
{
  BridgeService *self = user_data;
  GList *link = g_list_find (self->connections, connection);

  g_debug ("service %s: connection %s closed: %s", self->name,
           bridge_connection_get_peer_name (connection) ? bridge_connection_get_peer_name (connection)
                                                        : "(unnamed)",
           message ? message : "no reason given");

  /* The host is gone or going: we leave by ourselves now. Its death
   * signal (PR_SET_PDEATHSIG, set when it started us) must not kill us on
   * the way out, once our SIGTERM handler is gone; before this call the
   * handler catches it, after it none comes. */
  if (self->single)
    prctl (PR_SET_PDEATHSIG, 0);
  if (self->single)
    service_stop (self,
                  reason == BRIDGE_CLOSE_REASON_PEER_GONE || reason == BRIDGE_CLOSE_REASON_LOCAL ? 0 : 1);

  /* A connection still in its handshake is dropped by on_handshake_done. */
  if (link == NULL)
    return;
  self->connections = g_list_delete_link (self->connections, link);
  self->n_connections--;
  g_signal_handlers_disconnect_by_data (connection, self);
  g_signal_emit (self, signals[SIGNAL_CONNECTION_REMOVED], 0, connection);
  g_object_unref (connection);
  bridge_service_update_idle (self);
}

/* Lets go of @connection, one in its handshake already out of the queue
 * (owned), telling the peer why. Its HELLO is out, so a BYE goes with
 * reason too-many-connections (docs/PROTOCOL.md sections 8 and 9). */
static void
drop_handshaking (BridgeService *self, BridgeConnection *connection, const char *why)
{
  g_signal_handlers_disconnect_by_data (connection, self);
  bridge_connection_close_with (connection, BRIDGE_CLOSE_REASON_TOO_MANY_CONNECTIONS, "%s", why);
  g_object_unref (connection);
}

static void
on_handshake_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (BridgeService) self = user_data;
  BridgeConnection *connection = BRIDGE_CONNECTION (source);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  ok = bridge_connection_handshake_finish (connection, result, &error);
  if (!g_queue_remove (&self->handshaking, connection))
    {
      /* The service stopped, or made room for a newer one, and let go of
       * it meanwhile. */
      return;
    }
  if (!ok)
    {
      /* A peer that cannot even say hello is its own problem, not ours. */
      g_debug ("service %s: handshake failed: %s", self->name, error->message);
      g_signal_handlers_disconnect_by_data (connection, self);
      bridge_connection_close (connection);
      g_object_unref (connection);
      if (self->single)
        service_stop (self, 1);
      bridge_service_update_idle (self);
      return;
    }

  /* The last places went while this one was in its handshake (on_incoming
   * refuses the others before it starts): it goes, after its HELLO. */
  if (self->n_connections >= BRIDGE_SERVED_CONNECTIONS_MAX)
    {
      g_autofree char *why
          = g_strdup_printf ("%s already serves %d connections", self->name, BRIDGE_SERVED_CONNECTIONS_MAX);

      g_debug ("service %s: refusing %s (pid %d): %s", self->name,
               bridge_connection_get_peer_name (connection), bridge_connection_get_peer_pid (connection),
               why);
      drop_handshaking (self, connection, why);
      bridge_service_update_idle (self);
      return;
    }
  g_debug ("service %s: %s connected (pid %d)", self->name, bridge_connection_get_peer_name (connection),
           bridge_connection_get_peer_pid (connection));
  self->connections = g_list_append (self->connections, connection);
  self->n_connections++;
  g_signal_emit (self, signals[SIGNAL_CONNECTION_ADDED], 0, connection);
}

/* Takes ownership of @connection. */
static void
add_connection (BridgeService *self, BridgeConnection *connection)
{
  bridge_connection_set_name (connection, self->name);
  for (guint i = 0; i < self->interfaces->len; i++)
    bridge_connection_export (connection, self->interfaces->pdata[i]);
  g_signal_connect (connection, "closed", G_CALLBACK (on_connection_closed), self);
  g_queue_push_tail (&self->handshaking, connection);
  bridge_connection_handshake_async (connection, NULL, on_handshake_done, g_object_ref (self));
  bridge_service_update_idle (self);
}

/**
 * bridge_service_get_connections:
 * @self: a #BridgeService
 *
 * Gets the connections being served.
 *
 * Returns: (transfer none) (element-type BridgeConnection): the connections
 *   that finished their handshake and are still open, oldest first
 *
 * Since: 0.1
 */
GList *
bridge_service_get_connections (BridgeService *self)
{
  g_return_val_if_fail (BRIDGE_IS_SERVICE (self), NULL);
  return self->connections;
}

/**
 * bridge_service_emit:
 * @self: a #BridgeService
 * @interface: the interface the event belongs to
 * @event: the event name
 * @args: (nullable): the event arguments, a tuple; a floating reference
 *   is sunk
 *
 * Sends an event to every connection, including those still in their
 * handshake: this side's HELLO is already out, so a host that has just
 * connected misses no event (docs/PROTOCOL.md section 4, step 4). A
 * connection that cannot take it (closed meanwhile, too slow) is skipped;
 * the others still get it.
 *
 * Since: 0.1
 */
void
bridge_service_emit (BridgeService *self, const char *interface, const char *event, GVariant *args)
{
  g_autoptr (GVariant) owned = NULL;

  g_return_if_fail (BRIDGE_IS_SERVICE (self));
  g_return_if_fail (interface != NULL);
  g_return_if_fail (event != NULL);

  if (args != NULL)
    owned = g_variant_ref_sink (args);
  /* Emitting may close a connection, which edits the list: walk a copy. */
  g_autoptr (GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);
  for (GList *l = self->connections; l != NULL; l = l->next)
    g_ptr_array_add (targets, g_object_ref (l->data));
  for (GList *l = self->handshaking.head; l != NULL; l = l->next)
    g_ptr_array_add (targets, g_object_ref (l->data));
  for (guint i = 0; i < targets->len; i++)
    {
      g_autoptr (GError) error = NULL;

      if (!bridge_connection_emit (targets->pdata[i], interface, event, owned, NULL, &error))
        g_debug ("service %s: event %s.%s not sent: %s", self->name, interface, event, error->message);
    }
}

/* Activation: one connection on an inherited fd ----------------------- */

static gboolean
serve_inherited_fd (BridgeService *self, const char *value, GError **error)
{
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) local_error = NULL;
  guint64 fd;
  struct stat st;

  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &fd, &local_error))
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED, "%s=%s: %s", BRIDGE_FD_ENV, value,
                   local_error->message);
      return FALSE;
    }
  if (fstat ((int) fd, &st) != 0 || !S_ISSOCK (st.st_mode))
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED, "%s=%s is not an open socket", BRIDGE_FD_ENV,
                   value);
      return FALSE;
    }
  /* Whatever we start must not inherit the host's connection. */
  fcntl ((int) fd, F_SETFD, FD_CLOEXEC);

  connection = bridge_connection_new_for_fd ((int) fd, BRIDGE_CONNECTION_FLAGS_NONE, error);
  if (connection == NULL)
    return FALSE;
  self->single = TRUE;
  g_debug ("service %s: serving the host on fd %d", self->name, (int) fd);
  add_connection (self, g_steal_pointer (&connection));
  return TRUE;
}

/* Listening: any number of hosts on the runtime socket ---------------- */

gboolean
bridge_service_on_incoming (GSocket *listener, GIOCondition condition, gpointer user_data)
{
  BridgeService *self = user_data;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GError) error = NULL;
  BridgeConnection *connection;

  socket = g_socket_accept (listener, NULL, &error);
  if (socket == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        g_debug ("service %s: accept: %s", self->name, error->message);
      return G_SOURCE_CONTINUE;
    }
  connection = bridge_connection_new (socket, BRIDGE_CONNECTION_FLAGS_NONE, &error);
  if (connection == NULL)
    {
      g_debug ("service %s: cannot serve a new connection: %s", self->name, error->message);
      return G_SOURCE_CONTINUE;
    }
  /* Serving enough: the newest is refused with a BYE and no HELLO, so its
   * handshake fails with the reason (docs/PROTOCOL.md section 9). */
  if (self->n_connections >= BRIDGE_SERVED_CONNECTIONS_MAX)
    {
      g_autofree char *why
          = g_strdup_printf ("%s already serves %d connections", self->name, BRIDGE_SERVED_CONNECTIONS_MAX);

      g_debug ("service %s: refusing a connection: %s", self->name, why);
      bridge_connection_refuse (connection, BRIDGE_CLOSE_REASON_TOO_MANY_CONNECTIONS, why);
      g_object_unref (connection);
      return G_SOURCE_CONTINUE;
    }
  /* A peer holding connections that never say HELLO must not lock the
   * others out: the oldest of them makes room for the newest, which may
   * be a real host (docs/PROTOCOL.md section 9). */
  if (self->handshaking.length >= BRIDGE_HANDSHAKING_CONNECTIONS_MAX)
    {
      g_debug ("service %s: %d connections in their handshake; dropping the oldest", self->name,
               BRIDGE_HANDSHAKING_CONNECTIONS_MAX);
      drop_handshaking (self, g_queue_pop_head (&self->handshaking),
                        "too many connections in their handshake; this one was the oldest");
    }
  add_connection (self, connection);
  return G_SOURCE_CONTINUE;
}

/* Running -------------------------------------------------------------- */

static gboolean
on_quit_signal (gpointer user_data)
{
  BridgeService *self = user_data;

  g_debug ("service %s: signalled; quitting", self->name);
  service_stop (self, 0);
  return G_SOURCE_CONTINUE;
}

static void
close_all (BridgeService *self)
{
  BridgeConnection *handshaking;

  while ((handshaking = g_queue_pop_head (&self->handshaking)) != NULL)
    {
      g_signal_handlers_disconnect_by_data (handshaking, self);
      bridge_connection_close (handshaking);
      g_object_unref (handshaking);
    }

  while (self->connections != NULL)
    {
      BridgeConnection *connection = self->connections->data;

      self->connections = g_list_delete_link (self->connections, self->connections);
      self->n_connections--;
      g_signal_handlers_disconnect_by_data (connection, self);
      bridge_connection_close (connection);
      g_signal_emit (self, signals[SIGNAL_CONNECTION_REMOVED], 0, connection);
      g_object_unref (connection);
    }
}

static gboolean
parse_options (BridgeService *self, int argc, char **argv, gboolean *listen, int *status)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *socket_path = bridge_runtime_socket_path (self->name);
  gboolean help = FALSE;
  GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_NONE, listen, "Listen for any number of hosts, even when started by one",
      NULL },
    { "exit-when-idle", 0, 0, G_OPTION_ARG_NONE, &self->exit_when_idle,
      "Listening, exit once no host has been connected for 2 s (a shared instance)", NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show this help", NULL },
    G_OPTION_ENTRY_NULL,
  };

  /* @argv has @argc items and need not end in NULL: bindings (PyGObject)
   * pass exactly argc strings, as the annotation says. */
  args = g_new0 (char *, (argv != NULL ? MAX (argc, 0) : 0) + 1);
  for (int i = 0; argv != NULL && i < argc; i++)
    args[i] = g_strdup (argv[i]);
  context = g_option_context_new (NULL);
  summary = g_strdup_printf ("Serves the libbridge plugin \"%s\". Started by a host, it talks to "
                             "it over the socket in $%s;\nstarted by hand, it listens on %s.",
                             self->name, BRIDGE_FD_ENV, socket_path);
  g_option_context_set_summary (context, summary);
  /* Our own --help: GOption's would exit() behind our caller's back. */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s: %s\n", self->name, error->message);
      *status = 2;
      return FALSE;
    }
  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);
      g_print ("%s", text);
      *status = 0;
      return FALSE;
    }
  if (args[0] != NULL && args[1] != NULL)
    {
      g_printerr ("%s: unexpected argument '%s' (see --help)\n", self->name, args[1]);
      *status = 2;
      return FALSE;
    }
  return TRUE;
}

/**
 * bridge_service_run:
 * @self: a #BridgeService
 * @argc: the length of @argv
 * @argv: (array length=argc) (nullable): the program's arguments
 *
 * Serves until it is time to exit: when the host's connection closes (if
 * started by a host), or on SIGINT or SIGTERM (if listening). Understands
 * `--listen` (listen on the runtime socket even if %BRIDGE_FD_ENV is set)
 * and `--help`. Runs the thread-default main context; call it from the
 * main thread, once.
 *
 * Listening fails if another instance already answers on the socket, or
 * if something that is not a socket sits at its path. A socket nobody
 * answers on is removed first; ours is removed on the way out.
 *
 * Returns: an exit status for main(): 0 after a clean end, 1 if serving
 *   failed (the reason is printed to stderr), 2 for bad arguments
 *
 * Since: 0.1
 */
int
bridge_service_run (BridgeService *self, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *fd_value = g_strdup (g_getenv (BRIDGE_FD_ENV));
  gboolean listen = FALSE;
  gboolean ok;
  int status = 0;
  const int quit_signals[] = { SIGINT, SIGTERM };

  g_return_val_if_fail (BRIDGE_IS_SERVICE (self), 1);
  g_return_val_if_fail (self->loop == NULL, 1);

  if (!parse_options (self, argc, argv, &listen, &status))
    return status;
  /* Whatever we start must not think it was activated itself, nor tell
   * our starter it is ready. Unset them before we start any thread (the
   * signal sources do). */
  g_unsetenv (BRIDGE_FD_ENV);
  self->listen_pid = g_strdup (g_getenv ("LISTEN_PID"));
  self->listen_fds = g_strdup (g_getenv ("LISTEN_FDS"));
  self->notify_socket = g_strdup (g_getenv ("NOTIFY_SOCKET"));
  g_unsetenv ("LISTEN_PID");
  g_unsetenv ("LISTEN_FDS");
  g_unsetenv ("LISTEN_FDNAMES");
  g_unsetenv ("NOTIFY_SOCKET");
  /* A host that starts us reads our stderr through a pipe; once it is
   * gone, a warning written there must fail (EPIPE), not kill us. */
  signal (SIGPIPE, SIG_IGN);

  self->context = g_main_context_ref_thread_default ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->status = 0;
  for (guint i = 0; i < G_N_ELEMENTS (quit_signals); i++)
    {
      self->signal_sources[i] = g_unix_signal_source_new (quit_signals[i]);
      g_source_set_callback (self->signal_sources[i], on_quit_signal, self, NULL);
      g_source_attach (self->signal_sources[i], self->context);
    }

  if (fd_value != NULL && !listen)
    ok = serve_inherited_fd (self, fd_value, &error);
  else
    ok = bridge_service_listen (self, &error);
  if (ok)
    bridge_service_update_idle (self);

  if (!ok)
    {
      g_printerr ("%s: %s\n", self->name, error->message);
      self->status = 1;
    }
  else if (!self->quit_requested)
    {
      g_main_loop_run (self->loop);
    }

  close_all (self);
  bridge_service_stop_listening (self);
  for (guint i = 0; i < G_N_ELEMENTS (quit_signals); i++)
    {
      g_source_destroy (self->signal_sources[i]);
      g_clear_pointer (&self->signal_sources[i], g_source_unref);
    }
  /* Let the connections we closed flush their goodbyes; bounded, in case
   * the application keeps an idle source busy. */
  for (guint i = 0; i < 100 && g_main_context_iteration (self->context, FALSE); i++)
    ;
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->quit_requested = FALSE;
  self->single = FALSE;
  g_clear_pointer (&self->listen_pid, g_free);
  g_clear_pointer (&self->listen_fds, g_free);
  g_clear_pointer (&self->notify_socket, g_free);
  stop_idle (self);
  self->exit_when_idle = FALSE;
  return self->status;
}

/**
 * bridge_service_quit:
 * @self: a #BridgeService
 *
 * Makes bridge_service_run() close every connection and return 0, as
 * SIGTERM does. Call it from the thread running the service.
 *
 * Since: 0.1
 */
void
bridge_service_quit (BridgeService *self)
{
  g_return_if_fail (BRIDGE_IS_SERVICE (self));
  service_stop (self, 0);
}
