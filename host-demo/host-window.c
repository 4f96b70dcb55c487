/* host-window.c: the presentation window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A window holding one SlideView under the presenter's overlays (the
 * overview grid, a black or white screen, the typed slide number, the
 * key help). Its actions, which keys, the presenter console and the
 * test hook all go through, are in host-window-actions.c.
 *
 * In full screen the pointer hides after POINTER_IDLE_MS without moving.
 */
#include "config.h"

#include "host-window-private.h"

#include "host-keys.h"
#include "slide-overview.h"

#define POINTER_IDLE_MS 2000

G_DEFINE_FINAL_TYPE (HostWindow, host_window, GTK_TYPE_APPLICATION_WINDOW)

enum
{
  SIGNAL_FULLSCREEN_REQUESTED,
  SIGNAL_OVERLAY_CHANGED,
  SIGNAL_POINTER_HIDDEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char css[]
    = ".host-card { background-color: rgba(36, 36, 36, 0.96); color: white;"
      "  border-radius: 12px; padding: 28px 36px; box-shadow: 0 2px 12px rgba(0,0,0,0.5); }"
      ".host-backdrop { background-color: rgba(0, 0, 0, 0.55); }"
      ".host-black { background-color: black; }"
      ".host-white { background-color: white; }"
      ".host-goto { background-color: rgba(36, 36, 36, 0.92); color: white;"
      "  border-radius: 9px; padding: 10px 18px; margin: 32px; font-size: 1.4em; }";

static guint
n_slides (HostWindow *self)
{
  return deck_get_n_slides (slide_renderer_get_deck (self->renderer));
}

static void
update_title (HostWindow *self)
{
  Deck *deck = slide_renderer_get_deck (self->renderer);
  g_autofree char *title = g_strdup_printf ("%s — %u / %u", deck_get_title (deck),
                                            slide_view_get_slide (self->view) + 1, n_slides (self));

  gtk_window_set_title (GTK_WINDOW (self), title);
}

void
host_window_overlay_changed (HostWindow *self, const char *what, gboolean shown)
{
  g_signal_emit (self, signals[SIGNAL_OVERLAY_CHANGED], 0, what, shown);
}

/* ---- overlays ----------------------------------------------------------- */

gboolean
host_window_overview_shown (HostWindow *self)
{
  return gtk_widget_get_visible (self->overview);
}

gboolean
host_window_help_shown (HostWindow *self)
{
  return gtk_widget_get_visible (self->help);
}

void
host_window_show_overview (HostWindow *self, gboolean show)
{
  if (show == host_window_overview_shown (self))
    return;
  if (show)
    slide_overview_set_selected (HOST_SLIDE_OVERVIEW (self->overview), slide_view_get_slide (self->view));
  gtk_widget_set_visible (self->overview, show);
  host_window_overlay_changed (self, "overview", show);
}

void
host_window_show_help (HostWindow *self, gboolean show)
{
  if (show == host_window_help_shown (self))
    return;
  gtk_widget_set_visible (self->help, show);
  host_window_overlay_changed (self, "help", show);
}

void
host_window_clear_typed (HostWindow *self)
{
  if (self->typed->len == 0)
    return;
  g_string_truncate (self->typed, 0);
  gtk_widget_set_visible (self->goto_label, FALSE);
  host_window_overlay_changed (self, "goto", FALSE);
}

/**
 * host_window_set_blank:
 * @self: a #HostWindow
 * @mode: black, white or the slide
 *
 * Covers the slide (the videos go on underneath), or shows it again.
 */
void
host_window_set_blank (HostWindow *self, HostBlank mode)
{
  const char *names[]
      = { [HOST_BLANK_NONE] = NULL, [HOST_BLANK_BLACK] = "black", [HOST_BLANK_WHITE] = "white" };

  if (mode == self->blank_mode)
    return;
  if (self->blank_mode != HOST_BLANK_NONE)
    {
      gtk_widget_remove_css_class (self->blank,
                                   self->blank_mode == HOST_BLANK_BLACK ? "host-black" : "host-white");
      host_window_overlay_changed (self, names[self->blank_mode], FALSE);
    }
  self->blank_mode = mode;
  gtk_widget_set_visible (self->blank, mode != HOST_BLANK_NONE);
  if (mode != HOST_BLANK_NONE)
    {
      gtk_widget_add_css_class (self->blank, mode == HOST_BLANK_BLACK ? "host-black" : "host-white");
      host_window_overlay_changed (self, names[mode], TRUE);
    }
}

/**
 * host_window_get_blank:
 * @self: a #HostWindow
 *
 * Returns: whether the slide is covered, and by what
 */
HostBlank
host_window_get_blank (HostWindow *self)
{
  return self->blank_mode;
}

/* ---- slides ------------------------------------------------------------- */

/**
 * host_window_go_to:
 * @self: a #HostWindow
 * @index: a slide index; clamped to the deck
 *
 * Shows a slide.
 */
void
host_window_go_to (HostWindow *self, guint index)
{
  index = MIN (index, n_slides (self) - 1);
  if (index == slide_view_get_slide (self->view))
    return;
  slide_view_set_slide (self->view, index);
  update_title (self);
}

static void
on_overview_picked (SlideOverview *overview, guint index, HostWindow *self)
{
  host_window_show_overview (self, FALSE);
  host_window_go_to (self, index);
}

/* ---- full screen and the pointer ---------------------------------------- */

static void
set_pointer_hidden (HostWindow *self, gboolean hidden)
{
  if (hidden == self->pointer_hidden)
    return;
  self->pointer_hidden = hidden;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), hidden ? "none" : NULL);
  g_signal_emit (self, signals[SIGNAL_POINTER_HIDDEN], 0, hidden);
}

