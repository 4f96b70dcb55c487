/* bridge-frame-consumer.c: the receiving end of a frame ring (host side)
 *
 * The producer is untrusted: every Ring and Frame event is checked before
 * anything is mapped or read (docs/PROTOCOL.md, "Frame rings"). A bad one
 * is ignored and reported with the "error" signal; nothing a producer
 * sends may crash the consumer.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-frame-ring-private.h"
#include "bridge-connection.h"
#include "bridge-error.h"

#include <unistd.h>

/**
 * BridgeFrameConsumer:
 *
 * Receives the frames a #BridgeFrameProducer on the other end of a
 * #BridgeConnection sends for one stream id.
 *
 * The consumer listens to the connection's `Ring` and `Frame` events
 * (docs/PROTOCOL.md, "Frame rings"), maps each ring it is sent, and for
 * each frame takes the slot and emits #BridgeFrameConsumer::frame. It keeps
 * the latest frame (so its slot) until the next one arrives; a frame's
 * slot goes back to the producer when its last reference is dropped.
 *
 * Create the consumer before the producer sends its ring: a consumer that
 * missed the `Ring` event ignores the frames of that ring.
 *
 * The consumer works in the thread-default main context of the
 * connection, where its signals are emitted too. Its frames may be used
 * and released in any thread.
 *
 * Since: 0.1
 */
struct _BridgeFrameConsumer
{
  GObject parent_instance;

  BridgeConnection *connection;
  guint32 stream_id;
  gulong ring_handler;
  gulong frame_handler;

  BridgeFrameRingMap *ring; /* NULL before the first ring or after a bad one */
  guint generation;         /* of the last ring announced, accepted or not */
  gboolean seen_ring;
  guint64 last_event;    /* sequence of the last Frame event */
  guint64 last_sequence; /* of the last frame taken or counted */
  BridgeFrame *latest;

  guint64 received;
  guint64 dropped;
  guint64 producer_dropped;
};

G_DEFINE_FINAL_TYPE (BridgeFrameConsumer, bridge_frame_consumer, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONNECTION,
  PROP_STREAM_ID,
  N_PROPS
};

enum
{
  SIGNAL_FRAME,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
report (BridgeFrameConsumer *self, GError *error)
{
  g_debug ("frame stream %u: %s", self->stream_id, error->message);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
  g_error_free (error);
}

/* Only the stream id of a malformed event is looked at, to tell whether
 * it is ours; one that does not even start with a uint32 concerns every
 * consumer of the connection. */
static gboolean
is_ours (BridgeFrameConsumer *self, const char *event, GVariant *args, const char *type)
{
  g_autoptr (GVariant) first = NULL;

  if (g_variant_is_of_type (args, G_VARIANT_TYPE (type)))
    return TRUE;
  if (g_variant_is_of_type (args, G_VARIANT_TYPE_TUPLE) && g_variant_n_children (args) > 0)
    first = g_variant_get_child_value (args, 0);
  if (first != NULL && g_variant_is_of_type (first, G_VARIANT_TYPE_UINT32)
      && g_variant_get_uint32 (first) != self->stream_id)
    return FALSE;

  report (self,
          g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME, "%s event has arguments of type %s, not %s",
                       event, g_variant_get_type_string (args), type));
  return FALSE;
}

static void
on_ring (BridgeConnection *connection,
         const char *interface,
         const char *event,
         GVariant *args,
         GUnixFDList *fds,
         gpointer user_data)
{
  BridgeFrameConsumer *self = user_data;
  BridgeFrameRingLayout layout;
  guint32 stream, generation, n_slots, format, width, height, stride;
  guint64 slot_size, data_offset;
  gint32 handle;
  GError *error = NULL;
  int fd;

  if (g_strcmp0 (interface, BRIDGE_FRAME_RING_INTERFACE) != 0
      || !is_ours (self, event, args, BRIDGE_FRAME_RING_RING_TYPE))
    return;
  g_variant_get (args, BRIDGE_FRAME_RING_RING_TYPE, &stream, &generation, &n_slots, &slot_size, &data_offset,
                 &format, &width, &height, &stride, &handle);
  if (stream != self->stream_id)
    return;

  /* Whatever comes of this ring, the producer has left the previous one;
   * frames still held keep its mapping alive. */
  g_clear_pointer (&self->ring, bridge_frame_ring_map_unref);

  if (self->seen_ring && generation <= self->generation)
    {
      report (self, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                                 "frame ring generation %u does not follow generation %u", generation,
                                 self->generation));
      return;
    }
  self->generation = generation;
  self->seen_ring = TRUE;

  if (!bridge_frame_ring_layout_check (&layout, n_slots, slot_size, data_offset, &error)
      || !bridge_frame_geometry_check (&layout, format, width, height, stride, &error))
    {
      report (self, error);
      return;
    }
  if (fds == NULL || handle < 0 || handle >= g_unix_fd_list_get_length (fds))
    {
      report (self,
              g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME, "frame ring generation %u names fd %d of %d",
                           generation, handle, fds != NULL ? g_unix_fd_list_get_length (fds) : 0));
      return;
    }
  fd = g_unix_fd_list_get (fds, handle, &error);
  if (fd < 0)
    {
      report (self, error);
      return;
    }
  /* The mapping keeps the memory; no fd is held past this point. */
  self->ring = bridge_frame_ring_map_new (fd, self->stream_id, generation, &layout, &error);
  close (fd);
  if (self->ring == NULL)
    report (self, error);
}

