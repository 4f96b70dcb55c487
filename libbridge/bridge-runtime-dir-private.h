/* bridge-runtime-dir-private.h: $XDG_RUNTIME_DIR/libbridge, where live
 * instances listen, for the registry and the service
 *
 * Not installed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $XDG_RUNTIME_DIR/libbridge (g_get_user_runtime_dir() if unset). */
char *bridge_runtime_dir (void);

/* Where a plugin started by hand listens: <runtime dir>/<name>.sock. */
char *bridge_runtime_socket_path (const char *name);

/* Creates the runtime directory 0700 if needed and checks that it is a
 * real directory of ours, not a symlink or someone else's. */
gboolean bridge_runtime_dir_ensure (GError **error);

/* Whether a live instance answers on @path right now (docs/PROTOCOL.md
 * 10.3): @path is a socket of this user's, never followed if it is a
 * symlink, and a connect() to it succeeds or finds a full backlog (someone
 * listens). Nothing is removed and nothing is sent. */
gboolean bridge_runtime_socket_answers (const char *path);

G_END_DECLS
