/* bridge-call.c: outgoing calls of a BridgeConnection, and waiting for
 * their answers (docs/PROTOCOL.md section 5)
 *
 * Pending calls live in a table keyed by serial, under calls_lock since a
 * call may start in any thread; their deadlines share the connection's
 * GSource ready time. Blocking calls wait on the socket itself.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-connection-private.h"
#include "bridge-error.h"

#include <string.h>

#define DEFAULT_CALL_TIMEOUT_MS 25000
/* Remote error domains unknown here are interned as quarks so the domain
 * survives; a hostile peer must not make that grow without end. */
#define MAX_INTERNED_DOMAINS 128

/* ---- pending calls ---------------------------------------------------- */

void
bridge_pending_call_free (PendingCall *call)
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

void
bridge_connection_update_ready_time (BridgeConnection *self)
{
  gint64 when = MIN (self->next_deadline, self->handshake_deadline);

  if (self->source != NULL)
    g_source_set_ready_time (self->source, when == G_MAXINT64 ? -1 : when);
  if (self->sync_source != NULL)
    g_source_set_ready_time (self->sync_source, when == G_MAXINT64 ? -1 : when);
}

void
bridge_pending_call_fail (PendingCall *call, GError *error)
{
  g_task_return_error (call->task, error);
  bridge_pending_call_free (call);
}

void
bridge_connection_expire_calls (BridgeConnection *self)
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
  bridge_connection_update_ready_time (self);

  for (GSList *l = expired; l != NULL; l = l->next)
    {
      call = l->data;
      bridge_pending_call_fail (call, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_TIMED_OUT, "%s timed out",
                                                   (const char *) g_task_get_task_data (call->task)));
    }
  g_slist_free (expired);
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

