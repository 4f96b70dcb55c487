/* slide-overview.h: every slide of the deck in a grid, to pick one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "slide-renderer.h"

G_BEGIN_DECLS

#define HOST_TYPE_SLIDE_OVERVIEW (slide_overview_get_type ())
G_DECLARE_FINAL_TYPE (SlideOverview, slide_overview, HOST, SLIDE_OVERVIEW, GtkWidget)

GtkWidget *slide_overview_new (SlideRenderer *renderer);
void slide_overview_set_selected (SlideOverview *self, guint index);
guint slide_overview_get_selected (SlideOverview *self);
void slide_overview_invalidate (SlideOverview *self);
gboolean slide_overview_get_thumbnail_rect (SlideOverview *self, guint index, graphene_rect_t *rect);
gboolean slide_overview_click (SlideOverview *self, double x, double y);
gboolean slide_overview_pick (SlideOverview *self, double x, double y, guint *index);

G_END_DECLS
