/* bridge-activation.c: reach a plugin, by its live socket or by starting it
 *
 * The registry's bridge_registry_connect_async() in detail
 * (docs/PROTOCOL.md, 10.3 and 10.4): try the live instance's socket, else
 * start the program on a socketpair, handshake, check the interfaces, and
 * look after the started process for as long as it runs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-connection-private.h"
#include "bridge-error.h"
#include "bridge-peer-exit-private.h"
#include "bridge-plugin-log-private.h"
#include "bridge-plugin-info-private.h"
#include "bridge-activation-private.h"
#include "bridge-service.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>

#define CHILD_KEY "bridge-activation-child"
/* How long a started plugin may outlive its connection. */
#define EXIT_GRACE_MS 2000
/* A live instance whose listen backlog is full (a flood of connections)
 * is tried again this often, this many times: it keeps accepting, and
 * lets the oldest silent connections go (docs/PROTOCOL.md section 9). */
#define BUSY_RETRY_MS 10
#define BUSY_RETRIES 200

/* Started plugins ------------------------------------------------------ */

/* A plugin process started for a connection, looked after in the
 * connection's main context: when the connection closes or goes, the
 * plugin has EXIT_GRACE_MS to exit by itself, then it is killed. GIO's
 * worker thread reaps it whatever happens to our contexts. */
typedef struct
{
  GSubprocess *proc;
  char *name;
  GMainContext *home;
  GSource *grace;
  gboolean exited;
} Child;

static Child *
child_ref (Child *child)
{
  return g_atomic_rc_box_acquire (child);
}

static void
child_clear (Child *child)
{
  g_assert (child->grace == NULL);
  g_clear_object (&child->proc);
  g_free (child->name);
  g_main_context_unref (child->home);
}

static void
child_unref (Child *child)
{
  g_atomic_rc_box_release_full (child, (GDestroyNotify) child_clear);
}

static void
on_child_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Child *child = user_data;
  g_autofree char *how = NULL;

  /* Never cancelled, so it cannot fail. */
  g_subprocess_wait_finish (child->proc, result, NULL);
  child->exited = TRUE;
  if (child->grace != NULL)
    {
      g_source_destroy (child->grace);
      g_clear_pointer (&child->grace, g_source_unref);
    }
  how = bridge_describe_exit (child->proc);
  g_debug ("activation: plugin %s (pid %s) %s", child->name, g_subprocess_get_identifier (child->proc), how);
  child_unref (child);
}

static Child *
child_new (GSubprocess *proc, const char *name, GMainContext *home)
{
  Child *child = g_atomic_rc_box_new0 (Child);

  child->proc = g_object_ref (proc);
  child->name = g_strdup (name);
  child->home = g_main_context_ref (home);
  g_main_context_push_thread_default (home);
  g_subprocess_wait_async (proc, NULL, on_child_exited, child_ref (child));
  g_main_context_pop_thread_default (home);
  return child;
}

