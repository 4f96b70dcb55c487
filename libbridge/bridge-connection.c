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
#include "bridge-interface-private.h"
#include "bridge-invocation-private.h"
#include "bridge-wire-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_CALL_TIMEOUT_MS 25000
/* Remote error domains unknown here are interned as quarks so the domain
 * survives; a hostile peer must not make that grow without end. */
#define MAX_INTERNED_DOMAINS 128

typedef enum {
  STATE_NEW,
  STATE_HANDSHAKING,
  STATE_READY,
  STATE_CLOSED,
} State;

typedef struct {
  guint32 serial;
  gint64 deadline; /* monotonic µs; G_MAXINT64 for none */
  GTask *task;
  GSource *cancel_source;
} PendingCall;

typedef struct {
  GSource source;
  BridgeConnection *connection; /* not a reference: the connection owns us */
  gpointer fd_tag;
} ConnectionSource;

struct _BridgeConnection {
  GObject parent_instance;

  BridgeWire *wire;
  BridgeConnectionFlags flags;
  GMainContext *context;
  GSource *source;
  State state;

  char *name;
  GHashTable *exported; /* name -> BridgeInterface */

  char *peer_name;
  GStrv peer_interfaces;
  int peer_pid;
  guint peer_uid;
  gboolean peer_uid_ok;

  GQueue incoming;
  gboolean read_eof;           /* no more to read: end of file, or ... */
  BridgeCloseReason read_fail; /* ... a bad message, closing once the good ones before it are handled */
  char *read_fail_message;
  GList *handshake_tasks;
  gint64 handshake_deadline;

  GMutex calls_lock; /* pending, next_deadline: calls may start in any thread */
  GHashTable *pending; /* serial -> PendingCall */
  gint64 next_deadline;

  BridgeCloseReason close_reason;
  char *close_message;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_PEER_NAME,
  PROP_PEER_PID,
  PROP_PEER_UID,
  PROP_READY,
  PROP_CLOSED,
  N_PROPS
};

enum {
  SIGNAL_EVENT,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BridgeConnection, bridge_connection, G_TYPE_OBJECT)

static void close_with (BridgeConnection *self, BridgeCloseReason reason, const char *format, ...)
  G_GNUC_PRINTF (3, 4);
static void dispatch_message (BridgeConnection *self, BridgeMessage *message);

static const char *
reason_nick (BridgeCloseReason reason)
{
  GEnumClass *klass = g_type_class_ref (BRIDGE_TYPE_CLOSE_REASON);
  GEnumValue *value = g_enum_get_value (klass, reason);
  g_type_class_unref (klass);
  return value != NULL ? value->value_nick : "unknown";
}

/* ---- pending calls ---------------------------------------------------- */

static void
pending_call_free (PendingCall *call)
{
  if (call->cancel_source != NULL)
    {
      g_source_destroy (call->cancel_source);
      g_source_unref (call->cancel_source);
    }
  g_clear_object (&call->task);
  g_free (call);
}

/* Takes a pending call out of the table, or NULL if it already ended. */
static PendingCall *
steal_pending (BridgeConnection *self, guint32 serial)
{
  PendingCall *call = NULL;

  g_mutex_lock (&self->calls_lock);
  g_hash_table_steal_extended (self->pending, GUINT_TO_POINTER (serial), NULL, (gpointer *) &call);
  g_mutex_unlock (&self->calls_lock);
  return call;
}

static void
update_ready_time (BridgeConnection *self)
{
  gint64 when = MIN (self->next_deadline, self->handshake_deadline);

  if (self->source != NULL)
    g_source_set_ready_time (self->source, when == G_MAXINT64 ? -1 : when);
}

static void
complete_with_error (PendingCall *call, GError *error)
{
  g_task_return_error (call->task, error);
  pending_call_free (call);
}

static void
expire_calls (BridgeConnection *self)
{
  gint64 now = g_get_monotonic_time ();
  GSList *expired = NULL;
  GHashTableIter iter;
  PendingCall *call;

  g_mutex_lock (&self->calls_lock);
  if (now < self->next_deadline)
    {
      g_mutex_unlock (&self->calls_lock);
      return;
    }
  self->next_deadline = G_MAXINT64;
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &call))
    {
      if (call->deadline <= now)
        {
          expired = g_slist_prepend (expired, call);
          g_hash_table_iter_steal (&iter);
        }
      else
        self->next_deadline = MIN (self->next_deadline, call->deadline);
    }
  g_mutex_unlock (&self->calls_lock);
  update_ready_time (self);

  for (GSList *l = expired; l != NULL; l = l->next)
    {
      call = l->data;
      complete_with_error (call, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_TIMED_OUT,
                                              "%s timed out", (const char *) g_task_get_task_data (call->task)));
    }
  g_slist_free (expired);
}

/* ---- closing ---------------------------------------------------------- */

static gboolean
emit_closed_idle (gpointer data)
{
  BridgeConnection *self = data;

  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, self->close_reason, self->close_message);
  return G_SOURCE_REMOVE;
}

