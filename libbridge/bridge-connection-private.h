/* bridge-connection-private.h: what the rest of libbridge may ask of a
 * connection and users may not
 *
 * PRIVATE: not installed, not for users.
 *
 * A connection is spread over five files: bridge-connection.c (the
 * object, its properties, sending), bridge-connection-state.c (states
 * and closing), bridge-handshake.c (HELLO both ways),
 * bridge-dispatch.c (the GSource and incoming messages) and bridge-call.c
 * (outgoing calls and waiting).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bridge-connection.h"
#include "bridge-wire-private.h"

G_BEGIN_DECLS

#define BRIDGE_PEER_INTERFACE "org.libbridge.Peer1"

/* The life of a connection; every change goes through
 * bridge_connection_set_state(), which logs it. */
typedef enum
{
  BRIDGE_CONNECTION_STATE_NEW,         /* made: nothing sent or read yet */
  BRIDGE_CONNECTION_STATE_HANDSHAKING, /* our HELLO sent, the peer's awaited */
  BRIDGE_CONNECTION_STATE_READY,       /* open for calls and events */
  /* The peer's input ended (end of file, or a bad message): the good
   * messages read before it are still dispatched, in order, then the
   * connection closes with drain_reason. */
  BRIDGE_CONNECTION_STATE_DRAINING,
  BRIDGE_CONNECTION_STATE_CLOSED,
} BridgeConnectionState;

typedef struct
{
  guint32 serial;
  gint64 deadline; /* monotonic µs; G_MAXINT64 for none */
  GTask *task;
  GSource *cancel_source;
} PendingCall;

typedef struct
{
  GSource source;
  BridgeConnection *connection; /* not a reference: the connection owns us */
  gpointer fd_tag;
} ConnectionSource;

struct _BridgeConnection
{
  GObject parent_instance;

  BridgeWire *wire;
  BridgeConnectionFlags flags;
  GMainContext *context;
  GSource *source;
  GMainContext *sync_context; /* where blocking calls wait (bridge-call.c) */
  GSource *sync_source;       /* the connection's source in it */
  BridgeConnectionState state;

  char *name;
  GHashTable *exported; /* name -> BridgeInterface */

  char *peer_name;
  GStrv peer_interfaces;
  int peer_pid;
  GSubprocess *peer_process; /* the plugin this side started, if any */
  guint peer_uid;
  gboolean peer_uid_ok;

  GQueue incoming;
  BridgeCloseReason drain_reason; /* DRAINING: the close that follows */
  char *drain_message;
  GList *handshake_tasks;
  gint64 handshake_deadline;

  GMutex calls_lock;   /* pending, next_deadline: calls may start in any thread */
  GHashTable *pending; /* serial -> PendingCall */
  gint64 next_deadline;

  BridgeCloseReason close_reason;
  char *close_message;
};

/* bridge-connection-state.c */
const char *bridge_connection_state_to_string (BridgeConnectionState state);
void bridge_connection_set_state (BridgeConnection *self, BridgeConnectionState state);
void bridge_connection_close_with (BridgeConnection *self, BridgeCloseReason reason, const char *format, ...)
    G_GNUC_PRINTF (3, 4);
void bridge_connection_close_quietly (BridgeConnection *self);
void bridge_connection_refuse (BridgeConnection *self, BridgeCloseReason reason, const char *message);
GError *bridge_connection_closed_error (BridgeConnection *self, const char *what);
const char *bridge_close_reason_nick (BridgeCloseReason reason);

/* Whether the next message must be the peer's HELLO (or a BYE): before
 * the handshake is done, and while draining what came before the end. */
static inline gboolean
bridge_connection_awaits_hello (BridgeConnection *self)
{
  return self->state == BRIDGE_CONNECTION_STATE_HANDSHAKING
         || (self->state == BRIDGE_CONNECTION_STATE_DRAINING && self->peer_interfaces == NULL);
}

/* bridge-connection.c */
void bridge_connection_announce_closed (BridgeConnection *self);
gboolean bridge_connection_send (BridgeConnection *self,
                                 BridgeMessageType type,
                                 guint16 flags,
                                 guint32 reply_serial,
                                 GVariant *body,
                                 GUnixFDList *fds,
                                 guint32 *out_serial,
                                 GError **error);
void bridge_connection_send_reply (BridgeConnection *self,
                                   guint32 reply_serial,
                                   GVariant *value,
                                   GUnixFDList *fds);
void bridge_connection_send_error (BridgeConnection *self, guint32 reply_serial, const GError *error);
gboolean bridge_connection_check_open (BridgeConnection *self,
                                       const char *interface,
                                       const char *member,
                                       GError **error);
GVariant *bridge_call_body (const char *interface, const char *member, GVariant *args);
void bridge_connection_notify_ready (BridgeConnection *self);
/* The plugin process this side started behind the connection: its pid
 * becomes the peer's, and the end of its input says how it ended. */
void bridge_connection_set_peer_process (BridgeConnection *self, GSubprocess *process);
void bridge_connection_deliver_event (BridgeConnection *self,
                                      GQuark detail,
                                      const char *interface,
                                      const char *event,
                                      GVariant *args,
                                      GUnixFDList *fds);

/* bridge-dispatch.c */
void bridge_connection_attach_source (BridgeConnection *self);
gboolean bridge_connection_read (BridgeConnection *self);
gboolean bridge_connection_check_wire (BridgeConnection *self);
void bridge_connection_handle_bye (BridgeConnection *self, BridgeMessage *message);

/* bridge-handshake.c */
void bridge_connection_handle_hello (BridgeConnection *self, BridgeMessage *message);

/* bridge-call.c */
void bridge_pending_call_free (PendingCall *call);
void bridge_pending_call_fail (PendingCall *call, GError *error);
void bridge_connection_update_ready_time (BridgeConnection *self);
void bridge_connection_expire_calls (BridgeConnection *self);
void bridge_connection_handle_reply (BridgeConnection *self, BridgeMessage *message);

/* The blocking calls are their async versions run on a private main
 * context (docs/PROTOCOL.md section 5.2): begin a BridgeSyncWait with
 * bridge_sync_wait_begin(), start the async operation
 * with bridge_sync_wait_callback and the wait as its data, then
 * bridge_sync_wait_run() returns its result. */
typedef struct
{
  GMainContext *context;
  gboolean owner; /* of the connection's main context */
  gboolean done;
  GAsyncResult *result;
} BridgeSyncWait;

void bridge_sync_wait_begin (BridgeConnection *self, BridgeSyncWait *wait);
void bridge_sync_wait_callback (GObject *source, GAsyncResult *result, gpointer user_data);
GAsyncResult *bridge_sync_wait_run (BridgeConnection *self, BridgeSyncWait *wait);

/* bridge-dispatch.c: a second source of the connection, in @context */
GSource *bridge_connection_source_new (BridgeConnection *self);

G_END_DECLS