void
bridge_connection_handle_reply (BridgeConnection *self, BridgeMessage *message)
{
  guint32 serial = message->header.reply_serial;
  PendingCall *call;

  if (!bridge_wire_serial_was_sent (self->wire, serial))
    {
      bridge_connection_close_with (self, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION,
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
  bridge_pending_call_free (call);
}

/* Blocking calls and handshakes are their async versions, waited for on
 * a private main context pushed as thread-default, so that nothing else
 * of the caller's context runs meanwhile (docs/PROTOCOL.md section 5.2).
 *
 * In the thread that owns the connection's context, the private context
 * is the connection's own, with a second source of the connection in it
 * that reads, validates and dispatches every message as the main source
 * would, in order: events and calls from the peer are handled, a protocol
 * violation closes at once. Both are made on the first blocking call and
 * kept: adding and removing a source's fd wakes its context (an eventfd
 * write each), too much for each 30 µs round trip. Being the
 * connection's, a wait never dispatches another connection.
 *
 * From another thread, the owner does the I/O and the thread's own
 * private context only receives the result. */
static GPrivate thread_sync_context = G_PRIVATE_INIT ((GDestroyNotify) g_main_context_unref);

static GMainContext *
connection_sync_context (BridgeConnection *self)
{
  if (self->sync_context == NULL)
    self->sync_context = g_main_context_new ();
  if (self->sync_source == NULL && self->state != BRIDGE_CONNECTION_STATE_CLOSED)
    {
      GSource *source = bridge_connection_source_new (self);
      gint64 when = MIN (self->next_deadline, self->handshake_deadline);

      g_source_set_can_recurse (source, TRUE);
      g_source_set_ready_time (source, when == G_MAXINT64 ? -1 : when);
      g_source_attach (source, self->sync_context);
      g_mutex_lock (&self->calls_lock);
      self->sync_source = source;
      g_mutex_unlock (&self->calls_lock);
    }
  return self->sync_context;
}

static GMainContext *
thread_context (void)
{
  GMainContext *context = g_private_get (&thread_sync_context);

  if (context == NULL)
    {
      context = g_main_context_new ();
      g_private_set (&thread_sync_context, context);
    }
  return context;
}

void
bridge_sync_wait_begin (BridgeConnection *self, BridgeSyncWait *wait)
{
  memset (wait, 0, sizeof *wait);
  wait->owner = g_main_context_acquire (self->context);
  wait->context = g_main_context_ref (wait->owner ? connection_sync_context (self) : thread_context ());
  g_main_context_push_thread_default (wait->context);
}

void
bridge_sync_wait_callback (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BridgeSyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

GAsyncResult *
bridge_sync_wait_run (BridgeConnection *self, BridgeSyncWait *wait)
{
  while (!wait->done)
    g_main_context_iteration (wait->context, TRUE);
  if (wait->owner)
    {
      /* Messages read but not handled (the connection closed meanwhile)
       * are the main source's; what is still in the socket buffer its
       * poll sees anyway. */
      if (!g_queue_is_empty (&self->incoming) || self->state == BRIDGE_CONNECTION_STATE_DRAINING)
        g_main_context_wakeup (self->context);
      g_main_context_release (self->context);
    }
  g_main_context_pop_thread_default (wait->context);
  g_clear_pointer (&wait->context, g_main_context_unref);
  return wait->result;
}

typedef struct
{
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
    bridge_pending_call_fail (call, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "call cancelled"));
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
 *
 * Since: 0.1
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

  if (!bridge_connection_check_open (self, interface, method, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  PendingCall *call = g_new0 (PendingCall, 1);
  call->task = g_object_ref (task);
  call->deadline = timeout_ms == BRIDGE_TIMEOUT_NONE
                       ? G_MAXINT64
                       : g_get_monotonic_time ()
                             + (gint64) (timeout_ms < 0 ? DEFAULT_CALL_TIMEOUT_MS : timeout_ms) * 1000;

  /* Hold the lock across send and insert: the reply must find the call. */
  g_mutex_lock (&self->calls_lock);
  guint64 limit = bridge_wire_get_limit (self->wire, BRIDGE_LIMIT_PENDING_CALLS);
  if (g_hash_table_size (self->pending) >= limit)
    g_set_error (&error, BRIDGE_ERROR, BRIDGE_ERROR_TOO_MANY_PENDING,
                 "%s.%s: %" G_GUINT64_FORMAT " calls already wait for replies", interface, method, limit);
  else if (bridge_connection_send (self, BRIDGE_MESSAGE_CALL, 0, 0,
                                   bridge_call_body (interface, method, owned_args), fds, &serial, &error))
    {
      call->serial = serial;
      g_hash_table_insert (self->pending, GUINT_TO_POINTER (serial), call);
      if (call->deadline < self->next_deadline)
        {
          self->next_deadline = call->deadline;
          bridge_connection_update_ready_time (self);
        }
      if (cancellable != NULL)
        {
          CancelData *cancel = g_new0 (CancelData, 1);
          cancel->self = g_object_ref (self);
          cancel->serial = serial;
          call->cancel_source = g_cancellable_source_new (cancellable);
          g_source_set_callback (call->cancel_source, G_SOURCE_FUNC (on_call_cancelled), cancel,
                                 cancel_data_free);
          /* The task's context: a blocking call's private one. */
          g_source_attach (call->cancel_source, g_task_get_context (task));
        }
      call = NULL;
    }
  g_mutex_unlock (&self->calls_lock);

  if (call != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      bridge_pending_call_free (call);
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
 * Finishes bridge_connection_call_async().
 *
 * Returns: (transfer full): the reply, a tuple, or %NULL on error
 *
 * Since: 0.1
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
 * Calls @method and blocks until the reply: bridge_connection_call_async()
 * waited for on a private main context, so that nothing else of the
 * caller's main context runs meanwhile. The connection itself goes on: in
 * the thread that runs its main context, what arrives before the reply is
 * dispatched in order while this call waits (events reach their handlers,
 * calls from the peer are answered), and a protocol violation closes the
 * connection and fails this call at once with %BRIDGE_ERROR_CLOSED
 * (docs/PROTOCOL.md section 5, "Blocking calls"). From any other thread it
 * waits while the owner of the main context does the I/O.
 *
 * Returns: (transfer full): the reply, a tuple, or %NULL on error
 *
 * Since: 0.1
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

  BridgeSyncWait wait;
  GVariant *value;
  GError *local = NULL;

  bridge_sync_wait_begin (self, &wait);
  bridge_connection_call_async (self, interface, method, args, fds, timeout_ms, cancellable,
                                bridge_sync_wait_callback, &wait);
  g_autoptr (GAsyncResult) result = bridge_sync_wait_run (self, &wait);
  value = bridge_connection_call_finish (self, result, out_fds, &local);
  if (local != NULL)
    g_propagate_error (error, local);
  return value;
}