static void
close_valist (BridgeConnection *self, BridgeCloseReason reason, const char *format, va_list args)
{
  if (self->state == STATE_CLOSED)
    return;

  g_autofree char *message = g_strdup_vprintf (format, args);
  g_debug ("connection %s<->%s closed (%s): %s", self->name ? self->name : "?",
           self->peer_name ? self->peer_name : "?", reason_nick (reason), message);

  /* Tell the peer why, best effort, when it is the peer's doing or ours. */
  if (reason != BRIDGE_CLOSE_REASON_PEER_GONE && reason != BRIDGE_CLOSE_REASON_IO_ERROR &&
      reason != BRIDGE_CLOSE_REASON_PEER_TOO_SLOW && self->state != STATE_NEW)
    bridge_wire_send (self->wire, BRIDGE_MESSAGE_BYE, 0, 0, g_variant_new ("(us)", reason, message),
                      NULL, NULL, NULL);

  self->state = STATE_CLOSED;
  self->close_reason = reason;
  self->close_message = g_steal_pointer (&message);
  bridge_wire_set_want_write_func (self->wire, NULL, NULL);
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  bridge_wire_close (self->wire);
  g_queue_clear_full (&self->incoming, (GDestroyNotify) bridge_message_free);

  g_mutex_lock (&self->calls_lock);
  GList *calls = g_hash_table_get_values (self->pending);
  g_hash_table_steal_all (self->pending);
  self->next_deadline = G_MAXINT64;
  g_mutex_unlock (&self->calls_lock);
  for (GList *l = calls; l != NULL; l = l->next)
    {
      PendingCall *call = l->data;
      complete_with_error (call, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_CLOSED,
                                              "connection closed before the reply: %s",
                                              self->close_message));
    }
  g_list_free (calls);

  GList *tasks = g_steal_pointer (&self->handshake_tasks);
  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_task_return_new_error (l->data, BRIDGE_ERROR,
                               reason == BRIDGE_CLOSE_REASON_PERMISSION_DENIED
                                 ? BRIDGE_ERROR_PERMISSION_DENIED
                                 : BRIDGE_ERROR_CLOSED,
                               "handshake failed: %s", self->close_message);
      g_object_unref (l->data);
    }
  g_list_free (tasks);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSED]);
  /* "closed" is emitted from the main context, never from inside a
   * blocking call or a handler of the caller's. */
  GSource *idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, emit_closed_idle, g_object_ref (self), g_object_unref);
  g_source_set_static_name (idle, "[libbridge] closed");
  g_source_attach (idle, self->context);
  g_source_unref (idle);
}

static void
close_with (BridgeConnection *self, BridgeCloseReason reason, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  close_valist (self, reason, format, args);
  va_end (args);
}

/* ---- the GSource ------------------------------------------------------ */

static void
on_want_write (gboolean want_write, gpointer user_data)
{
  ConnectionSource *source = user_data;

  g_source_modify_unix_fd ((GSource *) source, source->fd_tag,
                           G_IO_IN | G_IO_HUP | G_IO_ERR | (want_write ? G_IO_OUT : 0));
}

static gboolean
source_prepare (GSource *source, int *timeout)
{
  BridgeConnection *self = ((ConnectionSource *) source)->connection;

  *timeout = -1;
  return !g_queue_is_empty (&self->incoming) || self->read_eof || bridge_wire_has_fatal (self->wire);
}

static gboolean
source_check (GSource *source)
{
  ConnectionSource *csource = (ConnectionSource *) source;
  BridgeConnection *self = csource->connection;

  return g_source_query_unix_fd (source, csource->fd_tag) != 0 ||
         !g_queue_is_empty (&self->incoming) || self->read_eof || bridge_wire_has_fatal (self->wire);
}

static gboolean
read_messages (BridgeConnection *self)
{
  BridgeCloseReason reason = BRIDGE_CLOSE_REASON_NONE;
  g_autoptr (GError) error = NULL;

  switch (bridge_wire_read (self->wire, &self->incoming, &reason, &error))
    {
    case BRIDGE_WIRE_READ_OK:
      return TRUE;
    case BRIDGE_WIRE_READ_EOF:
      self->read_eof = TRUE;
      return TRUE;
    case BRIDGE_WIRE_READ_ERROR:
    default:
      self->read_eof = TRUE;
      self->read_fail = reason;
      self->read_fail_message = g_strdup (error->message);
      return FALSE;
    }
}

static gboolean
check_wire (BridgeConnection *self)
{
  g_autofree char *message = NULL;
  BridgeCloseReason reason = bridge_wire_take_fatal (self->wire, &message);

  if (reason == BRIDGE_CLOSE_REASON_NONE)
    return TRUE;
  close_with (self, reason, "%s", message);
  return FALSE;
}