gboolean
host_window_is_fullscreen (HostWindow *self)
{
  return self->fullscreen_wanted || gtk_window_is_fullscreen (GTK_WINDOW (self));
}

static gboolean
on_pointer_idle (gpointer data)
{
  HostWindow *self = data;

  self->pointer_idle_id = 0;
  if (host_window_is_fullscreen (self))
    set_pointer_hidden (self, TRUE);
  return G_SOURCE_REMOVE;
}

/**
 * host_window_pointer_moved:
 * @self: a #HostWindow
 *
 * Shows the pointer, and hides it again after %POINTER_IDLE_MS without
 * moving while full screen.
 */
void
host_window_pointer_moved (HostWindow *self)
{
  set_pointer_hidden (self, FALSE);
  g_clear_handle_id (&self->pointer_idle_id, g_source_remove);
  if (host_window_is_fullscreen (self))
    self->pointer_idle_id = g_timeout_add (POINTER_IDLE_MS, on_pointer_idle, self);
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, HostWindow *self)
{
  /* Crossings and redraws repeat the last position: only a move counts. */
  if (x == self->pointer_x && y == self->pointer_y)
    return;
  self->pointer_x = x;
  self->pointer_y = y;
  host_window_pointer_moved (self);
}

void
host_window_set_fullscreen (HostWindow *self, gboolean fullscreen)
{
  self->fullscreen_wanted = fullscreen;
  if (fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    gtk_window_unfullscreen (GTK_WINDOW (self));
  g_signal_emit (self, signals[SIGNAL_FULLSCREEN_REQUESTED], 0, fullscreen);
  host_window_pointer_moved (self);
}

static void
on_fullscreened (GObject *window, GParamSpec *pspec, HostWindow *self)
{
  /* The window manager may also take it away (a key of its own). */
  if (!gtk_window_is_fullscreen (GTK_WINDOW (self)))
    self->fullscreen_wanted = FALSE;
  host_window_pointer_moved (self);
}

/* ---- the mouse ---------------------------------------------------------- */

static void
on_advance (SlideView *view, int delta, HostWindow *self)
{
  host_window_step (self, delta, FALSE);
}

/**
 * host_window_scroll:
 * @self: a #HostWindow
 * @dy: how far the wheel turned; down is positive
 *
 * Scrolling down goes to the next slide, up to the previous.
 */
void
host_window_scroll (HostWindow *self, double dy)
{
  if (dy > 0)
    host_window_step (self, 1, FALSE);
  else if (dy < 0)
    host_window_step (self, -1, FALSE);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller, double dx, double dy, HostWindow *self)
{
  host_window_scroll (self, dy);
  return TRUE;
}

static void
on_cover_clicked (GtkGestureClick *gesture, int n_press, double x, double y, HostWindow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  host_window_show_help (self, FALSE);
  host_window_set_blank (self, HOST_BLANK_NONE);
}

static void
close_on_click (HostWindow *self, GtkWidget *widget)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_cover_clicked), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
}

