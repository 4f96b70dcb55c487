/* test-window.c: the presentation window under Xvfb, driven through its test hook
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test starts its own Xvfb and a real host-demo on it, driven
 * through its test hook (window-session.c). Slides and their videos,
 * played by the real video plugin: playing, pictures, plugins that die,
 * hang or are missing, broken files, reloads, the transport. The
 * presenter's overlays, keys and console are in test-window-presenter.c.
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <math.h>
#include <unistd.h>

#include "window-session.h"
#include "deck.h"
#include "slide-renderer.h"

START_TEST (test_starts_and_navigates)
{
  Session s = { 0 };

  session_start (&s, NULL);
  session_send (&s, "key Right");
  session_expect (&s, "slide 2");
  session_send (&s, "key Left");
  session_expect (&s, "slide 1");
  session_send (&s, "key End");
  session_expect (&s, "slide 3");
  session_send (&s, "key Home");
  session_expect (&s, "slide 1");
  session_send (&s, "key space");
  session_expect (&s, "slide 2");
  session_send (&s, "key Page_Down");
  session_expect (&s, "slide 3");
  /* Past the end stays; the next change is the way back. */
  session_send (&s, "key Right");
  session_send (&s, "key Page_Up");
  ck_assert_str_eq (session_expect (&s, "slide "), "slide 2");

  /* Xvfb runs no window manager to grant it: the request is what shows. */
  session_send (&s, "key f");
  session_expect (&s, "fullscreen-requested 1");
  session_send (&s, "key Escape");
  session_expect (&s, "fullscreen-requested 0");
  session_send (&s, "key F11");
  session_expect (&s, "fullscreen-requested 1");

  session_send (&s, "key q");
  ck_assert_msg (session_wait_exit (s.host), "Q did not quit");
  ck_assert_msg (g_subprocess_get_if_exited (s.host) && g_subprocess_get_exit_status (s.host) == 0,
                 "Q did not quit cleanly: %s %d",
                 g_subprocess_get_if_exited (s.host) ? "exit status" : "signal",
                 g_subprocess_get_if_exited (s.host) ? g_subprocess_get_exit_status (s.host)
                                                     : g_subprocess_get_term_sig (s.host));
  session_stop (&s);
}
END_TEST

START_TEST (test_plays_video)
{
  Session s = { 0 };
  g_autofree char *shot = NULL;
  g_autofree char *command = NULL;
  g_autofree char *deck_path = NULL;
  g_autoptr (Deck) deck = NULL;
  g_autoptr (SlideRenderer) renderer = NULL;
  cairo_surface_t *surface;
  double position, last = -1, scale, x, y;
  guint64 count = 0;
  SlideRect r;
  guint8 *data;
  guint32 word;
  int i;

  session_start (&s, NULL);
  session_send (&s, "key Right");
  session_expect (&s, "slide 2");
  /* The element's states, in order (host-demo/video-element.c). */
  session_expect (&s, "video 0 state connecting");
  session_expect (&s, "video 0 plugin-started");
  session_expect (&s, "video 0 state opening");
  session_expect (&s, "video 0 state paused");
  session_expect (&s, "video 0 state playing");
  session_expect (&s, "video 0 playing");

  /* Frames arrive and are drawn, in order, moving on. */
  for (i = 0; i < 6; i++)
    {
      position = session_next_drawn (&s, &count);
      ck_assert_msg (position >= last, "position went back from %.3f to %.3f", last, position);
      last = position;
    }
  ck_assert_msg (count >= 6, "only %" G_GUINT64_FORMAT " frames", count);

  /* What is on screen in the box is one of the sample's box colours. */
  shot = g_build_filename (s.dir, "shot.png", NULL);
  command = g_strdup_printf ("screenshot %s", shot);
  session_send (&s, command);
  session_expect (&s, "screenshot ");
  surface = cairo_image_surface_create_from_png (shot);
  ck_assert_int_eq (cairo_surface_status (surface), CAIRO_STATUS_SUCCESS);

  deck_path = g_build_filename (s.dir, "deck.md", NULL);
  deck = deck_new_from_file (deck_path, NULL);
  ck_assert (deck != NULL);
  renderer = slide_renderer_new (deck, 16.0 / 9.0);
  slide_renderer_get_placement (renderer, cairo_image_surface_get_width (surface),
                                cairo_image_surface_get_height (surface), &scale, &x, &y);
  slide_renderer_get_video_rect (renderer, 1, 0, 320.0 / 180.0, &r);
  data = cairo_image_surface_get_data (surface);
  word = *(guint32 *) (data
                       + (int) (y + (r.y + 46.0 / 180 * r.height) * scale)
                             * cairo_image_surface_get_stride (surface)
                       + (int) (x + (r.x + 56.0 / 320 * r.width) * scale) * 4);
  {
    guint red = word >> 16 & 0xff, green = word >> 8 & 0xff, blue = word & 0xff;
    guint top = MAX (red, MAX (green, blue));

    ck_assert_msg (top > 180 && red + green + blue - top < 120,
                   "the video box shows (%u, %u, %u), not red, green or blue", red, green, blue);
  }
  cairo_surface_destroy (surface);

  /* P pauses, P plays again. */
  session_send (&s, "key p");
  session_expect (&s, "video 0 paused");
  session_send (&s, "key p");
  session_expect (&s, "video 0 playing");
  session_stop (&s);
}
END_TEST

