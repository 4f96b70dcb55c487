/* test-hostile.c: a raw peer writes bytes by hand; the connection must
 * close with the right reason, leak no fd and never crash or hang
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-test-util.h"
#include "bridge-connection-private.h"
#include "bridge-message-private.h"

#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static BridgeConnection *conn;
static int raw = -1;
static guint32 raw_serial;
static guint fds_at_start;

typedef struct
{
  gboolean closed;
  BridgeCloseReason reason;
  char *message;
} Closed;

static Closed closed;

static void
on_closed (BridgeConnection *c, BridgeCloseReason reason, const char *message, gpointer user_data)
{
  closed.closed = TRUE;
  closed.reason = reason;
  closed.message = g_strdup (message);
}

static void
setup (void)
{
  int fds[2];

  /* GLib opens a few fds once per process (the main context's wakeup
   * fd, its worker thread's): run one clean connection first. */
  BridgeConnection *x, *y;
  bridge_test_connection_pair (&x, &y);
  bridge_connection_close (x);
  while (!bridge_connection_is_closed (y))
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (x);
  g_object_unref (y);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  fds_at_start = bridge_test_count_fds ();
  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  conn = bridge_connection_new_for_fd (fds[0], 0, NULL);
  raw = fds[1];
  raw_serial = 1;
  memset (&closed, 0, sizeof closed);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), NULL);
}

static void
teardown (void)
{
  g_clear_object (&conn);
  if (raw >= 0)
    close (raw);
  raw = -1;
  g_clear_pointer (&closed.message, g_free);
  /* Let the closed-signal idle run, then count: nothing may be left. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ck_assert_uint_eq (bridge_test_count_fds (), fds_at_start);
}

/* Writes a frame with a header made from the arguments, an optional body
 * and fds attached to the first byte. */
static void
raw_send_flags (guint8 type,
                guint16 flags,
                guint32 serial,
                guint32 reply_serial,
                GVariant *body,
                guint16 n_fds_declared,
                const int *fds,
                guint n_fds)
{
  g_autoptr (GVariant) owned = body ? g_variant_ref_sink (body) : NULL;
  gsize body_size = owned ? g_variant_get_size (owned) : 0;
  BridgeHeader h
      = { BRIDGE_PROTOCOL_VERSION, type, flags, serial, reply_serial, (guint32) body_size, n_fds_declared };
  g_autofree guint8 *frame = g_malloc (BRIDGE_HEADER_SIZE + body_size);
  union
  {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (int) * 64)];
  } control = { 0 }; /* padding included: the kernel gets all of it */
  struct iovec iov = { frame, BRIDGE_HEADER_SIZE + body_size };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

  bridge_header_encode (&h, frame);
  if (body_size > 0)
    memcpy (frame + BRIDGE_HEADER_SIZE, g_variant_get_data (owned), body_size);
  if (n_fds > 0)
    {
      msg.msg_control = &control;
      msg.msg_controllen = CMSG_SPACE (sizeof (int) * n_fds);
      struct cmsghdr *c = CMSG_FIRSTHDR (&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN (sizeof (int) * n_fds);
      memcpy (CMSG_DATA (c), fds, sizeof (int) * n_fds);
    }
  ck_assert_int_eq (sendmsg (raw, &msg, MSG_NOSIGNAL), (ssize_t) iov.iov_len);
}

static void
raw_send (guint8 type,
          guint32 serial,
          guint32 reply_serial,
          GVariant *body,
          guint16 n_fds_declared,
          const int *fds,
          guint n_fds)
{
  raw_send_flags (type, 0, serial, reply_serial, body, n_fds_declared, fds, n_fds);
}

static void
raw_write (const void *data, gsize len)
{
  ck_assert_int_eq (write (raw, data, len), (ssize_t) len);
}

