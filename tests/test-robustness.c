/* test-robustness.c: plugins and peers that misbehave, with real processes
 *
 * The bad-input and fault catalogue of docs/ROBUSTNESS.md, the parts that
 * need processes: plugins that crash (at start, during a call), hang,
 * speak garbage or flood a host that stopped reading; and what a started
 * plugin gets to keep (its fds, its privileges). The misbehaving plugin
 * is tests/robust-plugin.c. Peers of a listening plugin, and runtime
 * folders that cannot be used, are in test-robustness-peers.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "robust-util.h"
#include "bridge-activation-private.h"

static GSubprocess *
started (BridgeConnection *connection)
{
  GSubprocess *proc = bridge_registry_get_subprocess (connection);

  ck_assert_msg (proc != NULL, "the registry did not start the plugin");
  return g_object_ref (proc);
}

static void
assert_signaled (GSubprocess *proc, int sig, const char *what)
{
  ck_assert_msg (g_subprocess_get_if_signaled (proc), "%s was not killed by a signal (exit status %d)", what,
                 g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1);
  ck_assert_msg (g_subprocess_get_term_sig (proc) == sig, "%s was killed by signal %d, expected %d", what,
                 g_subprocess_get_term_sig (proc), sig);
}

/* --- plugins that fail ------------------------------------------------------ */

/* A plugin that crashes before it says anything: the connect fails with
 * the way it died; nothing else happens to the host. */
START_TEST (test_crash_at_start)
{
  g_autoptr (BridgeRegistry) registry = robust_registry ("--crash-at-start");
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  connection = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, &error);
  ck_assert_ptr_null (connection);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED),
                 "expected SPAWN_FAILED, got %s", error->message);
  ck_assert_msg (strstr (error->message, "killed by signal 6") != NULL,
                 "the message does not say it aborted: %s", error->message);
}
END_TEST

/* A plugin that writes something else than a HELLO: the handshake fails
 * on the framing, and the plugin is not left running.
 * PROTOCOL.md §4: anything but a HELLO first is refused. */
START_TEST (test_garbage_instead_of_hello)
{
  g_autoptr (BridgeRegistry) registry = robust_registry ("--garbage");
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  connection = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, &error);
  ck_assert_ptr_null (connection);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED),
                 "expected SPAWN_FAILED, got %s", error->message);
  ck_assert_msg (strstr (error->message, "bad magic 47 45 54 20") != NULL,
                 "the message does not say what was wrong: %s", error->message);
}
END_TEST

typedef struct
{
  gboolean done;
  GError *error;
} CallWait;

static void
on_call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CallWait *wait = user_data;
  g_autoptr (GVariant) reply
      = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, NULL, &wait->error);

  wait->done = TRUE;
}

static void
assert_call_failed (CallWait *wait, int code, const char *what)
{
  ck_assert_msg (bridge_test_wait_for (&wait->done, ROBUST_WATCHDOG_MS), "%s never finished", what);
  ck_assert_msg (wait->error != NULL, "%s succeeded", what);
  ck_assert_msg (g_error_matches (wait->error, BRIDGE_ERROR, code), "%s: expected code %d, got %s", what,
                 code, wait->error->message);
  g_clear_error (&wait->error);
}

/* A plugin that crashes in the middle of a call: the call fails CLOSED,
 * the connection says the peer is gone, a call after that fails at once,
 * and the next connect starts a fresh plugin that works. */
