/* host-window-actions.c: the presentation window's actions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every key is bound (host-keys.c) to one of the window's actions, so
 * that keys, the presenter console (which shares these actions) and the
 * test hook all go the same way:
 *
 *   win.next win.previous win.first win.last  slides; in the overview,
 *                                             they move the selection
 *   win.digit(N) win.enter                    a typed slide number; Enter
 *                                             also opens the overview's pick
 *   win.overview win.help win.black win.white the overlays, toggled
 *   win.escape                                closes the top overlay, or
 *                                             leaves full screen
 *   win.start win.start-here                  full screen from slide 1 or here
 *   win.fullscreen win.unfullscreen
 *   win.play win.seek-back win.seek-forward   the active video (slide-view-transport.c)
 *   win.frame-back win.frame-forward
 *   win.volume-up win.volume-down win.mute
 */
#include "config.h"

#include "host-window-private.h"

#include "host-keys.h"

#define MAX_TYPED_DIGITS 4
#define SEEK_STEP_S 5.0
#define VOLUME_STEP 0.1

/* ---- slides ------------------------------------------------------------- */

/* What a slide key does: moves the overview's selection while it is up,
 * takes the screen back from black, or goes to the slide. */
void
host_window_step (HostWindow *self, int delta, gboolean to_end)
{
  guint current = host_window_overview_shown (self)
                      ? slide_overview_get_selected (HOST_SLIDE_OVERVIEW (self->overview))
                      : slide_view_get_slide (self->view);
  guint last = host_window_get_n_slides (self) - 1, target;

  host_window_show_help (self, FALSE);
  host_window_clear_typed (self);
  if (to_end)
    target = delta < 0 ? 0 : last;
  else if (delta < 0)
    target = current > 0 ? current - 1 : 0;
  else
    target = MIN (current + 1, last);

  if (host_window_overview_shown (self))
    slide_overview_set_selected (HOST_SLIDE_OVERVIEW (self->overview), target);
  else if (self->blank_mode != HOST_BLANK_NONE)
    host_window_set_blank (self, HOST_BLANK_NONE);
  else
    host_window_go_to (self, target);
}

static void
next_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  host_window_step (data, 1, FALSE);
}

static void
previous_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  host_window_step (data, -1, FALSE);
}

static void
first_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  host_window_step (data, -1, TRUE);
}

static void
last_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  host_window_step (data, 1, TRUE);
}

static void
digit_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;
  g_autofree char *text = NULL;
  int digit = g_variant_get_int32 (parameter);

  if (digit < 0 || digit > 9 || self->typed->len >= MAX_TYPED_DIGITS || (self->typed->len == 0 && digit == 0))
    return;
  host_window_show_help (self, FALSE);
  g_string_append_c (self->typed, '0' + digit);
  text = g_strdup_printf ("Go to slide %s of %u", self->typed->str, host_window_get_n_slides (self));
  gtk_label_set_text (GTK_LABEL (self->goto_label), text);
  gtk_widget_set_visible (self->goto_label, TRUE);
  host_window_overlay_changed (self, "goto", TRUE);
}

static void
enter_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  if (self->typed->len > 0)
    {
      guint64 number = g_ascii_strtoull (self->typed->str, NULL, 10);

      host_window_clear_typed (self);
      host_window_show_overview (self, FALSE);
      host_window_set_blank (self, HOST_BLANK_NONE);
      host_window_go_to (self, MAX (number, 1) - 1);
    }
  else if (host_window_overview_shown (self))
    {
      guint index = slide_overview_get_selected (HOST_SLIDE_OVERVIEW (self->overview));

      host_window_show_overview (self, FALSE);
      host_window_go_to (self, index);
    }
}

static void
overview_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  host_window_show_help (self, FALSE);
  host_window_clear_typed (self);
  host_window_show_overview (self, !host_window_overview_shown (self));
}

static void
help_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  host_window_show_help (self, !host_window_help_shown (self));
}

static void
black_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  host_window_set_blank (self, self->blank_mode == HOST_BLANK_BLACK ? HOST_BLANK_NONE : HOST_BLANK_BLACK);
}

