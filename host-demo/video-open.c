/* video-open.c: how the host hands media to the video plugin
 *
 * The video plugin is confined (docs/ROBUSTNESS.md, "Confinement"): it
 * may not read the user's files. A local video is opened here, by the
 * host, and the plugin gets the fd with Video1.OpenFd
 * (docs/VIDEO-INTERFACE.md §6.14); only URIs go by name, with Open.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-open.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/**
 * video_open_prepare:
 * @location: a file path, a file: URI, or another URI
 * @args: (out) (transfer floating): the method's arguments
 * @fds: (out) (transfer full) (nullable): the fds to send with them, or
 *   %NULL
 * @error: return location for a #GError (%G_IO_ERROR, from open())
 *
 * Opens @location if it is local.
 *
 * Returns: (nullable): the method to call, "OpenFd" or "Open"; %NULL
 *   with @error set if a local file cannot be opened
 */
const char *
video_open_prepare (const char *location, GVariant **args, GUnixFDList **fds, GError **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (location);
  g_autofree char *path = NULL;
  g_autoptr (GUnixFDList) list = NULL;
  int fd, errsv;

  *args = NULL;
  *fds = NULL;
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "file") != 0)
    {
      *args = g_variant_new ("(s)", location);
      return "Open";
    }
  path = scheme != NULL ? g_filename_from_uri (location, NULL, error) : g_strdup (location);
  if (path == NULL)
    return NULL;
  /* O_NONBLOCK: a FIFO named in a deck must not freeze the window; the
   * plugin reads with pread() and refuses what is not a regular file. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      g_autofree char *shown = g_filename_display_name (path);

      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "cannot open %s: %s", shown,
                   g_strerror (errsv));
      return NULL;
    }
  list = g_unix_fd_list_new_from_array (&fd, 1); /* takes fd */
  *args = g_variant_new ("(h)", 0);
  *fds = g_steal_pointer (&list);
  return "OpenFd";
}