START_TEST (test_crash_during_call)
{
  g_autoptr (BridgeRegistry) registry = robust_registry (NULL);
  g_autoptr (BridgeConnection) connection
      = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, NULL);
  g_autoptr (GSubprocess) proc = started (connection);
  g_autoptr (BridgeConnection) again = NULL;
  g_autoptr (GSubprocess) proc_again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pid = g_strdup (g_subprocess_get_identifier (proc));
  CallWait crash = { 0 }, after = { 0 };

  bridge_connection_call_async (connection, ROBUST_INTERFACE, "Crash", NULL, NULL, ROBUST_WATCHDOG_MS, NULL,
                                on_call_done, &crash);
  ck_assert_msg (bridge_test_wait_for (&crash.done, ROBUST_WATCHDOG_MS), "Crash never finished");
  ck_assert_msg (crash.error != NULL && strstr (crash.error->message, "killed by signal 6") != NULL,
                 "the call's error does not say how the plugin died: %s",
                 crash.error ? crash.error->message : "no error");
  ck_assert_msg (strstr (bridge_connection_get_close_message (connection), "killed by signal 6") != NULL,
                 "closed: %s", bridge_connection_get_close_message (connection));
  assert_call_failed (&crash, BRIDGE_ERROR_CLOSED, "Crash");
  ck_assert (bridge_connection_is_closed (connection));
  bridge_connection_call_async (connection, ROBUST_INTERFACE, "Echo", g_variant_new ("(s)", "too late"), NULL,
                                ROBUST_WATCHDOG_MS, NULL, on_call_done, &after);
  assert_call_failed (&after, BRIDGE_ERROR_CLOSED, "an Echo after the crash");
  ck_assert_msg (bridge_connection_get_close_reason (connection) == BRIDGE_CLOSE_REASON_PEER_GONE,
                 "closed with reason %d: %s", bridge_connection_get_close_reason (connection),
                 bridge_connection_get_close_message (connection));
  robust_wait_for_exit (proc);
  assert_signaled (proc, SIGABRT, "the crashed plugin");

  again = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, NULL);
  proc_again = started (again);
  ck_assert_str_ne (pid, g_subprocess_get_identifier (proc_again));
  text = robust_echo (again, "after the crash");
  ck_assert_str_eq (text, "after the crash");
}
END_TEST

/* A plugin that exits in the middle of a blocking call: the call fails
 * CLOSED at once and says with which status, and so does the close. */
START_TEST (test_exit_during_sync_call)
{
  g_autoptr (BridgeRegistry) registry = robust_registry (NULL);
  g_autoptr (BridgeConnection) connection
      = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, NULL);
  g_autoptr (GSubprocess) proc = started (connection);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autofree char *expected
      = g_strdup_printf ("plugin robust (pid %s) exited with status 3", g_subprocess_get_identifier (proc));

  reply = bridge_connection_call_sync (connection, ROBUST_INTERFACE, "Exit", g_variant_new ("(i)", 3), NULL,
                                       NULL, ROBUST_WATCHDOG_MS, NULL, &error);
  ck_assert (reply == NULL);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED), "got %s",
                 error ? error->message : "no error");
  ck_assert_msg (strstr (error->message, expected) != NULL, "the error does not say \"%s\": %s", expected,
                 error->message);
  ck_assert_int_eq (bridge_connection_get_close_reason (connection), BRIDGE_CLOSE_REASON_PEER_GONE);
  ck_assert_msg (strstr (bridge_connection_get_close_message (connection), expected) != NULL, "closed: %s",
                 bridge_connection_get_close_message (connection));
  robust_wait_for_exit (proc);
}
END_TEST

/* A plugin stuck in a loop: calls time out (the connection stays, it is
 * a semantic failure); the host drops it, the registry kills it after
 * its grace period, and a new one works. */
START_TEST (test_hang_then_recover)
{
  g_autoptr (BridgeRegistry) registry = robust_registry (NULL);
  BridgeConnection *connection = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, NULL);
  g_autoptr (GSubprocess) proc = started (connection);
  g_autoptr (BridgeConnection) again = NULL;
  g_autofree char *text = NULL;
  CallWait hang = { 0 }, ping = { 0 };

  bridge_connection_call_async (connection, ROBUST_INTERFACE, "Hang", NULL, NULL, 300, NULL, on_call_done,
                                &hang);
  assert_call_failed (&hang, BRIDGE_ERROR_TIMED_OUT, "Hang");
  bridge_connection_call_async (connection, "org.libbridge.Peer1", "Ping", NULL, NULL, 300, NULL,
                                on_call_done, &ping);
  assert_call_failed (&ping, BRIDGE_ERROR_TIMED_OUT, "Ping to a stuck plugin");
  ck_assert_msg (!bridge_connection_is_closed (connection), "a timeout closed the connection");

  g_object_unref (connection);
  robust_wait_for_exit (proc);
  assert_signaled (proc, SIGKILL, "the stuck plugin");

  again = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, NULL);
  text = robust_echo (again, "after the hang");
  ck_assert_str_eq (text, "after the hang");
}
END_TEST

