/* test-control.h: a line protocol on stdin/stdout for automated tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "host-window.h"
#include "presenter-console.h"

G_BEGIN_DECLS

/**
 * TEST_CONTROL_ENV:
 *
 * Set this environment variable to 1 to turn the test hook on.
 */
#define TEST_CONTROL_ENV "HOST_DEMO_TEST_CONTROL"

gboolean test_control_enabled (void);
void test_control_attach (HostWindow *window, PresenterConsole *console);

G_END_DECLS
