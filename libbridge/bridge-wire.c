/* bridge-wire.c: framed messages over one socket, both ways
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-wire-private.h"
#include "bridge-limits-private.h"
#include "bridge-error.h"
#include "bridge-variant-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define READ_BUFFER_SIZE (64 * 1024)
/* Linux passes at most 253 fds in one sendmsg (SCM_MAX_FD); room for all
 * of them lets a flood be seen and refused instead of silently cut. */
#define MAX_FDS_PER_RECV 253
/* Messages batched into one sendmsg when the queue is long. */
#define MAX_IOV 32
/* Bodies this big are sent as pieces, their big children's bytes in place
 * instead of copied into one serialised body (docs/PERFORMANCE.md, "Bulk"). */
#define GATHER_MIN_SIZE (64 * 1024)

typedef struct
{
  guint8 header[BRIDGE_HEADER_SIZE];
  GVariant *body;
  GUnixFDList *fds;
  gsize size; /* header + body */
  gsize sent;
  BridgeGather gather; /* pieces == NULL: the body's own serialised data */
} OutMessage;

/* ---- one reused block for big incoming messages ----
 *
 * A message too big for the read buffer is read into a block of its own,
 * which becomes the body's memory. A fresh block of a few MiB costs its
 * page faults and the kernel's zeroing of every page, about as much as
 * the copy out of the socket; so the process keeps the last block given
 * back (one, for all connections) and the next big message reuses it. */

typedef struct
{
  guint8 *data;
  gsize capacity;
} Block;

static GMutex spare_lock;
static Block spare;

static Block
block_take (gsize size)
{
  Block b = { NULL, 0 };

  g_mutex_lock (&spare_lock);
  if (spare.data != NULL && spare.capacity >= size && spare.capacity / 4 <= size)
    {
      b = spare;
      spare = (Block){ NULL, 0 };
    }
  g_mutex_unlock (&spare_lock);
  if (b.data == NULL)
    b = (Block){ g_malloc (size), size };
  return b;
}

static void
block_give_back (gpointer data)
{
  Block *b = data;

  g_mutex_lock (&spare_lock);
  if (spare.capacity < b->capacity)
    {
      Block old = spare;

      spare = *b;
      *b = old;
    }
  g_mutex_unlock (&spare_lock);
  g_free (b->data);
  g_free (b);
}

/* @size bytes of @block, which goes back to the spare when they go. */
static GBytes *
block_bytes (guint8 *block, gsize capacity, gsize size)
{
  Block *b = g_new (Block, 1);

  *b = (Block){ block, capacity };
  return g_bytes_new_with_free_func (block, size, block_give_back, b);
}

struct _BridgeWire
{
  int fd;
  guint64 limits[BRIDGE_LIMIT_NESTING + 1];

  /* Read side: the owner thread only. */
  guint8 *rbuf;
  gsize rstart, rend;
  guint8 *big; /* one message too large for rbuf, read straight into place */
  gsize big_size, big_fill, big_capacity;
  GArray *in_fds;
  guint32 in_serial; /* the serial the next incoming message must carry */

  /* Send side: any thread, under lock. */
  GMutex lock;
  GQueue out;
  gsize out_bytes;
  guint32 next_serial;
  gboolean serial_wrapped;
  gboolean want_write;
  gboolean closed;
  BridgeCloseReason fatal_reason; /* a send failed for good; the owner closes */
  char *fatal_message;
  BridgeWireWantWriteFunc want_write_func;
  gpointer want_write_data;
};

void
bridge_message_free (BridgeMessage *message)
{
  g_clear_pointer (&message->body, g_variant_unref);
  g_clear_object (&message->fds);
  g_free (message);
}

static void
out_message_free (OutMessage *msg)
{
  bridge_gather_clear (&msg->gather);
  g_variant_unref (msg->body);
  g_clear_object (&msg->fds);
  g_free (msg);
}