/* Exec lines that name something that cannot run. */
START_TEST (test_exec_not_runnable)
{
  g_autofree char *file = g_build_filename (g_get_home_dir (), "not-executable", NULL);
  const char *const cases[] = { file, g_get_home_dir () };

  ck_assert (g_file_set_contents (file, "#!/bin/sh\nexit 0\n", -1, NULL));
  ck_assert_int_eq (chmod (file, 0644), 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *exec = g_shell_quote (cases[i]);
      g_autoptr (BridgeRegistry) registry = robust_registry_with_manifest ("odd", exec, "org.example.Odd1;");
      g_autoptr (BridgeConnection) connection = NULL;
      g_autoptr (GError) error = NULL;

      connection = robust_connect (registry, "odd", BRIDGE_CONNECT_FLAGS_NONE, &error);
      ck_assert_ptr_null (connection);
      ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED),
                     "%s: expected SPAWN_FAILED, got %s", cases[i], error->message);
      ck_assert_msg (strstr (error->message, cases[i]) != NULL
                         && strstr (error->message, "Permission denied"),
                     "%s: the message does not say what and why: %s", cases[i], error->message);
    }
}
END_TEST

/* A host that stops reading while its plugin floods it with events: the
 * plugin's queue stops at its limit (8 MiB), the plugin drops the host
 * (peer-too-slow) and exits; the host, once it reads again, learns why. */
START_TEST (test_host_stops_reading)
{
  g_autoptr (BridgeRegistry) registry = robust_registry (NULL);
  g_autoptr (GMainContext) frozen = g_main_context_new ();
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;

  /* The connection lives in a context nobody iterates: nothing reads. */
  g_main_context_push_thread_default (frozen);
  connection = bridge_registry_connect_sync (registry, bridge_registry_find_by_name (registry, "robust"),
                                             BRIDGE_CONNECT_FLAGS_NONE, NULL, &error);
  g_main_context_pop_thread_default (frozen);
  ck_assert_msg (connection != NULL, "connect: %s", error ? error->message : "?");
  proc = started (connection);
  bridge_connection_call_async (connection, ROBUST_INTERFACE, "Flood", g_variant_new ("(u)", 64 * 1024), NULL,
                                BRIDGE_TIMEOUT_NONE, NULL, NULL, NULL);

  robust_wait_for_exit (proc);
  /* Status 1: BridgeService's "serving failed", its host having gone
   * another way than hanging up. */
  ck_assert_msg (g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 1,
                 "the flooding plugin did not exit with status 1: %s %d",
                 g_subprocess_get_if_exited (proc) ? "exit status" : "signal",
                 g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc)
                                                   : g_subprocess_get_term_sig (proc));

  g_main_context_push_thread_default (frozen);
  while (!bridge_connection_is_closed (connection))
    g_main_context_iteration (frozen, TRUE);
  g_main_context_pop_thread_default (frozen);
  ck_assert_msg (bridge_connection_get_close_reason (connection) == BRIDGE_CLOSE_REASON_PEER_GONE,
                 "closed with reason %d", bridge_connection_get_close_reason (connection));
  /* Best effort only (docs/PROTOCOL.md, "Closing"): the plugin's BYE
   * cannot follow a message it had half written into the socket. */
  ck_assert_msg (
      strstr (bridge_connection_get_close_message (connection), "peer-too-slow") != NULL
          || strstr (bridge_connection_get_close_message (connection), "in the middle of a message") != NULL,
      "the host is not told why: %s", bridge_connection_get_close_message (connection));
}
END_TEST

/* --- what a started plugin keeps -------------------------------------------- */