static void
raw_hello (guint32 min_version, guint32 max_version)
{
  const char *none[] = { NULL };
  raw_send (BRIDGE_MESSAGE_HELLO, raw_serial++, 0,
            g_variant_new ("(uus^as@a{sv})", min_version, max_version, "raw", none,
                           g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
            0, NULL, 0);
}

static void
start (void)
{
  bridge_connection_handshake_async (conn, NULL, NULL, NULL);
  raw_hello (1, 1);
  ck_assert (bridge_test_wait_until ((gboolean (*) (gpointer)) bridge_connection_is_ready, conn, 5000));
}

static void
expect_closed (BridgeCloseReason reason, const char *text)
{
  ck_assert_msg (bridge_test_wait_for (&closed.closed, 5000), "connection still open");
  ck_assert_msg (closed.reason == reason, "closed with reason %d (%s), expected %d", closed.reason,
                 closed.message, reason);
  ck_assert_msg (strstr (closed.message, text) != NULL, "close message '%s' lacks '%s'", closed.message,
                 text);
}

static GVariant *
event_body (void)
{
  return g_variant_new ("(ssv)", "org.example.Raw1", "Hi", g_variant_new ("()"));
}

static int
make_pipe_fd (int *other)
{
  int p[2];
  ck_assert_int_eq (pipe (p), 0);
  *other = p[1];
  return p[0];
}

START_TEST (test_bad_magic)
{
  start ();
  raw_write ("XBRG\1\5\0\0\2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", BRIDGE_HEADER_SIZE);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "bad magic");
}
END_TEST

START_TEST (test_unknown_version)
{
  start ();
  raw_write ("LBRG\7\5\0\0\2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", BRIDGE_HEADER_SIZE);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "unsupported protocol version 7");
}
END_TEST

START_TEST (test_unknown_type)
{
  start ();
  raw_send (9, raw_serial++, 0, event_body (), 0, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "unknown message type 9");
}
END_TEST

START_TEST (test_length_over_limit)
{
  start ();
  /* Declares 16 MiB of body: over the limit by the header's 24 bytes. */
  raw_write ("LBRG\1\5\0\0\2\0\0\0\0\0\0\0\0\0\0\1\0\0\0\0", BRIDGE_HEADER_SIZE);
  expect_closed (BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED, "over the limit");
}
END_TEST

static void
count_event (BridgeConnection *c,
             const char *iface,
             const char *event,
             GVariant *args,
             GUnixFDList *fds,
             gpointer user_data)
{
  (*(int *) user_data)++;
}

START_TEST (test_length_at_limit_is_read)
{
  int events = 0;

  g_signal_connect (conn, "event", G_CALLBACK (count_event), &events);
  bridge_connection_set_limit (conn, BRIDGE_LIMIT_MESSAGE_SIZE, 4096);
  start ();
  g_autofree guint8 *blob = g_malloc0 (4096);
  /* (ssv) around (ay): find the array size that lands exactly on 4096. */
  gboolean sent = FALSE;
  for (gsize n = 4096; n > 3900 && !sent; n--)
    {
      g_autoptr (GVariant) v = g_variant_ref_sink (g_variant_new (
          "(ssv)", "org.example.Raw1", "Hi",
          g_variant_new ("(@ay)", g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, blob, n, 1))));
      if (g_variant_get_size (v) + BRIDGE_HEADER_SIZE == 4096)
        {
          raw_send (BRIDGE_MESSAGE_EVENT, raw_serial++, 0, v, 0, NULL, 0);
          sent = TRUE;
        }
    }
  ck_assert_msg (sent, "no body size lands on 4096 bytes");
  raw_send (
      BRIDGE_MESSAGE_EVENT, raw_serial++, 0,
      g_variant_new ("(ssv)", "org.example.Raw1", "Hi",
                     g_variant_new ("(@ay)", g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, blob, 4096, 1))),
      0, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED, "over the limit of 4096");
  ck_assert_msg (events == 1, "the message of exactly 4096 bytes was not delivered (%d events)", events);
}
END_TEST

