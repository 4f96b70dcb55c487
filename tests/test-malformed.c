/* test-malformed.c: every case of the generated malformed-message corpus
 * (tests/gen-malformed.py, a few thousand messages judged from
 * docs/PROTOCOL.md alone) against a real connection
 *
 * Each case gets a fresh connection over a socketpair: a raw peer says
 * HELLO, writes the case's bytes and then, for a case the specification
 * accepts, a Peer1.Ping that must still be answered (the stream is still
 * in step); for a case it refuses, the connection must close with the
 * reason of section 8 the corpus names. No fd may be left behind.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-test-util.h"
#include "bridge-connection-private.h"
#include "bridge-message-private.h"
#include "raw-peer.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct
{
  char *name;
  gboolean ok;
  BridgeCloseReason reason;
  char *text; /* what the close message must say, or NULL */
  guint32 next_serial;
  GBytes *data;
} Case;

typedef struct
{
  gboolean closed;
  BridgeCloseReason reason;
  char *message;
} Closed;

static void
case_free (Case *c)
{
  g_free (c->name);
  g_free (c->text);
  g_bytes_unref (c->data);
  g_free (c);
}

/* NAME \t ok|close:R[:TEXT] \t NEXT_SERIAL \t HEX */
static GPtrArray *
load_cases (void)
{
  g_autofree char *path = bridge_test_build_path ("malformed-cases.txt");
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);

  ck_assert_msg (g_file_get_contents (path, &contents, NULL, &error), "%s", error ? error->message : "");
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", 4);
      ck_assert_msg (g_strv_length (f) == 4, "corpus line %u: %s", i + 1, lines[i]);
      Case *c = g_new0 (Case, 1);
      c->name = g_strdup (f[0]);
      c->ok = g_str_equal (f[1], "ok");
      if (!c->ok)
        {
          g_auto (GStrv) v = g_strsplit (f[1], ":", 3);
          ck_assert_msg (g_str_equal (v[0], "close") && v[1] != NULL, "corpus line %u: verdict %s", i + 1,
                         f[1]);
          c->reason = (BridgeCloseReason) g_ascii_strtoull (v[1], NULL, 10);
          c->text = g_strdup (v[2]);
        }
      c->next_serial = (guint32) g_ascii_strtoull (f[2], NULL, 10);
      gsize n = strlen (f[3]) / 2;
      guint8 *bytes = g_malloc (n);
      for (gsize k = 0; k < n; k++)
        bytes[k]
            = (guint8) (g_ascii_xdigit_value (f[3][2 * k]) << 4 | g_ascii_xdigit_value (f[3][2 * k + 1]));
      c->data = g_bytes_new_take (bytes, n);
      g_ptr_array_add (cases, c);
    }
  return cases;
}

static void
on_closed (BridgeConnection *conn, BridgeCloseReason reason, const char *message, gpointer user_data)
{
  Closed *closed = user_data;
  closed->closed = TRUE;
  closed->reason = reason;
  closed->message = g_strdup (message);
}

/* Reads what the connection sends until a REPLY to @serial comes, the
 * connection closes, or 5 s pass. */
static gboolean
wait_for_reply (int fd, guint32 serial, Closed *closed)
{
  g_autoptr (GByteArray) in = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline && !closed->closed)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      guint8 buf[65536];

      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (poll (&p, 1, 5) > 0)
        {
          ssize_t n = recv (fd, buf, sizeof buf, MSG_DONTWAIT);
          if (n <= 0)
            return FALSE;
          g_byte_array_append (in, buf, (guint) n);
        }
      while (in->len >= BRIDGE_HEADER_SIZE)
        {
          guint32 reply_serial = GUINT32_FROM_LE (*(guint32 *) (in->data + 12));
          guint32 body_size = GUINT32_FROM_LE (*(guint32 *) (in->data + 16));
          if (in->len < BRIDGE_HEADER_SIZE + body_size)
            break;
          if (in->data[5] == BRIDGE_MESSAGE_REPLY && reply_serial == serial)
            return TRUE;
          g_byte_array_remove_range (in, 0, BRIDGE_HEADER_SIZE + body_size);
        }
    }
  return FALSE;
}

