/* host-window.h: the presentation window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>
#include <gtk/gtk.h>

#include "slide-renderer.h"
#include "slide-overview.h"
#include "slide-view.h"

G_BEGIN_DECLS

/**
 * HostBlank:
 * @HOST_BLANK_NONE: the slide shows
 * @HOST_BLANK_BLACK: a black screen covers it
 * @HOST_BLANK_WHITE: a white screen covers it
 */
typedef enum
{
  HOST_BLANK_NONE,
  HOST_BLANK_BLACK,
  HOST_BLANK_WHITE,
} HostBlank;

#define HOST_TYPE_WINDOW (host_window_get_type ())
G_DECLARE_FINAL_TYPE (HostWindow, host_window, HOST, WINDOW, GtkApplicationWindow)

HostWindow *host_window_new (GtkApplication *app,
                             SlideRenderer *renderer,
                             BridgeRegistry *registry,
                             const SlideViewOptions *options);
void host_window_go_to (HostWindow *self, guint index);
guint host_window_get_slide (HostWindow *self);
guint host_window_get_n_slides (HostWindow *self);
Deck *host_window_get_deck (HostWindow *self);
SlideView *host_window_get_view (HostWindow *self);
SlideOverview *host_window_get_overview (HostWindow *self);
VideoPosters *host_window_get_posters (HostWindow *self);
void host_window_set_blank (HostWindow *self, HostBlank mode);
HostBlank host_window_get_blank (HostWindow *self);
const char *host_window_get_typed (HostWindow *self);
void host_window_scroll (HostWindow *self, double dy);
void host_window_pointer_moved (HostWindow *self);
void host_window_set_accels (GtkApplication *app);

G_END_DECLS