static gboolean
on_grace_expired (gpointer user_data)
{
  Child *child = user_data;

  g_debug ("activation: plugin %s (pid %s) outlived its connection by %d ms; killing it", child->name,
           g_subprocess_get_identifier (child->proc), EXIT_GRACE_MS);
  g_subprocess_force_exit (child->proc);
  g_clear_pointer (&child->grace, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
child_start_grace (Child *child)
{
  if (child->exited || child->grace != NULL)
    return;
  child->grace = g_timeout_source_new (EXIT_GRACE_MS);
  g_source_set_callback (child->grace, on_grace_expired, child_ref (child), (GDestroyNotify) child_unref);
  g_source_set_static_name (child->grace, "[libbridge] plugin exit grace");
  g_source_attach (child->grace, child->home);
}

static void
on_connection_closed (BridgeConnection *connection,
                      BridgeCloseReason reason,
                      const char *message,
                      gpointer user_data)
{
  child_start_grace (user_data);
}

/* Object data destroy notify: the connection is being finalized. */
static void
child_release (gpointer data)
{
  child_start_grace (data);
  child_unref (data);
}

GSubprocess *
bridge_registry_get_subprocess (BridgeConnection *connection)
{
  Child *child;

  g_return_val_if_fail (BRIDGE_IS_CONNECTION (connection), NULL);
  child = g_object_get_data (G_OBJECT (connection), CHILD_KEY);
  return child != NULL ? child->proc : NULL;
}

/* Connecting ----------------------------------------------------------- */

typedef struct
{
  BridgePluginInfo *info;
  BridgeConnectFlags flags;
  GMainContext *home;
  gboolean sync;
  char *socket_path;
  char *live_note;   /* why no live instance was used */
  struct stat tried; /* the socket file we tried */
  GSocket *socket;   /* connecting to a live instance */
  GSource *connect_source;
  guint busy_retries; /* the live instance's backlog was full */
  BridgeConnection *connection;
  GSubprocess *proc; /* the plugin we started */
  GCancellable *wait_cancellable;
  GSource *kill_source;    /* after a failed handshake */
  GError *handshake_error; /* kept until the failed plugin is reaped */
  gboolean returned;
  gboolean shared_started; /* BRIDGE_CONNECT_FLAGS_SHARED: tried once */
  GError *shared_error;    /* why the shared instance did not listen */
} ConnectData;

static void
connect_data_free (gpointer data)
{
  ConnectData *cd = data;

  g_object_unref (cd->info);
  g_main_context_unref (cd->home);
  g_free (cd->socket_path);
  g_free (cd->live_note);
  bridge_clear_source (&cd->connect_source);
  bridge_clear_source (&cd->kill_source);
  g_clear_object (&cd->socket);
  g_clear_object (&cd->connection);
  g_clear_object (&cd->proc);
  g_clear_object (&cd->wait_cancellable);
  g_clear_error (&cd->handshake_error);
  g_clear_error (&cd->shared_error);
  g_free (cd);
}

static const char *
plugin_name (ConnectData *cd)
{
  return bridge_plugin_info_get_name (cd->info);
}

static const char *
plugin_program (ConnectData *cd)
{
  return bridge_plugin_info_get_argv (cd->info)[0];
}

/* The only ways out: the task returns exactly once, and whatever was
 * waiting on its behalf stops. */
static void
connect_finish_common (ConnectData *cd)
{
  g_assert (!cd->returned);
  cd->returned = TRUE;
  if (cd->wait_cancellable != NULL)
    g_cancellable_cancel (cd->wait_cancellable);
  bridge_clear_source (&cd->connect_source);
  bridge_clear_source (&cd->kill_source);
}

static void
connect_return_error (GTask *task, GError *error)
{
  ConnectData *cd = g_task_get_task_data (task);

  connect_finish_common (cd);
  if (cd->connection != NULL)
    bridge_connection_close (cd->connection);
  g_task_return_error (task, error);
}

static void
connect_return_connection (GTask *task)
{
  ConnectData *cd = g_task_get_task_data (task);

  connect_finish_common (cd);
  g_task_return_pointer (task, g_object_ref (cd->connection), g_object_unref);
}

/* The plugin we started ended while we were still connecting. */
static void
on_connect_child_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  ConnectData *cd = g_task_get_task_data (task);
  g_autofree char *how = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL) || cd->returned)
    return;

  how = bridge_describe_exit (cd->proc);
  if (cd->handshake_error != NULL)
    connect_return_error (task,
                          g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED,
                                       "plugin %s (%s) failed the handshake (%s) and %s", plugin_name (cd),
                                       plugin_program (cd), cd->handshake_error->message, how));
  else
    connect_return_error (task, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED,
                                             "plugin %s (%s) %s before the handshake finished",
                                             plugin_name (cd), plugin_program (cd), how));
}

