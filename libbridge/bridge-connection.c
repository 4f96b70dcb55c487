/* bridge-connection.c: one peer-to-peer libbridge connection
 *
 * The connection drives a BridgeWire from a GSource in the main context
 * that was thread-default when it was created: it does the handshake,
 * dispatches calls to exported interfaces, matches replies to pending
 * calls, delivers events and closes with a reason.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-connection-private.h"
#include "bridge-enums.h"
#include "bridge-error.h"
#include "bridge-interface.h"
#include "bridge-marshal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/**
 * BridgeConnection:
 *
 * One end of a libbridge connection to a peer process over a Unix-domain
 * socket (docs/PROTOCOL.md). Either side may call the other's methods
 * (bridge_connection_call_async()), emit events
 * (bridge_connection_emit(), received as #BridgeConnection::event) and
 * pass file descriptors, at the same time.
 *
 * A connection is made on a connected socket
 * (bridge_connection_new_for_fd(), bridge_connection_new()) or, more
 * often, by a #BridgeRegistry that finds and starts a plugin, or by the
 * #BridgeService of a plugin. Export interfaces and set limits first,
 * then run the handshake (bridge_connection_handshake_async()).
 *
 * The connection does its I/O in the main context that was thread-default
 * when it was created; its signals are emitted there. It closes when
 * either side asks, when the peer goes away or breaks the protocol, or
 * when a limit is exceeded (#BridgeConnection::closed says why); pending
 * calls then fail with %BRIDGE_ERROR_CLOSED.
 *
 * Since: 0.1
 */

enum
{
  PROP_0,
  PROP_NAME,
  PROP_PEER_NAME,
  PROP_PEER_PID,
  PROP_PEER_UID,
  PROP_READY,
  PROP_IS_CLOSED,
  N_PROPS
};

enum
{
  SIGNAL_EVENT,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BridgeConnection, bridge_connection, G_TYPE_OBJECT)

static gboolean
emit_closed_idle (gpointer data)
{
  BridgeConnection *self = data;

  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, self->close_reason, self->close_message);
  return G_SOURCE_REMOVE;
}

/* Notifies #BridgeConnection:is-closed now and emits "closed" from the main
 * context, never from inside a blocking call or a handler of the caller's. */
void
bridge_connection_announce_closed (BridgeConnection *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_CLOSED]);
  GSource *idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, emit_closed_idle, g_object_ref (self), g_object_unref);
  g_source_set_static_name (idle, "[libbridge] closed");
  g_source_attach (idle, self->context);
  g_source_unref (idle);
}

/* ---- sending ---------------------------------------------------------- */

gboolean
bridge_connection_send (BridgeConnection *self,
                        BridgeMessageType type,
                        guint16 flags,
                        guint32 reply_serial,
                        GVariant *body,
                        GUnixFDList *fds,
                        guint32 *out_serial,
                        GError **error)
{
  if (!bridge_wire_send (self->wire, type, flags, reply_serial, body, fds, out_serial, error))
    {
      /* A fatal failure closes from the main context: the wire has woken
       * it. */
      return FALSE;
    }
  return TRUE;
}

void
bridge_connection_send_reply (BridgeConnection *self, guint32 reply_serial, GVariant *value, GUnixFDList *fds)
{
  g_autoptr (GError) error = NULL;

  if (!bridge_connection_send (self, BRIDGE_MESSAGE_REPLY, 0, reply_serial, g_variant_new ("(v)", value), fds,
                               NULL, &error))
    g_debug ("could not send the reply to call %u: %s", reply_serial, error->message);
}

void
bridge_connection_send_error (BridgeConnection *self, guint32 reply_serial, const GError *error)
{
  g_autoptr (GError) local = NULL;
  const char *domain = g_quark_to_string (error->domain);

  if (!bridge_connection_send (self, BRIDGE_MESSAGE_ERROR, 0, reply_serial,
                               g_variant_new ("(sis)", domain != NULL && *domain != '\0' ? domain : "unknown",
                                              error->code, error->message),
                               NULL, NULL, &local))
    g_debug ("could not send the error reply to call %u: %s", reply_serial, local->message);
}

/* For a socketpair, SO_PEERCRED names the process that made the pair;
 * whoever started the peer knows better. */
