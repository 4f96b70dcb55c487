/* presenter-console.c: the presenter's own window (--presenter)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Beside the audience's window: the current slide as the audience sees
 * it, the next one, the speaker notes, the time of day and the time since
 * the talk began (T pauses it, R resets it), and a live picture of the
 * video playing.
 *
 * The console has no slide state of its own. It shares the audience
 * window's actions (inserted as its "win" group), so every key pressed in
 * either window does the same thing, and it follows the audience window's
 * view. The current slide is a GtkWidgetPaintable of that view and the
 * video thumbnail the very GdkTexture the view draws: the pictures from
 * the plugin's frame ring, not a second decode. (A second frame ring
 * consumer is not possible: docs/FRAME-RING.md allows one consumer per
 * stream and connection, since two would race for the same slots and each
 * get some of the frames.)
 *
 * With two monitors or more, the console goes full screen on the second.
 */
#include "config.h"

#include "presenter-console.h"

#include "slide-preview.h"
#include "transport-bar.h"

#define TICK_MS 250

struct _PresenterConsole
{
  GtkWindow parent_instance;

  HostWindow *audience; /* not owned: the console goes with it */
  SlideView *view;
  GtkWidget *clock;
  GtkWidget *timer;
  GtkWidget *timer_state;
  GtkWidget *counter;
  GtkWidget *next;
  GtkWidget *notes;
  GtkWidget *video_box;
  GtkWidget *video_picture;
  GtkWidget *video_label;

  gint64 started;     /* monotonic µs when the timer last ran on */
  gint64 accumulated; /* µs run before that */
  gboolean running;
  guint tick_id;
  int monitor;
  int n_monitors;
};

G_DEFINE_FINAL_TYPE (PresenterConsole, presenter_console, GTK_TYPE_WINDOW)

static const char css[]
    = ".host-console { background-color: #1e1e1e; color: white; }"
      ".host-console .host-pane { background-color: #2a2a2a; border-radius: 12px; padding: 12px; }"
      ".host-console .host-timer { font-size: 44px; font-weight: 800;"
      "  font-feature-settings: 'tnum'; }"
      ".host-console .host-timer.paused { color: #f6d32d; }"
      ".host-console .host-clock { font-size: 26px; font-weight: 600;"
      "  font-feature-settings: 'tnum'; }"
      ".host-console .host-notes { font-size: 22px; }"
      ".host-console .host-caption { font-size: 13px; font-weight: 700; letter-spacing: 1px;"
      "  color: alpha(white, 0.55); }";

/* ---- time ---------------------------------------------------------------- */

/**
 * presenter_console_get_elapsed:
 * @self: a #PresenterConsole
 *
 * Returns: how long the talk has run, in µs, pauses left out
 */
gint64
presenter_console_get_elapsed (PresenterConsole *self)
{
  return self->accumulated + (self->running ? g_get_monotonic_time () - self->started : 0);
}

static void
update_time (PresenterConsole *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (now, "%H:%M");
  gint64 elapsed = presenter_console_get_elapsed (self) / G_USEC_PER_SEC;
  g_autofree char *timer = g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", elapsed / 3600,
                                            (int) (elapsed / 60 % 60), (int) (elapsed % 60));

  gtk_label_set_text (GTK_LABEL (self->clock), clock);
  gtk_label_set_text (GTK_LABEL (self->timer), timer);
}

static gboolean
tick (gpointer data)
{
  update_time (data);
  return G_SOURCE_CONTINUE;
}

static void
timer_changed (PresenterConsole *self)
{
  gtk_label_set_text (GTK_LABEL (self->timer_state), self->running ? "Elapsed" : "Paused");
  if (self->running)
    gtk_widget_remove_css_class (self->timer, "paused");
  else
    gtk_widget_add_css_class (self->timer, "paused");
  update_time (self);
}

