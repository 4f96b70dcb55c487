/* bridge-test-util.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-test-util.h"

#include <locale.h>
#include <sys/mman.h>
#include <sys/socket.h>

static gboolean
flag_is_set (gpointer data)
{
  return *(const gboolean *) data;
}

static gboolean
on_watchdog (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
bridge_test_wait_until (gboolean (*cond) (gpointer data), gpointer data, guint timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, on_watchdog, &expired);

  while (!cond (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return cond (data);
}

gboolean
bridge_test_wait_for (const gboolean *flag, guint timeout_ms)
{
  return bridge_test_wait_until (flag_is_set, (gpointer) flag, timeout_ms);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} HandshakeWait;

static void
on_handshake (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HandshakeWait *wait = user_data;

  wait->ok = bridge_connection_handshake_finish (BRIDGE_CONNECTION (source), result, &wait->error);
  wait->done = TRUE;
}

void
bridge_test_connection_pair (BridgeConnection **a, BridgeConnection **b)
{
  int fds[2];
  GError *error = NULL;
  HandshakeWait wa = { 0 }, wb = { 0 };

  ck_assert_int_eq (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  *a = bridge_connection_new_for_fd (fds[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  ck_assert_msg (*a != NULL, "connection a: %s", error ? error->message : "?");
  *b = bridge_connection_new_for_fd (fds[1], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  ck_assert_msg (*b != NULL, "connection b: %s", error ? error->message : "?");
  bridge_connection_set_name (*a, "a");
  bridge_connection_set_name (*b, "b");
  bridge_connection_handshake_async (*a, NULL, on_handshake, &wa);
  bridge_connection_handshake_async (*b, NULL, on_handshake, &wb);
  ck_assert (bridge_test_wait_for (&wa.done, 10000));
  ck_assert (bridge_test_wait_for (&wb.done, 10000));
  ck_assert_msg (wa.ok, "handshake a: %s", wa.error ? wa.error->message : "?");
  ck_assert_msg (wb.ok, "handshake b: %s", wb.error ? wb.error->message : "?");
}

guint
bridge_test_count_fds (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  ck_assert (dir != NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n - 1; /* the GDir's own fd */
}

char *
bridge_test_build_path (const char *name)
{
  return g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), name, NULL);
}

char *
bridge_test_src_path (const char *name)
{
  return g_build_filename (g_getenv ("BRIDGE_TEST_SRCDIR"), name, NULL);
}

/* The skips of a run, in memory shared with check's forked test
 * children, which record them. */
#define MAX_SKIPS 64

typedef struct
{
  char test[160];
  char reason[352];
} Skip;

typedef struct
{
  guint n;
  Skip skips[MAX_SKIPS];
} SkipRecord;

static SkipRecord *skip_record;

void
bridge_test_skip (int iteration, const char *format, ...)
{
  g_autofree char *reason = NULL;
  va_list args;
  guint i;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  /* As check names a test in its reports: name:iteration. */
  g_printerr ("SKIP %s:%d: %s\n", tcase_name (), iteration, reason);
  if (skip_record == NULL)
    return;
  i = skip_record->n++;
  if (i >= MAX_SKIPS)
    return;
  g_snprintf (skip_record->skips[i].test, sizeof skip_record->skips[i].test, "%s:%d", tcase_name (),
              iteration);
  g_strlcpy (skip_record->skips[i].reason, reason, sizeof skip_record->skips[i].reason);
}

int
bridge_test_main (int argc, char **argv, Suite *(*suite_func) (void) )
{
  SRunner *runner;
  int failed;
  int run;
  guint skipped;

  /* UTF-8, but C's messages and number formats whatever the user's. */
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    setlocale (LC_ALL, "C");
  skip_record = mmap (NULL, sizeof *skip_record, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  g_assert (skip_record != MAP_FAILED);
  skip_record->n = 0;

  runner = srunner_create (suite_func ());
  /* A TCase named runs alone, whatever its tags. */
  if (argc > 1)
    g_unsetenv ("CK_EXCLUDE_TAGS");
  srunner_run (runner, NULL, argc > 1 ? argv[1] : NULL, CK_ENV);
  failed = srunner_ntests_failed (runner);
  run = srunner_ntests_run (runner);
  srunner_free (runner);

  skipped = skip_record->n;
  if (run == 0 && failed == 0)
    {
      g_printerr ("no test ran: is %s a TCase of this suite?\n", argc > 1 ? argv[1] : "$CK_RUN_CASE");
      failed = 1;
    }
  if (skipped > 0)
    {
      g_printerr ("%u of %d tests skipped:\n", skipped, run);
      for (guint i = 0; i < skipped && i < MAX_SKIPS; i++)
        g_printerr ("  SKIP %s: %s\n", skip_record->skips[i].test, skip_record->skips[i].reason);
    }
  munmap (skip_record, sizeof *skip_record);
  skip_record = NULL;
  if (failed > 0)
    return 1;
  return skipped > 0 ? 77 : 0;
}
