/* slide-preview.h: a slide drawn still, its videos as their posters
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "slide-renderer.h"
#include "video-posters.h"

G_BEGIN_DECLS

#define HOST_TYPE_SLIDE_PREVIEW (slide_preview_get_type ())
G_DECLARE_FINAL_TYPE (SlidePreview, slide_preview, HOST, SLIDE_PREVIEW, GtkWidget)

GtkWidget *slide_preview_new (SlideRenderer *renderer, VideoPosters *posters);
void slide_preview_set_slide (SlidePreview *self, int index);
int slide_preview_get_slide (SlidePreview *self);

G_END_DECLS
