/* test-frame-ring-hostile.c: the frame consumer against hostile producers
 *
 * Rings, frames and control records made by hand, breaking each rule of
 * docs/FRAME-RING.md, "What the consumer checks", one at a time (tables
 * looped over, as GStreamer's checks do): each is refused with a clear
 * error, the stream goes on, nothing crashes or hangs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "frame-ring-util.h"

#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum
{
  FD_SEALED,
  FD_UNSEALED,
  FD_WRITE_SEALED,
  FD_PIPE,
  FD_FILE,
  FD_NONE,
};

typedef struct
{
  const char *name;
  int fd_kind;
  guint64 fd_size;
  guint n_slots;
  guint64 slot_size;
  guint64 data_offset; /* G_MAXUINT64: one page */
  guint format;
  guint width;
  guint height;
  guint stride;
  gint32 handle;
  const char *expect;
} BadRing;

#define PAGE G_MAXUINT64
#define GOOD_RING FD_SEALED, 3 * 4096, 2, 4096, PAGE, BRIDGE_FRAME_FORMAT_BGRA, 16, 16, 64, 0

static const BadRing bad_rings[] = {
  { "unsealed memfd", FD_UNSEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, 0,
    "not sealed against shrinking" },
  { "pipe", FD_PIPE, 0, 2, 4096, PAGE, 1, 16, 16, 64, 0, "not a sealable memfd" },
  { "regular file", FD_FILE, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, 0, "seal" },
  { "memfd too small", FD_SEALED, 2 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, 0, "the ring needs" },
  { "write-sealed memfd", FD_WRITE_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, 0, "cannot be mapped" },
  { "no slots", FD_SEALED, 3 * 4096, 0, 4096, PAGE, 1, 16, 16, 64, 0, "slot count out of range" },
  { "65 slots", FD_SEALED, 3 * 4096, 65, 4096, PAGE, 1, 16, 16, 64, 0, "slot count out of range" },
  { "empty slots", FD_SEALED, 3 * 4096, 2, 0, PAGE, 1, 16, 16, 64, 0, "slot size out of range" },
  { "1 TiB slots", FD_SEALED, 3 * 4096, 2, G_GUINT64_CONSTANT (1) << 40, PAGE, 1, 16, 16, 64, 0,
    "slot size out of range" },
  { "64 GiB ring", FD_SEALED, 3 * 4096, 64, G_GUINT64_CONSTANT (1) << 30, PAGE, 1, 16, 16, 64, 0,
    "ring too large" },
  { "unaligned data", FD_SEALED, 3 * 4096, 2, 4096, 100, 1, 16, 16, 64, 0, "not page aligned" },
  { "data over control", FD_SEALED, 3 * 4096, 2, 4096, 0, 1, 16, 16, 64, 0, "overlaps the control" },
  { "huge data offset", FD_SEALED, 3 * 4096, 2, 4096, G_GUINT64_CONSTANT (1) << 52, 1, 16, 16, 64, 0,
    "ring too large" },
  { "format 0", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 0, 16, 16, 64, 0, "unknown format" },
  { "format 77", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 77, 16, 16, 64, 0, "unknown format" },
  { "width 0", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 0, 16, 64, 0, "size out of range" },
  { "short stride", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 32, 0, "stride too small" },
  { "frames over a slot", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 100, 64, 0, "larger than a slot" },
  { "fd index past the list", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, 1, "names fd 1 of 1" },
  { "negative fd index", FD_SEALED, 3 * 4096, 2, 4096, PAGE, 1, 16, 16, 64, -1, "names fd -1 of 1" },
  { "no fd", FD_NONE, 0, 2, 4096, PAGE, 1, 16, 16, 64, 0, "names fd 0 of 0" },
};

static guint64
page_size (void)
{
  return (guint64) sysconf (_SC_PAGESIZE);
}