static gboolean
on_kill_failed_plugin (gpointer user_data)
{
  ConnectData *cd = user_data;

  g_debug ("activation: plugin %s failed its handshake and did not exit; killing it", plugin_name (cd));
  g_subprocess_force_exit (cd->proc);
  g_clear_pointer (&cd->kill_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
handshake_result (GTask *task, gboolean ok, GError *error)
{
  ConnectData *cd = g_task_get_task_data (task);
  const char *const *wanted;

  if (cd->returned)
    return;

  if (!ok)
    {
      if (cd->proc != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Most likely the plugin died or is no plugin at all: report how
           * it ended once it is reaped, killing it if it lingers. */
          cd->handshake_error = g_error_copy (error);
          bridge_connection_close (cd->connection);
          cd->kill_source = g_timeout_source_new (EXIT_GRACE_MS);
          g_source_set_callback (cd->kill_source, on_kill_failed_plugin, cd, NULL);
          g_source_attach (cd->kill_source, g_task_get_context (task));
          return;
        }
      connect_return_error (
          task, g_error_new (error->domain, error->code, "plugin %s at %s: %s", plugin_name (cd),
                             cd->proc != NULL ? plugin_program (cd) : cd->socket_path, error->message));
      return;
    }

  /* The manifest promised these; a peer that does not keep the promise is
   * the wrong program, or someone else's socket. */
  wanted = bridge_plugin_info_get_interfaces (cd->info);
  for (guint i = 0; wanted[i] != NULL; i++)
    {
      if (!bridge_connection_peer_implements (cd->connection, wanted[i]))
        {
          const char *path = bridge_plugin_info_get_path (cd->info);

          connect_return_error (task,
                                g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_UNKNOWN_INTERFACE,
                                             "plugin %s does not implement %s, which its "
                                             "manifest %s lists",
                                             plugin_name (cd), wanted[i], path != NULL ? path : "(no file)"));
          return;
        }
    }

  g_debug ("activation: connected to plugin %s (%s, pid %d)", plugin_name (cd),
           cd->proc != NULL ? "started" : "live", bridge_connection_get_peer_pid (cd->connection));
  connect_return_connection (task);
}

static void
on_handshake_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  ok = bridge_connection_handshake_finish (BRIDGE_CONNECTION (source), result, &error);
  handshake_result (task, ok, error);
}

static void
start_handshake (GTask *task)
{
  ConnectData *cd = g_task_get_task_data (task);
  const char *name = g_get_prgname ();

  bridge_connection_set_name (cd->connection, name != NULL ? name : "libbridge-host");
  if (cd->sync)
    {
      /* The connection's context is not being iterated: let the handshake
       * read the socket itself. */
      g_autoptr (GError) error = NULL;
      gboolean ok = bridge_connection_handshake_sync (cd->connection, g_task_get_cancellable (task), &error);
      handshake_result (task, ok, error);
      return;
    }
  bridge_connection_handshake_async (cd->connection, g_task_get_cancellable (task), on_handshake_done,
                                     g_object_ref (task));
}

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
child_setup (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  /* Die with the host. PDEATHSIG fires when the thread that forked us
   * exits; if the host is already gone, it would never fire. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    raise (SIGTERM);
  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

static void
start_plugin (GTask *task)
{
  ConnectData *cd = g_task_get_task_data (task);
  const char *const *argv = bridge_plugin_info_get_argv (cd->info);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  Child *child;
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int errsv = errno;
      connect_return_error (task, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED,
                                               "cannot start plugin %s: socketpair: %s", plugin_name (cd),
                                               g_strerror (errsv)));
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  g_subprocess_launcher_setenv (launcher, BRIDGE_FD_ENV, "3", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, GINT_TO_POINTER (getpid ()), NULL);
  cd->proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  /* Drop our copy of the plugin's end now, or we would never see the
   * plugin hang up. */
  g_subprocess_launcher_close (launcher);
  if (cd->proc == NULL)
    {
      close (fds[0]);
      connect_return_error (task, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED,
                                               "cannot start plugin %s (%s): %s", plugin_name (cd), argv[0],
                                               error->message));
      return;
    }
  g_debug ("activation: started plugin %s as pid %s", plugin_name (cd),
           g_subprocess_get_identifier (cd->proc));
  bridge_plugin_log_follow (g_subprocess_get_stderr_pipe (cd->proc), plugin_name (cd),
                            g_subprocess_get_identifier (cd->proc));

  /* Two watches: the child's own, for its whole life in the connection's
   * context, and ours, to fail the connect if it dies before the
   * handshake. */
  child = child_new (cd->proc, plugin_name (cd), cd->home);
  cd->wait_cancellable = g_cancellable_new ();
  g_main_context_push_thread_default (g_task_get_context (task));
  g_subprocess_wait_async (cd->proc, cd->wait_cancellable, on_connect_child_exited, g_object_ref (task));
  g_main_context_pop_thread_default (g_task_get_context (task));

  g_main_context_push_thread_default (cd->home);
  cd->connection = bridge_connection_new_for_fd (fds[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  g_main_context_pop_thread_default (cd->home);
  if (cd->connection == NULL)
    {
      child_start_grace (child);
      child_unref (child);
      connect_return_error (task,
                            g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED,
                                         "cannot start plugin %s: %s", plugin_name (cd), error->message));
      return;
    }
  /* SO_PEERCRED on a socketpair names whoever created the pair: us. The
   * peer is the process we just started. */
  bridge_connection_set_peer_process (cd->connection, cd->proc);
  g_signal_connect (cd->connection, "closed", G_CALLBACK (on_connection_closed), child);
  g_object_set_data_full (G_OBJECT (cd->connection), CHILD_KEY, child, child_release);
  start_handshake (task);
}

