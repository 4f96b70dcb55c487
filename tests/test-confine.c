/* test-confine.c: the video plugin's default confinement, seen from inside
 *
 * docs/ROBUSTNESS.md, "Confinement": a plugin started with nothing in
 * LIBBRIDGE_VIDEO_SANDBOX is confined (Landlock, seccomp). Each plugin
 * here runs with LIBBRIDGE_VIDEO_SELFTEST=1, which exports the test-only
 * method SelfTest: the plugin itself tries what should be denied and says
 * what happened (video-plugin/video-selftest.c). With the off switch, the
 * same attempt gives what this test's own user gets, tried in a forked
 * child of this process. Media the host opened arrives with OpenFd.
 *
 * Without Landlock (an old kernel, or valgrind, which does not know its
 * calls) every case skips.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "video-host.h"
#include "video-sandbox.h"
#include "video-selftest.h"

/* A build with AddressSanitizer keeps ptrace (video-sandbox.h). */
static gboolean
ptrace_kept (const char *action)
{
#ifdef VIDEO_SANDBOX_ASAN
  return g_str_equal (action, "ptrace");
#else
  return FALSE;
#endif
}

static gboolean
have_landlock (void)
{
  return syscall (__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) >= 1;
}

/* A plugin with SelfTest, confined by default (@sandbox NULL) or as
 * @sandbox says. The tests' environment gives plugins the source and
 * build trees (tests/meson.build); not these. */
static Video *
start_plugin (const char *sandbox)
{
  Video *v;

  if (sandbox == NULL)
    g_unsetenv ("LIBBRIDGE_VIDEO_SANDBOX");
  else
    g_setenv ("LIBBRIDGE_VIDEO_SANDBOX", sandbox, TRUE);
  g_setenv (VIDEO_SELFTEST_ENV, "1", TRUE);
  v = video_start ();
  g_unsetenv (VIDEO_SELFTEST_ENV);
  return v;
}

static char *
self_test (Video *v, const char *action)
{
  g_autoptr (GVariant) reply = video_call_ok (v, "SelfTest", g_variant_new ("(s)", action));
  char *result;

  g_variant_get (reply, "(s)", &result);
  return result;
}

/* What this test's user gets for @action, tried in a child so that
 * nothing it does (a new user namespace) stays with this process. */
static char *
user_gets (const char *action)
{
  char buf[128] = { 0 };
  int fds[2];
  pid_t pid;
  int status;
  ssize_t n;

  ck_assert_int_eq (pipe (fds), 0);
  pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      g_autofree char *result = video_selftest_run (action);

      close (fds[0]);
      if (write (fds[1], result, strlen (result)) < 0)
        _exit (1);
      _exit (0);
    }
  close (fds[1]);
  n = read (fds[0], buf, sizeof buf - 1);
  close (fds[0]);
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  ck_assert_msg (n > 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0, "%s: the child said nothing",
                 action);
  return g_strdup (buf);
}

