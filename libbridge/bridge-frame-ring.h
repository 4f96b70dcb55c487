/* bridge-frame-ring.h: pictures through shared memory, producer to consumer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(BRIDGE_INSIDE) && !defined(BRIDGE_COMPILATION)
#error "Only <bridge.h> can be included directly."
#endif

#include <glib-object.h>

#include "bridge-types.h"

G_BEGIN_DECLS

/**
 * BRIDGE_FRAME_RING_INTERFACE:
 *
 * The wire interface over which frame rings are announced and frames
 * are signalled (docs/PROTOCOL.md, "Frame rings").
 *
 * Since: 0.1
 */
#define BRIDGE_FRAME_RING_INTERFACE "org.libbridge.FrameRing1"

/**
 * BRIDGE_FRAME_RING_MAX_SLOTS:
 *
 * The most slots a frame ring may have (docs/PROTOCOL.md, "Frame rings").
 *
 * Since: 0.1
 */
#define BRIDGE_FRAME_RING_MAX_SLOTS 64

/**
 * BridgeFrameFormat:
 * @BRIDGE_FRAME_FORMAT_INVALID: no format
 * @BRIDGE_FRAME_FORMAT_BGRA: 32 bits a pixel, bytes B, G, R, A in memory,
 *   premultiplied alpha: Cairo's %CAIRO_FORMAT_ARGB32 on little-endian
 *   machines and GDK's %GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
 * @BRIDGE_FRAME_FORMAT_RGBA: 32 bits a pixel, bytes R, G, B, A in memory,
 *   premultiplied alpha (%GDK_MEMORY_R8G8B8A8_PREMULTIPLIED)
 * @BRIDGE_FRAME_FORMAT_BGRX: as BGRA with the fourth byte unused
 *   (Cairo's %CAIRO_FORMAT_RGB24 on little-endian machines)
 * @BRIDGE_FRAME_FORMAT_RGBX: as RGBA with the fourth byte unused
 *
 * Pixel layouts a frame ring carries. Values travel on the wire and are
 * never renumbered.
 *
 * Since: 0.1
 */
typedef enum
{
  BRIDGE_FRAME_FORMAT_INVALID = 0,
  BRIDGE_FRAME_FORMAT_BGRA = 1,
  BRIDGE_FRAME_FORMAT_RGBA = 2,
  BRIDGE_FRAME_FORMAT_BGRX = 3,
  BRIDGE_FRAME_FORMAT_RGBX = 4,
} BridgeFrameFormat;

/**
 * BridgeFrame:
 *
 * A received frame: a read-only view of one slot of a frame ring, with
 * its size, format and timestamps. Refcounted and safe to pass between
 * threads; the slot goes back to the producer when the last reference
 * goes.
 *
 * Since: 0.1
 */
typedef struct _BridgeFrame BridgeFrame;

#define BRIDGE_TYPE_FRAME (bridge_frame_get_type ())
GType bridge_frame_get_type (void) G_GNUC_CONST;
BridgeFrame *bridge_frame_ref (BridgeFrame *frame);
void bridge_frame_unref (BridgeFrame *frame);
guint bridge_frame_get_width (BridgeFrame *frame);
guint bridge_frame_get_height (BridgeFrame *frame);
guint bridge_frame_get_stride (BridgeFrame *frame);
BridgeFrameFormat bridge_frame_get_format (BridgeFrame *frame);
gint64 bridge_frame_get_pts (BridgeFrame *frame);
gint64 bridge_frame_get_duration (BridgeFrame *frame);
guint64 bridge_frame_get_sequence (BridgeFrame *frame);
const guint8 *bridge_frame_get_data (BridgeFrame *frame, gsize *size);
GBytes *bridge_frame_get_bytes (BridgeFrame *frame);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BridgeFrame, bridge_frame_unref)

#define BRIDGE_TYPE_FRAME_PRODUCER (bridge_frame_producer_get_type ())
G_DECLARE_FINAL_TYPE (BridgeFrameProducer, bridge_frame_producer, BRIDGE, FRAME_PRODUCER, GObject)

BridgeFrameProducer *
bridge_frame_producer_new (BridgeConnection *connection, guint32 stream_id, guint n_slots);
gboolean bridge_frame_producer_configure (
    BridgeFrameProducer *self, BridgeFrameFormat format, guint width, guint height, GError **error);
gboolean bridge_frame_producer_push (
    BridgeFrameProducer *self, const guint8 *data, guint stride, gint64 pts, gint64 duration, GError **error);
guint32 bridge_frame_producer_get_stream_id (BridgeFrameProducer *self);
gboolean bridge_frame_producer_push_bytes (
    BridgeFrameProducer *self, GBytes *pixels, guint stride, gint64 pts, gint64 duration, GError **error);
guint64 bridge_frame_producer_get_pushed (BridgeFrameProducer *self);
guint64 bridge_frame_producer_get_dropped (BridgeFrameProducer *self);
guint bridge_frame_producer_get_free_slots (BridgeFrameProducer *self);

#define BRIDGE_TYPE_FRAME_CONSUMER (bridge_frame_consumer_get_type ())
G_DECLARE_FINAL_TYPE (BridgeFrameConsumer, bridge_frame_consumer, BRIDGE, FRAME_CONSUMER, GObject)

BridgeFrameConsumer *bridge_frame_consumer_new (BridgeConnection *connection, guint32 stream_id);
guint32 bridge_frame_consumer_get_stream_id (BridgeFrameConsumer *self);
BridgeFrame *bridge_frame_consumer_get_latest (BridgeFrameConsumer *self);
guint64 bridge_frame_consumer_get_received (BridgeFrameConsumer *self);
guint64 bridge_frame_consumer_get_dropped (BridgeFrameConsumer *self);
guint64 bridge_frame_consumer_get_producer_dropped (BridgeFrameConsumer *self);

G_END_DECLS