/* No live instance to use: start one, unless told not to. */
static void try_live (GTask *task);

/* The shared instance listens, or ended (another one may have won the
 * socket): either way, the socket is tried again, once. */
static void
on_shared_started (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  ConnectData *cd = g_task_get_task_data (task);

  if (!bridge_activation_start_shared_finish (result, &cd->shared_error))
    g_debug ("activation: %s; trying its socket anyway", cd->shared_error->message);
  g_clear_pointer (&cd->live_note, g_free);
  try_live (task);
}

static void
start_or_fail (GTask *task)
{
  ConnectData *cd = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    connect_return_error (task, g_steal_pointer (&error));
  else if (cd->flags & BRIDGE_CONNECT_FLAGS_NO_START)
    connect_return_error (task,
                          g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND,
                                       "no live instance of plugin %s: %s", plugin_name (cd), cd->live_note));
  else if ((cd->flags & BRIDGE_CONNECT_FLAGS_SHARED) && !cd->shared_started)
    {
      cd->shared_started = TRUE;
      bridge_activation_start_shared (cd->info, g_task_get_cancellable (task), on_shared_started,
                                      g_object_ref (task));
    }
  else if (cd->flags & BRIDGE_CONNECT_FLAGS_SHARED)
    connect_return_error (task, cd->shared_error != NULL
                                    ? g_error_copy (cd->shared_error)
                                    : g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED,
                                                   "plugin %s, started to be shared, cannot be reached: %s",
                                                   plugin_name (cd), cd->live_note));
  else
    start_plugin (task);
}

static void
live_connected (GTask *task)
{
  ConnectData *cd = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  g_main_context_push_thread_default (cd->home);
  cd->connection = bridge_connection_new (cd->socket, BRIDGE_CONNECTION_FLAGS_NONE, &error);
  g_main_context_pop_thread_default (cd->home);
  /* The connection has its own duplicate of the fd. */
  g_socket_close (cd->socket, NULL);
  g_clear_object (&cd->socket);
  if (cd->connection == NULL)
    {
      connect_return_error (task, g_error_new (error->domain, error->code, "plugin %s at %s: %s",
                                               plugin_name (cd), cd->socket_path, error->message));
      return;
    }
  start_handshake (task);
}

/* Nobody answered. Refused or vanished means the instance that made the
 * socket is gone: remove the file, if it is still the one we tried, so
 * the next host does not trip over it either. */
static void
live_failed (GTask *task, GError *error)
{
  ConnectData *cd = g_task_get_task_data (task);
  struct stat st;

  g_clear_object (&cd->socket);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      if (lstat (cd->socket_path, &st) == 0 && S_ISSOCK (st.st_mode) && st.st_dev == cd->tried.st_dev
          && st.st_ino == cd->tried.st_ino && unlink (cd->socket_path) == 0)
        g_debug ("activation: removed stale socket %s (%s)", cd->socket_path, error->message);
      cd->live_note = g_strdup_printf ("%s was stale (%s); removed it", cd->socket_path, error->message);
    }
  else
    {
      g_debug ("activation: cannot connect to %s: %s", cd->socket_path, error->message);
      cd->live_note = g_strdup_printf ("cannot connect to %s: %s", cd->socket_path, error->message);
    }
  start_or_fail (task);
}

