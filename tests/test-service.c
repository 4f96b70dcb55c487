/* test-service.c: BridgeService serving a host in this very process
 *
 * The plugin side as the registry starts it: a socketpair end handed over
 * in LIBBRIDGE_FD. The listening side is tested with real processes in
 * test-activation.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bridge-test-util.h"

typedef struct
{
  int fd;
  gboolean quit; /* ask the service to quit instead of hanging up */
  char *echoed;
  GError *error;
} Host;

static gpointer
host_thread (gpointer data)
{
  Host *host = data;
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GVariant) reply = NULL;

  g_main_context_push_thread_default (context);
  connection = bridge_connection_new_for_fd (host->fd, BRIDGE_CONNECTION_FLAGS_NONE, &host->error);
  if (connection != NULL && bridge_connection_handshake_sync (connection, NULL, &host->error))
    {
      reply = bridge_connection_call_sync (connection, "org.example.Service1", "Echo",
                                           g_variant_new ("(s)", "in-process"), NULL, NULL, 10000, NULL,
                                           &host->error);
      if (reply != NULL)
        g_variant_get (reply, "(s)", &host->echoed);
      if (host->quit)
        {
          g_clear_pointer (&reply, g_variant_unref);
          reply = bridge_connection_call_sync (connection, "org.example.Service1", "Quit", NULL, NULL, NULL,
                                               10000, NULL, NULL);
        }
      bridge_connection_close (connection);
    }
  g_clear_object (&connection);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
service_echo (BridgeInvocation *invocation, gpointer user_data)
{
  const char *text;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(&s)", &text);
  bridge_invocation_return_value (invocation, g_variant_new ("(s)", text));
}

static void
service_quit (BridgeInvocation *invocation, gpointer user_data)
{
  bridge_invocation_return_value (invocation, g_variant_new ("()"));
  bridge_service_quit (user_data);
}

typedef struct
{
  guint added;
  guint removed;
  gboolean listed; /* the connection was listed while added */
} ServiceCounts;

static void
on_added (BridgeService *service, BridgeConnection *connection, gpointer user_data)
{
  ServiceCounts *counts = user_data;

  ck_assert (bridge_connection_is_ready (connection));
  counts->listed = g_list_find (bridge_service_get_connections (service), connection) != NULL;
  counts->added++;
}

static void
on_removed (BridgeService *service, BridgeConnection *connection, gpointer user_data)
{
  ServiceCounts *counts = user_data;

  ck_assert (g_list_find (bridge_service_get_connections (service), connection) == NULL);
  counts->removed++;
}

/* Serves one host on a socketpair handed over in LIBBRIDGE_FD, as if the
 * registry had started us. */
static void
run_service_for_host (gboolean quit)
{
  g_autoptr (BridgeService) service = bridge_service_new ("inproc");
  g_autoptr (BridgeInterface) iface = bridge_interface_new ("org.example.Service1");
  g_autofree char *fd_text = NULL;
  ServiceCounts counts = { 0 };
  Host host = { .quit = quit };
  GThread *thread;
  int fds[2];
  int status;

  bridge_interface_add_method (iface, "Echo", "(s)", "(s)", service_echo, NULL, NULL);
  bridge_interface_add_method (iface, "Quit", "()", "()", service_quit, service, NULL);
  bridge_service_export (service, iface);
  g_signal_connect (service, "connection-added", G_CALLBACK (on_added), &counts);
  g_signal_connect (service, "connection-removed", G_CALLBACK (on_removed), &counts);

  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  fd_text = g_strdup_printf ("%d", fds[1]);
  g_setenv (BRIDGE_FD_ENV, fd_text, TRUE);
  host.fd = fds[0];
  thread = g_thread_new ("host", host_thread, &host);

  status = bridge_service_run (service, 0, NULL);
  g_thread_join (thread);

  ck_assert_msg (host.error == NULL, "host: %s", host.error ? host.error->message : "");
  ck_assert_str_eq (host.echoed, "in-process");
  ck_assert_int_eq (status, 0);
  ck_assert_msg (g_getenv (BRIDGE_FD_ENV) == NULL, "%s was left in the environment", BRIDGE_FD_ENV);
  ck_assert_uint_eq (counts.added, 1);
  ck_assert (counts.listed);
  ck_assert_uint_eq (counts.removed, 1);
  ck_assert_ptr_null (bridge_service_get_connections (service));
  g_free (host.echoed);
}

/* PROTOCOL.md §10.4: the plugin takes its fd from LIBBRIDGE_FD, unsets it, and exits when the host goes. */
START_TEST (test_service_ends_with_host)
{
  run_service_for_host (FALSE);
}
END_TEST