static gboolean
source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  ConnectionSource *csource = (ConnectionSource *) source;
  g_autoptr (BridgeConnection) self = g_object_ref (csource->connection);
  GIOCondition revents = g_source_query_unix_fd (source, csource->fd_tag);

  if (!check_wire (self))
    return G_SOURCE_REMOVE;
  if ((revents & G_IO_OUT) != 0)
    bridge_wire_flush (self->wire, NULL);
  if (!check_wire (self))
    return G_SOURCE_REMOVE;

  if ((revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0 && !self->read_eof)
    read_messages (self);

  BridgeMessage *message;
  while (self->state != STATE_CLOSED && (message = g_queue_pop_head (&self->incoming)) != NULL)
    {
      dispatch_message (self, message);
      bridge_message_free (message);
    }
  if (self->state == STATE_CLOSED)
    return G_SOURCE_REMOVE;

  if (self->read_fail != BRIDGE_CLOSE_REASON_NONE)
    {
      close_with (self, self->read_fail, "%s", self->read_fail_message);
      return G_SOURCE_REMOVE;
    }
  if (self->read_eof)
    {
      close_with (self, BRIDGE_CLOSE_REASON_PEER_GONE,
                  bridge_wire_has_partial_message (self->wire)
                    ? "peer disconnected in the middle of a message"
                    : "peer closed the connection");
      return G_SOURCE_REMOVE;
    }

  if (self->state == STATE_HANDSHAKING && g_get_monotonic_time () >= self->handshake_deadline)
    {
      close_with (self, BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED, "no HELLO from the peer within %" G_GUINT64_FORMAT " ms",
                  bridge_wire_get_limit (self->wire, BRIDGE_LIMIT_HANDSHAKE_TIMEOUT_MS));
      return G_SOURCE_REMOVE;
    }
  expire_calls (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs connection_source_funcs = {
  .prepare = source_prepare,
  .check = source_check,
  .dispatch = source_dispatch,
};

/* ---- dispatching ------------------------------------------------------ */

static void
handle_hello (BridgeConnection *self, BridgeMessage *message)
{
  guint32 min_version, max_version;
  const char *name;
  g_autoptr (GVariant) interfaces = NULL;

  g_variant_get (message->body, "(uu&s@asa{sv})", &min_version, &max_version, &name, &interfaces, NULL);
  if (min_version > BRIDGE_PROTOCOL_VERSION || max_version < BRIDGE_PROTOCOL_VERSION)
    {
      close_with (self, BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED,
                  "no common protocol version: peer speaks %u to %u, we speak %u", min_version,
                  max_version, BRIDGE_PROTOCOL_VERSION);
      return;
    }
  self->peer_name = g_strdup (name);
  self->peer_interfaces = g_variant_dup_strv (interfaces, NULL);
  self->state = STATE_READY;
  self->handshake_deadline = G_MAXINT64;
  update_ready_time (self);

  GList *tasks = g_steal_pointer (&self->handshake_tasks);
  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_task_return_boolean (l->data, TRUE);
      g_object_unref (l->data);
    }
  g_list_free (tasks);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

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

/* org.libbridge.Peer1, which every connection answers (PROTOCOL.md
 * "Built-in interface"). Returns FALSE for an unknown method. */
static gboolean
handle_peer_call (BridgeConnection *self, const BridgeHeader *header, const char *method, GVariant *args)
{
  g_autoptr (GVariant) reply = NULL;

  if (g_str_equal (method, "Ping") && g_variant_is_of_type (args, G_VARIANT_TYPE_UNIT))
    reply = g_variant_ref_sink (g_variant_new ("()"));
  else if (g_str_equal (method, "Describe") && g_variant_is_of_type (args, G_VARIANT_TYPE_UNIT))
    reply = g_variant_ref_sink (describe (self));
  else
    return FALSE;
  if ((header->flags & BRIDGE_FLAG_NO_REPLY) == 0)
    bridge_connection_send_reply (self, header->serial, reply, NULL);
  return TRUE;
}

static void
reply_error (BridgeConnection *self, const BridgeHeader *header, int code, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

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
      if (!handle_peer_call (self, &message->header, method_name, args))
        reply_error (self, &message->header, BRIDGE_ERROR_UNKNOWN_METHOD, "%s has no method %s (%s)",
                     iface_name, method_name, g_variant_get_type_string (args));
      return;
    }

  BridgeInterface *iface = g_hash_table_lookup (self->exported, iface_name);
  if (iface == NULL)
    {
      reply_error (self, &message->header, BRIDGE_ERROR_UNKNOWN_INTERFACE,
                   "%s does not export %s", self->name ? self->name : "peer", iface_name);
      return;
    }
  const BridgeMethod *method = bridge_interface_lookup_method (iface, method_name);
  if (method == NULL)
    {
      reply_error (self, &message->header, BRIDGE_ERROR_UNKNOWN_METHOD, "%s has no method %s",
                   iface_name, method_name);
      return;
    }
  if (!g_variant_is_of_type (args, method->in_type))
    {
      g_autofree char *want = g_variant_type_dup_string (method->in_type);
      reply_error (self, &message->header, BRIDGE_ERROR_INVALID_ARGS,
                   "%s.%s takes %s, not %s", iface_name, method_name, want,
                   g_variant_get_type_string (args));
      return;
    }

  g_autoptr (BridgeInvocation) invocation =
    bridge_invocation_new (self, message->header.serial,
                           (message->header.flags & BRIDGE_FLAG_NO_REPLY) != 0, iface, method, args,
                           message->fds);
  method->func (invocation, method->user_data);
}

static GQuark
remote_domain (const char *domain)
{
  static guint n_interned;
  GQuark quark = g_quark_try_string (domain);

  if (quark != 0)
    return quark;
  if (g_atomic_int_add (&n_interned, 1) < MAX_INTERNED_DOMAINS)
    return g_quark_from_string (domain);
  return 0;
}

static void
handle_reply (BridgeConnection *self, BridgeMessage *message)
{
  guint32 serial = message->header.reply_serial;
  PendingCall *call;

  if (!bridge_wire_serial_was_sent (self->wire, serial))
    {
      close_with (self, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION,
                  "%s for serial %u, which was never sent",
                  bridge_message_type_to_string (message->header.type), serial);
      return;
    }

  call = steal_pending (self, serial);

  if (call == NULL)
    {
      /* Timed out or cancelled already: not the peer's fault. */
      g_debug ("dropping the answer to call %u, which nobody waits for any more", serial);
      return;
    }
  BridgeMessage *copy = g_memdup2 (message, sizeof *message);
  message->body = NULL;
  message->fds = NULL;
  g_task_return_pointer (call->task, copy, (GDestroyNotify) bridge_message_free);
  pending_call_free (call);
}

static void
handle_event (BridgeConnection *self, BridgeMessage *message)
{
  const char *iface_name, *event;
  g_autoptr (GVariant) args = NULL;

  g_variant_get (message->body, "(&s&sv)", &iface_name, &event, &args);
  /* Only a name someone listens for has a quark; never make new ones from
   * peer input. */
  g_signal_emit (self, signals[SIGNAL_EVENT], g_quark_try_string (event), iface_name, event, args,
                 message->fds);
}

static void
dispatch_message (BridgeConnection *self, BridgeMessage *message)
{
  BridgeMessageType type = message->header.type;

  if (type == BRIDGE_MESSAGE_BYE)
    {
      guint32 reason;
      const char *text;

      g_variant_get (message->body, "(u&s)", &reason, &text);
      close_with (self, BRIDGE_CLOSE_REASON_PEER_GONE, "peer closed the connection (%s): %s",
                  reason_nick (reason), text);
      return;
    }
  if (self->state == STATE_HANDSHAKING)
    {
      if (type == BRIDGE_MESSAGE_HELLO)
        handle_hello (self, message);
      else
        close_with (self, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "%s before HELLO",
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
      handle_reply (self, message);
      break;
    case BRIDGE_MESSAGE_EVENT:
      handle_event (self, message);
      break;
    case BRIDGE_MESSAGE_HELLO:
    default:
      close_with (self, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "second HELLO");
      break;
    }
}

/* ---- sending ---------------------------------------------------------- */

static gboolean
send_message (BridgeConnection *self,
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
bridge_connection_send_reply (BridgeConnection *self,
                              guint32 reply_serial,
                              GVariant *value,
                              GUnixFDList *fds)
{
  g_autoptr (GError) error = NULL;

  if (!send_message (self, BRIDGE_MESSAGE_REPLY, 0, reply_serial, g_variant_new ("(v)", value), fds,
                     NULL, &error))
    g_debug ("could not send the reply to call %u: %s", reply_serial, error->message);
}

void
bridge_connection_send_error (BridgeConnection *self, guint32 reply_serial, const GError *error)
{
  g_autoptr (GError) local = NULL;
  const char *domain = g_quark_to_string (error->domain);

  if (!send_message (self, BRIDGE_MESSAGE_ERROR, 0, reply_serial,
                     g_variant_new ("(sis)", domain != NULL && *domain != '\0' ? domain : "unknown",
                                    error->code, error->message),
                     NULL, NULL, &local))
    g_debug ("could not send the error reply to call %u: %s", reply_serial, local->message);
}

/* ---- GObject ---------------------------------------------------------- */

static void
bridge_connection_dispose (GObject *object)
{
  BridgeConnection *self = BRIDGE_CONNECTION (object);

  if (self->state != STATE_CLOSED)
    {
      /* Nobody is left to hear "closed": close quietly. */
      self->state = STATE_CLOSED;
      self->close_reason = BRIDGE_CLOSE_REASON_LOCAL;
      bridge_wire_set_want_write_func (self->wire, NULL, NULL);
      if (self->source != NULL)
        {
          g_source_destroy (self->source);
          g_clear_pointer (&self->source, g_source_unref);
        }
      bridge_wire_close (self->wire);
    }
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
  g_hash_table_unref (self->exported);
  g_hash_table_unref (self->pending);
  g_mutex_clear (&self->calls_lock);
  g_free (self->name);
  g_free (self->peer_name);
  g_strfreev (self->peer_interfaces);
  g_free (self->close_message);
  g_free (self->read_fail_message);
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
      g_value_set_boolean (value, self->state == STATE_READY);
      break;
    case PROP_CLOSED:
      g_value_set_boolean (value, self->state == STATE_CLOSED);
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
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * BridgeConnection:peer-name:
   *
   * The name the peer declared in its HELLO; %NULL before the handshake.
   */
  properties[PROP_PEER_NAME] =
    g_param_spec_string ("peer-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * BridgeConnection:peer-pid:
   *
   * The peer's process id, from the socket's credentials; 0 if unknown.
   */
  properties[PROP_PEER_PID] =
    g_param_spec_int ("peer-pid", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * BridgeConnection:peer-uid:
   *
   * The peer's user id, from the socket's credentials.
   */
  properties[PROP_PEER_UID] = g_param_spec_uint ("peer-uid", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * BridgeConnection:ready:
   *
   * Whether the handshake is done and the connection open.
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * BridgeConnection:closed:
   *
   * Whether the connection is closed.
   */
  properties[PROP_CLOSED] =
    g_param_spec_boolean ("closed", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
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
   */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_VARIANT,
                  G_TYPE_UNIX_FD_LIST);

  /**
   * BridgeConnection::closed:
   * @self: the connection
   * @reason: a #BridgeCloseReason
   * @message: what happened, for people
   *
   * The connection closed. Emitted once, from the connection's main
   * context, after every pending call has failed with %BRIDGE_ERROR_CLOSED.
   */
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 2, BRIDGE_TYPE_CLOSE_REASON,
                                         G_TYPE_STRING);
}

static void
bridge_connection_init (BridgeConnection *self)
{
  self->exported = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->pending = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) pending_call_free);
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

  if (getsockopt (fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_STREAM ||
      (len = sizeof addr, getsockname (fd, (struct sockaddr *) &addr, &len) < 0) ||
      addr.ss_family != AF_UNIX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "fd %d is not a Unix-domain stream socket", fd);
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

  g_unix_set_fd_nonblocking (fd, TRUE, NULL);
  fcntl (fd, F_SETFD, FD_CLOEXEC);

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
 * Returns: (transfer none) (nullable): the name this side declares
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
 * Returns: the current value of @limit
 */
guint64
bridge_connection_get_limit (BridgeConnection *self, BridgeLimit limit)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), 0);
  g_return_val_if_fail (limit <= BRIDGE_LIMIT_NESTING, 0);

  return bridge_wire_get_limit (self->wire, limit);
}

/* ---- handshake -------------------------------------------------------- */

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
start_handshake (BridgeConnection *self)
{
  g_autoptr (GError) error = NULL;

  if (self->state != STATE_NEW)
    return;
  self->state = STATE_HANDSHAKING;

  GSource *source = g_source_new (&connection_source_funcs, sizeof (ConnectionSource));
  ConnectionSource *csource = (ConnectionSource *) source;
  csource->connection = self;
  csource->fd_tag = g_source_add_unix_fd (source, bridge_wire_get_fd (self->wire),
                                          G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_static_name (source, "[libbridge] connection");
  self->source = source;
  bridge_wire_set_want_write_func (self->wire, on_want_write, source);
  g_source_attach (source, self->context);

  if (!self->peer_uid_ok)
    {
      close_with (self, BRIDGE_CLOSE_REASON_PERMISSION_DENIED, "peer runs as uid %u, not as uid %u",
                  self->peer_uid, (guint) getuid ());
      return;
    }

  self->handshake_deadline =
    g_get_monotonic_time () + bridge_wire_get_limit (self->wire, BRIDGE_LIMIT_HANDSHAKE_TIMEOUT_MS) * 1000;
  update_ready_time (self);

  guint n;
  g_autofree gpointer *names = g_hash_table_get_keys_as_array (self->exported, &n);
  qsort (names, n, sizeof (gpointer), compare_names);
  GVariant *hello = g_variant_new ("(uu@s^as@a{sv})", BRIDGE_PROTOCOL_VERSION, BRIDGE_PROTOCOL_VERSION,
                                   g_variant_new_string (self->name ? self->name : ""), names,
                                   g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
  if (!send_message (self, BRIDGE_MESSAGE_HELLO, 0, 0, hello, NULL, NULL, &error))
    close_with (self, BRIDGE_CLOSE_REASON_IO_ERROR, "sending HELLO: %s", error->message);
}

/**
 * bridge_connection_handshake_async:
 * @self: a #BridgeConnection
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the handshake is done or failed
 * @user_data: data for @callback
 *
 * Starts the connection: sends this side's HELLO and waits for the peer's
 * (docs/PROTOCOL.md, "Handshake"). The connection fails if the peer runs
 * as another user (unless %BRIDGE_CONNECTION_FLAGS_ALLOW_ANY_UID), shares
 * no protocol version, or says nothing within the handshake timeout.
 * Calling it again after the handshake completes at once.
 */
void
bridge_connection_handshake_async (BridgeConnection *self,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_return_if_fail (BRIDGE_IS_CONNECTION (self));

  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bridge_connection_handshake_async);

  start_handshake (self);
  if (self->state == STATE_READY)
    g_task_return_boolean (task, TRUE);
  else if (self->state == STATE_CLOSED)
    g_task_return_new_error (task, BRIDGE_ERROR,
                             self->close_reason == BRIDGE_CLOSE_REASON_PERMISSION_DENIED
                               ? BRIDGE_ERROR_PERMISSION_DENIED
                               : BRIDGE_ERROR_CLOSED,
                             "handshake failed: %s", self->close_message);
  else
    self->handshake_tasks = g_list_prepend (self->handshake_tasks, g_steal_pointer (&task));
}

/**
 * bridge_connection_handshake_finish:
 * @self: a #BridgeConnection
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the connection is ready
 */
gboolean
bridge_connection_handshake_finish (BridgeConnection *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Waits in the calling thread, reading the socket directly, until done()
 * says so: messages other than the one awaited stay queued, in order, for
 * the main context to dispatch later, so no handler runs re-entrantly.
 * The caller must have acquired self->context. */
static gboolean
block_on (BridgeConnection *self,
          gboolean (*done) (BridgeConnection *self, gpointer data),
          gpointer data,
          gint64 deadline,
          GCancellable *cancellable,
          GError **error)
{
  while (!done (self, data))
    {
      GPollFD fds[2];
      guint n_fds = 1;
      gint64 now = g_get_monotonic_time ();

      check_wire (self);
      if (self->state == STATE_CLOSED)
        {
          g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED, "connection closed: %s", self->close_message);
          return FALSE;
        }
      if (self->read_eof)
        {
          g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED, "connection closed: %s",
                       self->read_fail_message ? self->read_fail_message : "peer closed the connection");
          return FALSE;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (now >= deadline)
        {
          g_set_error_literal (error, BRIDGE_ERROR, BRIDGE_ERROR_TIMED_OUT, "timed out");
          return FALSE;
        }

      fds[0].fd = bridge_wire_get_fd (self->wire);
      fds[0].events = G_IO_IN | G_IO_HUP | G_IO_ERR | (bridge_wire_wants_write (self->wire) ? G_IO_OUT : 0);
      fds[0].revents = 0;
      if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fds[1]))
        n_fds = 2;
      g_poll (fds, n_fds, deadline == G_MAXINT64 ? -1 : (int) MIN ((deadline - now + 999) / 1000, G_MAXINT));
      if (n_fds == 2)
        g_cancellable_release_fd (cancellable);

      if ((fds[0].revents & G_IO_OUT) != 0)
        bridge_wire_flush (self->wire, NULL);
      if ((fds[0].revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0)
        read_messages (self);

      BridgeMessage *head = g_queue_peek_head (&self->incoming);
      if (self->state == STATE_HANDSHAKING && head != NULL && head->header.type == BRIDGE_MESSAGE_HELLO)
        {
          handle_hello (self, g_queue_pop_head (&self->incoming));
          bridge_message_free (head);
        }
    }
  return TRUE;
}

static gboolean
handshake_done (BridgeConnection *self, gpointer data)
{
  return self->state != STATE_HANDSHAKING;
}

typedef struct {
  gboolean done;
  GAsyncResult *result;
} SyncWait;

static void
on_sync_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

/* For a thread that does not own the connection's context: run the async
 * version and wait in a private context while the owner does the I/O. */
static GAsyncResult *
wait_in_private_context (GMainContext *context, SyncWait *wait)
{
  while (!wait->done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return wait->result;
}

/**
 * bridge_connection_handshake_sync:
 * @self: a #BridgeConnection
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking version of bridge_connection_handshake_async(). Other
 * messages that arrive meanwhile wait for the main context.
 *
 * Returns: %TRUE if the connection is ready
 */
gboolean
bridge_connection_handshake_sync (BridgeConnection *self, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), FALSE);

  if (!g_main_context_acquire (self->context))
    {
      SyncWait wait = { 0 };
      GMainContext *context = g_main_context_new ();
      g_main_context_push_thread_default (context);
      bridge_connection_handshake_async (self, cancellable, on_sync_done, &wait);
      g_autoptr (GAsyncResult) result = wait_in_private_context (context, &wait);
      return bridge_connection_handshake_finish (self, result, error);
    }

  GError *local = NULL;
  start_handshake (self);
  gboolean ok = block_on (self, handshake_done, NULL, self->handshake_deadline, cancellable, &local);
  if (ok && self->state != STATE_READY)
    {
      g_set_error (&local, BRIDGE_ERROR,
                   self->close_reason == BRIDGE_CLOSE_REASON_PERMISSION_DENIED ? BRIDGE_ERROR_PERMISSION_DENIED
                                                                               : BRIDGE_ERROR_CLOSED,
                   "handshake failed: %s", self->close_message);
      ok = FALSE;
    }
  else if (!ok && self->state == STATE_HANDSHAKING &&
           g_error_matches (local, BRIDGE_ERROR, BRIDGE_ERROR_TIMED_OUT))
    {
      close_with (self, BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED, "no HELLO from the peer within %" G_GUINT64_FORMAT " ms",
                  bridge_wire_get_limit (self->wire, BRIDGE_LIMIT_HANDSHAKE_TIMEOUT_MS));
    }
  if (!g_queue_is_empty (&self->incoming))
    g_main_context_wakeup (self->context);
  g_main_context_release (self->context);
  if (local != NULL)
    g_propagate_error (error, local);
  return ok;
}

/* ---- calls ------------------------------------------------------------ */

static gboolean
check_call (BridgeConnection *self, const char *interface, const char *method, GError **error)
{
  if (self->state == STATE_CLOSED)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED, "%s.%s: connection closed: %s", interface,
                   method, self->close_message);
      return FALSE;
    }
  if (self->state == STATE_NEW)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED,
                   "%s.%s: the connection's handshake has not been started", interface, method);
      return FALSE;
    }
  return TRUE;
}

