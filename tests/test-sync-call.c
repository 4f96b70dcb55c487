/* test-sync-call.c: a blocking call is the async one waited for on a
 * private main context, so the connection goes on meanwhile
 * (docs/PROTOCOL.md section 5.2)
 *
 * A raw peer in a thread of its own answers the host's blocking call
 * after doing something first: calling the host back, answering a serial
 * never sent, saying HELLO again, sending events. The host must answer the
 * call back, close at once on the violations, and deliver the events
 * before the blocking call returns.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-test-util.h"
#include "raw-peer.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define IFACE "org.example.Raw1"
#define WAIT_MS 10000

typedef enum
{
  SCRIPT_CALL_BACK,
  SCRIPT_UNKNOWN_REPLY,
  SCRIPT_SECOND_HELLO,
  SCRIPT_EVENTS_FIRST,
} Script;

typedef struct
{
  int fd;
  Script script;
  gboolean called_back; /* the host answered the peer's Ping */
} Peer;

typedef struct
{
  BridgeConnection *conn;
  int raw;
  Peer peer;
  GThread *thread;
  GPtrArray *events; /* names, in the order delivered */
  gboolean returned; /* the blocking call came back */
  gboolean event_after_return;
} Fixture;

/* Reads until a message of @want arrives; FALSE if the connection ends. */
static gboolean
read_until (int fd, guint8 want, guint32 want_reply_serial, guint32 *serial)
{
  guint8 type;
  guint32 s, reply_serial;

  while (raw_peer_read_message (fd, &type, &s, &reply_serial, NULL, WAIT_MS))
    if (type == want && (want_reply_serial == 0 || reply_serial == want_reply_serial))
      {
        if (serial != NULL)
          *serial = s;
        return TRUE;
      }
  return FALSE;
}

static gpointer
peer_thread (gpointer data)
{
  Peer *p = data;
  guint32 call = 0, next = 2; /* the test wrote HELLO, serial 1 */
  GVariant *pong = g_variant_new ("(v)", g_variant_new ("(s)", "pong"));

  g_variant_ref_sink (pong);
  if (!read_until (p->fd, 2 /* CALL */, 0, &call))
    goto out;
  switch (p->script)
    {
      case SCRIPT_CALL_BACK:
        {
          guint32 ping = next++;
          raw_peer_write_message (
              p->fd, 2, 0, ping, 0,
              g_variant_new ("(ssv)", "org.libbridge.Peer1", "Ping", g_variant_new ("()")));
          p->called_back = read_until (p->fd, 3 /* REPLY */, ping, NULL);
          raw_peer_write_message (p->fd, 3, 0, next++, call, pong);
          break;
        }
      case SCRIPT_UNKNOWN_REPLY:
        raw_peer_write_message (p->fd, 3, 0, next++, 99, pong);
        break;
      case SCRIPT_SECOND_HELLO:
        raw_peer_write_message (p->fd, 1, 0, next++, 0, raw_peer_hello_body ("again"));
        break;
      case SCRIPT_EVENTS_FIRST:
        for (guint i = 1; i <= 3; i++)
          {
            g_autofree char *name = g_strdup_printf ("E%u", i);
            raw_peer_write_message (p->fd, 5, 0, next++, 0,
                                    g_variant_new ("(ssv)", IFACE, name, g_variant_new ("(u)", i)));
          }
        raw_peer_write_message (p->fd, 3, 0, next++, call, pong);
        break;
    }
  /* Whatever the host says next (a BYE, the end), until it closes. */
  while (read_until (p->fd, 0xff, 0, NULL))
    ;
out:
  g_variant_unref (pong);
  return NULL;
}

static void
on_event (BridgeConnection *conn,
          const char *interface,
          const char *event,
          GVariant *args,
          GUnixFDList *fds,
          gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->events, g_strdup (event));
  if (f->returned)
    f->event_after_return = TRUE;
}