static void
timer_toggle_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  PresenterConsole *self = data;

  if (self->running)
    self->accumulated += g_get_monotonic_time () - self->started;
  else
    self->started = g_get_monotonic_time ();
  self->running = !self->running;
  timer_changed (self);
}

static void
timer_reset_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  PresenterConsole *self = data;

  self->accumulated = 0;
  self->started = g_get_monotonic_time ();
  timer_changed (self);
}

/**
 * presenter_console_timer_is_running:
 * @self: a #PresenterConsole
 *
 * Returns: whether the elapsed time runs (T pauses it)
 */
gboolean
presenter_console_timer_is_running (PresenterConsole *self)
{
  return self->running;
}

/* ---- following the audience's window -------------------------------------- */

static void
update_slide (PresenterConsole *self)
{
  Deck *deck = slide_renderer_get_deck (slide_view_get_renderer (self->view));
  guint index = slide_view_get_slide (self->view), n = deck_get_n_slides (deck);
  g_autofree char *counter = g_strdup_printf ("Slide %u of %u", index + 1, n);
  const char *notes = index < n ? deck_slide_get_notes (deck_get_slide (deck, index)) : NULL;

  gtk_label_set_text (GTK_LABEL (self->counter), counter);
  slide_preview_set_slide (HOST_SLIDE_PREVIEW (self->next), index + 1 < n ? (int) index + 1 : -1);
  if (notes != NULL && notes[0] != '\0')
    {
      gtk_label_set_text (GTK_LABEL (self->notes), notes);
      gtk_widget_remove_css_class (self->notes, "dim-label");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->notes), "No notes for this slide.");
      gtk_widget_add_css_class (self->notes, "dim-label");
    }
  gtk_widget_set_visible (self->video_box, slide_view_get_n_videos (self->view) > 0);
  gtk_picture_set_paintable (GTK_PICTURE (self->video_picture), NULL);
}

/* The deck reloaded: the notes and the next slide may have changed. */
static void
on_deck_changed (Deck *deck, PresenterConsole *self)
{
  update_slide (self);
}

static void
on_slide_changed (SlideView *view, guint index, PresenterConsole *self)
{
  update_slide (self);
}

/* The active video's picture, the texture the audience's view just drew. */
static void
on_video_drawn (SlideView *view, guint video, guint64 count, PresenterConsole *self)
{
  VideoElement *active = slide_view_get_active_video (view);
  g_autofree char *position = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;

  if (active == NULL || slide_view_get_video (view, video) != active)
    return;
  gtk_picture_set_paintable (GTK_PICTURE (self->video_picture),
                             GDK_PAINTABLE (video_element_get_texture (active)));
  position = transport_bar_format_time (video_element_get_position (active));
  duration = transport_bar_format_time (video_element_get_duration (active));
  text = g_strdup_printf ("%s %s / %s", video_element_is_playing (active) ? "Playing" : "Paused", position,
                          duration);
  gtk_label_set_text (GTK_LABEL (self->video_label), text);
}

/**
 * presenter_console_get_video_thumbnail:
 * @self: a #PresenterConsole
 *
 * Returns: (transfer none) (nullable): what the video thumbnail shows
 */
GdkPaintable *
presenter_console_get_video_thumbnail (PresenterConsole *self)
{
  return gtk_picture_get_paintable (GTK_PICTURE (self->video_picture));
}

/**
 * presenter_console_get_next_slide:
 * @self: a #PresenterConsole
 *
 * Returns: the slide shown as the next one, or -1 at the end
 */
int
presenter_console_get_next_slide (PresenterConsole *self)
{
  return slide_preview_get_slide (HOST_SLIDE_PREVIEW (self->next));
}

/**
 * presenter_console_get_audience:
 * @self: a #PresenterConsole
 *
 * Returns: (transfer none): the audience's window
 */
HostWindow *
presenter_console_get_audience (PresenterConsole *self)
{
  return self->audience;
}

/* ---- building ------------------------------------------------------------- */