void
bridge_connection_set_peer_process (BridgeConnection *self, GSubprocess *process)
{
  const char *pid = g_subprocess_get_identifier (process); /* NULL once it has exited */

  g_set_object (&self->peer_process, process);
  if (pid == NULL)
    return;
  self->peer_pid = (int) g_ascii_strtoll (pid, NULL, 10);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_PID]);
}

void
bridge_connection_notify_ready (BridgeConnection *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

void
bridge_connection_deliver_event (BridgeConnection *self,
                                 GQuark detail,
                                 const char *interface,
                                 const char *event,
                                 GVariant *args,
                                 GUnixFDList *fds)
{
  g_signal_emit (self, signals[SIGNAL_EVENT], detail, interface, event, args, fds);
}

/* ---- GObject ---------------------------------------------------------- */

static void
bridge_connection_dispose (GObject *object)
{
  BridgeConnection *self = BRIDGE_CONNECTION (object);

  /* Nobody is left to hear "closed": close quietly. */
  bridge_connection_close_quietly (self);
  g_queue_clear_full (&self->incoming, (GDestroyNotify) bridge_message_free);
  g_hash_table_remove_all (self->exported);
  G_OBJECT_CLASS (bridge_connection_parent_class)->dispose (object);
}

static void
bridge_connection_finalize (GObject *object)
{
  BridgeConnection *self = BRIDGE_CONNECTION (object);

  bridge_wire_free (self->wire);
  g_main_context_unref (self->context);
  g_clear_pointer (&self->sync_context, g_main_context_unref);
  g_hash_table_unref (self->exported);
  g_hash_table_unref (self->pending);
  g_mutex_clear (&self->calls_lock);
  g_free (self->name);
  g_free (self->peer_name);
  g_strfreev (self->peer_interfaces);
  g_clear_object (&self->peer_process);
  g_free (self->close_message);
  g_free (self->drain_message);
  G_OBJECT_CLASS (bridge_connection_parent_class)->finalize (object);
}

static void
bridge_connection_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BridgeConnection *self = BRIDGE_CONNECTION (object);

  switch (prop_id)
    {
      case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
      case PROP_PEER_NAME:
        g_value_set_string (value, self->peer_name);
        break;
      case PROP_PEER_PID:
        g_value_set_int (value, self->peer_pid);
        break;
      case PROP_PEER_UID:
        g_value_set_uint (value, self->peer_uid);
        break;
      case PROP_READY:
        g_value_set_boolean (value, self->state == BRIDGE_CONNECTION_STATE_READY);
        break;
      case PROP_IS_CLOSED:
        g_value_set_boolean (value, self->state == BRIDGE_CONNECTION_STATE_CLOSED);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bridge_connection_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BridgeConnection *self = BRIDGE_CONNECTION (object);

  switch (prop_id)
    {
      case PROP_NAME:
        bridge_connection_set_name (self, g_value_get_string (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bridge_connection_class_init (BridgeConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bridge_connection_dispose;
  object_class->finalize = bridge_connection_finalize;
  object_class->get_property = bridge_connection_get_property;
  object_class->set_property = bridge_connection_set_property;

  /**
   * BridgeConnection:name:
   *
   * The name this side declares in its HELLO.
   *
   * Since: 0.1
   */
  properties[PROP_NAME]
      = g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * BridgeConnection:peer-name:
   *
   * The name the peer declared in its HELLO; %NULL before the handshake.
   *
   * Since: 0.1
   */
  properties[PROP_PEER_NAME]
      = g_param_spec_string ("peer-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * BridgeConnection:peer-pid:
   *
   * The peer's process id, from the socket's credentials; 0 if unknown.
   *
   * Since: 0.1
   */
  properties[PROP_PEER_PID]
      = g_param_spec_int ("peer-pid", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * BridgeConnection:peer-uid:
   *
   * The peer's user id, from the socket's credentials.
   *
   * Since: 0.1
   */
  properties[PROP_PEER_UID] = g_param_spec_uint ("peer-uid", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * BridgeConnection:ready:
   *
   * Whether the handshake is done and the connection open.
   *
   * Since: 0.1
   */
  properties[PROP_READY]
      = g_param_spec_boolean ("ready", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * BridgeConnection:is-closed: (getter is_closed)
   *
   * Whether the connection is closed. Named so that it does not clash with
   * the #BridgeConnection::closed signal (Vala, for one, drops a signal
   * that shares a property's name).
   *
   * Since: 0.1
   */
  properties[PROP_IS_CLOSED]
      = g_param_spec_boolean ("is-closed", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BridgeConnection::event:
   * @self: the connection
   * @interface: the interface the event belongs to
   * @event: the event name, also the signal detail
   * @args: the event's arguments, a tuple
   * @fds: (nullable): file descriptors sent with the event
   *
   * The peer emitted an event. Connect to `event::Name` for one event.
   * Emitted in the connection's main context.
   *
   * Since: 0.1
   */
  signals[SIGNAL_EVENT]
      = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL,
                      NULL, bridge_marshal_VOID__STRING_STRING_VARIANT_OBJECT, G_TYPE_NONE, 4, G_TYPE_STRING,
                      G_TYPE_STRING, G_TYPE_VARIANT, G_TYPE_UNIX_FD_LIST);
  g_signal_set_va_marshaller (signals[SIGNAL_EVENT], G_TYPE_FROM_CLASS (klass),
                              bridge_marshal_VOID__STRING_STRING_VARIANT_OBJECTv);

  /**
   * BridgeConnection::closed:
   * @self: the connection
   * @reason: a #BridgeCloseReason
   * @message: what happened, for people
   *
   * The connection closed. Emitted once, from the connection's main
   * context, after every pending call has failed with %BRIDGE_ERROR_CLOSED.
   *
   * Since: 0.1
   */
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 2, BRIDGE_TYPE_CLOSE_REASON, G_TYPE_STRING);
}

static void
bridge_connection_init (BridgeConnection *self)
{
  self->exported = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->pending = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) bridge_pending_call_free);
  g_mutex_init (&self->calls_lock);
  g_queue_init (&self->incoming);
  self->next_deadline = G_MAXINT64;
  self->handshake_deadline = G_MAXINT64;
  self->context = g_main_context_ref_thread_default ();
}

/**
 * bridge_connection_new_for_fd:
 * @fd: a connected `AF_UNIX` `SOCK_STREAM` socket; the connection owns it
 *   from now on, even on failure
 * @flags: #BridgeConnectionFlags
 * @error: return location for a #GError
 *
 * Wraps a connected socket. Nothing is sent or read until
 * bridge_connection_handshake_async(): export interfaces and connect
 * signals first. The connection lives in the thread-default main context
 * of the caller.
 *
 * Returns: (transfer full): a new connection, or %NULL if @fd is not a
 *   connected Unix stream socket
 *
 * Since: 0.1
 */
BridgeConnection *
bridge_connection_new_for_fd (int fd, BridgeConnectionFlags flags, GError **error)
{
  int type = 0;
  struct sockaddr_storage addr;
  socklen_t len = sizeof type;
  struct ucred cred = { 0 };
  socklen_t cred_len = sizeof cred;

  g_return_val_if_fail (fd >= 0, NULL);

  if (getsockopt (fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_STREAM
      || (len = sizeof addr, getsockname (fd, (struct sockaddr *) &addr, &len) < 0)
      || addr.ss_family != AF_UNIX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "fd %d is not a Unix-domain stream socket",
                   fd);
      close (fd);
      return NULL;
    }
  if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "fd %d: cannot read the peer's credentials: %s", fd, g_strerror (saved));
      close (fd);
      return NULL;
    }

  GError *local = NULL;
  int fd_flags = fcntl (fd, F_GETFD);
  if (!g_unix_set_fd_nonblocking (fd, TRUE, &local) || fd_flags < 0
      || fcntl (fd, F_SETFD, fd_flags | FD_CLOEXEC) < 0)
    {
      int saved = errno;
      if (local != NULL)
        g_propagate_prefixed_error (error, local, "fd %d: ", fd);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "fd %d: cannot set close-on-exec: %s",
                     fd, g_strerror (saved));
      close (fd);
      return NULL;
    }

  BridgeConnection *self = g_object_new (BRIDGE_TYPE_CONNECTION, NULL);
  self->wire = bridge_wire_new (fd);
  self->flags = flags;
  self->peer_pid = cred.pid;
  self->peer_uid = cred.uid;
  self->peer_uid_ok = cred.uid == getuid () || (flags & BRIDGE_CONNECTION_FLAGS_ALLOW_ANY_UID) != 0;
  return self;
}

/**
 * bridge_connection_new:
 * @socket: a connected Unix-domain stream #GSocket
 * @flags: #BridgeConnectionFlags
 * @error: return location for a #GError
 *
 * Like bridge_connection_new_for_fd() on a duplicate of @socket's fd;
 * @socket itself stays the caller's.
 *
 * Returns: (transfer full): a new connection, or %NULL on error
 *
 * Since: 0.1
 */
BridgeConnection *
bridge_connection_new (GSocket *socket, BridgeConnectionFlags flags, GError **error)
{
  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);

  int fd = fcntl (g_socket_get_fd (socket), F_DUPFD_CLOEXEC, 3);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot duplicate the socket: %s",
                   g_strerror (saved));
      return NULL;
    }
  return bridge_connection_new_for_fd (fd, flags, error);
}

