/* test-connection.c: calls, replies, events, fds, errors and closing,
 * between two connections over a real socketpair
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-test-util.h"
#include "bridge-message-private.h"

#include <gio/gunixfdlist.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define IFACE "org.example.Test1"

static BridgeConnection *a, *b;

/* ---- the interface b exports ------------------------------------------ */

static void
on_add (BridgeInvocation *inv, gpointer user_data)
{
  int x, y;

  g_variant_get (bridge_invocation_get_parameters (inv), "(ii)", &x, &y);
  bridge_invocation_return_value (inv, g_variant_new ("(i)", x + y));
}

static gboolean
reply_later (gpointer data)
{
  BridgeInvocation *inv = data;
  const char *text;

  g_variant_get (bridge_invocation_get_parameters (inv), "(&s)", &text);
  bridge_invocation_return_value (inv, g_variant_new ("(s)", text));
  return G_SOURCE_REMOVE;
}

static void
on_echo_later (BridgeInvocation *inv, gpointer user_data)
{
  /* Replies out of order: later calls get a shorter delay. */
  const char *text;
  g_variant_get (bridge_invocation_get_parameters (inv), "(&s)", &text);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 50 - MIN (50, atoi (text)), reply_later, g_object_ref (inv),
                      g_object_unref);
}

static void
on_fail (BridgeInvocation *inv, gpointer user_data)
{
  bridge_invocation_return_error (inv, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "no entry to %s",
                                  "the vault");
}

static GPtrArray *held; /* invocations never answered, for timeouts */

static void
on_hang (BridgeInvocation *inv, gpointer user_data)
{
  g_ptr_array_add (held, g_object_ref (inv));
}

static void
on_drop (BridgeInvocation *inv, gpointer user_data)
{
}

static void
on_read_fd (BridgeInvocation *inv, gpointer user_data)
{
  GUnixFDList *fds = bridge_invocation_get_fds (inv);
  char buf[64] = { 0 };

  ck_assert_msg (fds != NULL && g_unix_fd_list_get_length (fds) == 1, "expected one fd");
  int fd = g_unix_fd_list_get (fds, 0, NULL);
  ssize_t n = read (fd, buf, sizeof buf - 1);
  close (fd);
  ck_assert_int_gt (n, 0);

  /* Answer with a pipe of our own holding the text reversed. */
  int p[2];
  ck_assert_int_eq (pipe (p), 0);
  g_autofree char *rev = g_utf8_strreverse (buf, -1);
  ck_assert_int_eq (write (p[1], rev, strlen (rev)), (ssize_t) strlen (rev));
  close (p[1]);
  g_autoptr (GUnixFDList) out = g_unix_fd_list_new_from_array (&p[0], 1);
  bridge_invocation_return_value_with_fds (inv, g_variant_new ("(s)", buf), out);
}

static BridgeInterface *
make_test_interface (void)
{
  BridgeInterface *iface = bridge_interface_new (IFACE);

  bridge_interface_add_method (iface, "Add", "(ii)", "(i)", on_add, NULL, NULL);
  bridge_interface_add_method (iface, "EchoLater", "(s)", "(s)", on_echo_later, NULL, NULL);
  bridge_interface_add_method (iface, "Fail", "()", "()", on_fail, NULL, NULL);
  bridge_interface_add_method (iface, "Hang", "()", "()", on_hang, NULL, NULL);
  bridge_interface_add_method (iface, "Drop", "()", "()", on_drop, NULL, NULL);
  bridge_interface_add_method (iface, "ReadFd", "()", "(s)", on_read_fd, NULL, NULL);
  bridge_interface_add_event (iface, "Tick", "(x)");
  return iface;
}

/* A pair where b exports the test interface; a exports it too, so that
 * calls can go either way. */
