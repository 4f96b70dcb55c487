/* bridge-error.h: the libbridge error domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(BRIDGE_INSIDE) && !defined(BRIDGE_COMPILATION)
#error "Only <bridge.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * BRIDGE_ERROR:
 *
 * Error domain for libbridge. Errors in this domain are from the
 * #BridgeError enumeration.
 *
 * Since: 0.1
 */
#define BRIDGE_ERROR (bridge_error_quark ())

/**
 * BridgeError:
 * @BRIDGE_ERROR_FAILED: generic failure
 * @BRIDGE_ERROR_CLOSED: the connection is closed (or closed while waiting)
 * @BRIDGE_ERROR_TIMED_OUT: no reply within the call's timeout
 * @BRIDGE_ERROR_UNKNOWN_INTERFACE: the peer exports no such interface
 * @BRIDGE_ERROR_UNKNOWN_METHOD: the interface has no such method
 * @BRIDGE_ERROR_INVALID_ARGS: the arguments do not match the declared type
 * @BRIDGE_ERROR_TOO_MANY_PENDING: the pending-call limit is reached
 * @BRIDGE_ERROR_NO_REPLY: the handler dropped the call without replying
 * @BRIDGE_ERROR_NOT_FOUND: no plugin matches the request
 * @BRIDGE_ERROR_SPAWN_FAILED: the plugin process could not be started
 * @BRIDGE_ERROR_BAD_MANIFEST: a plugin manifest is malformed
 * @BRIDGE_ERROR_PERMISSION_DENIED: the peer is not allowed in
 * @BRIDGE_ERROR_PROTOCOL: the peer broke the wire protocol
 * @BRIDGE_ERROR_LIMIT_EXCEEDED: a size or count limit was exceeded
 * @BRIDGE_ERROR_BAD_FRAME: a frame or frame ring from the peer is invalid
 *
 * Error codes of the %BRIDGE_ERROR domain. Values are part of the wire
 * protocol (they travel in ERROR messages) and are never renumbered.
 *
 * Since: 0.1
 */
typedef enum
{
  BRIDGE_ERROR_FAILED = 0,
  BRIDGE_ERROR_CLOSED = 1,
  BRIDGE_ERROR_TIMED_OUT = 2,
  BRIDGE_ERROR_UNKNOWN_INTERFACE = 3,
  BRIDGE_ERROR_UNKNOWN_METHOD = 4,
  BRIDGE_ERROR_INVALID_ARGS = 5,
  BRIDGE_ERROR_TOO_MANY_PENDING = 6,
  BRIDGE_ERROR_NO_REPLY = 7,
  BRIDGE_ERROR_NOT_FOUND = 8,
  BRIDGE_ERROR_SPAWN_FAILED = 9,
  BRIDGE_ERROR_BAD_MANIFEST = 10,
  BRIDGE_ERROR_PERMISSION_DENIED = 11,
  BRIDGE_ERROR_PROTOCOL = 12,
  BRIDGE_ERROR_LIMIT_EXCEEDED = 13,
  BRIDGE_ERROR_BAD_FRAME = 14,
} BridgeError;

GQuark bridge_error_quark (void);

G_END_DECLS
