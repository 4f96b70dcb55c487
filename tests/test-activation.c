/* test-activation.c: reaching real plugin processes through the registry
 *
 * Uses the example clock plugin (examples/clock-plugin.c), found through
 * LIBBRIDGE_PLUGIN_PATH, and tests/bridge-test-host.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "bridge-test-util.h"
#include "bridge-plugin-info-private.h"
#include "bridge-runtime-dir-private.h"
#include "bridge-activation-private.h"

#define CLOCK "org.libbridge.example.Clock1"
#define WATCHDOG_MS 20000

static BridgeRegistry *registry;
static BridgePluginInfo *clock_info;
static GPtrArray *started; /* GSubprocess: plugins to reap in teardown */

static void wait_for_exit (GSubprocess *proc);

static void
setup (void)
{
  g_autofree char *path = NULL;

  registry = bridge_registry_new ();
  clock_info = bridge_registry_find_by_name (registry, "clock");
  ck_assert_msg (clock_info != NULL, "the clock plugin is not on LIBBRIDGE_PLUGIN_PATH=%s",
                 g_getenv ("LIBBRIDGE_PLUGIN_PATH"));
  started = g_ptr_array_new_with_free_func (g_object_unref);
  /* The runtime directory is shared by the tests of this binary. */
  path = bridge_registry_get_socket_path (registry, clock_info);
  g_unlink (path);
}

/* Every plugin a test started ends with its connection, which the test
 * dropped by now: reap them all, so that none outlives its test. */
static void
teardown (void)
{
  for (guint i = 0; i < started->len; i++)
    wait_for_exit (started->pdata[i]);
  g_clear_pointer (&started, g_ptr_array_unref);
  clock_info = NULL;
  g_clear_object (&registry);
}

static void
track (BridgeConnection *connection)
{
  GSubprocess *proc = bridge_registry_get_subprocess (connection);

  if (proc != NULL)
    g_ptr_array_add (started, g_object_ref (proc));
}

/* Helpers ----------------------------------------------------------------- */

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

/* Connects with the async API; returns the connection or NULL and the
 * error. */
static BridgeConnection *
connect_plugin (BridgeRegistry *r, BridgePluginInfo *info, BridgeConnectFlags flags, GError **error)
{
  ConnectWait wait = { 0 };

  bridge_registry_connect_async (r, info, flags, NULL, on_connected, &wait);
  ck_assert_msg (bridge_test_wait_for (&wait.done, WATCHDOG_MS), "connecting to %s did not finish",
                 bridge_plugin_info_get_name (info));
  ck_assert ((wait.connection != NULL) != (wait.error != NULL));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.connection;
}

static BridgeConnection *
connect_clock (BridgeConnectFlags flags)
{
  g_autoptr (GError) error = NULL;
  BridgeConnection *connection = connect_plugin (registry, clock_info, flags, &error);

  ck_assert_msg (connection != NULL, "connecting to clock: %s", error->message);
  ck_assert (bridge_connection_is_ready (connection));
  track (connection);
  return connection;
}

static char *
echo (BridgeConnection *connection, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  char *out = NULL;

  reply = bridge_connection_call_sync (connection, CLOCK, "Echo", g_variant_new ("(s)", text), NULL, NULL,
                                       10000, NULL, &error);
  ck_assert_msg (reply != NULL, "Echo failed: %s", error->message);
  g_variant_get (reply, "(s)", &out);
  return out;
}

static void
on_waited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
wait_for_exit (GSubprocess *proc)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (proc, NULL, on_waited, &done);
  ck_assert_msg (bridge_test_wait_for (&done, WATCHDOG_MS), "process %s did not exit",
                 g_subprocess_get_identifier (proc));
}

