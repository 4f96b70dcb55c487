/* frame-pattern.h: a known pixel pattern for the frame ring tests
 *
 * The producer side (the test itself or tests/frame-producer-helper.c)
 * fills a frame from a tag; the consumer side recomputes the same bytes
 * from the tag, which travels as the frame's pts (tag * 1000).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

#define FRAME_PATTERN_PTS(tag) ((gint64) (tag) *1000)
#define FRAME_PATTERN_TAG(pts) ((guint64) (pts) / 1000)

static inline guint8
frame_pattern_byte (guint64 tag, guint x, guint y, guint c)
{
  return (guint8) (x * 3 + y * 5 + c * 11 + tag * 7);
}

/* Fills @width x @height pixels of 4 bytes; padding past a row is 0xee. */
static inline guint8 *
frame_pattern_new (guint64 tag, guint width, guint height, guint stride)
{
  guint8 *data = g_malloc ((gsize) stride * height);

  memset (data, 0xee, (gsize) stride * height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      for (guint c = 0; c < 4; c++)
        data[(gsize) y * stride + x * 4 + c] = frame_pattern_byte (tag, x, y, c);
  return data;
}

/* NULL when @data holds the pattern of @tag, else where it differs. */
static inline char *
frame_pattern_check (const guint8 *data, guint64 tag, guint width, guint height, guint stride)
{
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      for (guint c = 0; c < 4; c++)
        {
          guint8 want = frame_pattern_byte (tag, x, y, c);
          guint8 got = data[(gsize) y * stride + x * 4 + c];

          if (got != want)
            return g_strdup_printf ("frame tag %" G_GUINT64_FORMAT ": pixel (%u,%u) byte %u is 0x%02x, "
                                    "expected 0x%02x",
                                    tag, x, y, c, got, want);
        }
  return NULL;
}