START_TEST (test_survives_killed_plugin)
{
  Session s = { 0 };
  double before = 0, after;
  int killed, restarted;

  session_start (&s, NULL);
  session_send (&s, "key Right");
  session_expect (&s, "video 0 playing");
  while (before < 0.5)
    before = session_next_drawn (&s, NULL);

  killed = session_plugin_pid (&s);
  ck_assert_int_eq (kill (killed, SIGKILL), 0);
  session_expect (&s, "video 0 plugin-lost");
  session_expect (&s, "video 0 state restarting");
  session_expect (&s, "video 0 state connecting");
  session_expect (&s, "video 0 plugin-restarted");
  /* Back to where it was before its pictures count. */
  session_expect (&s, "video 0 state restoring");
  session_expect (&s, "video 0 state paused");
  after = session_next_drawn (&s, NULL);

  restarted = session_plugin_pid (&s);
  ck_assert_msg (restarted != killed, "no new plugin process");
  ck_assert_msg (after > before - 0.3 && after < before + 1.5,
                 "the video went on at %.3f s after being killed at %.3f s", after, before);
  /* And it plays on. */
  ck_assert (session_next_drawn (&s, NULL) >= after);
  session_stop (&s);
}
END_TEST

START_TEST (test_survives_hung_plugin)
{
  Session s = { 0 };
  double before = 0, after;
  int hung;

  session_start (&s, NULL);
  session_send (&s, "key Right");
  session_expect (&s, "video 0 playing");
  while (before < 0.5)
    before = session_next_drawn (&s, NULL);

  /* A stopped process answers nothing: the liveness check notices. */
  hung = session_plugin_pid (&s);
  ck_assert_int_eq (kill (hung, SIGSTOP), 0);
  session_expect (&s, "video 0 plugin-lost");
  session_expect (&s, "video 0 plugin-restarted");
  after = session_next_drawn (&s, NULL);
  ck_assert_msg (after > before - 0.3 && after < before + 2.0,
                 "the video went on at %.3f s after hanging at %.3f s", after, before);
  /* The library that started the hung one ends it; host-demo only lets
   * the connection go. */
  ck_assert_msg (session_wait_pid_exit (hung), "the hung plugin %d was never ended", hung);
  session_stop (&s);
}
END_TEST

START_TEST (test_poster_and_click)
{
  Session s = { 0 };
  guint64 count = 0;

  session_start (&s, NULL);
  session_send (&s, "key End");
  session_expect (&s, "slide 3");
  session_expect (&s, "video 0 still");
  session_next_drawn (&s, &count);
  ck_assert_uint_ge (count, 1);
  ck_assert_msg (!g_str_has_prefix (s.lines->pdata[s.lines->len - 1], "video 0 playing"),
                 "a video without autoplay plays");

  session_send (&s, "click-video 0");
  session_expect (&s, "video 0 playing");
  session_next_drawn (&s, &count);
  ck_assert_uint_ge (count, 2);

  /* Leaving the slide stops the video and lets its plugin go. */
  session_send (&s, "key Home");
  session_expect (&s, "slide 1");
  session_stop (&s);
}
END_TEST

