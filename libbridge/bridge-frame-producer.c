/* bridge-frame-producer.c: the sending end of a frame ring (plugin side)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-frame-ring-private.h"
#include "bridge-connection.h"
#include "bridge-error.h"

#include <string.h>

/**
 * BridgeFrameProducer:
 *
 * Sends frames to a #BridgeFrameConsumer on the other end of a
 * #BridgeConnection through shared memory.
 *
 * bridge_frame_producer_configure() creates a ring of slots in a sealed
 * memfd and announces it to the peer with a `Ring` event carrying the
 * memfd; bridge_frame_producer_push() copies a frame into a slot and sends
 * only a small `Frame` event (docs/PROTOCOL.md, "Frame rings").
 *
 * Pushing waits for the consumer only briefly: while it has not taken the
 * previous frame yet, up to 4 ms (so it reads each frame right after it
 * was written, while it is in the cache), and not at all once such a wait
 * ran out, until the consumer takes a frame again. Then, when no slot is
 * free, the oldest frame the consumer has not taken yet is overwritten
 * (never the newest): the newest frame wins and the overwritten one counts
 * as dropped. When the consumer holds every other slot, the new frame
 * itself is dropped.
 *
 * bridge_frame_producer_push() and bridge_frame_producer_configure() may be
 * called from any thread (a GStreamer streaming thread, typically), also
 * while the connection lives in another.
 *
 * Since: 0.1
 */
struct _BridgeFrameProducer
{
  GObject parent_instance;

  BridgeConnection *connection;
  guint32 stream_id;
  guint n_slots;

  /* Guards everything below: push and configure come from any thread, and
   * one lock keeps Frame events in sequence order on the wire. */
  GMutex lock;
  BridgeFrameProducerRing *ring;
  guint generation;
  guint64 sequence;
  guint64 pushed;
  guint64 dropped;
};

