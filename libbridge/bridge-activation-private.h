/* bridge-activation-private.h: reaching a plugin: a live instance, or one started
 *
 * Not installed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bridge-connection.h"
#include "bridge-plugin-info.h"
#include "bridge-registry.h"

G_BEGIN_DECLS

/* Destroys *@source, if any, and clears the pointer. */
static inline void
bridge_clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

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

/* bridge-activation-shared.c: starts @info's plugin listening for any
 * number of hosts, and finishes once it says it listens (TRUE) or ended
 * or gave up first (FALSE, with why); the caller then tries its socket. */
void bridge_activation_start_shared (BridgePluginInfo *info,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean bridge_activation_start_shared_finish (GAsyncResult *result, GError **error);

/* The process a registry started behind @connection, or NULL if the
 * connection reached a live instance (for tests and tools). */
GSubprocess *bridge_registry_get_subprocess (BridgeConnection *connection);

G_END_DECLS
