/* slide-images.h: the pictures of a deck, loaded once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _SlideImages SlideImages;

SlideImages *slide_images_new (void);
void slide_images_free (SlideImages *images);
cairo_surface_t *slide_images_get (SlideImages *images, const char *path, const char **error_message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlideImages, slide_images_free)

G_END_DECLS
