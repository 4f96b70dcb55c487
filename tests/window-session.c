/* window-session.c: host-demo under Xvfb, driven through its test hook
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each session starts its own Xvfb (it tells its display number through
 * -displayfd) and a real host-demo on it with HOST_DEMO_TEST_CONTROL=1:
 * commands go to its stdin, events come back on its stdout (see
 * host-demo/test-control.c), and the test waits for events, never for
 * time.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib-unix.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "window-session.h"

guint
session_timeout_multiplier (void)
{
  const char *value = g_getenv ("CK_TIMEOUT_MULTIPLIER");
  guint64 n = 1;

  if (value != NULL)
    g_ascii_string_to_unsigned (value, 10, 1, 100, &n, NULL);
  return n;
}

/* A session's deck unless it says otherwise: three slides, two videos. */
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
const char *
session_expect (Session *s, const char *prefix)
{
  Expect e = { s, prefix, NULL };

  bridge_test_wait_until (line_arrived, &e, TIMEOUT_MS);
  ck_assert_msg (e.found != NULL, "host-demo never said “%s”%s (last line: “%s”)", prefix,
                 s->eof ? "; it exited" : "",
                 s->lines->len > 0 ? (char *) s->lines->pdata[s->lines->len - 1] : "");
  return e.found;
}

void
session_send (Session *s, const char *command)
{
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  g_autoptr (GError) error = NULL;

  ck_assert_msg (g_output_stream_write_all (s->input, line, strlen (line), NULL, NULL, &error),
                 "cannot send “%s”: %s", command, error ? error->message : "?");
  ck_assert (g_output_stream_flush (s->input, NULL, NULL));
}

/* What the test starts dies with it, even when an assert ends it early. */
void
session_die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Xvfb writes the display number it took to the -displayfd fd. */
char *
session_start_xvfb (GSubprocess **xvfb_out, const char *size)
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
  g_subprocess_launcher_set_child_setup (launcher, session_die_with_parent, NULL, NULL);
  *xvfb_out = g_subprocess_launcher_spawn (launcher, &error, xvfb, "-displayfd", "3", "-screen", "0", size,
                                           "-nolisten", "tcp", "-noreset", NULL);
  ck_assert_msg (*xvfb_out != NULL, "cannot start Xvfb: %s", error ? error->message : "?");
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

void
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

  display = session_start_xvfb (&s->xvfb, "1280x720x24");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, session_die_with_parent, NULL, NULL);
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
  hang_timeout = g_strdup_printf ("--hang-timeout=%u", 700 * session_timeout_multiplier ());
  s->host
      = g_subprocess_launcher_spawn (launcher, &error, host_demo, hang_timeout,
                                     s->deck_override != NULL ? s->deck_override : deck, s->extra_arg, NULL);
  ck_assert_msg (s->host != NULL, "cannot start host-demo: %s", error ? error->message : "?");
  s->input = g_object_ref (g_subprocess_get_stdin_pipe (s->host));
  s->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->host));
  read_next (s);

  line = session_expect (s, "ready ");
  ck_assert_msg (sscanf (line, "ready %*u %d", &s->host_pid) == 1, "odd ready line: %s", line);
  session_expect (s, "slide 1");
}

static void
on_exited (GObject *source, GAsyncResult *result, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

/* Waits for a process to end; returns whether it did in time. */
gboolean
session_wait_exit (GSubprocess *process)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (process, NULL, on_exited, &done);
  return bridge_test_wait_for (&done, TIMEOUT_MS);
}

void
session_stop (Session *s)
{
  g_autofree char *quoted = g_shell_quote (s->dir);
  g_autofree char *rm = g_strdup_printf ("rm -rf %s", quoted);

  if (s->host != NULL)
    {
      /* End of input makes host-demo close its window and quit. */
      g_output_stream_close (s->input, NULL, NULL);
      if (!session_wait_exit (s->host))
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

int
session_plugin_pid (Session *s)
{
  g_autoptr (GArray) pids = plugin_pids (s);

  ck_assert_msg (pids->len == 1, "expected one video plugin process, found %u", pids->len);
  return g_array_index (pids, int, 0);
}

/* Waits for the next picture of video 0 drawn; returns its position. */
double
session_next_drawn (Session *s, guint64 *count)
{
  const char *line = session_expect (s, "video-drawn 0 ");
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
gboolean
session_wait_pid_exit (int pid)
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

/* Waits for the next "slide N" line and checks N. */
void
session_expect_slide (Session *s, guint n)
{
  g_autofree char *want = g_strdup_printf ("slide %u", n);

  ck_assert_str_eq (session_expect (s, "slide "), want);
}
