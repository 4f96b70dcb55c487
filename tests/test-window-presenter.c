/* test-window-presenter.c: what the presenter drives, under Xvfb
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test starts its own Xvfb and a real host-demo on it, driven
 * through its test hook (window-session.c): the overview, a typed slide
 * number, black and white screens, click and scroll, full screen and the
 * pointer, the key help, and the presenter console.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "window-session.h"

/* Issue 17, "Navigation": the overview, a typed number, black and white
 * screens, click and scroll, all through the window's own key table. */
START_TEST (test_navigation)
{
  Session s = { 0 };

  session_start (&s, NULL);

  /* O opens the overview on the current slide; the slide keys move its
   * selection, Enter goes there. */
  session_send (&s, "key o");
  session_expect (&s, "overlay overview 1");
  session_send (&s, "key Right");
  session_send (&s, "key Return");
  session_expect (&s, "overlay overview 0");
  session_expect_slide (&s, 2);
  /* A click on a thumbnail goes there; Esc closes without moving. */
  session_send (&s, "key o");
  session_expect (&s, "overlay overview 1");
  session_send (&s, "click-thumbnail 3");
  session_expect (&s, "overlay overview 0");
  session_expect_slide (&s, 3);
  session_send (&s, "key o");
  session_expect (&s, "overlay overview 1");
  session_send (&s, "key Home");
  session_send (&s, "key Escape");
  session_expect (&s, "overlay overview 0");

  /* A number and Enter. */
  session_send (&s, "key 2");
  session_expect (&s, "overlay goto 1 2");
  session_send (&s, "key KP_Enter");
  session_expect (&s, "overlay goto 0");
  session_expect_slide (&s, 2);
  /* Past the end goes to the last; Esc forgets the number. */
  session_send (&s, "key 9");
  session_send (&s, "key 9");
  session_expect (&s, "overlay goto 1 99");
  session_send (&s, "key Return");
  session_expect_slide (&s, 3);
  session_send (&s, "key 1");
  session_expect (&s, "overlay goto 1 1");
  session_send (&s, "key Escape");
  session_expect (&s, "overlay goto 0");

  /* B and . toggle black, W and , white; a slide key takes the screen
   * back without moving on. */
  session_send (&s, "key b");
  session_expect (&s, "overlay black 1");
  session_send (&s, "key period");
  session_expect (&s, "overlay black 0");
  session_send (&s, "key period");
  session_expect (&s, "overlay black 1");
  session_send (&s, "key w");
  session_expect (&s, "overlay black 0");
  session_expect (&s, "overlay white 1");
  session_send (&s, "key Left");
  session_expect (&s, "overlay white 0");
  session_send (&s, "key comma");
  session_expect (&s, "overlay white 1");
  session_send (&s, "key Escape");
  session_expect (&s, "overlay white 0");
  session_send (&s, "key Left");
  session_expect_slide (&s, 2);

  /* A click away from the video goes on, a right click back; so does
   * the wheel. */
  session_send (&s, "click 0.5 0.05");
  session_expect_slide (&s, 3);
  session_send (&s, "click 0.5 0.05 3");
  session_expect_slide (&s, 2);
  session_send (&s, "scroll 1");
  session_expect_slide (&s, 3);
  session_send (&s, "scroll -1");
  session_expect_slide (&s, 2);

  /* ? shows the keys; Esc closes it. */
  session_send (&s, "key question");
  session_expect (&s, "overlay help 1");
  session_send (&s, "key Escape");
  session_expect (&s, "overlay help 0");
  session_stop (&s);
}
END_TEST

/* F5 starts from the first slide full screen, Shift+F5 from here; the
 * pointer hides after a while without moving and comes back when it
 * moves. */
