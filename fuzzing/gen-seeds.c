/* gen-seeds.c: writes the binary seed corpora from real traffic
 *
 * Usage: gen-seeds OUTDIR
 *
 * Two real BridgeConnections talk through a relay in this process: "peer"
 * plays the raw side of fuzz-connection.c, "fuzzed" the connection under
 * test (same interface, same first call). The relay records every read
 * from the peer, with the fds that came with it, as a chunk in
 * fuzz-connection's input format. From the recordings come:
 *
 *   OUTDIR/connection/SESSION.bin     each session's chunks
 *   OUTDIR/message/SESSION-N-TYPE.bin each message the peer sent, alone
 *   OUTDIR/handshake/NAME.bin         HELLO bodies
 *   OUTDIR/frame-ring/NAME.bin        small producer programs
 *
 * The checked-in corpora in fuzzing/corpus/ came from this program; run it
 * again when the protocol changes (docs/ROBUSTNESS.md, "Fuzzing").
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "bridge-message-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DIE(...) (fprintf (stderr, "gen-seeds: " __VA_ARGS__), fputc ('\n', stderr), exit (1))

static const char *outdir;

typedef struct
{
  guint source;
  int from, to;
  GByteArray *record; /* NULL: forward only */
  GByteArray *stream; /* the bytes alone, to cut into messages */
} Relay;

static gboolean
relay_ready (int fd, GIOCondition condition, gpointer user_data)
{
  Relay *relay = user_data;
  guint8 buf[65535];
  union
  {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (int) * 16)];
  } control;
  struct iovec iov = { buf, sizeof buf };
  struct msghdr msg
      = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof control };
  int fds[16];
  guint n_fds = 0;
  ssize_t n = recvmsg (relay->from, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);

  if (n < 0 && errno == EAGAIN)
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      shutdown (relay->to, SHUT_WR);
      relay->source = 0;
      return G_SOURCE_REMOVE;
    }
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c != NULL; c = CMSG_NXTHDR (&msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      {
        gsize count = (c->cmsg_len - CMSG_LEN (0)) / sizeof (int);

        memcpy (fds + n_fds, CMSG_DATA (c), count * sizeof (int));
        n_fds += count;
      }

  if (relay->record != NULL)
    {
      /* One recorded chunk per read; fuzz-connection attaches at most 3
       * fresh fds, enough for every message here. */
      guint8 head[FUZZ_CHUNK_HEADER] = { MIN (n_fds, 3) | FUZZ_CHUNK_SETTLE, n & 0xff, (n >> 8) & 0xff };

      g_byte_array_append (relay->record, head, sizeof head);
      g_byte_array_append (relay->record, buf, n);
      g_byte_array_append (relay->stream, buf, n);
    }

  /* Forward, fds on the first byte as the sender did. */
  {
    struct iovec out_iov = { buf, n };
    struct msghdr out = { .msg_iov = &out_iov, .msg_iovlen = 1 };
    union
    {
      struct cmsghdr align;
      char buf[CMSG_SPACE (sizeof (int) * 16)];
    } out_control = { 0 };

    if (n_fds > 0)
      {
        struct cmsghdr *c;

        out.msg_control = &out_control;
        out.msg_controllen = CMSG_SPACE (sizeof (int) * n_fds);
        c = CMSG_FIRSTHDR (&out);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN (sizeof (int) * n_fds);
        memcpy (CMSG_DATA (c), fds, sizeof (int) * n_fds);
      }
    if (sendmsg (relay->to, &out, MSG_NOSIGNAL) != n)
      DIE ("relay: sendmsg: %s", g_strerror (errno));
    for (guint i = 0; i < n_fds; i++)
      close (fds[i]);
  }
  return G_SOURCE_CONTINUE;
}