/* The process exited by itself with status 0 (not killed). */
static void
assert_clean_exit (GSubprocess *proc, const char *what)
{
  ck_assert_msg (g_subprocess_get_if_exited (proc), "%s was killed by signal %d", what,
                 g_subprocess_get_if_signaled (proc) ? g_subprocess_get_term_sig (proc) : 0);
  ck_assert_msg (g_subprocess_get_exit_status (proc) == 0, "%s exited with status %d", what,
                 g_subprocess_get_exit_status (proc));
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
clock_is_live (gpointer data)
{
  return bridge_registry_is_live (registry, clock_info) == GPOINTER_TO_INT (data);
}

/* Waits for the socket to (stop to) answer: polled, since no event says
 * so; the timer only wakes the loop up. */
static gboolean
wait_for_live (gboolean live)
{
  guint id = g_timeout_add (10, wake_up, NULL);
  gboolean ok = bridge_test_wait_until (clock_is_live, GINT_TO_POINTER (live), WATCHDOG_MS);

  g_source_remove (id);
  return ok;
}

/* Starts the clock plugin by hand, listening on its runtime socket. */
static GSubprocess *
start_listener (void)
{
  const char *const *argv = bridge_plugin_info_get_argv (clock_info);
  const char *args[] = { argv[0], "--listen", NULL };
  g_autoptr (GError) error = NULL;
  GSubprocess *proc;

  proc = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_NONE, &error);
  ck_assert_msg (proc != NULL, "starting %s --listen: %s", argv[0], error ? error->message : "?");
  ck_assert_msg (wait_for_live (TRUE), "%s --listen never answered on its socket", argv[0]);
  return proc;
}

static void
stop_listener (GSubprocess *proc)
{
  g_autofree char *path = bridge_registry_get_socket_path (registry, clock_info);

  g_subprocess_send_signal (proc, SIGTERM);
  wait_for_exit (proc);
  assert_clean_exit (proc, "the listening clock plugin");
  ck_assert_msg (!g_file_test (path, G_FILE_TEST_EXISTS), "%s is still there after SIGTERM", path);
}

/* A socket file at @path that nobody listens on any more. */
static void
make_stale_socket (const char *path)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr (GError) error = NULL;

  ck_assert (bridge_runtime_dir_ensure (&error));
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  ck_assert (socket != NULL);
  ck_assert_msg (g_socket_bind (socket, address, FALSE, &error), "bind %s: %s", path,
                 error ? error->message : "?");
  ck_assert (g_socket_close (socket, NULL));
  ck_assert (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* A manifest in a private directory, and a registry that only sees it. */
static BridgeRegistry *
registry_with_manifest (const char *exec, const char *interfaces)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "plugins", NULL);
  g_autofree char *path = g_build_filename (dir, "odd.plugin", NULL);
  g_autofree char *text = g_strdup_printf ("[Plugin]\nName=odd\nExec=%s\nInterfaces=%s\n", exec, interfaces);
  const char *dirs[] = { dir, NULL };
  g_autoptr (GError) error = NULL;

  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  ck_assert_msg (g_file_set_contents (path, text, -1, &error), "%s", error ? error->message : "?");
  return bridge_registry_new_for_path (dirs);
}

/* Started plugins ---------------------------------------------------------- */

START_TEST (test_start_and_call)
{
  g_autoptr (BridgeConnection) connection = connect_clock (BRIDGE_CONNECT_FLAGS_NONE);
  GSubprocess *proc = bridge_registry_get_subprocess (connection);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pid = NULL;
  gint32 sum;
  gint64 now;

  ck_assert_msg (proc != NULL, "no live instance runs, so the plugin must have been started");
  pid = g_strdup_printf ("%d", bridge_connection_get_peer_pid (connection));
  ck_assert_str_eq (pid, g_subprocess_get_identifier (proc));
  ck_assert_str_eq (bridge_connection_get_peer_name (connection), "clock");
  ck_assert (bridge_connection_peer_implements (connection, CLOCK));

  text = echo (connection, "héllo, plugin");
  ck_assert_str_eq (text, "héllo, plugin");

  reply = bridge_connection_call_sync (connection, CLOCK, "Add", g_variant_new ("(ii)", 2, 40), NULL, NULL,
                                       10000, NULL, &error);
  ck_assert_msg (reply != NULL, "Add failed: %s", error ? error->message : "?");
  g_variant_get (reply, "(i)", &sum);
  ck_assert_int_eq (sum, 42);
  g_clear_pointer (&reply, g_variant_unref);

  /* A semantic failure is an error reply; the connection stays. */
  reply = bridge_connection_call_sync (connection, CLOCK, "Add", g_variant_new ("(ii)", G_MAXINT32, 1), NULL,
                                       NULL, 10000, NULL, &error);
  ck_assert_ptr_null (reply);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS),
                 "expected INVALID_ARGS, got %s", error->message);
  g_clear_error (&error);

  reply = bridge_connection_call_sync (connection, CLOCK, "Now", NULL, NULL, NULL, 10000, NULL, &error);
  ck_assert_msg (reply != NULL, "Now failed: %s", error ? error->message : "?");
  g_variant_get (reply, "(x)", &now);
  /* A sanity check on the value, not a timing: the clocks are the same. */
  ck_assert_msg (ABS (now - g_get_real_time ()) < G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC,
                 "Now() says %" G_GINT64_FORMAT, now);
  ck_assert (!bridge_connection_is_closed (connection));
}
END_TEST