static GVariant *
call_body (const char *interface, const char *method, GVariant *args)
{
  return g_variant_new ("(ssv)", interface, method, args != NULL ? args : g_variant_new ("()"));
}

typedef struct {
  BridgeConnection *self;
  guint32 serial;
} CancelData;

static void
cancel_data_free (gpointer data)
{
  CancelData *cancel = data;

  g_object_unref (cancel->self);
  g_free (cancel);
}

static gboolean
on_call_cancelled (GCancellable *cancellable, gpointer user_data)
{
  CancelData *cancel = user_data;
  PendingCall *call = steal_pending (cancel->self, cancel->serial);

  if (call != NULL)
    complete_with_error (call, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "call cancelled"));
  return G_SOURCE_REMOVE;
}

/**
 * bridge_connection_call_async:
 * @self: a #BridgeConnection
 * @interface: the interface name
 * @method: the method name
 * @args: (nullable): the arguments, a tuple (%NULL for `()`); a floating
 *   reference is sunk
 * @fds: (nullable): file descriptors to send with the call (duplicated by
 *   the kernel; @fds stays the caller's)
 * @timeout_ms: how long to wait for the reply, %BRIDGE_TIMEOUT_DEFAULT
 *   (25 s) or %BRIDGE_TIMEOUT_NONE
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the reply or an error
 * @user_data: data for @callback
 *
 * Calls @method on the peer. May be called from any thread; @callback
 * runs in the thread-default main context of the caller. The call fails
 * at once with %BRIDGE_ERROR_TOO_MANY_PENDING when the pending-call limit
 * is reached, and with %BRIDGE_ERROR_CLOSED when the connection closes
 * before the reply.
 */
