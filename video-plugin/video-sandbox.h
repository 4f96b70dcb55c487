/* video-sandbox.h: confining the video plugin (Landlock, seccomp)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VIDEO_SANDBOX_ENV:
 *
 * The environment variable through which a host sets the video plugin's
 * confinement (the plugin inherits the host's environment). Unset, the
 * plugin confines itself as far as the kernel allows: it reads only the
 * system's own files (libraries, GStreamer plugins, /etc, /proc, /sys,
 * /dev), writes nowhere but /dev, and a seccomp filter denies the calls
 * a decoder never needs (video-seccomp.c). "0" or "off" turns all that
 * off, for debugging. Any other value is a colon-separated list of files
 * and folders it may also read; with the word "required" in the list,
 * a plugin that cannot confine itself exits instead of running without.
 * docs/ROBUSTNESS.md, "Confinement".
 */
#define VIDEO_SANDBOX_ENV "LIBBRIDGE_VIDEO_SANDBOX"

/**
 * VideoSandboxMode:
 * @VIDEO_SANDBOX_OFF: not confined (%VIDEO_SANDBOX_ENV is "0" or "off")
 * @VIDEO_SANDBOX_DEFAULT: confined as far as the kernel allows
 * @VIDEO_SANDBOX_REQUIRED: confined, or the plugin exits
 *
 * How video_sandbox_setup() confined the process.
 */
typedef enum
{
  VIDEO_SANDBOX_OFF,
  VIDEO_SANDBOX_DEFAULT,
  VIDEO_SANDBOX_REQUIRED,
} VideoSandboxMode;

/**
 * VIDEO_SANDBOX_HELP:
 *
 * The plugin's --help text about its confinement.
 */
#define VIDEO_SANDBOX_HELP                                                                                   \
  "Environment:\n"                                                                                           \
  "  " VIDEO_SANDBOX_ENV "   unset: confined (Landlock: system files only; seccomp: no ptrace,\n"            \
  "                            mount, namespaces, keyrings, bpf; no network after local media);\n"           \
  "                            0 or off: not confined (debugging); PATH:PATH...: may also read\n"            \
  "                            these; add 'required' to exit when confinement is impossible\n"               \
  "  (docs/ROBUSTNESS.md, \"Confinement\")\n"

/* VIDEO_SANDBOX_ASAN: built with AddressSanitizer (.ci/sanitize). Its
 * LeakSanitizer stops the threads with ptrace at exit, and reads its
 * suppressions file then: such a build keeps ptrace and may read the
 * files named by suppressions= in $LSAN_OPTIONS. */
#if defined(__SANITIZE_ADDRESS__)
#define VIDEO_SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VIDEO_SANDBOX_ASAN 1
#endif
#endif

gboolean video_sandbox_apply (const char *const *media_paths, const char *listen_dir, GError **error);
int video_sandbox_setup (gboolean listens);
VideoSandboxMode video_sandbox_get_mode (void);
gboolean video_sandbox_allow_media (const char *location, GError **error);

G_END_DECLS