static void
setup_pair (void)
{
  int fds[2];
  g_autoptr (BridgeInterface) iface = make_test_interface ();
  GError *error = NULL;

  held = g_ptr_array_new_with_free_func (g_object_unref);
  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  a = bridge_connection_new_for_fd (fds[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  b = bridge_connection_new_for_fd (fds[1], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  ck_assert (a != NULL && b != NULL);
  bridge_connection_set_name (a, "host");
  bridge_connection_set_name (b, "plugin");
  bridge_connection_export (a, iface);
  bridge_connection_export (b, iface);
  bridge_connection_handshake_async (a, NULL, NULL, NULL);
  ck_assert_msg (bridge_connection_handshake_sync (b, NULL, &error), "handshake: %s",
                 error ? error->message : "");
  ck_assert (bridge_test_wait_until ((gboolean (*) (gpointer)) bridge_connection_is_ready, a, 5000));
}

static void
teardown_pair (void)
{
  g_clear_pointer (&held, g_ptr_array_unref);
  g_clear_object (&a);
  g_clear_object (&b);
}

/* ---- async helpers ---------------------------------------------------- */

typedef struct
{
  gboolean done;
  GVariant *value;
  GUnixFDList *fds;
  GError *error;
} CallResult;

static void
call_result_clear (CallResult *r)
{
  g_clear_pointer (&r->value, g_variant_unref);
  g_clear_object (&r->fds);
  g_clear_error (&r->error);
  r->done = FALSE;
}

static void
on_call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CallResult *r = user_data;

  r->value = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, &r->fds, &r->error);
  r->done = TRUE;
}

static void
call_and_wait (BridgeConnection *conn,
               const char *method,
               GVariant *args,
               GUnixFDList *fds,
               int timeout_ms,
               GCancellable *cancellable,
               CallResult *r)
{
  bridge_connection_call_async (conn, IFACE, method, args, fds, timeout_ms, cancellable, on_call_done, r);
  ck_assert_msg (bridge_test_wait_for (&r->done, 10000), "%s: no answer in 10 s", method);
}

typedef struct
{
  gboolean closed;
  BridgeCloseReason reason;
  char *message;
} Closed;

static void
on_closed (BridgeConnection *conn, BridgeCloseReason reason, const char *message, gpointer user_data)
{
  Closed *c = user_data;

  ck_assert_msg (!c->closed, "closed emitted twice");
  c->closed = TRUE;
  c->reason = reason;
  c->message = g_strdup (message);
}

/* ---- tests ------------------------------------------------------------ */

START_TEST (test_handshake)
{
  ck_assert_str_eq (bridge_connection_get_peer_name (a), "plugin");
  ck_assert_str_eq (bridge_connection_get_peer_name (b), "host");
  ck_assert (bridge_connection_peer_implements (a, IFACE));
  ck_assert (!bridge_connection_peer_implements (a, "org.example.Other1"));
  ck_assert_int_eq (bridge_connection_get_peer_pid (a), getpid ());
  ck_assert_uint_eq (bridge_connection_get_peer_uid (a), getuid ());
}
END_TEST

START_TEST (test_call_both_ways)
{
  CallResult r = { 0 };
  int sum;

  call_and_wait (a, "Add", g_variant_new ("(ii)", 2, 40), NULL, -1, NULL, &r);
  ck_assert_msg (r.value != NULL, "Add failed: %s", r.error ? r.error->message : "");
  g_variant_get (r.value, "(i)", &sum);
  ck_assert_int_eq (sum, 42);
  call_result_clear (&r);

  call_and_wait (b, "Add", g_variant_new ("(ii)", -5, 3), NULL, -1, NULL, &r);
  ck_assert_msg (r.value != NULL, "reverse Add failed: %s", r.error ? r.error->message : "");
  g_variant_get (r.value, "(i)", &sum);
  ck_assert_int_eq (sum, -2);
  call_result_clear (&r);
}
END_TEST

static gpointer
serve_in_thread (gpointer data)
{
  GMainContext *context = data;
  gboolean *stop = g_object_get_data (G_OBJECT (a), "stop");

  g_main_context_push_thread_default (context);
  while (!g_atomic_int_get (stop))
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  return NULL;
}

START_TEST (test_call_sync_from_worker)
{
  /* The connection a lives in a context served by a worker thread; this
   * thread blocks in call_sync on b while a answers. */
  GMainContext *context = g_main_context_new ();
  gboolean stop = FALSE;
  int fds[2];
  GError *error = NULL;
  g_autoptr (BridgeInterface) iface = make_test_interface ();

  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  g_main_context_push_thread_default (context);
  BridgeConnection *server = bridge_connection_new_for_fd (fds[0], 0, &error);
  bridge_connection_export (server, iface);
  bridge_connection_handshake_async (server, NULL, NULL, NULL);
  g_main_context_pop_thread_default (context);

  g_object_set_data (G_OBJECT (a), "stop", &stop);
  GThread *thread = g_thread_new ("server", serve_in_thread, context);

  BridgeConnection *client = bridge_connection_new_for_fd (fds[1], 0, &error);
  ck_assert_msg (bridge_connection_handshake_sync (client, NULL, &error), "%s", error ? error->message : "");
  for (int i = 0; i < 100; i++)
    {
      g_autoptr (GVariant) reply = bridge_connection_call_sync (
          client, IFACE, "Add", g_variant_new ("(ii)", i, 1), NULL, NULL, 5000, NULL, &error);
      ck_assert_msg (reply != NULL, "call %d: %s", i, error ? error->message : "");
      int sum;
      g_variant_get (reply, "(i)", &sum);
      ck_assert_int_eq (sum, i + 1);
    }

  g_object_unref (client);
  g_atomic_int_set (&stop, TRUE);
  g_main_context_wakeup (context);
  g_thread_join (thread);
  g_object_unref (server);
  g_main_context_unref (context);
}
END_TEST

START_TEST (test_concurrent_calls)
{
  enum
  {
    N = 40
  };
  CallResult r[N] = { 0 };

  /* Answers come back in the reverse order; each must reach its caller. */
  for (int i = 0; i < N; i++)
    {
      char text[16];
      g_snprintf (text, sizeof text, "%d", i);
      bridge_connection_call_async (a, IFACE, "EchoLater", g_variant_new ("(s)", text), NULL, -1, NULL,
                                    on_call_done, &r[i]);
    }
  for (int i = 0; i < N; i++)
    {
      const char *text;
      char want[16];

      ck_assert_msg (bridge_test_wait_for (&r[i].done, 10000), "call %d unanswered", i);
      ck_assert_msg (r[i].value != NULL, "call %d: %s", i, r[i].error->message);
      g_variant_get (r[i].value, "(&s)", &text);
      g_snprintf (want, sizeof want, "%d", i);
      ck_assert_str_eq (text, want);
      call_result_clear (&r[i]);
    }
}
END_TEST

START_TEST (test_semantic_errors_keep_connection)
{
  CallResult r = { 0 };

  call_and_wait (a, "Add", g_variant_new ("(s)", "two"), NULL, -1, NULL, &r);
  ck_assert (r.value == NULL);
  ck_assert_msg (g_error_matches (r.error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS), "got %s",
                 r.error->message);
  ck_assert_msg (strstr (r.error->message, "takes (ii), not (s)") != NULL, "%s", r.error->message);
  call_result_clear (&r);

  call_and_wait (a, "Subtract", NULL, NULL, -1, NULL, &r);
  ck_assert (g_error_matches (r.error, BRIDGE_ERROR, BRIDGE_ERROR_UNKNOWN_METHOD));
  call_result_clear (&r);

  bridge_connection_call_async (a, "org.example.Missing1", "Add", NULL, NULL, -1, NULL, on_call_done, &r);
  ck_assert (bridge_test_wait_for (&r.done, 10000));
  ck_assert (g_error_matches (r.error, BRIDGE_ERROR, BRIDGE_ERROR_UNKNOWN_INTERFACE));
  call_result_clear (&r);

  call_and_wait (a, "Add", g_variant_new ("(ii)", 1, 1), NULL, -1, NULL, &r);
  ck_assert_msg (r.value != NULL, "connection did not survive the errors");
  call_result_clear (&r);
  ck_assert (!bridge_connection_is_closed (a));
}
END_TEST

START_TEST (test_remote_error_preserved)
{
  CallResult r = { 0 };

  call_and_wait (a, "Fail", NULL, NULL, -1, NULL, &r);
  ck_assert_msg (g_error_matches (r.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED), "got %s %d",
                 g_quark_to_string (r.error->domain), r.error->code);
  ck_assert_str_eq (r.error->message, "no entry to the vault");
  call_result_clear (&r);
}
END_TEST

START_TEST (test_dropped_invocation)
{
  CallResult r = { 0 };

  call_and_wait (a, "Drop", NULL, NULL, -1, NULL, &r);
  ck_assert (g_error_matches (r.error, BRIDGE_ERROR, BRIDGE_ERROR_NO_REPLY));
  call_result_clear (&r);
}
END_TEST

START_TEST (test_builtin_peer_interface)
{
  CallResult r = { 0 };

  bridge_connection_call_async (a, "org.libbridge.Peer1", "Ping", NULL, NULL, -1, NULL, on_call_done, &r);
  ck_assert (bridge_test_wait_for (&r.done, 10000));
  ck_assert_msg (r.value != NULL, "Ping: %s", r.error ? r.error->message : "");
  call_result_clear (&r);

  bridge_connection_call_async (a, "org.libbridge.Peer1", "Describe", NULL, NULL, -1, NULL, on_call_done, &r);
  ck_assert (bridge_test_wait_for (&r.done, 10000));
  ck_assert_msg (r.value != NULL, "Describe: %s", r.error ? r.error->message : "");
  g_autofree char *text = g_variant_print (r.value, FALSE);
  ck_assert_msg (strstr (text, "('Add', '(ii)', '(i)')") != NULL, "Describe says %s", text);
  ck_assert_msg (strstr (text, "('Tick', '(x)')") != NULL, "Describe says %s", text);
  ck_assert_msg (g_str_has_prefix (text, "('plugin', "), "Describe says %s", text);
  call_result_clear (&r);
}
END_TEST

typedef struct
{
  int ticks;
  int any;
  gint64 last;
} Events;

static void
on_tick (BridgeConnection *conn,
         const char *iface,
         const char *event,
         GVariant *args,
         GUnixFDList *fds,
         gpointer user_data)
{
  Events *e = user_data;

  ck_assert_str_eq (iface, IFACE);
  ck_assert_str_eq (event, "Tick");
  g_variant_get (args, "(x)", &e->last);
  e->ticks++;
}

static void
on_any_event (BridgeConnection *conn,
              const char *iface,
              const char *event,
              GVariant *args,
              GUnixFDList *fds,
              gpointer user_data)
{
  ((Events *) user_data)->any++;
}

static gboolean
got_two_any (gpointer data)
{
  return ((Events *) data)->any >= 3;
}

START_TEST (test_events_by_detail)
{
  Events e = { 0 };
  GError *error = NULL;

  g_signal_connect (a, "event::Tick", G_CALLBACK (on_tick), &e);
  g_signal_connect (a, "event", G_CALLBACK (on_any_event), &e);
  ck_assert (bridge_connection_emit (b, IFACE, "Tick", g_variant_new ("(x)", (gint64) 7), NULL, &error));
  ck_assert (bridge_connection_emit (b, IFACE, "Tock", NULL, NULL, &error));
  ck_assert (bridge_connection_emit (b, IFACE, "Tick", g_variant_new ("(x)", (gint64) 8), NULL, &error));
  ck_assert (bridge_test_wait_until (got_two_any, &e, 5000));
  ck_assert_int_eq (e.ticks, 2);
  ck_assert_int_eq (e.last, 8);
}
END_TEST

START_TEST (test_fd_passing)
{
  CallResult r = { 0 };
  int p[2];
  guint fds_before = bridge_test_count_fds ();

  ck_assert_int_eq (pipe (p), 0);
  ck_assert_int_eq (write (p[1], "bridge", 6), 6);
  close (p[1]);
  GUnixFDList *list = g_unix_fd_list_new_from_array (&p[0], 1);
  call_and_wait (a, "ReadFd", NULL, list, -1, NULL, &r);
  g_object_unref (list);
  ck_assert_msg (r.value != NULL, "ReadFd: %s", r.error ? r.error->message : "");
  ck_assert_msg (r.fds != NULL && g_unix_fd_list_get_length (r.fds) == 1, "no fd in the reply");

  char buf[16] = { 0 };
  int fd = g_unix_fd_list_get (r.fds, 0, NULL);
  ck_assert_int_eq (read (fd, buf, sizeof buf), 6);
  close (fd);
  ck_assert_str_eq (buf, "egdirb");
  call_result_clear (&r);
  ck_assert_uint_eq (bridge_test_count_fds (), fds_before);
}
END_TEST

/* PROTOCOL.md §2.4: an answer to a call no longer waited for is dropped quietly. */
START_TEST (test_timeout)
{
  CallResult r = { 0 };

  call_and_wait (a, "Hang", NULL, NULL, 100, NULL, &r);
  ck_assert_msg (g_error_matches (r.error, BRIDGE_ERROR, BRIDGE_ERROR_TIMED_OUT), "got %s",
                 r.error ? r.error->message : "a reply");
  ck_assert_msg (strstr (r.error->message, IFACE ".Hang") != NULL, "%s", r.error->message);
  call_result_clear (&r);
  /* The late answer is dropped quietly; the connection goes on. */
  bridge_invocation_return_value (g_ptr_array_index (held, 0), NULL);
  call_and_wait (a, "Add", g_variant_new ("(ii)", 1, 2), NULL, -1, NULL, &r);
  ck_assert (r.value != NULL);
  call_result_clear (&r);
}
END_TEST

START_TEST (test_sync_timeout)
{
  GError *error = NULL;
  /* a answers from this thread's context, which call_sync does not run:
   * Hang never answers anyway. */
  GVariant *reply = bridge_connection_call_sync (a, IFACE, "Hang", NULL, NULL, NULL, 100, NULL, &error);

  ck_assert (reply == NULL);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_TIMED_OUT), "%s", error->message);
  g_clear_error (&error);
}
END_TEST

