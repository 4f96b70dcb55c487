/* test-check.c: host-demo --check, a real process with the real plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * host-demo/README.md, "Before and during the talk": --check opens every
 * medium through the video plugin and reports every problem up front, as
 * FILE:LINE:COLUMN in the order of the file, the audience's plain words
 * first and the technical reason in brackets; the exit status says
 * whether there was any.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bridge-test-util.h"
#include "host-demo-run.h"

static char *
media_path (const char *name)
{
  return g_build_filename (g_getenv ("BRIDGE_TEST_MEDIA"), name, NULL);
}

/* A folder with a deck of every kind of trouble, media in it copied from
 * the build's sample media. Returns the deck's path. */
static char *
make_bad_deck (char **dir_out)
{
  static const char *const copies[]
      = { "sample-vp8.webm", "not-a-video.webm", "sample-unsupported.webm", NULL };
  char *dir = g_dir_make_tmp ("test-check-XXXXXX", NULL);
  char *deck = g_build_filename (dir, "talk.md", NULL);
  g_autofree char *bad_png = g_build_filename (dir, "broken.png", NULL);
  guint i;

  for (i = 0; copies[i] != NULL; i++)
    {
      g_autofree char *from = media_path (copies[i]);
      g_autofree char *to = g_build_filename (dir, copies[i], NULL);
      g_autofree char *data = NULL;
      gsize length;

      ck_assert_msg (g_file_get_contents (from, &data, &length, NULL), "no %s", from);
      ck_assert (g_file_set_contents (to, data, length, NULL));
    }
  ck_assert (g_file_set_contents (bad_png, "not a PNG at all", -1, NULL));
  ck_assert (g_file_set_contents (deck,
                                  "---\n"                           /* 1 */
                                  "paginate: maybe\n"               /* 2 */
                                  "---\n"                           /* 3 */
                                  "# Checked\n"                     /* 4 */
                                  "\n"                              /* 5 */
                                  "![autoplay](sample-vp8.webm)\n"  /* 6: fine */
                                  "---\n"                           /* 7 */
                                  "## Trouble\n"                    /* 8 */
                                  "\n"                              /* 9 */
                                  "![](broken.png)\n"               /* 10 */
                                  "\n"                              /* 11 */
                                  "![](not-a-video.webm)\n"         /* 12 */
                                  "\n"                              /* 13 */
                                  "![sparkle](gone.webm)\n"         /* 14 */
                                  "\n"                              /* 15 */
                                  "![](sample-unsupported.webm)\n", /* 16 */
                                  -1, NULL));
  *dir_out = dir;
  return deck;
}