BridgeWire *
bridge_wire_new (int fd)
{
  BridgeWire *wire = g_new0 (BridgeWire, 1);

  wire->fd = fd;
  for (const BridgeLimitInfo *l = bridge_limits; l->name != NULL; l++)
    if (l->limit >= 0)
      wire->limits[l->limit] = l->value;
  wire->rbuf = g_malloc (READ_BUFFER_SIZE);
  wire->in_fds = g_array_new (FALSE, FALSE, sizeof (int));
  wire->in_serial = 1;
  wire->next_serial = 1;
  g_mutex_init (&wire->lock);
  g_queue_init (&wire->out);
  return wire;
}

static void
close_fds (GArray *fds)
{
  for (guint i = 0; i < fds->len; i++)
    close (g_array_index (fds, int, i));
  g_array_set_size (fds, 0);
}

void
bridge_wire_close (BridgeWire *wire)
{
  g_mutex_lock (&wire->lock);
  if (!wire->closed)
    {
      wire->closed = TRUE;
      g_queue_clear_full (&wire->out, (GDestroyNotify) out_message_free);
      wire->out_bytes = 0;
      close (wire->fd);
      wire->fd = -1;
    }
  g_mutex_unlock (&wire->lock);
  close_fds (wire->in_fds);
  g_clear_pointer (&wire->big, g_free);
  wire->rstart = wire->rend = 0;
}

void
bridge_wire_free (BridgeWire *wire)
{
  bridge_wire_close (wire);
  g_array_unref (wire->in_fds);
  g_free (wire->rbuf);
  g_free (wire->fatal_message);
  g_mutex_clear (&wire->lock);
  g_free (wire);
}

int
bridge_wire_get_fd (BridgeWire *wire)
{
  return wire->fd;
}

void
bridge_wire_set_want_write_func (BridgeWire *wire, BridgeWireWantWriteFunc func, gpointer user_data)
{
  g_mutex_lock (&wire->lock);
  wire->want_write_func = func;
  wire->want_write_data = user_data;
  g_mutex_unlock (&wire->lock);
}

/* For tests of serial wrap-around (PROTOCOL.md 2.4): the serials the next
 * message sent and the next message received carry. */
void
bridge_wire_set_serials_for_test (BridgeWire *wire, guint32 next_out, guint32 next_in)
{
  g_mutex_lock (&wire->lock);
  wire->next_serial = next_out;
  g_mutex_unlock (&wire->lock);
  wire->in_serial = next_in;
}

void
bridge_wire_set_limit (BridgeWire *wire, BridgeLimit limit, guint64 value)
{
  g_mutex_lock (&wire->lock);
  wire->limits[limit] = value;
  g_mutex_unlock (&wire->lock);
}

guint64
bridge_wire_get_limit (BridgeWire *wire, BridgeLimit limit)
{
  return wire->limits[limit];
}

/* ---- reading ---------------------------------------------------------- */

/* Receives into [buf, buf + len), queueing any fds that came along. */
static gssize
receive (BridgeWire *wire, guint8 *buf, gsize len, BridgeCloseReason *reason, GError **error)
{
  union
  {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (int) * MAX_FDS_PER_RECV)];
  } control;
  struct iovec iov = { buf, len };
  struct msghdr msg = {
    .msg_iov = &iov,
    .msg_iovlen = 1,
    .msg_control = &control,
    .msg_controllen = sizeof control,
  };
  gssize n;

  do
    n = recvmsg (wire->fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return 0;
      if (errno == ECONNRESET)
        return -2; /* as good as EOF */
      int saved = errno;
      *reason = BRIDGE_CLOSE_REASON_IO_ERROR;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "reading the socket: %s",
                   g_strerror (saved));
      return -1;
    }

  for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c != NULL; c = CMSG_NXTHDR (&msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      g_array_append_vals (wire->in_fds, CMSG_DATA (c), (c->cmsg_len - CMSG_LEN (0)) / sizeof (int));

  /* PROTOCOL.md "File descriptors": fds run at most one message ahead of
   * the bytes, so more than two messages' worth queued is a flood. */
  if ((msg.msg_flags & MSG_CTRUNC) != 0
      || wire->in_fds->len > BRIDGE_QUEUED_FDS_FACTOR * wire->limits[BRIDGE_LIMIT_FDS_PER_MESSAGE])
    {
      guint nfds = wire->in_fds->len;
      close_fds (wire->in_fds);
      *reason = BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED;
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED,
                   "peer sent %u fds ahead of their messages (limit %" G_GUINT64_FORMAT " a message)", nfds,
                   wire->limits[BRIDGE_LIMIT_FDS_PER_MESSAGE]);
      return -1;
    }
  return n == 0 ? -2 : n;
}

