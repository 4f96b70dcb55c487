/* video-sandbox.h: confining the video plugin's file access (Landlock)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VIDEO_SANDBOX_ENV:
 *
 * The environment variable through which a host gives the video plugin
 * the files and folders it may read media from (colon-separated). When it
 * is set, the plugin confines itself before serving: it reads only those
 * and the system's own files (libraries, GStreamer plugins, /etc, /proc,
 * /sys, /dev), and writes nowhere but /dev. When it is not set, the
 * plugin is not confined beyond what its host started it with.
 * docs/ROBUSTNESS.md, "Confinement".
 */
#define VIDEO_SANDBOX_ENV "LIBBRIDGE_VIDEO_SANDBOX"

gboolean video_sandbox_apply (const char *const *media_paths, GError **error);
int video_sandbox_setup (void);

G_END_DECLS
