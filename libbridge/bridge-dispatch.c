/* bridge-dispatch.c: the incoming side of a BridgeConnection
 *
 * A GSource in the connection's main context watches the socket, has the
 * wire read and frame messages, and dispatches each in order: HELLO to
 * the handshake, CALL to the exported interface's handler, REPLY and
 * ERROR to the pending call, EVENT to the "event" signal, BYE to closing
 * (docs/PROTOCOL.md sections 4, 5 and 8).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-connection-private.h"
#include "bridge-error.h"
#include "bridge-interface-private.h"
#include "bridge-invocation-private.h"
#include "bridge-peer-exit-private.h"

/* How long the end of a started plugin's input waits for its exit. */
#define PEER_EXIT_WAIT_MS 250

static void dispatch_message (BridgeConnection *self, BridgeMessage *message);

/* ---- the GSource ------------------------------------------------------ */

static void
watch_write (GSource *source, gboolean want_write)
{
  if (source != NULL && !g_source_is_destroyed (source))
    g_source_modify_unix_fd (source, ((ConnectionSource *) source)->fd_tag,
                             G_IO_IN | G_IO_HUP | G_IO_ERR | (want_write ? G_IO_OUT : 0));
}

/* Both sources watch for room to write: a blocking call must be able to
 * send a message too big for the socket buffer while it waits. */
static void
on_want_write (gboolean want_write, gpointer user_data)
{
  BridgeConnection *self = user_data;

  watch_write (self->source, want_write);
  watch_write (self->sync_source, want_write);
}

static gboolean
source_prepare (GSource *source, int *timeout)
{
  BridgeConnection *self = ((ConnectionSource *) source)->connection;

  *timeout = -1;
  return !g_queue_is_empty (&self->incoming) || self->state == BRIDGE_CONNECTION_STATE_DRAINING
         || bridge_wire_has_fatal (self->wire);
}

static gboolean
source_check (GSource *source)
{
  ConnectionSource *csource = (ConnectionSource *) source;
  BridgeConnection *self = csource->connection;

  return g_source_query_unix_fd (source, csource->fd_tag) != 0 || !g_queue_is_empty (&self->incoming)
         || self->state == BRIDGE_CONNECTION_STATE_DRAINING || bridge_wire_has_fatal (self->wire);
}

/* Why the peer's input ended. For a plugin this side started, how it
 * ended too: a host whose plugin died mid-call is told how. */
static char *
peer_gone_message (BridgeConnection *self)
{
  const char *what = bridge_wire_has_partial_message (self->wire)
                         ? "peer disconnected in the middle of a message"
                         : "peer closed the connection";
  g_autofree char *how = NULL;

  if (self->peer_process != NULL)
    how = bridge_describe_peer_exit (self->peer_process, PEER_EXIT_WAIT_MS);
  if (how == NULL)
    return g_strdup (what);
  if (self->peer_name == NULL)
    return g_strdup_printf ("%s: the plugin (pid %d) %s", what, self->peer_pid, how);
  return g_strdup_printf ("%s: plugin %s (pid %d) %s", what, self->peer_name, self->peer_pid, how);
}

/* Reads what the socket has; at its end, the connection goes DRAINING:
 * the messages read before it are dispatched, then it closes. */
gboolean
bridge_connection_read (BridgeConnection *self)
{
  BridgeCloseReason reason = BRIDGE_CLOSE_REASON_NONE;
  g_autoptr (GError) error = NULL;

  switch (bridge_wire_read (self->wire, &self->incoming, &reason, &error))
    {
      case BRIDGE_WIRE_READ_OK:
        return TRUE;
      case BRIDGE_WIRE_READ_EOF:
        self->drain_reason = BRIDGE_CLOSE_REASON_PEER_GONE;
        self->drain_message = peer_gone_message (self);
        bridge_connection_set_state (self, BRIDGE_CONNECTION_STATE_DRAINING);
        return TRUE;
      case BRIDGE_WIRE_READ_ERROR:
      default:
        self->drain_reason = reason;
        self->drain_message = g_strdup (error->message);
        bridge_connection_set_state (self, BRIDGE_CONNECTION_STATE_DRAINING);
        return FALSE;
    }
}

gboolean
bridge_connection_check_wire (BridgeConnection *self)
{
  g_autofree char *message = NULL;
  BridgeCloseReason reason = bridge_wire_take_fatal (self->wire, &message);

  if (reason == BRIDGE_CLOSE_REASON_NONE)
    return TRUE;
  /* The peer closed while we wrote to it: what it sent before, a BYE that
   * says why among it (a refusal: PROTOCOL.md section 4 step 6, section 9),
   * is still ours to read. Drain it as at the end of the input (section 8). */
  if (reason == BRIDGE_CLOSE_REASON_PEER_GONE && self->state != BRIDGE_CONNECTION_STATE_CLOSED)
    {
      if (self->state != BRIDGE_CONNECTION_STATE_DRAINING)
        bridge_connection_read (self);
      if (self->state != BRIDGE_CONNECTION_STATE_DRAINING)
        {
          self->drain_reason = reason;
          self->drain_message = g_steal_pointer (&message);
          bridge_connection_set_state (self, BRIDGE_CONNECTION_STATE_DRAINING);
        }
      return TRUE;
    }
  bridge_connection_close_with (self, reason, "%s", message);
  return FALSE;
}