/* Builds a message from a complete frame whose body is @body. */
static gboolean
take_message (BridgeWire *wire,
              const BridgeHeader *header,
              GBytes *body,
              GQueue *messages,
              BridgeCloseReason *reason,
              GError **error)
{
  g_autoptr (BridgeMessage) message = g_new0 (BridgeMessage, 1);

  message->header = *header;
  if (header->n_fds > wire->in_fds->len)
    {
      *reason = BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION;
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_PROTOCOL, "%s message declares %u fds but %u arrived",
                   bridge_message_type_to_string (header->type), header->n_fds, wire->in_fds->len);
      return FALSE;
    }
  if (header->n_fds > 0)
    {
      message->fds = g_unix_fd_list_new_from_array ((int *) wire->in_fds->data, header->n_fds);
      g_array_remove_range (wire->in_fds, 0, header->n_fds);
    }

#if G_BYTE_ORDER == G_BIG_ENDIAN
  g_autoptr (GVariant) le = g_variant_new_from_bytes (bridge_message_body_type (header->type), body, FALSE);
  g_autoptr (GVariant) swapped = g_variant_byteswap (le);
  body = g_variant_get_data_as_bytes (swapped);
#else
  g_bytes_ref (body);
#endif
  message->body = bridge_message_load_body (header->type, body, (guint) wire->limits[BRIDGE_LIMIT_NESTING],
                                            reason, error);
  g_bytes_unref (body);
  if (message->body == NULL)
    return FALSE;

  g_queue_push_tail (messages, g_steal_pointer (&message));
  return TRUE;
}

static gboolean
check_header (BridgeWire *wire, const BridgeHeader *header, BridgeCloseReason *reason, GError **error)
{
  guint64 size = (guint64) BRIDGE_HEADER_SIZE + header->body_size;

  if (header->serial != wire->in_serial)
    {
      *reason = BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION;
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_PROTOCOL, "%s message has serial %u, expected %u",
                   bridge_message_type_to_string (header->type), header->serial, wire->in_serial);
      return FALSE;
    }
  if (size > wire->limits[BRIDGE_LIMIT_MESSAGE_SIZE])
    {
      *reason = BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED;
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED,
                   "%s message of %" G_GUINT64_FORMAT " bytes is over the limit of %" G_GUINT64_FORMAT,
                   bridge_message_type_to_string (header->type), size,
                   wire->limits[BRIDGE_LIMIT_MESSAGE_SIZE]);
      return FALSE;
    }
  if (header->n_fds > wire->limits[BRIDGE_LIMIT_FDS_PER_MESSAGE])
    {
      *reason = BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED;
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED,
                   "%s message carries %u fds, over the limit of %" G_GUINT64_FORMAT,
                   bridge_message_type_to_string (header->type), header->n_fds,
                   wire->limits[BRIDGE_LIMIT_FDS_PER_MESSAGE]);
      return FALSE;
    }
  wire->in_serial = header->serial == G_MAXUINT32 ? 1 : header->serial + 1;
  return TRUE;
}

