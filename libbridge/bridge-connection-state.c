/* bridge-connection-state.c: the states of a BridgeConnection and how it
 * closes
 *
 * A connection goes NEW -> HANDSHAKING -> READY, and from any of them to
 * CLOSED; when the peer's input ends it passes through DRAINING, where the
 * messages read before the end are still dispatched. Every change goes
 * through bridge_connection_set_state(), which logs it; closing is done
 * here once, for every reason (docs/PROTOCOL.md section 8).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-connection-private.h"
#include "bridge-enums.h"
#include "bridge-error.h"

static const char *const state_names[] = {
  [BRIDGE_CONNECTION_STATE_NEW] = "new",       [BRIDGE_CONNECTION_STATE_HANDSHAKING] = "handshaking",
  [BRIDGE_CONNECTION_STATE_READY] = "ready",   [BRIDGE_CONNECTION_STATE_DRAINING] = "draining",
  [BRIDGE_CONNECTION_STATE_CLOSED] = "closed",
};

const char *
bridge_connection_state_to_string (BridgeConnectionState state)
{
  g_return_val_if_fail (state <= BRIDGE_CONNECTION_STATE_CLOSED, "invalid");
  return state_names[state];
}

void
bridge_connection_set_state (BridgeConnection *self, BridgeConnectionState state)
{
  if (self->state == state)
    return;
  g_debug ("connection %s<->%s: %s -> %s", self->name ? self->name : "?",
           self->peer_name ? self->peer_name : "?", state_names[self->state], state_names[state]);
  self->state = state;
}

const char *
bridge_close_reason_nick (BridgeCloseReason reason)
{
  GEnumClass *klass = g_type_class_ref (BRIDGE_TYPE_CLOSE_REASON);
  GEnumValue *value = g_enum_get_value (klass, reason);
  g_type_class_unref (klass);
  return value != NULL ? value->value_nick : "unknown";
}

/* The one mapping from a close reason to the error a caller gets:
 * PERMISSION_DENIED for a refusal, CLOSED for everything else. */
GError *
bridge_connection_closed_error (BridgeConnection *self, const char *what)
{
  return g_error_new (BRIDGE_ERROR,
                      self->close_reason == BRIDGE_CLOSE_REASON_PERMISSION_DENIED
                          ? BRIDGE_ERROR_PERMISSION_DENIED
                          : BRIDGE_ERROR_CLOSED,
                      "%s: %s", what, self->close_message ? self->close_message : "not open");
}

/* Detaches the socket from the main loop and closes it. Calls starting in
 * other threads touch the source under calls_lock, so it goes under it. */
static void
stop_io (BridgeConnection *self)
{
  bridge_wire_set_want_write_func (self->wire, NULL, NULL);
  g_mutex_lock (&self->calls_lock);
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  /* The blocking calls' source too (bridge-call.c). */
  if (self->sync_source != NULL)
    {
      g_source_destroy (self->sync_source);
      g_clear_pointer (&self->sync_source, g_source_unref);
    }
  g_mutex_unlock (&self->calls_lock);
  bridge_wire_close (self->wire);
}

static void
close_valist (BridgeConnection *self, BridgeCloseReason reason, const char *format, va_list args)
{
  if (self->state == BRIDGE_CONNECTION_STATE_CLOSED)
    return;

  g_autofree char *message = g_strdup_vprintf (format, args);
  g_debug ("connection %s<->%s closed (%s): %s", self->name ? self->name : "?",
           self->peer_name ? self->peer_name : "?", bridge_close_reason_nick (reason), message);

  /* Tell the peer why, best effort, when it is the peer's doing or ours;
   * never a peer that was never started (PROTOCOL.md 4, step 7). */
  if (reason != BRIDGE_CLOSE_REASON_PEER_GONE && reason != BRIDGE_CLOSE_REASON_IO_ERROR
      && reason != BRIDGE_CLOSE_REASON_PEER_TOO_SLOW && self->state != BRIDGE_CONNECTION_STATE_NEW)
    bridge_wire_send (self->wire, BRIDGE_MESSAGE_BYE, 0, 0, g_variant_new ("(us)", reason, message), NULL,
                      NULL, NULL);

  bridge_connection_set_state (self, BRIDGE_CONNECTION_STATE_CLOSED);
  self->close_reason = reason;
  self->close_message = g_steal_pointer (&message);
  stop_io (self);
  g_queue_clear_full (&self->incoming, (GDestroyNotify) bridge_message_free);

  g_mutex_lock (&self->calls_lock);
  GList *calls = g_hash_table_get_values (self->pending);
  g_hash_table_steal_all (self->pending);
  self->next_deadline = G_MAXINT64;
  g_mutex_unlock (&self->calls_lock);
  for (GList *l = calls; l != NULL; l = l->next)
    bridge_pending_call_fail (l->data,
                              g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_CLOSED,
                                           "connection closed before the reply: %s", self->close_message));
  g_list_free (calls);

  GList *tasks = g_steal_pointer (&self->handshake_tasks);
  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_task_return_error (l->data, bridge_connection_closed_error (self, "handshake failed"));
      g_object_unref (l->data);
    }
  g_list_free (tasks);

  bridge_connection_announce_closed (self);
}

