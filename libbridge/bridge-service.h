/* bridge-service.h: the plugin side, serving whoever connects
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(BRIDGE_INSIDE) && !defined(BRIDGE_COMPILATION)
#error "Only <bridge.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bridge-connection.h"
#include "bridge-interface.h"

G_BEGIN_DECLS

/**
 * BRIDGE_FD_ENV:
 *
 * Environment variable through which a host hands a started plugin the
 * number of its end of the socketpair (docs/PROTOCOL.md, "Activation").
 *
 * Since: 0.1
 */
#define BRIDGE_FD_ENV "LIBBRIDGE_FD"

#define BRIDGE_TYPE_SERVICE (bridge_service_get_type ())
G_DECLARE_FINAL_TYPE (BridgeService, bridge_service, BRIDGE, SERVICE, GObject)

BridgeService *bridge_service_new (const char *name);
const char *bridge_service_get_name (BridgeService *self);
void bridge_service_export (BridgeService *self, BridgeInterface *iface);
int bridge_service_run (BridgeService *self, int argc, char **argv);
void bridge_service_quit (BridgeService *self);
void bridge_service_emit (BridgeService *self, const char *interface, const char *event, GVariant *args);
GList *bridge_service_get_connections (BridgeService *self);

G_END_DECLS
