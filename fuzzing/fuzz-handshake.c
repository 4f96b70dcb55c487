/* fuzz-handshake.c: a live connection reading the peer's HELLO
 *
 * Input: the body of a HELLO. The harness frames it (serial 1) and writes
 * it to a connection in its handshake over a socketpair. The handshake
 * must succeed exactly when the body loads as a HELLO and its version
 * range holds version 1 (docs/PROTOCOL.md, "Handshake"); then the peer's
 * name and interfaces are the ones the body lists. Otherwise the
 * connection closes with a protocol, limit or handshake reason. No fd may
 * be left open.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "bridge-message-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FAIL(...) (fprintf (stderr, "fuzz-handshake: " __VA_ARGS__), fputc ('\n', stderr), abort ())

typedef struct
{
  gboolean done;
  gboolean ok;
} Handshake;

static void
on_handshake (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Handshake *h = user_data;
  g_autoptr (GError) error = NULL;

  h->ok = bridge_connection_handshake_finish (BRIDGE_CONNECTION (source), result, &error);
  h->done = TRUE;
}

static gboolean
strv_has (const char *const *strv, const char *s)
{
  return strv != NULL && g_strv_contains (strv, s);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint fds_before;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GVariant) hello = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *frame = NULL;
  BridgeConnection *conn;
  BridgeCloseReason reason;
  BridgeHeader header = { BRIDGE_PROTOCOL_VERSION, BRIDGE_MESSAGE_HELLO, 0, 1, 0, 0, 0 };
  Handshake h = { 0 };
  gboolean expect_ok = FALSE;
  int sv[2];

  fuzz_init ();
  if (size > 1024 * 1024)
    return 0;
  fuzz_warm_up ();
  fds_before = fuzz_count_fds ();

  /* What the spec says should happen. */
  body = g_bytes_new (data, size);
  hello = bridge_message_load_body (BRIDGE_MESSAGE_HELLO, body, 64, &reason, &error);
  g_clear_error (&error);
  if (hello != NULL)
    {
      guint32 min, max;

      g_variant_get_child (hello, 0, "u", &min);
      g_variant_get_child (hello, 1, "u", &max);
      expect_ok = min <= BRIDGE_PROTOCOL_VERSION && BRIDGE_PROTOCOL_VERSION <= max;
    }

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    FAIL ("socketpair: %s", g_strerror (errno));
  conn = bridge_connection_new_for_fd (sv[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  if (conn == NULL)
    FAIL ("bridge_connection_new_for_fd: %s", error->message);
  bridge_connection_handshake_async (conn, NULL, on_handshake, &h);

  header.body_size = (guint32) size;
  frame = g_malloc (BRIDGE_HEADER_SIZE + size);
  bridge_header_encode (&header, frame);
  memcpy (frame + BRIDGE_HEADER_SIZE, data, size);
  for (gsize off = 0; off < BRIDGE_HEADER_SIZE + size;)
    {
      ssize_t n = send (sv[1], frame + off, BRIDGE_HEADER_SIZE + size - off, MSG_NOSIGNAL | MSG_DONTWAIT);

      if (n > 0)
        off += n;
      else if (n < 0 && errno == EAGAIN)
        g_main_context_iteration (NULL, TRUE);
      else
        break; /* the connection hung up on us already */
    }

  fuzz_wait_for (&h.done, 10000, "the end of the handshake");
  if (h.ok != expect_ok)
    FAIL ("the handshake %s, the spec says it should %s", h.ok ? "succeeded" : "failed",
          expect_ok ? "succeed" : "fail");
  if (h.ok)
    {
      const char *name;
      g_autofree const char **listed = NULL;
      const char *const *got = bridge_connection_get_peer_interfaces (conn);

      g_variant_get_child (hello, 2, "&s", &name);
      g_variant_get_child (hello, 3, "^a&s", &listed);
      if (g_strcmp0 (bridge_connection_get_peer_name (conn), name) != 0)
        FAIL ("peer name '%s', the HELLO said '%s'", bridge_connection_get_peer_name (conn), name);
      for (guint i = 0; listed[i] != NULL; i++)
        if (!strv_has (got, listed[i]) || !bridge_connection_peer_implements (conn, listed[i]))
          FAIL ("the HELLO lists %s, the connection does not know it", listed[i]);
      for (guint i = 0; got != NULL && got[i] != NULL; i++)
        if (!strv_has ((const char *const *) listed, got[i]))
          FAIL ("the connection knows %s, the HELLO does not list it", got[i]);
    }
  else
    {
      reason = bridge_connection_get_close_reason (conn);
      if (reason != BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION && reason != BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED
          && reason != BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED)
        FAIL ("a refused HELLO closed the connection with reason %d (%s)", reason,
              bridge_connection_get_close_message (conn));
    }

  bridge_connection_close (conn);
  g_object_unref (conn);
  close (sv[1]);
  fuzz_drain_context ();
  fuzz_assert_no_fd_leak (fds_before, "a handshake");
  return 0;
}
