/* bridge-message-private.h: framing and body validation (docs/PROTOCOL.md)
 *
 * Private to libbridge; the fuzzers use it too.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "bridge-connection.h"

G_BEGIN_DECLS

#define BRIDGE_MAGIC_0 'L'
#define BRIDGE_MAGIC_1 'B'
#define BRIDGE_MAGIC_2 'R'
#define BRIDGE_MAGIC_3 'G'
#define BRIDGE_HEADER_SIZE 24
#define BRIDGE_PROTOCOL_VERSION 1

/* Message types, PROTOCOL.md "Message types". Never renumbered. */
typedef enum
{
  BRIDGE_MESSAGE_HELLO = 1,
  BRIDGE_MESSAGE_CALL = 2,
  BRIDGE_MESSAGE_REPLY = 3,
  BRIDGE_MESSAGE_ERROR = 4,
  BRIDGE_MESSAGE_EVENT = 5,
  BRIDGE_MESSAGE_BYE = 6,
} BridgeMessageType;

/* Header flags, PROTOCOL.md "Header". */
#define BRIDGE_FLAG_NO_REPLY 0x0001
#define BRIDGE_FLAGS_KNOWN BRIDGE_FLAG_NO_REPLY

typedef struct
{
  guint8 version;
  guint8 type;
  guint16 flags;
  guint32 serial;
  guint32 reply_serial;
  guint32 body_size;
  guint16 n_fds;
} BridgeHeader;

void bridge_header_encode (const BridgeHeader *header, guint8 out[BRIDGE_HEADER_SIZE]);
gboolean bridge_header_decode (const guint8 data[BRIDGE_HEADER_SIZE],
                               BridgeHeader *header,
                               BridgeCloseReason *reason,
                               GError **error);

const GVariantType *bridge_message_body_type (BridgeMessageType type);
const char *bridge_message_type_to_string (BridgeMessageType type);
gboolean bridge_name_is_valid (const char *name);
GVariant *bridge_message_load_body (
    BridgeMessageType type, GBytes *body, guint max_depth, BridgeCloseReason *reason, GError **error);

G_END_DECLS