G_DEFINE_FINAL_TYPE (BridgeFrameProducer, bridge_frame_producer, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONNECTION,
  PROP_STREAM_ID,
  PROP_N_SLOTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bridge_frame_producer_finalize (GObject *object)
{
  BridgeFrameProducer *self = BRIDGE_FRAME_PRODUCER (object);

  g_clear_pointer (&self->ring, bridge_frame_producer_ring_free);
  g_clear_object (&self->connection);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (bridge_frame_producer_parent_class)->finalize (object);
}

static void
bridge_frame_producer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BridgeFrameProducer *self = BRIDGE_FRAME_PRODUCER (object);

  switch (prop_id)
    {
      case PROP_CONNECTION:
        g_value_set_object (value, self->connection);
        break;
      case PROP_STREAM_ID:
        g_value_set_uint (value, self->stream_id);
        break;
      case PROP_N_SLOTS:
        g_value_set_uint (value, self->n_slots);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bridge_frame_producer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BridgeFrameProducer *self = BRIDGE_FRAME_PRODUCER (object);

  switch (prop_id)
    {
      case PROP_CONNECTION:
        self->connection = g_value_dup_object (value);
        break;
      case PROP_STREAM_ID:
        self->stream_id = g_value_get_uint (value);
        break;
      case PROP_N_SLOTS:
        self->n_slots = g_value_get_uint (value);
        if (self->n_slots == 0)
          self->n_slots = BRIDGE_FRAME_RING_DEFAULT_SLOTS;
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bridge_frame_producer_class_init (BridgeFrameProducerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bridge_frame_producer_finalize;
  object_class->get_property = bridge_frame_producer_get_property;
  object_class->set_property = bridge_frame_producer_set_property;

  /**
   * BridgeFrameProducer:connection:
   *
   * The connection the ring is announced and frames are signalled over.
   *
   * Since: 0.1
   */
  properties[PROP_CONNECTION]
      = g_param_spec_object ("connection", NULL, NULL, BRIDGE_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * BridgeFrameProducer:stream-id:
   *
   * Tells this producer's events from those of other streams on the same
   * connection; the consumer must use the same id.
   *
   * Since: 0.1
   */
  properties[PROP_STREAM_ID]
      = g_param_spec_uint ("stream-id", NULL, NULL, 0, G_MAXUINT32, 0,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * BridgeFrameProducer:n-slots:
   *
   * Slots in each ring, 1 to %BRIDGE_FRAME_RING_MAX_SLOTS; 0 picks the
   * default, 4. The consumer keeps the latest frame and a renderer
   * usually one more, so fewer than 3 drops frames even with a fast
   * consumer.
   *
   * Since: 0.1
   */
  properties[PROP_N_SLOTS]
      = g_param_spec_uint ("n-slots", NULL, NULL, 0, BRIDGE_FRAME_RING_MAX_SLOTS, 0,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bridge_frame_producer_init (BridgeFrameProducer *self)
{
  g_mutex_init (&self->lock);
  self->n_slots = BRIDGE_FRAME_RING_DEFAULT_SLOTS;
}

/**
 * bridge_frame_producer_new:
 * @connection: the connection to the consumer's side
 * @stream_id: the stream's id, unique among the producers on @connection
 * @n_slots: slots in the ring, 1 to %BRIDGE_FRAME_RING_MAX_SLOTS, or 0
 *   for the default (4)
 *
 * Creates a producer. Nothing is sent until
 * bridge_frame_producer_configure(); create the consumer on the other side
 * before that, or it will miss the ring.
 *
 * Returns: (transfer full): a new #BridgeFrameProducer
 *
 * Since: 0.1
 */
BridgeFrameProducer *
bridge_frame_producer_new (BridgeConnection *connection, guint32 stream_id, guint n_slots)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (n_slots <= BRIDGE_FRAME_RING_MAX_SLOTS, NULL);

  return g_object_new (BRIDGE_TYPE_FRAME_PRODUCER, "connection", connection, "stream-id", stream_id,
                       "n-slots", n_slots, NULL);
}

/* Sends an event. A peer that went away shows up as a broken pipe or a
 * reset on the write that finds out, and as BRIDGE_ERROR_CLOSED after
 * that: callers get BRIDGE_ERROR_CLOSED for both. */
static gboolean
emit (BridgeFrameProducer *self, const char *event, GVariant *args, GUnixFDList *fds, GError **error)
{
  GError *local = NULL;

  if (bridge_connection_emit (self->connection, BRIDGE_FRAME_RING_INTERFACE, event, args, fds, &local))
    return TRUE;
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)
      || g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED, "frame stream %u: the consumer is gone (%s)",
                   self->stream_id, local->message);
      g_error_free (local);
      return FALSE;
    }
  g_propagate_prefixed_error (error, local, "frame stream %u: ", self->stream_id);
  return FALSE;
}

/**
 * bridge_frame_producer_configure:
 * @self: a #BridgeFrameProducer
 * @format: the pixel layout of the frames to come
 * @width: their width in pixels, 1 to 16384
 * @height: their height in pixels, 1 to 16384
 * @error: return location for a #GError
 *
 * Sets the format and size of the frames to come. Unless they are the
 * current ones, this makes a new ring (a new memfd, a higher generation)
 * and sends it to the consumer in a `Ring` event. Frames of the old ring
 * the consumer still holds stay valid on its side until it lets them go.
 * Safe from any thread.
 *
 * Returns: %TRUE on success; %FALSE with %BRIDGE_ERROR_INVALID_ARGS for a
 *   bad format or size, %BRIDGE_ERROR_LIMIT_EXCEEDED for a ring over
 *   1 GiB, a %G_IO_ERROR when shared memory cannot be made,
 *   %BRIDGE_ERROR_CLOSED once the connection is closed or the consumer's
 *   side gone, or another error of bridge_connection_emit()
 *
 * Since: 0.1
 */
gboolean
bridge_frame_producer_configure (
    BridgeFrameProducer *self, BridgeFrameFormat format, guint width, guint height, GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (BridgeFrameProducerRing) ring = NULL;
  g_autoptr (GUnixFDList) fds = NULL;
  GVariant *args;
  int fd = -1;

  g_return_val_if_fail (BRIDGE_IS_FRAME_PRODUCER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bridge_frame_format_is_valid (format) || width < 1 || height < 1
      || width > BRIDGE_FRAME_RING_MAX_DIMENSION || height > BRIDGE_FRAME_RING_MAX_DIMENSION)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS,
                   "frame stream %u: cannot configure format %d at %ux%u", self->stream_id, format, width,
                   height);
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->lock);
  if (self->ring != NULL && self->ring->format == format && self->ring->width == width
      && self->ring->height == height)
    return TRUE;

  ring = bridge_frame_producer_ring_new (self->generation + 1, format, width, height, self->n_slots, &fd,
                                         error);
  if (ring == NULL)
    return FALSE;
  fds = g_unix_fd_list_new_from_array (&fd, 1);

  args = g_variant_new (BRIDGE_FRAME_RING_RING_TYPE, self->stream_id, ring->generation, ring->layout.n_slots,
                        ring->layout.slot_size, ring->layout.data_offset, (guint32) format, width, height,
                        ring->stride, (gint32) 0);
  if (!emit (self, BRIDGE_FRAME_RING_EVENT_RING, args, fds, error))
    return FALSE;

  g_debug ("frame stream %u: ring generation %u, %u slots of %" G_GUINT64_FORMAT " bytes for %ux%u",
           self->stream_id, ring->generation, ring->layout.n_slots, ring->layout.slot_size, width, height);
  /* Our mapping of the old ring can go at once: the consumer has its own,
   * which its frames keep alive. */
  g_clear_pointer (&self->ring, bridge_frame_producer_ring_free);
  self->ring = g_steal_pointer (&ring);
  self->generation = self->ring->generation;
  return TRUE;
}

static void
copy_frame (guint8 *dest, guint dest_stride, const guint8 *src, guint src_stride, guint row, guint height)
{
  if (src_stride == dest_stride)
    {
      memcpy (dest, src, (gsize) dest_stride * height);
      return;
    }
  for (guint y = 0; y < height; y++)
    memcpy (dest + (gsize) y * dest_stride, src + (gsize) y * src_stride, row);
}

/* Checks and publishes one frame; @size is what @data holds. */
static gboolean
push (BridgeFrameProducer *self,
      const guint8 *data,
      gsize size,
      guint stride,
      gint64 pts,
      gint64 duration,
      GError **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  BridgeFrameProducerRing *ring;
  BridgeFrameMeta meta;
  gboolean reclaimed;
  guint64 sequence;
  GVariant *args;
  int slot;

  locker = g_mutex_locker_new (&self->lock);
  ring = self->ring;
  if (ring == NULL)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_FAILED,
                   "frame stream %u: push before the producer is configured", self->stream_id);
      return FALSE;
    }
  if (stride < (guint64) ring->width * 4)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS,
                   "frame stream %u: stride %u is too small for width %u", self->stream_id, stride,
                   ring->width);
      return FALSE;
    }
  if (size < (guint64) stride * (ring->height - 1) + (guint64) ring->width * 4)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS,
                   "frame stream %u: %" G_GSIZE_FORMAT " bytes are too few for %ux%u at stride %u",
                   self->stream_id, size, ring->width, ring->height, stride);
      return FALSE;
    }
  if (self->sequence >= BRIDGE_FRAME_SEQUENCE_MAX)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_LIMIT_EXCEEDED,
                   "frame stream %u: sequence numbers exhausted", self->stream_id);
      return FALSE;
    }

  /* Every frame takes a sequence number, also one dropped right here, so
   * the consumer sees the gap and counts it. */
  sequence = ++self->sequence;
  slot = bridge_frame_producer_ring_acquire (ring, sequence, BRIDGE_FRAME_PRODUCER_MAX_WAIT_US, &reclaimed);
  if (slot < 0)
    {
      self->pushed++;
      self->dropped++;
      g_debug ("frame stream %u: consumer holds every slot, frame %" G_GUINT64_FORMAT " dropped",
               self->stream_id, sequence);
      return TRUE;
    }
  if (reclaimed)
    self->dropped++;

  copy_frame (bridge_frame_producer_ring_slot_data (ring, (guint) slot), ring->stride, data, stride,
              ring->width * 4, ring->height);
  meta = (BridgeFrameMeta){ ring->format, ring->width, ring->height, ring->stride,
                            pts,          duration,    self->dropped };
  bridge_frame_producer_ring_publish (ring, (guint) slot, sequence, &meta);

  args = g_variant_new (BRIDGE_FRAME_RING_FRAME_TYPE, self->stream_id, ring->generation, (guint32) slot,
                        sequence, ring->width, ring->height, ring->stride, (guint32) ring->format, pts,
                        duration, self->dropped);
  if (!emit (self, BRIDGE_FRAME_RING_EVENT_FRAME, args, NULL, error))
    return FALSE;
  self->pushed++;
  return TRUE;
}