static GtkWidget *
caption (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "host-caption");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

static GtkWidget *
pane (GtkWidget *child, const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  gtk_widget_add_css_class (box, "host-pane");
  gtk_box_append (GTK_BOX (box), caption (title));
  gtk_box_append (GTK_BOX (box), child);
  return box;
}

static GtkWidget *
top_bar (PresenterConsole *self)
{
  GtkWidget *bar = gtk_center_box_new ();
  GtkWidget *timer_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->clock = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->clock, "host-clock");
  self->timer = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->timer, "host-timer");
  self->timer_state = caption ("Elapsed");
  gtk_label_set_xalign (GTK_LABEL (self->timer_state), 0.5);
  gtk_box_append (GTK_BOX (timer_box), self->timer);
  gtk_box_append (GTK_BOX (timer_box), self->timer_state);
  self->counter = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->counter, "host-clock");
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (bar), self->clock);
  gtk_center_box_set_center_widget (GTK_CENTER_BOX (bar), timer_box);
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (bar), self->counter);
  return bar;
}

static void
build (PresenterConsole *self)
{
  GtkWidget *root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  g_autoptr (GdkPaintable) mirror = gtk_widget_paintable_new (GTK_WIDGET (self->view));
  GtkWidget *current = gtk_picture_new_for_paintable (mirror);
  GtkWidget *current_pane, *scroller, *video_inner;
  SlideRenderer *renderer = slide_view_get_renderer (self->view);

  gtk_widget_add_css_class (root, "host-console");
  gtk_widget_set_margin_start (root, 0);
  gtk_box_append (GTK_BOX (root), top_bar (self));
  gtk_widget_set_margin_start (gtk_widget_get_first_child (root), 24);
  gtk_widget_set_margin_end (gtk_widget_get_first_child (root), 24);
  gtk_widget_set_margin_top (gtk_widget_get_first_child (root), 16);

  gtk_picture_set_content_fit (GTK_PICTURE (current), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_can_shrink (GTK_PICTURE (current), TRUE);
  gtk_widget_set_vexpand (current, TRUE);
  current_pane = pane (current, "NOW");
  gtk_widget_set_hexpand (current_pane, TRUE);
  gtk_box_append (GTK_BOX (body), current_pane);

  self->next = slide_preview_new (renderer, host_window_get_posters (self->audience));
  gtk_widget_set_size_request (self->next, 480, 270);
  gtk_widget_set_vexpand (self->next, FALSE);
  gtk_box_append (GTK_BOX (side), pane (self->next, "NEXT"));

  video_inner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->video_picture = gtk_picture_new ();
  gtk_picture_set_content_fit (GTK_PICTURE (self->video_picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (self->video_picture, 192, 108);
  self->video_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->video_label), 0);
  gtk_box_append (GTK_BOX (video_inner), self->video_picture);
  gtk_box_append (GTK_BOX (video_inner), self->video_label);
  self->video_box = pane (video_inner, "VIDEO");
  gtk_box_append (GTK_BOX (side), self->video_box);

  self->notes = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->notes, "host-notes");
  gtk_label_set_wrap (GTK_LABEL (self->notes), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->notes), 0);
  gtk_label_set_yalign (GTK_LABEL (self->notes), 0);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->notes);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (side), pane (scroller, "NOTES"));
  gtk_widget_set_size_request (side, 480, -1);
  gtk_box_append (GTK_BOX (body), side);

  gtk_widget_set_vexpand (body, TRUE);
  gtk_widget_set_margin_start (body, 24);
  gtk_widget_set_margin_end (body, 24);
  gtk_widget_set_margin_bottom (body, 24);
  gtk_box_append (GTK_BOX (root), body);
  gtk_window_set_child (GTK_WINDOW (self), root);
}

