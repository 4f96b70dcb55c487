/* bridge-service-listen.c: a service listening for any number of hosts
 *
 * Three ways in: systemd socket activation (the listening socket passed
 * as fd 3 with LISTEN_FDS=1 and LISTEN_PID, sd_listen_fds(3)); otherwise
 * the runtime socket, $XDG_RUNTIME_DIR/libbridge/<name>.sock, bound here.
 * Once listening, the service tells whoever started it, if they asked
 * through $NOTIFY_SOCKET (sd_notify(3)'s protocol: one datagram,
 * "READY=1"): systemd for a Type=notify unit, `bridgectl start`, a host
 * starting a shared instance. Both protocols are a few lines, done here
 * rather than by linking libsystemd.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-error.h"
#include "bridge-runtime-dir-private.h"
#include "bridge-service-private.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>

#define LISTEN_BACKLOG 64
/* sd_listen_fds(3): passed fds start at 3. */
#define LISTEN_FDS_START 3

static void
watch_listener (BridgeService *self, GSocket *listener)
{
  g_socket_set_blocking (listener, FALSE);
  self->listener = g_object_ref (listener);
  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (bridge_service_on_incoming), self, NULL);
  g_source_set_static_name (self->accept_source, "[libbridge] service accept");
  g_source_attach (self->accept_source, self->context);
}

static gboolean
listen_on_runtime_socket (BridgeService *self, GError **error)
{
  g_autofree char *path = bridge_runtime_socket_path (self->name);
  g_autofree char *tmp = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GSocket) listener = NULL;
  struct stat st;

  if (!bridge_runtime_dir_ensure (error))
    return FALSE;
  if (strlen (path) >= sizeof (((struct sockaddr_un *) NULL)->sun_path) - 16)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED, "%s is too long a socket path", path);
      return FALSE;
    }

  if (lstat (path, &st) == 0)
    {
      if (!S_ISSOCK (st.st_mode))
        {
          g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED,
                       "%s exists and is not a socket; not touching it", path);
          return FALSE;
        }
      if (bridge_runtime_socket_answers (path))
        {
          g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED,
                       "another instance of %s already listens on %s", self->name, path);
          return FALSE;
        }
      /* Only the file found stale: another instance may have linked its
       * live socket into place meanwhile. */
      struct stat now;
      if (lstat (path, &now) == 0 && now.st_dev == st.st_dev && now.st_ino == st.st_ino)
        {
          g_debug ("service %s: removing stale socket %s", self->name, path);
          unlink (path);
        }
    }

  /* Bind and listen under a private name, then link it into place: a host
   * never finds the socket before it accepts, which it would take for a
   * stale one, and two instances starting at once cannot both win. */
  tmp = g_strdup_printf ("%s.%d.tmp", path, (int) getpid ());
  unlink (tmp);
  listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (listener == NULL)
    return FALSE;
  address = g_unix_socket_address_new (tmp);
  g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  if (!g_socket_bind (listener, address, FALSE, error))
    {
      g_prefix_error (error, "%s: ", tmp);
      return FALSE;
    }
  if (chmod (tmp, 0600) != 0 || !g_socket_listen (listener, error) || link (tmp, path) != 0
      || lstat (path, &st) != 0)
    {
      int errsv = errno;

      if (error != NULL && *error == NULL)
        g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED, "cannot listen on %s: %s", path,
                     errsv == EEXIST ? "another instance got there first" : g_strerror (errsv));
      unlink (tmp);
      return FALSE;
    }
  unlink (tmp);

  self->socket_path = g_steal_pointer (&path);
  self->socket_dev = st.st_dev;
  self->socket_ino = st.st_ino;
  watch_listener (self, listener);
  g_debug ("service %s: listening on %s", self->name, self->socket_path);
  return TRUE;
}