/* PROTOCOL.md §3: a body not in normal form is refused before use. */
START_TEST (test_not_normal_form)
{
  static const guint8 junk[] = { 'a', 0, 'b', 0, 0xff, 0xff, 0xff, 0x40, 0x30 };
  BridgeHeader h = { 1, BRIDGE_MESSAGE_EVENT, 0, 0, 0, sizeof junk, 0 };
  guint8 frame[BRIDGE_HEADER_SIZE + sizeof junk];

  start ();
  h.serial = raw_serial++;
  bridge_header_encode (&h, frame);
  memcpy (frame + BRIDGE_HEADER_SIZE, junk, sizeof junk);
  raw_write (frame, sizeof frame);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "normal form");
}
END_TEST

/* PROTOCOL.md §2.4: each message carries the serial after the previous one. */
START_TEST (test_duplicate_serial)
{
  start ();
  raw_send (BRIDGE_MESSAGE_EVENT, raw_serial, 0, event_body (), 0, NULL, 0);
  raw_send (BRIDGE_MESSAGE_EVENT, raw_serial, 0, event_body (), 0, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "has serial 2, expected 3");
}
END_TEST

/* PROTOCOL.md §4: the first message received must be a HELLO. */
START_TEST (test_call_before_hello)
{
  bridge_connection_handshake_async (conn, NULL, NULL, NULL);
  raw_send (BRIDGE_MESSAGE_EVENT, raw_serial++, 0, event_body (), 0, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "EVENT before HELLO");
}
END_TEST

/* PROTOCOL.md §2.4: an answer to a serial never sent is a protocol violation. */
START_TEST (test_reply_to_unsent_serial)
{
  start ();
  raw_send (BRIDGE_MESSAGE_REPLY, raw_serial++, 99, g_variant_new ("(v)", g_variant_new ("()")), 0, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "serial 99, which was never sent");
}
END_TEST

START_TEST (test_fewer_fds_than_declared)
{
  int other, fd = make_pipe_fd (&other);

  start ();
  raw_send (BRIDGE_MESSAGE_EVENT, raw_serial++, 0, event_body (), 2, &fd, 1);
  close (fd);
  close (other);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "declares 2 fds but 1 arrived");
}
END_TEST

START_TEST (test_fds_nobody_claims)
{
  int other, fd = make_pipe_fd (&other);

  start ();
  raw_send (BRIDGE_MESSAGE_EVENT, raw_serial++, 0, event_body (), 0, &fd, 1);
  close (fd);
  close (other);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "fds that no message claims");
}
END_TEST

START_TEST (test_too_many_fds_declared)
{
  start ();
  raw_send (BRIDGE_MESSAGE_EVENT, raw_serial++, 0, event_body (), 17, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED, "carries 17 fds");
}
END_TEST

START_TEST (test_fd_flood)
{
  int fds[40], other;

  start ();
  fds[0] = make_pipe_fd (&other);
  for (int i = 1; i < 40; i++)
    fds[i] = fds[0];
  raw_send (BRIDGE_MESSAGE_EVENT, raw_serial++, 0, event_body (), 0, fds, 40);
  close (fds[0]);
  close (other);
  expect_closed (BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED, "40 fds ahead");
}
END_TEST

/* PROTOCOL.md §2.2, §6: HELLO, ERROR and BYE declare 0 fds. */
START_TEST (test_fds_on_hello)
{
  int other, fd = make_pipe_fd (&other);
  const char *none[] = { NULL };

  bridge_connection_handshake_async (conn, NULL, NULL, NULL);
  raw_send (BRIDGE_MESSAGE_HELLO, raw_serial++, 0,
            g_variant_new ("(uus^as@a{sv})", 1, 1, "raw", none,
                           g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
            1, &fd, 1);
  close (fd);
  close (other);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "HELLO message may not carry fds");
}
END_TEST

START_TEST (test_truncated_then_gone)
{
  start ();
  raw_write ("LBRG\1\5\0\0\2\0\0\0\0\0\0\0\100\0\0\0\0\0\0\0abc", BRIDGE_HEADER_SIZE + 3);
  close (raw);
  raw = -1;
  expect_closed (BRIDGE_CLOSE_REASON_PEER_GONE, "in the middle of a message");
}
END_TEST

