/* test-window.c: the presentation window under Xvfb, driven through its test hook
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test starts its own Xvfb (it tells its display number through
 * -displayfd) and a real host-demo on it with HOST_DEMO_TEST_CONTROL=1:
 * commands go to its stdin, events come back on its stdout (see
 * host-demo/test-control.c), and the test waits for events, never for
 * time. Videos are played by the real video plugin.
 */
#include "config.h"

#include <cairo.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib-unix.h>
#include <math.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bridge-test-util.h"
#include "deck.h"
#include "slide-renderer.h"

/* A safety net, longer under valgrind (CK_TIMEOUT_MULTIPLIER). */
#define TIMEOUT_MS (20000 * timeout_multiplier ())

static guint
timeout_multiplier (void)
{
  const char *value = g_getenv ("CK_TIMEOUT_MULTIPLIER");
  guint64 n = 1;

  if (value != NULL)
    g_ascii_string_to_unsigned (value, 10, 1, 100, &n, NULL);
  return n;
}

static const char test_deck[] = "# Window test\n"
                                "\n"
                                "---\n"
                                "\n"
                                "## A video\n"
                                "\n"
                                "![autoplay mute](clip.webm)\n"
                                "\n"
                                "---\n"
                                "\n"
                                "## A poster\n"
                                "\n"
                                "![mute](clip.webm)\n";

typedef struct
{
  char *dir;
  GSubprocess *xvfb;
  GSubprocess *host;
  GOutputStream *input;
  GDataInputStream *output;
  GCancellable *cancellable;
  GPtrArray *lines;
  guint next;
  gboolean eof;
  int host_pid;
  const char *deck_override; /* another deck than test_deck */
  const char *deck_text;     /* written instead of test_deck, beside the clip */
  const char *extra_arg;     /* one more option for host-demo */
} Session;

/* ---- plumbing --------------------------------------------------------- */

static void read_next (Session *s);

static void
on_line (GObject *source, GAsyncResult *result, gpointer data)
{
  Session *s = data;
  g_autoptr (GError) error = NULL;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      s->eof = TRUE;
      return;
    }
  g_ptr_array_add (s->lines, line);
  read_next (s);
}

static void
read_next (Session *s)
{
  g_data_input_stream_read_line_async (s->output, G_PRIORITY_DEFAULT, s->cancellable, on_line, s);
}

typedef struct
{
  Session *s;
  const char *prefix;
  const char *found;
} Expect;

static gboolean
line_arrived (gpointer data)
{
  Expect *e = data;

  for (; e->s->next < e->s->lines->len; e->s->next++)
    {
      const char *line = e->s->lines->pdata[e->s->next];

      if (g_str_has_prefix (line, e->prefix))
        {
          e->found = line;
          e->s->next++;
          return TRUE;
        }
    }
  return e->s->eof;
}

/* Waits for the next line starting with prefix, skipping others. */
static const char *
expect (Session *s, const char *prefix)
{
  Expect e = { s, prefix, NULL };

  bridge_test_wait_until (line_arrived, &e, TIMEOUT_MS);
  ck_assert_msg (e.found != NULL, "host-demo never said “%s”%s (last line: “%s”)", prefix,
                 s->eof ? "; it exited" : "",
                 s->lines->len > 0 ? (char *) s->lines->pdata[s->lines->len - 1] : "");
  return e.found;
}

static void
send (Session *s, const char *command)
{
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  g_autoptr (GError) error = NULL;

  ck_assert_msg (g_output_stream_write_all (s->input, line, strlen (line), NULL, NULL, &error),
                 "cannot send “%s”: %s", command, error ? error->message : "?");
  ck_assert (g_output_stream_flush (s->input, NULL, NULL));
}