/* ---- object ------------------------------------------------------------- */

static gboolean
on_close_request (GtkWindow *window, gpointer data)
{
  HostWindow *self = HOST_WINDOW (window);

  /* Let the plugins go before the window does. */
  slide_view_stop_videos (self->view);
  return FALSE;
}

static void
host_window_dispose (GObject *object)
{
  HostWindow *self = HOST_WINDOW (object);

  g_clear_object (&self->watcher);
  g_clear_handle_id (&self->pointer_idle_id, g_source_remove);
  g_clear_object (&self->renderer);
  g_clear_object (&self->posters);
  G_OBJECT_CLASS (host_window_parent_class)->dispose (object);
}

static void
host_window_finalize (GObject *object)
{
  HostWindow *self = HOST_WINDOW (object);

  g_string_free (self->typed, TRUE);
  G_OBJECT_CLASS (host_window_parent_class)->finalize (object);
}

static void
host_window_class_init (HostWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = host_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = host_window_finalize;

  /**
   * HostWindow::fullscreen-requested:
   * @self: the window
   * @fullscreen: whether full screen was asked for, or leaving it
   *
   * The window asked the window manager to go full screen or back. (The
   * window manager decides; #GtkWindow:fullscreened tells when it did.)
   */
  signals[SIGNAL_FULLSCREEN_REQUESTED]
      = g_signal_new ("fullscreen-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  /**
   * HostWindow::overlay-changed:
   * @self: the window
   * @overlay: "overview", "help", "black", "white" or "goto" (the typed
   *   slide number)
   * @shown: whether it is up now
   */
  signals[SIGNAL_OVERLAY_CHANGED]
      = g_signal_new ("overlay-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  /**
   * HostWindow::pointer-hidden:
   * @self: the window
   * @hidden: whether the pointer is hidden now
   */
  signals[SIGNAL_POINTER_HIDDEN]
      = g_signal_new ("pointer-hidden", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
host_window_init (HostWindow *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->typed = g_string_new (NULL);
  host_window_add_actions (self);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (on_fullscreened), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

static void
load_css (GtkWidget *widget)
{
  static GtkCssProvider *provider;

  if (provider != NULL)
    return;
  /* Slides are dark, and so is everything around them. */
  g_object_set (gtk_widget_get_settings (widget), "gtk-application-prefer-dark-theme", TRUE, NULL);
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (widget), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
on_deck_changed (HostWindow *self)
{
  slide_view_reload (self->view);
  slide_overview_invalidate (HOST_SLIDE_OVERVIEW (self->overview));
  update_title (self);
}

/**
 * host_window_new:
 * @app: the application
 * @renderer: draws the deck's slides
 * @registry: (nullable): where the video plugin is found
 * @options: (nullable): how the videos play
 *
 * Returns: (transfer none): a new window showing the first slide
 */
HostWindow *
host_window_new (GtkApplication *app,
                 SlideRenderer *renderer,
                 BridgeRegistry *registry,
                 const SlideViewOptions *options)
{
  HostWindow *self = g_object_new (HOST_TYPE_WINDOW, "application", app, NULL);
  double aspect = slide_renderer_get_width (renderer) / SLIDE_HEIGHT;
  GtkWidget *overlay = gtk_overlay_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL
                                                                | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);

  load_css (GTK_WIDGET (self));
  self->renderer = g_object_ref (renderer);
  self->posters = video_posters_new (slide_renderer_get_deck (renderer), registry);
  self->view = HOST_SLIDE_VIEW (slide_view_new (renderer, registry, options));
  slide_view_set_posters (self->view, self->posters);
  g_signal_connect (self->view, "advance", G_CALLBACK (on_advance), self);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), scroll);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->view));

  self->blank = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  close_on_click (self, self->blank);
  gtk_widget_set_visible (self->blank, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->blank);

  self->overview = slide_overview_new (renderer);
  g_signal_connect (self->overview, "activated", G_CALLBACK (on_overview_picked), self);
  gtk_widget_set_visible (self->overview, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->overview);

  self->goto_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->goto_label, "host-goto");
  gtk_widget_set_halign (self->goto_label, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->goto_label, GTK_ALIGN_END);
  gtk_widget_set_visible (self->goto_label, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->goto_label);

  self->help = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->help, "host-backdrop");
  gtk_box_append (GTK_BOX (self->help), host_keys_help_new ());
  gtk_widget_set_vexpand (gtk_widget_get_first_child (self->help), TRUE);
  close_on_click (self, self->help);
  gtk_widget_set_visible (self->help, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->help);

  gtk_window_set_child (GTK_WINDOW (self), overlay);
  gtk_window_set_default_size (GTK_WINDOW (self), (int) (720 * aspect), 720);
  slide_view_set_slide (self->view, 0);
  update_title (self);
  self->watcher = deck_watcher_new (slide_renderer_get_deck (renderer), NULL);
  g_signal_connect_object (slide_renderer_get_deck (renderer), "changed", G_CALLBACK (on_deck_changed), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/**
 * host_window_get_slide:
 * @self: a #HostWindow
 *
 * Returns: the index of the slide shown
 */
guint
host_window_get_slide (HostWindow *self)
{
  return slide_view_get_slide (self->view);
}

/**
 * host_window_get_view:
 * @self: a #HostWindow
 *
 * Returns: (transfer none): the slide view
 */
SlideView *
host_window_get_view (HostWindow *self)
{
  return self->view;
}

/**
 * host_window_get_deck:
 * @self: a #HostWindow
 *
 * Returns: (transfer none): the deck shown; it reloads when its file is
 *   saved (Deck::changed)
 */
Deck *
host_window_get_deck (HostWindow *self)
{
  return slide_renderer_get_deck (self->renderer);
}

/**
 * host_window_get_posters:
 * @self: a #HostWindow
 *
 * Returns: (transfer none): the posters of the deck's videos
 */
VideoPosters *
host_window_get_posters (HostWindow *self)
{
  return self->posters;
}

/**
 * host_window_get_overview:
 * @self: a #HostWindow
 *
 * Returns: (transfer none): the overview grid (hidden unless shown)
 */
SlideOverview *
host_window_get_overview (HostWindow *self)
{
  return HOST_SLIDE_OVERVIEW (self->overview);
}

/**
 * host_window_get_typed:
 * @self: a #HostWindow
 *
 * Returns: (transfer none): the slide number typed so far, or ""
 */
const char *
host_window_get_typed (HostWindow *self)
{
  return self->typed->str;
}

/**
 * host_window_get_n_slides:
 * @self: a #HostWindow
 *
 * Returns: how many slides the deck has
 */
guint
host_window_get_n_slides (HostWindow *self)
{
  return n_slides (self);
}