typedef struct
{
  guint n;
  gint64 last;
} Ticks;

static void
on_tick (BridgeConnection *connection,
         const char *interface,
         const char *event,
         GVariant *args,
         GUnixFDList *fds,
         gpointer user_data)
{
  Ticks *ticks = user_data;

  ck_assert_str_eq (interface, CLOCK);
  ck_assert_str_eq (event, "Tick");
  ck_assert_str_eq (g_variant_get_type_string (args), "(x)");
  g_variant_get (args, "(x)", &ticks->last);
  ticks->n++;
}

static gboolean
three_ticks (gpointer data)
{
  return ((Ticks *) data)->n >= 3;
}

static void
set_tick_interval (BridgeConnection *connection, guint ms)
{
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = bridge_connection_call_sync (connection, CLOCK, "SetTickInterval", g_variant_new ("(u)", ms), NULL,
                                       NULL, 10000, NULL, &error);
  ck_assert_msg (reply != NULL, "SetTickInterval failed: %s", error ? error->message : "?");
}

START_TEST (test_events)
{
  g_autoptr (BridgeConnection) connection = connect_clock (BRIDGE_CONNECT_FLAGS_NONE);
  Ticks ticks = { 0 };

  g_signal_connect (connection, "event::Tick", G_CALLBACK (on_tick), &ticks);
  set_tick_interval (connection, 10);
  ck_assert_msg (bridge_test_wait_until (three_ticks, &ticks, WATCHDOG_MS), "expected 3 Tick events, got %u",
                 ticks.n);
  ck_assert (ticks.last > 0);
}
END_TEST

START_TEST (test_connect_sync)
{
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  connection = bridge_registry_connect_sync (registry, clock_info, BRIDGE_CONNECT_FLAGS_NONE, NULL, &error);
  ck_assert_msg (connection != NULL, "connect_sync: %s", error ? error->message : "?");
  track (connection);
  ck_assert_ptr_nonnull (bridge_registry_get_subprocess (connection));
  text = echo (connection, "sync");
  ck_assert_str_eq (text, "sync");
}
END_TEST

START_TEST (test_new_instance_each_time)
{
  g_autoptr (BridgeConnection) a = connect_clock (BRIDGE_CONNECT_FLAGS_NEW_INSTANCE);
  g_autoptr (BridgeConnection) b = connect_clock (BRIDGE_CONNECT_FLAGS_NEW_INSTANCE);

  ck_assert_ptr_nonnull (bridge_registry_get_subprocess (a));
  ck_assert_ptr_nonnull (bridge_registry_get_subprocess (b));
  ck_assert_str_ne (g_subprocess_get_identifier (bridge_registry_get_subprocess (a)),
                    g_subprocess_get_identifier (bridge_registry_get_subprocess (b)));
}
END_TEST

/* PROTOCOL.md §10.4: the plugin exits when its connection closes. */
START_TEST (test_exit_on_close)
{
  g_autoptr (BridgeConnection) connection = connect_clock (BRIDGE_CONNECT_FLAGS_NONE);
  g_autoptr (GSubprocess) proc = g_object_ref (bridge_registry_get_subprocess (connection));

  bridge_connection_close (connection);
  wait_for_exit (proc);
  /* It read end-of-file and left by itself; it was not killed. */
  assert_clean_exit (proc, "the clock plugin");
}
END_TEST