static void
remove_tree (const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("rm -rf %s", quoted);

  ck_assert (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

START_TEST (test_check_reports_every_problem_in_order)
{
  g_autofree char *dir = NULL;
  g_autofree char *deck = make_bad_deck (&dir);
  g_auto (GStrv) lines = NULL;
  Run run = { 0 };
  guint i, last_line = 0;

  run_host_demo (&run, NULL, "--check", deck, NULL);
  ck_assert_msg (run.status == 1, "expected exit 1, got %d: %s", run.status, run.err);
  lines = g_strsplit (run.err, "\n", -1);
  /* 2 (front matter), 10 (picture), 12 (not a video), 14 (option and
   * missing file), 16 (codec), then the count. */
  ck_assert_msg (g_strv_length (lines) == 8 && lines[7][0] == '\0', "got: %s", run.err);
  for (i = 0; i < 6; i++)
    {
      g_autofree char *prefix = g_strconcat (deck, ":", NULL);
      guint line;

      ck_assert_msg (g_str_has_prefix (lines[i], prefix), "line %u: %s", i, lines[i]);
      line = (guint) g_ascii_strtoull (lines[i] + strlen (prefix), NULL, 10);
      ck_assert_msg (line >= last_line, "out of order: %s after line %u", lines[i], last_line);
      last_line = line;
    }
  ck_assert_msg (strstr (lines[0], ":2:1: paginate: wants true or false"), "%s", lines[0]);
  ck_assert_msg (strstr (lines[1], ":10:1: image “broken.png”: This picture could not be shown.")
                     && strstr (lines[1], "[") != NULL,
                 "%s", lines[1]);
  ck_assert_msg (strstr (lines[2], ":12:1: video “not-a-video.webm”: This video could not be played. "
                                   "The file is not a video. [")
                     != NULL,
                 "%s", lines[2]);
  ck_assert_msg (strstr (lines[3], ":14:1: unknown video option “sparkle”"), "%s", lines[3]);
  ck_assert_msg (strstr (lines[4], ":14:1: video file “gone.webm” not found"), "%s", lines[4]);
  ck_assert_msg (strstr (lines[5], ":16:1: video “sample-unsupported.webm”: This video could not be played. "
                                   "The video is in a format that cannot be played here. [")
                     != NULL,
                 "%s", lines[5]);
  ck_assert_msg (g_str_has_suffix (lines[6], ": 6 problems"), "%s", lines[6]);
  ck_assert_str_eq (run.out, "");
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

START_TEST (test_check_clean_deck)
{
  g_autofree char *deck = sample_deck_path ();
  Run run = { 0 };

  run_host_demo (&run, NULL, "--check", deck, NULL);
  ck_assert_msg (run.status == 0, "expected exit 0, got %d: %s", run.status, run.err);
  ck_assert_str_eq (run.err, "");
  ck_assert_msg (strstr (run.out, "no problems") != NULL, "got: %s", run.out);
  run_clear (&run);
}
END_TEST

/* Without a plugin, every video is a problem, said plainly. */
START_TEST (test_check_without_plugin)
{
  g_autofree char *empty = g_dir_make_tmp ("test-check-XXXXXX", NULL);
  g_autofree char *path_env = g_strdup_printf ("LIBBRIDGE_PLUGIN_PATH=%s", empty);
  const char *env[] = { path_env, "LIBBRIDGE_PLUGIN_SYSTEM_PATH=", NULL };
  g_autofree char *deck = sample_deck_path ();
  Run run = { 0 };

  run_host_demo (&run, env, "--check", deck, NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_msg (strstr (run.err,
                         "This video could not be played. No video player is installed. [no video plugin "
                         "found")
                     != NULL,
                 "got: %s", run.err);
  run_clear (&run);
  g_rmdir (empty);
}
END_TEST

/* A theme file that is missing is a problem of the deck; one that is
 * there but wrong is found by --check, at the line of theme:. */
START_TEST (test_check_theme)
{
  g_autofree char *dir = g_dir_make_tmp ("test-check-XXXXXX", NULL);
  g_autofree char *deck = g_build_filename (dir, "talk.md", NULL);
  g_autofree char *theme = g_build_filename (dir, "mine.theme", NULL);
  Run run = { 0 };

  ck_assert (g_file_set_contents (theme, "[Colors]\ntext=not-a-colour\n", -1, NULL));
  ck_assert (g_file_set_contents (deck, "---\ntheme: mine.theme\n---\n# Themed\n", -1, NULL));
  run_host_demo (&run, NULL, "--check", deck, NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_msg (strstr (run.err, "talk.md:2:1: theme: ") && strstr (run.err, "[Colors] text=not-a-colour"),
                 "got: %s", run.err);
  run_clear (&run);

  ck_assert (g_file_set_contents (deck, "---\ntheme: nowhere.theme\n---\n# Themed\n", -1, NULL));
  run_host_demo (&run, NULL, "--check", deck, NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_msg (
      strstr (run.err, "talk.md:2:1: theme: “nowhere.theme” is neither dark, light nor a theme file"),
      "got: %s", run.err);
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

START_TEST (test_check_alone)
{
  Run run = { 0 };

  run_host_demo (&run, NULL, "--check", "--export", "/tmp/x", "a.md", NULL);
  ck_assert_int_eq (run.status, 2);
  ck_assert_msg (strstr (run.err, "--check goes alone"), "got: %s", run.err);
  run_clear (&run);
}
END_TEST

static Suite *
check_suite (void)
{
  Suite *s = suite_create ("check");
  TCase *tc = tcase_create ("check");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_check_reports_every_problem_in_order);
  tcase_add_test (tc, test_check_clean_deck);
  tcase_add_test (tc, test_check_without_plugin);
  tcase_add_test (tc, test_check_theme);
  tcase_add_test (tc, test_check_alone);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (check_suite)
