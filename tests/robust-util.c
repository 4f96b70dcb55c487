/* robust-util.c: helpers of test-robustness*.c and test-stress.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "robust-util.h"
#include "bridge-runtime-dir-private.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

BridgeRegistry *
robust_registry_with_manifest (const char *name, const char *exec, const char *interfaces)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "manifests", name, NULL);
  g_autofree char *file = g_strconcat (name, ".plugin", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *text
      = g_strdup_printf ("[Plugin]\nName=%s\nExec=%s\nInterfaces=%s\n", name, exec, interfaces);
  const char *dirs[] = { dir, NULL };
  g_autoptr (GError) error = NULL;

  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  ck_assert_msg (g_file_set_contents (path, text, -1, &error), "%s", error ? error->message : "?");
  return bridge_registry_new_for_path (dirs);
}

BridgeRegistry *
robust_registry (const char *args)
{
  g_autofree char *program = bridge_test_build_path ("robust-plugin");
  g_autofree char *quoted = g_shell_quote (program);
  g_autofree char *exec = g_strconcat (quoted, args ? " " : "", args ? args : "", NULL);

  return robust_registry_with_manifest ("robust", exec, ROBUST_INTERFACE ";");
}

typedef struct
{
  gboolean done;
  BridgeConnection *connection;
  GError *error;
} ConnectWait;

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ConnectWait *wait = user_data;

  wait->connection = bridge_registry_connect_finish (BRIDGE_REGISTRY (source), result, &wait->error);
  wait->done = TRUE;
}

BridgeConnection *
robust_connect (BridgeRegistry *registry, const char *name, BridgeConnectFlags flags, GError **error)
{
  BridgePluginInfo *info = bridge_registry_find_by_name (registry, name);
  ConnectWait wait = { 0 };

  ck_assert_msg (info != NULL, "no manifest for %s", name);
  bridge_registry_connect_async (registry, info, flags, NULL, on_connected, &wait);
  ck_assert_msg (bridge_test_wait_for (&wait.done, ROBUST_WATCHDOG_MS), "connecting to %s did not finish",
                 name);
  ck_assert ((wait.connection != NULL) != (wait.error != NULL));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.connection;
}

GVariant *
robust_call (BridgeConnection *connection, const char *interface, const char *method, GVariant *args)
{
  g_autoptr (GError) error = NULL;
  GVariant *reply = bridge_connection_call_sync (connection, interface, method, args, NULL, NULL,
                                                 ROBUST_WATCHDOG_MS, NULL, &error);

  ck_assert_msg (reply != NULL, "%s.%s failed: %s", interface, method, error ? error->message : "?");
  return reply;
}

char *
robust_echo (BridgeConnection *connection, const char *text)
{
  g_autoptr (GVariant) reply
      = robust_call (connection, ROBUST_INTERFACE, "Echo", g_variant_new ("(s)", text));
  char *out;

  g_variant_get (reply, "(s)", &out);
  return out;
}

static void
on_waited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

void
robust_wait_for_exit (GSubprocess *proc)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (proc, NULL, on_waited, &done);
  ck_assert_msg (bridge_test_wait_for (&done, ROBUST_WATCHDOG_MS), "process %s did not exit",
                 g_subprocess_get_identifier (proc));
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
robust_kill_and_wait (int pid, guint timeout_ms)
{
  /* A pidfd names this process, not whichever reuses its number once it
   * is reaped (pid_max is 32768 on CI machines, and GStreamer makes many
   * threads): it polls readable when the process has ended. */
  int pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  struct pollfd poll_fd = { .fd = pidfd, .events = POLLIN };
  int n;

  ck_assert_msg (pidfd >= 0, "pidfd_open (%d): %s", pid, g_strerror (errno));
  ck_assert_int_eq (kill (pid, SIGKILL), 0);
  do
    n = poll (&poll_fd, 1, (int) timeout_ms);
  while (n < 0 && errno == EINTR);
  close (pidfd);
  return n == 1;
}

guint
robust_count_fds_of (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", pid);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  ck_assert_msg (dir != NULL, "cannot list %s", path);
  while (g_dir_read_name (dir) != NULL)
    n++;
  /* Our own listing's fd is in /proc/self/fd only. */
  return pid == getpid () ? n - 1 : n;
}

guint64
robust_rss_kib_of (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  const char *p;

  ck_assert_msg (g_file_get_contents (path, &status, NULL, NULL), "cannot read %s", path);
  p = strstr (status, "\nVmRSS:");
  ck_assert_msg (p != NULL, "no VmRSS in %s", path);
  return g_ascii_strtoull (p + strlen ("\nVmRSS:"), NULL, 10);
}

static gboolean
socket_answers (gpointer data)
{
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (data);
  g_autoptr (GSocket) socket
      = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL);

  return socket != NULL && g_socket_connect (socket, address, NULL, NULL);
}

GSubprocess *
robust_start_listener (const char *program, const char *name)
{
  g_autofree char *path = bridge_runtime_socket_path (name);
  g_autoptr (GError) error = NULL;
  GSubprocess *proc;
  guint id;

  g_unlink (path);
  if (g_str_has_suffix (program, "robust-plugin"))
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, program, "--name", name, "--listen", NULL);
  else
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, program, "--listen", NULL);
  ck_assert_msg (proc != NULL, "starting %s: %s", program, error ? error->message : "?");
  id = g_timeout_add (10, wake_up, NULL);
  ck_assert_msg (bridge_test_wait_until (socket_answers, path, ROBUST_WATCHDOG_MS),
                 "%s --listen never answered on %s", program, path);
  g_source_remove (id);
  return proc;
}

gboolean
robust_stress (void)
{
  return g_strcmp0 (g_getenv ("BRIDGE_STRESS"), "1") == 0;
}
