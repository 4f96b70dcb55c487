/* bridge-interface.h: a named set of methods and events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(BRIDGE_INSIDE) && !defined(BRIDGE_COMPILATION)
#error "Only <bridge.h> can be included directly."
#endif

#include <glib-object.h>

#include "bridge-types.h"

G_BEGIN_DECLS

/**
 * BridgeMethodFunc:
 * @invocation: the call; reply with bridge_invocation_return_value() or
 *   bridge_invocation_return_error(), now or later (take a reference to
 *   reply later)
 * @user_data: the data given to bridge_interface_add_method()
 *
 * Handles one incoming method call. The arguments have already been checked
 * against the method's declared input type.
 *
 * Since: 0.1
 */
typedef void (*BridgeMethodFunc) (BridgeInvocation *invocation, gpointer user_data);

#define BRIDGE_TYPE_INTERFACE (bridge_interface_get_type ())
G_DECLARE_FINAL_TYPE (BridgeInterface, bridge_interface, BRIDGE, INTERFACE, GObject)

BridgeInterface *bridge_interface_new (const char *name);
const char *bridge_interface_get_name (BridgeInterface *self);
void bridge_interface_add_method (BridgeInterface *self,
                                  const char *name,
                                  const char *in_type,
                                  const char *out_type,
                                  BridgeMethodFunc func,
                                  gpointer user_data,
                                  GDestroyNotify destroy);
void bridge_interface_add_event (BridgeInterface *self, const char *name, const char *type);
GVariant *bridge_interface_describe (BridgeInterface *self);

G_END_DECLS
