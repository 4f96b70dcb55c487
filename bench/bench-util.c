/* bench-util.c: printing, clocks, memory and children for the benchmarks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bench-util.h"

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile guint64 frame_sum;

void
bench_read_frame (const guint8 *data, gsize size)
{
  const guint64 *words = (const guint64 *) data;
  guint64 sum = 0;

  for (gsize i = 0; i < size / 8; i++)
    sum += words[i];
  frame_sum += sum;
}

void
bench_pin_cpu (guint cpu)
{
  long n_cpus = sysconf (_SC_NPROCESSORS_ONLN);
  cpu_set_t set;

  if (n_cpus < 2)
    return;
  CPU_ZERO (&set);
  CPU_SET (cpu % (guint) n_cpus, &set);
  /* All threads: the ones started later inherit it. */
  if (sched_setaffinity (0, sizeof set, &set) != 0)
    g_printerr ("%s: cannot pin to CPU %u: %s\n", g_get_prgname (), cpu, g_strerror (errno));
}

void
bench_print (const char *key, const char *format, ...)
{
  va_list args;

  printf ("%s=", key);
  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  printf ("\n");
  fflush (stdout);
}

gint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

gint64
bench_cpu_us (int who)
{
  struct rusage ru;

  getrusage (who, &ru);
  return (gint64) ru.ru_utime.tv_sec * G_USEC_PER_SEC + ru.ru_utime.tv_usec
         + (gint64) ru.ru_stime.tv_sec * G_USEC_PER_SEC + ru.ru_stime.tv_usec;
}

gint64
bench_rss_kb (int pid)
{
  g_autofree char *path = pid > 0 ? g_strdup_printf ("/proc/%d/status", pid) : g_strdup ("/proc/self/status");
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  line = strstr (text, "\nVmRSS:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10);
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

gint64
bench_percentile (GArray *samples, double percent)
{
  gsize index;

  if (samples->len == 0)
    return 0;
  g_array_sort (samples, compare_gint64);
  /* Nearest rank: the smallest sample with at least @percent of them at
   * or below it. */
  index = (gsize) (percent / 100.0 * samples->len + 0.999999);
  index = CLAMP (index, 1, samples->len) - 1;
  return g_array_index (samples, gint64, index);
}

GSubprocess *
bench_spawn_child (GSubprocessFlags flags, int fd, const char *role, ...)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  GSubprocess *child;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_file_read_link ("/proc/self/exe", NULL));
  g_ptr_array_add (argv, g_strdup ("--child"));
  g_ptr_array_add (argv, g_strdup (role));
  va_start (args, role);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (fd >= 0)
    g_subprocess_launcher_take_fd (launcher, fd, BENCH_CHILD_FD);
  child = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  if (child == NULL)
    g_error ("cannot start the %s child: %s", role, error->message);
  return child;
}

void
bench_reap (GSubprocess *child)
{
  g_autoptr (GError) error = NULL;

  if (!g_subprocess_wait_check (child, NULL, &error))
    g_printerr ("%s: a child failed: %s\n", g_get_prgname (), error->message);
}

void
bench_socketpair (int type, int sv[2])
{
  if (socketpair (AF_UNIX, type | SOCK_CLOEXEC, 0, sv) < 0)
    g_error ("socketpair: %s", g_strerror (errno));
}

gboolean
bench_write_all (int fd, const void *buf, gsize len)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      gssize n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
bench_read_all (int fd, void *buf, gsize len)
{
  guint8 *p = buf;

  while (len > 0)
    {
      gssize n = read (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}
