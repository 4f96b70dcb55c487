/* video-seccomp.h: the video plugin's syscall filter
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean video_seccomp_apply (GError **error);
gboolean video_seccomp_deny_network (GError **error);

G_END_DECLS
