/* video-selftest.c: the plugin trying what its confinement denies
 *
 * tests/test-confine.c asks a running plugin, through the test-only
 * method SelfTest(s action) -> (s result), to attempt one thing the
 * confinement should deny, from inside the plugin's own process: the
 * result is "ok" or the errno's name. The method exists only when the
 * plugin was started with VIDEO_SELFTEST_ENV=1.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-selftest.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/**
 * video_selftest_enabled:
 *
 * Returns: whether %VIDEO_SELFTEST_ENV asks for SelfTest
 */
gboolean
video_selftest_enabled (void)
{
  return g_strcmp0 (g_getenv (VIDEO_SELFTEST_ENV), "1") == 0;
}

static char *
result (int ret)
{
  if (ret >= 0)
    return g_strdup ("ok");
  return g_strdup (strerrorname_np (errno) != NULL ? strerrorname_np (errno) : "unknown");
}

static char *
close_result (int fd)
{
  int errsv = errno;

  if (fd >= 0)
    close (fd);
  errno = errsv;
  return result (fd);
}

/* "NoNewPrivs=1 Seccomp=2" from /proc/self/status. */
static char *
status (void)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GString *out = g_string_new (NULL);

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return g_string_free (out, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "NoNewPrivs:") || g_str_has_prefix (lines[i], "Seccomp:"))
      {
        g_auto (GStrv) kv = g_strsplit_set (lines[i], ":\t ", -1);
        const char *value = "";

        for (guint j = 1; kv[j] != NULL; j++)
          if (kv[j][0] != '\0')
            value = kv[j];
        g_string_append_printf (out, "%s%s=%s", out->len ? " " : "", kv[0], value);
      }
  return g_string_free (out, FALSE);
}

/* "U of N unfiltered": the threads (of N) whose Seccomp is not 2. */
static char *
threads (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint n = 0, unfiltered = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", name, "status", NULL);
      g_autofree char *text = NULL;

      /* A thread that ended meanwhile has no status. */
      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      n++;
      if (strstr (text, "\nSeccomp:\t2\n") == NULL)
        unfiltered++;
    }
  return g_strdup_printf ("%u of %u unfiltered", unfiltered, n);
}

/**
 * video_selftest_run:
 * @action: what to try: "open-passwd", "open-proc-parent" (the host's
 *   /proc/PID/environ), "open-dev-shm", "socket-inet", "socket-unix",
 *   "ptrace", "unshare", "mount", "keyctl", "bpf", "status" or "threads"
 *
 * Returns: (transfer full) (nullable): "ok", the errno's name ("EPERM",
 *   "EACCES" ...), for "status" the process's "NoNewPrivs=N Seccomp=N",
 *   for "threads" "U of N unfiltered" (threads without the filter);
 *   %NULL for an unknown action
 */
char *
video_selftest_run (const char *action)
{
  if (g_str_equal (action, "open-passwd"))
    return close_result (open ("/etc/passwd", O_RDONLY | O_CLOEXEC));
  if (g_str_equal (action, "open-proc-parent"))
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/environ", (int) getppid ());
      return close_result (open (path, O_RDONLY | O_CLOEXEC));
    }
  if (g_str_equal (action, "open-dev-shm"))
    return close_result (open ("/dev/shm", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (g_str_equal (action, "open-tmp"))
    return close_result (open (g_get_tmp_dir (), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (g_str_equal (action, "socket-inet"))
    return close_result (socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (g_str_equal (action, "socket-inet6"))
    return close_result (socket (AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (g_str_equal (action, "socket-unix"))
    return close_result (socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  /* Not PTRACE_TRACEME: allowed, it would make the test process this
   * one's tracer. Peeking at ourselves fails with ESRCH where ptrace is
   * allowed (we do not trace ourselves), EPERM where it is filtered. */
  if (g_str_equal (action, "ptrace"))
    return result ((int) ptrace (PTRACE_PEEKUSER, getpid (), NULL, NULL));
  /* A new user namespace needs a single-threaded process: a child's. */
  if (g_str_equal (action, "unshare"))
    {
      pid_t pid = fork ();
      int status;

      if (pid == 0)
        _exit (unshare (CLONE_NEWUSER) == 0 ? 0 : errno);
      if (pid < 0 || waitpid (pid, &status, 0) != pid || !WIFEXITED (status))
        return g_strdup ("unknown");
      errno = WEXITSTATUS (status);
      return result (errno == 0 ? 0 : -1);
    }
  /* A target that does not exist: ENOENT where mounting is allowed (the
   * tests run as root too), EPERM without CAP_SYS_ADMIN or filtered. */
  if (g_str_equal (action, "mount"))
    return result (mount ("none", "/nonexistent-libbridge-selftest", "tmpfs", 0, NULL));
  if (g_str_equal (action, "keyctl"))
    return result ((int) syscall (__NR_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
  if (g_str_equal (action, "bpf"))
    {
      union bpf_attr attr = { 0 };

      /* An invalid map: EINVAL where bpf() may be called. */
      attr.map_type = BPF_MAP_TYPE_ARRAY;
      return result ((int) syscall (__NR_bpf, BPF_MAP_CREATE, &attr, sizeof attr));
    }
  if (g_str_equal (action, "status"))
    return status ();
  if (g_str_equal (action, "threads"))
    return threads ();
  return NULL;
}