/* What the test starts dies with it, even when an assert ends it early. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Xvfb writes the display number it took to the -displayfd fd. */
static char *
start_xvfb (Session *s)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr (GError) error = NULL;
  g_autofree char *xvfb = g_find_program_in_path ("Xvfb");
  char buf[32] = { 0 };
  int fds[2];
  gssize n, got = 0;

  ck_assert_msg (xvfb != NULL, "Xvfb is not installed (Debian package xvfb)");
  ck_assert_int_eq (pipe (fds), 0);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  s->xvfb = g_subprocess_launcher_spawn (launcher, &error, xvfb, "-displayfd", "3", "-screen", "0",
                                         "1280x720x24", "-nolisten", "tcp", "-noreset", NULL);
  ck_assert_msg (s->xvfb != NULL, "cannot start Xvfb: %s", error ? error->message : "?");
  /* Our copy of the write end goes with the launcher; the read ends at
   * the newline Xvfb writes once it listens. */
  g_clear_object (&launcher);
  while (got < (gssize) sizeof buf - 1 && strchr (buf, '\n') == NULL)
    {
      n = read (fds[0], buf + got, sizeof buf - 1 - got);
      if (n < 0 && errno == EINTR)
        continue;
      ck_assert_msg (n > 0, "Xvfb did not say which display it took");
      got += n;
    }
  close (fds[0]);
  return g_strdup_printf (":%d", atoi (buf));
}

static void
session_start (Session *s, const char *const *env)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *deck = NULL;
  g_autofree char *clip = NULL;
  g_autofree char *media = NULL;
  g_autofree char *hang_timeout = NULL;
  g_autofree char *host_demo
      = g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "..", "host-demo", "host-demo", NULL);
  const char *line;

  s->lines = g_ptr_array_new_with_free_func (g_free);
  s->cancellable = g_cancellable_new ();

  /* The deck, with the sample video beside it. */
  s->dir = g_dir_make_tmp ("test-window-XXXXXX", NULL);
  ck_assert (s->dir != NULL);
  deck = g_build_filename (s->dir, "deck.md", NULL);
  clip = g_build_filename (s->dir, "clip.webm", NULL);
  media = g_build_filename (g_getenv ("BRIDGE_TEST_MEDIA"), "sample-vp8.webm", NULL);
  ck_assert_msg (g_file_test (media, G_FILE_TEST_EXISTS), "no sample media at %s", media);
  ck_assert (g_file_set_contents (deck, s->deck_text != NULL ? s->deck_text : test_deck, -1, NULL));
  ck_assert_int_eq (symlink (media, clip), 0);

  display = start_xvfb (s);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "DISPLAY", display, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  /* GTK warns that a machine with no session bus (CI) has none; that is
   * the machine's, not host-demo's: criticals stay fatal, warnings not. */
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  /* No OpenGL at all: the same pixels on every machine, and no Mesa. */
  g_subprocess_launcher_setenv (launcher, "GDK_DEBUG", "gl-disable", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOST_DEMO_TEST_CONTROL", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "BRIDGE_VIDEO_AUDIO", "none", TRUE);
  for (; env != NULL && *env != NULL; env++)
    {
      const char *eq = strchr (*env, '=');
      g_autofree char *name = g_strndup (*env, eq - *env);

      g_subprocess_launcher_setenv (launcher, name, eq + 1, TRUE);
    }
  /* Under valgrind a plugin takes longer to answer the liveness check. */
  hang_timeout = g_strdup_printf ("--hang-timeout=%u", 700 * timeout_multiplier ());
  s->host
      = g_subprocess_launcher_spawn (launcher, &error, host_demo, hang_timeout,
                                     s->deck_override != NULL ? s->deck_override : deck, s->extra_arg, NULL);
  ck_assert_msg (s->host != NULL, "cannot start host-demo: %s", error ? error->message : "?");
  s->input = g_object_ref (g_subprocess_get_stdin_pipe (s->host));
  s->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->host));
  read_next (s);

  line = expect (s, "ready ");
  ck_assert_msg (sscanf (line, "ready %*u %d", &s->host_pid) == 1, "odd ready line: %s", line);
  expect (s, "slide 1");
}

static void
on_exited (GObject *source, GAsyncResult *result, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

/* Waits for a process to end; returns whether it did in time. */
static gboolean
wait_exit (GSubprocess *process)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (process, NULL, on_exited, &done);
  return bridge_test_wait_for (&done, TIMEOUT_MS);
}

