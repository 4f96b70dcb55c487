/* bridge-handshake.c: HELLO both ways (docs/PROTOCOL.md section 4)
 *
 * Each side sends its HELLO at once, then waits for the peer's: the
 * versions must overlap, the peer's uid must be ours (unless allowed), and
 * it must arrive within the handshake timeout.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-connection-private.h"
#include "bridge-error.h"

#include <unistd.h>

void
bridge_connection_handle_hello (BridgeConnection *self, BridgeMessage *message)
{
  guint32 min_version, max_version;
  const char *name;
  g_autoptr (GVariant) interfaces = NULL;

  g_variant_get (message->body, "(uu&s@asa{sv})", &min_version, &max_version, &name, &interfaces, NULL);
  if (min_version > BRIDGE_PROTOCOL_VERSION || max_version < BRIDGE_PROTOCOL_VERSION)
    {
      bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED,
                                    "no common protocol version: peer speaks %u to %u, we speak %u",
                                    min_version, max_version, BRIDGE_PROTOCOL_VERSION);
      return;
    }
  self->peer_name = g_strdup (name);
  self->peer_interfaces = g_variant_dup_strv (interfaces, NULL);
  /* Draining, it stays so: the end of the input closes it next. */
  if (self->state == BRIDGE_CONNECTION_STATE_HANDSHAKING)
    bridge_connection_set_state (self, BRIDGE_CONNECTION_STATE_READY);
  self->handshake_deadline = G_MAXINT64;
  bridge_connection_update_ready_time (self);

  GList *tasks = g_steal_pointer (&self->handshake_tasks);
  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_task_return_boolean (l->data, TRUE);
      g_object_unref (l->data);
    }
  g_list_free (tasks);
  bridge_connection_notify_ready (self);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
start_handshake (BridgeConnection *self)
{
  g_autoptr (GError) error = NULL;

  if (self->state != BRIDGE_CONNECTION_STATE_NEW)
    return;
  bridge_connection_set_state (self, BRIDGE_CONNECTION_STATE_HANDSHAKING);

  bridge_connection_attach_source (self);

  if (!self->peer_uid_ok)
    {
      bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_PERMISSION_DENIED,
                                    "peer runs as uid %u, not as uid %u", self->peer_uid, (guint) getuid ());
      return;
    }

  self->handshake_deadline = g_get_monotonic_time ()
                             + bridge_wire_get_limit (self->wire, BRIDGE_LIMIT_HANDSHAKE_TIMEOUT_MS) * 1000;
  bridge_connection_update_ready_time (self);

  guint n;
  g_autofree gpointer *names = g_hash_table_get_keys_as_array (self->exported, &n);
  qsort (names, n, sizeof (gpointer), compare_names);
  GVariant *hello = g_variant_new ("(uu@s^as@a{sv})", BRIDGE_PROTOCOL_VERSION, BRIDGE_PROTOCOL_VERSION,
                                   g_variant_new_string (self->name ? self->name : ""), names,
                                   g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
  /* A peer gone already may have said why first (a refusal's BYE, step
   * 6): the source reads it before it closes (bridge-dispatch.c). */
  if (!bridge_connection_send (self, BRIDGE_MESSAGE_HELLO, 0, 0, hello, NULL, NULL, &error)
      && !g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED))
    bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_IO_ERROR, "sending HELLO: %s", error->message);
}

static gboolean
on_handshake_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  BridgeConnection *self = g_task_get_source_object (task);
  GList *link = g_list_find (self->handshake_tasks, task);

  if (link != NULL)
    {
      self->handshake_tasks = g_list_delete_link (self->handshake_tasks, link);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

static void
destroy_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
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
 *
 * Since: 0.1
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
  if (self->state == BRIDGE_CONNECTION_STATE_CLOSED)
    g_task_return_error (task, bridge_connection_closed_error (self, "handshake failed"));
  else if (!bridge_connection_awaits_hello (self))
    g_task_return_boolean (task, TRUE);
  else
    {
      if (cancellable != NULL)
        {
          /* Given up: the task leaves the waiting list with the error. The
           * source goes with the task. */
          GSource *source = g_cancellable_source_new (cancellable);
          g_source_set_callback (source, G_SOURCE_FUNC (on_handshake_cancelled), task, NULL);
          g_source_attach (source, g_task_get_context (task));
          g_task_set_task_data (task, source, destroy_source);
        }
      self->handshake_tasks = g_list_prepend (self->handshake_tasks, g_steal_pointer (&task));
    }
}

/**
 * bridge_connection_handshake_finish:
 * @self: a #BridgeConnection
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes bridge_connection_handshake_async().
 *
 * Returns: %TRUE if the connection is ready
 *
 * Since: 0.1
 */
gboolean
bridge_connection_handshake_finish (BridgeConnection *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * bridge_connection_handshake_sync:
 * @self: a #BridgeConnection
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking version of bridge_connection_handshake_async(), waited for
 * on a private main context as bridge_connection_call_sync() is: the
 * connection reads and dispatches meanwhile, nothing else of the caller's
 * main context runs.
 *
 * Returns: %TRUE if the connection is ready
 *
 * Since: 0.1
 */
gboolean
bridge_connection_handshake_sync (BridgeConnection *self, GCancellable *cancellable, GError **error)
{
  BridgeSyncWait wait;

  g_return_val_if_fail (BRIDGE_IS_CONNECTION (self), FALSE);

  bridge_sync_wait_begin (self, &wait);
  bridge_connection_handshake_async (self, cancellable, bridge_sync_wait_callback, &wait);
  g_autoptr (GAsyncResult) result = bridge_sync_wait_run (self, &wait);
  return bridge_connection_handshake_finish (self, result, error);
}