static gboolean
on_live_writable (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  GTask *task = user_data;
  ConnectData *cd = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&cd->connect_source, g_source_unref);
  if (g_socket_check_connect_result (socket, &error))
    live_connected (task);
  else
    live_failed (task, error);
  return G_SOURCE_REMOVE;
}

static gboolean
on_busy_retry (gpointer user_data)
{
  GTask *task = user_data;
  ConnectData *cd = g_task_get_task_data (task);

  g_clear_pointer (&cd->connect_source, g_source_unref);
  try_live (task);
  return G_SOURCE_REMOVE;
}

static void
try_live (GTask *task)
{
  ConnectData *cd = g_task_get_task_data (task);
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;

  if (lstat (cd->socket_path, &cd->tried) != 0)
    {
      int errsv = errno;
      cd->live_note = g_strdup_printf ("%s: %s", cd->socket_path, g_strerror (errsv));
      start_or_fail (task);
      return;
    }
  /* Never follow a symlink nor talk to what is not a socket of ours: in a
   * private directory such a thing is an accident or an attack. Leave it
   * for a human to look at. */
  if (!S_ISSOCK (cd->tried.st_mode) || cd->tried.st_uid != getuid ())
    {
      g_debug ("activation: %s is not a socket of ours (mode 0%o, uid %u); ignoring it", cd->socket_path,
               (guint) cd->tried.st_mode, (guint) cd->tried.st_uid);
      cd->live_note = g_strdup_printf ("%s is not a socket of ours; ignored it", cd->socket_path);
      start_or_fail (task);
      return;
    }
  if (strlen (cd->socket_path) >= sizeof (((struct sockaddr_un *) NULL)->sun_path))
    {
      cd->live_note = g_strdup_printf ("%s is too long for a socket path", cd->socket_path);
      start_or_fail (task);
      return;
    }

  cd->socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  if (cd->socket == NULL)
    {
      live_failed (task, error);
      return;
    }
  g_socket_set_blocking (cd->socket, FALSE);
  address = g_unix_socket_address_new (cd->socket_path);
  if (g_socket_connect (cd->socket, address, NULL, &error))
    {
      live_connected (task);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      cd->connect_source = g_socket_create_source (cd->socket, G_IO_OUT, NULL);
      g_source_set_callback (cd->connect_source, G_SOURCE_FUNC (on_live_writable), g_object_ref (task),
                             g_object_unref);
      g_source_attach (cd->connect_source, g_task_get_context (task));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) && cd->busy_retries < BUSY_RETRIES)
    {
      /* EAGAIN: the backlog is full. A Unix socket says nothing when it
       * has room again, so ask again shortly. */
      if (cd->busy_retries++ == 0)
        g_debug ("activation: %s is busy (%s); trying again", cd->socket_path, error->message);
      g_clear_object (&cd->socket);
      cd->connect_source = g_timeout_source_new (BUSY_RETRY_MS);
      g_source_set_callback (cd->connect_source, on_busy_retry, g_object_ref (task), g_object_unref);
      g_source_attach (cd->connect_source, g_task_get_context (task));
    }
  else
    {
      live_failed (task, error);
    }
}

void
bridge_activation_connect (GObject *source_object,
                           BridgePluginInfo *info,
                           const char *socket_path,
                           BridgeConnectFlags flags,
                           GMainContext *home,
                           gboolean sync,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  ConnectData *cd = g_new0 (ConnectData, 1);

  g_task_set_source_tag (task, bridge_activation_connect);
  cd->info = g_object_ref (info);
  cd->flags = flags;
  cd->home = g_main_context_ref (home);
  cd->sync = sync;
  cd->socket_path = g_strdup (socket_path);
  g_task_set_task_data (task, cd, connect_data_free);

  if ((flags & BRIDGE_CONNECT_FLAGS_NEW_INSTANCE) && (flags & BRIDGE_CONNECT_FLAGS_SHARED))
    connect_return_error (task,
                          g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                       "NEW_INSTANCE and SHARED contradict each other: a fresh instance "
                                       "is this host's own"));
  else if (flags & BRIDGE_CONNECT_FLAGS_NEW_INSTANCE)
    start_plugin (task);
  else
    try_live (task);
}