START_TEST (test_truncated_header_then_gone)
{
  start ();
  raw_write ("LBRG\1\5", 6);
  close (raw);
  raw = -1;
  expect_closed (BRIDGE_CLOSE_REASON_PEER_GONE, "in the middle of a message");
}
END_TEST

START_TEST (test_handshake_timeout)
{
  bridge_connection_set_limit (conn, BRIDGE_LIMIT_HANDSHAKE_TIMEOUT_MS, 200);
  bridge_connection_handshake_async (conn, NULL, NULL, NULL);
  expect_closed (BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED, "no HELLO from the peer within 200 ms");
}
END_TEST

START_TEST (test_version_mismatch)
{
  bridge_connection_handshake_async (conn, NULL, NULL, NULL);
  raw_hello (2, 3);
  expect_closed (BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED, "no common protocol version");
}
END_TEST

START_TEST (test_nesting_too_deep)
{
  GVariant *v = g_variant_new_int32 (1);

  start ();
  for (int i = 0; i < 70; i++)
    v = g_variant_new_tuple (&v, 1);
  raw_send (BRIDGE_MESSAGE_EVENT, raw_serial++, 0, g_variant_new ("(ssv)", "a.b", "E", v), 0, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED, "nested deeper than 64");
}
END_TEST

/* Reads one whole message from the raw end, waiting at most 5 s. */
static gboolean
raw_read_message (BridgeHeader *header, GBytes **body)
{
  guint8 head[BRIDGE_HEADER_SIZE];
  gsize got = 0, want = BRIDGE_HEADER_SIZE;
  g_autofree guint8 *data = NULL;
  BridgeCloseReason reason;

  for (int part = 0; part < 2; part++)
    {
      guint8 *into = part == 0 ? head : data;
      for (got = 0; got < want;)
        {
          struct pollfd p = { raw, POLLIN, 0 };
          ck_assert_msg (poll (&p, 1, 5000) == 1, "nothing to read from the connection within 5 s");
          ssize_t n = read (raw, into + got, want - got);
          if (n <= 0)
            return FALSE;
          got += n;
        }
      if (part == 0)
        {
          ck_assert_msg (bridge_header_decode (head, header, &reason, NULL), "a bad header came");
          want = header->body_size;
          data = g_malloc (MAX (want, 1));
        }
    }
  *body = g_bytes_new_take (g_steal_pointer (&data), want);
  return TRUE;
}

/* PROTOCOL.md §8: closing never waits for the BYE to be read, and no BYE goes to a peer too slow to read it.
 */
START_TEST (test_peer_never_reads)
{
  g_autofree guint8 *blob = g_malloc0 (16 * 1024);
  GError *error = NULL;
  int sent = 0;

  bridge_connection_set_limit (conn, BRIDGE_LIMIT_OUTGOING_BYTES, 256 * 1024);
  start ();
  /* The raw peer reads nothing: the socket buffer fills, then the queue;
   * emit must neither block nor grow memory past the limit. */
  while (bridge_connection_emit (
      conn, "org.example.Raw1", "Blob",
      g_variant_new ("(@ay)", g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, blob, 16 * 1024, 1)), NULL,
      &error))
    ck_assert_msg (++sent < 10000, "emit never failed");
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED), "%s", error->message);
  g_clear_error (&error);
  expect_closed (BRIDGE_CLOSE_REASON_PEER_TOO_SLOW, "peer too slow");

  /* Section 8: no BYE goes to a peer that is too slow; it would wait
   * behind the bytes the peer does not read. */
  BridgeHeader h;
  GBytes *body;
  guint n = 0;
  while (raw_read_message (&h, &body))
    {
      g_bytes_unref (body);
      ck_assert_msg (h.type != BRIDGE_MESSAGE_BYE, "a BYE came after %u messages", n);
      n++;
    }
  ck_assert_msg (n > 1, "only %u messages were read", n);
}
END_TEST

/* PROTOCOL.md §8: a peer that closes says why in a BYE first. */
START_TEST (test_bye_reason_reaches_app)
{
  start ();
  raw_send (BRIDGE_MESSAGE_BYE, raw_serial++, 0, g_variant_new ("(us)", 4, "you sent too much"), 0, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_PEER_GONE, "(limit-exceeded): you sent too much");
}
END_TEST

