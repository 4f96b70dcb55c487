/* fuzz-frame-ring.c: the frame consumer against a hostile producer
 *
 * The consumer (libbridge/bridge-frame-consumer.c) trusts nothing of the
 * producer: not the Ring and Frame event arguments, not the memory fd,
 * not the control words in shared memory, which the producer may change
 * at any time (docs/FRAME-RING.md). The input is a program for such a
 * producer; each step is one of
 *
 *   0  announce a ring: a fresh memfd (sealed or not, of a size from the
 *      input) or a pipe, and Ring arguments either from the input or made
 *      valid for the memfd, field by field as a mask says;
 *   1  announce a frame: Frame arguments, likewise, after marking the
 *      slot READY in shared memory (or not) and filling its control
 *      record's version 2 fields (or not) from the arguments or the input;
 *   2  scribble 8 bytes of a control record (the word or another field);
 *   3  read every byte of the latest frame, or keep it, or drop them all;
 *   4  send Ring or Frame arguments of a wrong type.
 *
 * Events are handed to the consumer through the connection's "event"
 * signal, exactly as the connection delivers them after validation (the
 * wire itself is fuzz-connection's business). Nothing may crash (a read
 * past the memfd is a SIGBUS), warn, or leave an fd or a mapping behind.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "bridge-frame-ring-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#define FAIL(...) (fprintf (stderr, "fuzz-frame-ring: " __VA_ARGS__), fputc ('\n', stderr), abort ())
#define MAX_MEMFD (8u << 20)
#define MAX_HELD 8

typedef struct
{
  const guint8 *p, *end;
} Input;

static guint8
get_u8 (Input *in)
{
  return in->p < in->end ? *in->p++ : 0;
}

static guint32
get_u32 (Input *in)
{
  guint32 v = 0;

  for (int i = 0; i < 4; i++)
    v |= (guint32) get_u8 (in) << (8 * i);
  return v;
}

static guint64
get_u64 (Input *in)
{
  return get_u32 (in) | ((guint64) get_u32 (in) << 32);
}

/* The producer's side of the current ring. */
typedef struct
{
  int fd; /* kept to shrink it later, as a hostile producer would */
  guint8 *base;
  gsize size;
  guint generation;
  guint64 sequence;
  BridgeFrameRingLayout layout;
  guint format, width, height, stride;
} Producer;

static void
producer_unmap_memory (Producer *prod)
{
  if (prod->base != NULL)
    munmap (prod->base, prod->size);
  prod->base = NULL;
  prod->size = 0;
}

static void
producer_unmap (Producer *prod)
{
  producer_unmap_memory (prod);
  if (prod->fd >= 0)
    close (prod->fd);
  prod->fd = -1;
}

static void
emit (BridgeConnection *conn, const char *event, GVariant *args, GUnixFDList *fds)
{
  g_autoptr (GVariant) owned = g_variant_ref_sink (args);
  g_autofree char *detailed = g_strconcat ("event::", event, NULL);

  g_signal_emit_by_name (conn, detailed, BRIDGE_FRAME_RING_INTERFACE, event, owned, fds);
}