static int
make_fd (int kind, guint64 size)
{
  int fd = -1;

  switch (kind)
    {
      case FD_SEALED:
      case FD_UNSEALED:
      case FD_WRITE_SEALED:
        fd = memfd_create ("test-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        ck_assert_int_ge (fd, 0);
        ck_assert_int_eq (ftruncate (fd, (off_t) size), 0);
        if (kind == FD_SEALED)
          ck_assert_int_eq (fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL), 0);
        else if (kind == FD_WRITE_SEALED)
          ck_assert_int_eq (fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_WRITE), 0);
        return fd;
      case FD_PIPE:
        {
          int p[2];

          ck_assert_int_eq (pipe2 (p, O_CLOEXEC), 0);
          close (p[1]);
          return p[0];
        }
      case FD_FILE:
        {
          g_autofree char *path = g_build_filename (g_get_home_dir (), "not-a-memfd", NULL);

          fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
          ck_assert_int_ge (fd, 0);
          ck_assert_int_eq (ftruncate (fd, (off_t) size), 0);
          unlink (path);
          return fd;
        }
      default:
        return -1;
    }
}

/* Emits a Ring event by hand; takes @fd (-1 for none). */
static void
emit_ring (guint32 stream,
           guint32 generation,
           guint32 n_slots,
           guint64 slot_size,
           guint64 data_offset,
           guint32 format,
           guint32 width,
           guint32 height,
           guint32 stride,
           int fd,
           gint32 handle)
{
  g_autoptr (GUnixFDList) fds = fd >= 0 ? g_unix_fd_list_new_from_array (&fd, 1) : NULL;
  g_autoptr (GError) error = NULL;

  ck_assert_msg (
      bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Ring",
                              g_variant_new ("(uuuttuuuuh)", stream, generation, n_slots, slot_size,
                                             data_offset, format, width, height, stride, handle),
                              fds, &error),
      "emit Ring: %s", error ? error->message : "?");
}

static void
emit_frame (guint32 stream,
            guint32 generation,
            guint32 slot,
            guint64 sequence,
            guint32 width,
            guint32 height,
            guint32 stride,
            guint32 format)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (
      bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Frame",
                              g_variant_new ("(uuutuuuuxxt)", stream, generation, slot, sequence, width,
                                             height, stride, format, (gint64) 0, (gint64) -1, (guint64) 0),
                              NULL, &error),
      "emit Frame: %s", error ? error->message : "?");
}

/* FRAME-RING.md, The shared memory (the fd, its seals, the layout, 1 GiB at most) and What the consumer
 * checks: every bad Ring is refused before anything is mapped. */
START_TEST (test_hostile_ring_refused)
{
  const BadRing *bad = &bad_rings[_i];
  Collector *c = collector_new (host_side, 9);
  guint64 data_offset = bad->data_offset == PAGE ? page_size () : bad->data_offset;
  GError *error;

  emit_ring (9, 1, bad->n_slots, bad->slot_size, data_offset, bad->format, bad->width, bad->height,
             bad->stride, make_fd (bad->fd_kind, bad->fd_size), bad->handle);
  wait_errors (c, 1);
  error = g_ptr_array_index (c->errors, 0);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME),
                 "%s: expected BRIDGE_ERROR_BAD_FRAME, got %s", bad->name, error->message);
  ck_assert_msg (strstr (error->message, bad->expect) != NULL, "%s: expected \"%s\" in \"%s\"", bad->name,
                 bad->expect, error->message);

  /* A frame of the refused ring is quietly ignored. */
  emit_frame (9, 1, 0, 1, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 1);
  ck_assert_msg (c->n_frames == 0, "%s: a frame of a refused ring was delivered", bad->name);
  ck_assert_uint_eq (c->errors->len, 1);
  ck_assert_uint_eq (count_mapped ("test-ring"), 0);
  ck_assert (!bridge_connection_is_closed (host_side));
  collector_free (c);
}
END_TEST

/* A well-formed ring made by the test, mapped here so the test can play
 * the producer's part in the control words. */
typedef struct
{
  guint8 *base;
  gsize size;
} HandRing;

