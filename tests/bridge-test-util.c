/* bridge-test-util.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-test-util.h"

#include <sys/socket.h>

static gboolean
flag_is_set (gpointer data)
{
  return *(const gboolean *) data;
}

static gboolean
on_watchdog (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
bridge_test_wait_until (gboolean (*cond) (gpointer data), gpointer data, guint timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, on_watchdog, &expired);

  while (!cond (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return cond (data);
}

gboolean
bridge_test_wait_for (const gboolean *flag, guint timeout_ms)
{
  return bridge_test_wait_until (flag_is_set, (gpointer) flag, timeout_ms);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} HandshakeWait;

static void
on_handshake (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HandshakeWait *wait = user_data;

  wait->ok = bridge_connection_handshake_finish (BRIDGE_CONNECTION (source), result, &wait->error);
  wait->done = TRUE;
}

void
bridge_test_connection_pair (BridgeConnection **a, BridgeConnection **b)
{
  int fds[2];
  GError *error = NULL;
  HandshakeWait wa = { 0 }, wb = { 0 };

  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  *a = bridge_connection_new_for_fd (fds[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  ck_assert_msg (*a != NULL, "connection a: %s", error ? error->message : "?");
  *b = bridge_connection_new_for_fd (fds[1], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  ck_assert_msg (*b != NULL, "connection b: %s", error ? error->message : "?");
  bridge_connection_set_name (*a, "a");
  bridge_connection_set_name (*b, "b");
  bridge_connection_handshake_async (*a, NULL, on_handshake, &wa);
  bridge_connection_handshake_async (*b, NULL, on_handshake, &wb);
  ck_assert (bridge_test_wait_for (&wa.done, 10000));
  ck_assert (bridge_test_wait_for (&wb.done, 10000));
  ck_assert_msg (wa.ok, "handshake a: %s", wa.error ? wa.error->message : "?");
  ck_assert_msg (wb.ok, "handshake b: %s", wb.error ? wb.error->message : "?");
}

guint
bridge_test_count_fds (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  ck_assert (dir != NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n - 1; /* the GDir's own fd */
}

char *
bridge_test_build_path (const char *name)
{
  return g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), name, NULL);
}

char *
bridge_test_src_path (const char *name)
{
  return g_build_filename (g_getenv ("BRIDGE_TEST_SRCDIR"), name, NULL);
}
