/* driver.c: runs a fuzz target over files, without libFuzzer
 *
 * Each argument is a file, or a folder whose files are all run, in name
 * order. This is how the seed corpora (and every crash ever found, kept
 * in them) run as regular tests, with any compiler; a finding aborts, and
 * so does an input that takes more than 5 s. A fatal GLib warning
 * (G_DEBUG=fatal-warnings) traps: the driver names the input that did it
 * before it dies, so the finding is kept.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "fuzz-common.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INPUT_LIMIT_MS 5000u

static guint
timeout_multiplier (void)
{
  const char *value = g_getenv ("CK_TIMEOUT_MULTIPLIER");

  return value != NULL ? MAX ((guint) g_ascii_strtoull (value, NULL, 10), 1u) : 1u;
}

/* The input being run, for the signal handler. */
static const char *current_input;

static void
write_str (const char *s)
{
  ssize_t ignored = write (STDERR_FILENO, s, strlen (s));

  (void) ignored;
}

/* G_BREAKPOINT (a fatal log message) or an abort: say which input,
 * async-signal-safely, then die of the same signal. */
static void
on_fatal_signal (int signum)
{
  write_str ("driver: fatal signal ");
  write_str (signum == SIGTRAP ? "SIGTRAP (a fatal GLib warning or critical)" : "SIGABRT");
  write_str (" on input ");
  write_str (current_input != NULL ? current_input : "(none)");
  write_str ("\n");
  signal (signum, SIG_DFL);
  raise (signum);
}

static guint
run_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize size;

  if (!g_file_get_contents (path, &data, &size, &error))
    {
      fprintf (stderr, "driver: %s\n", error->message);
      exit (1);
    }
  /* An exact-size copy, so that ASan sees a read past the end. */
  g_autofree guint8 *copy = g_memdup2 (data, size);
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;

  current_input = path;
  LLVMFuzzerTestOneInput (copy, size);
  current_input = NULL;
  /* A hang is a finding too (libFuzzer's -timeout): no input of a few KiB
   * deserves seconds; more time under valgrind (CK_TIMEOUT_MULTIPLIER). */
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  if (elapsed_ms > INPUT_LIMIT_MS * timeout_multiplier ())
    {
      fprintf (stderr, "driver: %s took %" G_GINT64_FORMAT " ms, more than %u ms\n", path, elapsed_ms,
               INPUT_LIMIT_MS * timeout_multiplier ());
      abort ();
    }
  return 1;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static guint
run_path (const char *path)
{
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return run_file (path);

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "driver: %s\n", error->message);
      exit (1);
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    n += run_path (names->pdata[i]);
  return n;
}

int
main (int argc, char **argv)
{
  guint n = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE-OR-FOLDER...\n", argv[0]);
      return 2;
    }
  signal (SIGTRAP, on_fatal_signal);
  signal (SIGABRT, on_fatal_signal);
  for (int i = 1; i < argc; i++)
    n += run_path (argv[i]);
  if (n == 0)
    {
      fprintf (stderr, "driver: no inputs in the given paths\n");
      return 1;
    }
  printf ("%s: %u inputs ran without a finding\n", g_get_prgname () ? g_get_prgname () : argv[0], n);
  return 0;
}