static void
announce_ring (BridgeConnection *conn, Producer *prod, Input *in)
{
  guint8 kind = get_u8 (in);
  guint16 mask = get_u8 (in) | (get_u8 (in) << 8);
  guint32 size = get_u32 (in) % (MAX_MEMFD + 1);
  guint32 stream = (mask & 0x1) ? get_u32 (in) : 0;
  guint32 generation = (mask & 0x2) ? get_u32 (in) : prod->generation + 1;
  guint32 n_slots = (mask & 0x4) ? get_u32 (in) : 1u + get_u8 (in) % BRIDGE_FRAME_RING_MAX_SLOTS;
  guint32 format = (mask & 0x8) ? get_u32 (in) : 1u + get_u8 (in) % 4;
  guint32 width = (mask & 0x10) ? get_u32 (in) : 1u + get_u8 (in);
  guint32 height = (mask & 0x20) ? get_u32 (in) : 1u + get_u8 (in);
  guint32 stride = (mask & 0x40) ? get_u32 (in) : (width * 4 + 63) / 64 * 64;
  gint32 handle = (mask & 0x80) ? (gint32) get_u32 (in) : 0;
  g_autoptr (GUnixFDList) fds = g_unix_fd_list_new ();
  BridgeFrameRingLayout layout = { 0 };
  guint64 slot_size, data_offset;
  int fd;

  /* The layout a fair producer picks, unless the input says otherwise. */
  if (n_slots >= 1 && n_slots <= BRIDGE_FRAME_RING_MAX_SLOTS && stride <= 16384 * 4 && height <= 16384)
    bridge_frame_ring_layout_init (&layout, n_slots, stride, height, NULL);
  slot_size = (mask & 0x100) ? get_u64 (in) : layout.slot_size;
  data_offset = (mask & 0x200) ? get_u64 (in) : layout.data_offset;
  if (!(mask & 0x400) && layout.total_size <= MAX_MEMFD)
    size = (guint32) layout.total_size;

  producer_unmap (prod);
  if (kind % 4 == 3)
    {
      int p[2];

      if (pipe2 (p, O_CLOEXEC) != 0)
        FAIL ("pipe2: %s", g_strerror (errno));
      close (p[1]);
      fd = p[0];
    }
  else
    {
      fd = memfd_create ("fuzz-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
      if (fd < 0 || ftruncate (fd, size) != 0)
        FAIL ("memfd: %s", g_strerror (errno));
      if (size > 0)
        {
          prod->base = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
          if (prod->base == MAP_FAILED)
            FAIL ("mmap: %s", g_strerror (errno));
          prod->size = size;
        }
      /* 0: sealed as the producer does, 1: not sealed, 2: sealed against
       * writing too (the consumer cannot swap the control words). */
      if (kind % 4 == 0)
        fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL);
      else if (kind % 4 == 2)
        {
          producer_unmap_memory (prod);
          fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
        }
    }
  if (g_unix_fd_list_append (fds, fd, NULL) < 0)
    FAIL ("g_unix_fd_list_append");
  prod->fd = fd;

  prod->generation = generation;
  prod->layout = layout;
  prod->layout.slot_size = slot_size;
  prod->layout.data_offset = data_offset;
  prod->format = format;
  prod->width = width;
  prod->height = height;
  prod->stride = stride;
  emit (conn, BRIDGE_FRAME_RING_EVENT_RING,
        g_variant_new (BRIDGE_FRAME_RING_RING_TYPE, stream, generation, n_slots, slot_size, data_offset,
                       format, width, height, stride, handle),
        fds);
}

static _Atomic guint64 *
control_word (Producer *prod, guint slot)
{
  gsize offset = (gsize) slot * BRIDGE_FRAME_SLOT_CONTROL_SIZE;

  if (prod->base == NULL || offset + 8 > prod->size)
    return NULL;
  return (_Atomic guint64 *) (prod->base + offset);
}

static void
announce_frame (BridgeConnection *conn, Producer *prod, Input *in)
{
  guint16 mask = get_u8 (in) | (get_u8 (in) << 8);
  guint32 stream = (mask & 0x1) ? get_u32 (in) : 0;
  guint32 generation = (mask & 0x2) ? get_u32 (in) : prod->generation;
  guint32 slot = (mask & 0x4) ? get_u32 (in) : get_u8 (in) % MAX (prod->layout.n_slots, 1);
  guint64 sequence = (mask & 0x8) ? get_u64 (in) : ++prod->sequence;
  guint32 width = (mask & 0x10) ? get_u32 (in) : prod->width;
  guint32 height = (mask & 0x20) ? get_u32 (in) : prod->height;
  guint32 stride = (mask & 0x40) ? get_u32 (in) : prod->stride;
  guint32 format = (mask & 0x80) ? get_u32 (in) : prod->format;
  gint64 pts = (mask & 0x100) ? (gint64) get_u64 (in) : (gint64) prod->sequence * 40000000;
  gint64 duration = (mask & 0x200) ? (gint64) get_u64 (in) : 40000000;
  guint64 dropped = (mask & 0x400) ? get_u64 (in) : 0;
  _Atomic guint64 *word = control_word (prod, slot);

  if ((mask & 0x1000) && word != NULL
      && (gsize) slot * BRIDGE_FRAME_SLOT_CONTROL_SIZE + BRIDGE_FRAME_SLOT_CONTROL_SIZE <= prod->size)
    {
      BridgeFrameSlotRecord *r = (BridgeFrameSlotRecord *) word;
      gboolean own = (mask & 0x2000) != 0;

      r->version = own ? get_u32 (in) : BRIDGE_FRAME_RING_VERSION;
      r->format = own ? get_u32 (in) : format;
      r->width = own ? get_u32 (in) : width;
      r->height = own ? get_u32 (in) : height;
      r->stride = own ? get_u32 (in) : stride;
      r->pts = pts;
      r->duration = duration;
      r->dropped = dropped;
    }
  if (!(mask & 0x800) && word != NULL)
    *word = BRIDGE_FRAME_SLOT_WORD (sequence, BRIDGE_FRAME_SLOT_READY);
  emit (conn, BRIDGE_FRAME_RING_EVENT_FRAME,
        g_variant_new (BRIDGE_FRAME_RING_FRAME_TYPE, stream, generation, slot, sequence, width, height,
                       stride, format, pts, duration, dropped),
        NULL);
}

/* Changes a control word, or tries to shrink the memfd under the
 * consumer's mapping (sealed ones refuse). */
