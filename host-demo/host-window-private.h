/* host-window-private.h: what host-window.c and host-window-actions.c share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "deck-watcher.h"
#include "host-window.h"

G_BEGIN_DECLS

struct _HostWindow
{
  GtkApplicationWindow parent_instance;

  SlideRenderer *renderer;
  VideoPosters *posters;
  SlideView *view;
  DeckWatcher *watcher; /* reloads the deck when its file is saved */
  GtkWidget *overview;
  GtkWidget *help;
  GtkWidget *blank;
  GtkWidget *goto_label;

  HostBlank blank_mode;
  GString *typed;
  gboolean fullscreen_wanted; /* asked for; the window manager may not grant it */
  gboolean pointer_hidden;
  double pointer_x, pointer_y;
  guint pointer_idle_id;
};

void host_window_overlay_changed (HostWindow *self, const char *what, gboolean shown);
gboolean host_window_overview_shown (HostWindow *self);
gboolean host_window_help_shown (HostWindow *self);
void host_window_show_overview (HostWindow *self, gboolean show);
void host_window_show_help (HostWindow *self, gboolean show);
void host_window_clear_typed (HostWindow *self);
gboolean host_window_is_fullscreen (HostWindow *self);
void host_window_set_fullscreen (HostWindow *self, gboolean fullscreen);
void host_window_step (HostWindow *self, int delta, gboolean to_end);
void host_window_add_actions (HostWindow *self);

G_END_DECLS