START_TEST (test_service_quit)
{
  run_service_for_host (TRUE);
}
END_TEST

/* PROTOCOL.md §10.4: a LIBBRIDGE_FD that is no socket is refused. */
START_TEST (test_service_bad_fd)
{
  g_autoptr (BridgeService) service = bridge_service_new ("inproc");
  int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  g_autofree char *fd_text = g_strdup_printf ("%d", fd);

  /* Not a socket, not a number: refused with status 1, nothing served. */
  g_setenv (BRIDGE_FD_ENV, fd_text, TRUE);
  ck_assert_int_eq (bridge_service_run (service, 0, NULL), 1);
  g_setenv (BRIDGE_FD_ENV, "three", TRUE);
  ck_assert_int_eq (bridge_service_run (service, 0, NULL), 1);
  close (fd);
}
END_TEST

/* docs/PROTOCOL.md section 4 step 6, over a socketpair: a plugin started
 * under another uid than its host's refuses it with BYE(permission-denied)
 * before it closes, and the host, blocked in its handshake or not, is told
 * that reason rather than a bare "peer closed the connection". */
#define NOBODY 65534

static void
drop_to_nobody (gpointer user_data)
{
  if (setgid (NOBODY) != 0 || setuid (NOBODY) != 0)
    _exit (126);
}

static BridgeConnection *
start_clock_as_nobody (GSubprocess **proc)
{
  g_autofree char *clock
      = g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "..", "examples", "clock-plugin", NULL);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GError) error = NULL;
  BridgeConnection *connection;
  int fds[2];

  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  g_subprocess_launcher_setenv (launcher, BRIDGE_FD_ENV, "3", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, drop_to_nobody, NULL, NULL);
  *proc = g_subprocess_launcher_spawn (launcher, &error, clock, NULL);
  ck_assert_msg (*proc != NULL, "cannot start %s: %s", clock, error ? error->message : "?");
  g_subprocess_launcher_close (launcher);
  connection = bridge_connection_new_for_fd (fds[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  ck_assert_msg (connection != NULL, "%s", error ? error->message : "?");
  return connection;
}

static void
assert_refused (BridgeConnection *connection, GSubprocess *proc, const GError *error)
{
  g_autoptr (GError) wait_error = NULL;

  ck_assert_msg (error != NULL, "a plugin of another uid finished the handshake");
  ck_assert_msg (strstr (error->message, "(permission-denied)") != NULL,
                 "the host was not told the BYE's reason: %s", error->message);
  ck_assert_msg (g_subprocess_wait (proc, NULL, &wait_error), "%s", wait_error ? wait_error->message : "?");
  ck_assert_msg (g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 1,
                 "the refusing plugin exits with status 1");
}

/* PROTOCOL.md §1, §4 step 6: a peer of another uid is refused with a BYE. */
START_TEST (test_other_uid_host_gets_bye_sync)
{
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;

  if (getuid () != 0)
    BRIDGE_TEST_SKIP ("needs root, to run the plugin as another user");
  connection = start_clock_as_nobody (&proc);
  ck_assert (!bridge_connection_handshake_sync (connection, NULL, &error));
  assert_refused (connection, proc, error);
}
END_TEST

static void
on_refused (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  ck_assert (!bridge_connection_handshake_finish (BRIDGE_CONNECTION (source), result, error));
}

START_TEST (test_other_uid_host_gets_bye_async)
{
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  GError *error = NULL;

  if (getuid () != 0)
    BRIDGE_TEST_SKIP ("needs root, to run the plugin as another user");
  connection = start_clock_as_nobody (&proc);
  bridge_connection_handshake_async (connection, NULL, on_refused, &error);
  ck_assert_msg (
      bridge_test_wait_until ((gboolean (*) (gpointer)) bridge_connection_is_closed, connection, 10000),
      "the handshake with a refusing plugin did not end");
  while (error == NULL && g_main_context_iteration (NULL, TRUE))
    ;
  assert_refused (connection, proc, error);
  g_clear_error (&error);
}
END_TEST

static Suite *
service_suite (void)
{
  Suite *s = suite_create ("service");
  TCase *tc = tcase_create ("activated");

  tcase_add_test (tc, test_service_ends_with_host);
  tcase_add_test (tc, test_service_quit);
  tcase_add_test (tc, test_service_bad_fd);
  suite_add_tcase (s, tc);

  tc = tcase_create ("other-uid");
  tcase_set_tags (tc, BRIDGE_TEST_OWN_RUN);
  tcase_add_test (tc, test_other_uid_host_gets_bye_sync);
  tcase_add_test (tc, test_other_uid_host_gets_bye_async);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (service_suite)
