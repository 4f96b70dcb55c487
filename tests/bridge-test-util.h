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

/* Skipped tests. check has no skipped state, so the runner keeps one: a
 * test that cannot run here (no root, no Landlock) calls
 * BRIDGE_TEST_SKIP ("why") in its START_TEST function (not in a helper:
 * it returns, and uses check's loop index _i), which records the skip across check's fork. A run with no
 * failure and at least one skip exits 77, meson's "skipped", and names
 * the skipped tests.
 *
 * So that the cases around a skippable one still count as passed, a
 * skippable case sits in a TCase of its own tagged BRIDGE_TEST_OWN_RUN:
 * tests/meson.build leaves such TCases out of the binary's run
 * (CK_EXCLUDE_TAGS in the test environment) and runs each as a test of
 * its own, named on the command line. Cases that need something the
 * others do not (a helper program) do the same. */
#define BRIDGE_TEST_OWN_RUN "own-run"

void bridge_test_skip (int iteration, const char *format, ...) G_GNUC_PRINTF (2, 3);

#define BRIDGE_TEST_SKIP(...)                                                                                \
  do                                                                                                         \
    {                                                                                                        \
      bridge_test_skip (_i, __VA_ARGS__);                                                                    \
      return;                                                                                                \
    }                                                                                                        \
  while (0)

/* Runs the suite with check's environment (CK_RUN_CASE, CK_EXCLUDE_TAGS,
 * CK_FORK, CK_VERBOSITY) in the C.UTF-8 locale; returns 1 if a test
 * failed, else 77 if one skipped, else 0. An argument names a TCase to
 * run alone, BRIDGE_TEST_OWN_RUN or not. */
int bridge_test_main (int argc, char **argv, Suite *(*suite_func) (void) );

/* The main() of every tests/test-*.c. */
#define BRIDGE_TEST_MAIN(suite_func)                                                                         \
  int main (int argc, char **argv)                                                                           \
  {                                                                                                          \
    return bridge_test_main (argc, argv, suite_func);                                                        \
  }

G_END_DECLS
