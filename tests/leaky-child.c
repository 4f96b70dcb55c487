/* leaky-child.c: a forked child that loses memory and exits 0, so that
 * tests/valgrind.sh is seen failing the run on a leak in a process whose
 * exit status nobody checks (tests/meson.build, valgrind-sees-child-leak).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* volatile: the compiler may not leave out the allocation. */
static void *volatile held;

int
main (void)
{
  pid_t pid = fork ();
  int status;

  if (pid == 0)
    {
      held = malloc (88);
      held = NULL;
      _exit (0);
    }
  return pid > 0 && waitpid (pid, &status, 0) == pid ? 0 : 1;
}
