/* bridge-test-util.h: helpers shared by the check tests (private to tests/)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <check.h>
#include <bridge.h>

G_BEGIN_DECLS

/* Iterates the thread-default main context until *flag is TRUE or
 * timeout_ms passes; returns *flag. A watchdog, never a measurement. */
gboolean bridge_test_wait_for (const gboolean *flag, guint timeout_ms);

/* Iterates until cond(data) is TRUE or the timeout passes. */
gboolean bridge_test_wait_until (gboolean (*cond) (gpointer data), gpointer data, guint timeout_ms);

/* Two connected, handshaken connections over a socketpair in this
 * process, named "a" and "b". */
void bridge_test_connection_pair (BridgeConnection **a, BridgeConnection **b);

/* Number of open fds in this process (for leak checks). */
guint bridge_test_count_fds (void);

/* Path of a file in the build or source tree's tests/ (g_free it). */
char *bridge_test_build_path (const char *name);
char *bridge_test_src_path (const char *name);

G_END_DECLS
