/* test-version.c: BRIDGE_CHECK_VERSION against the version in
 * bridge-version.h, and the library's run-time version
 *
 * Linked against the shared library, so the run-time functions are
 * checked as a program outside libbridge sees them (exported).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-test-util.h"

#include <bridge.h>

/* In the preprocessor too, as a user writes it. */
#if !BRIDGE_CHECK_VERSION(BRIDGE_MAJOR_VERSION, BRIDGE_MINOR_VERSION, BRIDGE_MICRO_VERSION)
#error "BRIDGE_CHECK_VERSION is false for the version itself"
#endif
#if BRIDGE_CHECK_VERSION(BRIDGE_MAJOR_VERSION + 1, 0, 0)
#error "BRIDGE_CHECK_VERSION is true for the next major version"
#endif

START_TEST (test_macros_are_the_project_version)
{
  g_autofree char *version
      = g_strdup_printf ("%d.%d.%d", BRIDGE_MAJOR_VERSION, BRIDGE_MINOR_VERSION, BRIDGE_MICRO_VERSION);

  ck_assert_msg (g_strcmp0 (version, PACKAGE_VERSION) == 0, "bridge-version.h says %s, meson.build %s",
                 version, PACKAGE_VERSION);
}
END_TEST

START_TEST (test_check_version_older_and_equal)
{
  int major = BRIDGE_MAJOR_VERSION, minor = BRIDGE_MINOR_VERSION, micro = BRIDGE_MICRO_VERSION;

  ck_assert (BRIDGE_CHECK_VERSION (major, minor, micro));
  ck_assert (BRIDGE_CHECK_VERSION (0, 0, 0));
  if (micro > 0)
    ck_assert (BRIDGE_CHECK_VERSION (major, minor, micro - 1));
  if (minor > 0)
    ck_assert_msg (BRIDGE_CHECK_VERSION (major, minor - 1, micro + 100),
                   "an older minor with a bigger micro");
  if (major > 0)
    ck_assert_msg (BRIDGE_CHECK_VERSION (major - 1, minor + 100, micro + 100),
                   "an older major with a bigger minor");
}
END_TEST

START_TEST (test_check_version_newer)
{
  int major = BRIDGE_MAJOR_VERSION, minor = BRIDGE_MINOR_VERSION, micro = BRIDGE_MICRO_VERSION;

  ck_assert_msg (!BRIDGE_CHECK_VERSION (major, minor, micro + 1), "the next micro");
  ck_assert_msg (!BRIDGE_CHECK_VERSION (major, minor + 1, 0), "the next minor");
  ck_assert_msg (!BRIDGE_CHECK_VERSION (major + 1, 0, 0), "the next major");
  ck_assert_msg (!BRIDGE_CHECK_VERSION (major + 1, minor, micro), "the next major, same minor and micro");
}
END_TEST

START_TEST (test_runtime_version_matches)
{
  ck_assert_uint_eq (bridge_get_major_version (), BRIDGE_MAJOR_VERSION);
  ck_assert_uint_eq (bridge_get_minor_version (), BRIDGE_MINOR_VERSION);
  ck_assert_uint_eq (bridge_get_micro_version (), BRIDGE_MICRO_VERSION);
}
END_TEST

static Suite *
version_suite (void)
{
  Suite *s = suite_create ("version");
  TCase *tc = tcase_create ("version");

  tcase_add_test (tc, test_macros_are_the_project_version);
  tcase_add_test (tc, test_check_version_older_and_equal);
  tcase_add_test (tc, test_check_version_newer);
  tcase_add_test (tc, test_runtime_version_matches);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (version_suite)
