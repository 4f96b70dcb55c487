/* bridge-registry-private.h: what the registry and the service share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bridge-connection.h"
#include "bridge-plugin-info.h"
#include "bridge-registry.h"

G_BEGIN_DECLS

/* The parsed Exec line of a manifest, its program path resolved. */
const char *const *bridge_plugin_info_get_argv (BridgePluginInfo *self);

/* Copies what a fresh parse of the same plugin's manifest says into @self,
 * notifying each property that changed (the registry keeps one object per
 * name). */
void bridge_plugin_info_update (BridgePluginInfo *self, BridgePluginInfo *from);

/* Sets #BridgePluginInfo:live, notifying if it changed. */
void bridge_plugin_info_set_live (BridgePluginInfo *self, gboolean live);

/* bridge-search-path.c: the default search path, in order, from the
 * environment as it is now (docs/PROTOCOL.md 10.2). */
char **bridge_search_path_default (void);

/* $XDG_RUNTIME_DIR/libbridge (g_get_user_runtime_dir() if unset). */
char *bridge_runtime_dir (void);

/* Where a plugin started by hand listens: <runtime dir>/<name>.sock. */
char *bridge_runtime_socket_path (const char *name);

/* Creates the runtime directory 0700 if needed and checks that it is a
 * real directory of ours, not a symlink or someone else's. */
gboolean bridge_runtime_dir_ensure (GError **error);

/* bridge-build-tree.c: the build tree's plugin folders when this is its
 * uninstalled libbridge, else an empty list. */
const char *const *bridge_build_tree_plugin_dirs (void);

/* bridge-activation.c: reaches the plugin @info for the registry
 * @source_object, by @socket_path or by starting it. The connection and
 * the started process's watch live in @home; the task and its
 * intermediate steps in the thread-default context. With @sync the
 * handshake blocks (bridge_connection_handshake_sync()), since @home is not
 * iterated meanwhile. The task returns a BridgeConnection. */
void bridge_activation_connect (GObject *source_object,
                                BridgePluginInfo *info,
                                const char *socket_path,
                                BridgeConnectFlags flags,
                                GMainContext *home,
                                gboolean sync,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);

/* The process a registry started behind @connection, or NULL if the
 * connection reached a live instance (for tests and tools). */
GSubprocess *bridge_registry_get_subprocess (BridgeConnection *connection);

G_END_DECLS