static gboolean
source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  ConnectionSource *csource = (ConnectionSource *) source;
  g_autoptr (BridgeConnection) self = g_object_ref (csource->connection);
  GIOCondition revents = g_source_query_unix_fd (source, csource->fd_tag);

  if (!bridge_connection_check_wire (self))
    return G_SOURCE_REMOVE;
  if ((revents & G_IO_OUT) != 0)
    bridge_wire_flush (self->wire, NULL);
  if (!bridge_connection_check_wire (self))
    return G_SOURCE_REMOVE;

  if ((revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0 && self->state != BRIDGE_CONNECTION_STATE_DRAINING)
    bridge_connection_read (self);

  BridgeMessage *message;
  while (self->state != BRIDGE_CONNECTION_STATE_CLOSED
         && (message = g_queue_pop_head (&self->incoming)) != NULL)
    {
      dispatch_message (self, message);
      bridge_message_free (message);
    }
  if (self->state == BRIDGE_CONNECTION_STATE_CLOSED)
    return G_SOURCE_REMOVE;
  if (self->state == BRIDGE_CONNECTION_STATE_DRAINING)
    {
      bridge_connection_close_with (self, self->drain_reason, "%s", self->drain_message);
      return G_SOURCE_REMOVE;
    }

  if (self->state == BRIDGE_CONNECTION_STATE_HANDSHAKING
      && g_get_monotonic_time () >= self->handshake_deadline)
    {
      bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED,
                                    "no HELLO from the peer within %" G_GUINT64_FORMAT " ms",
                                    bridge_wire_get_limit (self->wire, BRIDGE_LIMIT_HANDSHAKE_TIMEOUT_MS));
      return G_SOURCE_REMOVE;
    }
  bridge_connection_expire_calls (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs connection_source_funcs = {
  .prepare = source_prepare,
  .check = source_check,
  .dispatch = source_dispatch,
};

/* ---- dispatching ------------------------------------------------------ */

static GVariant *
describe (BridgeConnection *self)
{
  GVariantBuilder builder;
  GHashTableIter iter;
  BridgeInterface *iface;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sa(sss)a(ss))"));
  g_hash_table_iter_init (&iter, self->exported);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &iface))
    g_variant_builder_add_value (&builder, bridge_interface_describe (iface));
  return g_variant_new ("(sa(sa(sss)a(ss)))", self->name ? self->name : "", &builder);
}

static void
reply_error (BridgeConnection *self, const BridgeHeader *header, int code, const char *format, ...)
    G_GNUC_PRINTF (4, 5);

/* org.libbridge.Peer1, which every connection answers (PROTOCOL.md 5.1):
 * both methods take (); another type is INVALID_ARGS, as for any method
 * (section 5). */
static void
handle_peer_call (BridgeConnection *self, const BridgeHeader *header, const char *method, GVariant *args)
{
  g_autoptr (GVariant) reply = NULL;
  gboolean ping = g_str_equal (method, "Ping");

  if (!ping && !g_str_equal (method, "Describe"))
    {
      reply_error (self, header, BRIDGE_ERROR_UNKNOWN_METHOD, "%s has no method %s", BRIDGE_PEER_INTERFACE,
                   method);
      return;
    }
  if (!g_variant_is_of_type (args, G_VARIANT_TYPE_UNIT))
    {
      reply_error (self, header, BRIDGE_ERROR_INVALID_ARGS, "%s.%s takes (), not %s", BRIDGE_PEER_INTERFACE,
                   method, g_variant_get_type_string (args));
      return;
    }
  reply = g_variant_ref_sink (ping ? g_variant_new ("()") : describe (self));
  if ((header->flags & BRIDGE_FLAG_NO_REPLY) == 0)
    bridge_connection_send_reply (self, header->serial, reply, NULL);
}

static void
reply_error (BridgeConnection *self, const BridgeHeader *header, int code, const char *format, ...)
{
  va_list args;

  if ((header->flags & BRIDGE_FLAG_NO_REPLY) != 0)
    return;
  va_start (args, format);
  g_autoptr (GError) error = g_error_new_valist (BRIDGE_ERROR, code, format, args);
  va_end (args);
  g_debug ("answering call %u with an error: %s", header->serial, error->message);
  bridge_connection_send_error (self, header->serial, error);
}

