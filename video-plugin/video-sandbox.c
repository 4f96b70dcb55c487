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

#include "bridge-video-interface.h"
#include "video-seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <string.h>
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
 * read at run time (/proc/self, device nodes). Of /etc only what decoding,
 * sound, fonts and streaming read: the dynamic linker's cache, fonts,
 * TLS certificates, time zone, name resolution, sound configuration. Not
 * the rest: /etc/passwd, /etc/shadow, the host's secrets and settings
 * (GLib falls back without the user database). */
static const char *const system_paths[] = {
  "/usr",
  "/lib",
  "/lib64",
  /* Of /proc, only our own process and the few system-wide files read:
   * not /proc/<pid>/mem of the host or of anything else of the user's. */
  "/proc/self",
  "/proc/cpuinfo",
  "/proc/meminfo",
  "/proc/stat",
  "/proc/filesystems",
  "/proc/sys",
  "/sys",
  /* Of /dev, the sound and render devices and the usual pseudo-devices:
   * not /dev/shm, where other programs keep shared memory. */
  "/dev/snd",
  "/dev/dri",
  "/dev/null",
  "/dev/zero",
  "/dev/full",
  "/dev/random",
  "/dev/urandom",
  "/etc/ld.so.cache",
  "/etc/fonts",
  "/etc/ssl",
  "/etc/ca-certificates",
  "/etc/gnutls",
  "/etc/localtime",
  "/etc/timezone",
  "/etc/hosts",
  "/etc/host.conf",
  "/etc/resolv.conf",
  "/etc/nsswitch.conf",
  "/etc/gai.conf",
  "/etc/services",
  "/etc/protocols",
  "/etc/asound.conf",
  "/etc/alsa",
  "/etc/pulse",
  "/etc/openal",
  "/etc/xdg",
  "/etc/mime.types",
  "/etc/gstreamer-1.0",
  NULL,
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
 * @listen_dir: (nullable): the folder where the plugin makes and removes
 *   its listening socket (bridge_service_run()), or %NULL
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
video_sandbox_apply (const char *const *media_paths, const char *listen_dir, GError **error)
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
                g_str_has_prefix (system_paths[i], "/dev/") ? READ_TREE | LANDLOCK_ACCESS_FS_WRITE_FILE
                                                            : READ_TREE,
                attr.handled_access_fs, error);
  if (ok && listen_dir != NULL)
    ok = allow (ruleset, listen_dir,
                LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_REMOVE_FILE,
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

/* --- the mode, from the environment -------------------------------------- */

static struct
{
  VideoSandboxMode mode;
  gboolean network_decided;
  gboolean network_allowed;
} sandbox = { VIDEO_SANDBOX_OFF, FALSE, TRUE };

/* What a media location needs: nothing beyond what the process holds (a
 * path, a file: URI, an fd), or else the network: any other scheme
 * (http, rtsp, udp, srt, rtmp ...) is a stream from somewhere. */
static gboolean
needs_network (const char *location)
{
  static const char *const local[] = { "file", "bridgefd", NULL };
  g_autofree char *scheme = location != NULL ? g_uri_parse_scheme (location) : NULL;

  if (scheme == NULL)
    return FALSE;
  for (guint i = 0; local[i] != NULL; i++)
    if (g_ascii_strcasecmp (scheme, local[i]) == 0)
      return FALSE;
  return TRUE;
}

/**
 * video_sandbox_get_mode:
 *
 * Returns: how video_sandbox_setup() confined this process
 */
VideoSandboxMode
video_sandbox_get_mode (void)
{
  return sandbox.mode;
}

/**
 * video_sandbox_allow_media:
 * @location: (nullable): what Open was given (a URI or a path), or %NULL
 *   for OpenFd's fd
 * @error: return location for a %VIDEO_ERROR
 *
 * Called before the plugin opens media. The first media decides whether
 * the process keeps the network: a streaming URI (http, https, rtsp)
 * does; anything else makes the process give up every socket family but
 * AF_UNIX for good (video_seccomp_deny_network()). Later media that need
 * the network then fail here.
 *
 * Returns: %TRUE if the media may be opened
 */
gboolean
video_sandbox_allow_media (const char *location, GError **error)
{
  gboolean network = location != NULL && needs_network (location);
  g_autoptr (GError) local_error = NULL;

  if (sandbox.mode == VIDEO_SANDBOX_OFF)
    return TRUE;
  if (sandbox.network_decided)
    {
      if (network && !sandbox.network_allowed)
        {
          g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_NETWORK,
                       "%s: this video plugin gave up the network when it opened local media "
                       "(docs/ROBUSTNESS.md \"Confinement\"); a new plugin can stream it",
                       location);
          return FALSE;
        }
      return TRUE;
    }
  sandbox.network_decided = TRUE;
  sandbox.network_allowed = network;
  if (network)
    return TRUE;
  if (!video_seccomp_deny_network (&local_error))
    {
      if (sandbox.mode == VIDEO_SANDBOX_REQUIRED)
        {
          /* Not decided: the next local media must not play unfiltered. */
          sandbox.network_decided = FALSE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      sandbox.network_allowed = TRUE;
      g_message ("confinement: %s; the plugin keeps the network", local_error->message);
    }
  return TRUE;
}

/**
 * video_sandbox_setup:
 * @listens: whether the plugin will listen on its runtime socket (started
 *   by hand, or with --listen), which it binds after confining itself
 *
 * Confines the plugin as %VIDEO_SANDBOX_ENV says (docs/ROBUSTNESS.md,
 * "Confinement"): by default with Landlock (the system's files only) and
 * the seccomp filter of video_seccomp_apply(). Call it after gst_init()
 * and before anything starts a thread.
 *
 * Unset or empty, the confinement is best effort: what the kernel cannot
 * do is said in one message and the plugin runs without it. "0" or "off"
 * turns confinement off. Otherwise the value is a colon-separated list
 * of files and folders the plugin may also read, with the word "required"
 * among them if the host wants the confinement or no plugin: then
 * whatever cannot be set up goes to stderr and the plugin must exit.
 *
 * Returns: 0, or the exit status for main()
 */
int
video_sandbox_setup (gboolean listens)
{
  const char *value = g_getenv (VIDEO_SANDBOX_ENV);
  g_auto (GStrv) words = NULL;
  g_autoptr (GPtrArray) paths = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *listen_dir = NULL;
  g_auto (GStrv) lsan_options = NULL;
  gboolean landlock;

  if (value != NULL && (g_str_equal (value, "0") || g_ascii_strcasecmp (value, "off") == 0))
    {
      sandbox.mode = VIDEO_SANDBOX_OFF;
      g_debug ("sandbox: off (%s=%s)", VIDEO_SANDBOX_ENV, value);
      return 0;
    }
  sandbox.mode = VIDEO_SANDBOX_DEFAULT;
  words = g_strsplit (value != NULL ? value : "", G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (words[i], "required"))
      sandbox.mode = VIDEO_SANDBOX_REQUIRED;
    else if (words[i][0] != '\0')
      g_ptr_array_add (paths, words[i]);
#ifdef VIDEO_SANDBOX_ASAN
  lsan_options = g_strsplit (g_getenv ("LSAN_OPTIONS") ? g_getenv ("LSAN_OPTIONS") : "", ":", -1);
  for (guint i = 0; lsan_options[i] != NULL; i++)
    if (g_str_has_prefix (lsan_options[i], "suppressions="))
      g_ptr_array_add (paths, lsan_options[i] + strlen ("suppressions="));
#endif
  g_ptr_array_add (paths, NULL);

  /* dconf writes under ~/.cache and $XDG_RUNTIME_DIR, which a confined
   * plugin cannot: GSettings (GIO's proxy settings, for streaming) keeps
   * its values in memory instead, the defaults. Still one thread here. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* As libbridge names it (bridge-registry.c), made now so that Landlock
   * has a folder to allow; libbridge checks it later. */
  if (listens)
    {
      const char *base = g_getenv ("XDG_RUNTIME_DIR");

      listen_dir = g_build_filename (base != NULL && base[0] != '\0' ? base : g_get_user_runtime_dir (),
                                     "libbridge", NULL);
      g_mkdir_with_parents (listen_dir, 0700);
    }
  landlock = video_sandbox_apply ((const char *const *) paths->pdata, listen_dir, &error);
  if (!landlock && sandbox.mode == VIDEO_SANDBOX_REQUIRED)
    {
      fprintf (stderr, "libbridge-video-plugin: %s=%s was asked for: %s\n", VIDEO_SANDBOX_ENV, value,
               error->message);
      return 1;
    }
  if (!landlock)
    g_message ("confinement: %s; the plugin reads any file its user may (docs/ROBUSTNESS.md "
               "\"Confinement\")",
               error->message);
  g_clear_error (&error);
  if (!video_seccomp_apply (&error))
    {
      if (sandbox.mode == VIDEO_SANDBOX_REQUIRED)
        {
          fprintf (stderr, "libbridge-video-plugin: %s=%s was asked for: %s\n", VIDEO_SANDBOX_ENV, value,
                   error->message);
          return 1;
        }
      g_message ("confinement: %s; the plugin runs without a syscall filter", error->message);
    }
  return 0;
}