static void
scribble (Producer *prod, Input *in)
{
  guint slot = get_u8 (in);
  guint field = get_u8 (in) % (BRIDGE_FRAME_SLOT_CONTROL_SIZE / 8);
  guint64 value = get_u64 (in);
  _Atomic guint64 *word = control_word (prod, slot & 0x7f);

  if (slot & 0x80)
    {
      if (prod->fd >= 0 && ftruncate (prod->fd, (off_t) (value % (prod->size + 1))) == 0)
        producer_unmap_memory (prod);
    }
  else if (word != NULL
           && (gsize) (slot & 0x7f) * BRIDGE_FRAME_SLOT_CONTROL_SIZE + (field + 1) * 8 <= prod->size)
    *(word + field) = value;
}

static void
touch_frame (BridgeFrame *frame)
{
  gsize size = 0;
  const guint8 *data = bridge_frame_get_data (frame, &size);
  volatile guint8 sum = 0;

  if (bridge_frame_get_height (frame) == 0 || bridge_frame_get_width (frame) == 0)
    FAIL ("a frame of %ux%u", bridge_frame_get_width (frame), bridge_frame_get_height (frame));
  if (size < (gsize) bridge_frame_get_stride (frame) * (bridge_frame_get_height (frame) - 1)
                 + (gsize) bridge_frame_get_width (frame) * 4)
    FAIL ("a frame of %ux%u, stride %u, has only %" G_GSIZE_FORMAT " bytes", bridge_frame_get_width (frame),
          bridge_frame_get_height (frame), bridge_frame_get_stride (frame), size);
  for (gsize i = 0; i < size; i++)
    sum += data[i];
  (void) sum;
}

static void
send_wrong_type (BridgeConnection *conn, Input *in)
{
  static const char *const types[] = {
    "()", "(u)", "(s)", "(uuuttuuuu)", "(uuuttuuuui)", "(uuutuuuuxx)", "(uuutuuuuxxtt)", "(suuttuuuuh)"
  };
  guint8 which = get_u8 (in);
  const char *type = types[which % G_N_ELEMENTS (types)];
  gsize want = get_u8 (in);
  gsize len = MIN (want, (gsize) (in->end - in->p));
  g_autoptr (GBytes) bytes = g_bytes_new (in->p, len);
  g_autoptr (GVariant) args
      = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (type), bytes, FALSE));

  in->p += len;
  /* The connection only delivers bodies in normal form. */
  if (!g_variant_is_normal_form (args))
    return;
  emit (conn, (which & 0x80) ? BRIDGE_FRAME_RING_EVENT_FRAME : BRIDGE_FRAME_RING_EVENT_RING, args, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint fds_before;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) held = g_ptr_array_new_with_free_func ((GDestroyNotify) bridge_frame_unref);
  Input in = { data, data + size };
  Producer prod = { .fd = -1 };
  BridgeConnection *conn;
  BridgeFrameConsumer *consumer;
  guint steps = 0;
  int sv[2];

  fuzz_init ();
  fuzz_warm_up ();
  fds_before = fuzz_count_fds ();

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    FAIL ("socketpair: %s", g_strerror (errno));
  conn = bridge_connection_new_for_fd (sv[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  if (conn == NULL)
    FAIL ("bridge_connection_new_for_fd: %s", error->message);
  consumer = bridge_frame_consumer_new (conn, 0);

  while (in.p < in.end && steps++ < 256)
    {
      switch (get_u8 (&in) % 5)
        {
          case 0:
            announce_ring (conn, &prod, &in);
            break;
          case 1:
            announce_frame (conn, &prod, &in);
            break;
          case 2:
            scribble (&prod, &in);
            break;
          case 3:
            {
              BridgeFrame *latest = bridge_frame_consumer_get_latest (consumer);
              guint8 what = get_u8 (&in) % 3;

              if (latest != NULL && what == 0)
                touch_frame (latest);
              else if (latest != NULL && what == 1 && held->len < MAX_HELD)
                g_ptr_array_add (held, bridge_frame_ref (latest));
              else if (what == 2)
                {
                  for (guint i = 0; i < held->len; i++)
                    touch_frame (held->pdata[i]);
                  g_ptr_array_set_size (held, 0);
                }
            }
            break;
          case 4:
            send_wrong_type (conn, &in);
            break;
        }
    }

  /* Frames outlive their consumer and its ring. */
  g_object_unref (consumer);
  for (guint i = 0; i < held->len; i++)
    touch_frame (held->pdata[i]);
  g_ptr_array_set_size (held, 0);
  producer_unmap (&prod);
  g_object_unref (conn);
  close (sv[1]);
  fuzz_drain_context ();
  fuzz_assert_no_fd_leak (fds_before, "a frame consumer");
  return 0;
}