/**
 * bridge_frame_producer_push: (skip)
 * @self: a #BridgeFrameProducer
 * @data: the frame's pixels in the configured format and size: @stride
 *   times the height bytes (the last row may stop after 4 times the width)
 * @stride: the distance in bytes between rows of @data, at least 4 times
 *   the width
 * @pts: the presentation time in nanoseconds, or -1
 * @duration: the duration in nanoseconds, or -1
 * @error: return location for a #GError
 *
 * Copies a frame into the ring and tells the consumer. Waits for the
 * consumer at most 4 ms (see #BridgeFrameProducer): when it is slow, an
 * older frame it has not taken yet, or this one when it holds every other
 * slot, is dropped and counted (see
 * bridge_frame_producer_get_dropped()); that is not an error. Safe from
 * any thread. Bindings use bridge_frame_producer_push_bytes(), which knows
 * the size of what it is given.
 *
 * Returns: %TRUE when the frame was published or dropped; %FALSE with
 *   %BRIDGE_ERROR_FAILED before bridge_frame_producer_configure(),
 *   %BRIDGE_ERROR_INVALID_ARGS for a too small @stride,
 *   %BRIDGE_ERROR_CLOSED once the connection is closed or the consumer's
 *   side gone, or another error of bridge_connection_emit()
 *
 * Since: 0.1
 */
