/* fuzz-connection.c: a whole live connection, fed a byte stream with fds
 *
 * The connection under test exports org.libbridge.Fuzz1
 * (fuzz-common.c), starts its handshake and calls the peer's Echo at
 * once (its serial 2), as gen-seeds.c's recorded peer expects. The input
 * is what the peer sends: chunks (fuzz-common.h) written to the other end
 * of a socketpair, each chunk with 0 to 3 fresh pipe fds attached to its
 * first byte; then the peer hangs up.
 *
 * Whatever the bytes, the connection must end closed (end of file at the
 * latest), answer nothing twice, fail its own pending call, and leave no
 * fd open: neither its own nor any it was sent.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "fuzz-common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FAIL(...) (fprintf (stderr, "fuzz-connection: " __VA_ARGS__), fputc ('\n', stderr), abort ())
#define WATCHDOG_MS 10000

typedef struct
{
  gboolean closed;
  gboolean call_done;
  guint events;
} State;

static void
on_closed (BridgeConnection *conn, BridgeCloseReason reason, const char *message, gpointer user_data)
{
  State *state = user_data;

  if (reason == BRIDGE_CLOSE_REASON_NONE || message == NULL)
    FAIL ("closed without a reason");
  state->closed = TRUE;
}

static void
on_event (BridgeConnection *conn,
          const char *interface,
          const char *event,
          GVariant *args,
          GUnixFDList *fds,
          gpointer user_data)
{
  State *state = user_data;

  /* Reads every byte of the arguments, as an application would. */
  g_free (g_variant_print (args, TRUE));
  state->events++;
}

static void
on_call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  State *state = user_data;
  g_autoptr (GUnixFDList) fds = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply
      = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, &fds, &error);

  if ((reply == NULL) == (error == NULL))
    FAIL ("a call finished with %s", reply ? "both a reply and an error" : "neither a reply nor an error");
  if (reply != NULL && !g_variant_is_of_type (reply, G_VARIANT_TYPE_TUPLE))
    FAIL ("a reply of type %s", g_variant_get_type_string (reply));
  if (state->call_done)
    FAIL ("a call finished twice");
  state->call_done = TRUE;
}

/* Reads and drops what the connection sent, closing any fds in it. */
static void
drain_peer (int fd)
{
  for (;;)
    {
      char buf[4096];
      union
      {
        struct cmsghdr align;
        char buf[CMSG_SPACE (sizeof (int) * 64)];
      } control;
      struct iovec iov = { buf, sizeof buf };
      struct msghdr msg
          = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof control };
      ssize_t n = recvmsg (fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

      if (n <= 0)
        return;
      for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c != NULL; c = CMSG_NXTHDR (&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
          {
            int *fds = (int *) CMSG_DATA (c);
            gsize count = (c->cmsg_len - CMSG_LEN (0)) / sizeof (int);

            for (gsize i = 0; i < count; i++)
              close (fds[i]);
          }
    }
}

/* Writes one chunk; FALSE once the connection has hung up. */
static gboolean
send_chunk (int fd, const guint8 *bytes, gsize len, guint n_fds)
{
  union
  {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (int) * 3)];
  } control = { 0 }; /* padding included: the kernel gets all of it */
  int pipes[3][2];
  gsize off = 0;
  gboolean ok = TRUE;

  if (len == 0)
    return TRUE;
  for (guint i = 0; i < n_fds; i++)
    if (pipe2 (pipes[i], O_CLOEXEC) != 0)
      FAIL ("pipe2: %s", g_strerror (errno));

  while (off < len && ok)
    {
      struct iovec iov = { (void *) (bytes + off), len - off };
      struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
      ssize_t n;

      if (off == 0 && n_fds > 0)
        {
          struct cmsghdr *c;

          msg.msg_control = &control;
          msg.msg_controllen = CMSG_SPACE (sizeof (int) * n_fds);
          c = CMSG_FIRSTHDR (&msg);
          c->cmsg_level = SOL_SOCKET;
          c->cmsg_type = SCM_RIGHTS;
          c->cmsg_len = CMSG_LEN (sizeof (int) * n_fds);
          for (guint i = 0; i < n_fds; i++)
            memcpy (CMSG_DATA (c) + i * sizeof (int), &pipes[i][0], sizeof (int));
        }
      n = sendmsg (fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0)
        off += n;
      else if (n < 0 && (errno == EAGAIN || errno == EINTR))
        {
          drain_peer (fd);
          g_main_context_iteration (NULL, TRUE);
        }
      else
        ok = FALSE;
    }

  for (guint i = 0; i < n_fds; i++)
    {
      close (pipes[i][0]);
      close (pipes[i][1]);
    }
  return ok;
}

static gboolean
on_watchdog (gpointer data)
{
  FAIL ("the connection did not close within %d ms of the peer hanging up", WATCHDOG_MS);
  return G_SOURCE_REMOVE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint fds_before;
  g_autoptr (BridgeInterface) iface = NULL;
  g_autoptr (GError) error = NULL;
  State state = { 0 };
  BridgeConnection *conn;
  const guint8 *p = data, *end = data + size;
  guint watchdog;
  int sv[2];

  fuzz_init ();
  fuzz_warm_up ();
  fds_before = fuzz_count_fds ();

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    FAIL ("socketpair: %s", g_strerror (errno));
  conn = bridge_connection_new_for_fd (sv[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  if (conn == NULL)
    FAIL ("bridge_connection_new_for_fd: %s", error->message);
  bridge_connection_set_name (conn, "fuzzed");
  iface = fuzz_interface_new ();
  bridge_connection_export (conn, iface);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), &state);
  g_signal_connect (conn, "event", G_CALLBACK (on_event), &state);
  bridge_connection_handshake_async (conn, NULL, NULL, NULL);
  bridge_connection_call_async (conn, FUZZ_INTERFACE, "Echo", g_variant_new ("(s)", "hello"), NULL,
                                BRIDGE_TIMEOUT_NONE, NULL, on_call_done, &state);

  while (end - p >= FUZZ_CHUNK_HEADER && !state.closed)
    {
      guint8 control = p[0];
      gsize len = MIN ((gsize) (p[1] | (p[2] << 8)), (gsize) (end - p - FUZZ_CHUNK_HEADER));

      if (!send_chunk (sv[1], p + FUZZ_CHUNK_HEADER, len, control & FUZZ_CHUNK_FDS_MASK))
        break;
      p += FUZZ_CHUNK_HEADER + len;
      if (control & FUZZ_CHUNK_SETTLE)
        {
          fuzz_drain_context ();
          drain_peer (sv[1]);
        }
    }

  shutdown (sv[1], SHUT_WR);
  watchdog = g_timeout_add (WATCHDOG_MS, on_watchdog, NULL);
  while (!state.closed || !state.call_done)
    {
      drain_peer (sv[1]);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (watchdog);
  if (!bridge_connection_is_closed (conn))
    FAIL ("said closed but is not");

  g_object_unref (conn);
  close (sv[1]);
  fuzz_drain_context ();
  fuzz_assert_no_fd_leak (fds_before, "a connection");
  return 0;
}