START_TEST (test_cancel)
{
  CallResult r = { 0 };
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  bridge_connection_call_async (a, IFACE, "Hang", NULL, NULL, -1, cancellable, on_call_done, &r);
  g_cancellable_cancel (cancellable);
  ck_assert (bridge_test_wait_for (&r.done, 5000));
  ck_assert (g_error_matches (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  call_result_clear (&r);
}
END_TEST

START_TEST (test_too_many_pending)
{
  CallResult r[3] = { 0 };

  bridge_connection_set_limit (a, BRIDGE_LIMIT_PENDING_CALLS, 2);
  for (int i = 0; i < 3; i++)
    bridge_connection_call_async (a, IFACE, "Hang", NULL, NULL, -1, NULL, on_call_done, &r[i]);
  ck_assert (bridge_test_wait_for (&r[2].done, 5000));
  ck_assert (g_error_matches (r[2].error, BRIDGE_ERROR, BRIDGE_ERROR_TOO_MANY_PENDING));
  ck_assert (!r[0].done && !r[1].done);
  ck_assert (!bridge_connection_is_closed (a));
  call_result_clear (&r[2]);
  /* Closing fails the two still waiting at once. */
  bridge_connection_close (a);
  ck_assert (r[0].done || bridge_test_wait_for (&r[0].done, 5000));
  ck_assert (bridge_test_wait_for (&r[1].done, 5000));
  ck_assert (g_error_matches (r[0].error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED));
  call_result_clear (&r[0]);
  call_result_clear (&r[1]);
}
END_TEST

static gboolean
has_held (gpointer data)
{
  return held->len > 0;
}

START_TEST (test_peer_gone_mid_call)
{
  CallResult r = { 0 };
  Closed c = { 0 };

  g_signal_connect (a, "closed", G_CALLBACK (on_closed), &c);
  bridge_connection_call_async (a, IFACE, "Hang", NULL, NULL, BRIDGE_TIMEOUT_NONE, NULL, on_call_done, &r);
  /* Let b receive the call, then drop b entirely. */
  ck_assert (bridge_test_wait_until (has_held, NULL, 5000));
  bridge_connection_close (b);

  ck_assert (bridge_test_wait_for (&r.done, 5000));
  ck_assert_msg (g_error_matches (r.error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED), "got %s", r.error->message);
  ck_assert (bridge_test_wait_for (&c.closed, 5000));
  ck_assert_int_eq (c.reason, BRIDGE_CLOSE_REASON_PEER_GONE);
  /* The property is "is-closed", so the "closed" signal has its name to
   * itself (issue 14.4: Vala drops a signal that shares a property's). */
  gboolean is_closed = FALSE;
  g_object_get (a, "is-closed", &is_closed, NULL);
  ck_assert (is_closed);
  ck_assert_ptr_null (g_object_class_find_property (G_OBJECT_GET_CLASS (a), "closed"));
  call_result_clear (&r);
  g_free (c.message);
}
END_TEST

/* PROTOCOL.md §8: closing sends a BYE with the reason first. */
START_TEST (test_local_close_tells_peer)
{
  Closed ca = { 0 }, cb = { 0 };

  g_signal_connect (a, "closed", G_CALLBACK (on_closed), &ca);
  g_signal_connect (b, "closed", G_CALLBACK (on_closed), &cb);
  bridge_connection_close (a);
  ck_assert (bridge_connection_is_closed (a));
  ck_assert (bridge_test_wait_for (&ca.closed, 5000));
  ck_assert (bridge_test_wait_for (&cb.closed, 5000));
  ck_assert_int_eq (ca.reason, BRIDGE_CLOSE_REASON_LOCAL);
  ck_assert_int_eq (cb.reason, BRIDGE_CLOSE_REASON_PEER_GONE);
  ck_assert_msg (strstr (cb.message, "host closed the connection: it was done with it") != NULL,
                 "peer was told: %s", cb.message);

  GError *error = NULL;
  ck_assert (!bridge_connection_emit (a, IFACE, "Tick", NULL, NULL, &error));
  ck_assert (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED));
  g_clear_error (&error);
  g_free (ca.message);
  g_free (cb.message);
}
END_TEST

START_TEST (test_big_message)
{
  CallResult r = { 0 };
  gsize size = 3 * 1024 * 1024;
  g_autofree char *text = g_malloc (size + 1);

  memset (text, 'x', size);
  text[size] = '\0';
  text[size / 2] = 'y';
  call_and_wait (a, "EchoLater", g_variant_new ("(s)", text), NULL, -1, NULL, &r);
  ck_assert_msg (r.value != NULL, "3 MiB echo: %s", r.error ? r.error->message : "");
  const char *back;
  g_variant_get (r.value, "(&s)", &back);
  ck_assert_uint_eq (strlen (back), size);
  ck_assert_int_eq (back[size / 2], 'y');
  call_result_clear (&r);
}
END_TEST

START_TEST (test_send_over_limit_fails_locally)
{
  GError *error = NULL;
  g_autofree guint8 *blob = g_malloc0 (1024);

  bridge_connection_set_limit (a, BRIDGE_LIMIT_MESSAGE_SIZE, 512);
  ck_assert (!bridge_connection_emit (
      a, IFACE, "Blob",
      g_variant_new ("(@ay)", g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, blob, 1024, 1)), NULL, &error));
  ck_assert (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED));
  g_clear_error (&error);
  ck_assert (!bridge_connection_is_closed (a));
}
END_TEST

