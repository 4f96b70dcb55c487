/* test-plugin-log.c: a started plugin's stderr reaches the host's log
 *
 * Each line a plugin started by the registry writes to stderr is logged
 * by the host in the domain "libbridge-plugin" as "plugin NAME[PID]:
 * line" (libbridge/bridge-plugin-log.c), even while the host's own main
 * context is not iterated. The robust test plugin writes what it is told.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "bridge-activation-private.h"
#include "robust-util.h"

static GAsyncQueue *lines;

static void
on_plugin_log (const char *domain, GLogLevelFlags level, const char *message, gpointer user_data)
{
  g_async_queue_push (lines, g_strdup (message));
}

static char *
next_line (void)
{
  return g_async_queue_timeout_pop (lines, (guint64) ROBUST_WATCHDOG_MS * 1000);
}

START_TEST (test_stderr_in_host_log)
{
  g_autoptr (BridgeRegistry) registry = robust_registry (NULL);
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autofree char *first = NULL, *second = NULL, *third = NULL, *prefix = NULL;
  guint handler;

  lines = g_async_queue_new_full (g_free);
  handler = g_log_set_handler ("libbridge-plugin", G_LOG_LEVEL_MASK, on_plugin_log, NULL);
  connection = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, NULL);
  ck_assert (connection != NULL);
  prefix = g_strdup_printf ("plugin robust[%s]: ",
                            g_subprocess_get_identifier (bridge_registry_get_subprocess (connection)));

  /* A blocking call: the host's own context is not iterated meanwhile. */
  reply = bridge_connection_call_sync (connection, ROBUST_INTERFACE, "Complain",
                                       g_variant_new ("(s)", "something is odd\nsecond line\r\nthird"), NULL,
                                       NULL, ROBUST_WATCHDOG_MS, NULL, NULL);
  ck_assert (reply != NULL);
  first = next_line ();
  second = next_line ();
  third = next_line ();
  ck_assert_msg (first != NULL && third != NULL, "the plugin's stderr never reached the log");
  ck_assert_msg (g_str_has_prefix (first, prefix)
                     && g_str_equal (first + strlen (prefix), "something is odd"),
                 "logged: %s", first);
  ck_assert_msg (g_str_equal (second + strlen (prefix), "second line"), "logged: %s", second);
  ck_assert_msg (g_str_equal (third + strlen (prefix), "third"), "logged: %s", third);
  g_log_remove_handler ("libbridge-plugin", handler);
  g_clear_object (&connection);
  g_async_queue_unref (lines);
}
END_TEST

static Suite *
plugin_log_suite (void)
{
  Suite *s = suite_create ("plugin-log");
  TCase *tc = tcase_create ("plugin-log");

  tcase_add_test (tc, test_stderr_in_host_log);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (plugin_log_suite)
