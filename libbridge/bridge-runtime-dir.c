/* bridge-runtime-dir.c: probing the live sockets under
 * $XDG_RUNTIME_DIR/libbridge (docs/PROTOCOL.md 10.3)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-runtime-dir-private.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

gboolean
bridge_runtime_socket_answers (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  struct stat st;
  int fd, ret, errsv;

  if (strlen (path) >= sizeof addr.sun_path || lstat (path, &st) != 0 || !S_ISSOCK (st.st_mode)
      || st.st_uid != getuid ())
    return FALSE;
  memcpy (addr.sun_path, path, strlen (path) + 1);

  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    return FALSE;
  ret = connect (fd, (struct sockaddr *) &addr, sizeof addr);
  errsv = errno;
  close (fd);
  /* EAGAIN: the backlog is full, but someone listens. */
  return ret == 0 || errsv == EAGAIN;
}
