/* bridge-frame-ring.c: the shared memory of a frame ring, and BridgeFrame
 *
 * Both ends of a ring share one memfd: a control record (one cache line)
 * per slot, then the pixel slots (docs/PROTOCOL.md, "Frame rings"). The
 * producer maps it whole, read-write. The consumer trusts nothing in it:
 * it checks the seals and the size before mapping, maps the pixels
 * read-only, and only ever compare-and-swaps the control words.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-frame-ring-private.h"
#include "bridge-error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static guint64
page_size (void)
{
  static gsize size = 0;

  if (g_once_init_enter (&size))
    g_once_init_leave (&size, (gsize) sysconf (_SC_PAGESIZE));
  return size;
}

static inline guint64
round_up (guint64 value, guint64 align)
{
  return (value + align - 1) / align * align;
}

gboolean
bridge_frame_format_is_valid (guint format)
{
  return format >= BRIDGE_FRAME_FORMAT_BGRA && format <= BRIDGE_FRAME_FORMAT_RGBX;
}

static void
layout_finish (BridgeFrameRingLayout *layout, guint n_slots, guint64 slot_size, guint64 data_offset)
{
  layout->n_slots = n_slots;
  layout->slot_size = slot_size;
  layout->data_offset = data_offset;
  layout->total_size = data_offset + n_slots * slot_size;
}

/* The producer's layout for frames of @stride x @height. */
gboolean
bridge_frame_ring_layout_init (
    BridgeFrameRingLayout *layout, guint n_slots, guint stride, guint height, GError **error)
{
  guint64 slot_size = round_up ((guint64) stride * height, page_size ());
  guint64 data_offset = round_up ((guint64) n_slots * BRIDGE_FRAME_SLOT_CONTROL_SIZE, page_size ());

  g_return_val_if_fail (n_slots >= 1 && n_slots <= BRIDGE_FRAME_RING_MAX_SLOTS, FALSE);

  if (slot_size > BRIDGE_FRAME_RING_MAX_SIZE
      || data_offset + n_slots * slot_size > BRIDGE_FRAME_RING_MAX_SIZE)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED,
                   "frame ring of %u slots of %" G_GUINT64_FORMAT " bytes exceeds %" G_GUINT64_FORMAT
                   " bytes",
                   n_slots, slot_size, BRIDGE_FRAME_RING_MAX_SIZE);
      return FALSE;
    }
  layout_finish (layout, n_slots, slot_size, data_offset);
  return TRUE;
}

/* The consumer's check of a layout a producer announced. */
gboolean
bridge_frame_ring_layout_check (
    BridgeFrameRingLayout *layout, guint n_slots, guint64 slot_size, guint64 data_offset, GError **error)
{
  const char *what = NULL;

  if (n_slots < 1 || n_slots > BRIDGE_FRAME_RING_MAX_SLOTS)
    what = "slot count out of range";
  else if (slot_size < 1 || slot_size > BRIDGE_FRAME_RING_MAX_SIZE)
    what = "slot size out of range";
  else if (data_offset % page_size () != 0)
    what = "data offset not page aligned";
  else if (data_offset < (guint64) n_slots * BRIDGE_FRAME_SLOT_CONTROL_SIZE)
    what = "data offset overlaps the control records";
  else if (data_offset > BRIDGE_FRAME_RING_MAX_SIZE
           || data_offset + n_slots * slot_size > BRIDGE_FRAME_RING_MAX_SIZE)
    what = "ring too large";

  if (what != NULL)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                   "frame ring of %u slots of %" G_GUINT64_FORMAT " bytes at offset %" G_GUINT64_FORMAT
                   ": %s",
                   n_slots, slot_size, data_offset, what);
      return FALSE;
    }
  layout_finish (layout, n_slots, slot_size, data_offset);
  return TRUE;
}

/* Whether a frame of this geometry fits a slot of @layout. */
gboolean
bridge_frame_geometry_check (const BridgeFrameRingLayout *layout,
                             guint format,
                             guint width,
                             guint height,
                             guint stride,
                             GError **error)
{
  const char *what = NULL;

  if (!bridge_frame_format_is_valid (format))
    what = "unknown format";
  else if (width < 1 || width > BRIDGE_FRAME_RING_MAX_DIMENSION || height < 1
           || height > BRIDGE_FRAME_RING_MAX_DIMENSION)
    what = "size out of range";
  else if (stride % 4 != 0 || stride < (guint64) width * 4)
    what = "stride too small or not a multiple of 4";
  else if ((guint64) stride * height > layout->slot_size)
    what = "larger than a slot";

  if (what != NULL)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                   "frame %ux%u, stride %u, format %u (slot of %" G_GUINT64_FORMAT " bytes): %s", width,
                   height, stride, format, layout->slot_size, what);
      return FALSE;
    }
  return TRUE;
}

