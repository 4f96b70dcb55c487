/* bridge-frame-ring-private.h: the shared-memory layout of a frame ring
 *
 * Private to libbridge. The byte layout, slot states and event types here
 * are the ones docs/PROTOCOL.md, "Frame rings", specifies; change both
 * together.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gio/gunixfdlist.h>

#include "bridge-frame-ring.h"

G_BEGIN_DECLS

/* Wire events of BRIDGE_FRAME_RING_INTERFACE and their argument types. */
#define BRIDGE_FRAME_RING_EVENT_RING "Ring"
#define BRIDGE_FRAME_RING_EVENT_FRAME "Frame"
/* stream, generation, n_slots, slot_size, data_offset, format, width,
 * height, stride, memfd */
#define BRIDGE_FRAME_RING_RING_TYPE "(uuuttuuuuh)"
/* stream, generation, slot, sequence, width, height, stride, format, pts,
 * duration, producer's dropped count */
#define BRIDGE_FRAME_RING_FRAME_TYPE "(uuutuuuuxxt)"

/* Each slot's control record is one cache line at offset slot * 64 from
 * the start of the memfd (docs/FRAME-RING.md, "The shared memory"). */
#define BRIDGE_FRAME_SLOT_CONTROL_SIZE 64
/* The record layout libbridge's producer writes; version 1 producers leave
 * everything past the control word zero. */
#define BRIDGE_FRAME_RING_VERSION 2
/* How long, at most, the producer waits for a consumer one frame behind
 * before it goes on without it (docs/FRAME-RING.md, "Producer"). */
#define BRIDGE_FRAME_PRODUCER_MAX_WAIT_US 20000

/* A slot's control record, shared with the other process: the word only
 * with atomics; the rest written by the producer while the slot is
 * WRITING, read by the consumer once after it took the slot. */
typedef struct
{
  guint64 word;
  guint32 version; /* BRIDGE_FRAME_RING_VERSION, or 0 */
  guint32 format;
  guint32 width;
  guint32 height;
  guint32 stride;
  guint32 waiting; /* the producer waits on this slot's word: wake it */
  gint64 pts;
  gint64 duration;
  guint64 dropped;
  guint64 reserved;
} BridgeFrameSlotRecord;

/* What a record (or a Frame event) says about its frame. */
typedef struct
{
  guint format, width, height, stride;
  gint64 pts, duration;
  guint64 dropped;
} BridgeFrameMeta;
#define BRIDGE_FRAME_RING_DEFAULT_SLOTS 4
/* Rows of a slot start on this boundary (the producer's choice; the
 * consumer accepts any stride that is a multiple of 4). */
#define BRIDGE_FRAME_RING_STRIDE_ALIGN 64
/* Consumer-side limits on what a producer may announce. */
#define BRIDGE_FRAME_RING_MAX_DIMENSION 16384
#define BRIDGE_FRAME_RING_MAX_SIZE (G_GUINT64_CONSTANT (1) << 30)

/* The control word: the slot state in the low 8 bits, the sequence number
 * of the frame it holds (or last held) in the high 56. A memfd starts
 * zeroed, so every slot starts FREE. */
typedef enum
{
  BRIDGE_FRAME_SLOT_FREE = 0,
  BRIDGE_FRAME_SLOT_WRITING = 1,
  BRIDGE_FRAME_SLOT_READY = 2,
  BRIDGE_FRAME_SLOT_READING = 3,
} BridgeFrameSlotState;

#define BRIDGE_FRAME_SEQUENCE_MAX ((G_GUINT64_CONSTANT (1) << 56) - 1)
#define BRIDGE_FRAME_SLOT_WORD(seq, state) (((guint64) (seq) << 8) | (guint64) (state))
#define BRIDGE_FRAME_SLOT_STATE(word) ((guint) ((word) &0xff))
#define BRIDGE_FRAME_SLOT_SEQUENCE(word) ((guint64) (word) >> 8)

/* Where things are in a ring of @n_slots slots of @slot_size bytes. */
typedef struct
{
  guint n_slots;
  guint64 slot_size;
  guint64 data_offset; /* page aligned, >= n_slots * 64 */
  guint64 total_size;  /* data_offset + n_slots * slot_size */
} BridgeFrameRingLayout;