START_TEST (test_missing_plugin)
{
  g_autofree char *empty = g_dir_make_tmp ("test-window-empty-XXXXXX", NULL);
  g_autofree char *path_env = g_strdup_printf ("LIBBRIDGE_PLUGIN_PATH=%s", empty);
  const char *env[] = { path_env, "LIBBRIDGE_PLUGIN_SYSTEM_PATH=", NULL };
  Session s = { 0 };

  session_start (&s, env);
  session_send (&s, "key Right");
  session_expect (&s, "slide 2");
  session_expect (&s, "video 0 no-plugin");
  /* The presentation goes on. */
  session_send (&s, "key Right");
  session_expect (&s, "slide 3");
  session_stop (&s);
  g_rmdir (empty);
}
END_TEST

/* The registry is live: the video plugin installed while its slide says
 * "not installed" (written elsewhere, then renamed in, as an installer
 * does) plays there, without a restart. */
START_TEST (test_plugin_installed_while_showing)
{
  g_autofree char *folder = g_dir_make_tmp ("test-window-plugins-XXXXXX", NULL);
  g_autofree char *path_env = g_strdup_printf ("LIBBRIDGE_PLUGIN_PATH=%s", folder);
  g_autofree char *source
      = g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "..", "video-plugin", "video.plugin", NULL);
  g_autofree char *partial = g_build_filename (folder, "video.plugin.part", NULL);
  g_autofree char *manifest = g_build_filename (folder, "video.plugin", NULL);
  g_autofree char *contents = NULL;
  const char *env[] = { path_env, "LIBBRIDGE_PLUGIN_SYSTEM_PATH=", NULL };
  Session s = { 0 };

  ck_assert_msg (g_file_get_contents (source, &contents, NULL, NULL), "no %s", source);
  session_start (&s, env);
  session_send (&s, "key Right");
  session_expect (&s, "slide 2");
  session_expect (&s, "video 0 no-plugin");

  ck_assert (g_file_set_contents (partial, contents, -1, NULL));
  ck_assert_int_eq (g_rename (partial, manifest), 0);
  session_expect (&s, "video 0 plugin-installed");
  session_expect (&s, "video 0 plugin-started");
  session_expect (&s, "video 0 opened");
  session_stop (&s);
  g_unlink (manifest);
  g_rmdir (folder);
}
END_TEST

/* Whether a rectangle of a PNG holds pixels of the placeholder's text
 * colour (the theme's "problem" salmon) or, with any_bright, white text. */
static guint
count_text_pixels (const char *png, const SlideRect *r, double scale, double x, double y, gboolean salmon)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
  const guint8 *data;
  int stride, i, j;
  guint n = 0;

  ck_assert_int_eq (cairo_surface_status (surface), CAIRO_STATUS_SUCCESS);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (j = y + r->y * scale; j < y + (r->y + r->height) * scale; j++)
    for (i = x + r->x * scale; i < x + (r->x + r->width) * scale; i++)
      {
        guint32 word = *(const guint32 *) (data + j * stride + i * 4);
        guint red = word >> 16 & 0xff, green = word >> 8 & 0xff, blue = word & 0xff;

        if (salmon ? red > 200 && green > 120 && green < 190 && blue > 100 && blue < 170
                   : red > 200 && green > 200 && blue > 200)
          n++;
      }
  cairo_surface_destroy (surface);
  return n;
}