START_TEST (test_start_and_pointer)
{
  Session s = { 0 };

  session_start (&s, NULL);
  session_send (&s, "key End");
  session_expect_slide (&s, 3);
  session_send (&s, "key F5");
  session_expect_slide (&s, 1);
  session_expect (&s, "fullscreen-requested 1");
  session_expect (&s, "pointer-hidden 1");
  session_send (&s, "motion");
  session_expect (&s, "pointer-hidden 0");
  session_expect (&s, "pointer-hidden 1");
  session_send (&s, "key Escape");
  session_expect (&s, "fullscreen-requested 0");
  session_expect (&s, "pointer-hidden 0");
  session_send (&s, "key Right");
  session_expect_slide (&s, 2);
  session_send (&s, "key <Shift>F5");
  session_expect (&s, "fullscreen-requested 1");
  session_send (&s, "key Right");
  /* Still from where it was. */
  session_expect_slide (&s, 3);
  session_stop (&s);
}
END_TEST

/* The help is made from the key table: every key bound is in it (the
 * keypad's twins and the digits between 0 and 9 aside). */
START_TEST (test_help_lists_every_key)
{
  g_autoptr (GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) bound = g_ptr_array_new ();
  Session s = { 0 };
  guint i, start;

  session_start (&s, NULL);
  start = s.lines->len;
  session_send (&s, "list-keys");
  session_expect (&s, "keys-listed");
  for (i = start; i < s.lines->len; i++)
    {
      const char *line = s.lines->pdata[i];

      if (g_str_has_prefix (line, "help-key "))
        g_hash_table_add (shown, (char *) line + strlen ("help-key "));
      else if (g_str_has_prefix (line, "key-bound "))
        g_ptr_array_add (bound, (char *) line + strlen ("key-bound "));
    }
  ck_assert_uint_gt (bound->len, 20);
  for (i = 0; i < bound->len; i++)
    {
      const char *key = bound->pdata[i];

      if (g_str_has_prefix (key, "KP_") || (key[0] >= '1' && key[0] <= '8' && key[1] == '\0'))
        continue;
      ck_assert_msg (g_hash_table_contains (shown, key), "the help does not show the key %s", key);
    }
  session_stop (&s);
}
END_TEST

static const char notes_deck[] = "## A poster\n\n![mute](clip.webm)\n\n<!-- Say hello first. -->\n\n---\n\n"
                                 "## The end\n\nThank you\n";

/* Issue 17, "Presenter console": --presenter opens a second window that
 * follows the first; a key in either moves both; the timer pauses; the
 * video thumbnail is the texture the audience sees (no second decode). */
START_TEST (test_presenter_console)
{
  Session s = { .deck_text = notes_deck, .extra_arg = "--presenter" };
  const char *line;
  int running = -1;
  char thumb[16] = "";

  session_start (&s, NULL);
  /* One monitor under Xvfb: a window of its own. */
  session_expect (&s, "console-ready -1 1");
  session_expect (&s, "console-slide 1 2");

  /* The audience window's key moves both. */
  session_send (&s, "key Right");
  session_expect_slide (&s, 2);
  session_expect (&s, "console-slide 2 0");
  /* And so does the console's. */
  session_send (&s, "console-key Left");
  session_expect_slide (&s, 1);
  session_expect (&s, "console-slide 1 2");
  session_send (&s, "console-key End");
  session_expect_slide (&s, 2);
  session_send (&s, "console-key Home");
  session_expect_slide (&s, 1);

  /* T pauses the timer, from either window. */
  session_send (&s, "console-key t");
  session_send (&s, "console-state");
  line = session_expect (&s, "console-state ");
  ck_assert_int_eq (sscanf (line, "console-state %d %*d %15s", &running, thumb), 2);
  ck_assert_int_eq (running, 0);
  session_send (&s, "key t");
  session_send (&s, "console-state");
  line = session_expect (&s, "console-state ");
  ck_assert_int_eq (sscanf (line, "console-state %d", &running), 1);
  ck_assert_int_eq (running, 1);

  /* Once the video shows a picture, the console shows the same one. */
  session_expect (&s, "video 0 still");
  session_next_drawn (&s, NULL);
  session_send (&s, "console-state");
  line = session_expect (&s, "console-state ");
  ck_assert_int_eq (sscanf (line, "console-state %d %*d %15s", &running, thumb), 2);
  ck_assert_str_eq (thumb, "same");

  /* Q quits both. */
  session_send (&s, "key q");
  ck_assert_msg (session_wait_exit (s.host), "Q did not quit with the console open");
  session_stop (&s);
}
END_TEST