static void
start (Fixture *f, Script script)
{
  int fds[2];
  g_autoptr (GError) error = NULL;

  memset (f, 0, sizeof *f);
  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  f->conn = bridge_connection_new_for_fd (fds[0], 0, NULL);
  f->raw = fds[1];
  f->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->conn, "event", G_CALLBACK (on_event), f);
  raw_peer_write_message (f->raw, 1, 0, 1, 0, raw_peer_hello_body ("raw"));
  /* The blocking handshake is the async one on a private context too. */
  ck_assert_msg (bridge_connection_handshake_sync (f->conn, NULL, &error), "handshake: %s",
                 error ? error->message : "?");
  f->peer.fd = f->raw;
  f->peer.script = script;
  f->thread = g_thread_new ("raw-peer", peer_thread, &f->peer);
}

static GVariant *
call_sync (Fixture *f, GError **error)
{
  GVariant *reply = bridge_connection_call_sync (f->conn, IFACE, "Do", NULL, NULL, NULL, 30000, NULL, error);

  f->returned = TRUE;
  return reply;
}

static void
stop (Fixture *f)
{
  bridge_connection_close (f->conn);
  g_thread_join (f->thread);
  close (f->raw);
  g_clear_object (&f->conn);
  g_ptr_array_unref (f->events);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Section 5.2: a call from the peer while the host blocks is answered. */
START_TEST (test_call_back_answered)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  start (&f, SCRIPT_CALL_BACK);
  g_autoptr (GVariant) reply = call_sync (&f, &error);
  ck_assert_msg (reply != NULL, "the blocking call failed: %s", error->message);
  ck_assert_str_eq (g_variant_get_type_string (reply), "(s)");
  stop (&f);
  ck_assert_msg (f.peer.called_back, "the peer's Ping was not answered while the host waited");
}
END_TEST

/* Section 5.2 (and 2.4): an answer to a serial never sent closes the
 * connection at once; the blocking call fails with CLOSED, not after its
 * timeout with TIMED_OUT. */
START_TEST (test_unknown_reply_closes_at_once)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  start (&f, SCRIPT_UNKNOWN_REPLY);
  g_autoptr (GVariant) reply = call_sync (&f, &error);
  ck_assert (reply == NULL);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED), "got %s", error->message);
  ck_assert (bridge_connection_is_closed (f.conn));
  ck_assert_int_eq (bridge_connection_get_close_reason (f.conn), BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION);
  stop (&f);
}
END_TEST

/* Section 5.2 (and 4): a second HELLO likewise. */
START_TEST (test_second_hello_closes_at_once)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  start (&f, SCRIPT_SECOND_HELLO);
  g_autoptr (GVariant) reply = call_sync (&f, &error);
  ck_assert (reply == NULL);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED), "got %s", error->message);
  ck_assert_int_eq (bridge_connection_get_close_reason (f.conn), BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION);
  stop (&f);
}
END_TEST

/* Section 5.2: events sent before the reply reach their handler, in
 * order, before the blocking call returns. */
START_TEST (test_events_before_reply_in_order)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  start (&f, SCRIPT_EVENTS_FIRST);
  g_autoptr (GVariant) reply = call_sync (&f, &error);
  ck_assert_msg (reply != NULL, "the blocking call failed: %s", error->message);
  ck_assert_uint_eq (f.events->len, 3);
  ck_assert_str_eq (f.events->pdata[0], "E1");
  ck_assert_str_eq (f.events->pdata[1], "E2");
  ck_assert_str_eq (f.events->pdata[2], "E3");
  ck_assert (!f.event_after_return);
  stop (&f);
}
END_TEST

static Suite *
sync_call_suite (void)
{
  Suite *s = suite_create ("sync-call");
  TCase *tc = tcase_create ("private-context");

  tcase_add_test (tc, test_call_back_answered);
  tcase_add_test (tc, test_unknown_reply_closes_at_once);
  tcase_add_test (tc, test_second_hello_closes_at_once);
  tcase_add_test (tc, test_events_before_reply_in_order);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (sync_call_suite)
