/* host-keys.h: every key of the presentation, in one table
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * HostKey:
 * @group: the heading it is listed under in the help
 * @action: the detailed action it activates ("win.next", "win.digit(3)")
 * @accels: (array zero-terminated=1): its accelerators, the first shown
 *   in the help
 * @label: what it does, for the help; NULL for keys folded into the row
 *   above (the digits)
 *
 * One row of the key table: gtk_application_set_accels_for_action() and
 * the help overlay both read it, so the help cannot drift from the keys.
 */
typedef struct
{
  const char *group;
  const char *action;
  const char *accels[5];
  const char *label;
} HostKey;

const HostKey *host_keys_get (guint *n_keys);
void host_keys_set_accels (GtkApplication *app);
GtkWidget *host_keys_help_new (void);

G_END_DECLS