/* The sample, copied where no plugin may read by path: this test's HOME. */
static char *
sample_outside (void)
{
  g_autofree char *sample = video_media_path ("sample-vp8.webm");
  char *path = g_build_filename (g_get_home_dir (), "outside-clip.webm", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  ck_assert (g_file_get_contents (sample, &contents, &len, NULL));
  ck_assert (g_file_set_contents (path, contents, len, NULL));
  return path;
}

/* OpenFd with @path opened here, as a host does. */
static GVariant *
open_fd (Video *v, const char *path, GError **error)
{
  g_autoptr (GUnixFDList) fds = g_unix_fd_list_new ();
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  ck_assert_msg (fd >= 0, "cannot open %s", path);
  ck_assert_int_eq (g_unix_fd_list_append (fds, fd, NULL), 0);
  close (fd);
  return bridge_connection_call_sync (v->connection, VIDEO_INTERFACE_NAME, "OpenFd", g_variant_new ("(h)", 0),
                                      fds, NULL, CALL_TIMEOUT_MS, NULL, error);
}

static void
open_fd_ok (Video *v, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = open_fd (v, path, &error);
  g_autoptr (GVariant) info = NULL;

  ck_assert_msg (reply != NULL, "OpenFd %s: %s", path, error ? error->message : "?");
  g_variant_get (reply, "(@a{sv})", &info);
  video_check_sample_info (info, "VP8");
}

static const struct
{
  const char *action, *confined;
} denials[] = {
  { "open-passwd", "EACCES" },      /* Landlock: of /etc, only what GStreamer reads */
  { "open-proc-parent", "EACCES" }, /* of /proc, only its own process */
  { "open-dev-shm", "EACCES" },     /* of /dev, no one else's shared memory */
  { "open-tmp", "EACCES" },
  { "socket-inet", "EPERM" },
  { "socket-inet6", "EPERM" },
  { "ptrace", "EPERM" },
  { "unshare", "EPERM" },
  { "mount", "EPERM" },
  { "keyctl", "EPERM" },
  { "bpf", "EPERM" },
};

/* Started with the defaults and given local media, the plugin may do
 * none of the things in denials[] from inside; what it needs still
 * works: AF_UNIX sockets, playing, stills. */
START_TEST (test_default_denies)
{
  g_autofree char *outside = sample_outside ();
  g_autoptr (Video) v = NULL;
  g_autofree char *status = NULL;
  g_autofree char *unix_socket = NULL;
  guint width, height;

  if (!have_landlock ())
    BRIDGE_TEST_SKIP ("no Landlock here (the kernel lacks it, or valgrind does not know its calls)");
  v = start_plugin (NULL);
  video_set_output (v, 0, 0, &width, &height);
  open_fd_ok (v, outside);

  for (guint i = 0; i < G_N_ELEMENTS (denials); i++)
    {
      g_autofree char *got = NULL;

      if (ptrace_kept (denials[i].action))
        continue;
      got = self_test (v, denials[i].action);
      ck_assert_msg (g_str_equal (got, denials[i].confined), "confined plugin, %s: expected %s, got %s",
                     denials[i].action, denials[i].confined, got);
    }
  unix_socket = self_test (v, "socket-unix");
  ck_assert_msg (g_str_equal (unix_socket, "ok"), "confined plugin, socket-unix: %s", unix_socket);
  status = self_test (v, "status");
  ck_assert_msg (strstr (status, "NoNewPrivs=1") != NULL && strstr (status, "Seccomp=2") != NULL,
                 "confined plugin's /proc/self/status: %s", status);

  /* Confined, it still plays and grabs stills. */
  video_simple (v, "Play", NULL);
  ck_assert_msg (video_wait_frames (v, 5, WAIT_MS), "the confined plugin plays no frames from OpenFd");
  {
    g_autoptr (GVariant) still = video_call_ok (
        v, "GetStill", g_variant_new ("(xuu)", (gint64) 1500 * MS_NS, (guint32) 0, (guint32) 0));
    g_autoptr (GVariant) pixels = NULL;
    const guint8 *p;
    guint32 w, h, stride, format;
    gsize len;

    g_variant_get (still, "(uuuu@ay)", &w, &h, &stride, &format, &pixels);
    ck_assert_msg (w == SAMPLE_WIDTH && h == SAMPLE_HEIGHT, "still %ux%u", w, h);
    ck_assert_uint_eq (format, BRIDGE_FRAME_FORMAT_BGRA);
    p = g_variant_get_fixed_array (pixels, &len, 1);
    ck_assert_uint_ge (len, (gsize) stride * h);
    p += BOX_Y * stride + BOX_X * 4;
    /* 1.5 s: the box is green (BGRA). */
    ck_assert_msg (p[1] > 180 && p[0] < 80 && p[2] < 80, "the still's box is (%u, %u, %u), not green", p[2],
                   p[1], p[0]);
  }
  /* Every thread has the filter, those GStreamer started after it
   * (streaming, the still's pipeline) and before it (TSYNC). */
  {
    g_autofree char *threads = self_test (v, "threads");
    guint unfiltered = 1, n = 0;

    ck_assert_msg (sscanf (threads, "%u of %u unfiltered", &unfiltered, &n) == 2, "threads: %s", threads);
    ck_assert_msg (unfiltered == 0 && n > 2, "confined plugin: %s", threads);
  }
  ck_assert (!v->closed);
}
END_TEST

/* LIBBRIDGE_VIDEO_SANDBOX=off: each attempt gives what this user gets. */
START_TEST (test_off_allows)
{
  g_autofree char *outside = sample_outside ();
  g_autoptr (Video) v = NULL;
  g_autofree char *status = NULL;

  if (!have_landlock ())
    BRIDGE_TEST_SKIP ("no Landlock here (the kernel lacks it, or valgrind does not know its calls)");
  v = start_plugin ("off");
  open_fd_ok (v, outside);
  for (guint i = 0; i < G_N_ELEMENTS (denials); i++)
    {
      g_autofree char *got = self_test (v, denials[i].action);
      g_autofree char *user = user_gets (denials[i].action);

      ck_assert_msg (g_str_equal (got, user), "plugin with the sandbox off, %s: got %s, its user gets %s",
                     denials[i].action, got, user);
    }
  status = self_test (v, "status");
  ck_assert_msg (strstr (status, "Seccomp=0") != NULL, "unconfined plugin's /proc/self/status: %s", status);
}
END_TEST

/* Confined, Open of a path outside what it may read is a clear error
 * that names OpenFd; the same file through OpenFd opens
 * (docs/VIDEO-INTERFACE.md §6.14). */
START_TEST (test_open_path_outside_fails)
{
  g_autofree char *outside = sample_outside ();
  g_autoptr (Video) v = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;

  if (!have_landlock ())
    BRIDGE_TEST_SKIP ("no Landlock here (the kernel lacks it, or valgrind does not know its calls)");
  v = start_plugin (NULL);
  reply = video_call (v, "Open", g_variant_new ("(s)", outside), &error);
  ck_assert_msg (reply == NULL, "the confined plugin opened %s by path", outside);
  ck_assert_msg (g_error_matches (error, video_error_domain (), VIDEO_ERROR_NOT_FOUND),
                 "expected NOT_FOUND: %s", error->message);
  ck_assert_msg (strstr (error->message, "Permission denied") != NULL
                     && strstr (error->message, "OpenFd") != NULL,
                 "unclear error: %s", error->message);
  open_fd_ok (v, outside);
}
END_TEST

/* A streaming URI first: the plugin keeps the network (the rest of the
 * filter stays). Local media first: a later streaming URI is refused. */
START_TEST (test_network_decided_by_first_media)
{
  g_autofree char *outside = sample_outside ();
  g_autoptr (Video) streaming = NULL;
  g_autoptr (Video) local = NULL;
  g_autofree char *inet = NULL;
  g_autofree char *ptrace = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;

  if (!have_landlock ())
    BRIDGE_TEST_SKIP ("no Landlock here (the kernel lacks it, or valgrind does not know its calls)");
  streaming = start_plugin (NULL);
  /* The discard port on loopback: nothing answers. */
  video_call_fails (streaming, "Open", g_variant_new ("(s)", "http://127.0.0.1:9/x.webm"),
                    VIDEO_ERROR_NETWORK);
  inet = self_test (streaming, "socket-inet");
  ck_assert_msg (g_str_equal (inet, "ok"), "after an http URI, socket-inet: %s", inet);
  ptrace = self_test (streaming, ptrace_kept ("ptrace") ? "bpf" : "ptrace");
  ck_assert_msg (g_str_equal (ptrace, "EPERM"), "after an http URI, the rest of the filter: %s", ptrace);

  local = start_plugin (NULL);
  open_fd_ok (local, outside);
  reply = video_call (local, "Open", g_variant_new ("(s)", "http://127.0.0.1:9/x.webm"), &error);
  ck_assert (reply == NULL);
  ck_assert_msg (g_error_matches (error, video_error_domain (), VIDEO_ERROR_NETWORK)
                     && strstr (error->message, "gave up the network") != NULL,
                 "expected the network refused: %s", error->message);
}
END_TEST

/* OpenFd's argument errors (docs/VIDEO-INTERFACE.md §6.14): the fd
 * must be in the call, and of a regular file. */
START_TEST (test_open_fd_errors)
{
  g_autoptr (Video) v = NULL;
  g_autoptr (GUnixFDList) fds = g_unix_fd_list_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  int dir;

  if (!have_landlock ())
    BRIDGE_TEST_SKIP ("no Landlock here (the kernel lacks it, or valgrind does not know its calls)");
  v = start_plugin (NULL);
  /* An index past the fds the call carries. */
  video_call_fails (v, "OpenFd", g_variant_new ("(h)", 0), VIDEO_ERROR_INVALID_ARGUMENT);
  /* A folder. */
  dir = open (g_get_home_dir (), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ck_assert_int_ge (dir, 0);
  ck_assert_int_eq (g_unix_fd_list_append (fds, dir, NULL), 0);
  close (dir);
  reply = bridge_connection_call_sync (v->connection, VIDEO_INTERFACE_NAME, "OpenFd",
                                       g_variant_new ("(h)", 0), fds, NULL, CALL_TIMEOUT_MS, NULL, &error);
  ck_assert (reply == NULL);
  ck_assert_msg (g_error_matches (error, video_error_domain (), VIDEO_ERROR_NOT_MEDIA), "a folder: %s",
                 error->message);
  ck_assert (!v->closed);
}
END_TEST

static Suite *
confine_suite (void)
{
  Suite *s = suite_create ("confine");
  TCase *tc = tcase_create ("confine");

  tcase_add_test (tc, test_default_denies);
  tcase_add_test (tc, test_off_allows);
  tcase_add_test (tc, test_open_path_outside_fails);
  tcase_add_test (tc, test_network_decided_by_first_media);
  tcase_add_test (tc, test_open_fd_errors);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (confine_suite)