/* Two monitors: Xvfb has one RandR output and GTK 4 reads monitors from
 * RandR only, so the second monitor comes from Weston, whose X11 backend
 * makes two outputs in windows of a wide Xvfb of the test's own; host-demo
 * talks Wayland to it. The console goes full screen on the second monitor
 * (the keys are tested on X11 above). */
START_TEST (test_presenter_second_monitor)
{
  g_autofree char *weston = g_find_program_in_path ("weston");
  g_autofree char *socket_name = g_strdup_printf ("wayland-test-%d", (int) getpid ());
  g_autofree char *socket_path = g_build_filename (g_get_user_runtime_dir (), socket_name, NULL);
  g_autofree char *display_env = g_strdup_printf ("WAYLAND_DISPLAY=%s", socket_name);
  const char *env[] = { display_env, "GDK_BACKEND=wayland", NULL };
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) compositor = NULL;
  g_autoptr (GSubprocess) xvfb = NULL;
  g_autofree char *display = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *socket_arg = g_strdup_printf ("--socket=%s", socket_name);
  Session s = { .deck_text = notes_deck, .extra_arg = "--presenter" };
  gboolean seen = FALSE;

  if (weston == NULL)
    BRIDGE_TEST_SKIP ("no weston to make two monitors with");
  display = session_start_xvfb (&xvfb, "2600x800x24");
  launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "DISPLAY", display, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, session_die_with_parent, NULL, NULL);
  compositor = g_subprocess_launcher_spawn (launcher, &error, weston, "--backend=x11-backend.so",
                                            "--output-count=2", "--width=1280", "--height=720", socket_arg,
                                            "--no-config", "--idle-time=0", NULL);
  ck_assert_msg (compositor != NULL, "cannot start weston: %s", error ? error->message : "");
  for (guint i = 0; i < TIMEOUT_MS / 50 && !g_file_test (socket_path, G_FILE_TEST_EXISTS); i++)
    g_usleep (50000);
  ck_assert_msg (g_file_test (socket_path, G_FILE_TEST_EXISTS), "weston did not make %s", socket_path);

  session_start (&s, env);
  /* On Wayland the console may be up before the audience window says
   * "ready": look from the first line. */
  for (guint i = 0; i < s.lines->len && !seen; i++)
    seen = g_str_has_prefix (s.lines->pdata[i], "console-ready ");
  if (!seen)
    session_expect (&s, "console-ready ");
  for (guint i = 0; i < s.lines->len; i++)
    if (g_str_has_prefix (s.lines->pdata[i], "console-ready "))
      ck_assert_msg (g_str_equal (s.lines->pdata[i], "console-ready 1 2"),
                     "the console is not full screen on the second of two monitors: %s",
                     (const char *) s.lines->pdata[i]);
  session_stop (&s);
  g_subprocess_send_signal (compositor, SIGTERM);
  ck_assert (session_wait_exit (compositor));
  g_subprocess_send_signal (xvfb, SIGTERM);
  ck_assert (session_wait_exit (xvfb));
}
END_TEST

static Suite *
window_presenter_suite (void)
{
  Suite *s = suite_create ("window-presenter");
  TCase *tc = tcase_create ("xvfb");

  tcase_set_timeout (tc, 90);
  tcase_add_test (tc, test_navigation);
  tcase_add_test (tc, test_start_and_pointer);
  tcase_add_test (tc, test_help_lists_every_key);
  tcase_add_test (tc, test_presenter_console);
  tcase_add_test (tc, test_presenter_second_monitor);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (window_presenter_suite)
