/* bridgectl.c: the command-line client of libbridge, in the spirit of
 * gdbus and busctl
 *
 *   bridgectl list                               plugins on the search path
 *   bridgectl introspect PLUGIN                  interfaces, methods, events
 *   bridgectl call PLUGIN IFACE.METHOD [ARGS]    one call, GVariant text
 *   bridgectl monitor PLUGIN [--interface I]     events as they arrive
 *   bridgectl monitor --plugins                  plugins as they come and go
 *   bridgectl start PLUGIN                       a listening instance
 *   bridgectl wait PLUGIN                        until it is live
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridgectl.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const BridgectlCommand *const commands[] = {
  &bridgectl_list_command,    &bridgectl_introspect_command, &bridgectl_call_command,
  &bridgectl_monitor_command, &bridgectl_start_command,      &bridgectl_wait_command,
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage:\n  bridgectl COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-11s %s\n", commands[i]->name, commands[i]->summary);
  fprintf (out,
           "\nRun 'bridgectl COMMAND --help' for a command's options.\n"
           "Plugins are found through LIBBRIDGE_PLUGIN_PATH, then the XDG data folders\n"
           "(libbridge/plugins) and %s.\n\n%s\n",
           BRIDGE_PLUGIN_DIR, BRIDGECTL_EXIT_HELP);
}

int
main (int argc, char **argv)
{
  const char *name;

  setlocale (LC_ALL, "");
  g_set_prgname ("bridgectl");

  if (argc < 2)
    {
      print_usage (stderr);
      return BRIDGECTL_EXIT_USAGE;
    }
  name = argv[1];
  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  if (strcmp (name, "--version") == 0)
    {
      g_print ("bridgectl %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i]->name, name) == 0)
      {
        int status = commands[i]->run (argc - 1, argv + 1);

        /* Plugins this run started get the 2 s of PROTOCOL.md section 10.4
         * to exit, then the library kills them: wait for that. */
        bridgectl_wait_started_plugins ();
        return status;
      }

  bridgectl_printerr ("unknown command '%s' (see 'bridgectl --help')", name);
  return BRIDGECTL_EXIT_USAGE;
}
