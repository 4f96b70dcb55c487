/* bridge-connection.h: one peer-to-peer libbridge connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(BRIDGE_INSIDE) && !defined(BRIDGE_COMPILATION)
#error "Only <bridge.h> can be included directly."
#endif

#include <gio/gio.h>
#include <gio/gunixfdlist.h>

#include "bridge-types.h"

G_BEGIN_DECLS

/**
 * BridgeConnectionFlags:
 * @BRIDGE_CONNECTION_FLAGS_NONE: no flags
 * @BRIDGE_CONNECTION_FLAGS_ALLOW_ANY_UID: accept a peer running as another
 *   user (by default such a peer is refused during the handshake)
 *
 * Flags for bridge_connection_new_for_fd().
 *
 * Since: 0.1
 */
typedef enum
{
  BRIDGE_CONNECTION_FLAGS_NONE = 0,
  BRIDGE_CONNECTION_FLAGS_ALLOW_ANY_UID = 1 << 0,
} BridgeConnectionFlags;

/**
 * BridgeCloseReason:
 * @BRIDGE_CLOSE_REASON_NONE: the connection is open
 * @BRIDGE_CLOSE_REASON_LOCAL: this side called bridge_connection_close()
 * @BRIDGE_CLOSE_REASON_PEER_GONE: the peer closed the connection or exited
 * @BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION: the peer sent a message that
 *   breaks the framing or validation rules
 * @BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED: the peer exceeded a limit (message
 *   size, fds per message, nesting)
 * @BRIDGE_CLOSE_REASON_PEER_TOO_SLOW: the peer did not read and too many
 *   bytes queued up for it
 * @BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED: the handshake timed out or no
 *   common protocol version exists
 * @BRIDGE_CLOSE_REASON_PERMISSION_DENIED: the peer runs as another user
 * @BRIDGE_CLOSE_REASON_IO_ERROR: reading or writing the socket failed
 * @BRIDGE_CLOSE_REASON_TOO_MANY_CONNECTIONS: the listening side serves as
 *   many connections as it takes, or let go of this one, the oldest still
 *   in its handshake, to take a newer one (docs/PROTOCOL.md, "Limits")
 *
 * Why a connection closed. The values also travel in BYE messages and are
 * never renumbered (docs/PROTOCOL.md, "Close reasons").
 *
 * Since: 0.1
 */
typedef enum
{
  BRIDGE_CLOSE_REASON_NONE = 0,
  BRIDGE_CLOSE_REASON_LOCAL = 1,
  BRIDGE_CLOSE_REASON_PEER_GONE = 2,
  BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION = 3,
  BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED = 4,
  BRIDGE_CLOSE_REASON_PEER_TOO_SLOW = 5,
  BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED = 6,
  BRIDGE_CLOSE_REASON_PERMISSION_DENIED = 7,
  BRIDGE_CLOSE_REASON_IO_ERROR = 8,
  BRIDGE_CLOSE_REASON_TOO_MANY_CONNECTIONS = 9,
} BridgeCloseReason;

/**
 * BridgeLimit:
 * @BRIDGE_LIMIT_MESSAGE_SIZE: largest message (header + body) in bytes,
 *   either way; default 16 MiB
 * @BRIDGE_LIMIT_FDS_PER_MESSAGE: most fds in one message; default 16
 * @BRIDGE_LIMIT_PENDING_CALLS: most outgoing calls awaiting a reply;
 *   default 128
 * @BRIDGE_LIMIT_OUTGOING_BYTES: most unsent bytes queued for a peer that
 *   does not read; default 8 MiB
 * @BRIDGE_LIMIT_HANDSHAKE_TIMEOUT_MS: time allowed for the handshake;
 *   default 5000 ms
 * @BRIDGE_LIMIT_NESTING: deepest container nesting in a body; default 64
 *
 * The named limits of a connection (docs/PROTOCOL.md, "Limits").
 *
 * Since: 0.1
 */
typedef enum
{
  BRIDGE_LIMIT_MESSAGE_SIZE,
  BRIDGE_LIMIT_FDS_PER_MESSAGE,
  BRIDGE_LIMIT_PENDING_CALLS,
  BRIDGE_LIMIT_OUTGOING_BYTES,
  BRIDGE_LIMIT_HANDSHAKE_TIMEOUT_MS,
  BRIDGE_LIMIT_NESTING,
} BridgeLimit;

/**
 * BRIDGE_TIMEOUT_DEFAULT:
 *
 * Pass as a call timeout to use the default of 25 seconds.
 *
 * Since: 0.1
 */
#define BRIDGE_TIMEOUT_DEFAULT (-1)

/**
 * BRIDGE_TIMEOUT_NONE:
 *
 * Pass as a call timeout to wait for the reply forever (or until the
 * connection closes or the call is cancelled).
 *
 * Since: 0.1
 */
#define BRIDGE_TIMEOUT_NONE G_MAXINT

#define BRIDGE_TYPE_CONNECTION (bridge_connection_get_type ())
G_DECLARE_FINAL_TYPE (BridgeConnection, bridge_connection, BRIDGE, CONNECTION, GObject)

BridgeConnection *bridge_connection_new_for_fd (int fd, BridgeConnectionFlags flags, GError **error);
BridgeConnection *bridge_connection_new (GSocket *socket, BridgeConnectionFlags flags, GError **error);

void bridge_connection_set_name (BridgeConnection *self, const char *name);
const char *bridge_connection_get_name (BridgeConnection *self);
void bridge_connection_export (BridgeConnection *self, BridgeInterface *iface);
void bridge_connection_set_limit (BridgeConnection *self, BridgeLimit limit, guint64 value);
guint64 bridge_connection_get_limit (BridgeConnection *self, BridgeLimit limit);

void bridge_connection_handshake_async (BridgeConnection *self,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean bridge_connection_handshake_finish (BridgeConnection *self, GAsyncResult *result, GError **error);
gboolean bridge_connection_handshake_sync (BridgeConnection *self, GCancellable *cancellable, GError **error);
gboolean bridge_connection_is_ready (BridgeConnection *self);

const char *bridge_connection_get_peer_name (BridgeConnection *self);
const char *const *bridge_connection_get_peer_interfaces (BridgeConnection *self);
gboolean bridge_connection_peer_implements (BridgeConnection *self, const char *interface);
int bridge_connection_get_peer_pid (BridgeConnection *self);
guint bridge_connection_get_peer_uid (BridgeConnection *self);

void bridge_connection_call_async (BridgeConnection *self,
                                   const char *interface,
                                   const char *method,
                                   GVariant *args,
                                   GUnixFDList *fds,
                                   int timeout_ms,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
GVariant *bridge_connection_call_finish (BridgeConnection *self,
                                         GAsyncResult *result,
                                         GUnixFDList **out_fds,
                                         GError **error);
GVariant *bridge_connection_call_sync (BridgeConnection *self,
                                       const char *interface,
                                       const char *method,
                                       GVariant *args,
                                       GUnixFDList *fds,
                                       GUnixFDList **out_fds,
                                       int timeout_ms,
                                       GCancellable *cancellable,
                                       GError **error);

gboolean bridge_connection_emit (BridgeConnection *self,
                                 const char *interface,
                                 const char *event,
                                 GVariant *args,
                                 GUnixFDList *fds,
                                 GError **error);

void bridge_connection_close (BridgeConnection *self);
gboolean bridge_connection_is_closed (BridgeConnection *self);
BridgeCloseReason bridge_connection_get_close_reason (BridgeConnection *self);
const char *bridge_connection_get_close_message (BridgeConnection *self);

G_END_DECLS