static void
on_audience_gone (GtkWidget *audience, PresenterConsole *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static const GActionEntry console_actions[] = {
  { .name = "timer-toggle", .activate = timer_toggle_activated },
  { .name = "timer-reset", .activate = timer_reset_activated },
};

static void
presenter_console_dispose (GObject *object)
{
  PresenterConsole *self = HOST_PRESENTER_CONSOLE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->audience != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->audience, self);
      g_signal_handlers_disconnect_by_data (self->view, self);
      gtk_widget_insert_action_group (GTK_WIDGET (self->audience), "console", NULL);
      gtk_widget_insert_action_group (GTK_WIDGET (self), "win", NULL);
      self->audience = NULL;
    }
  G_OBJECT_CLASS (presenter_console_parent_class)->dispose (object);
}

static void
presenter_console_class_init (PresenterConsoleClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = presenter_console_dispose;
}

static void
presenter_console_init (PresenterConsole *self)
{
  self->monitor = -1;
}

/**
 * presenter_console_new:
 * @audience: the audience's window
 *
 * Returns: (transfer none): the console, following @audience and gone
 *   with it
 */
PresenterConsole *
presenter_console_new (HostWindow *audience)
{
  PresenterConsole *self = g_object_new (HOST_TYPE_PRESENTER_CONSOLE, "application",
                                         gtk_window_get_application (GTK_WINDOW (audience)), "default-width",
                                         1280, "default-height", 720, NULL);
  g_autoptr (GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autofree char *title = NULL;
  GtkCssProvider *provider = gtk_css_provider_new ();

  self->audience = audience;
  self->view = host_window_get_view (audience);
  title = g_strdup_printf ("%s — Presenter Console",
                           deck_get_title (slide_renderer_get_deck (slide_view_get_renderer (self->view))));
  gtk_window_set_title (GTK_WINDOW (self), title);

  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (provider);

  /* One set of actions for both windows: the keys do the same in each. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "win", G_ACTION_GROUP (audience));
  g_action_map_add_action_entries (G_ACTION_MAP (actions), console_actions, G_N_ELEMENTS (console_actions),
                                   self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "console", G_ACTION_GROUP (actions));
  gtk_widget_insert_action_group (GTK_WIDGET (audience), "console", G_ACTION_GROUP (actions));

  build (self);
  g_signal_connect (self->view, "slide-changed", G_CALLBACK (on_slide_changed), self);
  g_signal_connect (self->view, "video-drawn", G_CALLBACK (on_video_drawn), self);
  g_signal_connect_object (host_window_get_deck (audience), "changed", G_CALLBACK (on_deck_changed), self, 0);
  /* The console holds the window (as its "win" actions), so the window
   * is not disposed while the console lives: its going away is seen as
   * it leaves the screen. */
  g_signal_connect (audience, "unrealize", G_CALLBACK (on_audience_gone), self);

  self->running = TRUE;
  self->started = g_get_monotonic_time ();
  timer_changed (self);
  update_slide (self);
  self->tick_id = g_timeout_add (TICK_MS, tick, self);
  return self;
}

/**
 * presenter_console_place:
 * @self: a #PresenterConsole
 *
 * Shows the console: full screen on the second monitor when there are
 * two or more, else as a window of its own.
 */
void
presenter_console_place (PresenterConsole *self)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));

  self->n_monitors = g_list_model_get_n_items (monitors);
  if (self->n_monitors >= 2)
    {
      g_autoptr (GdkMonitor) second = g_list_model_get_item (monitors, 1);

      self->monitor = 1;
      gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), second);
    }
  gtk_window_present (GTK_WINDOW (self));
}

/**
 * presenter_console_get_monitor:
 * @self: a #PresenterConsole
 * @n_monitors: (out) (optional): how many monitors there were
 *
 * Returns: the monitor the console went full screen on, or -1
 */
int
presenter_console_get_monitor (PresenterConsole *self, int *n_monitors)
{
  if (n_monitors != NULL)
    *n_monitors = self->n_monitors;
  return self->monitor;
}