/* ---- producer side ---- */

static gboolean
set_errno_error (GError **error, int errsv, const char *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "frame ring: %s failed: %s", what,
               g_strerror (errsv));
  return FALSE;
}

/* A new ring of @n_slots slots for @width x @height frames: a sealed memfd,
 * mapped. Returns the memfd in @out_fd for sending; the caller closes it. */
BridgeFrameProducerRing *
bridge_frame_producer_ring_new (guint generation,
                                BridgeFrameFormat format,
                                guint width,
                                guint height,
                                guint n_slots,
                                int *out_fd,
                                GError **error)
{
  g_autoptr (BridgeFrameProducerRing) ring = g_new0 (BridgeFrameProducerRing, 1);
  int fd;

  ring->generation = generation;
  ring->format = format;
  ring->width = width;
  ring->height = height;
  ring->stride = (guint) round_up ((guint64) width * 4, BRIDGE_FRAME_RING_STRIDE_ALIGN);
  if (!bridge_frame_ring_layout_init (&ring->layout, n_slots, ring->stride, height, error))
    return NULL;

  fd = memfd_create ("libbridge-frame-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0)
    return set_errno_error (error, errno, "memfd_create"), NULL;
  /* Sealed before anyone else sees it: the consumer refuses a ring that
   * could shrink under its mapping (docs/PROTOCOL.md, "Frame rings"). */
  if (ftruncate (fd, (off_t) ring->layout.total_size) < 0
      || fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0)
    {
      int errsv = errno;

      close (fd);
      return set_errno_error (error, errsv, "sizing and sealing the memfd"), NULL;
    }
  ring->base = mmap (NULL, ring->layout.total_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (ring->base == MAP_FAILED)
    {
      int errsv = errno;

      ring->base = NULL;
      close (fd);
      return set_errno_error (error, errsv, "mmap"), NULL;
    }
  *out_fd = fd;
  return g_steal_pointer (&ring);
}

void
bridge_frame_producer_ring_free (BridgeFrameProducerRing *ring)
{
  if (ring->base != NULL)
    munmap (ring->base, ring->layout.total_size);
  g_free (ring);
}

guint8 *
bridge_frame_producer_ring_slot_data (BridgeFrameProducerRing *ring, guint slot)
{
  return ring->base + ring->layout.data_offset + slot * ring->layout.slot_size;
}

/* ---- consumer side ---- */

struct _BridgeFrameRingMap
{
  gatomicrefcount ref;
  guint stream_id;
  guint generation;
  BridgeFrameRingLayout layout;
  guint8 *control;    /* layout.data_offset bytes, read-write */
  const guint8 *data; /* n_slots * slot_size bytes, read-only */
};

static gboolean
ring_fd_check (int fd, const BridgeFrameRingLayout *layout, GError **error)
{
  struct stat st;
  int seals;

  /* Seals first: once F_SEAL_SHRINK is on, the size read after can only
   * grow, so the mapping can never run past the end (no SIGBUS). */
  seals = fcntl (fd, F_GET_SEALS);
  if (seals < 0)
    {
      int errsv = errno;

      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                   "frame ring fd is not a sealable memfd (F_GET_SEALS: %s)", g_strerror (errsv));
      return FALSE;
    }
  if ((seals & F_SEAL_SHRINK) == 0)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                   "frame ring memfd is not sealed against shrinking (seals 0x%x)", (guint) seals);
      return FALSE;
    }
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                           "frame ring fd is not a regular file");
      return FALSE;
    }
  if ((guint64) st.st_size < layout->total_size)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                   "frame ring memfd holds %" G_GUINT64_FORMAT " bytes, the ring needs %" G_GUINT64_FORMAT,
                   (guint64) st.st_size, layout->total_size);
      return FALSE;
    }
  return TRUE;
}

