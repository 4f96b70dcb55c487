/* bridge-connection-private.h: what the rest of libbridge may ask of a
 * connection and users may not
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bridge-connection.h"

G_BEGIN_DECLS

#define BRIDGE_PEER_INTERFACE "org.libbridge.Peer1"

void bridge_connection_send_reply (BridgeConnection *self,
                                   guint32 reply_serial,
                                   GVariant *value,
                                   GUnixFDList *fds);
void bridge_connection_send_error (BridgeConnection *self,
                                   guint32 reply_serial,
                                   const GError *error);

G_END_DECLS