void
bridge_connection_call_async (BridgeConnection *self,
                              const char *interface,
                              const char *method,
                              GVariant *args,
                              GUnixFDList *fds,
                              int timeout_ms,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_return_if_fail (BRIDGE_IS_CONNECTION (self));
  g_return_if_fail (interface != NULL && bridge_name_is_valid (interface));
  g_return_if_fail (method != NULL && bridge_name_is_valid (method));
  g_return_if_fail (args == NULL || g_variant_is_of_type (args, G_VARIANT_TYPE_TUPLE));

  g_autoptr (GVariant) owned_args = args != NULL ? g_variant_ref_sink (args) : NULL;
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  guint32 serial = 0;

  g_task_set_source_tag (task, bridge_connection_call_async);
  g_task_set_task_data (task, g_strdup_printf ("%s.%s", interface, method), g_free);

  if (!check_call (self, interface, method, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  PendingCall *call = g_new0 (PendingCall, 1);
  call->task = g_object_ref (task);
  call->deadline = timeout_ms == BRIDGE_TIMEOUT_NONE
                     ? G_MAXINT64
                     : g_get_monotonic_time () +
                         (gint64) (timeout_ms < 0 ? DEFAULT_CALL_TIMEOUT_MS : timeout_ms) * 1000;

  /* Hold the lock across send and insert: the reply must find the call. */
  g_mutex_lock (&self->calls_lock);
  guint64 limit = bridge_wire_get_limit (self->wire, BRIDGE_LIMIT_PENDING_CALLS);
  if (g_hash_table_size (self->pending) >= limit)
    g_set_error (&error, BRIDGE_ERROR, BRIDGE_ERROR_TOO_MANY_PENDING,
                 "%s.%s: %" G_GUINT64_FORMAT " calls already wait for replies", interface, method, limit);
  else if (send_message (self, BRIDGE_MESSAGE_CALL, 0, 0, call_body (interface, method, owned_args), fds,
                         &serial, &error))
    {
      call->serial = serial;
      g_hash_table_insert (self->pending, GUINT_TO_POINTER (serial), call);
      if (call->deadline < self->next_deadline)
        {
          self->next_deadline = call->deadline;
          update_ready_time (self);
        }
      if (cancellable != NULL)
        {
          CancelData *cancel = g_new0 (CancelData, 1);
          cancel->self = g_object_ref (self);
          cancel->serial = serial;
          call->cancel_source = g_cancellable_source_new (cancellable);
          g_source_set_callback (call->cancel_source, G_SOURCE_FUNC (on_call_cancelled), cancel,
                                 cancel_data_free);
          g_source_attach (call->cancel_source, self->context);
        }
      call = NULL;
    }
  g_mutex_unlock (&self->calls_lock);

  if (call != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      pending_call_free (call);
    }
}

/* A REPLY or ERROR message as the caller sees it. */
static GVariant *
take_result (BridgeMessage *message, GUnixFDList **out_fds, GError **error)
{
  if (message->header.type == BRIDGE_MESSAGE_ERROR)
    {
      const char *domain, *text;
      int code;

      g_variant_get (message->body, "(&si&s)", &domain, &code, &text);
      GQuark quark = remote_domain (domain);
      if (quark != 0)
        g_set_error_literal (error, quark, code, text);
      else
        g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED, "%s (%s %d)", text, domain, code);
      return NULL;
    }

  g_autoptr (GVariant) boxed = g_variant_get_child_value (message->body, 0);
  if (out_fds != NULL)
    *out_fds = g_steal_pointer (&message->fds);
  return g_variant_get_variant (boxed);
}

/**
 * bridge_connection_call_finish:
 * @self: a #BridgeConnection
 * @result: the #GAsyncResult given to the callback
 * @out_fds: (out) (optional) (nullable) (transfer full): file descriptors
 *   sent with the reply, %NULL if none
 * @error: return location for a #GError; a remote error keeps the
 *   domain, code and message the peer gave it
 *
 * Returns: (transfer full): the reply, a tuple, or %NULL on error
 */
GVariant *
bridge_connection_call_finish (BridgeConnection *self,
                               GAsyncResult *result,
                               GUnixFDList **out_fds,
                               GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (out_fds != NULL)
    *out_fds = NULL;
  g_autoptr (BridgeMessage) message = g_task_propagate_pointer (G_TASK (result), error);
  if (message == NULL)
    return NULL;
  return take_result (message, out_fds, error);
}

typedef struct {
  guint32 serial;
  BridgeMessage *reply;
} SyncCall;

static gboolean
sync_call_done (BridgeConnection *self, gpointer data)
{
  SyncCall *call = data;

  for (GList *l = self->incoming.head; l != NULL; l = l->next)
    {
      BridgeMessage *m = l->data;
      if ((m->header.type == BRIDGE_MESSAGE_REPLY || m->header.type == BRIDGE_MESSAGE_ERROR) &&
          m->header.reply_serial == call->serial)
        {
          call->reply = m;
          g_queue_delete_link (&self->incoming, l);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * bridge_connection_call_sync:
 * @self: a #BridgeConnection
 * @interface: the interface name
 * @method: the method name
 * @args: (nullable): the arguments, a tuple (%NULL for `()`); a floating
 *   reference is sunk
 * @fds: (nullable): file descriptors to send with the call
 * @out_fds: (out) (optional) (nullable) (transfer full): file descriptors
 *   sent with the reply
 * @timeout_ms: as for bridge_connection_call_async()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Calls @method and blocks until the reply. In the thread that runs the
 * connection's main context, it waits on the socket itself: messages that
 * arrive meanwhile are dispatched afterwards, in order, so no handler runs
 * inside this call. From any other thread it waits for that thread to do
 * the I/O.
 *
 * Returns: (transfer full): the reply, a tuple, or %NULL on error
 */
GVariant *
bridge_connection_call_sync (BridgeConnection *self,
                             const char *interface,
                             const char *method,
                             GVariant *args,
                             GUnixFDList *fds,
                             GUnixFDList **out_fds,
                             int timeout_ms,
                             GCancellable *cancellable,
                             GError **error)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (interface != NULL && bridge_name_is_valid (interface), NULL);
  g_return_val_if_fail (method != NULL && bridge_name_is_valid (method), NULL);
  g_return_val_if_fail (args == NULL || g_variant_is_of_type (args, G_VARIANT_TYPE_TUPLE), NULL);

  if (out_fds != NULL)
    *out_fds = NULL;

  if (!g_main_context_acquire (self->context))
    {
      SyncWait wait = { 0 };
      GMainContext *context = g_main_context_new ();
      g_main_context_push_thread_default (context);
      bridge_connection_call_async (self, interface, method, args, fds, timeout_ms, cancellable,
                                    on_sync_done, &wait);
      g_autoptr (GAsyncResult) result = wait_in_private_context (context, &wait);
      return bridge_connection_call_finish (self, result, out_fds, error);
    }

  g_autoptr (GVariant) owned_args = args != NULL ? g_variant_ref_sink (args) : NULL;
  GVariant *value = NULL;
  SyncCall call = { 0 };
  GError *local = NULL;
  gint64 deadline = timeout_ms == BRIDGE_TIMEOUT_NONE
                      ? G_MAXINT64
                      : g_get_monotonic_time () +
                          (gint64) (timeout_ms < 0 ? DEFAULT_CALL_TIMEOUT_MS : timeout_ms) * 1000;

  if (check_call (self, interface, method, &local) &&
      send_message (self, BRIDGE_MESSAGE_CALL, 0, 0, call_body (interface, method, owned_args), fds,
                    &call.serial, &local) &&
      block_on (self, sync_call_done, &call, deadline, cancellable, &local))
    {
      value = take_result (call.reply, out_fds, &local);
      bridge_message_free (call.reply);
    }

  if (!g_queue_is_empty (&self->incoming) || self->read_eof)
    g_main_context_wakeup (self->context);
  g_main_context_release (self->context);

  if (local != NULL)
    {
      if (local->domain == BRIDGE_ERROR && local->code == BRIDGE_ERROR_TIMED_OUT)
        g_prefix_error (&local, "%s.%s ", interface, method);
      g_propagate_error (error, local);
    }
  return value;
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
  if (!check_call (self, interface, event, error))
    return FALSE;
  return send_message (self, BRIDGE_MESSAGE_EVENT, 0, 0, call_body (interface, event, owned_args), fds,
                       NULL, error);
}

/* ---- state ------------------------------------------------------------ */

/**
 * bridge_connection_close:
 * @self: a #BridgeConnection
 *
 * Closes the connection with %BRIDGE_CLOSE_REASON_LOCAL, telling the peer.
 * Pending calls fail with %BRIDGE_ERROR_CLOSED; #BridgeConnection::closed
 * follows from the main context. Call from the connection's thread.
 */
void
bridge_connection_close (BridgeConnection *self)
{
  g_return_if_fail (BRIDGE_IS_CONNECTION (self));

  if (self->state == STATE_NEW)
    {
      /* Never started: nothing to tell anyone, but still say closed. */
      self->state = STATE_HANDSHAKING;
    }
  close_with (self, BRIDGE_CLOSE_REASON_LOCAL, "closed by %s", self->name ? self->name : "this side");
}

/**
 * bridge_connection_is_closed:
 * @self: a #BridgeConnection
 *
 * Returns: whether the connection is closed
 */
gboolean
bridge_connection_is_closed (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), TRUE);
  return self->state == STATE_CLOSED;
}

/**
 * bridge_connection_is_ready:
 * @self: a #BridgeConnection
 *
 * Returns: whether the handshake is done and the connection open
 */
gboolean
bridge_connection_is_ready (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), FALSE);
  return self->state == STATE_READY;
}