/**
 * bridge_connection_set_name:
 * @self: a #BridgeConnection
 * @name: (nullable): the name to declare to the peer in the handshake
 *
 * Sets the name this side declares; call before the handshake.
 *
 * Since: 0.1
 */
void
bridge_connection_set_name (BridgeConnection *self, const char *name)
{
  g_return_if_fail (BRIDGE_IS_CONNECTION (self));
  g_return_if_fail (name == NULL || strlen (name) <= BRIDGE_MAX_NAME_LENGTH);

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/**
 * bridge_connection_get_name:
 * @self: a #BridgeConnection
 *
 * Gets the name this side declares in its HELLO.
 *
 * Returns: (transfer none) (nullable): the name this side declares
 *
 * Since: 0.1
 */
const char *
bridge_connection_get_name (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), NULL);
  return self->name;
}

/**
 * bridge_connection_export:
 * @self: a #BridgeConnection
 * @iface: the interface to serve
 *
 * Serves @iface's methods to the peer. Interfaces exported before the
 * handshake are listed in this side's HELLO.
 *
 * Since: 0.1
 */
void
bridge_connection_export (BridgeConnection *self, BridgeInterface *iface)
{
  g_return_if_fail (BRIDGE_IS_CONNECTION (self));
  g_return_if_fail (BRIDGE_IS_INTERFACE (iface));

  g_hash_table_replace (self->exported, (gpointer) bridge_interface_get_name (iface), g_object_ref (iface));
}

