/* raw-peer.c: the wire by hand (raw-peer.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "raw-peer.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#define HEADER_SIZE 24

static void
put_u16 (guint8 *p, guint16 v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static void
put_u32 (guint8 *p, guint32 v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static guint32
get_u32 (const guint8 *p)
{
  return p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

void
raw_peer_write (int fd, const void *data, gsize len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      ssize_t n = send (fd, p, len, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return;
      p += n;
      len -= (gsize) n;
    }
}

void
raw_peer_write_message (
    int fd, guint8 type, guint16 flags, guint32 serial, guint32 reply_serial, GVariant *body)
{
  g_autoptr (GVariant) owned = body != NULL ? g_variant_ref_sink (body) : NULL;
  gsize size = owned != NULL ? g_variant_get_size (owned) : 0;
  g_autofree guint8 *frame = g_malloc0 (HEADER_SIZE + size);

  memcpy (frame, "LBRG", 4);
  frame[4] = 1;
  frame[5] = type;
  put_u16 (frame + 6, flags);
  put_u32 (frame + 8, serial);
  put_u32 (frame + 12, reply_serial);
  put_u32 (frame + 16, (guint32) size);
  if (owned != NULL)
    g_variant_store (owned, frame + HEADER_SIZE);
  raw_peer_write (fd, frame, HEADER_SIZE + size);
}

GVariant *
raw_peer_hello_body (const char *name)
{
  const char *none[] = { NULL };

  return g_variant_new ("(uus^as@a{sv})", 1, 1, name, none,
                        g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
}

static gboolean
read_exactly (int fd, guint8 *buf, gsize len, gint64 deadline)
{
  while (len > 0)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;

      if (left_ms <= 0 || poll (&p, 1, (int) left_ms) <= 0)
        return FALSE;
      ssize_t n = recv (fd, buf, len, 0);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      buf += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
raw_peer_read_message (
    int fd, guint8 *type, guint32 *serial, guint32 *reply_serial, GBytes **body, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint8 header[HEADER_SIZE];

  if (!read_exactly (fd, header, HEADER_SIZE, deadline) || memcmp (header, "LBRG", 4) != 0)
    return FALSE;
  guint32 size = get_u32 (header + 16);
  g_autofree guint8 *data = g_malloc (MAX (size, 1));
  if (!read_exactly (fd, data, size, deadline))
    return FALSE;
  *type = header[5];
  *serial = get_u32 (header + 8);
  *reply_serial = get_u32 (header + 12);
  if (body != NULL)
    *body = g_bytes_new_take (g_steal_pointer (&data), size);
  return TRUE;
}
