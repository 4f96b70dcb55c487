/* bench-util.h: what every benchmark program needs (private to bench/)
 *
 * Results go to stdout as `key=value` lines, one figure a line; anything
 * for people goes to stderr. Children are this same program started again
 * with `--child ROLE ...`, so nothing forks after a library started
 * threads (GStreamer, GDBus).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The fd a child finds its end of the socketpair on. */
#define BENCH_CHILD_FD 3

/* Reads every byte of a picture, as a consumer that uploads or converts
 * it would; the sum goes where the compiler cannot drop it. */
void bench_read_frame (const guint8 *data, gsize size);

/* Keeps this process (its threads, present and future) on CPU @cpu, if
 * the machine has more than one; see docs/PERFORMANCE.md for why. */
void bench_pin_cpu (guint cpu);

/* Prints `key=value` with the value formatted by @format, and flushes. */
void bench_print (const char *key, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Monotonic time in nanoseconds. */
gint64 bench_now_ns (void);

/* User + system CPU time of this process (RUSAGE_SELF) or of its reaped
 * children (RUSAGE_CHILDREN), in microseconds. */
gint64 bench_cpu_us (int who);

/* VmRSS of process @pid (0: this one) in kB, from /proc/<pid>/status;
 * -1 if it cannot be read. */
gint64 bench_rss_kb (int pid);

/* The @percent percentile (0-100) of @samples, sorting them in place. */
gint64 bench_percentile (GArray *samples, double percent);

/* Starts this program again as `--child ROLE args...`, with @fd (if >= 0)
 * as fd BENCH_CHILD_FD in the child; @fd is closed here. Aborts the
 * benchmark if that fails: without its peer nothing can be measured. */
GSubprocess *bench_spawn_child (GSubprocessFlags flags, int fd, const char *role, ...) G_GNUC_NULL_TERMINATED;

/* Waits for @child and complains on stderr if it did not exit cleanly. */
void bench_reap (GSubprocess *child);

/* A connected AF_UNIX socketpair of @type, close-on-exec; aborts on
 * failure. */
void bench_socketpair (int type, int sv[2]);

/* Writes or reads exactly @len bytes on a blocking fd; FALSE on error or
 * end of file. */
gboolean bench_write_all (int fd, const void *buf, gsize len);
gboolean bench_read_all (int fd, void *buf, gsize len);

G_END_DECLS
