/* bridge-plugin-info.h: what a plugin manifest says
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(BRIDGE_INSIDE) && !defined(BRIDGE_COMPILATION)
#error "Only <bridge.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

#define BRIDGE_TYPE_PLUGIN_INFO (bridge_plugin_info_get_type ())
G_DECLARE_FINAL_TYPE (BridgePluginInfo, bridge_plugin_info, BRIDGE, PLUGIN_INFO, GObject)

BridgePluginInfo *bridge_plugin_info_new_from_file (const char *path, GError **error);
BridgePluginInfo *
bridge_plugin_info_new_from_data (const char *data, gssize length, const char *path, GError **error);
const char *bridge_plugin_info_get_name (BridgePluginInfo *self);
const char *bridge_plugin_info_get_description (BridgePluginInfo *self);
const char *bridge_plugin_info_get_version (BridgePluginInfo *self);
const char *bridge_plugin_info_get_exec (BridgePluginInfo *self);
const char *const *bridge_plugin_info_get_interfaces (BridgePluginInfo *self);
const char *bridge_plugin_info_get_path (BridgePluginInfo *self);
gboolean bridge_plugin_info_get_live (BridgePluginInfo *self);
gboolean bridge_plugin_info_implements (BridgePluginInfo *self, const char *interface);

G_END_DECLS
