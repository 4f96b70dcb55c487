/* host-window.c: the presentation window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A window holding one SlideView, with the presenter's keys bound to
 * window actions (win.next, win.previous, win.first, win.last,
 * win.fullscreen, win.unfullscreen, win.play) so that menus, keys and the
 * test hook all go the same way.
 */
#include "config.h"

#include "host-window.h"
#include "deck-watcher.h"

struct _HostWindow
{
  GtkApplicationWindow parent_instance;

  SlideRenderer *renderer;
  SlideView *view;
  DeckWatcher *watcher; /* reloads the deck when its file is saved */
};

G_DEFINE_FINAL_TYPE (HostWindow, host_window, GTK_TYPE_APPLICATION_WINDOW)

enum
{
  SIGNAL_FULLSCREEN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
next_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  host_window_go_to (self, slide_view_get_slide (self->view) + 1);
}

static void
previous_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;
  guint index = slide_view_get_slide (self->view);

  if (index > 0)
    host_window_go_to (self, index - 1);
}

static void
first_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  host_window_go_to (data, 0);
}

static void
last_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  host_window_go_to (self, n_slides (self) - 1);
}

static void
fullscreen_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GtkWindow *window = data;
  gboolean fullscreen = !gtk_window_is_fullscreen (window);

  if (fullscreen)
    gtk_window_fullscreen (window);
  else
    gtk_window_unfullscreen (window);
  g_signal_emit (window, signals[SIGNAL_FULLSCREEN_REQUESTED], 0, fullscreen);
}

static void
unfullscreen_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  gtk_window_unfullscreen (data);
  g_signal_emit (data, signals[SIGNAL_FULLSCREEN_REQUESTED], 0, FALSE);
}

static void
play_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  slide_view_toggle_play (self->view);
}

static const GActionEntry window_actions[] = {
  { .name = "next", .activate = next_activated },
  { .name = "previous", .activate = previous_activated },
  { .name = "first", .activate = first_activated },
  { .name = "last", .activate = last_activated },
  { .name = "fullscreen", .activate = fullscreen_activated },
  { .name = "unfullscreen", .activate = unfullscreen_activated },
  { .name = "play", .activate = play_activated },
};

/**
 * host_window_set_accels:
 * @app: the application
 *
 * Binds the presenter's keys to the window's actions, and Q to app.quit.
 */
void
host_window_set_accels (GtkApplication *app)
{
  static const struct
  {
    const char *action;
    const char *accels[4];
  } keys[] = {
    { "win.next", { "Right", "space", "Page_Down", NULL } },
    { "win.previous", { "Left", "Page_Up", "BackSpace", NULL } },
    { "win.first", { "Home", NULL } },
    { "win.last", { "End", NULL } },
    { "win.fullscreen", { "f", "F11", NULL } },
    { "win.unfullscreen", { "Escape", NULL } },
    { "win.play", { "p", NULL } },
    { "app.quit", { "q", "<Control>q", NULL } },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_application_set_accels_for_action (app, keys[i].action, keys[i].accels);
}

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
  g_clear_object (&self->renderer);
  G_OBJECT_CLASS (host_window_parent_class)->dispose (object);
}

static void
host_window_class_init (HostWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = host_window_dispose;

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
}

static void
host_window_init (HostWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions, G_N_ELEMENTS (window_actions), self);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}

static void
on_deck_changed (HostWindow *self)
{
  slide_view_reload (self->view);
  update_title (self);
}

/**
 * host_window_new:
 * @app: the application
 * @renderer: draws the deck's slides
 * @registry: (nullable): where the video plugin is found
 *
 * Returns: (transfer none): a new window showing the first slide
 */
HostWindow *
host_window_new (GtkApplication *app, SlideRenderer *renderer, BridgeRegistry *registry)
{
  HostWindow *self = g_object_new (HOST_TYPE_WINDOW, "application", app, NULL);
  double aspect = slide_renderer_get_width (renderer) / SLIDE_HEIGHT;

  self->renderer = g_object_ref (renderer);
  self->view = HOST_SLIDE_VIEW (slide_view_new (renderer, registry));
  gtk_window_set_child (GTK_WINDOW (self), GTK_WIDGET (self->view));
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
