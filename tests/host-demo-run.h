/* host-demo-run.h: running host-demo from the tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

void run_clear (Run *run);
char *host_demo_path (void);
char *sample_deck_path (void);
void run_host_demo_argv (Run *run, const char *const *env, const char *const *args);
void run_host_demo (Run *run, const char *const *env, const char *first_arg, ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