static void
session_stop (Session *s)
{
  g_autofree char *quoted = g_shell_quote (s->dir);
  g_autofree char *rm = g_strdup_printf ("rm -rf %s", quoted);

  if (s->host != NULL)
    {
      /* End of input makes host-demo close its window and quit. */
      g_output_stream_close (s->input, NULL, NULL);
      if (!wait_exit (s->host))
        {
          g_subprocess_force_exit (s->host);
          g_subprocess_wait (s->host, NULL, NULL);
        }
    }
  if (s->xvfb != NULL)
    {
      g_subprocess_send_signal (s->xvfb, SIGTERM);
      g_subprocess_wait (s->xvfb, NULL, NULL);
    }
  g_cancellable_cancel (s->cancellable);
  g_clear_object (&s->cancellable);
  g_clear_object (&s->input);
  g_clear_object (&s->output);
  g_clear_object (&s->host);
  g_clear_object (&s->xvfb);
  g_ptr_array_unref (s->lines);
  g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  g_free (s->dir);
}

/* The video plugin processes host-demo runs: its children running that
 * program (under valgrind, as valgrind's argument). */
static GArray *
plugin_pids (Session *s)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  ck_assert (proc != NULL);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *stat = NULL;
      g_autofree char *cmdline = NULL;
      const char *close_paren;
      int pid = atoi (name), ppid = 0;
      gsize length = 0, i;
      char state;

      if (pid <= 0 || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      close_paren = strrchr (stat, ')');
      if (close_paren == NULL || sscanf (close_paren + 1, " %c %d", &state, &ppid) != 2 || ppid != s->host_pid
          || state == 'Z')
        continue;
      if (!g_file_get_contents (cmdline_path, &cmdline, &length, NULL))
        continue;
      for (i = 0; i + 1 < length; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';
      if (strstr (cmdline, "libbridge-video-plugin") != NULL)
        g_array_append_val (pids, pid);
    }
  return pids;
}

static int
the_plugin_pid (Session *s)
{
  g_autoptr (GArray) pids = plugin_pids (s);

  ck_assert_msg (pids->len == 1, "expected one video plugin process, found %u", pids->len);
  return g_array_index (pids, int, 0);
}

/* Waits for the next picture of video 0 drawn; returns its position. */
static double
next_drawn (Session *s, guint64 *count)
{
  const char *line = expect (s, "video-drawn 0 ");
  guint64 n = 0;
  double position = -1;

  ck_assert_msg (sscanf (line, "video-drawn 0 %" G_GUINT64_FORMAT " %lf", &n, &position) == 2, "odd line: %s",
                 line);
  if (count != NULL)
    *count = n;
  return position;
}