/* ---- cases PROTOCOL.md settles (issue: the spec and the code agree) ---- */

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* PROTOCOL.md §2.3: NO_REPLY on any type but CALL is a protocol violation. */
START_TEST (test_s2_3_no_reply_on_event)
{
  start ();
  raw_send_flags (BRIDGE_MESSAGE_EVENT, BRIDGE_FLAG_NO_REPLY, raw_serial++, 0, event_body (), 0, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "NO_REPLY flag on a EVENT message");
}
END_TEST

/* PROTOCOL.md §2.1: a non-zero reply_serial on a CALL is a protocol violation. */
START_TEST (test_s2_1_call_with_reply_serial)
{
  start ();
  raw_send (BRIDGE_MESSAGE_CALL, raw_serial++, 5,
            g_variant_new ("(ssv)", BRIDGE_PEER_INTERFACE, "Ping", g_variant_new ("()")), 0, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "CALL message with reply serial 5");
}
END_TEST

static void
count_event_fds (BridgeConnection *c,
                 const char *iface,
                 const char *event,
                 GVariant *args,
                 GUnixFDList *fds,
                 gpointer user_data)
{
  *(int *) user_data = fds != NULL ? g_unix_fd_list_get_length (fds) : 0;
}

/* Section 2.4: after 0xFFFFFFFF comes 1, both ways, and an answer to the
 * call that carried 0xFFFFFFFF still finds it. */
START_TEST (test_s2_4_serial_wrap_around)
{
  BridgeHeader h;
  GBytes *body;
  int events = 0;

  g_signal_connect (conn, "event", G_CALLBACK (count_event), &events);
  start ();
  bridge_wire_set_serials_for_test (conn->wire, G_MAXUINT32, G_MAXUINT32);
  raw_read_message (&h, &body); /* its HELLO, serial 1 */
  g_bytes_unref (body);

  raw_send (BRIDGE_MESSAGE_EVENT, G_MAXUINT32, 0, event_body (), 0, NULL, 0);
  raw_send (BRIDGE_MESSAGE_EVENT, 1, 0, event_body (), 0, NULL, 0);
  while (events < 2 && !closed.closed)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_msg (events == 2 && !closed.closed, "serial 0xFFFFFFFF then 1 was refused: %s",
                 closed.message ? closed.message : "");

  GAsyncResult *result = NULL;
  bridge_connection_call_async (conn, "org.example.Raw1", "M", NULL, NULL, 5000, NULL, store_result, &result);
  ck_assert (raw_read_message (&h, &body));
  g_bytes_unref (body);
  ck_assert_msg (h.type == BRIDGE_MESSAGE_CALL && h.serial == G_MAXUINT32, "CALL with serial %u", h.serial);
  bridge_connection_emit (conn, "org.example.Raw1", "After", NULL, NULL, NULL);
  ck_assert (raw_read_message (&h, &body));
  g_bytes_unref (body);
  ck_assert_msg (h.type == BRIDGE_MESSAGE_EVENT && h.serial == 1,
                 "the message after 0xFFFFFFFF has serial %u", h.serial);

  raw_send (BRIDGE_MESSAGE_REPLY, 2, G_MAXUINT32, g_variant_new ("(v)", g_variant_new ("(i)", 7)), 0, NULL,
            0);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = bridge_connection_call_finish (conn, result, NULL, &error);
  g_object_unref (result);
  ck_assert_msg (reply != NULL, "the answer to call 0xFFFFFFFF was lost: %s", error->message);
}
END_TEST

/* Section 3, "Nesting": a depth of 64 is read, 65 is refused; a plain
 * value inside a `v` counts for the `v` only; an array counts by its type
 * even when empty. */
