/* test-systemd.c: a plugin under systemd, or started to be shared
 *
 * docs/PROTOCOL.md section 10.3: a plugin started with a listening socket
 * passed as systemd does (fd 3, LISTEN_FDS=1, LISTEN_PID its own pid)
 * serves hosts on it and leaves the socket file to its owner; a plugin
 * started with NOTIFY_SOCKET says READY=1 there once it listens (what a
 * Type=notify unit and `bridgectl start` wait for). The clock example
 * plugin, a real process, plays the plugin.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>

#include "bridge-activation-private.h"
#include "bridge-plugin-info-private.h"
#include "bridge-runtime-dir-private.h"
#include "bridge-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  char *dir;
  GSocket *notify;
  char *notify_path;
} Notify;

static void
notify_init (Notify *n)
{
  g_autoptr (GSocketAddress) address = NULL;

  n->dir = g_dir_make_tmp ("test-systemd-XXXXXX", NULL);
  n->notify_path = g_build_filename (n->dir, "notify", NULL);
  n->notify = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, NULL);
  address = g_unix_socket_address_new (n->notify_path);
  ck_assert (g_socket_bind (n->notify, address, FALSE, NULL));
}

static void
notify_clear (Notify *n)
{
  g_object_unref (n->notify);
  g_unlink (n->notify_path);
  g_rmdir (n->dir);
  g_free (n->notify_path);
  g_free (n->dir);
}

/* The datagram the plugin sends, within WAIT_MS. */
static char *
notify_receive (Notify *n)
{
  char buffer[1024];
  gssize got;

  g_socket_set_timeout (n->notify, WAIT_MS / 1000);
  got = g_socket_receive (n->notify, buffer, sizeof buffer - 1, NULL, NULL);
  ck_assert_msg (got > 0, "the plugin said nothing on NOTIFY_SOCKET within %d ms", WAIT_MS);
  buffer[got] = '\0';
  return g_strdup (buffer);
}

static char **
clock_argv (BridgeRegistry *registry)
{
  BridgePluginInfo *info = bridge_registry_find_by_name (registry, "clock");

  ck_assert_msg (info != NULL, "no clock plugin on LIBBRIDGE_PLUGIN_PATH=%s",
                 g_getenv ("LIBBRIDGE_PLUGIN_PATH"));
  return g_strdupv ((char **) bridge_plugin_info_get_argv (info));
}

static char *
echo (BridgeConnection *connection, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply
      = bridge_connection_call_sync (connection, "org.libbridge.example.Clock1", "Echo",
                                     g_variant_new ("(s)", text), NULL, NULL, WAIT_MS, NULL, &error);
  char *answer = NULL;

  ck_assert_msg (reply != NULL, "Echo: %s", error ? error->message : "");
  g_variant_get (reply, "(s)", &answer);
  return answer;
}

/* PROTOCOL.md section 10.3: systemd's socket activation: the socket unit
 * made and bound the socket at the plugin's runtime path; the plugin serves on it, says READY=1 and,
 * stopped, leaves the socket file in place. */
START_TEST (test_socket_activation)
{
  g_autoptr (BridgeRegistry) registry = bridge_registry_new ();
  g_auto (GStrv) argv = clock_argv (registry);
  g_autofree char *path = NULL;
  g_autoptr (GSocket) listener = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GPtrArray) wrapped = g_ptr_array_new ();
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *text = NULL;
  Notify n = { 0 };

  ck_assert (bridge_runtime_dir_ensure (NULL));
  path = bridge_runtime_socket_path ("clock");
  listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL);
  address = g_unix_socket_address_new (path);
  ck_assert (g_socket_bind (listener, address, FALSE, NULL) && g_socket_listen (listener, NULL));
  notify_init (&n);

  /* LISTEN_PID must be the plugin's own pid: set by a shell that then
   * becomes the plugin, as systemd sets it between fork and exec. */
  g_ptr_array_add (wrapped, "/bin/sh");
  g_ptr_array_add (wrapped, "-c");
  g_ptr_array_add (wrapped, "LISTEN_PID=$$ exec \"$0\" \"$@\"");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (wrapped, argv[i]);
  g_ptr_array_add (wrapped, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_unsetenv (launcher, BRIDGE_FD_ENV);
  g_subprocess_launcher_setenv (launcher, "LISTEN_FDS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", n.notify_path, TRUE);
  g_subprocess_launcher_take_fd (launcher, dup (g_socket_get_fd (listener)), 3);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) wrapped->pdata, &error);
  ck_assert_msg (proc != NULL, "%s", error ? error->message : "");
  /* systemd keeps its copy; so do we, until the end. */

  ready = notify_receive (&n);
  ck_assert_msg (g_str_has_prefix (ready, "READY=1\n"), "the plugin said %s", ready);
  g_autofree char *mainpid = g_strdup_printf ("MAINPID=%s", g_subprocess_get_identifier (proc));
  ck_assert_msg (strstr (ready, mainpid) != NULL, "no %s in %s", mainpid, ready);

  ck_assert (bridge_registry_is_live (registry, bridge_registry_find_by_name (registry, "clock")));
  connection = bridge_registry_connect_sync (registry, bridge_registry_find_by_name (registry, "clock"),
                                             BRIDGE_CONNECT_FLAGS_NO_START, NULL, &error);
  ck_assert_msg (connection != NULL, "connect to the activated plugin: %s", error ? error->message : "");
  text = echo (connection, "activated");
  ck_assert_str_eq (text, "activated");
  g_clear_object (&connection);

  g_subprocess_send_signal (proc, SIGTERM);
  ck_assert (g_subprocess_wait (proc, NULL, NULL));
  ck_assert_msg (g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0,
                 "the activated plugin did not exit 0 on SIGTERM");
  ck_assert_msg (g_file_test (path, G_FILE_TEST_EXISTS), "the plugin removed systemd's socket %s", path);
  g_unlink (path);
  notify_clear (&n);
}
END_TEST