/* Frame @sequence will never arrive: it and every frame before it not yet
 * counted are dropped. */
static void
count_up_to (BridgeFrameConsumer *self, guint64 sequence)
{
  if (sequence <= self->last_sequence)
    return;
  self->dropped += sequence - self->last_sequence;
  self->last_sequence = sequence;
}

static void
on_frame (BridgeConnection *connection,
          const char *interface,
          const char *event,
          GVariant *args,
          GUnixFDList *fds,
          gpointer user_data)
{
  BridgeFrameConsumer *self = user_data;
  guint32 stream, generation, slot, width, height, stride, format;
  guint64 sequence, producer_dropped, taken;
  gint64 pts, duration;
  guint taken_slot;
  BridgeFrameMeta meta;
  BridgeFrame *frame;
  GError *error = NULL;

  if (g_strcmp0 (interface, BRIDGE_FRAME_RING_INTERFACE) != 0
      || !is_ours (self, event, args, BRIDGE_FRAME_RING_FRAME_TYPE))
    return;
  g_variant_get (args, BRIDGE_FRAME_RING_FRAME_TYPE, &stream, &generation, &slot, &sequence, &width, &height,
                 &stride, &format, &pts, &duration, &producer_dropped);
  if (stream != self->stream_id)
    return;

  if (sequence <= self->last_event || sequence > BRIDGE_FRAME_SEQUENCE_MAX)
    {
      report (self, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                                 "frame sequence %" G_GUINT64_FORMAT " does not follow %" G_GUINT64_FORMAT,
                                 sequence, self->last_event));
      return;
    }
  self->last_event = sequence;
  self->producer_dropped = producer_dropped;

  if (self->ring == NULL || generation != bridge_frame_ring_map_get_generation (self->ring))
    {
      count_up_to (self, sequence);
      /* Frames of a ring this consumer never saw (created late) or already
       * refused are expected; of any other ring they are not. */
      if (self->seen_ring && generation != self->generation)
        report (self, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                                   "frame %" G_GUINT64_FORMAT
                                   " names ring generation %u, the ring is generation %u",
                                   sequence, generation, self->generation));
      else
        g_debug ("frame stream %u: frame %" G_GUINT64_FORMAT " of unmapped ring %u ignored", self->stream_id,
                 sequence, generation);
      return;
    }
  if (slot >= bridge_frame_ring_map_get_layout (self->ring)->n_slots)
    {
      count_up_to (self, sequence);
      report (self, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                                 "frame %" G_GUINT64_FORMAT " names slot %u of a ring of %u", sequence, slot,
                                 bridge_frame_ring_map_get_layout (self->ring)->n_slots));
      return;
    }
  if (!bridge_frame_geometry_check (bridge_frame_ring_map_get_layout (self->ring), format, width, height,
                                    stride, &error))
    {
      count_up_to (self, sequence);
      g_prefix_error (&error, "frame %" G_GUINT64_FORMAT ": ", sequence);
      report (self, error);
      return;
    }
  /* Already taken: a newer frame was, on an earlier event, and this one
   * was counted as dropped then (docs/FRAME-RING.md, "Consumer"). */
  if (sequence <= self->last_sequence)
    return;

  /* The newest frame ready, this one or a later one, from its control
   * record (a version 2 producer); else the one the event names. */
  if (bridge_frame_ring_map_take_newest (self->ring, self->last_sequence, &taken_slot, &taken, &meta))
    {
      if (!bridge_frame_geometry_check (bridge_frame_ring_map_get_layout (self->ring), meta.format,
                                        meta.width, meta.height, meta.stride, &error))
        {
          bridge_frame_slots_release (bridge_frame_ring_map_get_control (self->ring), taken_slot, taken);
          count_up_to (self, MAX (taken, sequence));
          g_prefix_error (&error, "frame %" G_GUINT64_FORMAT " (control record): ", taken);
          report (self, error);
          return;
        }
      slot = taken_slot;
      sequence = taken;
      self->producer_dropped = MAX (self->producer_dropped, meta.dropped);
    }
  else if (bridge_frame_ring_map_take (self->ring, slot, sequence))
    meta = (BridgeFrameMeta){ format, width, height, stride, pts, duration, producer_dropped };
  else
    {
      /* The producer reclaimed the slot for a newer frame before we got
       * here, and that one is not ready yet: the newest frame wins. */
      count_up_to (self, sequence);
      g_debug ("frame stream %u: frame %" G_GUINT64_FORMAT " overwritten before it was taken",
               self->stream_id, sequence);
      return;
    }

  /* Frames between the last one and this were dropped: skipped by the
   * producer, overwritten, or passed over for this newer one. */
  self->dropped += sequence - self->last_sequence - 1;
  self->last_sequence = sequence;
  frame = bridge_frame_new_taken (bridge_frame_ring_map_ref (self->ring), slot, sequence, meta.format,
                                  meta.width, meta.height, meta.stride, meta.pts, meta.duration);
  self->received++;
  g_clear_pointer (&self->latest, bridge_frame_unref);
  self->latest = frame;
  g_signal_emit (self, signals[SIGNAL_FRAME], 0, frame);
}