/* Cuts every complete message out of the read buffer. */
static gboolean
parse_buffer (BridgeWire *wire, GQueue *messages, BridgeCloseReason *reason, GError **error)
{
  while (wire->rend - wire->rstart >= BRIDGE_HEADER_SIZE)
    {
      const guint8 *frame = wire->rbuf + wire->rstart;
      gsize avail = wire->rend - wire->rstart;
      BridgeHeader header;

      if (!bridge_header_decode (frame, &header, reason, error)
          || !check_header (wire, &header, reason, error))
        return FALSE;

      gsize size = BRIDGE_HEADER_SIZE + (gsize) header.body_size;
      if (avail < size)
        {
          if (size > READ_BUFFER_SIZE)
            {
              /* Too big for the buffer: read the rest straight into a
               * block of its own, so the body needs no further copy. */
              Block block = block_take (size);

              wire->big = block.data;
              wire->big_capacity = block.capacity;
              wire->big_size = size;
              wire->big_fill = avail;
              memcpy (wire->big, frame, avail);
              wire->rstart = wire->rend = 0;
            }
          else
            {
              /* Re-checked when the rest arrives: undo the serial step. */
              wire->in_serial = header.serial;
              if (wire->rstart + size > READ_BUFFER_SIZE)
                {
                  memmove (wire->rbuf, frame, avail);
                  wire->rstart = 0;
                  wire->rend = avail;
                }
            }
          return TRUE;
        }

      g_autoptr (GBytes) body = g_bytes_new (frame + BRIDGE_HEADER_SIZE, header.body_size);
      wire->rstart += size;
      if (!take_message (wire, &header, body, messages, reason, error))
        return FALSE;
    }

  if (wire->rstart == wire->rend)
    {
      wire->rstart = wire->rend = 0;
      if (wire->in_fds->len > 0)
        {
          /* fds travel with the first byte of their message's header. */
          *reason = BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION;
          g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_PROTOCOL, "peer sent %u fds that no message claims",
                       wire->in_fds->len);
          close_fds (wire->in_fds);
          return FALSE;
        }
    }
  else if (wire->rstart > 0 && wire->rstart + BRIDGE_HEADER_SIZE > READ_BUFFER_SIZE)
    {
      memmove (wire->rbuf, wire->rbuf + wire->rstart, wire->rend - wire->rstart);
      wire->rend -= wire->rstart;
      wire->rstart = 0;
    }
  return TRUE;
}

/* Reads what the socket has (once, to stay fair to other sources) and
 * appends every complete, valid message to @messages. */
BridgeWireReadResult
bridge_wire_read (BridgeWire *wire, GQueue *messages, BridgeCloseReason *reason, GError **error)
{
  gssize n;

  if (wire->fd < 0)
    return BRIDGE_WIRE_READ_EOF;

  if (wire->big != NULL)
    {
      n = receive (wire, wire->big + wire->big_fill, wire->big_size - wire->big_fill, reason, error);
      if (n == -1)
        return BRIDGE_WIRE_READ_ERROR;
      if (n == -2)
        return BRIDGE_WIRE_READ_EOF;
      wire->big_fill += n;
      if (wire->big_fill < wire->big_size)
        return BRIDGE_WIRE_READ_OK;

      BridgeHeader header;
      if (!bridge_header_decode (wire->big, &header, reason, error))
        return BRIDGE_WIRE_READ_ERROR;
      g_autoptr (GBytes) frame
          = block_bytes (g_steal_pointer (&wire->big), wire->big_capacity, wire->big_size);
      g_autoptr (GBytes) body = g_bytes_new_from_bytes (frame, BRIDGE_HEADER_SIZE, header.body_size);
      if (!take_message (wire, &header, body, messages, reason, error))
        return BRIDGE_WIRE_READ_ERROR;
      return BRIDGE_WIRE_READ_OK;
    }

  n = receive (wire, wire->rbuf + wire->rend, READ_BUFFER_SIZE - wire->rend, reason, error);
  if (n == -1)
    return BRIDGE_WIRE_READ_ERROR;
  if (n == -2)
    return BRIDGE_WIRE_READ_EOF;
  wire->rend += n;
  return parse_buffer (wire, messages, reason, error) ? BRIDGE_WIRE_READ_OK : BRIDGE_WIRE_READ_ERROR;
}