/**
 * bridge_connection_set_limit:
 * @self: a #BridgeConnection
 * @limit: which limit
 * @value: its new value
 *
 * Changes one of the connection's limits (see #BridgeLimit for the
 * defaults). Set limits before the handshake.
 *
 * Since: 0.1
 */
void
bridge_connection_set_limit (BridgeConnection *self, BridgeLimit limit, guint64 value)
{
  g_return_if_fail (BRIDGE_IS_CONNECTION (self));
  g_return_if_fail (limit <= BRIDGE_LIMIT_NESTING);

  bridge_wire_set_limit (self->wire, limit, value);
}

/**
 * bridge_connection_get_limit:
 * @self: a #BridgeConnection
 * @limit: which limit
 *
 * Gets the current value of one of the connection's limits.
 *
 * Returns: the current value of @limit
 *
 * Since: 0.1
 */
guint64
bridge_connection_get_limit (BridgeConnection *self, BridgeLimit limit)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), 0);
  g_return_val_if_fail (limit <= BRIDGE_LIMIT_NESTING, 0);

  return bridge_wire_get_limit (self->wire, limit);
}

/* ---- events ----------------------------------------------------------- */

gboolean
bridge_connection_check_open (BridgeConnection *self,
                              const char *interface,
                              const char *method,
                              GError **error)
{
  if (self->state == BRIDGE_CONNECTION_STATE_CLOSED)
    {
      g_autofree char *what = g_strdup_printf ("%s.%s: connection closed", interface, method);
      g_propagate_error (error, bridge_connection_closed_error (self, what));
      return FALSE;
    }
  if (self->state == BRIDGE_CONNECTION_STATE_NEW)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED,
                   "%s.%s: the connection's handshake has not been started", interface, method);
      return FALSE;
    }
  return TRUE;
}