START_TEST (test_broken_videos)
{
  static const char broken_deck[] = "## Missing\n\n![autoplay](missing.webm)\n\n---\n\n"
                                    "## Not a video\n\n![autoplay](not-a-video.webm)\n";
  g_autofree char *dir = g_dir_make_tmp ("test-window-broken-XXXXXX", NULL);
  g_autofree char *deck_path = g_build_filename (dir, "broken.md", NULL);
  g_autofree char *link = g_build_filename (dir, "not-a-video.webm", NULL);
  g_autofree char *media = g_build_filename (g_getenv ("BRIDGE_TEST_MEDIA"), "not-a-video.webm", NULL);
  g_autofree char *shot = g_build_filename (dir, "shot.png", NULL);
  g_autofree char *command = g_strdup_printf ("screenshot %s", shot);
  g_autoptr (Deck) deck = NULL;
  g_autoptr (SlideRenderer) renderer = NULL;
  double scale, x, y;
  SlideRect r;
  Session s = { 0 };

  ck_assert (g_file_set_contents (deck_path, broken_deck, -1, NULL));
  ck_assert_int_eq (symlink (media, link), 0);
  deck = deck_new_from_file (deck_path, NULL);
  ck_assert (deck != NULL);
  renderer = slide_renderer_new (deck, 16.0 / 9.0);

  s.deck_override = deck_path;
  session_start (&s, NULL);

  /* A missing file: the slide says so where the video would be. */
  session_send (&s, command);
  session_expect (&s, "screenshot ");
  slide_renderer_get_placement (renderer, 1280, 720, &scale, &x, &y);
  slide_renderer_get_video_rect (renderer, 0, 0, 0, &r);
  ck_assert_msg (count_text_pixels (shot, &r, scale, x, y, TRUE) > 200,
                 "no placeholder text where the missing video would be");

  /* A file the plugin cannot play: it says why, and the show goes on. */
  session_send (&s, "key Right");
  session_expect (&s, "slide 2");
  session_expect (&s, "video 0 error");
  session_expect (&s, "video 0 state failed");
  session_send (&s, command);
  session_expect (&s, "screenshot ");
  slide_renderer_get_video_rect (renderer, 1, 0, 0, &r);
  ck_assert_msg (count_text_pixels (shot, &r, scale, x, y, FALSE) > 200,
                 "no message where the unplayable video would be");
  session_send (&s, "key Left");
  session_expect (&s, "slide 1");

  session_stop (&s);
  g_unlink (shot);
  g_unlink (link);
  g_unlink (deck_path);
  g_rmdir (dir);
}
END_TEST

/* Saving the deck reloads it (host-demo/README.md, "Before and during the
 * talk"): the slide stays, its unchanged video plays on in the same
 * plugin; a deck that no longer parses keeps the last good slides. */
START_TEST (test_reloads_on_save)
{
  Session s = { 0 };
  g_autofree char *deck = NULL;
  guint i, from;

  session_start (&s, NULL);
  deck = g_build_filename (s.dir, "deck.md", NULL);
  session_send (&s, "key Right");
  session_expect (&s, "slide 2");
  session_expect (&s, "video 0 playing");
  from = s.next;
  ck_assert (g_file_set_contents (
      deck, "# Window test, edited\n---\n## A video\n\n![autoplay mute](clip.webm)\n", -1, NULL));
  ck_assert_str_eq (session_expect (&s, "deck-reloaded "), "deck-reloaded 2 ok");
  session_expect (&s, "video-drawn 0 ");
  for (i = from; i < s.lines->len; i++)
    ck_assert_msg (!g_str_has_prefix (s.lines->pdata[i], "video 0 state")
                       && !g_str_has_prefix (s.lines->pdata[i], "slide "),
                   "the unchanged video started again: %s", (char *) s.lines->pdata[i]);

  ck_assert (g_file_set_contents (deck, "# Broken \xff\n", -1, NULL));
  ck_assert_str_eq (session_expect (&s, "deck-reloaded "), "deck-reloaded 2 error");
  session_expect (&s, "video-drawn 0 ");
  session_stop (&s);
}
END_TEST

static const char transport_deck[]
    = "## A poster\n\n![mute](clip.webm)\n\n---\n\n"
      "## Two\n\n![autoplay loop mute](clip.webm) ![autoplay loop mute](clip.webm)\n";

/* Waits for video 0's next picture at a position near the one given. */
static double
drawn_near (Session *s, double want)
{
  double position = -1;
  int i;

  for (i = 0; i < 50; i++)
    {
      position = session_next_drawn (s, NULL);
      if (fabs (position - want) < 0.02)
        return position;
    }
  ck_abort_msg ("no picture near %.3f s (last at %.3f s)", want, position);
  return position;
}