/**
 * bridge_connection_get_close_reason:
 * @self: a #BridgeConnection
 *
 * Returns: why the connection closed, %BRIDGE_CLOSE_REASON_NONE while open
 */
BridgeCloseReason
bridge_connection_get_close_reason (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), BRIDGE_CLOSE_REASON_NONE);
  return self->close_reason;
}

/**
 * bridge_connection_get_close_message:
 * @self: a #BridgeConnection
 *
 * Returns: (transfer none) (nullable): what closed the connection, for
 *   people; %NULL while open
 */
const char *
bridge_connection_get_close_message (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), NULL);
  return self->close_message;
}

/**
 * bridge_connection_get_peer_name:
 * @self: a #BridgeConnection
 *
 * Returns: (transfer none) (nullable): the name the peer declared, %NULL
 *   before the handshake
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
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   interfaces the peer declared, %NULL before the handshake
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
 * Returns: whether the peer declared @interface in its HELLO
 */
gboolean
bridge_connection_peer_implements (BridgeConnection *self, const char *interface)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), FALSE);
  return self->peer_interfaces != NULL &&
         g_strv_contains ((const char *const *) self->peer_interfaces, interface);
}

/**
 * bridge_connection_get_peer_pid:
 * @self: a #BridgeConnection
 *
 * Returns: the peer's process id from the socket's credentials, 0 if
 *   unknown
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
 * Returns: the peer's user id from the socket's credentials
 */
guint
bridge_connection_get_peer_uid (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), 0);
  return self->peer_uid;
}
