/* slide-view-private.h: what slide-view.c and slide-view-transport.c share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "slide-view.h"

G_BEGIN_DECLS

struct _SlideView
{
  GtkWidget parent_instance;

  SlideRenderer *renderer;
  BridgeRegistry *registry; /* NULL: videos show "no plugin" */
  guint index;
  guint hang_timeout_ms; /* 0: the element's default */
  gboolean shared_video;
  GPtrArray *videos;     /* VideoElement of the current slide */
  GArray *drawn;         /* guint64 per video: frame count last drawn */
  VideoPosters *posters; /* NULL: none */

  /* The transport (slide-view-transport.c). */
  int hovered;                   /* the video under the pointer, or -1 */
  int active;                    /* the video the presenter last pointed at, or -1 */
  int dragging;                  /* the video whose seek bar is being dragged, or -1 */
  double pointer_sx, pointer_sy; /* slide units */
  char *notice;
  int notice_video;
  guint notice_id;

  /* The cached slide, and what it was drawn for. */
  GskRenderNode *base;
  guint base_index;
  int base_width;
  int base_height;
  GArray *base_aspects; /* double per video */
};

void slide_view_to_slide (SlideView *self, double px, double py, double *sx, double *sy);
int slide_view_video_at (SlideView *self, double sx, double sy, SlideRect *rect);
void slide_view_transport_init (SlideView *self);
void slide_view_transport_clear (SlideView *self);
void slide_view_draw_transport (
    SlideView *self, cairo_t *cr, guint video, const SlideRect *r, const SlideVideoState *state);

G_END_DECLS
