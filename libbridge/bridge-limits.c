/* bridge-limits.c: the table of every limit (bridge-limits-private.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-connection.h"
#include "bridge-limits-private.h"

const BridgeLimitInfo bridge_limits[] = {
  { "message size (header + body)", BRIDGE_MESSAGE_SIZE_MAX, BRIDGE_LIMIT_UNIT_BYTES,
    BRIDGE_LIMIT_MESSAGE_SIZE },
  { "fds in one message", BRIDGE_FDS_PER_MESSAGE_MAX, BRIDGE_LIMIT_UNIT_COUNT, BRIDGE_LIMIT_FDS_PER_MESSAGE },
  { "fds queued ahead of their messages", BRIDGE_QUEUED_FDS_FACTOR *BRIDGE_FDS_PER_MESSAGE_MAX,
    BRIDGE_LIMIT_UNIT_COUNT, -1 },
  { "pending outgoing calls", BRIDGE_PENDING_CALLS_MAX, BRIDGE_LIMIT_UNIT_COUNT, BRIDGE_LIMIT_PENDING_CALLS },
  { "unsent bytes waiting behind the message being written", BRIDGE_OUTGOING_BYTES_MAX,
    BRIDGE_LIMIT_UNIT_BYTES, BRIDGE_LIMIT_OUTGOING_BYTES },
  { "handshake", BRIDGE_HANDSHAKE_TIMEOUT_MS, BRIDGE_LIMIT_UNIT_MS, BRIDGE_LIMIT_HANDSHAKE_TIMEOUT_MS },
  { "GVariant nesting", BRIDGE_NESTING_MAX, BRIDGE_LIMIT_UNIT_COUNT, BRIDGE_LIMIT_NESTING },
  { "interfaces in HELLO", BRIDGE_HELLO_INTERFACES_MAX, BRIDGE_LIMIT_UNIT_COUNT, -1 },
  { "name length", BRIDGE_NAME_LENGTH_MAX, BRIDGE_LIMIT_UNIT_BYTES, -1 },
  { "connections in their handshake at once (listening side)", BRIDGE_HANDSHAKING_CONNECTIONS_MAX,
    BRIDGE_LIMIT_UNIT_COUNT, -1 },
  { "connections served at once, handshake done (listening side)", BRIDGE_SERVED_CONNECTIONS_MAX,
    BRIDGE_LIMIT_UNIT_COUNT, -1 },
  { NULL, 0, 0, -1 },
};
