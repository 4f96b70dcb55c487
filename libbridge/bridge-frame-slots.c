/* bridge-frame-slots.c: the control records of a frame ring
 *
 * Each slot of a ring has a 64-byte control record at the start of the
 * memfd: the control word that both sides compare-and-swap, and (ring
 * version 2) the frame's metadata and the producer's "waiting" flag
 * (docs/FRAME-RING.md, "The shared memory" and "The slot state machine").
 * Here are the producer's and the consumer's operations on them; the
 * consumer trusts nothing it reads here, and the producer waits for the
 * consumer only briefly and never unboundedly.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-frame-ring-private.h"

#include <errno.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

G_STATIC_ASSERT (sizeof (BridgeFrameSlotRecord) == BRIDGE_FRAME_SLOT_CONTROL_SIZE);
/* The records are shared with another process: their atomics must not
 * fall back to a lock that lives in this process only. */
G_STATIC_ASSERT (ATOMIC_INT_LOCK_FREE == 2);
G_STATIC_ASSERT (ATOMIC_LLONG_LOCK_FREE == 2);
G_STATIC_ASSERT (ATOMIC_LONG_LOCK_FREE == 2);
G_STATIC_ASSERT (sizeof (_Atomic uint64_t) == 8);

/* The producer loses at most this many races for one frame, and the
 * consumer at most this many for one event: a peer that keeps changing
 * words cannot keep either here. */
#define MAX_SCANS 16

static inline BridgeFrameSlotRecord *
record (guint8 *control, guint slot)
{
  return (BridgeFrameSlotRecord *) (control + (gsize) slot * BRIDGE_FRAME_SLOT_CONTROL_SIZE);
}

static inline _Atomic uint64_t *
word_of (BridgeFrameSlotRecord *r)
{
  return (_Atomic uint64_t *) &r->word;
}

static inline _Atomic uint32_t *
u32_of (guint32 *field)
{
  return (_Atomic uint32_t *) field;
}

/* The futex is the 32-bit half of the control word that holds the state:
 * every transition changes it. */
static inline uint32_t *
futex_of (BridgeFrameSlotRecord *r)
{
  return (uint32_t *) &r->word + (G_BYTE_ORDER == G_LITTLE_ENDIAN ? 0 : 1);
}

static inline uint32_t
futex_value (uint64_t word)
{
  return (uint32_t) word;
}

/* Not FUTEX_PRIVATE_FLAG: the two sides are two processes. */
static void
futex_wait (BridgeFrameSlotRecord *r, uint32_t expected, gint64 timeout_us)
{
  struct timespec timeout = { timeout_us / G_USEC_PER_SEC, (timeout_us % G_USEC_PER_SEC) * 1000 };

  syscall (SYS_futex, futex_of (r), FUTEX_WAIT, expected, &timeout, NULL, 0);
}