/* Issue 17, "Video transport": the poster is up before the plugin has
 * started; the seek bar and the keys move a paused video, a frame at a
 * time too; volume and mute go to the plugin. */
START_TEST (test_transport)
{
  Session s = { .deck_text = transport_deck };
  double position;

  session_start (&s, NULL);
  /* Slide 1 came before the posters: it waited for its plugin. */
  session_expect (&s, "posters 1");
  session_send (&s, "key Right");
  session_expect_slide (&s, 2);
  session_send (&s, "key Left");
  session_expect_slide (&s, 1);
  /* Now the picture is there as the slide appears. */
  ck_assert_str_eq (session_expect (&s, "slide-pictures "), "slide-pictures 1/1");
  session_expect (&s, "video 0 state paused");
  session_expect (&s, "video 0 still");

  /* The seek bar: a click half-way goes to 1.5 s of the 3 s clip. */
  session_send (&s, "drag-bar 0 0.5");
  session_expect (&s, "video 0 seek 1.500");
  drawn_near (&s, 1.5);
  /* A drag ends where it is let go. */
  session_send (&s, "drag-bar 0 0.2 0.8");
  session_expect (&s, "video 0 seek 2.400");
  drawn_near (&s, 2.4);

  /* J back 5 s (to the start), L on 5 s (to the last picture). */
  session_send (&s, "key j");
  session_expect (&s, "video 0 seek 0.000");
  drawn_near (&s, 0);
  session_send (&s, "key l");
  session_expect (&s, "video 0 seek 2.960");
  drawn_near (&s, 2.96);
  session_send (&s, "key <Shift>Left");
  session_expect (&s, "video 0 seek 0.000");
  position = drawn_near (&s, 0);

  /* Frame by frame while paused: 25 frames a second. */
  session_send (&s, "key <Control>Right");
  session_expect (&s, "video 0 step 1");
  ck_assert_double_gt (drawn_near (&s, position + 0.04), position);
  session_send (&s, "key <Control>Left");
  session_expect (&s, "video 0 step -1");
  drawn_near (&s, position);

  /* Sound: the clip is muted by its options; M gives it back. */
  session_send (&s, "key m");
  session_expect (&s, "video 0 mute 0");
  session_send (&s, "key minus");
  session_expect (&s, "video 0 volume 0.90");
  session_send (&s, "key plus");
  session_expect (&s, "video 0 volume 1.00");

  /* Playing, frame step is refused. */
  session_send (&s, "key p");
  session_expect (&s, "video 0 playing");
  session_send (&s, "key <Control>Right");
  session_send (&s, "key Right");
  session_expect_slide (&s, 2);
  session_stop (&s);
}
END_TEST

typedef struct
{
  Session *s;
  guint from;
  const char *const *prefixes;
} ExpectAll;

static gboolean
all_arrived (gpointer data)
{
  ExpectAll *e = data;
  guint i, j;

  for (j = 0; e->prefixes[j] != NULL; j++)
    {
      for (i = e->from; i < e->s->lines->len; i++)
        if (g_str_has_prefix (e->s->lines->pdata[i], e->prefixes[j]))
          break;
      if (i == e->s->lines->len)
        return e->s->eof;
    }
  return TRUE;
}

/* Waits for lines starting with each prefix, in any order, from the
 * current line on; the next expect() starts after the last line read. */
static void
expect_all (Session *s, const char *const *prefixes)
{
  ExpectAll e = { s, s->next, prefixes };

  ck_assert_msg (bridge_test_wait_until (all_arrived, &e, TIMEOUT_MS) && !s->eof,
                 "host-demo never said “%s” and “%s”", prefixes[0], prefixes[1]);
  s->next = s->lines->len;
}