/* Checks and maps a ring a producer sent. @fd stays the caller's. */
BridgeFrameRingMap *
bridge_frame_ring_map_new (
    int fd, guint stream_id, guint generation, const BridgeFrameRingLayout *layout, GError **error)
{
  g_autoptr (BridgeFrameRingMap) map = NULL;
  void *control, *data;
  gsize data_size = (gsize) layout->n_slots * layout->slot_size;

  if (!ring_fd_check (fd, layout, error))
    return NULL;

  /* Two mappings of one memfd: the control records need write access
   * (the consumer swaps their state words); the pixels do not, and a
   * read-only mapping keeps the host from scribbling on them. */
  control = mmap (NULL, layout->data_offset, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (control == MAP_FAILED)
    {
      int errsv = errno;

      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                   "frame ring control records cannot be mapped: %s", g_strerror (errsv));
      return NULL;
    }
  data = mmap (NULL, data_size, PROT_READ, MAP_SHARED, fd, (off_t) layout->data_offset);
  if (data == MAP_FAILED)
    {
      int errsv = errno;

      munmap (control, layout->data_offset);
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME, "frame ring slots cannot be mapped: %s",
                   g_strerror (errsv));
      return NULL;
    }

  map = g_new0 (BridgeFrameRingMap, 1);
  g_atomic_ref_count_init (&map->ref);
  map->stream_id = stream_id;
  map->generation = generation;
  map->layout = *layout;
  map->control = control;
  map->data = data;
  g_debug ("frame ring: stream %u generation %u mapped, %u slots of %" G_GUINT64_FORMAT " bytes", stream_id,
           generation, layout->n_slots, layout->slot_size);
  return g_steal_pointer (&map);
}

BridgeFrameRingMap *
bridge_frame_ring_map_ref (BridgeFrameRingMap *map)
{
  g_atomic_ref_count_inc (&map->ref);
  return map;
}

void
bridge_frame_ring_map_unref (BridgeFrameRingMap *map)
{
  if (!g_atomic_ref_count_dec (&map->ref))
    return;
  g_debug ("frame ring: stream %u generation %u unmapped", map->stream_id, map->generation);
  munmap (map->control, map->layout.data_offset);
  munmap ((void *) map->data, (gsize) map->layout.n_slots * map->layout.slot_size);
  g_free (map);
}

guint
bridge_frame_ring_map_get_generation (BridgeFrameRingMap *map)
{
  return map->generation;
}

const BridgeFrameRingLayout *
bridge_frame_ring_map_get_layout (BridgeFrameRingMap *map)
{
  return &map->layout;
}

guint8 *
bridge_frame_ring_map_get_control (BridgeFrameRingMap *map)
{
  return map->control;
}

/* READY(@sequence) -> READING(@sequence) of the slot an event names. */
gboolean
bridge_frame_ring_map_take (BridgeFrameRingMap *map, guint slot, guint64 sequence)
{
  return bridge_frame_slots_take (map->control, map->layout.n_slots, slot, sequence);
}

/* The newest READY slot of a version 2 producer, frame after @after. */
gboolean
bridge_frame_ring_map_take_newest (
    BridgeFrameRingMap *map, guint64 after, guint *slot, guint64 *sequence, BridgeFrameMeta *meta)
{
  return bridge_frame_slots_take_newest (map->control, map->layout.n_slots, after, slot, sequence, meta);
}

/* ---- BridgeFrame ---- */

struct _BridgeFrame
{
  gatomicrefcount ref;
  BridgeFrameRingMap *map;
  guint slot;
  guint64 sequence;
  BridgeFrameFormat format;
  guint width;
  guint height;
  guint stride;
  gint64 pts;
  gint64 duration;
};

G_DEFINE_BOXED_TYPE (BridgeFrame, bridge_frame, bridge_frame_ref, bridge_frame_unref)

BridgeFrame *
bridge_frame_new_taken (BridgeFrameRingMap *map,
                        guint slot,
                        guint64 sequence,
                        BridgeFrameFormat format,
                        guint width,
                        guint height,
                        guint stride,
                        gint64 pts,
                        gint64 duration)
{
  BridgeFrame *frame = g_new0 (BridgeFrame, 1);

  g_atomic_ref_count_init (&frame->ref);
  frame->map = map;
  frame->slot = slot;
  frame->sequence = sequence;
  frame->format = format;
  frame->width = width;
  frame->height = height;
  frame->stride = stride;
  frame->pts = pts;
  frame->duration = duration;
  return frame;
}

/**
 * bridge_frame_ref:
 * @frame: a #BridgeFrame
 *
 * Takes a reference to @frame. Safe from any thread.
 *
 * Returns: (transfer full): @frame
 *
 * Since: 0.1
 */
BridgeFrame *
bridge_frame_ref (BridgeFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);

  g_atomic_ref_count_inc (&frame->ref);
  return frame;
}

/**
 * bridge_frame_unref:
 * @frame: (transfer full): a #BridgeFrame
 *
 * Drops a reference to @frame. When the last one goes, the slot is given
 * back to the producer, and when the frame was the last user of a ring
 * that has since been replaced, that ring is unmapped. Safe from any
 * thread.
 *
 * Since: 0.1
 */