START_TEST (test_exit_on_unref)
{
  BridgeConnection *connection = connect_clock (BRIDGE_CONNECT_FLAGS_NONE);
  g_autoptr (GSubprocess) proc = g_object_ref (bridge_registry_get_subprocess (connection));

  g_object_unref (connection);
  wait_for_exit (proc);
  assert_clean_exit (proc, "the clock plugin");
}
END_TEST

/* The host dies hard: the plugin must not outlive it. */
START_TEST (test_exit_when_host_killed)
{
  g_autofree char *host = bridge_test_build_path ("bridge-test-host");
  const char *argv[] = { host, "clock", NULL };
  g_autoptr (GSubprocess) helper = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  guint64 pid;
  int status = 0;
  pid_t reaped = 0;

  /* Orphans become our children, so we can see how the plugin ended. */
  ck_assert_int_eq (prctl (PR_SET_CHILD_SUBREAPER, 1), 0);

  helper = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  ck_assert_msg (helper != NULL, "starting %s: %s", host, error ? error->message : "?");
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (helper));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  ck_assert_msg (line != NULL, "%s printed no pid: %s", host, error ? error->message : "EOF");
  ck_assert_msg (g_ascii_string_to_unsigned (line, 10, 1, G_MAXINT, &pid, NULL), "%s printed '%s', not a pid",
                 host, line);

  g_subprocess_force_exit (helper);
  wait_for_exit (helper);
  ck_assert (g_subprocess_get_if_signaled (helper));

  /* Polled, with the loop woken up now and then: waitpid has no event. */
  {
    guint id = g_timeout_add (10, wake_up, NULL);
    gint64 deadline = g_get_monotonic_time () + WATCHDOG_MS * 1000;

    while (reaped == 0 && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, TRUE);
        reaped = waitpid ((pid_t) pid, &status, WNOHANG);
      }
    g_source_remove (id);
  }
  ck_assert_msg (reaped == (pid_t) pid, "plugin %" G_GUINT64_FORMAT " outlived its host (%s)", pid,
                 reaped < 0 ? g_strerror (errno) : "still running");
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0,
                 "the orphaned plugin did not exit cleanly: wait status 0x%x", status);
}
END_TEST

/* Failures to start ------------------------------------------------------- */

/* Programs that never become a plugin: each start fails SPAWN_FAILED,
 * and the message says why (docs/ROBUSTNESS.md, cases 35, 38 and 39). */
static const struct
{
  const char *exec;
  gboolean sync;
  const char *says;
} spawn_failures[] = {
  { "/nonexistent/bin/odd-plugin --flag", FALSE, "/nonexistent/bin/odd-plugin" }, /* Exec does not exist */
  { "sh -c 'exit 3'", FALSE, "exited with status 3" },                            /* exits before its HELLO */
  { "sh -c 'exit 4'", TRUE, "exited with status 4" },                             /* the same, blocking */
  { "sleep 600", FALSE, "killed by signal 9" }, /* never speaks: the handshake times out, it is killed */
};

START_TEST (test_spawn_failures)
{
  g_autoptr (BridgeRegistry) r = registry_with_manifest (spawn_failures[_i].exec, "org.example.Odd1;");
  BridgePluginInfo *info = bridge_registry_find_by_name (r, "odd");
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  if (spawn_failures[_i].sync)
    connection = bridge_registry_connect_sync (r, info, BRIDGE_CONNECT_FLAGS_NONE, NULL, &error);
  else
    connection = connect_plugin (r, info, BRIDGE_CONNECT_FLAGS_NONE, &error);
  ck_assert_ptr_null (connection);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED),
                 "%s: expected SPAWN_FAILED, got %s", spawn_failures[_i].exec, error->message);
  ck_assert_msg (strstr (error->message, spawn_failures[_i].says) != NULL,
                 "%s: the message does not say \"%s\": %s", spawn_failures[_i].exec, spawn_failures[_i].says,
                 error->message);
}
END_TEST

