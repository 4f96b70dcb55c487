/* bridgectl-start.c: bridgectl start, a plugin instance that listens on
 * its runtime socket for any number of hosts (docs/PROTOCOL.md 10.3)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridgectl.h"

#include <gio/gunixsocketaddress.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* PROTOCOL.md section 10.4: 2 s to exit, then it is killed. */
#define STOP_GRACE_S 2

static int start_timeout_s = 10;

static const GOptionEntry entries[] = {
  { "timeout", 't', 0, G_OPTION_ARG_INT, &start_timeout_s,
    "Seconds to wait for the plugin to listen (default 10)", "SECONDS" },
  G_OPTION_ENTRY_NULL,
};

static int run (int argc, char **argv);

const BridgectlCommand bridgectl_start_command = {
  "start",
  "PLUGIN",
  "Start a plugin that listens on its socket in $XDG_RUNTIME_DIR/libbridge,\n"
  "so that hosts (and other bridgectl commands) connect to it instead of\n"
  "starting their own. Stays in the foreground; Ctrl-C stops the plugin.",
  run,
};

typedef enum
{
  STATE_STARTING,
  STATE_LISTENING,
  STATE_STOPPING,
} State;

typedef struct
{
  GMainLoop *loop;
  BridgeRegistry *registry;
  BridgePluginInfo *info;
  GSubprocess *proc;
  State state;
  GSocket *notify; /* where the plugin says READY=1 (sd_notify(3)) */
  GSource *notify_source;
  guint ready_timeout_id;
  guint kill_id;
  int status;
} Start;

/* The manifest's Exec line as docs/PROTOCOL.md 10.1 says to read it: split
 * as a shell would, a relative program path anchored at the manifest's
 * folder, a bare name left to PATH. */
static char **
exec_argv (BridgePluginInfo *info, GError **error)
{
  g_auto (GStrv) argv = NULL;

  if (!g_shell_parse_argv (bridge_plugin_info_get_exec (info), NULL, &argv, error))
    {
      g_prefix_error (error, "%s: Exec: ", bridge_plugin_info_get_path (info));
      return NULL;
    }
  if (!g_path_is_absolute (argv[0]) && strchr (argv[0], '/') != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (bridge_plugin_info_get_path (info));
      g_autofree char *joined = g_build_filename (dir, argv[0], NULL);

      g_free (argv[0]);
      argv[0] = g_canonicalize_filename (joined, NULL);
    }
  return g_steal_pointer (&argv);
}

/* Between fork and exec: the plugin goes when we go, even if we are
 * killed without a chance to stop it, and can never gain privileges, as a
 * plugin libbridge starts (PROTOCOL.md section 10.4). */
static void
child_setup (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    raise (SIGTERM);
}

static char *
describe_exit (GSubprocess *proc)
{
  if (g_subprocess_get_if_exited (proc))
    return g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (proc));
  return g_strdup_printf ("was killed by signal %d (%s)", g_subprocess_get_term_sig (proc),
                          g_strsignal (g_subprocess_get_term_sig (proc)));
}

static void
on_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Start *start = user_data;
  const char *name = bridge_plugin_info_get_name (start->info);
  g_autofree char *how = NULL;

  g_subprocess_wait_finish (start->proc, result, NULL);
  how = describe_exit (start->proc);
  switch (start->state)
    {
      case STATE_STARTING:
        bridgectl_printerr ("%s %s before it listened on its socket", name, how);
        start->status = BRIDGECTL_EXIT_FAILURE;
        break;
      case STATE_LISTENING:
        bridgectl_printerr ("%s %s", name, how);
        start->status = g_subprocess_get_successful (start->proc) ? 0 : BRIDGECTL_EXIT_FAILURE;
        break;
      case STATE_STOPPING:
        /* We asked it to go: a clean exit (or SIGTERM itself) is success. */
        if (!g_subprocess_get_successful (start->proc)
            && !(g_subprocess_get_if_signaled (start->proc)
                 && g_subprocess_get_term_sig (start->proc) == SIGTERM))
          start->status = BRIDGECTL_EXIT_FAILURE;
        break;
    }
  g_main_loop_quit (start->loop);
}

static gboolean
on_kill (gpointer user_data)
{
  Start *start = user_data;

  start->kill_id = 0;
  bridgectl_printerr ("%s did not stop within %d s; killing it", bridge_plugin_info_get_name (start->info),
                      STOP_GRACE_S);
  g_subprocess_force_exit (start->proc);
  start->status = BRIDGECTL_EXIT_FAILURE;
  return G_SOURCE_REMOVE;
}

static void
stop_waiting (Start *start)
{
  g_clear_handle_id (&start->ready_timeout_id, g_source_remove);
  if (start->notify_source != NULL)
    {
      g_source_destroy (start->notify_source);
      g_clear_pointer (&start->notify_source, g_source_unref);
    }
}

static void
stop (Start *start, int status)
{
  if (start->state == STATE_STOPPING)
    return;
  start->state = STATE_STOPPING;
  start->status = status;
  stop_waiting (start);
  g_subprocess_send_signal (start->proc, SIGTERM);
  start->kill_id = g_timeout_add_seconds (STOP_GRACE_S, on_kill, start);
}

static gboolean
on_interrupt (gpointer user_data)
{
  stop (user_data, 0);
  return G_SOURCE_CONTINUE;
}

static void become_listening (Start *start);

