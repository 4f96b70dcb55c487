/* video-sandbox.c: confining the video plugin's file access (Landlock)
 *
 * Decoding a hostile file happens in the plugin's process; if a demuxer
 * bug hands that file control of the process, what it can reach is what
 * the process can. Landlock (Linux >= 5.13, unprivileged) lets the
 * process give up file system access for good: after
 * video_sandbox_apply() it can open for reading only the media it was
 * given and the system files GStreamer needs, and write nowhere but /dev
 * (sound devices). Sockets, memfds and fds it already holds are not file
 * system access and keep working: the host connection, the frame ring.
 *
 * seccomp cannot look at paths, and bubblewrap needs user namespaces
 * (often unavailable in containers), so Landlock is the tool here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ABI 3 (Linux 6.2); older headers lack it. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

#define READ_FILE (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE)
#define READ_TREE (READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

/* Where GStreamer, its plugins and their libraries live, and what they
 * read at run time (fonts, locale, /proc/self, device nodes). */
static const char *const system_paths[] = {
  "/usr", "/lib", "/lib64", "/etc", "/proc", "/sys", "/dev", NULL,
};

static int
landlock_create_ruleset (const struct landlock_ruleset_attr *attr, size_t size, guint32 flags)
{
  return (int) syscall (__NR_landlock_create_ruleset, attr, size, flags);
}

static int
landlock_add_rule (int ruleset, enum landlock_rule_type type, const void *attr, guint32 flags)
{
  return (int) syscall (__NR_landlock_add_rule, ruleset, type, attr, flags);
}

static int
landlock_restrict_self (int ruleset, guint32 flags)
{
  return (int) syscall (__NR_landlock_restrict_self, ruleset, flags);
}

/* Allows @access under @path (a folder) or on it (a file: only the rights
 * that apply to files). A path that does not exist is skipped. */
static gboolean
allow (int ruleset, const char *path, guint64 access, guint64 handled, GError **error)
{
  struct landlock_path_beneath_attr rule = { 0 };
  struct stat st;
  int fd = open (path, O_PATH | O_CLOEXEC);
  int errsv;

  if (fd < 0)
    {
      g_debug ("sandbox: %s skipped: %s", path, g_strerror (errno));
      return TRUE;
    }
  if (fstat (fd, &st) == 0 && !S_ISDIR (st.st_mode))
    access &= READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE;
  rule.parent_fd = fd;
  rule.allowed_access = access & handled;
  if (landlock_add_rule (ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) == 0)
    {
      close (fd);
      return TRUE;
    }
  errsv = errno;
  close (fd);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "sandbox: cannot allow %s: %s", path,
               g_strerror (errsv));
  return FALSE;
}

/* Landlock confines the calling thread and the threads it starts later,
 * not the ones already running; the caller makes sure there are none. */
static guint
count_threads (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/**
 * video_sandbox_apply:
 * @media_paths: files and folders the plugin may read media from
 * @error: return location for a #GError
 *
 * Confines this process for the rest of its life: it may read
 * @media_paths and the system's files, and write only under /dev.
 * Threads started before keep their access; call it before any.
 *
 * Returns: %TRUE if the process is confined; %FALSE with @error set
 *   (%G_IO_ERROR_NOT_SUPPORTED: the kernel has no Landlock)
 */
gboolean
video_sandbox_apply (const char *const *media_paths, GError **error)
{
  struct landlock_ruleset_attr attr = { 0 };
  guint64 write = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR
                  | LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR
                  | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK
                  | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK
                  | LANDLOCK_ACCESS_FS_MAKE_SYM;
  int abi, ruleset, errsv;
  gboolean ok = TRUE;

  abi = landlock_create_ruleset (NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (abi < 0)
    {
      errsv = errno;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "sandbox: this kernel offers no Landlock (%s)", g_strerror (errsv));
      return FALSE;
    }
  /* Rights the kernel does not know cannot be handled; newer ones that
   * would still let a file be changed are added where known. */
  if (abi >= 2)
    write |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3)
    write |= LANDLOCK_ACCESS_FS_TRUNCATE;
  attr.handled_access_fs = READ_TREE | write;
  if (count_threads () != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "sandbox: %u threads run already, and Landlock would not confine them", count_threads ());
      return FALSE;
    }

  ruleset = landlock_create_ruleset (&attr, sizeof attr, 0);
  if (ruleset < 0)
    {
      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "sandbox: cannot create a ruleset: %s",
                   g_strerror (errsv));
      return FALSE;
    }
  for (guint i = 0; ok && system_paths[i] != NULL; i++)
    ok = allow (ruleset, system_paths[i],
                g_str_equal (system_paths[i], "/dev") ? READ_TREE | LANDLOCK_ACCESS_FS_WRITE_FILE : READ_TREE,
                attr.handled_access_fs, error);
  for (guint i = 0; ok && media_paths != NULL && media_paths[i] != NULL; i++)
    if (media_paths[i][0] != '\0')
      ok = allow (ruleset, media_paths[i], LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR,
                  attr.handled_access_fs, error);

  /* Unprivileged processes may confine themselves only without the
   * means to gain privileges back. */
  if (ok && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    {
      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "sandbox: PR_SET_NO_NEW_PRIVS: %s",
                   g_strerror (errsv));
      ok = FALSE;
    }
  if (ok && landlock_restrict_self (ruleset, 0) != 0)
    {
      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "sandbox: cannot confine the process: %s", g_strerror (errsv));
      ok = FALSE;
    }
  close (ruleset);
  if (ok)
    g_debug ("sandbox: confined (Landlock ABI %d, %u threads)", abi, count_threads ());
  return ok;
}

/**
 * video_sandbox_setup:
 *
 * Confines the plugin if its host asked for it with %VIDEO_SANDBOX_ENV.
 * A host that asks for confinement gets it or no plugin: when the
 * sandbox cannot be set up, the reason goes to stderr and the plugin
 * must exit.
 *
 * Returns: 0, or the exit status for main()
 */
int
video_sandbox_setup (void)
{
  const char *value = g_getenv (VIDEO_SANDBOX_ENV);
  g_auto (GStrv) paths = NULL;
  g_autoptr (GError) error = NULL;

  if (value == NULL)
    return 0;
  paths = g_strsplit (value, G_SEARCHPATH_SEPARATOR_S, -1);
  if (!video_sandbox_apply ((const char *const *) paths, &error))
    {
      fprintf (stderr, "libbridge-video-plugin: %s=%s was asked for: %s\n", VIDEO_SANDBOX_ENV, value,
               error->message);
      return 1;
    }
  return 0;
}