/* PROTOCOL.md section 10.3: a plugin started by hand with NOTIFY_SOCKET
 * says READY=1 only once its runtime socket answers. */
START_TEST (test_ready_when_listening)
{
  g_autoptr (BridgeRegistry) registry = bridge_registry_new ();
  g_auto (GStrv) argv = clock_argv (registry);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ready = NULL;
  Notify n = { 0 };

  notify_init (&n);
  g_subprocess_launcher_unsetenv (launcher, BRIDGE_FD_ENV);
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", n.notify_path, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv, &error);
  ck_assert_msg (proc != NULL, "%s", error ? error->message : "");

  ready = notify_receive (&n);
  ck_assert_msg (g_str_has_prefix (ready, "READY=1\n"), "the plugin said %s", ready);
  ck_assert_msg (bridge_registry_is_live (registry, bridge_registry_find_by_name (registry, "clock")),
                 "READY=1 came before the socket answered");
  g_subprocess_send_signal (proc, SIGTERM);
  ck_assert (g_subprocess_wait (proc, NULL, NULL));
  notify_clear (&n);
}
END_TEST

/* PROTOCOL.md section 10.3: LISTEN_FDS that is not one listening socket
 * is a clear failure. */
START_TEST (test_socket_activation_wrong_fd)
{
  g_autoptr (BridgeRegistry) registry = bridge_registry_new ();
  g_auto (GStrv) argv = clock_argv (registry);
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GPtrArray) wrapped = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int pair[2];

  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  g_ptr_array_add (wrapped, "/bin/sh");
  g_ptr_array_add (wrapped, "-c");
  g_ptr_array_add (wrapped, "LISTEN_PID=$$ exec \"$0\" \"$@\"");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (wrapped, argv[i]);
  g_ptr_array_add (wrapped, NULL);
  g_subprocess_launcher_unsetenv (launcher, BRIDGE_FD_ENV);
  g_subprocess_launcher_setenv (launcher, "LISTEN_FDS", "1", TRUE);
  g_subprocess_launcher_take_fd (launcher, pair[0], 3); /* connected, not listening */
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) wrapped->pdata, &error);
  ck_assert_msg (proc != NULL, "%s", error ? error->message : "");
  ck_assert (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, NULL));
  ck_assert_msg (g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 1,
                 "a plugin given a connected socket as LISTEN_FDS did not exit 1");
  ck_assert_msg (strstr (err, "is not a listening Unix stream socket") != NULL, "it said: %s", err);
  close (pair[1]);
}
END_TEST

/* Whether @pid is gone within @timeout_ms (it is not our child: the
 * shared instance belongs to no host). */
static gboolean
gone_within (int pid, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (kill (pid, 0) == 0 || errno != ESRCH)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (20000);
    }
  return TRUE;
}

typedef struct
{
  BridgeConnection *connection;
  GError *error;
  gboolean done;
} Connected;

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Connected *c = user_data;

  c->connection = bridge_registry_connect_finish (BRIDGE_REGISTRY (source), result, &c->error);
  c->done = TRUE;
}

/* BRIDGE_CONNECT_FLAGS_SHARED: the instance one host starts, another
 * joins; it outlives its starter while another host is connected, and
 * exits by itself once none is. */