static GVariant *
body_of_depth (guint depth, gboolean empty_array)
{
  /* (ssv) is 1, the v 2, the arguments' tuple 3. */
  g_autoptr (GString) type = g_string_new ("");
  GVariant *inner;

  if (empty_array)
    {
      /* An empty array of type a...ai, as deep as its a's. */
      for (guint i = 3; i < depth; i++)
        g_string_append_c (type, 'a');
      g_string_append_c (type, 'i');
      inner = g_variant_new_array (G_VARIANT_TYPE (type->str + 1), NULL, 0);
    }
  else
    {
      inner = g_variant_new_int32 (1);
      for (guint i = 3; i < depth; i++)
        inner = g_variant_new_variant (inner);
    }
  return g_variant_new ("(ssv)", "org.example.Raw1", "Hi", g_variant_new_tuple (&inner, 1));
}

static void
send_at_depth (guint depth, gboolean empty_array)
{
  raw_send (BRIDGE_MESSAGE_EVENT, raw_serial++, 0, body_of_depth (depth, empty_array), 0, NULL, 0);
}

START_TEST (test_s3_nesting_counted)
{
  int events = 0;

  g_signal_connect (conn, "event", G_CALLBACK (count_event), &events);
  start ();
  send_at_depth (64, FALSE);
  send_at_depth (64, TRUE);
  send_at_depth (65, FALSE);
  expect_closed (BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED, "nested deeper than 64");
  ck_assert_msg (events == 2, "depth 64 was refused (%d events delivered)", events);
}
END_TEST

START_TEST (test_s3_empty_array_counts_by_type)
{
  start ();
  send_at_depth (65, TRUE);
  expect_closed (BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED, "nested deeper than 64");
}
END_TEST

static void
raw_hello_with (const char *const *interfaces)
{
  bridge_connection_handshake_async (conn, NULL, NULL, NULL);
  raw_send (BRIDGE_MESSAGE_HELLO, raw_serial++, 0,
            g_variant_new ("(uus^as@a{sv})", 1, 1, "raw", interfaces,
                           g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
            0, NULL, 0);
}

/* PROTOCOL.md §3.2: HELLO interfaces sorted by strcmp... */
START_TEST (test_s3_2_hello_unsorted)
{
  const char *ifaces[] = { "org.b.B1", "org.a.A1", NULL };
  raw_hello_with (ifaces);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION,
                 "not sorted and unique: 'org.a.A1' after 'org.b.B1'");
}
END_TEST

/* PROTOCOL.md §3.2: ...and unique. */
START_TEST (test_s3_2_hello_duplicate)
{
  const char *ifaces[] = { "org.a.A1", "org.a.A1", NULL };
  raw_hello_with (ifaces);
  expect_closed (BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, "not sorted and unique");
}
END_TEST

START_TEST (test_s4_min_above_max)
{
  bridge_connection_handshake_async (conn, NULL, NULL, NULL);
  raw_hello (1, 0);
  expect_closed (BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED, "no common protocol version");
}
END_TEST

START_TEST (test_s8_bye_unknown_reason)
{
  start ();
  raw_send (BRIDGE_MESSAGE_BYE, raw_serial++, 0, g_variant_new ("(us)", 99, "from the future"), 0, NULL, 0);
  expect_closed (BRIDGE_CLOSE_REASON_PEER_GONE, "(reason 99): from the future");
}
END_TEST

/* Section 5: a REPLY of another type than the method declares is the
 * caller's business: handed over as sent, the connection stays. */
START_TEST (test_s5_reply_of_other_type)
{
  BridgeHeader h;
  GBytes *body;
  GAsyncResult *result = NULL;

  start ();
  raw_read_message (&h, &body); /* HELLO */
  g_bytes_unref (body);
  bridge_connection_call_async (conn, "org.example.Raw1", "Count", NULL, NULL, 5000, NULL, store_result,
                                &result);
  ck_assert (raw_read_message (&h, &body));
  g_bytes_unref (body);
  raw_send (BRIDGE_MESSAGE_REPLY, raw_serial++, h.serial,
            g_variant_new ("(v)", g_variant_new ("(s)", "many")), 0, NULL, 0);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = bridge_connection_call_finish (conn, result, NULL, &error);
  g_object_unref (result);
  ck_assert_msg (reply != NULL && g_variant_is_of_type (reply, G_VARIANT_TYPE ("(s)")), "reply: %s",
                 error ? error->message : g_variant_get_type_string (reply));
  ck_assert (!bridge_connection_is_closed (conn));
}
END_TEST

