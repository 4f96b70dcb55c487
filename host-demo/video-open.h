/* video-open.h: how the host hands media to the video plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gunixfdlist.h>

G_BEGIN_DECLS

const char *video_open_prepare (const char *location, GVariant **args, GUnixFDList **fds, GError **error);

G_END_DECLS
