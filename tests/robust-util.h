/* robust-util.h: helpers of test-robustness*.c and test-stress.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bridge-test-util.h"

G_BEGIN_DECLS

#define ROBUST_INTERFACE "org.libbridge.test.Robust1"
#define CLOCK_INTERFACE "org.libbridge.example.Clock1"
#define ROBUST_WATCHDOG_MS 20000

/* A registry that sees one manifest, "robust", whose Exec is
 * tests/robust-plugin with @args (may be NULL) appended. The manifest
 * lives in a folder of its own under $HOME; the registry is new. */
BridgeRegistry *robust_registry (const char *args);

/* A registry that sees one manifest @name with this Exec line and
 * interface list, written as given. */
BridgeRegistry *robust_registry_with_manifest (const char *name, const char *exec, const char *interfaces);

/* Connects with the async API while iterating the thread-default context;
 * returns the connection, or NULL with @error set. */
BridgeConnection *
robust_connect (BridgeRegistry *registry, const char *name, BridgeConnectFlags flags, GError **error);

/* A call that must succeed; the reply. */
GVariant *
robust_call (BridgeConnection *connection, const char *interface, const char *method, GVariant *args);

/* The robust plugin's Echo of @text, which must succeed. */
char *robust_echo (BridgeConnection *connection, const char *text);

/* Waits for a process we started (or were given by the registry) to end,
 * iterating the thread-default context. */
void robust_wait_for_exit (GSubprocess *proc);

/* Sends SIGKILL to any process (our child or not) and waits until it has
 * ended; FALSE on timeout. Does not iterate a main context. */
gboolean robust_kill_and_wait (int pid, guint timeout_ms);

/* For the process @pid: open fds, and resident memory in KiB
 * (/proc/PID/fd, VmRSS of /proc/PID/status). */
guint robust_count_fds_of (int pid);
guint64 robust_rss_kib_of (int pid);

/* Starts tests/robust-plugin (or @program) listening on its runtime
 * socket as @name, and waits until it answers there. */
GSubprocess *robust_start_listener (const char *program, const char *name);

/* Whether BRIDGE_STRESS=1 asks for the long versions of the loops. */
gboolean robust_stress (void);

G_END_DECLS