gboolean
bridge_frame_producer_push (
    BridgeFrameProducer *self, const guint8 *data, guint stride, gint64 pts, gint64 duration, GError **error)
{
  g_return_val_if_fail (BRIDGE_IS_FRAME_PRODUCER (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return push (self, data, G_MAXSIZE, stride, pts, duration, error);
}

/**
 * bridge_frame_producer_push_bytes:
 * @self: a #BridgeFrameProducer
 * @pixels: the frame's pixels, as for bridge_frame_producer_push()
 * @stride: the distance in bytes between rows of @pixels
 * @pts: the presentation time in nanoseconds, or -1
 * @duration: the duration in nanoseconds, or -1
 * @error: return location for a #GError
 *
 * Like bridge_frame_producer_push(), but checks that @pixels holds a whole
 * frame (%BRIDGE_ERROR_INVALID_ARGS otherwise).
 *
 * Returns: %TRUE when the frame was published or dropped
 *
 * Since: 0.1
 */
gboolean
bridge_frame_producer_push_bytes (
    BridgeFrameProducer *self, GBytes *pixels, guint stride, gint64 pts, gint64 duration, GError **error)
{
  gsize size;

  g_return_val_if_fail (BRIDGE_IS_FRAME_PRODUCER (self), FALSE);
  g_return_val_if_fail (pixels != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  const guint8 *data = g_bytes_get_data (pixels, &size);
  return push (self, data != NULL ? data : (const guint8 *) "", size, stride, pts, duration, error);
}

/**
 * bridge_frame_producer_get_free_slots:
 * @self: a #BridgeFrameProducer
 *
 * How many slots of the current ring are free right now: while it is 0,
 * the next push drops a frame. A live source ignores this and pushes (the
 * newest frame wins); a producer that can wait, such as an export that
 * must not lose frames, may check it before doing the work of a frame.
 * The count can only grow until the next push. Safe from any thread.
 *
 * Returns: the number of free slots, 0 before
 *   bridge_frame_producer_configure()
 *
 * Since: 0.1
 */
guint
bridge_frame_producer_get_free_slots (BridgeFrameProducer *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (BRIDGE_IS_FRAME_PRODUCER (self), 0);
  locker = g_mutex_locker_new (&self->lock);
  return self->ring != NULL ? bridge_frame_producer_ring_count_free (self->ring) : 0;
}

/**
 * bridge_frame_producer_get_stream_id:
 * @self: a #BridgeFrameProducer
 *
 * Gets the stream this producer feeds.
 *
 * Returns: the stream id given to bridge_frame_producer_new()
 *
 * Since: 0.1
 */
guint32
bridge_frame_producer_get_stream_id (BridgeFrameProducer *self)
{
  g_return_val_if_fail (BRIDGE_IS_FRAME_PRODUCER (self), 0);
  return self->stream_id;
}

/**
 * bridge_frame_producer_get_pushed:
 * @self: a #BridgeFrameProducer
 *
 * Gets the count of frames pushed.
 *
 * Returns: how many frames bridge_frame_producer_push() accepted, whether
 *   they were published or dropped. Safe from any thread.
 *
 * Since: 0.1
 */
guint64
bridge_frame_producer_get_pushed (BridgeFrameProducer *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (BRIDGE_IS_FRAME_PRODUCER (self), 0);
  locker = g_mutex_locker_new (&self->lock);
  return self->pushed;
}

/**
 * bridge_frame_producer_get_dropped:
 * @self: a #BridgeFrameProducer
 *
 * Gets the count of frames dropped.
 *
 * Returns: how many of the pushed frames will never reach the consumer:
 *   overwritten before it took them, or dropped because it held every
 *   slot. Safe from any thread.
 *
 * Since: 0.1
 */
guint64
bridge_frame_producer_get_dropped (BridgeFrameProducer *self)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (BRIDGE_IS_FRAME_PRODUCER (self), 0);
  locker = g_mutex_locker_new (&self->lock);
  return self->dropped;
}