void
bridge_connection_close_with (BridgeConnection *self, BridgeCloseReason reason, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  close_valist (self, reason, format, args);
  va_end (args);
}

/* Closes a connection that was never started, telling the peer why: a
 * BYE and no HELLO, as a refusal for another uid does (docs/PROTOCOL.md
 * section 4, step 6; section 9 for a listener that serves enough). */
void
bridge_connection_refuse (BridgeConnection *self, BridgeCloseReason reason, const char *message)
{
  if (self->state != BRIDGE_CONNECTION_STATE_NEW)
    {
      bridge_connection_close_with (self, reason, "%s", message);
      return;
    }
  /* Speaking to the peer now, if only to say goodbye: close_valist()
   * sends the BYE from any state but NEW. */
  bridge_connection_set_state (self, BRIDGE_CONNECTION_STATE_HANDSHAKING);
  bridge_connection_close_with (self, reason, "%s", message);
}

/* At dispose: nobody is left to hear "closed" or to be told why. */
void
bridge_connection_close_quietly (BridgeConnection *self)
{
  if (self->state == BRIDGE_CONNECTION_STATE_CLOSED)
    return;
  bridge_connection_set_state (self, BRIDGE_CONNECTION_STATE_CLOSED);
  self->close_reason = BRIDGE_CLOSE_REASON_LOCAL;
  stop_io (self);
}

/**
 * bridge_connection_close:
 * @self: a #BridgeConnection
 *
 * Closes the connection with %BRIDGE_CLOSE_REASON_LOCAL, telling the peer.
 * Pending calls fail with %BRIDGE_ERROR_CLOSED; #BridgeConnection::closed
 * follows from the main context. Call from the connection's thread.
 *
 * Since: 0.1
 */
void
bridge_connection_close (BridgeConnection *self)
{
  g_return_if_fail (BRIDGE_IS_CONNECTION (self));

  /* A connection that never started sends no BYE (PROTOCOL.md 4, step 7):
   * close_valist() knows it from the NEW state, and still says closed. */
  bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_LOCAL, "closed by %s",
                                self->name ? self->name : "this side");
}

/**
 * bridge_connection_is_closed: (get-property is-closed)
 * @self: a #BridgeConnection
 *
 * Checks whether the connection is closed; the getter of
 * #BridgeConnection:is-closed.
 *
 * Returns: whether the connection is closed
 *
 * Since: 0.1
 */
gboolean
bridge_connection_is_closed (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), TRUE);
  return self->state == BRIDGE_CONNECTION_STATE_CLOSED;
}

/**
 * bridge_connection_get_close_reason:
 * @self: a #BridgeConnection
 *
 * Gets the reason the connection closed.
 *
 * Returns: why the connection closed, %BRIDGE_CLOSE_REASON_NONE while open
 *
 * Since: 0.1
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
 * Gets the reason the connection closed, in words.
 *
 * Returns: (transfer none) (nullable): what closed the connection, for
 *   people; %NULL while open
 *
 * Since: 0.1
 */
const char *
bridge_connection_get_close_message (BridgeConnection *self)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), NULL);
  return self->close_message;
}