/* The manifest lists an interface the program does not implement. */
START_TEST (test_wrong_interfaces)
{
  g_autofree char *exec = g_shell_quote (bridge_plugin_info_get_argv (clock_info)[0]);
  g_autoptr (BridgeRegistry) r = registry_with_manifest (exec, CLOCK ";org.example.Missing1;");
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  connection = connect_plugin (r, bridge_registry_find_by_name (r, "odd"), BRIDGE_CONNECT_FLAGS_NONE, &error);
  ck_assert_ptr_null (connection);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_UNKNOWN_INTERFACE),
                 "expected UNKNOWN_INTERFACE, got %s", error->message);
  ck_assert_msg (strstr (error->message, "org.example.Missing1") != NULL, "message: %s", error->message);
}
END_TEST

/* Live instances ----------------------------------------------------------- */

START_TEST (test_live_instance)
{
  g_autoptr (GSubprocess) listener = start_listener ();
  g_autofree char *path = bridge_registry_get_socket_path (registry, clock_info);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (BridgeConnection) a = NULL;
  g_autoptr (BridgeConnection) b = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pid = NULL;
  Ticks ticks_a = { 0 }, ticks_b = { 0 };
  struct stat st;

  ck_assert_int_eq (lstat (dir, &st), 0);
  ck_assert_msg ((st.st_mode & 0777) == 0700, "%s has mode 0%o", dir, st.st_mode & 0777);
  ck_assert_int_eq (lstat (path, &st), 0);
  ck_assert (S_ISSOCK (st.st_mode));
  ck_assert_msg ((st.st_mode & 0777) == 0600, "%s has mode 0%o", path, st.st_mode & 0777);

  /* Two hosts share the one instance, which started neither. */
  a = connect_clock (BRIDGE_CONNECT_FLAGS_NONE);
  b = connect_clock (BRIDGE_CONNECT_FLAGS_NO_START);
  ck_assert_ptr_null (bridge_registry_get_subprocess (a));
  ck_assert_ptr_null (bridge_registry_get_subprocess (b));
  pid = g_strdup_printf ("%d", bridge_connection_get_peer_pid (a));
  ck_assert_str_eq (g_subprocess_get_identifier (listener), pid);
  text = echo (b, "shared");
  ck_assert_str_eq (text, "shared");

  /* Events go to every host. */
  g_signal_connect (a, "event::Tick", G_CALLBACK (on_tick), &ticks_a);
  g_signal_connect (b, "event::Tick", G_CALLBACK (on_tick), &ticks_b);
  set_tick_interval (a, 10);
  ck_assert_msg (bridge_test_wait_until (three_ticks, &ticks_a, WATCHDOG_MS), "host a got %u ticks",
                 ticks_a.n);
  ck_assert_msg (bridge_test_wait_until (three_ticks, &ticks_b, WATCHDOG_MS), "host b got %u ticks",
                 ticks_b.n);

  /* A host leaving does not end a listening instance. */
  bridge_connection_close (a);
  g_clear_object (&a);
  g_clear_pointer (&text, g_free);
  text = echo (b, "still here");
  ck_assert_str_eq (text, "still here");

  stop_listener (listener);
}
END_TEST

START_TEST (test_live_refuses_second_listener)
{
  g_autoptr (GSubprocess) listener = start_listener ();
  const char *const *argv = bridge_plugin_info_get_argv (clock_info);
  const char *args[] = { argv[0], "--listen", NULL };
  g_autoptr (GSubprocess) second = NULL;
  g_autoptr (GError) error = NULL;

  second = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  ck_assert (second != NULL);
  wait_for_exit (second);
  ck_assert_msg (g_subprocess_get_if_exited (second) && g_subprocess_get_exit_status (second) == 1,
                 "a second listener did not refuse to start");
  ck_assert (bridge_registry_is_live (registry, clock_info));
  stop_listener (listener);
}
END_TEST

