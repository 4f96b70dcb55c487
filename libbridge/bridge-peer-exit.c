/* bridge-peer-exit.c: how a plugin this side started ended
 *
 * A host whose plugin dies mid-call is told how it died, not only that
 * the connection ended (docs/ROBUSTNESS.md, "Plugins that fail"). The end of
 * the plugin's input comes first: the kernel closes a dying process's
 * files a moment before it becomes a zombie. So the end of input waits
 * briefly for the zombie, with waitid(WNOWAIT), which looks without
 * reaping: GLib's child watch still reaps the process and tells the
 * GSubprocess. If GLib got there first, the GSubprocess knows.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-peer-exit-private.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>

static char *
describe_status (gboolean exited, int code)
{
  if (exited)
    return g_strdup_printf ("exited with status %d", code);
  return g_strdup_printf ("was killed by signal %d (%s)", code, g_strsignal (code));
}

char *
bridge_describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_exited (process))
    return describe_status (TRUE, g_subprocess_get_exit_status (process));
  if (g_subprocess_get_if_signaled (process))
    return describe_status (FALSE, g_subprocess_get_term_sig (process));
  return g_strdup ("ended");
}

char *
bridge_describe_peer_exit (GSubprocess *process, guint wait_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) wait_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      /* NULL once GLib's child watch has reaped it. */
      const char *identifier = g_subprocess_get_identifier (process);
      if (identifier == NULL)
        return bridge_describe_exit (process);

      siginfo_t info = { 0 };
      pid_t pid = (pid_t) g_ascii_strtoll (identifier, NULL, 10);
      if (waitid (P_PID, (id_t) pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
        return describe_status (info.si_code == CLD_EXITED, info.si_status);
      /* ECHILD: reaped between the two looks; the next look tells. */
      if (g_get_monotonic_time () >= deadline)
        return NULL;
      g_usleep (G_TIME_SPAN_MILLISECOND);
    }
}
