/* bridge-invocation-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bridge-invocation.h"
#include "bridge-interface-private.h"

G_BEGIN_DECLS

BridgeInvocation *bridge_invocation_new (BridgeConnection *connection,
                                         guint32 serial,
                                         gboolean no_reply,
                                         BridgeInterface *iface,
                                         const BridgeMethod *method,
                                         GVariant *parameters,
                                         GUnixFDList *fds);

G_END_DECLS