/* Section 6: fds that no `h` refers to still belong to their message. */
START_TEST (test_s6_fds_without_h)
{
  int other, fd = make_pipe_fd (&other);
  int n_fds = -1;

  g_signal_connect (conn, "event", G_CALLBACK (count_event_fds), &n_fds);
  start ();
  raw_send (BRIDGE_MESSAGE_EVENT, raw_serial++, 0, event_body (), 1, &fd, 1);
  close (fd);
  close (other);
  while (n_fds < 0 && !closed.closed)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_msg (n_fds == 1, "the event came with %d fds (closed: %s)", n_fds,
                 closed.message ? closed.message : "no");
  ck_assert (!bridge_connection_is_closed (conn));
}
END_TEST

/* Section 4, step 7: a connection closed before it started sends nothing,
 * not even a BYE; the application still hears that it closed. */
START_TEST (test_s4_never_started_sends_nothing)
{
  char byte;

  bridge_connection_close (conn);
  ck_assert_msg (bridge_test_wait_for (&closed.closed, 5000), "no closed signal");
  ck_assert_int_eq (closed.reason, BRIDGE_CLOSE_REASON_LOCAL);
  ssize_t n = read (raw, &byte, 1);
  /* End of file at once: no message at all, so no BYE (type 6). */
  ck_assert_msg (n == 0, "the peer read %zd bytes (a BYE, type 6?) from a connection that never started", n);
}
END_TEST

static Suite *
hostile_suite (void)
{
  Suite *s = suite_create ("hostile");
  TCase *tc = tcase_create ("framing");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_bad_magic);
  tcase_add_test (tc, test_unknown_version);
  tcase_add_test (tc, test_unknown_type);
  tcase_add_test (tc, test_length_over_limit);
  tcase_add_test (tc, test_length_at_limit_is_read);
  tcase_add_test (tc, test_not_normal_form);
  tcase_add_test (tc, test_duplicate_serial);
  tcase_add_test (tc, test_call_before_hello);
  tcase_add_test (tc, test_reply_to_unsent_serial);
  tcase_add_test (tc, test_truncated_then_gone);
  tcase_add_test (tc, test_truncated_header_then_gone);
  tcase_add_test (tc, test_nesting_too_deep);
  tcase_add_test (tc, test_bye_reason_reaches_app);
  suite_add_tcase (s, tc);

  tc = tcase_create ("fds");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_fewer_fds_than_declared);
  tcase_add_test (tc, test_fds_nobody_claims);
  tcase_add_test (tc, test_too_many_fds_declared);
  tcase_add_test (tc, test_fd_flood);
  tcase_add_test (tc, test_fds_on_hello);
  suite_add_tcase (s, tc);

  tc = tcase_create ("handshake-and-flow");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_handshake_timeout);
  tcase_add_test (tc, test_version_mismatch);
  tcase_add_test (tc, test_peer_never_reads);
  suite_add_tcase (s, tc);

  /* Named by the PROTOCOL.md section each settles. */
  tc = tcase_create ("spec-cases");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_s2_1_call_with_reply_serial);
  tcase_add_test (tc, test_s2_3_no_reply_on_event);
  tcase_add_test (tc, test_s2_4_serial_wrap_around);
  tcase_add_test (tc, test_s3_nesting_counted);
  tcase_add_test (tc, test_s3_empty_array_counts_by_type);
  tcase_add_test (tc, test_s3_2_hello_unsorted);
  tcase_add_test (tc, test_s3_2_hello_duplicate);
  tcase_add_test (tc, test_s4_min_above_max);
  tcase_add_test (tc, test_s4_never_started_sends_nothing);
  tcase_add_test (tc, test_s5_reply_of_other_type);
  tcase_add_test (tc, test_s6_fds_without_h);
  tcase_add_test (tc, test_s8_bye_unknown_reason);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (hostile_suite)