static void
bridge_frame_consumer_constructed (GObject *object)
{
  BridgeFrameConsumer *self = BRIDGE_FRAME_CONSUMER (object);

  G_OBJECT_CLASS (bridge_frame_consumer_parent_class)->constructed (object);

  g_return_if_fail (self->connection != NULL);
  self->ring_handler = g_signal_connect (self->connection, "event::" BRIDGE_FRAME_RING_EVENT_RING,
                                         G_CALLBACK (on_ring), self);
  self->frame_handler = g_signal_connect (self->connection, "event::" BRIDGE_FRAME_RING_EVENT_FRAME,
                                          G_CALLBACK (on_frame), self);
}

static void
bridge_frame_consumer_dispose (GObject *object)
{
  BridgeFrameConsumer *self = BRIDGE_FRAME_CONSUMER (object);

  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->ring_handler, self->connection);
      g_clear_signal_handler (&self->frame_handler, self->connection);
    }
  g_clear_pointer (&self->latest, bridge_frame_unref);
  g_clear_pointer (&self->ring, bridge_frame_ring_map_unref);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (bridge_frame_consumer_parent_class)->dispose (object);
}

static void
bridge_frame_consumer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BridgeFrameConsumer *self = BRIDGE_FRAME_CONSUMER (object);

  switch (prop_id)
    {
      case PROP_CONNECTION:
        g_value_set_object (value, self->connection);
        break;
      case PROP_STREAM_ID:
        g_value_set_uint (value, self->stream_id);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bridge_frame_consumer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BridgeFrameConsumer *self = BRIDGE_FRAME_CONSUMER (object);

  switch (prop_id)
    {
      case PROP_CONNECTION:
        self->connection = g_value_dup_object (value);
        break;
      case PROP_STREAM_ID:
        self->stream_id = g_value_get_uint (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bridge_frame_consumer_class_init (BridgeFrameConsumerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bridge_frame_consumer_constructed;
  object_class->dispose = bridge_frame_consumer_dispose;
  object_class->get_property = bridge_frame_consumer_get_property;
  object_class->set_property = bridge_frame_consumer_set_property;

  /**
   * BridgeFrameConsumer:connection:
   *
   * The connection whose frame ring events this consumer listens to.
   *
   * Since: 0.1
   */
  properties[PROP_CONNECTION]
      = g_param_spec_object ("connection", NULL, NULL, BRIDGE_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * BridgeFrameConsumer:stream-id:
   *
   * The producer's stream id; events of other streams are ignored.
   *
   * Since: 0.1
   */
  properties[PROP_STREAM_ID]
      = g_param_spec_uint ("stream-id", NULL, NULL, 0, G_MAXUINT32, 0,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BridgeFrameConsumer::frame:
   * @self: the consumer
   * @frame: the new frame; take a reference to keep it past the handler
   *
   * A frame arrived. It is also the latest frame until the next one.
   *
   * Since: 0.1
   */
  signals[SIGNAL_FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, BRIDGE_TYPE_FRAME);

  /**
   * BridgeFrameConsumer::error:
   * @self: the consumer
   * @error: what was wrong, in the %BRIDGE_ERROR domain (mostly
   *   %BRIDGE_ERROR_BAD_FRAME)
   *
   * The producer sent a ring or a frame that breaks the rules of
   * docs/PROTOCOL.md, "Frame rings". It was ignored; a refused ring stops
   * the stream until the producer sends a good one.
   *
   * Since: 0.1
   */
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
bridge_frame_consumer_init (BridgeFrameConsumer *self)
{
}

/**
 * bridge_frame_consumer_new:
 * @connection: the connection to the producer's side
 * @stream_id: the stream id the producer uses
 *
 * Creates a consumer for the frames of stream @stream_id on @connection.
 * It starts listening at once; see #BridgeFrameConsumer for when to
 * create it.
 *
 * Returns: (transfer full): a new #BridgeFrameConsumer
 *
 * Since: 0.1
 */
BridgeFrameConsumer *
bridge_frame_consumer_new (BridgeConnection *connection, guint32 stream_id)
{
  g_return_val_if_fail (BRIDGE_IS_CONNECTION (connection), NULL);

  return g_object_new (BRIDGE_TYPE_FRAME_CONSUMER, "connection", connection, "stream-id", stream_id, NULL);
}

/**
 * bridge_frame_consumer_get_stream_id:
 * @self: a #BridgeFrameConsumer
 *
 * Gets the stream this consumer receives.
 *
 * Returns: the stream id given to bridge_frame_consumer_new()
 *
 * Since: 0.1
 */
guint32
bridge_frame_consumer_get_stream_id (BridgeFrameConsumer *self)
{
  g_return_val_if_fail (BRIDGE_IS_FRAME_CONSUMER (self), 0);
  return self->stream_id;
}

/**
 * bridge_frame_consumer_get_latest:
 * @self: a #BridgeFrameConsumer
 *
 * The most recent frame. The consumer holds it (and its slot) until the
 * next frame arrives or the consumer is disposed.
 *
 * Returns: (transfer none) (nullable): the latest frame, or %NULL before
 *   the first
 *
 * Since: 0.1
 */
BridgeFrame *
bridge_frame_consumer_get_latest (BridgeFrameConsumer *self)
{
  g_return_val_if_fail (BRIDGE_IS_FRAME_CONSUMER (self), NULL);
  return self->latest;
}

/**
 * bridge_frame_consumer_get_received:
 * @self: a #BridgeFrameConsumer
 *
 * Gets the count of frames received.
 *
 * Returns: how many frames arrived and were handed out with
 *   #BridgeFrameConsumer::frame
 *
 * Since: 0.1
 */
guint64
bridge_frame_consumer_get_received (BridgeFrameConsumer *self)
{
  g_return_val_if_fail (BRIDGE_IS_FRAME_CONSUMER (self), 0);
  return self->received;
}

/**
 * bridge_frame_consumer_get_dropped:
 * @self: a #BridgeFrameConsumer
 *
 * Frames that never arrived: sequence numbers skipped (the producer
 * dropped them unpublished), frames the producer overwrote before the
 * consumer took them, and frames that were refused. Once the consumer has
 * seen every frame event from sequence 1, received + dropped equals the
 * producer's pushed count.
 *
 * Returns: the number of frames dropped
 *
 * Since: 0.1
 */
guint64
bridge_frame_consumer_get_dropped (BridgeFrameConsumer *self)
{
  g_return_val_if_fail (BRIDGE_IS_FRAME_CONSUMER (self), 0);
  return self->dropped;
}

/**
 * bridge_frame_consumer_get_producer_dropped:
 * @self: a #BridgeFrameConsumer
 *
 * Gets the count of frames the producer dropped, as it last reported it.
 *
 * Returns: the producer's own dropped count as of the latest `Frame`
 *   event (see bridge_frame_producer_get_dropped())
 *
 * Since: 0.1
 */
guint64
bridge_frame_consumer_get_producer_dropped (BridgeFrameConsumer *self)
{
  g_return_val_if_fail (BRIDGE_IS_FRAME_CONSUMER (self), 0);
  return self->producer_dropped;
}
