/* chart-plugin.c: a plugin that draws, streaming pictures to its host
 *
 * Serves org.libbridge.example.Chart1, a scrolling line chart rendered
 * into a BridgeFrameProducer, so that a host can show it (in a slide, for
 * instance) like a video:
 *
 *   Start(uuuu) -> ()   stream id, width, height, frames per second: draw
 *                       the chart to the caller as frame stream "stream id"
 *   Stop(u) -> ()       stop that stream (Start resumes it)
 *   Push(d) -> ()       add a value to the chart (the last 512 are kept)
 *   Clear() -> ()       forget the values
 *   event Pushed(du)    a value was added: the value, how many are kept
 *
 * Until a value is pushed, the chart shows a made-up signal that moves
 * with time. Frames are BGRA (Cairo's ARGB32 on little-endian machines).
 * Every host gets the same values; each started stream has its own size
 * and rate. docs/writing-plugins.md, "Streaming pictures", walks through
 * it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <bridge.h>

#include <math.h>
#include <string.h>

#define CHART_INTERFACE "org.libbridge.example.Chart1"
#define MAX_VALUES 512
#define MAX_SIZE 4096
#define MAX_FPS 120
#define PIXELS_PER_VALUE 4

typedef struct _Chart Chart;

/* One picture stream: a producer on one connection. */
typedef struct
{
  Chart *chart;
  BridgeConnection *connection; /* unowned: the producer holds it */
  BridgeFrameProducer *producer;
  guint32 stream_id;
  guint width, height, fps;
  guint timer_id;
  gint64 started_us;
  guint8 *pixels;
} Stream;

struct _Chart
{
  BridgeService *service;
  GPtrArray *streams; /* Stream */
  GArray *values;     /* double, oldest first */
};

/* Drawing ------------------------------------------------------------ */

static void
put (guint8 *row, guint x, guint32 bgra)
{
  memcpy (row + x * 4, &bgra, 4);
}

/* 0xAARRGGBB in memory order B, G, R, A on little-endian, which is what
 * BRIDGE_FRAME_FORMAT_BGRA means; written byte by byte to be portable. */
static guint32
colour (guint8 r, guint8 g, guint8 b)
{
  guint8 bytes[4] = { b, g, r, 0xff };
  guint32 value;

  memcpy (&value, bytes, 4);
  return value;
}

/* The value at @pos (in values, may be fractional) of @values. */
static double
sample (const double *values, guint n, double pos)
{
  guint i = (guint) floor (pos);
  double t = pos - i;

  if (i + 1 >= n)
    return values[n - 1];
  return values[i] * (1 - t) + values[i + 1] * t;
}

static void
render (Stream *stream)
{
  Chart *chart = stream->chart;
  guint width = stream->width, height = stream->height, stride = width * 4;
  guint n_visible = MAX (2, width / PIXELS_PER_VALUE + 1);
  g_autofree double *values = g_new (double, n_visible);
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  const guint32 background = colour (0x1e, 0x1e, 0x28);
  const guint32 grid = colour (0x3a, 0x3a, 0x4c);
  const guint32 fill = colour (0x2a, 0x6f, 0xdb);
  const guint32 line = colour (0xf0, 0xf0, 0xff);

  /* The values to show, the newest at the right edge. */
  if (chart->values->len > 0)
    {
      guint n = chart->values->len;

      for (guint i = 0; i < n_visible; i++)
        {
          int from = (int) n - (int) n_visible + (int) i;

          values[i] = g_array_index (chart->values, double, CLAMP (from, 0, (int) n - 1));
        }
    }
  else
    {
      double t = (g_get_monotonic_time () - stream->started_us) / 1e6;

      for (guint i = 0; i < n_visible; i++)
        {
          double x = t * 4 + i * 0.15;
          values[i] = sin (x) + 0.5 * sin (2.3 * x + 1) + 0.25 * sin (5.1 * x);
        }
    }
  for (guint i = 0; i < n_visible; i++)
    {
      lo = MIN (lo, values[i]);
      hi = MAX (hi, values[i]);
    }
  /* A flat line sits in the middle; otherwise leave a margin. */
  if (hi - lo < 1e-9)
    {
      lo -= 1;
      hi += 1;
    }
  else
    {
      double margin = (hi - lo) * 0.1;
      lo -= margin;
      hi += margin;
    }

  for (guint y = 0; y < height; y++)
    {
      guint8 *row = stream->pixels + (gsize) y * stride;
      gboolean grid_row = height >= 8 && y % (height / 4) == 0 && y > 0;

      for (guint x = 0; x < width; x++)
        put (row, x, grid_row ? grid : background);
    }
  for (guint x = 0; x < width; x++)
    {
      double v = sample (values, n_visible, (double) x * (n_visible - 1) / MAX (1, width - 1));
      guint top = (guint) CLAMP ((hi - v) / (hi - lo) * (height - 1), 0, height - 1);

      for (guint y = top; y < height; y++)
        put (stream->pixels + (gsize) y * stride, x, y <= top + 1 ? line : fill);
    }
}