static void
hand_ring_announce (HandRing *ring, guint32 stream, guint32 generation)
{
  int fd = make_fd (FD_SEALED, page_size () + 2 * 4096);

  ring->size = page_size () + 2 * 4096;
  ring->base = mmap (NULL, ring->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ck_assert (ring->base != MAP_FAILED);
  emit_ring (stream, generation, 2, 4096, page_size (), BRIDGE_FRAME_FORMAT_BGRA, 16, 16, 64, fd, 0);
}

static _Atomic guint64 *
hand_ring_word (HandRing *ring, guint slot)
{
  return (_Atomic guint64 *) (ring->base + slot * BRIDGE_FRAME_SLOT_CONTROL_SIZE);
}

static void
hand_ring_clear (HandRing *ring)
{
  munmap (ring->base, ring->size);
}

typedef struct
{
  const char *name;
  guint32 generation;
  guint32 slot;
  guint64 sequence;
  guint32 width;
  guint32 height;
  guint32 stride;
  guint32 format;
  const char *expect;
} BadFrame;

static const BadFrame bad_frames[] = {
  { "slot past the ring", 1, 2, 1, 16, 16, 64, 1, "slot 2 of a ring of 2" },
  { "slot 2^32-1", 1, G_MAXUINT32, 1, 16, 16, 64, 1, "slot 4294967295 of a ring of 2" },
  { "stride below the width", 1, 0, 1, 16, 16, 60, 1, "stride too small" },
  { "stride not a multiple of 4", 1, 0, 1, 16, 16, 66, 1, "stride too small or not a multiple of 4" },
  { "taller than a slot", 1, 0, 1, 16, 100, 64, 1, "larger than a slot" },
  { "stride x height wraps 32 bits", 1, 0, 1, 16384, 16384, 262144, 1, "larger than a slot" },
  { "width 0", 1, 0, 1, 0, 16, 64, 1, "size out of range" },
  { "height 20000", 1, 0, 1, 16, 20000, 64, 1, "size out of range" },
  { "format 0", 1, 0, 1, 16, 16, 64, 0, "unknown format" },
  { "format 5", 1, 0, 1, 16, 16, 64, 5, "unknown format" },
  { "unknown generation", 2, 0, 1, 16, 16, 64, 1, "names ring generation 2, the ring is generation 1" },
  { "sequence 0", 1, 0, 0, 16, 16, 64, 1, "sequence 0 does not follow 0" },
  { "sequence past 56 bits", 1, 0, G_GUINT64_CONSTANT (1) << 56, 16, 16, 64, 1, "does not follow" },
};

/* FRAME-RING.md, `Frame` — `(uuutuuuuxxt)` (the generation is the latest Ring's) and What the consumer
 * checks: every bad Frame is refused. */
START_TEST (test_hostile_frame_refused)
{
  const BadFrame *bad = &bad_frames[_i];
  Collector *c = collector_new (host_side, 5);
  HandRing ring;
  GError *error;

  hand_ring_announce (&ring, 5, 1);
  atomic_store (hand_ring_word (&ring, 0), BRIDGE_FRAME_SLOT_WORD (bad->sequence, BRIDGE_FRAME_SLOT_READY));
  emit_frame (5, bad->generation, bad->slot, bad->sequence, bad->width, bad->height, bad->stride,
              bad->format);
  wait_errors (c, 1);
  error = g_ptr_array_index (c->errors, 0);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME),
                 "%s: expected BRIDGE_ERROR_BAD_FRAME, got %s", bad->name, error->message);
  ck_assert_msg (strstr (error->message, bad->expect) != NULL, "%s: expected \"%s\" in \"%s\"", bad->name,
                 bad->expect, error->message);
  ck_assert_msg (c->n_frames == 0, "%s: the frame was delivered", bad->name);
  ck_assert_msg (atomic_load (hand_ring_word (&ring, 0))
                     == BRIDGE_FRAME_SLOT_WORD (bad->sequence, BRIDGE_FRAME_SLOT_READY),
                 "%s: the slot was touched", bad->name);

  /* The stream goes on with good frames. */
  atomic_store (hand_ring_word (&ring, 1), BRIDGE_FRAME_SLOT_WORD (1000, BRIDGE_FRAME_SLOT_READY));
  emit_frame (5, 1, 1, 1000, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 1000);
  ck_assert_msg (c->n_frames == 1, "%s: the good frame after it did not arrive", bad->name);
  hand_ring_clear (&ring);
  collector_free (c);
}
END_TEST