static gboolean
on_pidfd (int fd, GIOCondition condition, gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for a process that is not ours to end (a pidfd turns readable
 * when it does); returns whether it did in time. */
static gboolean
wait_pid_exit (int pid)
{
  int fd = syscall (SYS_pidfd_open, pid, 0);
  gboolean done = FALSE;
  guint id;

  if (fd < 0 && errno == ESRCH)
    return TRUE;
  ck_assert_msg (fd >= 0, "pidfd_open %d: %s", pid, g_strerror (errno));
  id = g_unix_fd_add (fd, G_IO_IN, on_pidfd, &done);
  if (!bridge_test_wait_for (&done, TIMEOUT_MS))
    g_source_remove (id);
  close (fd);
  if (!done)
    kill (pid, SIGKILL);
  return done;
}

/* ---- tests ------------------------------------------------------------ */

START_TEST (test_starts_and_navigates)
{
  Session s = { 0 };

  session_start (&s, NULL);
  send (&s, "key Right");
  expect (&s, "slide 2");
  send (&s, "key Left");
  expect (&s, "slide 1");
  send (&s, "key End");
  expect (&s, "slide 3");
  send (&s, "key Home");
  expect (&s, "slide 1");
  send (&s, "key space");
  expect (&s, "slide 2");
  send (&s, "key Page_Down");
  expect (&s, "slide 3");
  /* Past the end stays; the next change is the way back. */
  send (&s, "key Right");
  send (&s, "key Page_Up");
  ck_assert_str_eq (expect (&s, "slide "), "slide 2");

  /* Xvfb runs no window manager to grant it: the request is what shows. */
  send (&s, "key f");
  expect (&s, "fullscreen-requested 1");
  send (&s, "key Escape");
  expect (&s, "fullscreen-requested 0");
  send (&s, "key F11");
  expect (&s, "fullscreen-requested 1");

  send (&s, "key q");
  ck_assert_msg (wait_exit (s.host), "Q did not quit");
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
  send (&s, "key Right");
  expect (&s, "slide 2");
  /* The element's states, in order (host-demo/video-element.c). */
  expect (&s, "video 0 state connecting");
  expect (&s, "video 0 plugin-started");
  expect (&s, "video 0 state opening");
  expect (&s, "video 0 state paused");
  expect (&s, "video 0 state playing");
  expect (&s, "video 0 playing");

  /* Frames arrive and are drawn, in order, moving on. */
  for (i = 0; i < 6; i++)
    {
      position = next_drawn (&s, &count);
      ck_assert_msg (position >= last, "position went back from %.3f to %.3f", last, position);
      last = position;
    }
  ck_assert_msg (count >= 6, "only %" G_GUINT64_FORMAT " frames", count);

  /* What is on screen in the box is one of the sample's box colours. */
  shot = g_build_filename (s.dir, "shot.png", NULL);
  command = g_strdup_printf ("screenshot %s", shot);
  send (&s, command);
  expect (&s, "screenshot ");
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
  send (&s, "key p");
  expect (&s, "video 0 paused");
  send (&s, "key p");
  expect (&s, "video 0 playing");
  session_stop (&s);
}
END_TEST

START_TEST (test_survives_killed_plugin)
{
  Session s = { 0 };
  double before = 0, after;
  int killed, restarted;

  session_start (&s, NULL);
  send (&s, "key Right");
  expect (&s, "video 0 playing");
  while (before < 0.5)
    before = next_drawn (&s, NULL);

  killed = the_plugin_pid (&s);
  ck_assert_int_eq (kill (killed, SIGKILL), 0);
  expect (&s, "video 0 plugin-lost");
  expect (&s, "video 0 state restarting");
  expect (&s, "video 0 state connecting");
  expect (&s, "video 0 plugin-restarted");
  /* Back to where it was before its pictures count. */
  expect (&s, "video 0 state restoring");
  expect (&s, "video 0 state paused");
  after = next_drawn (&s, NULL);

  restarted = the_plugin_pid (&s);
  ck_assert_msg (restarted != killed, "no new plugin process");
  ck_assert_msg (after > before - 0.3 && after < before + 1.5,
                 "the video went on at %.3f s after being killed at %.3f s", after, before);
  /* And it plays on. */
  ck_assert (next_drawn (&s, NULL) >= after);
  session_stop (&s);
}
END_TEST

START_TEST (test_survives_hung_plugin)
{
  Session s = { 0 };
  double before = 0, after;
  int hung;

  session_start (&s, NULL);
  send (&s, "key Right");
  expect (&s, "video 0 playing");
  while (before < 0.5)
    before = next_drawn (&s, NULL);

  /* A stopped process answers nothing: the liveness check notices. */
  hung = the_plugin_pid (&s);
  ck_assert_int_eq (kill (hung, SIGSTOP), 0);
  expect (&s, "video 0 plugin-lost");
  expect (&s, "video 0 plugin-restarted");
  after = next_drawn (&s, NULL);
  ck_assert_msg (after > before - 0.3 && after < before + 2.0,
                 "the video went on at %.3f s after hanging at %.3f s", after, before);
  /* The library that started the hung one ends it; host-demo only lets
   * the connection go. */
  ck_assert_msg (wait_pid_exit (hung), "the hung plugin %d was never ended", hung);
  session_stop (&s);
}
END_TEST

START_TEST (test_poster_and_click)
{
  Session s = { 0 };
  guint64 count = 0;

  session_start (&s, NULL);
  send (&s, "key End");
  expect (&s, "slide 3");
  expect (&s, "video 0 still");
  next_drawn (&s, &count);
  ck_assert_uint_ge (count, 1);
  ck_assert_msg (!g_str_has_prefix (s.lines->pdata[s.lines->len - 1], "video 0 playing"),
                 "a video without autoplay plays");

  send (&s, "click-video 0");
  expect (&s, "video 0 playing");
  next_drawn (&s, &count);
  ck_assert_uint_ge (count, 2);

  /* Leaving the slide stops the video and lets its plugin go. */
  send (&s, "key Home");
  expect (&s, "slide 1");
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
  send (&s, "key Right");
  expect (&s, "slide 2");
  expect (&s, "video 0 no-plugin");
  /* The presentation goes on. */
  send (&s, "key Right");
  expect (&s, "slide 3");
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
  send (&s, "key Right");
  expect (&s, "slide 2");
  expect (&s, "video 0 no-plugin");

  ck_assert (g_file_set_contents (partial, contents, -1, NULL));
  ck_assert_int_eq (g_rename (partial, manifest), 0);
  expect (&s, "video 0 plugin-installed");
  expect (&s, "video 0 plugin-started");
  expect (&s, "video 0 opened");
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
  send (&s, command);
  expect (&s, "screenshot ");
  slide_renderer_get_placement (renderer, 1280, 720, &scale, &x, &y);
  slide_renderer_get_video_rect (renderer, 0, 0, 0, &r);
  ck_assert_msg (count_text_pixels (shot, &r, scale, x, y, TRUE) > 200,
                 "no placeholder text where the missing video would be");

  /* A file the plugin cannot play: it says why, and the show goes on. */
  send (&s, "key Right");
  expect (&s, "slide 2");
  expect (&s, "video 0 error");
  expect (&s, "video 0 state failed");
  send (&s, command);
  expect (&s, "screenshot ");
  slide_renderer_get_video_rect (renderer, 1, 0, 0, &r);
  ck_assert_msg (count_text_pixels (shot, &r, scale, x, y, FALSE) > 200,
                 "no message where the unplayable video would be");
  send (&s, "key Left");
  expect (&s, "slide 1");

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
  send (&s, "key Right");
  expect (&s, "slide 2");
  expect (&s, "video 0 playing");
  from = s.next;
  ck_assert (g_file_set_contents (
      deck, "# Window test, edited\n---\n## A video\n\n![autoplay mute](clip.webm)\n", -1, NULL));
  ck_assert_str_eq (expect (&s, "deck-reloaded "), "deck-reloaded 2 ok");
  expect (&s, "video-drawn 0 ");
  for (i = from; i < s.lines->len; i++)
    ck_assert_msg (!g_str_has_prefix (s.lines->pdata[i], "video 0 state")
                       && !g_str_has_prefix (s.lines->pdata[i], "slide "),
                   "the unchanged video started again: %s", (char *) s.lines->pdata[i]);

  ck_assert (g_file_set_contents (deck, "# Broken \xff\n", -1, NULL));
  ck_assert_str_eq (expect (&s, "deck-reloaded "), "deck-reloaded 2 error");
  expect (&s, "video-drawn 0 ");
  session_stop (&s);
}
END_TEST

/* Waits for the next "slide N" line and checks N. */
static void
expect_slide (Session *s, guint n)
{
  g_autofree char *want = g_strdup_printf ("slide %u", n);

  ck_assert_str_eq (expect (s, "slide "), want);
}

/* Issue 17, "Navigation": the overview, a typed number, black and white
 * screens, click and scroll, all through the window's own key table. */
START_TEST (test_navigation)
{
  Session s = { 0 };

  session_start (&s, NULL);

  /* O opens the overview on the current slide; the slide keys move its
   * selection, Enter goes there. */
  send (&s, "key o");
  expect (&s, "overlay overview 1");
  send (&s, "key Right");
  send (&s, "key Return");
  expect (&s, "overlay overview 0");
  expect_slide (&s, 2);
  /* A click on a thumbnail goes there; Esc closes without moving. */
  send (&s, "key o");
  expect (&s, "overlay overview 1");
  send (&s, "click-thumbnail 3");
  expect (&s, "overlay overview 0");
  expect_slide (&s, 3);
  send (&s, "key o");
  expect (&s, "overlay overview 1");
  send (&s, "key Home");
  send (&s, "key Escape");
  expect (&s, "overlay overview 0");

  /* A number and Enter. */
  send (&s, "key 2");
  expect (&s, "overlay goto 1 2");
  send (&s, "key KP_Enter");
  expect (&s, "overlay goto 0");
  expect_slide (&s, 2);
  /* Past the end goes to the last; Esc forgets the number. */
  send (&s, "key 9");
  send (&s, "key 9");
  expect (&s, "overlay goto 1 99");
  send (&s, "key Return");
  expect_slide (&s, 3);
  send (&s, "key 1");
  expect (&s, "overlay goto 1 1");
  send (&s, "key Escape");
  expect (&s, "overlay goto 0");

  /* B and . toggle black, W and , white; a slide key takes the screen
   * back without moving on. */
  send (&s, "key b");
  expect (&s, "overlay black 1");
  send (&s, "key period");
  expect (&s, "overlay black 0");
  send (&s, "key period");
  expect (&s, "overlay black 1");
  send (&s, "key w");
  expect (&s, "overlay black 0");
  expect (&s, "overlay white 1");
  send (&s, "key Left");
  expect (&s, "overlay white 0");
  send (&s, "key comma");
  expect (&s, "overlay white 1");
  send (&s, "key Escape");
  expect (&s, "overlay white 0");
  send (&s, "key Left");
  expect_slide (&s, 2);

  /* A click away from the video goes on, a right click back; so does
   * the wheel. */
  send (&s, "click 0.5 0.05");
  expect_slide (&s, 3);
  send (&s, "click 0.5 0.05 3");
  expect_slide (&s, 2);
  send (&s, "scroll 1");
  expect_slide (&s, 3);
  send (&s, "scroll -1");
  expect_slide (&s, 2);

  /* ? shows the keys; Esc closes it. */
  send (&s, "key question");
  expect (&s, "overlay help 1");
  send (&s, "key Escape");
  expect (&s, "overlay help 0");
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
  send (&s, "key End");
  expect_slide (&s, 3);
  send (&s, "key F5");
  expect_slide (&s, 1);
  expect (&s, "fullscreen-requested 1");
  expect (&s, "pointer-hidden 1");
  send (&s, "motion");
  expect (&s, "pointer-hidden 0");
  expect (&s, "pointer-hidden 1");
  send (&s, "key Escape");
  expect (&s, "fullscreen-requested 0");
  expect (&s, "pointer-hidden 0");
  send (&s, "key Right");
  expect_slide (&s, 2);
  send (&s, "key <Shift>F5");
  expect (&s, "fullscreen-requested 1");
  send (&s, "key Right");
  /* Still from where it was. */
  expect_slide (&s, 3);
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
  send (&s, "list-keys");
  expect (&s, "keys-listed");
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
      position = next_drawn (s, NULL);
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
  expect (&s, "posters 1");
  send (&s, "key Right");
  expect_slide (&s, 2);
  send (&s, "key Left");
  expect_slide (&s, 1);
  /* Now the picture is there as the slide appears. */
  ck_assert_str_eq (expect (&s, "slide-pictures "), "slide-pictures 1/1");
  expect (&s, "video 0 state paused");
  expect (&s, "video 0 still");

  /* The seek bar: a click half-way goes to 1.5 s of the 3 s clip. */
  send (&s, "drag-bar 0 0.5");
  expect (&s, "video 0 seek 1.500");
  drawn_near (&s, 1.5);
  /* A drag ends where it is let go. */
  send (&s, "drag-bar 0 0.2 0.8");
  expect (&s, "video 0 seek 2.400");
  drawn_near (&s, 2.4);

  /* J back 5 s (to the start), L on 5 s (to the last picture). */
  send (&s, "key j");
  expect (&s, "video 0 seek 0.000");
  drawn_near (&s, 0);
  send (&s, "key l");
  expect (&s, "video 0 seek 2.960");
  drawn_near (&s, 2.96);
  send (&s, "key <Shift>Left");
  expect (&s, "video 0 seek 0.000");
  position = drawn_near (&s, 0);

  /* Frame by frame while paused: 25 frames a second. */
  send (&s, "key <Control>Right");
  expect (&s, "video 0 step 1");
  ck_assert_double_gt (drawn_near (&s, position + 0.04), position);
  send (&s, "key <Control>Left");
  expect (&s, "video 0 step -1");
  drawn_near (&s, position);

  /* Sound: the clip is muted by its options; M gives it back. */
  send (&s, "key m");
  expect (&s, "video 0 mute 0");
  send (&s, "key minus");
  expect (&s, "video 0 volume 0.90");
  send (&s, "key plus");
  expect (&s, "video 0 volume 1.00");

  /* Playing, frame step is refused. */
  send (&s, "key p");
  expect (&s, "video 0 playing");
  send (&s, "key <Control>Right");
  send (&s, "key Right");
  expect_slide (&s, 2);
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
  send (&s, "key Right");
  expect_slide (&s, 2);
  expect_all (&s, (const char *const[]){ "video 0 playing", "video 1 playing", NULL });
  mark = s.lines->len;
  send (&s, "key p");
  expect (&s, "video 0 pause-requested");
  expect (&s, "video 0 paused");
  /* A marker: every line the key made is in before it. */
  send (&s, "key question");
  expect (&s, "overlay help 1");
  for (i = mark; i < s.lines->len; i++)
    ck_assert_msg (!g_str_has_prefix (s.lines->pdata[i], "video 1 pause"), "P paused video 1 too: %s",
                   (char *) s.lines->pdata[i]);
  /* Again: the first playing is now video 1. */
  send (&s, "key Escape");
  send (&s, "key p");
  expect (&s, "video 1 pause-requested");
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
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, bridgectl, "start", "video", NULL);
  ck_assert_msg (server != NULL, "bridgectl start: %s", error ? error->message : "?");
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  listening = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, NULL);
  ck_assert_msg (listening != NULL && strstr (listening, "listening") != NULL, "bridgectl start said “%s”",
                 listening);

  session_start (&s, env);
  expect (&s, "video 0 state paused");
  expect (&s, "video 0 still");

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
  expect (&s, "video 0 state playing");
  expect (&s, "video 0 playing");
  session_stop (&s);
  g_subprocess_send_signal (server, SIGINT);
  wait_exit (server);
  g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
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
  expect (&s, "console-ready -1 1");
  expect (&s, "console-slide 1 2");

  /* The audience window's key moves both. */
  send (&s, "key Right");
  expect_slide (&s, 2);
  expect (&s, "console-slide 2 0");
  /* And so does the console's. */
  send (&s, "console-key Left");
  expect_slide (&s, 1);
  expect (&s, "console-slide 1 2");
  send (&s, "console-key End");
  expect_slide (&s, 2);
  send (&s, "console-key Home");
  expect_slide (&s, 1);

  /* T pauses the timer, from either window. */
  send (&s, "console-key t");
  send (&s, "console-state");
  line = expect (&s, "console-state ");
  ck_assert_int_eq (sscanf (line, "console-state %d %*d %15s", &running, thumb), 2);
  ck_assert_int_eq (running, 0);
  send (&s, "key t");
  send (&s, "console-state");
  line = expect (&s, "console-state ");
  ck_assert_int_eq (sscanf (line, "console-state %d", &running), 1);
  ck_assert_int_eq (running, 1);

  /* Once the video shows a picture, the console shows the same one. */
  expect (&s, "video 0 still");
  next_drawn (&s, NULL);
  send (&s, "console-state");
  line = expect (&s, "console-state ");
  ck_assert_int_eq (sscanf (line, "console-state %d %*d %15s", &running, thumb), 2);
  ck_assert_str_eq (thumb, "same");

  /* Q quits both. */
  send (&s, "key q");
  ck_assert_msg (wait_exit (s.host), "Q did not quit with the console open");
  session_stop (&s);
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
  tcase_add_test (tc, test_navigation);
  tcase_add_test (tc, test_start_and_pointer);
  tcase_add_test (tc, test_help_lists_every_key);
  tcase_add_test (tc, test_transport);
  tcase_add_test (tc, test_pause_one_video);
  tcase_add_test (tc, test_follows_shared_instance);
  tcase_add_test (tc, test_presenter_console);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (window_suite)
