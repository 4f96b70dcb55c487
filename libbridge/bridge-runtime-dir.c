/* bridge-runtime-dir.c: probing the live sockets under
 * $XDG_RUNTIME_DIR/libbridge (docs/PROTOCOL.md 10.3)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-runtime-dir-private.h"

#include <gio/gio.h>

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

char *
bridge_runtime_dir (void)
{
  const char *base = g_getenv ("XDG_RUNTIME_DIR");

  if (base == NULL || base[0] == '\0')
    base = g_get_user_runtime_dir ();
  return g_build_filename (base, "libbridge", NULL);
}

char *
bridge_runtime_socket_path (const char *name)
{
  g_autofree char *dir = bridge_runtime_dir ();
  g_autofree char *file = g_strconcat (name, ".sock", NULL);

  return g_build_filename (dir, file, NULL);
}

gboolean
bridge_runtime_dir_ensure (GError **error)
{
  g_autofree char *dir = bridge_runtime_dir ();
  struct stat st;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "cannot create %s: %s", dir,
                   g_strerror (errsv));
      return FALSE;
    }
  if (lstat (dir, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, "%s is not a directory", dir);
      return FALSE;
    }
  if (st.st_uid != getuid ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s belongs to uid %u, not to us", dir,
                   (guint) st.st_uid);
      return FALSE;
    }
  if ((st.st_mode & 0777) != 0700 && chmod (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "cannot chmod %s: %s", dir,
                   g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}
