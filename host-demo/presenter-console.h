/* presenter-console.h: the presenter's own window (--presenter)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "host-window.h"

G_BEGIN_DECLS

#define HOST_TYPE_PRESENTER_CONSOLE (presenter_console_get_type ())
G_DECLARE_FINAL_TYPE (PresenterConsole, presenter_console, HOST, PRESENTER_CONSOLE, GtkWindow)

PresenterConsole *presenter_console_new (HostWindow *audience);
void presenter_console_place (PresenterConsole *self);
HostWindow *presenter_console_get_audience (PresenterConsole *self);
int presenter_console_get_next_slide (PresenterConsole *self);
gboolean presenter_console_timer_is_running (PresenterConsole *self);
gint64 presenter_console_get_elapsed (PresenterConsole *self);
GdkPaintable *presenter_console_get_video_thumbnail (PresenterConsole *self);
int presenter_console_get_monitor (PresenterConsole *self, int *n_monitors);

G_END_DECLS
