/* slide-overview.c: every slide of the deck in a grid, to pick one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Thumbnails drawn by the SlideRenderer (videos show their frame, as in
 * the export without stills), in as many columns as make them largest,
 * each with its number; the selected one has an accent ring. A click
 * emits "activated" with the slide; the window moves the selection with
 * its keys (win.next …) while the overview is up.
 */
#include "config.h"

#include "slide-overview.h"

#define GAP 24.0
#define LABEL_HEIGHT 28.0

struct _SlideOverview
{
  GtkWidget parent_instance;

  SlideRenderer *renderer;
  guint selected;
  GPtrArray *thumbs; /* GskRenderNode per slide, or NULL; for thumb_width */
  double thumb_width;
};

G_DEFINE_FINAL_TYPE (SlideOverview, slide_overview, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
node_unref0 (gpointer node)
{
  if (node != NULL)
    gsk_render_node_unref (node);
}

static guint
n_slides (SlideOverview *self)
{
  return deck_get_n_slides (slide_renderer_get_deck (self->renderer));
}

/* The grid that fits the most slide area in width x height. */
static void
get_grid (
    SlideOverview *self, double width, double height, guint *columns, double *thumb_w, double *x0, double *y0)
{
  double aspect = slide_renderer_get_width (self->renderer) / SLIDE_HEIGHT;
  guint n = MAX (n_slides (self), 1), cols, best_cols = 1;
  double best = 0;

  for (cols = 1; cols <= n; cols++)
    {
      guint rows = (n + cols - 1) / cols;
      double w = (width - GAP * (cols + 1)) / cols;
      double h = (height - GAP * (rows + 1)) / rows - LABEL_HEIGHT;

      w = MIN (w, h * aspect);
      if (w > best)
        {
          best = w;
          best_cols = cols;
        }
    }
  *columns = best_cols;
  *thumb_w = MAX (best, 1);
  {
    guint rows = (n + best_cols - 1) / best_cols;
    double grid_w = best_cols * *thumb_w + (best_cols - 1) * GAP;
    double grid_h = rows * (*thumb_w / aspect + LABEL_HEIGHT) + (rows - 1) * GAP;

    *x0 = (width - grid_w) / 2;
    *y0 = (height - grid_h) / 2;
  }
}

/**
 * slide_overview_get_thumbnail_rect:
 * @self: a #SlideOverview
 * @index: a slide
 * @rect: (out): where its thumbnail is, in widget coordinates
 *
 * Returns: whether there is such a slide
 */
gboolean
slide_overview_get_thumbnail_rect (SlideOverview *self, guint index, graphene_rect_t *rect)
{
  double aspect = slide_renderer_get_width (self->renderer) / SLIDE_HEIGHT;
  double w, x0, y0;
  guint columns;

  if (index >= n_slides (self))
    return FALSE;
  get_grid (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)),
            &columns, &w, &x0, &y0);
  graphene_rect_init (rect, x0 + (index % columns) * (w + GAP),
                      y0 + (index / columns) * (w / aspect + LABEL_HEIGHT + GAP), w, w / aspect);
  return TRUE;
}

/**
 * slide_overview_pick:
 * @self: a #SlideOverview
 * @x: widget coordinate
 * @y: widget coordinate
 * @index: (out): the slide there
 *
 * Returns: whether a thumbnail is there
 */