gboolean
bridge_wire_has_partial_message (BridgeWire *wire)
{
  return wire->big != NULL || wire->rend > wire->rstart;
}

/* ---- sending ---------------------------------------------------------- */

static void
set_want_write (BridgeWire *wire, gboolean want)
{
  if (wire->want_write == want)
    return;
  wire->want_write = want;
  if (wire->want_write_func != NULL)
    wire->want_write_func (want, wire->want_write_data);
}

/* Records why sending failed for good and wakes the owner, who closes
 * the connection from its own thread. Called with the lock. */
static void
set_fatal_locked (BridgeWire *wire, BridgeCloseReason reason, const GError *error)
{
  if (wire->fatal_reason != BRIDGE_CLOSE_REASON_NONE)
    return;
  wire->fatal_message = g_strdup (error->message);
  g_atomic_int_set ((int *) &wire->fatal_reason, reason);
  if (wire->want_write_func != NULL)
    wire->want_write_func (TRUE, wire->want_write_data);
}

gboolean
bridge_wire_has_fatal (BridgeWire *wire)
{
  return g_atomic_int_get ((int *) &wire->fatal_reason) != BRIDGE_CLOSE_REASON_NONE;
}

BridgeCloseReason
bridge_wire_take_fatal (BridgeWire *wire, char **message)
{
  g_mutex_lock (&wire->lock);
  BridgeCloseReason reason = wire->fatal_reason;
  *message = g_steal_pointer (&wire->fatal_message);
  wire->fatal_reason = BRIDGE_CLOSE_REASON_NONE;
  g_mutex_unlock (&wire->lock);
  return reason;
}

