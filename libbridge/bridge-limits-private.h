/* bridge-limits-private.h: every limit of the protocol, named once
 *
 * Not installed. The defaults of a connection's limits (#BridgeLimit),
 * and the fixed ones, as sd-varlink names VARLINK_BUFFER_MAX. The table
 * bridge_limits[] lists them all as docs/PROTOCOL.md section 9 does, row
 * for row: tests/test-limits.c checks that the document's table and this
 * one agree, and that a new connection starts at these defaults.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A connection's defaults, which an application may lower. */
#define BRIDGE_MESSAGE_SIZE_MAX (G_GUINT64_CONSTANT (16) * 1024 * 1024)
#define BRIDGE_FDS_PER_MESSAGE_MAX 16
#define BRIDGE_PENDING_CALLS_MAX 128
#define BRIDGE_OUTGOING_BYTES_MAX (G_GUINT64_CONSTANT (8) * 1024 * 1024)
#define BRIDGE_HANDSHAKE_TIMEOUT_MS 5000
#define BRIDGE_NESTING_MAX 64

/* Fixed. */
#define BRIDGE_QUEUED_FDS_FACTOR 2 /* fds ahead of their messages: this many messages' worth */
#define BRIDGE_HELLO_INTERFACES_MAX 64
#define BRIDGE_NAME_LENGTH_MAX 255
/* A listening side's (bridge-service.c). */
#define BRIDGE_HANDSHAKING_CONNECTIONS_MAX 64
#define BRIDGE_SERVED_CONNECTIONS_MAX 256

typedef enum
{
  BRIDGE_LIMIT_UNIT_COUNT,
  BRIDGE_LIMIT_UNIT_BYTES,
  BRIDGE_LIMIT_UNIT_MS,
} BridgeLimitUnit;

typedef struct
{
  const char *name; /* the first column of PROTOCOL.md's table */
  guint64 value;
  BridgeLimitUnit unit;
  int limit; /* the #BridgeLimit it is the default of, or -1 if fixed */
} BridgeLimitInfo;

/* Ends with a row whose name is NULL. */
extern const BridgeLimitInfo bridge_limits[];

G_END_DECLS