START_TEST (test_hostile_malformed_events)
{
  Collector *c = collector_new (host_side, 5);
  g_autoptr (GError) error = NULL;

  /* Wrong argument types: a stream id of another consumer is not ours to
   * complain about; one that is ours, or none at all, is. */
  ck_assert (bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Frame",
                                     g_variant_new ("(us)", 6, "x"), NULL, &error));
  ck_assert (bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Frame",
                                     g_variant_new ("(us)", 5, "x"), NULL, &error));
  ck_assert (bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Ring",
                                     g_variant_new ("(s)", "x"), NULL, &error));
  ck_assert (bridge_connection_emit (plugin_side, BRIDGE_FRAME_RING_INTERFACE, "Ring", g_variant_new ("()"),
                                     NULL, &error));
  /* Same event names on another interface are not ours at all. */
  ck_assert (bridge_connection_emit (plugin_side, "org.example.Other", "Frame",
                                     g_variant_new ("(us)", 5, "x"), NULL, &error));
  wait_errors (c, 3);
  for (guint i = 0; i < 3; i++)
    {
      GError *e = g_ptr_array_index (c->errors, i);

      ck_assert_msg (strstr (e->message, "arguments of type") != NULL, "error %u: %s", i, e->message);
    }
  /* Nothing else is pending: a good round trip proves the other events
   * were consumed without further errors. */
  g_autoptr (BridgeFrameProducer) producer = bridge_frame_producer_new (plugin_side, 5, 0);
  configure (producer, BRIDGE_FRAME_FORMAT_BGRA, 4, 4);
  push_tag (producer, 1, 4, 4, 16);
  wait_seen (c, 1);
  ck_assert_uint_eq (c->errors->len, 3);
  collector_free (c);
}
END_TEST

/* FRAME-RING.md, `Frame` — `(uuutuuuuxxt)`: a Frame of an older generation than the latest Ring is not taken.
 */
START_TEST (test_hostile_generation_goes_back)
{
  Collector *c = collector_new (host_side, 5);
  HandRing first, second;
  GError *error;

  hand_ring_announce (&first, 5, 7);
  hand_ring_announce (&second, 5, 7);
  wait_errors (c, 1);
  error = g_ptr_array_index (c->errors, 0);
  ck_assert_msg (strstr (error->message, "generation 7 does not follow generation 7") != NULL, "%s",
                 error->message);
  /* The stream stops at a bad ring: once the test's own mappings go, no
   * ring is mapped any more. */
  hand_ring_clear (&first);
  hand_ring_clear (&second);
  ck_assert_uint_eq (count_mapped ("test-ring"), 0);
  collector_free (c);
}
END_TEST

