/* bridge-runtime-dir-private.h: probing the live sockets under
 * $XDG_RUNTIME_DIR/libbridge, for the registry and the service
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether a live instance answers on @path right now (docs/PROTOCOL.md
 * 10.3): @path is a socket of this user's, never followed if it is a
 * symlink, and a connect() to it succeeds or finds a full backlog (someone
 * listens). Nothing is removed and nothing is sent. */
gboolean bridge_runtime_socket_answers (const char *path);

G_END_DECLS