/* Sends as much of the queue as the socket takes. Called with the lock. */
static gboolean
flush_locked (BridgeWire *wire, GError **error)
{
  while (!g_queue_is_empty (&wire->out))
    {
      struct iovec iov[MAX_IOV * 2];
      union
      {
        struct cmsghdr align;
        char buf[CMSG_SPACE (sizeof (int) * 253)];
      } control;
      struct msghdr msg = { .msg_iov = iov };
      guint n_iov = 0;
      GList *l = wire->out.head;

      /* Batch queued messages into one sendmsg; a message with fds may
       * only come first, since fds ride on the first byte sent. */
      gboolean full = FALSE;

      for (; l != NULL && !full && n_iov + 2 <= G_N_ELEMENTS (iov); l = l->next)
        {
          OutMessage *m = l->data;
          gsize off = m->sent;

          if (m->fds != NULL && m->sent == 0)
            {
              if (n_iov > 0)
                break;
              int n = g_unix_fd_list_get_length (m->fds);
              memset (&control, 0, CMSG_SPACE (sizeof (int) * n)); /* padding too: it goes to the kernel */
              msg.msg_control = &control;
              msg.msg_controllen = CMSG_SPACE (sizeof (int) * n);
              struct cmsghdr *c = CMSG_FIRSTHDR (&msg);
              c->cmsg_level = SOL_SOCKET;
              c->cmsg_type = SCM_RIGHTS;
              c->cmsg_len = CMSG_LEN (sizeof (int) * n);
              memcpy (CMSG_DATA (c), g_unix_fd_list_peek_fds (m->fds, NULL), sizeof (int) * n);
            }
          if (off < BRIDGE_HEADER_SIZE)
            {
              iov[n_iov++] = (struct iovec){ m->header + off, BRIDGE_HEADER_SIZE - off };
              off = BRIDGE_HEADER_SIZE;
            }
          gsize body_off = off - BRIDGE_HEADER_SIZE;
          gsize body_size = m->size - BRIDGE_HEADER_SIZE;
          if (m->gather.pieces == NULL && body_off < body_size)
            iov[n_iov++]
                = (struct iovec){ (guint8 *) g_variant_get_data (m->body) + body_off, body_size - body_off };
          else if (m->gather.pieces != NULL)
            {
              /* The pieces from body_off on; a message whose pieces do not
               * all fit goes last in this sendmsg. */
              gsize at = 0;

              for (guint i = 0; i < m->gather.pieces->len; i++)
                {
                  BridgeGatherPiece *p = &g_array_index (m->gather.pieces, BridgeGatherPiece, i);
                  const guint8 *data = p->data != NULL ? p->data : m->gather.small->data + p->small_start;
                  gsize skip = body_off > at ? MIN (body_off - at, p->len) : 0;

                  at += p->len;
                  if (skip == p->len)
                    continue;
                  if (n_iov == G_N_ELEMENTS (iov))
                    {
                      full = TRUE;
                      break;
                    }
                  iov[n_iov++] = (struct iovec){ (guint8 *) data + skip, p->len - skip };
                }
              full = full || n_iov + 2 > G_N_ELEMENTS (iov);
            }
        }
      msg.msg_iovlen = n_iov;

      gssize n;
      do
        n = sendmsg (wire->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
      while (n < 0 && errno == EINTR);

      if (n < 0)
        {
          if (errno == EAGAIN || errno == EWOULDBLOCK)
            {
              set_want_write (wire, TRUE);
              return TRUE;
            }
          int saved = errno;
          gboolean gone = saved == EPIPE || saved == ECONNRESET;
          /* A peer that went away is the one failure callers act on: say
           * CLOSED, as every later send will. */
          GError *local
              = gone ? g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_CLOSED, "the peer closed the connection")
                     : g_error_new (G_IO_ERROR, g_io_error_from_errno (saved), "writing the socket: %s",
                                    g_strerror (saved));
          set_fatal_locked (wire, gone ? BRIDGE_CLOSE_REASON_PEER_GONE : BRIDGE_CLOSE_REASON_IO_ERROR, local);
          g_propagate_error (error, local);
          return FALSE;
        }

      wire->out_bytes -= n;
      while (n > 0)
        {
          OutMessage *m = g_queue_peek_head (&wire->out);
          gsize left = m->size - m->sent;

          if ((gsize) n < left)
            {
              m->sent += n;
              break;
            }
          n -= left;
          out_message_free (g_queue_pop_head (&wire->out));
        }
    }
  set_want_write (wire, FALSE);
  return TRUE;
}

gboolean
bridge_wire_flush (BridgeWire *wire, GError **error)
{
  gboolean ok = TRUE;

  g_mutex_lock (&wire->lock);
  if (!wire->closed)
    ok = flush_locked (wire, error);
  g_mutex_unlock (&wire->lock);
  return ok;
}

gboolean
bridge_wire_wants_write (BridgeWire *wire)
{
  g_mutex_lock (&wire->lock);
  gboolean want = wire->want_write;
  g_mutex_unlock (&wire->lock);
  return want;
}

gboolean
bridge_wire_serial_was_sent (BridgeWire *wire, guint32 serial)
{
  g_mutex_lock (&wire->lock);
  gboolean sent = serial != 0 && (wire->serial_wrapped || serial < wire->next_serial);
  g_mutex_unlock (&wire->lock);
  return sent;
}

/* Queues a message and sends what the socket takes right away. Fails
 * without queueing anything if the message breaks a limit or the wire is
 * closed. A failure the connection cannot survive (peer too slow, socket
 * broken) is also recorded for bridge_wire_take_fatal(). */
