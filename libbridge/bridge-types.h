/* bridge-types.h: forward declarations shared by the public headers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(BRIDGE_INSIDE) && !defined(BRIDGE_COMPILATION)
#error "Only <bridge.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BridgeConnection BridgeConnection;
typedef struct _BridgeInterface BridgeInterface;
typedef struct _BridgeInvocation BridgeInvocation;

G_END_DECLS