static void
white_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  host_window_set_blank (self, self->blank_mode == HOST_BLANK_WHITE ? HOST_BLANK_NONE : HOST_BLANK_WHITE);
}

static void
fullscreen_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  host_window_set_fullscreen (data, !host_window_is_fullscreen (data));
}

static void
unfullscreen_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  host_window_set_fullscreen (data, FALSE);
}

static void
start_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  host_window_show_overview (self, FALSE);
  host_window_show_help (self, FALSE);
  host_window_clear_typed (self);
  host_window_set_blank (self, HOST_BLANK_NONE);
  if (g_str_equal (g_action_get_name (G_ACTION (action)), "start"))
    host_window_go_to (self, 0);
  host_window_set_fullscreen (self, TRUE);
}

static void
escape_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  if (host_window_help_shown (self))
    host_window_show_help (self, FALSE);
  else if (host_window_overview_shown (self))
    host_window_show_overview (self, FALSE);
  else if (self->typed->len > 0)
    host_window_clear_typed (self);
  else if (self->blank_mode != HOST_BLANK_NONE)
    host_window_set_blank (self, HOST_BLANK_NONE);
  else
    host_window_set_fullscreen (self, FALSE);
}

static void
play_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  HostWindow *self = data;

  slide_view_toggle_play (self->view);
}

#define VIEW_ACTION(name, call)                                                                              \
  static void name##_activated (GSimpleAction *action, GVariant *parameter, gpointer data)                   \
  {                                                                                                          \
    SlideView *view = HOST_WINDOW (data)->view;                                                              \
    call;                                                                                                    \
  }

VIEW_ACTION (seek_back, slide_view_seek_by (view, -SEEK_STEP_S))
VIEW_ACTION (seek_forward, slide_view_seek_by (view, SEEK_STEP_S))
VIEW_ACTION (frame_back, slide_view_step_frame (view, -1))
VIEW_ACTION (frame_forward, slide_view_step_frame (view, 1))
VIEW_ACTION (volume_up, slide_view_change_volume (view, VOLUME_STEP))
VIEW_ACTION (volume_down, slide_view_change_volume (view, -VOLUME_STEP))
VIEW_ACTION (mute, slide_view_toggle_mute (view))

static const GActionEntry window_actions[] = {
  { .name = "next", .activate = next_activated },
  { .name = "previous", .activate = previous_activated },
  { .name = "first", .activate = first_activated },
  { .name = "last", .activate = last_activated },
  { .name = "digit", .activate = digit_activated, .parameter_type = "i" },
  { .name = "enter", .activate = enter_activated },
  { .name = "overview", .activate = overview_activated },
  { .name = "help", .activate = help_activated },
  { .name = "black", .activate = black_activated },
  { .name = "white", .activate = white_activated },
  { .name = "escape", .activate = escape_activated },
  { .name = "start", .activate = start_activated },
  { .name = "start-here", .activate = start_activated },
  { .name = "fullscreen", .activate = fullscreen_activated },
  { .name = "unfullscreen", .activate = unfullscreen_activated },
  { .name = "play", .activate = play_activated },
  { .name = "seek-back", .activate = seek_back_activated },
  { .name = "seek-forward", .activate = seek_forward_activated },
  { .name = "frame-back", .activate = frame_back_activated },
  { .name = "frame-forward", .activate = frame_forward_activated },
  { .name = "volume-up", .activate = volume_up_activated },
  { .name = "volume-down", .activate = volume_down_activated },
  { .name = "mute", .activate = mute_activated },
};

/**
 * host_window_add_actions:
 * @self: a #HostWindow
 *
 * Adds the window's actions (the list above) to @self.
 */
void
host_window_add_actions (HostWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions, G_N_ELEMENTS (window_actions), self);
}

/**
 * host_window_set_accels:
 * @app: the application
 *
 * Binds the presenter's keys (host-keys.c) to the window's actions.
 */
void
host_window_set_accels (GtkApplication *app)
{
  host_keys_set_accels (app);
}