static void
write_file (const char *subdir, const char *name, const void *data, gsize len)
{
  g_autofree char *dir = g_build_filename (outdir, subdir, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    DIE ("cannot create %s: %s", dir, g_strerror (errno));
  if (!g_file_set_contents (path, data, len, &error))
    DIE ("%s", error->message);
  printf ("%s/%s: %" G_GSIZE_FORMAT " bytes\n", subdir, name, len);
}

/* --- sessions ----------------------------------------------------------- */

typedef struct
{
  BridgeConnection *peer;   /* whose bytes are recorded */
  BridgeConnection *fuzzed; /* the connection under test's stand-in */
  GByteArray *record;
  GByteArray *stream;
  int relay_fds[2];
  Relay to_fuzzed, to_peer;
} Session;

typedef struct
{
  gboolean done;
  GVariant *reply;
  GUnixFDList *fds;
  GError *error;
} Wait;

static void
on_call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->reply = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, &wait->fds, &wait->error);
  wait->done = TRUE;
}

static void
on_handshake (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!bridge_connection_handshake_finish (BRIDGE_CONNECTION (source), result, &error))
    DIE ("handshake: %s", error->message);
  (*(guint *) user_data)++;
}

static void
session_start (Session *s)
{
  g_autoptr (BridgeInterface) a = fuzz_interface_new ();
  g_autoptr (BridgeInterface) b = fuzz_interface_new ();
  g_autoptr (GError) error = NULL;
  int p[2], f[2];
  guint ready = 0;
  Wait hello = { 0 };

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p) != 0
      || socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, f) != 0)
    DIE ("socketpair: %s", g_strerror (errno));
  s->record = g_byte_array_new ();
  s->stream = g_byte_array_new ();
  s->peer = bridge_connection_new_for_fd (p[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  s->fuzzed = bridge_connection_new_for_fd (f[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  if (s->peer == NULL || s->fuzzed == NULL)
    DIE ("connection: %s", error->message);
  s->relay_fds[0] = p[1];
  s->relay_fds[1] = f[1];
  s->to_fuzzed = (Relay){ 0, p[1], f[1], s->record, s->stream };
  s->to_peer = (Relay){ 0, f[1], p[1], NULL, NULL };
  s->to_fuzzed.source = g_unix_fd_add (p[1], G_IO_IN | G_IO_HUP, relay_ready, &s->to_fuzzed);
  s->to_peer.source = g_unix_fd_add (f[1], G_IO_IN | G_IO_HUP, relay_ready, &s->to_peer);

  bridge_connection_set_name (s->peer, "seed-peer");
  bridge_connection_set_name (s->fuzzed, "fuzzed");
  bridge_connection_export (s->peer, a);
  bridge_connection_export (s->fuzzed, b);
  /* The same first steps as fuzz-connection.c's connection under test. */
  bridge_connection_handshake_async (s->fuzzed, NULL, on_handshake, &ready);
  bridge_connection_call_async (s->fuzzed, FUZZ_INTERFACE, "Echo", g_variant_new ("(s)", "hello"), NULL,
                                BRIDGE_TIMEOUT_NONE, NULL, on_call_done, &hello);
  bridge_connection_handshake_async (s->peer, NULL, on_handshake, &ready);
  while (ready < 2 || !hello.done)
    g_main_context_iteration (NULL, TRUE);
  if (hello.reply == NULL)
    DIE ("the fuzzed side's Echo failed: %s", hello.error->message);
  g_variant_unref (hello.reply);
}

/* A call from the peer, waited for; errors are welcome (they are seeds). */
static void
call (Session *s, const char *interface, const char *method, GVariant *args, GUnixFDList *fds, guint flags)
{
  Wait wait = { 0 };

  bridge_connection_call_async (s->peer, interface, method, args, fds, 10000, NULL, on_call_done, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&wait.reply, g_variant_unref);
  g_clear_object (&wait.fds);
  g_clear_error (&wait.error);
}

static GUnixFDList *
pipe_fds (guint n)
{
  GUnixFDList *list = g_unix_fd_list_new ();

  for (guint i = 0; i < n; i++)
    {
      int p[2];

      if (pipe2 (p, O_CLOEXEC) != 0)
        DIE ("pipe2");
      g_unix_fd_list_append (list, p[0], NULL);
      close (p[0]);
      close (p[1]);
    }
  return list;
}

static void
session_finish (Session *s, const char *name)
{
  g_autofree char *file = g_strconcat (name, ".bin", NULL);
  gsize off = 0;
  guint n = 0;

  /* The peer says BYE and hangs up; the fuzzed side sees it. */
  bridge_connection_close (s->peer);
  while (!bridge_connection_is_closed (s->fuzzed))
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&s->to_fuzzed.source, g_source_remove);
  g_clear_handle_id (&s->to_peer.source, g_source_remove);
  fuzz_drain_context ();

  write_file ("connection", file, s->record->data, s->record->len);

  /* Cut the peer's stream into its messages, for fuzz-message. */
  while (off + BRIDGE_HEADER_SIZE <= s->stream->len)
    {
      BridgeHeader h;
      BridgeCloseReason reason;
      g_autoptr (GError) error = NULL;
      g_autofree char *one = NULL;
      gsize len;

      if (!bridge_header_decode (s->stream->data + off, &h, &reason, &error))
        DIE ("recorded a bad header: %s", error->message);
      len = BRIDGE_HEADER_SIZE + h.body_size;
      one = g_strdup_printf ("%s-%02u-%s.bin", name, n++, bridge_message_type_to_string (h.type));
      write_file ("message", one, s->stream->data + off, MIN (len, s->stream->len - off));
      if (h.type == BRIDGE_MESSAGE_HELLO && g_str_equal (name, "hello-bye"))
        write_file ("handshake", "hello.bin", s->stream->data + off + BRIDGE_HEADER_SIZE, h.body_size);
      off += len;
    }

  g_clear_object (&s->peer);
  g_clear_object (&s->fuzzed);
  close (s->relay_fds[0]);
  close (s->relay_fds[1]);
  g_byte_array_unref (s->record);
  g_byte_array_unref (s->stream);
}

static void
session_calls (void)
{
  Session s = { 0 };

  session_start (&s);
  call (&s, FUZZ_INTERFACE, "Echo", g_variant_new ("(s)", "a seed"), NULL, 0);
  call (&s, FUZZ_INTERFACE, "Later", NULL, NULL, 0);
  call (&s, "org.libbridge.Peer1", "Ping", NULL, NULL, 0);
  call (&s, "org.libbridge.Peer1", "Describe", NULL, NULL, 0);
  bridge_connection_emit (s.peer, FUZZ_INTERFACE, "Tick", g_variant_new ("(u)", 7), NULL, NULL);
  session_finish (&s, "calls");
}

static void
session_fds (void)
{
  Session s = { 0 };
  g_autoptr (GUnixFDList) two = pipe_fds (2);
  g_autoptr (GUnixFDList) one = pipe_fds (1);
  g_autoptr (GUnixFDList) three = pipe_fds (3);
  gint32 handles[] = { 0, 1 };

  session_start (&s);
  call (
      &s, FUZZ_INTERFACE, "Fds",
      g_variant_new ("(@ah)", g_variant_new_fixed_array (G_VARIANT_TYPE_HANDLE, handles, 2, sizeof (gint32))),
      two, 0);
  call (&s, FUZZ_INTERFACE, "Fds",
        g_variant_new ("(@ah)",
                       g_variant_new_fixed_array (G_VARIANT_TYPE_HANDLE, handles + 1, 1, sizeof (gint32))),
        one, 0);
  bridge_connection_emit (s.peer, FUZZ_INTERFACE, "Tick", g_variant_new ("(u)", 3), three, NULL);
  session_finish (&s, "fds");
}

static void
session_errors (void)
{
  Session s = { 0 };

  session_start (&s);
  call (&s, FUZZ_INTERFACE, "Fail", NULL, NULL, 0);
  call (&s, FUZZ_INTERFACE, "Drop", NULL, NULL, 0);
  call (&s, FUZZ_INTERFACE, "Missing", NULL, NULL, 0);
  call (&s, "org.example.Nobody1", "Echo", g_variant_new ("(s)", "x"), NULL, 0);
  call (&s, FUZZ_INTERFACE, "Echo", g_variant_new ("(i)", 42), NULL, 0);
  session_finish (&s, "errors");
}

static void
session_hello_only (void)
{
  Session s = { 0 };

  session_start (&s);
  session_finish (&s, "hello-bye");
}

/* --- handshake and frame-ring seeds made by hand ------------------------- */

static void
hello_seed (const char *name, guint32 min, guint32 max, const char *peer, const char *const *interfaces)
{
  g_autoptr (GVariant) v = g_variant_ref_sink (g_variant_new (
      "(uus^as@a{sv})", min, max, peer, interfaces, g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)));

  write_file ("handshake", name, g_variant_get_data (v), g_variant_get_size (v));
}

/* A message the recorded sessions lack: an ERROR answer. */
static void
error_seed (void)
{
  g_autoptr (GVariant) body = g_variant_ref_sink (g_variant_new ("(sis)", "g-io-error-quark", 14, "no"));
  BridgeHeader h = { BRIDGE_PROTOCOL_VERSION, BRIDGE_MESSAGE_ERROR, 0, 3, 2, g_variant_get_size (body), 0 };
  g_autoptr (GByteArray) msg = g_byte_array_sized_new (BRIDGE_HEADER_SIZE + h.body_size);

  g_byte_array_set_size (msg, BRIDGE_HEADER_SIZE);
  bridge_header_encode (&h, msg->data);
  g_byte_array_append (msg, g_variant_get_data (body), h.body_size);
  write_file ("message", "error-ERROR.bin", msg->data, msg->len);
}

static void
frame_ring_seeds (void)
{
  /* announce_ring (op 0): kind 0 (sealed memfd), mask 0, size 0 (made to
   * fit), n_slots-1 = 3, format-1 = 0, width-1 = 63, height-1 = 47; then
   * frames (op 1: mask 0, slot), touches (op 3, 0), holds (op 3, 1) and a
   * drop of everything held (op 3, 2). */
  static const guint8 ring[] = { 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 63, 47 };
  static const guint8 frames[] = { 1, 0, 0, 0, 3, 0, 1, 0, 0, 1, 3, 1, 1, 0, 0, 2, 3, 0, 3, 2 };
  /* A second ring (new size), a scribbled control word (op 2), a frame of
   * the old ring's generation (mask 0x2 with generation 1). */
  static const guint8 second[] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 127, 31, 1, 0, 0, 0, 3, 0, 2,
                                   0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 2,   0,  1, 0, 0, 0, 0, 3, 0 };
  /* An unsealed memfd (kind 1), a frame, the memfd shrunk (op 2, 0x80). */
  static const guint8 unsealed[]
      = { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 15, 15, 1, 0, 0, 0, 3, 1, 2, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2 };
  /* A pipe instead of a memfd (kind 3), then a wrong-typed Frame (op 4). */
  static const guint8 pipe_ring[] = { 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 15, 15, 4, 0x81, 4, 1, 0, 0, 0 };
  g_autoptr (GByteArray) all = g_byte_array_new ();

  write_file ("frame-ring", "ring.bin", ring, sizeof ring);
  g_byte_array_append (all, ring, sizeof ring);
  g_byte_array_append (all, frames, sizeof frames);
  write_file ("frame-ring", "frames.bin", all->data, all->len);
  g_byte_array_append (all, second, sizeof second);
  write_file ("frame-ring", "second-ring.bin", all->data, all->len);
  write_file ("frame-ring", "unsealed.bin", unsealed, sizeof unsealed);
  write_file ("frame-ring", "pipe.bin", pipe_ring, sizeof pipe_ring);
}

int
main (int argc, char **argv)
{
  const char *none[] = { NULL };
  const char *some[] = { "org.example.A1", "org.example.B2", "org.libbridge.Video1", NULL };

  if (argc != 2)
    DIE ("usage: gen-seeds OUTDIR");
  outdir = argv[1];
  fuzz_init ();

  session_hello_only ();
  session_calls ();
  session_fds ();
  session_errors ();

  hello_seed ("no-interfaces.bin", 1, 1, "", none);
  hello_seed ("interfaces.bin", 1, 1, "clock", some);
  hello_seed ("range.bin", 1, 7, "future", some);
  hello_seed ("too-new.bin", 2, 3, "newer", none);
  error_seed ();
  frame_ring_seeds ();
  return 0;
}
