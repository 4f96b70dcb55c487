/* slide-images.c: the pictures of a deck, loaded once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GdkPixbuf reads every format it has a loader for (PNG, JPEG, GIF, SVG
 * through librsvg …); each picture becomes a cairo surface kept for as
 * long as the renderer, and a picture that cannot be read keeps its
 * reason, so it is neither read again nor reported twice.
 */
#include "config.h"

#include "slide-images.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

struct _SlideImages
{
  GHashTable *surfaces; /* path -> cairo_surface_t, or NULL when broken */
  GHashTable *errors;   /* path -> message */
};

static void
surface_destroy0 (gpointer data)
{
  if (data != NULL)
    cairo_surface_destroy (data);
}

/**
 * slide_images_new:
 *
 * Returns: (transfer full): an empty picture cache
 */
SlideImages *
slide_images_new (void)
{
  SlideImages *images = g_new0 (SlideImages, 1);

  images->surfaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, surface_destroy0);
  images->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return images;
}

/**
 * slide_images_free:
 * @images: (transfer full): a picture cache
 */
void
slide_images_free (SlideImages *images)
{
  g_hash_table_unref (images->surfaces);
  g_hash_table_unref (images->errors);
  g_free (images);
}

/* GdkPixbuf holds straight RGBA bytes; cairo wants premultiplied native
 * endian ARGB words. */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf), in_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *in = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (
      gdk_pixbuf_get_has_alpha (pixbuf) ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, width, height);
  guint8 *out = cairo_image_surface_get_data (surface);
  int out_stride = cairo_image_surface_get_stride (surface);
  int x, y;

  for (y = 0; y < height; y++)
    {
      const guint8 *src = in + y * in_stride;
      guint32 *dst = (guint32 *) (out + y * out_stride);

      for (x = 0; x < width; x++, src += channels)
        {
          guint a = channels == 4 ? src[3] : 255;

          dst[x] = a << 24 | (src[0] * a / 255) << 16 | (src[1] * a / 255) << 8 | (src[2] * a / 255);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/**
 * slide_images_get:
 * @images: from slide_images_new()
 * @path: an image file
 * @error_message: (out) (transfer none): why it cannot be shown, or %NULL
 *
 * Loads the picture once; later calls give the same surface.
 *
 * Returns: (transfer none) (nullable): the picture, or %NULL with
 *   @error_message set
 */
cairo_surface_t *
slide_images_get (SlideImages *images, const char *path, const char **error_message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *surface;

  if (g_hash_table_lookup_extended (images->surfaces, path, NULL, (gpointer *) &surface))
    {
      *error_message = g_hash_table_lookup (images->errors, path);
      return surface;
    }

  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  if (pixbuf == NULL)
    {
      g_debug ("image %s: %s", path, error->message);
      g_hash_table_insert (images->errors, g_strdup (path),
                           g_strdup ("The file is damaged or not a picture."));
      g_hash_table_insert (images->surfaces, g_strdup (path), NULL);
      *error_message = g_hash_table_lookup (images->errors, path);
      return NULL;
    }
  surface = surface_from_pixbuf (pixbuf);
  g_hash_table_insert (images->surfaces, g_strdup (path), surface);
  *error_message = NULL;
  return surface;
}
