/* bridge-peer-exit-private.h: how a plugin this side started ended
 *
 * Not installed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "exited with status 3", "was killed by signal 9 (Killed)"; @process
 * must have been reaped (its wait finished). */
char *bridge_describe_exit (GSubprocess *process);

/* The same for a plugin whose connection has just ended, waiting up to
 * @wait_ms for it to end; NULL if it is still running then. */
char *bridge_describe_peer_exit (GSubprocess *process, guint wait_ms);

G_END_DECLS
