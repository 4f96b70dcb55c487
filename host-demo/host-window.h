/* host-window.h: the presentation window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>
#include <gtk/gtk.h>

#include "slide-renderer.h"
#include "slide-view.h"

G_BEGIN_DECLS

#define HOST_TYPE_WINDOW (host_window_get_type ())
G_DECLARE_FINAL_TYPE (HostWindow, host_window, HOST, WINDOW, GtkApplicationWindow)

HostWindow *host_window_new (GtkApplication *app, SlideRenderer *renderer, BridgeRegistry *registry);
void host_window_go_to (HostWindow *self, guint index);
guint host_window_get_slide (HostWindow *self);
guint host_window_get_n_slides (HostWindow *self);
Deck *host_window_get_deck (HostWindow *self);
SlideView *host_window_get_view (HostWindow *self);
void host_window_set_accels (GtkApplication *app);

G_END_DECLS