gboolean
slide_overview_pick (SlideOverview *self, double x, double y, guint *index)
{
  guint i;

  for (i = 0; i < n_slides (self); i++)
    {
      graphene_rect_t r;

      slide_overview_get_thumbnail_rect (self, i, &r);
      if (graphene_rect_contains_point (&r, &GRAPHENE_POINT_INIT (x, y)))
        {
          *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

static GskRenderNode *
draw_thumb (SlideOverview *self, guint index, const graphene_rect_t *r)
{
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  cairo_t *cr
      = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, r->size.width, r->size.height));

  slide_renderer_render (self->renderer, cr, index, r->size.width, r->size.height, NULL, 0);
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
slide_overview_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SlideOverview *self = HOST_SLIDE_OVERVIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  guint i;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 0.14, 0.14, 0.14, 0.96 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  layout = gtk_widget_create_pango_layout (widget, NULL);
  for (i = 0; i < n_slides (self); i++)
    {
      graphene_rect_t r;
      GskRoundedRect clip;
      char number[16];
      int lw, lh;

      slide_overview_get_thumbnail_rect (self, i, &r);
      if (self->thumb_width != r.size.width)
        {
          g_ptr_array_set_size (self->thumbs, 0);
          self->thumb_width = r.size.width;
        }
      if (self->thumbs->len <= i)
        g_ptr_array_set_size (self->thumbs, n_slides (self));
      if (self->thumbs->pdata[i] == NULL)
        self->thumbs->pdata[i] = draw_thumb (self, i, &r);

      if (i == self->selected)
        {
          graphene_rect_t ring;

          graphene_rect_inset_r (&r, -5, -5, &ring);
          gsk_rounded_rect_init_from_rect (&clip, &ring, 11);
          gtk_snapshot_push_rounded_clip (snapshot, &clip);
          gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 0.21, 0.52, 0.89, 1 }, &ring);
          gtk_snapshot_pop (snapshot);
        }
      gsk_rounded_rect_init_from_rect (&clip, &r, 6);
      gtk_snapshot_push_rounded_clip (snapshot, &clip);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &r.origin);
      gtk_snapshot_append_node (snapshot, self->thumbs->pdata[i]);
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);

      g_snprintf (number, sizeof number, "%u", i + 1);
      pango_layout_set_text (layout, number, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (r.origin.x + (r.size.width - lw) / 2,
                                                    r.origin.y + r.size.height + (LABEL_HEIGHT - lh) / 2));
      gtk_snapshot_append_layout (
          snapshot, layout, i == self->selected ? &(GdkRGBA){ 1, 1, 1, 1 } : &(GdkRGBA){ 1, 1, 1, 0.6 });
      gtk_snapshot_restore (snapshot);
    }
  g_object_unref (layout);
}

/**
 * slide_overview_click:
 * @self: a #SlideOverview
 * @x: widget coordinate
 * @y: widget coordinate
 *
 * A click there picks the slide under it ("activated").
 *
 * Returns: whether a slide was there
 */
gboolean
slide_overview_click (SlideOverview *self, double x, double y)
{
  guint index;

  if (!slide_overview_pick (self, x, y, &index))
    return FALSE;
  slide_overview_set_selected (self, index);
  g_signal_emit (self, signals[SIGNAL_ACTIVATED], 0, index);
  return TRUE;
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, SlideOverview *self)
{
  /* Everything under the overview is out of reach while it is up. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  slide_overview_click (self, x, y);
}

static void
slide_overview_dispose (GObject *object)
{
  SlideOverview *self = HOST_SLIDE_OVERVIEW (object);

  g_clear_pointer (&self->thumbs, g_ptr_array_unref);
  g_clear_object (&self->renderer);
  G_OBJECT_CLASS (slide_overview_parent_class)->dispose (object);
}

static void
slide_overview_class_init (SlideOverviewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = slide_overview_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = slide_overview_snapshot;

  /**
   * SlideOverview::activated:
   * @self: the overview
   * @index: the slide clicked, from 0
   */
  signals[SIGNAL_ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
slide_overview_init (SlideOverview *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->thumbs = g_ptr_array_new_with_free_func (node_unref0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/**
 * slide_overview_new:
 * @renderer: draws the thumbnails
 *
 * Returns: (transfer floating): the overview
 */
GtkWidget *
slide_overview_new (SlideRenderer *renderer)
{
  SlideOverview *self = g_object_new (HOST_TYPE_SLIDE_OVERVIEW, NULL);

  self->renderer = g_object_ref (renderer);
  return GTK_WIDGET (self);
}

/**
 * slide_overview_set_selected:
 * @self: a #SlideOverview
 * @index: the slide to ring; clamped to the deck
 */
void
slide_overview_set_selected (SlideOverview *self, guint index)
{
  self->selected = MIN (index, MAX (n_slides (self), 1) - 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * slide_overview_get_selected:
 * @self: a #SlideOverview
 *
 * Returns: the ringed slide
 */
guint
slide_overview_get_selected (SlideOverview *self)
{
  return self->selected;
}

/**
 * slide_overview_invalidate:
 * @self: a #SlideOverview
 *
 * The deck changed (it reloaded): draws every thumbnail anew.
 */
void
slide_overview_invalidate (SlideOverview *self)
{
  g_ptr_array_set_size (self->thumbs, 0);
  slide_overview_set_selected (self, self->selected);
}