static gboolean
on_ready_timeout (gpointer user_data)
{
  Start *start = user_data;

  start->ready_timeout_id = 0;
  /* READY=1 is a SHOULD (PROTOCOL.md 10.3): a plugin that listens without
   * saying so is still listening. */
  if (bridge_registry_is_live (start->registry, start->info))
    {
      become_listening (start);
      return G_SOURCE_REMOVE;
    }
  bridgectl_printerr ("%s did not listen on its socket within %d s; stopping it",
                      bridge_plugin_info_get_name (start->info), start_timeout_s);
  stop (start, BRIDGECTL_EXIT_FAILURE);
  return G_SOURCE_REMOVE;
}

/* The plugin said READY=1 on the notify socket: it listens. */
static gboolean
on_notify (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  Start *start = user_data;
  char buffer[1024];
  gssize n = g_socket_receive (socket, buffer, sizeof buffer - 1, NULL, NULL);
  g_autofree char *path = NULL;

  if (n < 0)
    return G_SOURCE_CONTINUE;
  buffer[n] = '\0';
  if (!g_str_has_prefix (buffer, "READY=1") && strstr (buffer, "\nREADY=1") == NULL)
    return G_SOURCE_CONTINUE;

  become_listening (start);
  return G_SOURCE_REMOVE;
}

static void
become_listening (Start *start)
{
  g_autofree char *path = bridge_registry_get_socket_path (start->registry, start->info);

  stop_waiting (start);
  start->state = STATE_LISTENING;
  g_print ("%s listening on %s (pid %s); Ctrl-C stops it\n", bridge_plugin_info_get_name (start->info), path,
           g_subprocess_get_identifier (start->proc));
  fflush (stdout);
}

/* A datagram socket in a folder only we can enter, for the plugin to say
 * it is ready on (bridge_service_run() does, once it listens). */
static GSocket *
notify_socket_new (char **dir, char **path, GError **error)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) address = NULL;

  *dir = g_dir_make_tmp ("bridgectl-start-XXXXXX", error);
  if (*dir == NULL)
    return NULL;
  *path = g_build_filename (*dir, "notify", NULL);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  address = g_unix_socket_address_new (*path);
  if (socket == NULL || !g_socket_bind (socket, address, FALSE, error))
    {
      g_rmdir (*dir);
      return NULL;
    }
  g_socket_set_blocking (socket, FALSE);
  return g_steal_pointer (&socket);
}

static int
run (int argc, char **argv)
{
  g_autoptr (BridgeRegistry) registry = NULL;
  g_autoptr (BridgePluginInfo) info = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) plugin_argv = NULL;
  g_autoptr (GSocket) notify = NULL;
  g_autofree char *notify_dir = NULL;
  g_autofree char *notify_path = NULL;
  Start start = { 0 };
  guint sigint_id, sigterm_id;
  int status = 0;

  if (!bridgectl_parse_options (&bridgectl_start_command, entries, FALSE, &argc, &argv, &status))
    return status;
  if (!bridgectl_check_arguments (&bridgectl_start_command, argc, argv, 1, 1))
    return BRIDGECTL_EXIT_USAGE;
  if (start_timeout_s <= 0)
    {
      bridgectl_printerr ("start: --timeout must be positive, not %d", start_timeout_s);
      return BRIDGECTL_EXIT_USAGE;
    }

  registry = bridge_registry_new ();
  info = bridgectl_find_plugin (registry, argv[1], &error);
  if (info == NULL)
    {
      bridgectl_print_error (error);
      return BRIDGECTL_EXIT_FAILURE;
    }
  if (bridge_registry_is_live (registry, info))
    {
      g_autofree char *path = bridge_registry_get_socket_path (registry, info);

      bridgectl_printerr ("%s is already running: an instance listens on %s",
                          bridge_plugin_info_get_name (info), path);
      return BRIDGECTL_EXIT_FAILURE;
    }
  plugin_argv = exec_argv (info, &error);
  if (plugin_argv == NULL)
    {
      bridgectl_print_error (error);
      return BRIDGECTL_EXIT_FAILURE;
    }

  notify = notify_socket_new (&notify_dir, &notify_path, &error);
  if (notify == NULL)
    {
      bridgectl_printerr ("cannot make a socket for %s to say it is ready on: %s",
                          bridge_plugin_info_get_name (info), error->message);
      return BRIDGECTL_EXIT_FAILURE;
    }

  /* Without LIBBRIDGE_FD a plugin started by hand listens
   * (docs/PROTOCOL.md 10.3); ours must not look activated. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_unsetenv (launcher, BRIDGE_FD_ENV);
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", notify_path, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, GINT_TO_POINTER (getpid ()), NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) plugin_argv, &error);
  if (proc == NULL)
    {
      bridgectl_printerr ("cannot start %s (%s): %s", bridge_plugin_info_get_name (info), plugin_argv[0],
                          error->message);
      g_unlink (notify_path);
      g_rmdir (notify_dir);
      return BRIDGECTL_EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  start.loop = loop;
  start.registry = registry;
  start.info = info;
  start.proc = proc;
  start.state = STATE_STARTING;
  start.notify = notify;
  start.notify_source = g_socket_create_source (notify, G_IO_IN, NULL);
  g_source_set_callback (start.notify_source, G_SOURCE_FUNC (on_notify), &start, NULL);
  g_source_attach (start.notify_source, NULL);
  start.ready_timeout_id = g_timeout_add_seconds (start_timeout_s, on_ready_timeout, &start);
  g_subprocess_wait_async (proc, NULL, on_exited, &start);
  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &start);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &start);

  g_main_loop_run (loop);

  stop_waiting (&start);
  g_clear_handle_id (&start.kill_id, g_source_remove);
  g_unlink (notify_path);
  g_rmdir (notify_dir);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  return start.status;
}
