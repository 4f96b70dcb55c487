/* video-seccomp.c: the video plugin's syscall filter (seccomp)
 *
 * Landlock (video-sandbox.c) takes the plugin's file system away; this
 * takes away the kernel interfaces a decoder never needs and an exploit
 * loves: debugging other processes (ptrace, process_vm_*), mounting and
 * namespaces (the usual way to privileges in a container), keyrings, bpf,
 * perf events, io_uring. A denied call fails with EPERM, as if the kernel
 * refused it: GStreamer and GLib keep running, and nothing is killed.
 *
 * The filter is for the whole process: SCMP_FLTATR_CTL_TSYNC puts it on
 * every thread there is (GStreamer's and GLib's included) and threads
 * inherit it, and it cannot be removed. A second filter, once the first
 * media is known to be local (video_sandbox_allow_media()), denies
 * sockets of every family but AF_UNIX: the host connection and the frame
 * ring are AF_UNIX and memfds.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-seccomp.h"

#include "video-sandbox.h"

#include <errno.h>
#include <gio/gio.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/socket.h>

static const char *const denied[] = {
#ifndef VIDEO_SANDBOX_ASAN /* LeakSanitizer needs ptrace */
  "ptrace",
#endif
  "process_vm_readv",
  "process_vm_writev",
  "mount",
  "umount2",
  "pivot_root",
  "chroot",
  "fsopen",
  "fsmount",
  "fspick",
  "move_mount",
  "open_tree",
  "unshare",
  "setns",
  "keyctl",
  "add_key",
  "request_key",
  "bpf",
  "perf_event_open",
  "userfaultfd",
  "io_uring_setup",
  NULL,
};

/* The namespaces clone() must not make; unshare() is denied outright. */
static const guint64 namespace_flags[] = {
  CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP,
};

static gboolean
failed (int ret, const char *what, GError **error)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (-ret), "seccomp: %s: %s", what, g_strerror (-ret));
  return FALSE;
}

static gboolean
load (scmp_filter_ctx ctx, GError **error)
{
  int ret;

  /* Every thread, or none: TSYNC fails rather than leave one out. */
  if ((ret = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_TSYNC, 1)) < 0)
    return failed (ret, "this kernel (or valgrind) cannot filter every thread at once (TSYNC)", error);
  if ((ret = seccomp_load (ctx)) < 0)
    return failed (ret, "cannot load the filter", error);
  return TRUE;
}

/**
 * video_seccomp_apply:
 * @error: return location for a #GError
 *
 * Denies (EPERM) to every thread of the process, for good: ptrace,
 * process_vm_readv/writev, mounting, unshare, setns, clone() into new
 * namespaces, the keyrings, bpf, perf_event_open, userfaultfd and
 * io_uring. clone3() fails with ENOSYS, so that glibc falls back to
 * clone(), whose flags a filter can see. Sets PR_SET_NO_NEW_PRIVS.
 *
 * Returns: %TRUE if the filter is in place
 */
gboolean
video_seccomp_apply (GError **error)
{
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  gboolean ok = TRUE;
  int ret = 0;

  if (ctx == NULL)
    return failed (-ENOMEM, "cannot make a filter", error);
  for (guint i = 0; ret >= 0 && denied[i] != NULL; i++)
    {
      int nr = seccomp_syscall_resolve_name (denied[i]);

      if (nr != __NR_SCMP_ERROR)
        ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), nr, 0);
    }
  for (guint i = 0; ret >= 0 && i < G_N_ELEMENTS (namespace_flags); i++)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (clone), 1,
                            SCMP_A0 (SCMP_CMP_MASKED_EQ, namespace_flags[i], namespace_flags[i]));
  if (ret >= 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (clone3), 0);
  if (ret < 0)
    ok = failed (ret, "cannot add a rule", error);
  else
    ok = load (ctx, error);
  seccomp_release (ctx);
  if (ok)
    g_debug ("seccomp: filter loaded");
  return ok;
}

/**
 * video_seccomp_deny_network:
 * @error: return location for a #GError
 *
 * Denies (EPERM) socket() and socketpair() for every family but AF_UNIX,
 * to every thread of the process, for good.
 *
 * Returns: %TRUE if the filter is in place
 */
gboolean
video_seccomp_deny_network (GError **error)
{
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  gboolean ok;
  int ret;

  if (ctx == NULL)
    return failed (-ENOMEM, "cannot make a filter", error);
  ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (socket), 1, SCMP_A0 (SCMP_CMP_NE, AF_UNIX));
  if (ret >= 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (socketpair), 1,
                            SCMP_A0 (SCMP_CMP_NE, AF_UNIX));
  ok = ret >= 0 ? load (ctx, error) : failed (ret, "cannot add a rule", error);
  seccomp_release (ctx);
  if (ok)
    g_debug ("seccomp: sockets other than AF_UNIX denied");
  return ok;
}
