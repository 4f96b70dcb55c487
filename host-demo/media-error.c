/* media-error.c: what the audience reads when a video cannot be played
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The video plugin's errors carry technical text (GStreamer's, a file
 * URI, a state name): right for the terminal, wrong for a slide. Every
 * place a broken video shows up on a slide (the window, the export,
 * --check's report) says the same plain sentence for each error code.
 */
#include "config.h"

#include "media-error.h"

#include <bridge.h>

#include "bridge-video-interface.h"

/**
 * media_error_plain_reason:
 * @error: what the plugin (or libbridge, or a check of what it sent) said
 *
 * Returns: (transfer none): a plain sentence saying why, for the slide
 */
const char *
media_error_plain_reason (const GError *error)
{
  if (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND))
    return "No video player is installed.";
  if (error->domain != VIDEO_ERROR)
    return "The video player sent something it should not have.";
  switch ((VideoError) error->code)
    {
      case VIDEO_ERROR_NOT_FOUND:
        return "The file is missing.";
      case VIDEO_ERROR_NOT_MEDIA:
        return "The file is not a video.";
      case VIDEO_ERROR_UNSUPPORTED_CODEC:
        return "The video is in a format that cannot be played here.";
      case VIDEO_ERROR_UNSUPPORTED_URI:
        return "The address cannot be opened.";
      case VIDEO_ERROR_NETWORK:
        return "The network is not reachable.";
      case VIDEO_ERROR_DAMAGED:
        return "The file is damaged.";
      case VIDEO_ERROR_TIMED_OUT:
        return "The video took too long to open.";
      case VIDEO_ERROR_NO_VIDEO:
        return "The file has no picture.";
      case VIDEO_ERROR_FAILED:
      case VIDEO_ERROR_NOT_OPEN:
      case VIDEO_ERROR_INVALID_ARGUMENT:
      case VIDEO_ERROR_NOT_SEEKABLE:
      case VIDEO_ERROR_CANCELLED:
      default:
        return "Something went wrong in the video player.";
    }
}