/* Streams -------------------------------------------------------------- */

static void
stream_free (Stream *stream)
{
  g_clear_handle_id (&stream->timer_id, g_source_remove);
  g_clear_object (&stream->producer);
  g_free (stream->pixels);
  g_free (stream);
}

static gboolean
push_frame (Stream *stream, GError **error)
{
  gint64 pts = (g_get_monotonic_time () - stream->started_us) * 1000;

  render (stream);
  return bridge_frame_producer_push (stream->producer, stream->pixels, stream->width * 4, pts,
                                     G_GINT64_CONSTANT (1000000000) / stream->fps, error);
}

static gboolean
on_timer (gpointer user_data)
{
  Stream *stream = user_data;
  g_autoptr (GError) error = NULL;

  if (!push_frame (stream, &error))
    {
      /* The host went away or broke the ring: this stream is over. */
      g_debug ("stream %u: %s", stream->stream_id, error->message);
      stream->timer_id = 0;
      g_ptr_array_remove (stream->chart->streams, stream);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static Stream *
find_stream (Chart *chart, BridgeConnection *connection, guint32 stream_id)
{
  for (guint i = 0; i < chart->streams->len; i++)
    {
      Stream *stream = chart->streams->pdata[i];

      if (stream->connection == connection && stream->stream_id == stream_id)
        return stream;
    }
  return NULL;
}

static void
on_connection_removed (BridgeService *service, BridgeConnection *connection, gpointer user_data)
{
  Chart *chart = user_data;

  for (guint i = chart->streams->len; i > 0; i--)
    if (((Stream *) chart->streams->pdata[i - 1])->connection == connection)
      g_ptr_array_remove_index (chart->streams, i - 1);
}

/* Methods -------------------------------------------------------------- */

static void
handle_start (BridgeInvocation *invocation, gpointer user_data)
{
  Chart *chart = user_data;
  BridgeConnection *connection = bridge_invocation_get_connection (invocation);
  g_autoptr (GError) error = NULL;
  guint32 stream_id, width, height, fps;
  Stream *stream;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(uuuu)", &stream_id, &width, &height, &fps);
  if (width < 1 || width > MAX_SIZE || height < 1 || height > MAX_SIZE || fps < 1 || fps > MAX_FPS)
    {
      bridge_invocation_return_error (invocation, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS,
                                      "Start: %u x %u at %u frames a second is out of range "
                                      "(1 to %d pixels a side, 1 to %d frames a second)",
                                      width, height, fps, MAX_SIZE, MAX_FPS);
      return;
    }

  /* Starting a stream again changes its size and rate: the same producer
   * announces a new ring, which the host's consumer follows. (A second
   * producer on the stream would start over at ring 1, which the consumer
   * refuses.) */
  stream = find_stream (chart, connection, stream_id);
  if (stream != NULL)
    {
      g_clear_handle_id (&stream->timer_id, g_source_remove);
    }
  else
    {
      stream = g_new0 (Stream, 1);
      stream->chart = chart;
      stream->connection = connection;
      stream->stream_id = stream_id;
      stream->started_us = g_get_monotonic_time ();
      /* The host made its BridgeFrameConsumer before calling: the ring
       * that configuring announces reaches it. */
      stream->producer = bridge_frame_producer_new (connection, stream_id, 0);
      g_ptr_array_add (chart->streams, stream);
    }
  stream->width = width;
  stream->height = height;
  stream->fps = fps;
  g_free (stream->pixels);
  stream->pixels = g_malloc ((gsize) width * 4 * height);
  if (!bridge_frame_producer_configure (stream->producer, BRIDGE_FRAME_FORMAT_BGRA, width, height, &error)
      || !push_frame (stream, &error))
    {
      g_ptr_array_remove (chart->streams, stream);
      bridge_invocation_return_gerror (invocation, error);
      return;
    }
  stream->timer_id = g_timeout_add (1000 / fps, on_timer, stream);
  bridge_invocation_return_value (invocation, NULL);
}

static void
handle_stop (BridgeInvocation *invocation, gpointer user_data)
{
  Chart *chart = user_data;
  guint32 stream_id;
  Stream *stream;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(u)", &stream_id);
  stream = find_stream (chart, bridge_invocation_get_connection (invocation), stream_id);
  if (stream == NULL)
    {
      bridge_invocation_return_error (invocation, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS,
                                      "Stop: no stream %u was started on this connection", stream_id);
      return;
    }
  /* The producer stays: a later Start on this stream carries on with a
   * new ring rather than starting over (which the consumer would refuse). */
  g_clear_handle_id (&stream->timer_id, g_source_remove);
  bridge_invocation_return_value (invocation, NULL);
}

static void
handle_push (BridgeInvocation *invocation, gpointer user_data)
{
  Chart *chart = user_data;
  double value;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(d)", &value);
  if (!isfinite (value))
    {
      bridge_invocation_return_error_literal (invocation, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS,
                                              "Push: the value must be a finite number");
      return;
    }
  g_array_append_val (chart->values, value);
  if (chart->values->len > MAX_VALUES)
    g_array_remove_range (chart->values, 0, chart->values->len - MAX_VALUES);
  bridge_invocation_return_value (invocation, NULL);
  bridge_service_emit (chart->service, CHART_INTERFACE, "Pushed",
                       g_variant_new ("(du)", value, chart->values->len));
}

static void
handle_clear (BridgeInvocation *invocation, gpointer user_data)
{
  Chart *chart = user_data;

  g_array_set_size (chart->values, 0);
  bridge_invocation_return_value (invocation, NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr (BridgeService) service = bridge_service_new ("chart");
  g_autoptr (BridgeInterface) iface = bridge_interface_new (CHART_INTERFACE);
  Chart chart = {
    .service = service,
    .streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_free),
    .values = g_array_new (FALSE, FALSE, sizeof (double)),
  };
  int status;

  bridge_interface_add_method (iface, "Start", "(uuuu)", "()", handle_start, &chart, NULL);
  bridge_interface_add_method (iface, "Stop", "(u)", "()", handle_stop, &chart, NULL);
  bridge_interface_add_method (iface, "Push", "(d)", "()", handle_push, &chart, NULL);
  bridge_interface_add_method (iface, "Clear", "()", "()", handle_clear, &chart, NULL);
  bridge_interface_add_event (iface, "Pushed", "(du)");
  bridge_service_export (service, iface);
  g_signal_connect (service, "connection-removed", G_CALLBACK (on_connection_removed), &chart);

  status = bridge_service_run (service, argc, argv);

  g_signal_handlers_disconnect_by_data (service, &chart);
  g_ptr_array_unref (chart.streams);
  g_array_unref (chart.values);
  return status;
}
