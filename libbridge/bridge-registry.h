/* bridge-registry.h: find plugins, connect to them or start them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(BRIDGE_INSIDE) && !defined(BRIDGE_COMPILATION)
#error "Only <bridge.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bridge-connection.h"
#include "bridge-plugin-info.h"

G_BEGIN_DECLS

/**
 * BridgeConnectFlags:
 * @BRIDGE_CONNECT_FLAGS_NONE: connect to a live instance if one listens,
 *   otherwise start the plugin
 * @BRIDGE_CONNECT_FLAGS_NEW_INSTANCE: always start a fresh process
 * @BRIDGE_CONNECT_FLAGS_NO_START: only connect to a live instance
 * @BRIDGE_CONNECT_FLAGS_SHARED: connect to a live instance if one listens,
 *   otherwise start one that other hosts can join: it listens on its
 *   runtime socket (`--listen --exit-when-idle`), is not tied to this
 *   host, and exits by itself once no host has been connected for 2 s.
 *   Two hosts starting one at once share the same.
 *
 * How bridge_registry_connect_async() reaches a plugin.
 *
 * Since: 0.1
 */
typedef enum
{
  BRIDGE_CONNECT_FLAGS_NONE = 0,
  BRIDGE_CONNECT_FLAGS_NEW_INSTANCE = 1 << 0,
  BRIDGE_CONNECT_FLAGS_NO_START = 1 << 1,
  BRIDGE_CONNECT_FLAGS_SHARED = 1 << 2,
} BridgeConnectFlags;

#define BRIDGE_TYPE_REGISTRY (bridge_registry_get_type ())
G_DECLARE_FINAL_TYPE (BridgeRegistry, bridge_registry, BRIDGE, REGISTRY, GObject)

BridgeRegistry *bridge_registry_new (void);
BridgeRegistry *bridge_registry_new_for_path (const char *const *dirs);
const char *const *bridge_registry_get_search_path (BridgeRegistry *self);
const char *const *bridge_registry_get_warnings (BridgeRegistry *self);
BridgePluginInfo *bridge_registry_find_by_name (BridgeRegistry *self, const char *name);
BridgePluginInfo *bridge_registry_find_by_interface (BridgeRegistry *self, const char *interface);
char *bridge_registry_get_socket_path (BridgeRegistry *self, BridgePluginInfo *info);
gboolean bridge_registry_is_live (BridgeRegistry *self, BridgePluginInfo *info);

void bridge_registry_connect_async (BridgeRegistry *self,
                                    BridgePluginInfo *info,
                                    BridgeConnectFlags flags,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
BridgeConnection *bridge_registry_connect_finish (BridgeRegistry *self, GAsyncResult *result, GError **error);
BridgeConnection *bridge_registry_connect_sync (BridgeRegistry *self,
                                                BridgePluginInfo *info,
                                                BridgeConnectFlags flags,
                                                GCancellable *cancellable,
                                                GError **error);

G_END_DECLS