void
bridge_frame_unref (BridgeFrame *frame)
{
  g_return_if_fail (frame != NULL);

  if (!g_atomic_ref_count_dec (&frame->ref))
    return;
  bridge_frame_slots_release (frame->map->control, frame->slot, frame->sequence);
  bridge_frame_ring_map_unref (frame->map);
  g_free (frame);
}

/**
 * bridge_frame_get_width:
 * @frame: a #BridgeFrame
 *
 * Gets the width of the frame.
 *
 * Returns: the width of @frame in pixels
 *
 * Since: 0.1
 */
guint
bridge_frame_get_width (BridgeFrame *frame)
{
  g_return_val_if_fail (frame != NULL, 0);
  return frame->width;
}

/**
 * bridge_frame_get_height:
 * @frame: a #BridgeFrame
 *
 * Gets the height of the frame.
 *
 * Returns: the height of @frame in pixels
 *
 * Since: 0.1
 */
guint
bridge_frame_get_height (BridgeFrame *frame)
{
  g_return_val_if_fail (frame != NULL, 0);
  return frame->height;
}

/**
 * bridge_frame_get_stride:
 * @frame: a #BridgeFrame
 *
 * Gets the row stride of the frame.
 *
 * Returns: the distance in bytes from one row of @frame to the next, at
 *   least 4 times the width
 *
 * Since: 0.1
 */
guint
bridge_frame_get_stride (BridgeFrame *frame)
{
  g_return_val_if_fail (frame != NULL, 0);
  return frame->stride;
}

/**
 * bridge_frame_get_format:
 * @frame: a #BridgeFrame
 *
 * Gets the pixel format of the frame.
 *
 * Returns: the pixel layout of @frame
 *
 * Since: 0.1
 */
BridgeFrameFormat
bridge_frame_get_format (BridgeFrame *frame)
{
  g_return_val_if_fail (frame != NULL, BRIDGE_FRAME_FORMAT_INVALID);
  return frame->format;
}

/**
 * bridge_frame_get_pts:
 * @frame: a #BridgeFrame
 *
 * Gets the presentation time of the frame.
 *
 * Returns: the presentation time the producer gave, in nanoseconds, or -1
 *   for none
 *
 * Since: 0.1
 */
gint64
bridge_frame_get_pts (BridgeFrame *frame)
{
  g_return_val_if_fail (frame != NULL, -1);
  return frame->pts;
}

/**
 * bridge_frame_get_duration:
 * @frame: a #BridgeFrame
 *
 * Gets the duration of the frame.
 *
 * Returns: the duration the producer gave, in nanoseconds, or -1 for none
 *
 * Since: 0.1
 */
gint64
bridge_frame_get_duration (BridgeFrame *frame)
{
  g_return_val_if_fail (frame != NULL, -1);
  return frame->duration;
}

/**
 * bridge_frame_get_sequence:
 * @frame: a #BridgeFrame
 *
 * Gets the sequence number of the frame.
 *
 * Returns: the producer's sequence number of @frame, counting from 1;
 *   gaps are frames that were dropped
 *
 * Since: 0.1
 */
guint64
bridge_frame_get_sequence (BridgeFrame *frame)
{
  g_return_val_if_fail (frame != NULL, 0);
  return frame->sequence;
}

/**
 * bridge_frame_get_data:
 * @frame: a #BridgeFrame
 * @size: (out) (optional): the size of the data in bytes, stride x height
 *
 * The pixels of @frame, in shared memory mapped read-only. They stay
 * valid while @frame is alive. The producer does not write them while
 * the frame is held; a misbehaving producer could, but the memory stays
 * mapped whatever it does.
 *
 * Returns: (transfer none) (array length=size): the pixels
 *
 * Since: 0.1
 */
const guint8 *
bridge_frame_get_data (BridgeFrame *frame, gsize *size)
{
  g_return_val_if_fail (frame != NULL, NULL);

  if (size != NULL)
    *size = (gsize) frame->stride * frame->height;
  return frame->map->data + frame->slot * frame->map->layout.slot_size;
}

/**
 * bridge_frame_get_bytes:
 * @frame: a #BridgeFrame
 *
 * The pixels of @frame as #GBytes, without copying. The bytes hold a
 * reference to @frame, so the slot stays the consumer's until they are
 * freed: pass them to gdk_memory_texture_new() and the texture keeps the
 * frame.
 *
 * Returns: (transfer full): the pixels, stride x height bytes
 *
 * Since: 0.1
 */
GBytes *
bridge_frame_get_bytes (BridgeFrame *frame)
{
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (frame != NULL, NULL);

  data = bridge_frame_get_data (frame, &size);
  return g_bytes_new_with_free_func (data, size, (GDestroyNotify) bridge_frame_unref,
                                     bridge_frame_ref (frame));
}
