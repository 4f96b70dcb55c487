/* bridge-dir-watch-private.h: watching a folder that may not exist yet
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _BridgeDirWatch BridgeDirWatch;

/* Called with the name of a file of the folder that appeared, changed or
 * went away, or with NULL when the folder itself appeared or went away
 * (everything in it may have changed). */
typedef void (*BridgeDirWatchFunc) (const char *basename, gpointer user_data);

/* Watches @dir for files whose name ends in @suffix (and does not start
 * with a dot). While @dir does not exist, its nearest existing parent is
 * watched instead, for the next folder on the way down to @dir only; once
 * @dir appears it is watched itself. The monitors are made on @context,
 * which also runs @func; nothing is read, only reported. */
BridgeDirWatch *bridge_dir_watch_new (
    const char *dir, const char *suffix, GMainContext *context, BridgeDirWatchFunc func, gpointer user_data);

/* Cancels the monitor; @func is not called after this. */
void bridge_dir_watch_free (BridgeDirWatch *watch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BridgeDirWatch, bridge_dir_watch_free)

G_END_DECLS