/* P pauses one video, not all of them: the first playing one. */
START_TEST (test_pause_one_video)
{
  Session s = { .deck_text = transport_deck };
  guint i, mark;

  session_start (&s, NULL);
  session_send (&s, "key Right");
  session_expect_slide (&s, 2);
  expect_all (&s, (const char *const[]){ "video 0 playing", "video 1 playing", NULL });
  mark = s.lines->len;
  session_send (&s, "key p");
  session_expect (&s, "video 0 pause-requested");
  session_expect (&s, "video 0 paused");
  /* A marker: every line the key made is in before it. */
  session_send (&s, "key question");
  session_expect (&s, "overlay help 1");
  for (i = mark; i < s.lines->len; i++)
    ck_assert_msg (!g_str_has_prefix (s.lines->pdata[i], "video 1 pause"), "P paused video 1 too: %s",
                   (char *) s.lines->pdata[i]);
  /* Again: the first playing is now video 1. */
  session_send (&s, "key Escape");
  session_send (&s, "key p");
  session_expect (&s, "video 1 pause-requested");
  session_stop (&s);
}
END_TEST

/* Issue 17: "everything follows the plugin's Position/State events, so a
 * seek issued from bridgectl on a shared instance shows up too". */
START_TEST (test_follows_shared_instance)
{
  g_autofree char *runtime = g_dir_make_tmp ("test-window-run-XXXXXX", NULL);
  g_autofree char *runtime_env = g_strdup_printf ("XDG_RUNTIME_DIR=%s", runtime);
  g_autofree char *bridgectl
      = g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "..", "tools", "bridgectl", NULL);
  g_autofree char *plugins = g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "..", "video-plugin", NULL);
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", runtime);
  const char *env[] = { runtime_env, NULL };
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GSubprocess) server = NULL;
  g_autoptr (GDataInputStream) server_out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *listening = NULL;
  Session s = { .deck_text = transport_deck, .extra_arg = "--shared-video" };
  int status = -1;

  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "LIBBRIDGE_PLUGIN_PATH", plugins, TRUE);
  g_subprocess_launcher_setenv (launcher, "BRIDGE_VIDEO_AUDIO", "none", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, session_die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, bridgectl, "start", "video", NULL);
  ck_assert_msg (server != NULL, "bridgectl start: %s", error ? error->message : "?");
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  listening = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, NULL);
  ck_assert_msg (listening != NULL && strstr (listening, "listening") != NULL, "bridgectl start said “%s”",
                 listening);

  session_start (&s, env);
  session_expect (&s, "video 0 state paused");
  session_expect (&s, "video 0 still");

  /* Another host seeks the same instance: this window's picture and
   * position follow. */
  {
    const char *argv[]
        = { bridgectl, "call", "--no-start", "video", "org.libbridge.Video1.Seek", "(int64 2000000000, true)",
            NULL };

    ck_assert (g_spawn_sync (NULL, (char **) argv, (char **) (const char *[]){ runtime_env, NULL },
                             G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
    ck_assert_msg (g_spawn_check_wait_status (status, NULL), "bridgectl call Seek failed");
  }
  drawn_near (&s, 2.0);
  /* And plays when it says Play. */
  {
    const char *argv[]
        = { bridgectl, "call", "--no-start", "video", "org.libbridge.Video1.Play", "()", NULL };

    ck_assert (g_spawn_sync (NULL, (char **) argv, (char **) (const char *[]){ runtime_env, NULL },
                             G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
  }
  session_expect (&s, "video 0 state playing");
  session_expect (&s, "video 0 playing");
  session_stop (&s);
  g_subprocess_send_signal (server, SIGINT);
  session_wait_exit (server);
  g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
}
END_TEST

static Suite *
window_suite (void)
{
  Suite *s = suite_create ("window");
  TCase *tc = tcase_create ("xvfb");

  tcase_set_timeout (tc, 90);
  tcase_add_test (tc, test_starts_and_navigates);
  tcase_add_test (tc, test_plays_video);
  tcase_add_test (tc, test_survives_killed_plugin);
  tcase_add_test (tc, test_survives_hung_plugin);
  tcase_add_test (tc, test_poster_and_click);
  tcase_add_test (tc, test_missing_plugin);
  tcase_add_test (tc, test_plugin_installed_while_showing);
  tcase_add_test (tc, test_broken_videos);
  tcase_add_test (tc, test_reloads_on_save);
  tcase_add_test (tc, test_transport);
  tcase_add_test (tc, test_pause_one_video);
  tcase_add_test (tc, test_follows_shared_instance);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (window_suite)
