/* bridge-plugin-info-private.h: what the registry does to a BridgePluginInfo
 *
 * Not installed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bridge-plugin-info.h"

G_BEGIN_DECLS

/* The parsed Exec line of a manifest, its program path resolved. */
const char *const *bridge_plugin_info_get_argv (BridgePluginInfo *self);

/* Copies what a fresh parse of the same plugin's manifest says into @self,
 * notifying each property that changed (the registry keeps one object per
 * name). */
void bridge_plugin_info_update (BridgePluginInfo *self, BridgePluginInfo *from);

/* Sets #BridgePluginInfo:live, notifying if it changed. */
void bridge_plugin_info_set_live (BridgePluginInfo *self, gboolean live);

G_END_DECLS
