/* media-error.h: what the audience reads when a video cannot be played
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MEDIA_ERROR_VIDEO_HEADLINE:
 *
 * The first line on a slide where a video cannot be played.
 */
#define MEDIA_ERROR_VIDEO_HEADLINE "This video could not be played"

const char *media_error_plain_reason (const GError *error);

G_END_DECLS
