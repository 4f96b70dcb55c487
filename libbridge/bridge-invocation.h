/* bridge-invocation.h: one incoming method call, answered now or later
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

#define BRIDGE_TYPE_INVOCATION (bridge_invocation_get_type ())
G_DECLARE_FINAL_TYPE (BridgeInvocation, bridge_invocation, BRIDGE, INVOCATION, GObject)

BridgeConnection *bridge_invocation_get_connection (BridgeInvocation *self);
const char *bridge_invocation_get_interface (BridgeInvocation *self);
const char *bridge_invocation_get_method (BridgeInvocation *self);
GVariant *bridge_invocation_get_parameters (BridgeInvocation *self);
GUnixFDList *bridge_invocation_get_fds (BridgeInvocation *self);

void bridge_invocation_return_value (BridgeInvocation *self, GVariant *value);
void bridge_invocation_return_value_with_fds (BridgeInvocation *self, GVariant *value, GUnixFDList *fds);
void bridge_invocation_return_error (BridgeInvocation *self, GQuark domain, int code, const char *format, ...)
    G_GNUC_PRINTF (4, 5);
void
bridge_invocation_return_error_literal (BridgeInvocation *self, GQuark domain, int code, const char *message);
void bridge_invocation_return_gerror (BridgeInvocation *self, const GError *error);

G_END_DECLS
