/* host-demo-run.c: running host-demo from the tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A real host-demo process of the build tree, its output collected;
 * test-export.c and test-check.c drive it.
 */
#include "config.h"

#include "host-demo-run.h"

#include <string.h>

#include "bridge-test-util.h"

void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

char *
host_demo_path (void)
{
  return g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "..", "host-demo", "host-demo", NULL);
}

char *
sample_deck_path (void)
{
  return g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "..", "host-demo", "sample", "deck.md", NULL);
}

/* Runs host-demo with args and waits for it. env holds NAME=VALUE pairs
 * to set, or NAME alone to unset. */
void
run_host_demo_argv (Run *run, const char *const *env, const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, host_demo_path ());
  for (; *args != NULL; args++)
    g_ptr_array_add (argv, g_strdup (*args));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Audio devices are no business of these tests. */
  g_subprocess_launcher_setenv (launcher, "BRIDGE_VIDEO_AUDIO", "none", TRUE);
  for (; env != NULL && *env != NULL; env++)
    {
      const char *eq = strchr (*env, '=');

      if (eq == NULL)
        g_subprocess_launcher_unsetenv (launcher, *env);
      else
        {
          g_autofree char *name = g_strndup (*env, eq - *env);

          g_subprocess_launcher_setenv (launcher, name, eq + 1, TRUE);
        }
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  ck_assert_msg (process != NULL, "cannot start host-demo: %s", error ? error->message : "?");
  ck_assert_msg (g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error),
                 "host-demo: %s", error ? error->message : "?");
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/* The same, with the arguments listed and NULL after the last. */
void
run_host_demo (Run *run, const char *const *env, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  run_host_demo_argv (run, env, (const char *const *) args->pdata);
}