START_TEST (test_shared_instance)
{
  g_autoptr (BridgeRegistry) first = bridge_registry_new ();
  g_autoptr (BridgeRegistry) second = bridge_registry_new ();
  BridgePluginInfo *info = bridge_registry_find_by_name (first, "clock");
  g_autoptr (BridgeConnection) starter = NULL;
  g_autoptr (BridgeConnection) joiner = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  int pid;

  starter = bridge_registry_connect_sync (first, info, BRIDGE_CONNECT_FLAGS_SHARED, NULL, &error);
  ck_assert_msg (starter != NULL, "a shared connect: %s", error ? error->message : "");
  pid = bridge_connection_get_peer_pid (starter);
  ck_assert_msg (bridge_registry_get_subprocess (starter) == NULL,
                 "the shared instance is tied to its starter");
  ck_assert_msg (bridge_registry_is_live (second, bridge_registry_find_by_name (second, "clock")),
                 "the shared instance does not listen");

  joiner = bridge_registry_connect_sync (second, bridge_registry_find_by_name (second, "clock"),
                                         BRIDGE_CONNECT_FLAGS_NONE, NULL, &error);
  ck_assert_msg (joiner != NULL, "joining: %s", error ? error->message : "");
  ck_assert_int_eq (bridge_connection_get_peer_pid (joiner), pid);

  /* The starter goes; the instance stays for the other host. */
  g_clear_object (&starter);
  g_usleep (3 * G_USEC_PER_SEC);
  text = echo (joiner, "still here");
  ck_assert_str_eq (text, "still here");
  ck_assert_int_eq (bridge_connection_get_peer_pid (joiner), pid);

  /* The last host goes; so does the instance, by itself. */
  g_clear_object (&joiner);
  ck_assert_msg (gone_within (pid, 10000), "the shared instance (pid %d) did not exit once idle", pid);
  ck_assert_msg (!bridge_registry_is_live (second, bridge_registry_find_by_name (second, "clock")),
                 "the idle instance left its socket answering");
}
END_TEST

/* Two hosts starting a shared instance at once end up on the same one. */
START_TEST (test_shared_race)
{
  g_autoptr (BridgeRegistry) a = bridge_registry_new ();
  g_autoptr (BridgeRegistry) b = bridge_registry_new ();
  Connected ca = { 0 }, cb = { 0 };
  int pid;

  bridge_registry_connect_async (a, bridge_registry_find_by_name (a, "clock"), BRIDGE_CONNECT_FLAGS_SHARED,
                                 NULL, on_connected, &ca);
  bridge_registry_connect_async (b, bridge_registry_find_by_name (b, "clock"), BRIDGE_CONNECT_FLAGS_SHARED,
                                 NULL, on_connected, &cb);
  ck_assert (bridge_test_wait_for (&ca.done, WAIT_MS) && bridge_test_wait_for (&cb.done, WAIT_MS));
  ck_assert_msg (ca.connection != NULL, "host a: %s", ca.error ? ca.error->message : "");
  ck_assert_msg (cb.connection != NULL, "host b: %s", cb.error ? cb.error->message : "");
  pid = bridge_connection_get_peer_pid (ca.connection);
  ck_assert_int_eq (bridge_connection_get_peer_pid (cb.connection), pid);
  g_clear_object (&ca.connection);
  g_clear_object (&cb.connection);
  ck_assert_msg (gone_within (pid, 10000), "the shared instance (pid %d) did not exit once idle", pid);
}
END_TEST

/* A fresh instance is this host's own: it cannot be shared too. */
START_TEST (test_shared_and_new_instance_refused)
{
  g_autoptr (BridgeRegistry) registry = bridge_registry_new ();
  g_autoptr (GError) error = NULL;
  BridgeConnection *connection = bridge_registry_connect_sync (
      registry, bridge_registry_find_by_name (registry, "clock"),
      BRIDGE_CONNECT_FLAGS_SHARED | BRIDGE_CONNECT_FLAGS_NEW_INSTANCE, NULL, &error);

  ck_assert (connection == NULL);
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT), "got %s",
                 error ? error->message : "no error");
}
END_TEST

static Suite *
systemd_suite (void)
{
  Suite *s = suite_create ("systemd");
  TCase *tc = tcase_create ("systemd");

  tcase_add_test (tc, test_socket_activation);
  tcase_add_test (tc, test_ready_when_listening);
  tcase_add_test (tc, test_socket_activation_wrong_fd);
  tcase_add_test (tc, test_shared_instance);
  tcase_add_test (tc, test_shared_race);
  tcase_add_test (tc, test_shared_and_new_instance_refused);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (systemd_suite)