gboolean
bridge_wire_send (BridgeWire *wire,
                  BridgeMessageType type,
                  guint16 flags,
                  guint32 reply_serial,
                  GVariant *body,
                  GUnixFDList *fds,
                  guint32 *out_serial,
                  GError **error)
{
  g_autoptr (GVariant) owned = g_variant_ref_sink (body);
  int n_fds = fds != NULL ? g_unix_fd_list_get_length (fds) : 0;
  gboolean ok = FALSE;

#if G_BYTE_ORDER == G_BIG_ENDIAN
  GVariant *swapped = g_variant_byteswap (owned);
  g_variant_unref (owned);
  owned = swapped;
#endif

  OutMessage *m = g_new0 (OutMessage, 1);
  m->body = g_steal_pointer (&owned);
  m->fds = n_fds > 0 ? g_object_ref (fds) : NULL;
  m->size = BRIDGE_HEADER_SIZE + g_variant_get_size (m->body);
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (m->size >= GATHER_MIN_SIZE && m->size <= wire->limits[BRIDGE_LIMIT_MESSAGE_SIZE])
    bridge_variant_gather (m->body, GATHER_MIN_SIZE, &m->gather);
#endif

  g_mutex_lock (&wire->lock);
  /* The queue limit bounds what waits behind the message being written,
   * and a message that would wait alone is always taken, so that any one
   * message up to the message limit can be sent (docs/PROTOCOL.md
   * section 9). */
  OutMessage *head = g_queue_peek_head (&wire->out);
  gsize waiting = head != NULL ? wire->out_bytes - (head->size - head->sent) : 0;
  if (wire->closed)
    g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED, "the connection is closed");
  else if (m->size > wire->limits[BRIDGE_LIMIT_MESSAGE_SIZE])
    g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED,
                 "%s message of %" G_GSIZE_FORMAT " bytes is over the limit of %" G_GUINT64_FORMAT,
                 bridge_message_type_to_string (type), m->size, wire->limits[BRIDGE_LIMIT_MESSAGE_SIZE]);
  else if ((guint64) n_fds > wire->limits[BRIDGE_LIMIT_FDS_PER_MESSAGE])
    g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED,
                 "%d fds in one message is over the limit of %" G_GUINT64_FORMAT, n_fds,
                 wire->limits[BRIDGE_LIMIT_FDS_PER_MESSAGE]);
  else if (waiting > 0 && waiting + m->size > wire->limits[BRIDGE_LIMIT_OUTGOING_BYTES])
    {
      GError *local = g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED,
                                   "peer too slow: %" G_GSIZE_FORMAT
                                   " bytes wait to be sent (limit %" G_GUINT64_FORMAT ")",
                                   waiting, wire->limits[BRIDGE_LIMIT_OUTGOING_BYTES]);
      set_fatal_locked (wire, BRIDGE_CLOSE_REASON_PEER_TOO_SLOW, local);
      g_propagate_error (error, local);
    }
  else
    {
      BridgeHeader header = {
        .version = BRIDGE_PROTOCOL_VERSION,
        .type = type,
        .flags = flags,
        .serial = wire->next_serial,
        .reply_serial = reply_serial,
        .body_size = (guint32) g_variant_get_size (m->body),
        .n_fds = (guint16) n_fds,
      };
      bridge_header_encode (&header, m->header);
      if (out_serial != NULL)
        *out_serial = header.serial;
      if (++wire->next_serial == 0)
        {
          wire->next_serial = 1;
          wire->serial_wrapped = TRUE;
        }

      gboolean was_empty = g_queue_is_empty (&wire->out);
      g_queue_push_tail (&wire->out, g_steal_pointer (&m));
      wire->out_bytes += BRIDGE_HEADER_SIZE + header.body_size;
      /* With a backlog, wait for the socket to say it is writable. */
      ok = was_empty ? flush_locked (wire, error) : TRUE;
    }
  g_mutex_unlock (&wire->lock);

  if (m != NULL)
    out_message_free (m);
  return ok;
}