/* Fds the host holds, even without CLOEXEC, stay with the host: the plugin
 * starts with stdin, stdout, stderr and its socket on fd 3. */
START_TEST (test_started_plugin_fds)
{
  g_autoptr (BridgeRegistry) registry = robust_registry (NULL);
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autofree const char **fds = NULL;
  g_autofree char *listing = NULL;
  int leaky_pipe[2];
  int leaky_file;

  /* Inheritable on purpose: what a careless host (or library) leaves. */
  ck_assert_int_eq (pipe (leaky_pipe), 0);
  leaky_file = open ("/proc/self/status", O_RDONLY);
  ck_assert_int_ge (leaky_file, 0);

  connection = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, NULL);
  reply = robust_call (connection, ROBUST_INTERFACE, "StartupFds", NULL);
  g_variant_get (reply, "(^a&s)", &fds);
  listing = g_strjoinv (", ", (char **) fds);
  ck_assert_msg (g_strv_length ((char **) fds) == 4, "the plugin started with fds %s", listing);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%u -> ", i);

      ck_assert_msg (g_str_has_prefix (fds[i], prefix), "fd %u missing: %s", i, listing);
    }
  ck_assert_msg (g_str_has_prefix (fds[3], "3 -> socket:"), "fd 3 is not the socket: %s", listing);

  close (leaky_pipe[0]);
  close (leaky_pipe[1]);
  close (leaky_file);
}
END_TEST

/* PR_SET_NO_NEW_PRIVS: a started plugin can never gain privileges (a
 * setuid program it runs stays unprivileged). */
START_TEST (test_started_plugin_no_new_privs)
{
  g_autoptr (BridgeRegistry) registry = robust_registry (NULL);
  g_autoptr (BridgeConnection) connection
      = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, NULL);
  g_autoptr (GVariant) reply = robust_call (connection, ROBUST_INTERFACE, "Status", NULL);
  g_autoptr (GVariant) status = g_variant_get_child_value (reply, 0);
  const char *nnp = NULL;
  int pid = 0;

  ck_assert (g_variant_lookup (status, "no-new-privs", "&s", &nnp));
  ck_assert (g_variant_lookup (status, "pid", "i", &pid));
  ck_assert_int_eq (pid, bridge_connection_get_peer_pid (connection));
  ck_assert_msg (g_str_equal (nnp, "1"), "the plugin runs with NoNewPrivs '%s'", nnp);
  /* The host itself was not changed. */
  ck_assert_int_eq (prctl (PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0);
}
END_TEST

/* Bindings hand bridge_service_run() exactly argc strings, without the
 * NULL that ends a C argv (its annotation: array length=argc). It must not
 * read past them. Regression: it used to g_strdupv() them. */
START_TEST (test_service_argv_not_null_terminated)
{
  g_autoptr (BridgeService) service = bridge_service_new ("argv");
  /* A poison pointer after the last argument, where C would put NULL. */
  char *argv[] = { "plugin", "--help", (char *) (gintptr) 0x1 };
  int status;

  status = bridge_service_run (service, 2, argv);
  ck_assert_int_eq (status, 0);
}
END_TEST

static Suite *
robustness_suite (void)
{
  Suite *s = suite_create ("robustness");
  TCase *tc;

  tc = tcase_create ("plugin-faults");
  tcase_add_test (tc, test_crash_at_start);
  tcase_add_test (tc, test_garbage_instead_of_hello);
  tcase_add_test (tc, test_crash_during_call);
  tcase_add_test (tc, test_exit_during_sync_call);
  tcase_add_test (tc, test_hang_then_recover);
  tcase_add_test (tc, test_exec_not_runnable);
  tcase_add_test (tc, test_host_stops_reading);
  suite_add_tcase (s, tc);

  tc = tcase_create ("confinement");
  tcase_add_test (tc, test_started_plugin_fds);
  tcase_add_test (tc, test_started_plugin_no_new_privs);
  tcase_add_test (tc, test_service_argv_not_null_terminated);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (robustness_suite)