/* video-pictures.c: what a video element shows: frames, stills, the poster
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every picture becomes a GdkMemoryTexture over the bytes it came in (a
 * frame ring slot, held while the texture lives, or a GetStill reply), so
 * nothing is copied on this side. Before the plugin sends anything the
 * element shows the poster the slide view fetched ahead.
 */
#include "config.h"

#include "video-element-private.h"

/* A GdkMemoryTexture over pixels in a ring slot or a reply, no copy. */
static GdkTexture *
texture_for (guint width, guint height, guint stride, BridgeFrameFormat format, GBytes *bytes, GError **error)
{
  GdkMemoryFormat memory_format;

  switch (format)
    {
      case BRIDGE_FRAME_FORMAT_BGRA:
        memory_format = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED;
        break;
      case BRIDGE_FRAME_FORMAT_RGBA:
        memory_format = GDK_MEMORY_R8G8B8A8_PREMULTIPLIED;
        break;
      default:
        g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                     "pictures in frame format %u cannot be shown", format);
        return NULL;
    }
  if (width == 0 || height == 0 || width > 16384 || height > 16384 || stride < width * 4
      || g_bytes_get_size (bytes) < (gsize) stride * (height - 1) + width * 4)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                   "a %ux%u picture with stride %u does not fit in %zu bytes", width, height, stride,
                   g_bytes_get_size (bytes));
      return NULL;
    }
  return gdk_memory_texture_new (width, height, memory_format, bytes, stride);
}

/**
 * video_element_picture_arrived:
 * @self: a #VideoElement
 * @texture: the picture
 * @width: its width
 * @height: its height
 *
 * Shows a picture; one from a working instance ends "restarting".
 */
void
video_element_picture_arrived (VideoElement *self, GdkTexture *texture, guint width, guint height)
{
  g_set_object (&self->texture, texture);
  self->width = width;
  self->height = height;
  self->frames++;
  if (self->message_kind == VIDEO_MESSAGE_RESTARTING)
    video_element_set_message (self, VIDEO_MESSAGE_NONE, NULL, NULL);
}

/**
 * video_element_on_frame:
 * @consumer: the instance's consumer
 * @frame: a picture from the ring
 * @self: a #VideoElement
 *
 * The consumer's "frame" handler.
 */
void
video_element_on_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, VideoElement *self)
{
  g_autoptr (GBytes) bytes = bridge_frame_get_bytes (frame);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  gint64 pts = bridge_frame_get_pts (frame);

  /* A new instance shows its first picture before it seeks to where the
   * old one was: keep the old picture up until then. */
  if (self->state == VIDEO_ELEMENT_RESTORING)
    return;
  texture = texture_for (bridge_frame_get_width (frame), bridge_frame_get_height (frame),
                         bridge_frame_get_stride (frame), bridge_frame_get_format (frame), bytes, &error);
  if (texture == NULL)
    {
      g_debug ("%s: frame dropped: %s", self->block->path, error->message);
      return;
    }
  if (pts >= 0)
    self->position = pts / 1e9;
  video_element_picture_arrived (self, texture, bridge_frame_get_width (frame),
                                 bridge_frame_get_height (frame));
  video_element_changed (self);
}

static void
on_still (VideoElement *self, GVariant *reply, const GError *error)
{
  g_autoptr (GVariant) pixels = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) local_error = NULL;
  guint32 width, height, stride, format;

  if (error != NULL)
    {
      video_element_show_error (self, error);
      return;
    }
  pixels = g_variant_get_child_value (reply, 4);
  bytes = g_variant_get_data_as_bytes (pixels);
  g_variant_get_child (reply, 0, "u", &width);
  g_variant_get_child (reply, 1, "u", &height);
  g_variant_get_child (reply, 2, "u", &stride);
  g_variant_get_child (reply, 3, "u", &format);
  texture = texture_for (width, height, stride, format, bytes, &local_error);
  if (texture == NULL)
    {
      video_element_show_error (self, local_error);
      return;
    }
  video_element_picture_arrived (self, texture, width, height);
  video_element_status (self, "still");
  video_element_changed (self);
}

/**
 * video_element_show_still:
 * @self: a #VideoElement
 *
 * Asks for the picture at the current position (at 0 past the end).
 */
void
video_element_show_still (VideoElement *self)
{
  gint64 at = (gint64) (self->position * 1e9);

  if (self->duration > 0 && at >= self->duration * 1e9)
    at = 0;
  video_element_call (self, "GetStill",
                      g_variant_new ("(xuu)", at, VIDEO_OUTPUT_MAX_WIDTH, VIDEO_OUTPUT_MAX_HEIGHT),
                      VIDEO_OPEN_TIMEOUT_MS, on_still);
}

/**
 * video_element_set_poster:
 * @self: a #VideoElement
 * @poster: the picture at the video's start, fetched ahead
 *
 * Shows @poster until the plugin sends a picture, so that the slide never
 * shows an empty box while the plugin starts.
 */
void
video_element_set_poster (VideoElement *self, GdkTexture *poster)
{
  if (self->texture != NULL)
    return;
  video_element_picture_arrived (self, poster, gdk_texture_get_width (poster),
                                 gdk_texture_get_height (poster));
  video_element_status (self, "poster");
  video_element_changed (self);
}

/**
 * video_element_get_texture:
 * @self: a #VideoElement
 *
 * Returns: (transfer none) (nullable): the picture to show
 */
GdkTexture *
video_element_get_texture (VideoElement *self)
{
  return self->texture;
}

/**
 * video_element_get_frame_count:
 * @self: a #VideoElement
 *
 * Returns: how many pictures have arrived (frames and stills)
 */
guint64
video_element_get_frame_count (VideoElement *self)
{
  return self->frames;
}