START_TEST (test_stale_socket)
{
  g_autofree char *path = bridge_registry_get_socket_path (registry, clock_info);
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  /* Only looking: is_live says no and leaves it alone. */
  make_stale_socket (path);
  ck_assert (!bridge_registry_is_live (registry, clock_info));
  ck_assert (g_file_test (path, G_FILE_TEST_EXISTS));

  /* NO_START: nothing to reach, but the stale file is cleaned up. */
  connection = connect_plugin (registry, clock_info, BRIDGE_CONNECT_FLAGS_NO_START, &error);
  ck_assert_ptr_null (connection);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND), "expected NOT_FOUND, got %s",
                 error->message);
  ck_assert_msg (strstr (error->message, "stale") != NULL, "message: %s", error->message);
  ck_assert_msg (!g_file_test (path, G_FILE_TEST_EXISTS), "stale %s was not removed", path);

  /* Default: cleaned up, and the plugin is started instead. */
  make_stale_socket (path);
  connection = connect_clock (BRIDGE_CONNECT_FLAGS_NONE);
  ck_assert_ptr_nonnull (bridge_registry_get_subprocess (connection));
  ck_assert_msg (!g_file_test (path, G_FILE_TEST_EXISTS), "stale %s was not removed", path);
}
END_TEST

START_TEST (test_not_a_socket)
{
  g_autofree char *path = bridge_registry_get_socket_path (registry, clock_info);
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;

  ck_assert (bridge_runtime_dir_ensure (&error));
  ck_assert (g_file_set_contents (path, "not a socket", -1, &error));

  connection = connect_plugin (registry, clock_info, BRIDGE_CONNECT_FLAGS_NO_START, &error);
  ck_assert_ptr_null (connection);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND), "expected NOT_FOUND, got %s",
                 error->message);
  ck_assert_msg (strstr (error->message, "not a socket") != NULL, "message: %s", error->message);
  g_clear_error (&error);

  /* Starting works around it, and the file is left for a human. */
  connection = connect_clock (BRIDGE_CONNECT_FLAGS_NONE);
  ck_assert_ptr_nonnull (bridge_registry_get_subprocess (connection));
  ck_assert (g_file_get_contents (path, &contents, NULL, &error));
  ck_assert_str_eq (contents, "not a socket");
}
END_TEST

START_TEST (test_symlink_not_followed)
{
  g_autofree char *path = bridge_registry_get_socket_path (registry, clock_info);
  g_autofree char *target = g_build_filename (g_get_home_dir (), "elsewhere.sock", NULL);
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (target);
  g_autoptr (GSocket) bait = NULL;
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  /* Something listens at the far end of the symlink. */
  g_unlink (target);
  bait = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  ck_assert (bait != NULL);
  ck_assert (g_socket_bind (bait, address, FALSE, &error));
  ck_assert (g_socket_listen (bait, &error));
  ck_assert (bridge_runtime_dir_ensure (&error));
  ck_assert_int_eq (symlink (target, path), 0);

  ck_assert (!bridge_registry_is_live (registry, clock_info));
  connection = connect_plugin (registry, clock_info, BRIDGE_CONNECT_FLAGS_NO_START, &error);
  ck_assert_ptr_null (connection);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND), "expected NOT_FOUND, got %s",
                 error->message);
  ck_assert_msg (g_socket_condition_check (bait, G_IO_IN) == 0, "the registry connected through the symlink");
  ck_assert_msg (g_file_test (path, G_FILE_TEST_IS_SYMLINK), "the symlink was removed");
}
END_TEST

static Suite *
activation_suite (void)
{
  Suite *s = suite_create ("activation");
  TCase *tc;

  tc = tcase_create ("start");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_start_and_call);
  tcase_add_test (tc, test_events);
  tcase_add_test (tc, test_connect_sync);
  tcase_add_test (tc, test_new_instance_each_time);
  tcase_add_test (tc, test_exit_on_close);
  tcase_add_test (tc, test_exit_on_unref);
  tcase_add_test (tc, test_exit_when_host_killed);
  suite_add_tcase (s, tc);

  tc = tcase_create ("failure");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_loop_test (tc, test_spawn_failures, 0, G_N_ELEMENTS (spawn_failures));
  tcase_add_test (tc, test_wrong_interfaces);
  suite_add_tcase (s, tc);

  tc = tcase_create ("live");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_live_instance);
  tcase_add_test (tc, test_live_refuses_second_listener);
  tcase_add_test (tc, test_stale_socket);
  tcase_add_test (tc, test_not_a_socket);
  tcase_add_test (tc, test_symlink_not_followed);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (activation_suite)
