/* bridge-wire-private.h: framed messages over one socket, both ways
 *
 * The wire owns the socket fd, the read buffer, the queue of fds received
 * and the queue of bytes not yet sent. It knows the framing rules and the
 * limits (docs/PROTOCOL.md "Framing", "File descriptors", "Limits"), and
 * nothing of calls, events or the handshake.
 *
 * Reading is for the thread that owns the connection's main context only;
 * sending is safe from any thread.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gunixfdlist.h>

#include "bridge-message-private.h"

G_BEGIN_DECLS

typedef struct
{
  BridgeHeader header;
  GVariant *body;   /* validated, of bridge_message_body_type (header.type) */
  GUnixFDList *fds; /* nullable; holds exactly header.n_fds fds */
} BridgeMessage;

void bridge_message_free (BridgeMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BridgeMessage, bridge_message_free)

typedef struct _BridgeWire BridgeWire;

/* Called, under the wire's lock, when the wire starts or stops needing to
 * know that the socket is writable. */
typedef void (*BridgeWireWantWriteFunc) (gboolean want_write, gpointer user_data);

typedef enum
{
  BRIDGE_WIRE_READ_OK,    /* zero or more messages were appended */
  BRIDGE_WIRE_READ_EOF,   /* the peer shut down its side */
  BRIDGE_WIRE_READ_ERROR, /* reason and error are set; close the connection */
} BridgeWireReadResult;

BridgeWire *bridge_wire_new (int fd);
void bridge_wire_free (BridgeWire *wire);
int bridge_wire_get_fd (BridgeWire *wire);
void bridge_wire_set_want_write_func (BridgeWire *wire, BridgeWireWantWriteFunc func, gpointer user_data);

void bridge_wire_set_limit (BridgeWire *wire, BridgeLimit limit, guint64 value);
void bridge_wire_set_serials_for_test (BridgeWire *wire, guint32 next_out, guint32 next_in);
guint64 bridge_wire_get_limit (BridgeWire *wire, BridgeLimit limit);

BridgeWireReadResult
bridge_wire_read (BridgeWire *wire, GQueue *messages, BridgeCloseReason *reason, GError **error);
gboolean bridge_wire_has_partial_message (BridgeWire *wire);

gboolean bridge_wire_send (BridgeWire *wire,
                           BridgeMessageType type,
                           guint16 flags,
                           guint32 reply_serial,
                           GVariant *body,
                           GUnixFDList *fds,
                           guint32 *out_serial,
                           GError **error);
gboolean bridge_wire_flush (BridgeWire *wire, GError **error);
gboolean bridge_wire_has_fatal (BridgeWire *wire);
BridgeCloseReason bridge_wire_take_fatal (BridgeWire *wire, char **message);
gboolean bridge_wire_wants_write (BridgeWire *wire);
gboolean bridge_wire_serial_was_sent (BridgeWire *wire, guint32 serial);
void bridge_wire_close (BridgeWire *wire);

G_END_DECLS
