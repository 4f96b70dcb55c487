/* window-session.h: host-demo under Xvfb, for test-window*.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bridge-test-util.h"

G_BEGIN_DECLS

/* A safety net, longer under valgrind (CK_TIMEOUT_MULTIPLIER). */
#define TIMEOUT_MS (20000 * session_timeout_multiplier ())

guint session_timeout_multiplier (void);

/* One host-demo under its own Xvfb. Zero it, set the deck fields if need
 * be, then session_start(); session_stop() ends both and removes the
 * session's folder. */
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
  const char *deck_override; /* another deck than the three-slide one */
  const char *deck_text;     /* written instead of the three-slide one, beside the clip */
  const char *extra_arg;     /* one more option for host-demo */
} Session;

/* Starts Xvfb and host-demo on the deck (with the sample clip beside it),
 * @env (NAME=VALUE, may be NULL) added to host-demo's environment; waits
 * for "ready" and "slide 1". */
void session_start (Session *s, const char *const *env);
/* An Xvfb of @size ("1280x720x24") on a free display, which it returns
 * (":N"); it dies with the test. */
char *session_start_xvfb (GSubprocess **xvfb, const char *size);
void session_stop (Session *s);

/* Waits for the next line starting with @prefix, skipping others; fails
 * the test if none comes. The line belongs to the session. */
const char *session_expect (Session *s, const char *prefix);
/* Waits for the next "slide N" line and checks N. */
void session_expect_slide (Session *s, guint n);
/* Sends a command of the test hook (host-demo/test-control.c). */
void session_send (Session *s, const char *command);

/* Waits for the next picture of video 0 drawn; returns its position,
 * and its count in @count (may be NULL). */
double session_next_drawn (Session *s, guint64 *count);
/* The one video plugin process host-demo runs (fails if not one). */
int session_plugin_pid (Session *s);

/* Waits for a child of ours, or for any process by pid; whether it ended
 * in time (a process not ours still there is killed). */
gboolean session_wait_exit (GSubprocess *process);
gboolean session_wait_pid_exit (int pid);
/* A GSpawnChildSetupFunc: the child dies with the test. */
void session_die_with_parent (gpointer data);

G_END_DECLS