void
bridge_service_stop_listening (BridgeService *self)
{
  struct stat st;

  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
  if (self->listener != NULL)
    {
      g_socket_close (self->listener, NULL);
      g_clear_object (&self->listener);
    }
  /* Only remove the socket if it is still ours. */
  if (self->socket_path != NULL && lstat (self->socket_path, &st) == 0 && st.st_dev == self->socket_dev
      && st.st_ino == self->socket_ino)
    unlink (self->socket_path);
  g_clear_pointer (&self->socket_path, g_free);
}

/* Socket activation: LISTEN_PID names us and LISTEN_FDS is 1; the fd
 * must be a listening Unix stream socket. Returns FALSE with @error unset
 * when nothing was passed. */
static gboolean
adopt_listen_fd (BridgeService *self, const char *listen_pid, const char *listen_fds, GError **error)
{
  g_autoptr (GSocket) listener = NULL;
  int accepting = 0;
  socklen_t len = sizeof accepting;

  if (listen_pid == NULL || listen_fds == NULL || g_ascii_strtoll (listen_pid, NULL, 10) != getpid ())
    return FALSE;
  if (g_strcmp0 (listen_fds, "1") != 0)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED,
                   "LISTEN_FDS=%s: a plugin listens on one socket; give it exactly one", listen_fds);
      return FALSE;
    }
  listener = g_socket_new_from_fd (LISTEN_FDS_START, error);
  if (listener == NULL)
    {
      g_prefix_error (error, "LISTEN_FDS: fd %d: ", LISTEN_FDS_START);
      return FALSE;
    }
  if (g_socket_get_family (listener) != G_SOCKET_FAMILY_UNIX
      || g_socket_get_socket_type (listener) != G_SOCKET_TYPE_STREAM
      || getsockopt (LISTEN_FDS_START, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0 || !accepting)
    {
      g_set_error (
          error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED,
          "LISTEN_FDS: fd %d is not a listening Unix stream socket (ListenStream= in the .socket unit)",
          LISTEN_FDS_START);
      return FALSE;
    }
  /* systemd owns the socket file: never removed by us. */
  watch_listener (self, listener);
  g_debug ("service %s: listening on the socket systemd passed", self->name);
  return TRUE;
}

/* sd_notify(3): "READY=1" to the datagram socket at $NOTIFY_SOCKET (a
 * path, or an abstract name after '@'). Best effort: a starter that
 * asked and is gone is no reason to fail. */
static void
notify_ready (BridgeService *self, const char *notify_socket)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  gsize len = notify_socket != NULL ? strlen (notify_socket) : 0;
  g_autofree char *message = NULL;
  int fd;

  if (len == 0)
    return;
  if ((notify_socket[0] != '/' && notify_socket[0] != '@') || len >= sizeof addr.sun_path)
    {
      g_warning ("service %s: NOTIFY_SOCKET=%s is not a socket path; not telling anyone it is ready",
                 self->name, notify_socket);
      return;
    }
  memcpy (addr.sun_path, notify_socket, len);
  if (addr.sun_path[0] == '@')
    addr.sun_path[0] = '\0';
  message
      = g_strdup_printf ("READY=1\nMAINPID=%d\nSTATUS=%s listening%s%s", (int) getpid (), self->name,
                         self->socket_path != NULL ? " on " : "", self->socket_path ? self->socket_path : "");
  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0
      || sendto (fd, message, strlen (message), MSG_NOSIGNAL, (struct sockaddr *) &addr,
                 (socklen_t) (offsetof (struct sockaddr_un, sun_path) + len))
             < 0)
    g_debug ("service %s: telling %s it is ready: %s", self->name, notify_socket, g_strerror (errno));
  if (fd >= 0)
    close (fd);
}

gboolean
bridge_service_listen (BridgeService *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean ok;

  ok = adopt_listen_fd (self, self->listen_pid, self->listen_fds, &local_error);
  if (!ok && local_error == NULL)
    ok = listen_on_runtime_socket (self, &local_error);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  notify_ready (self, self->notify_socket);
  return TRUE;
}
