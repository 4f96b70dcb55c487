/* video-fd-src.h: a GStreamer source reading media from a file descriptor
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * VIDEO_FD_SRC_SCHEME:
 *
 * The URI scheme of media read from a file descriptor: bridgefd://N.
 */
#define VIDEO_FD_SRC_SCHEME "bridgefd"

void video_fd_src_register (void);
char *video_fd_src_make_uri (int fd);

G_END_DECLS