static void
handle_call (BridgeConnection *self, BridgeMessage *message)
{
  const char *iface_name, *method_name;
  g_autoptr (GVariant) args = NULL;

  g_variant_get (message->body, "(&s&sv)", &iface_name, &method_name, &args);

  if (g_str_equal (iface_name, BRIDGE_PEER_INTERFACE))
    {
      handle_peer_call (self, &message->header, method_name, args);
      return;
    }

  BridgeInterface *iface = g_hash_table_lookup (self->exported, iface_name);
  if (iface == NULL)
    {
      reply_error (self, &message->header, BRIDGE_ERROR_UNKNOWN_INTERFACE, "%s does not export %s",
                   self->name ? self->name : "peer", iface_name);
      return;
    }
  const BridgeMethod *method = bridge_interface_lookup_method (iface, method_name);
  if (method == NULL)
    {
      reply_error (self, &message->header, BRIDGE_ERROR_UNKNOWN_METHOD, "%s has no method %s", iface_name,
                   method_name);
      return;
    }
  if (!g_variant_is_of_type (args, method->in_type))
    {
      g_autofree char *want = g_variant_type_dup_string (method->in_type);
      reply_error (self, &message->header, BRIDGE_ERROR_INVALID_ARGS, "%s.%s takes %s, not %s", iface_name,
                   method_name, want, g_variant_get_type_string (args));
      return;
    }

  g_autoptr (BridgeInvocation) invocation = bridge_invocation_new (
      self, message->header.serial, (message->header.flags & BRIDGE_FLAG_NO_REPLY) != 0, iface, method, args,
      message->fds);
  method->func (invocation, method->user_data);
}

static void
handle_event (BridgeConnection *self, BridgeMessage *message)
{
  const char *iface_name, *event;
  g_autoptr (GVariant) args = NULL;

  g_variant_get (message->body, "(&s&sv)", &iface_name, &event, &args);
  /* Only a name someone listens for has a quark; never make new ones from
   * peer input. */
  bridge_connection_deliver_event (self, g_quark_try_string (event), iface_name, event, args, message->fds);
}

/* The peer said goodbye (docs/PROTOCOL.md section 8): in any state, the
 * handshake included (a refusal, section 4 step 6, comes before HELLO). */
void
bridge_connection_handle_bye (BridgeConnection *self, BridgeMessage *message)
{
  guint32 reason;
  const char *text;

  g_variant_get (message->body, "(u&s)", &reason, &text);
  /* A reason this version does not know is still a goodbye
   * (PROTOCOL.md 8): say its number. */
  const char *nick = bridge_close_reason_nick (reason);
  if (reason == BRIDGE_CLOSE_REASON_LOCAL)
    bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_PEER_GONE,
                                  "%s%s closed the connection: it was done with it",
                                  self->peer_name ? "" : "the ", self->peer_name ? self->peer_name : "peer");
  else if (reason == BRIDGE_CLOSE_REASON_NONE || g_str_equal (nick, "unknown"))
    bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_PEER_GONE,
                                  "peer closed the connection (reason %u): %s", reason, text);
  else
    bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_PEER_GONE, "peer closed the connection (%s): %s",
                                  nick, text);
}

static void
dispatch_message (BridgeConnection *self, BridgeMessage *message)
{
  BridgeMessageType type = message->header.type;

  if (type == BRIDGE_MESSAGE_BYE)
    {
      bridge_connection_handle_bye (self, message);
      return;
    }
  if (bridge_connection_awaits_hello (self))
    {
      if (type == BRIDGE_MESSAGE_HELLO)
        bridge_connection_handle_hello (self, message);
      else
        bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "%s before HELLO",
                                      bridge_message_type_to_string (type));
      return;
    }

  switch (type)
    {
      case BRIDGE_MESSAGE_CALL:
        handle_call (self, message);
        break;
      case BRIDGE_MESSAGE_REPLY:
      case BRIDGE_MESSAGE_ERROR:
        bridge_connection_handle_reply (self, message);
        break;
      case BRIDGE_MESSAGE_EVENT:
        handle_event (self, message);
        break;
      case BRIDGE_MESSAGE_HELLO:
      default:
        bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "second HELLO");
        break;
    }
}

/* A source that reads and dispatches the connection: the one of its main
 * context, or the one a blocking call waits on (bridge-call.c). */
GSource *
bridge_connection_source_new (BridgeConnection *self)
{
  GSource *source = g_source_new (&connection_source_funcs, sizeof (ConnectionSource));
  ConnectionSource *csource = (ConnectionSource *) source;

  csource->connection = self;
  csource->fd_tag = g_source_add_unix_fd (source, bridge_wire_get_fd (self->wire),
                                          G_IO_IN | G_IO_HUP | G_IO_ERR
                                              | (bridge_wire_wants_write (self->wire) ? G_IO_OUT : 0));
  g_source_set_static_name (source, "[libbridge] connection");
  return source;
}

/* Starts reading and dispatching in the connection's main context. */
void
bridge_connection_attach_source (BridgeConnection *self)
{
  GSource *source = bridge_connection_source_new (self);
  /* GLib blocks a source that may not recurse for each dispatch by taking
   * its fd out of the poll set and putting it back, and each of the two
   * writes the context's wakeup eventfd: two syscalls and a spurious loop
   * iteration per message (about 1.5 µs of a 24 µs call round trip).
   * Dispatching is safe to re-enter: messages leave the queue in order, so
   * a handler that iterates this context dispatches the ones after its
   * own, as GDBus does. */
  g_source_set_can_recurse (source, TRUE);
  self->source = source;
  bridge_wire_set_want_write_func (self->wire, on_want_write, self);
  g_source_attach (source, self->context);
}