static void
futex_wake (BridgeFrameSlotRecord *r)
{
  syscall (SYS_futex, futex_of (r), FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* ---- producer ---- */

typedef struct
{
  int first_free;
  int newest_ready, oldest_ready; /* oldest_ready: not the newest */
  int oldest_reading;
  guint64 newest_ready_seq, oldest_ready_seq, oldest_reading_seq;
  guint64 max_taken; /* the newest frame seen READING or FREE again */
  uint64_t seen[BRIDGE_FRAME_RING_MAX_SLOTS];
} Scan;

static void
scan (BridgeFrameProducerRing *ring, Scan *s)
{
  *s = (Scan){ -1, -1, -1, -1, 0, 0, 0, 0, { 0 } };
  for (guint i = 0; i < ring->layout.n_slots; i++)
    {
      uint64_t w = atomic_load_explicit (word_of (record (ring->base, i)), memory_order_acquire);
      guint64 seq = BRIDGE_FRAME_SLOT_SEQUENCE (w);

      s->seen[i] = w;
      switch (BRIDGE_FRAME_SLOT_STATE (w))
        {
          case BRIDGE_FRAME_SLOT_FREE:
            if (s->first_free < 0)
              s->first_free = (int) i;
            s->max_taken = MAX (s->max_taken, seq);
            break;
          case BRIDGE_FRAME_SLOT_READY:
            if (s->newest_ready < 0 || seq > s->newest_ready_seq)
              {
                if (s->newest_ready >= 0
                    && (s->oldest_ready < 0 || s->newest_ready_seq < s->oldest_ready_seq))
                  s->oldest_ready = s->newest_ready, s->oldest_ready_seq = s->newest_ready_seq;
                s->newest_ready = (int) i, s->newest_ready_seq = seq;
              }
            else if (s->oldest_ready < 0 || seq < s->oldest_ready_seq)
              s->oldest_ready = (int) i, s->oldest_ready_seq = seq;
            break;
          case BRIDGE_FRAME_SLOT_READING:
            if (s->oldest_reading < 0 || seq < s->oldest_reading_seq)
              s->oldest_reading = (int) i, s->oldest_reading_seq = seq;
            s->max_taken = MAX (s->max_taken, seq);
            break;
          default:
            break;
        }
    }
}

/* Waits until slot @slot's word is no longer @seen, or @timeout_us pass.
 * The flag tells the consumer to wake us; with both sides' accesses
 * sequentially consistent, either the consumer sees the flag or the
 * kernel sees the changed word. */
static void
wait_for_change (BridgeFrameProducerRing *ring, guint slot, uint64_t seen, gint64 timeout_us)
{
  BridgeFrameSlotRecord *r = record (ring->base, slot);

  atomic_store (u32_of (&r->waiting), 1);
  if (atomic_load (word_of (r)) == seen)
    futex_wait (r, futex_value (seen), timeout_us);
  atomic_store (u32_of (&r->waiting), 0);
}

/* Takes a slot for frame @sequence and marks it WRITING.
 *
 * While the consumer has not taken the newest frame yet (one frame
 * behind) or holds every slot but none is FREE, waits for it, up to
 * @max_wait_us in all; the consumer then reads the frame it is given
 * right after it was written, from cache. A wait that runs out marks the
 * consumer stalled: no more waiting until it takes a frame again.
 *
 * Then: the first FREE slot; else the oldest READY slot that is not the
 * newest READY one (*reclaimed: that frame is dropped); else -1, and the
 * new frame is dropped. */
int
bridge_frame_producer_ring_acquire (BridgeFrameProducerRing *ring,
                                    guint64 sequence,
                                    gint64 max_wait_us,
                                    gboolean *reclaimed)
{
  uint64_t writing = BRIDGE_FRAME_SLOT_WORD (sequence, BRIDGE_FRAME_SLOT_WRITING);
  gint64 deadline = 0;

  *reclaimed = FALSE;
  /* Waits are bounded by the deadline, lost races by the count. */
  for (guint lost = 0; lost < MAX_SCANS;)
    {
      Scan s;
      int wait_on = -1, slot;

      scan (ring, &s);
      if (ring->stalled && s.max_taken > ring->stalled_taken)
        ring->stalled = FALSE;

      if (s.newest_ready >= 0)
        wait_on = s.newest_ready;
      else if (s.first_free < 0)
        wait_on = s.oldest_reading;
      if (wait_on >= 0 && !ring->stalled && max_wait_us > 0)
        {
          gint64 now = g_get_monotonic_time ();

          if (deadline == 0)
            deadline = now + max_wait_us;
          if (now < deadline)
            {
              wait_for_change (ring, (guint) wait_on, s.seen[wait_on], deadline - now);
              continue;
            }
          ring->stalled = TRUE;
          ring->stalled_taken = s.max_taken;
        }

      slot = s.first_free >= 0 ? s.first_free : s.oldest_ready;
      if (slot < 0)
        return -1;
      if (atomic_compare_exchange_strong_explicit (word_of (record (ring->base, (guint) slot)), &s.seen[slot],
                                                   writing, memory_order_acquire, memory_order_relaxed))
        {
          *reclaimed = s.first_free < 0;
          return slot;
        }
      lost++;
    }
  return -1;
}

guint
bridge_frame_producer_ring_count_free (BridgeFrameProducerRing *ring)
{
  guint n = 0;

  for (guint i = 0; i < ring->layout.n_slots; i++)
    if (BRIDGE_FRAME_SLOT_STATE (
            atomic_load_explicit (word_of (record (ring->base, i)), memory_order_relaxed))
        == BRIDGE_FRAME_SLOT_FREE)
      n++;
  return n;
}

/* Fills the slot's record and makes it READY(@sequence): the pixels and
 * the record written before are visible to whoever takes the slot after. */
void
bridge_frame_producer_ring_publish (BridgeFrameProducerRing *ring,
                                    guint slot,
                                    guint64 sequence,
                                    const BridgeFrameMeta *meta)
{
  BridgeFrameSlotRecord *r = record (ring->base, slot);

  r->version = BRIDGE_FRAME_RING_VERSION;
  r->format = meta->format;
  r->width = meta->width;
  r->height = meta->height;
  r->stride = meta->stride;
  r->pts = meta->pts;
  r->duration = meta->duration;
  r->dropped = meta->dropped;
  atomic_store_explicit (word_of (r), BRIDGE_FRAME_SLOT_WORD (sequence, BRIDGE_FRAME_SLOT_READY),
                         memory_order_release);
}

/* ---- consumer ---- */

static void
wake_producer (BridgeFrameSlotRecord *r)
{
  if (atomic_load (u32_of (&r->waiting)) != 0)
    futex_wake (r);
}

static gboolean
take (guint8 *control, guint slot, uint64_t expected)
{
  BridgeFrameSlotRecord *r = record (control, slot);

  if (!atomic_compare_exchange_strong (
          word_of (r), &expected,
          BRIDGE_FRAME_SLOT_WORD (BRIDGE_FRAME_SLOT_SEQUENCE (expected), BRIDGE_FRAME_SLOT_READING)))
    return FALSE;
  wake_producer (r);
  return TRUE;
}

/* READY(@sequence) -> READING(@sequence) of the slot a Frame event names
 * (a version 1 producer). FALSE when the slot no longer holds that frame,
 * ready: the producer reclaimed it (or misbehaves). */
gboolean
bridge_frame_slots_take (guint8 *control, guint n_slots, guint slot, guint64 sequence)
{
  g_return_val_if_fail (slot < n_slots, FALSE);
  return take (control, slot, BRIDGE_FRAME_SLOT_WORD (sequence, BRIDGE_FRAME_SLOT_READY));
}

/* Takes the newest READY slot whose frame is newer than @after and whose
 * record is of version 2, and copies its metadata to @meta: read once,
 * after the take, so the producer cannot change what the caller checks.
 * FALSE when there is none. */
gboolean
bridge_frame_slots_take_newest (guint8 *control,
                                guint n_slots,
                                guint64 after,
                                guint *out_slot,
                                guint64 *out_sequence,
                                BridgeFrameMeta *meta)
{
  for (guint attempt = 0; attempt < MAX_SCANS; attempt++)
    {
      int newest = -1;
      uint64_t newest_word = 0;
      BridgeFrameSlotRecord *r;

      for (guint i = 0; i < n_slots; i++)
        {
          BridgeFrameSlotRecord *ri = record (control, i);
          uint64_t w = atomic_load_explicit (word_of (ri), memory_order_relaxed);

          if (BRIDGE_FRAME_SLOT_STATE (w) == BRIDGE_FRAME_SLOT_READY && BRIDGE_FRAME_SLOT_SEQUENCE (w) > after
              && atomic_load_explicit (u32_of (&ri->version), memory_order_relaxed)
                     == BRIDGE_FRAME_RING_VERSION
              && (newest < 0 || BRIDGE_FRAME_SLOT_SEQUENCE (w) > BRIDGE_FRAME_SLOT_SEQUENCE (newest_word)))
            newest = (int) i, newest_word = w;
        }
      if (newest < 0)
        return FALSE;
      if (!take (control, (guint) newest, newest_word))
        continue; /* the producer reclaimed it meanwhile */

      r = record (control, (guint) newest);
      meta->format = atomic_load_explicit (u32_of (&r->format), memory_order_relaxed);
      meta->width = atomic_load_explicit (u32_of (&r->width), memory_order_relaxed);
      meta->height = atomic_load_explicit (u32_of (&r->height), memory_order_relaxed);
      meta->stride = atomic_load_explicit (u32_of (&r->stride), memory_order_relaxed);
      meta->pts = (gint64) atomic_load_explicit ((_Atomic uint64_t *) &r->pts, memory_order_relaxed);
      meta->duration
          = (gint64) atomic_load_explicit ((_Atomic uint64_t *) &r->duration, memory_order_relaxed);
      meta->dropped = atomic_load_explicit ((_Atomic uint64_t *) &r->dropped, memory_order_relaxed);
      *out_slot = (guint) newest;
      *out_sequence = BRIDGE_FRAME_SLOT_SEQUENCE (newest_word);
      return TRUE;
    }
  return FALSE;
}

/* READING(@sequence) -> FREE: every read of the pixels happens before the
 * producer may write the slot again. A word that changed meanwhile was
 * changed by a misbehaving producer; it keeps its value. */
void
bridge_frame_slots_release (guint8 *control, guint slot, guint64 sequence)
{
  BridgeFrameSlotRecord *r = record (control, slot);
  uint64_t expected = BRIDGE_FRAME_SLOT_WORD (sequence, BRIDGE_FRAME_SLOT_READING);

  if (atomic_compare_exchange_strong (word_of (r), &expected,
                                      BRIDGE_FRAME_SLOT_WORD (sequence, BRIDGE_FRAME_SLOT_FREE)))
    wake_producer (r);
}
