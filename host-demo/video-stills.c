/* video-stills.c: single pictures of videos, for the headless export
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The export asks one video plugin instance (found by interface, started
 * on first use) for a still of each video with Open + GetStill
 * (docs/VIDEO-INTERFACE.md); the pixels come inline in the reply and go
 * into a cairo image surface, which has the same BGRA premultiplied
 * layout on little-endian machines.
 */
#include "config.h"

#include "video-stills.h"

#include <string.h>

#include "bridge-video-interface.h"
#include "video-open.h"

#define CALL_TIMEOUT_MS 20000
#define STILL_MAX_SIZE 4096

struct _VideoStills
{
  GObject parent_instance;

  BridgeRegistry *registry;
  BridgeConnection *connection;
};

G_DEFINE_FINAL_TYPE (VideoStills, video_stills, G_TYPE_OBJECT)

static void
video_stills_dispose (GObject *object)
{
  VideoStills *self = HOST_VIDEO_STILLS (object);

  if (self->connection != NULL)
    bridge_connection_close (self->connection);
  g_clear_object (&self->connection);
  g_clear_object (&self->registry);
  G_OBJECT_CLASS (video_stills_parent_class)->dispose (object);
}

static void
video_stills_class_init (VideoStillsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = video_stills_dispose;
}

static void
video_stills_init (VideoStills *self)
{
}

/**
 * video_stills_new:
 * @registry: (nullable): where to find the video plugin
 *
 * Returns: (transfer full): a source of stills; the plugin starts on the
 *   first video_stills_get()
 */
VideoStills *
video_stills_new (BridgeRegistry *registry)
{
  VideoStills *self = g_object_new (HOST_TYPE_VIDEO_STILLS, NULL);

  self->registry = registry != NULL ? g_object_ref (registry) : NULL;
  return self;
}

static gboolean
ensure_connection (VideoStills *self, GError **error)
{
  BridgePluginInfo *info = NULL; /* owned by the registry */

  if (self->connection != NULL && !bridge_connection_is_closed (self->connection))
    return TRUE;
  g_clear_object (&self->connection);

  if (self->registry != NULL)
    info = bridge_registry_find_by_interface (self->registry, VIDEO_INTERFACE_NAME);
  if (info == NULL)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND,
                   "no video plugin found: nothing on the plugin path implements %s", VIDEO_INTERFACE_NAME);
      return FALSE;
    }
  self->connection
      = bridge_registry_connect_sync (self->registry, info, BRIDGE_CONNECT_FLAGS_NEW_INSTANCE, NULL, error);
  return self->connection != NULL;
}

static cairo_surface_t *
surface_from_reply (GVariant *reply, GError **error)
{
  g_autoptr (GVariant) pixels = g_variant_get_child_value (reply, 4);
  guint32 width, height, stride, format;
  const guint8 *data;
  gsize size;
  cairo_surface_t *surface;
  guint8 *out;
  int out_stride;
  guint y;

  g_variant_get_child (reply, 0, "u", &width);
  g_variant_get_child (reply, 1, "u", &height);
  g_variant_get_child (reply, 2, "u", &stride);
  g_variant_get_child (reply, 3, "u", &format);
  data = g_variant_get_fixed_array (pixels, &size, 1);

  if (format != BRIDGE_FRAME_FORMAT_BGRA && format != BRIDGE_FRAME_FORMAT_BGRX)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                   "the plugin sent a still in frame format %u, not BGRA", format);
      return NULL;
    }
  if (width == 0 || height == 0 || width > STILL_MAX_SIZE || height > STILL_MAX_SIZE || stride < width * 4
      || size < (gsize) stride * (height - 1) + width * 4)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                   "the plugin sent a broken still (%ux%u, stride %u, %zu bytes)", width, height, stride,
                   size);
      return NULL;
    }

  surface = cairo_image_surface_create (
      format == BRIDGE_FRAME_FORMAT_BGRA ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, width, height);
  out = cairo_image_surface_get_data (surface);
  out_stride = cairo_image_surface_get_stride (surface);
  for (y = 0; y < height; y++)
    memcpy (out + y * out_stride, data + (gsize) y * stride, width * 4);
  cairo_surface_mark_dirty (surface);
  return surface;
}

static GVariant *
get_still (VideoStills *self, gint64 at, GError **error)
{
  return bridge_connection_call_sync (self->connection, VIDEO_INTERFACE_NAME, "GetStill",
                                      g_variant_new ("(xuu)", at, 1920, 1080), NULL, NULL, CALL_TIMEOUT_MS,
                                      NULL, error);
}

/* A file may end before the duration it announces (cut short while
 * copied, say): past its real end no picture decodes. The last one that
 * does is found by halving the interval from the start, to within a
 * 256th of the way. */
static GVariant *
last_still_before (VideoStills *self, gint64 at, GError **error)
{
  g_autoptr (GVariant) best = NULL;
  gint64 lo = 0, hi = at;
  int i;

  best = get_still (self, 0, error);
  if (best == NULL)
    return NULL;
  for (i = 0; i < 8 && !bridge_connection_is_closed (self->connection); i++)
    {
      gint64 mid = lo + (hi - lo) / 2;
      GVariant *reply = get_still (self, mid, NULL);

      if (reply != NULL)
        {
          g_variant_unref (best);
          best = reply;
          lo = mid;
        }
      else
        hi = mid;
    }
  g_debug ("no picture at %" G_GINT64_FORMAT " ns; the last one is near %" G_GINT64_FORMAT " ns", at, lo);
  return g_steal_pointer (&best);
}

/**
 * video_stills_get:
 * @self: a #VideoStills
 * @path: a video file
 * @seconds: the time of the picture; past the end of the video (the
 *   announced end, or where its pictures really stop) it is the last
 *   picture
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the picture, or %NULL with @error set
 */
cairo_surface_t *
video_stills_get (VideoStills *self, const char *path, double seconds, GError **error)
{
  g_autoptr (GVariant) opened = NULL;
  g_autoptr (GUnixFDList) fds = NULL;
  GVariant *args = NULL;
  const char *method;
  g_autoptr (GVariant) info = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64 duration = -1, at;

  if (!ensure_connection (self, error))
    return NULL;

  /* A local file goes as an fd the plugin cannot open itself (video-open.c). */
  method = video_open_prepare (path, &args, &fds, error);
  if (method == NULL)
    return NULL;
  opened = bridge_connection_call_sync (self->connection, VIDEO_INTERFACE_NAME, method, args, fds, NULL,
                                        CALL_TIMEOUT_MS, NULL, error);
  if (opened == NULL)
    return NULL;
  info = g_variant_get_child_value (opened, 0);
  g_variant_lookup (info, "duration", "x", &duration);

  at = MAX (0, (gint64) (seconds * 1e9));
  /* Past the end means the last picture. */
  if (duration > 0 && at >= duration)
    at = MAX (0, duration - 1000000);
  reply = get_still (self, at, &local_error);
  if (reply == NULL && at > 0 && !bridge_connection_is_closed (self->connection))
    {
      g_debug ("%s: %s", path, local_error->message);
      reply = last_still_before (self, at, NULL);
    }
  if (reply == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return surface_from_reply (reply, error);
}