/* PROTOCOL.md 9: any one message up to the 16 MiB limit is sent, though
 * the send queue's limit is 8 MiB; one byte more fails locally and the
 * connection stays. Each size, in both directions. */
static const gsize message_sizes[] = { 8 << 20, 9 << 20, 16 << 20, (16 << 20) + 1 };

START_TEST (test_message_sizes_up_to_limit)
{
  gsize target = message_sizes[_i % G_N_ELEMENTS (message_sizes)];
  BridgeConnection *from = _i < (int) G_N_ELEMENTS (message_sizes) ? a : b;
  gsize n = target - 64, size = 0;
  GVariant *args = NULL;

  /* The string length that makes the whole CALL message @target bytes. */
  for (int tries = 0; tries < 8 && size != target; tries++)
    {
      g_autofree char *text = g_malloc (n + 1);
      memset (text, 'x', n);
      text[n] = '\0';
      g_clear_pointer (&args, g_variant_unref);
      args = g_variant_ref_sink (g_variant_new ("(s)", text));
      g_autoptr (GVariant) body = g_variant_ref_sink (g_variant_new ("(ssv)", IFACE, "EchoLater", args));
      size = BRIDGE_HEADER_SIZE + g_variant_get_size (body);
      n += target - size;
    }
  ck_assert_msg (size == target, "no string makes a %" G_GSIZE_FORMAT "-byte message", target);

  CallResult r = { 0 };
  call_and_wait (from, "EchoLater", args, NULL, -1, NULL, &r);
  g_variant_unref (args);
  if (target <= bridge_connection_get_limit (from, BRIDGE_LIMIT_MESSAGE_SIZE))
    ck_assert_msg (r.value != NULL, "a %" G_GSIZE_FORMAT "-byte call failed: %s", target,
                   r.error ? r.error->message : "");
  else
    ck_assert_msg (g_error_matches (r.error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED),
                   "a %" G_GSIZE_FORMAT "-byte call did not fail with LIMIT_EXCEEDED", target);
  ck_assert (!bridge_connection_is_closed (a) && !bridge_connection_is_closed (b));
  call_result_clear (&r);
}
END_TEST