/* FRAME-RING.md, What the consumer checks: control words the producer scribbles are checked before use. */
START_TEST (test_hostile_slot_states)
{
  Collector *c = collector_new (host_side, 5);
  HandRing ring;

  hand_ring_announce (&ring, 5, 1);

  /* Announced but not READY in memory (or READY with another sequence):
   * not taken, counted as dropped, not an error. */
  atomic_store (hand_ring_word (&ring, 0), BRIDGE_FRAME_SLOT_WORD (1, BRIDGE_FRAME_SLOT_WRITING));
  emit_frame (5, 1, 0, 1, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  atomic_store (hand_ring_word (&ring, 1), BRIDGE_FRAME_SLOT_WORD (9, BRIDGE_FRAME_SLOT_READY));
  emit_frame (5, 1, 1, 2, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 2);
  ck_assert_uint_eq (c->n_frames, 0);
  ck_assert_uint_eq (bridge_frame_consumer_get_dropped (c->consumer), 2);
  ck_assert_uint_eq (c->errors->len, 0);

  /* A good one: READY -> READING while held, FREE once let go. */
  atomic_store (hand_ring_word (&ring, 0), BRIDGE_FRAME_SLOT_WORD (3, BRIDGE_FRAME_SLOT_READY));
  emit_frame (5, 1, 0, 3, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 3);
  ck_assert_uint_eq (c->n_frames, 1);
  ck_assert_msg (atomic_load (hand_ring_word (&ring, 0))
                     == BRIDGE_FRAME_SLOT_WORD (3, BRIDGE_FRAME_SLOT_READING),
                 "a taken slot must be READING(3), is 0x%" G_GINT64_MODIFIER "x",
                 (guint64) atomic_load (hand_ring_word (&ring, 0)));
  collector_free (c);
  ck_assert_msg (atomic_load (hand_ring_word (&ring, 0))
                     == BRIDGE_FRAME_SLOT_WORD (3, BRIDGE_FRAME_SLOT_FREE),
                 "a released slot must be FREE(3), is 0x%" G_GINT64_MODIFIER "x",
                 (guint64) atomic_load (hand_ring_word (&ring, 0)));
  hand_ring_clear (&ring);
}
END_TEST

/* ---- version 2 control records (FRAME-RING.md, "The shared memory") ---- */

static void
hand_ring_record (HandRing *ring,
                  guint slot,
                  guint32 version,
                  guint32 format,
                  guint32 width,
                  guint32 height,
                  guint32 stride,
                  gint64 pts,
                  guint64 sequence)
{
  BridgeFrameSlotRecord *r = (BridgeFrameSlotRecord *) (ring->base + slot * BRIDGE_FRAME_SLOT_CONTROL_SIZE);

  r->version = version;
  r->format = format;
  r->width = width;
  r->height = height;
  r->stride = stride;
  r->pts = pts;
  r->duration = -1;
  r->dropped = 0;
  atomic_store (hand_ring_word (ring, slot), BRIDGE_FRAME_SLOT_WORD (sequence, BRIDGE_FRAME_SLOT_READY));
}

typedef struct
{
  const char *name;
  guint32 format, width, height, stride;
  const char *expect;
} BadRecord;

static const BadRecord bad_records[] = {
  { "format 0", 0, 16, 16, 64, "unknown format" },
  { "width 0", 1, 0, 16, 64, "size out of range" },
  { "height 2^32-1", 1, 16, G_MAXUINT32, 64, "size out of range" },
  { "short stride", 1, 16, 16, 60, "stride too small" },
  { "taller than a slot", 1, 16, 100, 64, "larger than a slot" },
  { "stride x height wraps 32 bits", 1, 16384, 16384, 262144, "larger than a slot" },
};

/* A record that breaks a rule while the event is fine: the consumer took
 * the slot, so it gives it back FREE, reports, and the stream goes on.
 * FRAME-RING.md, What the consumer checks: a control record that disagrees is refused. */
START_TEST (test_hostile_record_refused)
{
  const BadRecord *bad = &bad_records[_i];
  Collector *c = collector_new (host_side, 5);
  HandRing ring;
  GError *error;

  hand_ring_announce (&ring, 5, 1);
  hand_ring_record (&ring, 0, BRIDGE_FRAME_RING_VERSION, bad->format, bad->width, bad->height, bad->stride, 0,
                    1);
  emit_frame (5, 1, 0, 1, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_errors (c, 1);
  error = g_ptr_array_index (c->errors, 0);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME)
                     && strstr (error->message, "control record") != NULL
                     && strstr (error->message, bad->expect) != NULL,
                 "%s: expected a BAD_FRAME naming the control record and \"%s\", got \"%s\"", bad->name,
                 bad->expect, error->message);
  ck_assert_msg (c->n_frames == 0, "%s: the frame was delivered", bad->name);
  ck_assert_msg (atomic_load (hand_ring_word (&ring, 0))
                     == BRIDGE_FRAME_SLOT_WORD (1, BRIDGE_FRAME_SLOT_FREE),
                 "%s: the slot was not given back", bad->name);
  ck_assert_uint_eq (bridge_frame_consumer_get_dropped (c->consumer), 1);

  hand_ring_record (&ring, 1, BRIDGE_FRAME_RING_VERSION, BRIDGE_FRAME_FORMAT_BGRA, 16, 16, 64, 0, 2);
  emit_frame (5, 1, 1, 2, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 2);
  ck_assert_msg (c->n_frames == 1, "%s: the good frame after it did not arrive", bad->name);
  hand_ring_clear (&ring);
  collector_free (c);
}
END_TEST

