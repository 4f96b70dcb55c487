/* video-selftest.h: the plugin trying what its confinement denies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VIDEO_SELFTEST_ENV:
 *
 * Set to "1" in the plugin's environment, it exports the test-only
 * method SelfTest (tests/test-confine.c). Never set it in production.
 */
#define VIDEO_SELFTEST_ENV "LIBBRIDGE_VIDEO_SELFTEST"

gboolean video_selftest_enabled (void);
char *video_selftest_run (const char *action);

G_END_DECLS