/* Runs one case; returns NULL when the connection did what the corpus
 * says, else what it did instead. */
static char *
run_case (const Case *c)
{
  int fds[2];
  Closed closed = { 0 };
  char *failure = NULL;

  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  BridgeConnection *conn = bridge_connection_new_for_fd (fds[0], 0, NULL);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), &closed);
  bridge_connection_handshake_async (conn, NULL, NULL, NULL);
  raw_peer_write_message (fds[1], BRIDGE_MESSAGE_HELLO, 0, 1, 0, raw_peer_hello_body ("malformed"));
  if (!bridge_test_wait_until ((gboolean (*) (gpointer)) bridge_connection_is_ready, conn, 5000))
    failure = g_strdup ("the handshake did not finish");
  else
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (c->data, &len);

      raw_peer_write (fds[1], data, len);
      if (c->ok)
        {
          raw_peer_write_message (
              fds[1], BRIDGE_MESSAGE_CALL, 0, c->next_serial, 0,
              g_variant_new ("(ssv)", "org.libbridge.Peer1", "Ping", g_variant_new ("()")));
          if (!wait_for_reply (fds[1], c->next_serial, &closed))
            failure
                = g_strdup_printf ("accepted by the spec, but %s%s",
                                   closed.closed ? "the connection closed: " : "no answer to a Ping after it",
                                   closed.closed ? closed.message : "");
        }
      else if (!bridge_test_wait_for (&closed.closed, 5000))
        failure
            = g_strdup_printf ("refused by the spec (reason %d), but the connection stayed open", c->reason);
      else if (closed.reason != c->reason)
        failure = g_strdup_printf ("closed with reason %d (%s), the spec says %d", closed.reason,
                                   closed.message, c->reason);
      else if (c->text != NULL && strstr (closed.message, c->text) == NULL)
        failure = g_strdup_printf ("close message '%s' lacks '%s'", closed.message, c->text);
    }
  close (fds[1]);
  g_object_unref (conn);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (closed.message);
  return failure;
}

/* Every case of the corpus: PROTOCOL.md §2.1 to §2.4 (headers, flags,
 * serials; an answer to the HELLO's serial is dropped quietly, §2.4), §3
 * (bodies, names, nesting), §6 (fds), §8 (close reasons), §9 (limits). */
START_TEST (test_malformed_corpus)
{
  g_autoptr (GPtrArray) cases = load_cases ();
  guint fds_at_start, failures = 0, refused = 0;

  ck_assert_uint_ge (cases->len, 2000);
  /* GLib opens its own fds on first use: run one case before counting. */
  g_free (run_case (g_ptr_array_index (cases, 0)));
  fds_at_start = bridge_test_count_fds ();
  for (guint i = 0; i < cases->len; i++)
    {
      const Case *c = g_ptr_array_index (cases, i);
      g_autofree char *failure = run_case (c);

      refused += !c->ok;
      if (failure != NULL && failures++ < 25)
        fprintf (stderr, "case %u (%s): %s\n", i + 1, c->name, failure);
    }
  ck_assert_msg (failures == 0, "%u of %u cases did not get the spec's verdict", failures, cases->len);
  ck_assert_uint_eq (bridge_test_count_fds (), fds_at_start);
  g_print ("%u cases: %u refused with the spec's reason, %u accepted and the stream kept in step\n",
           cases->len, refused, cases->len - refused);
}
END_TEST

static Suite *
malformed_suite (void)
{
  Suite *s = suite_create ("malformed");
  TCase *tc = tcase_create ("corpus");

  tcase_add_test (tc, test_malformed_corpus);
  tcase_set_timeout (tc, 240);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (malformed_suite)