static Suite *
connection_suite (void)
{
  Suite *s = suite_create ("connection");
  TCase *tc = tcase_create ("calls");

  tcase_add_checked_fixture (tc, setup_pair, teardown_pair);
  tcase_add_test (tc, test_handshake);
  tcase_add_loop_test (tc, test_message_sizes_up_to_limit, 0, 2 * G_N_ELEMENTS (message_sizes));
  tcase_add_test (tc, test_call_both_ways);
  tcase_add_test (tc, test_call_sync_from_worker);
  tcase_add_test (tc, test_concurrent_calls);
  tcase_add_test (tc, test_semantic_errors_keep_connection);
  tcase_add_test (tc, test_remote_error_preserved);
  tcase_add_test (tc, test_dropped_invocation);
  tcase_add_test (tc, test_builtin_peer_interface);
  tcase_add_test (tc, test_events_by_detail);
  tcase_add_test (tc, test_fd_passing);
  tcase_add_test (tc, test_big_message);
  tcase_add_test (tc, test_send_over_limit_fails_locally);
  suite_add_tcase (s, tc);

  tc = tcase_create ("failures");
  tcase_add_checked_fixture (tc, setup_pair, teardown_pair);
  tcase_add_test (tc, test_timeout);
  tcase_add_test (tc, test_sync_timeout);
  tcase_add_test (tc, test_cancel);
  tcase_add_test (tc, test_too_many_pending);
  tcase_add_test (tc, test_peer_gone_mid_call);
  tcase_add_test (tc, test_local_close_tells_peer);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (connection_suite)