gboolean bridge_frame_format_is_valid (guint format);
gboolean bridge_frame_ring_layout_init (
    BridgeFrameRingLayout *layout, guint n_slots, guint stride, guint height, GError **error);
gboolean bridge_frame_ring_layout_check (
    BridgeFrameRingLayout *layout, guint n_slots, guint64 slot_size, guint64 data_offset, GError **error);
gboolean bridge_frame_geometry_check (const BridgeFrameRingLayout *layout,
                                      guint format,
                                      guint width,
                                      guint height,
                                      guint stride,
                                      GError **error);

/* The producer's ring: the whole memfd mapped read-write. */
typedef struct
{
  BridgeFrameRingLayout layout;
  guint generation;
  BridgeFrameFormat format;
  guint width;
  guint height;
  guint stride;
  guint8 *base;
  gboolean stalled;      /* a wait ran out: do not wait again ... */
  guint64 stalled_taken; /* ... until the consumer takes a newer frame than this */
} BridgeFrameProducerRing;

BridgeFrameProducerRing *bridge_frame_producer_ring_new (guint generation,
                                                         BridgeFrameFormat format,
                                                         guint width,
                                                         guint height,
                                                         guint n_slots,
                                                         int *out_fd,
                                                         GError **error);
void bridge_frame_producer_ring_free (BridgeFrameProducerRing *ring);
int bridge_frame_producer_ring_acquire (BridgeFrameProducerRing *ring,
                                        guint64 sequence,
                                        gint64 max_wait_us,
                                        gboolean *reclaimed);
void bridge_frame_producer_ring_publish (BridgeFrameProducerRing *ring,
                                         guint slot,
                                         guint64 sequence,
                                         const BridgeFrameMeta *meta);
guint8 *bridge_frame_producer_ring_slot_data (BridgeFrameProducerRing *ring, guint slot);
guint bridge_frame_producer_ring_count_free (BridgeFrameProducerRing *ring);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BridgeFrameProducerRing, bridge_frame_producer_ring_free)

/* The consumer's view of a ring: control records mapped read-write, pixel
 * slots mapped read-only. Atomically refcounted: the consumer holds one
 * reference while the ring is current, each BridgeFrame one more. */
typedef struct _BridgeFrameRingMap BridgeFrameRingMap;

BridgeFrameRingMap *bridge_frame_ring_map_new (
    int fd, guint stream_id, guint generation, const BridgeFrameRingLayout *layout, GError **error);
BridgeFrameRingMap *bridge_frame_ring_map_ref (BridgeFrameRingMap *map);
void bridge_frame_ring_map_unref (BridgeFrameRingMap *map);
guint bridge_frame_ring_map_get_generation (BridgeFrameRingMap *map);
const BridgeFrameRingLayout *bridge_frame_ring_map_get_layout (BridgeFrameRingMap *map);
guint8 *bridge_frame_ring_map_get_control (BridgeFrameRingMap *map);
gboolean bridge_frame_ring_map_take (BridgeFrameRingMap *map, guint slot, guint64 sequence);
gboolean bridge_frame_ring_map_take_newest (
    BridgeFrameRingMap *map, guint64 after, guint *slot, guint64 *sequence, BridgeFrameMeta *meta);

/* bridge-frame-slots.c: the consumer's side of the control records. */
gboolean bridge_frame_slots_take (guint8 *control, guint n_slots, guint slot, guint64 sequence);
gboolean bridge_frame_slots_take_newest (
    guint8 *control, guint n_slots, guint64 after, guint *slot, guint64 *sequence, BridgeFrameMeta *meta);
void bridge_frame_slots_release (guint8 *control, guint slot, guint64 sequence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BridgeFrameRingMap, bridge_frame_ring_map_unref)

/* A frame of a taken slot; takes over one reference to @map. */
BridgeFrame *bridge_frame_new_taken (BridgeFrameRingMap *map,
                                     guint slot,
                                     guint64 sequence,
                                     BridgeFrameFormat format,
                                     guint width,
                                     guint height,
                                     guint stride,
                                     gint64 pts,
                                     gint64 duration);

G_END_DECLS