GVariant *
bridge_call_body (const char *interface, const char *method, GVariant *args)
{
  return g_variant_new ("(ssv)", interface, method, args != NULL ? args : g_variant_new ("()"));
}

/**
 * bridge_connection_emit:
 * @self: a #BridgeConnection
 * @interface: the interface the event belongs to
 * @event: the event name
 * @args: (nullable): the event arguments, a tuple (%NULL for `()`); a
 *   floating reference is sunk
 * @fds: (nullable): file descriptors to send with the event
 * @error: return location for a #GError
 *
 * Sends @event to the peer without waiting for anything. Safe to call
 * from any thread; it never blocks (a peer that does not read gets the
 * connection closed once the outgoing limit is reached).
 *
 * Returns: %TRUE if the event was queued
 *
 * Since: 0.1
 */
gboolean
bridge_connection_emit (BridgeConnection *self,
                        const char *interface,
                        const char *event,
                        GVariant *args,
                        GUnixFDList *fds,
                        GError **error)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (interface != NULL && bridge_name_is_valid (interface), FALSE);
  g_return_val_if_fail (event != NULL && bridge_name_is_valid (event), FALSE);
  g_return_val_if_fail (args == NULL || g_variant_is_of_type (args, G_VARIANT_TYPE_TUPLE), FALSE);

  g_autoptr (GVariant) owned_args = args != NULL ? g_variant_ref_sink (args) : NULL;
  if (!bridge_connection_check_open (self, interface, event, error))
    return FALSE;
  return bridge_connection_send (self, BRIDGE_MESSAGE_EVENT, 0, 0,
                                 bridge_call_body (interface, event, owned_args), fds, NULL, error);
}

/**
 * bridge_connection_is_ready:
 * @self: a #BridgeConnection
 *
 * Checks whether the connection can carry calls and events.
 *
 * Returns: whether the handshake is done and the connection open
 *
 * Since: 0.1
 */
gboolean
bridge_connection_is_ready (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), FALSE);
  return self->state == BRIDGE_CONNECTION_STATE_READY;
}

/**
 * bridge_connection_get_peer_name:
 * @self: a #BridgeConnection
 *
 * Gets the name the peer declared in its HELLO.
 *
 * Returns: (transfer none) (nullable): the name the peer declared, %NULL
 *   before the handshake
 *
 * Since: 0.1
 */
const char *
bridge_connection_get_peer_name (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), NULL);
  return self->peer_name;
}

/**
 * bridge_connection_get_peer_interfaces:
 * @self: a #BridgeConnection
 *
 * Gets the interfaces the peer declared in its HELLO.
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   interfaces the peer declared, %NULL before the handshake
 *
 * Since: 0.1
 */
const char *const *
bridge_connection_get_peer_interfaces (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), NULL);
  return (const char *const *) self->peer_interfaces;
}

/**
 * bridge_connection_peer_implements:
 * @self: a #BridgeConnection
 * @interface: an interface name
 *
 * Checks whether the peer implements an interface.
 *
 * Returns: whether the peer declared @interface in its HELLO
 *
 * Since: 0.1
 */
gboolean
bridge_connection_peer_implements (BridgeConnection *self, const char *interface)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), FALSE);
  return self->peer_interfaces != NULL
         && g_strv_contains ((const char *const *) self->peer_interfaces, interface);
}

/**
 * bridge_connection_get_peer_pid:
 * @self: a #BridgeConnection
 *
 * Gets the process id of the peer.
 *
 * Returns: the peer's process id from the socket's credentials, 0 if
 *   unknown
 *
 * Since: 0.1
 */
int
bridge_connection_get_peer_pid (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), 0);
  return self->peer_pid;
}

/**
 * bridge_connection_get_peer_uid:
 * @self: a #BridgeConnection
 *
 * Gets the user id of the peer.
 *
 * Returns: the peer's user id from the socket's credentials
 *
 * Since: 0.1
 */
guint
bridge_connection_get_peer_uid (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), 0);
  return self->peer_uid;
}
