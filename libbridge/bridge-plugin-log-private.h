/* bridge-plugin-log-private.h: a started plugin's stderr, in the host's log
 *
 * Not installed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads @stderr_pipe (a started plugin's stderr) until its end and logs
 * each line as "plugin NAME[PID]: line". Takes its own reference. */
void bridge_plugin_log_follow (GInputStream *stderr_pipe, const char *name, const char *pid);

G_END_DECLS