/* On the event of an older frame the consumer takes the newest READY slot,
 * with that slot's metadata; the older frame stays READY for the producer
 * to reclaim, and its own event later is ignored quietly. A record of
 * another version is not read: the event's slot and fields are used. */
START_TEST (test_record_newest_taken)
{
  Collector *c = collector_new (host_side, 5);
  HandRing ring;
  BridgeFrame *latest;

  hand_ring_announce (&ring, 5, 1);
  hand_ring_record (&ring, 0, BRIDGE_FRAME_RING_VERSION, BRIDGE_FRAME_FORMAT_BGRA, 16, 16, 64, 111, 1);
  hand_ring_record (&ring, 1, BRIDGE_FRAME_RING_VERSION, BRIDGE_FRAME_FORMAT_RGBX, 8, 4, 32, 222, 2);
  emit_frame (5, 1, 0, 1, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 2);
  ck_assert_uint_eq (c->n_frames, 1);
  latest = bridge_frame_consumer_get_latest (c->consumer);
  ck_assert_uint_eq (bridge_frame_get_sequence (latest), 2);
  ck_assert_int_eq (bridge_frame_get_pts (latest), 222);
  ck_assert_int_eq (bridge_frame_get_format (latest), BRIDGE_FRAME_FORMAT_RGBX);
  ck_assert_uint_eq (bridge_frame_get_width (latest), 8);
  ck_assert_uint_eq (bridge_frame_consumer_get_dropped (c->consumer), 1);
  ck_assert (atomic_load (hand_ring_word (&ring, 0)) == BRIDGE_FRAME_SLOT_WORD (1, BRIDGE_FRAME_SLOT_READY));
  ck_assert (atomic_load (hand_ring_word (&ring, 1))
             == BRIDGE_FRAME_SLOT_WORD (2, BRIDGE_FRAME_SLOT_READING));
  emit_frame (5, 1, 1, 2, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);

  /* Slot 0 again, of version 1: the event's slot and fields count. */
  hand_ring_record (&ring, 0, 1, 0, 0, 0, 0, 333, 3);
  emit_frame (5, 1, 0, 3, 16, 16, 64, BRIDGE_FRAME_FORMAT_BGRA);
  wait_seen (c, 3);
  ck_assert_uint_eq (c->n_frames, 2);
  latest = bridge_frame_consumer_get_latest (c->consumer);
  ck_assert_uint_eq (bridge_frame_get_sequence (latest), 3);
  ck_assert_int_eq (bridge_frame_get_pts (latest), 0);
  ck_assert_uint_eq (bridge_frame_get_width (latest), 16);
  ck_assert_uint_eq (c->errors->len, 0);
  collector_free (c);
  hand_ring_clear (&ring);
}
END_TEST

static Suite *
frame_ring_hostile_suite (void)
{
  Suite *s = suite_create ("frame-ring-hostile");
  TCase *tc = tcase_create ("hostile");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_loop_test (tc, test_hostile_ring_refused, 0, G_N_ELEMENTS (bad_rings));
  tcase_add_loop_test (tc, test_hostile_frame_refused, 0, G_N_ELEMENTS (bad_frames));
  tcase_add_test (tc, test_hostile_malformed_events);
  tcase_add_test (tc, test_hostile_generation_goes_back);
  tcase_add_test (tc, test_hostile_slot_states);
  tcase_add_loop_test (tc, test_hostile_record_refused, 0, G_N_ELEMENTS (bad_records));
  tcase_add_test (tc, test_record_newest_taken);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (frame_ring_hostile_suite)
