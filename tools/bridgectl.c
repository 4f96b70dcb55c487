/* bridgectl.c: the command-line client of libbridge, in the spirit of
 * gdbus and busctl
 *
 *   bridgectl list                               plugins on the search path
 *   bridgectl introspect PLUGIN                  interfaces, methods, events
 *   bridgectl call PLUGIN IFACE.METHOD [ARGS]    one call, GVariant text
 *   bridgectl monitor PLUGIN [--interface I]     events as they arrive
 *   bridgectl start PLUGIN                       a listening instance
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
  &bridgectl_monitor_command, &bridgectl_start_command,
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
           "(libbridge/plugins) and %s.\n",
           BRIDGE_PLUGIN_DIR);
}

/* Run from the build tree (tools/bridgectl there, not an installed copy),
 * the plugins built next to it come first, so that it works before
 * anything is installed. BRIDGECTL_BUILD_ROOT is the build root, baked in
 * at compile time; the check on our own path keeps an installed copy from
 * looking there. */
static void
add_build_tree_plugins (void)
{
#ifdef BRIDGECTL_BUILD_ROOT
  static const char *const dirs[] = { "examples", "examples/python", "video-plugin" };
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *root = realpath (BRIDGECTL_BUILD_ROOT, NULL);
  g_autofree char *tool = NULL;
  g_autoptr (GPtrArray) path = NULL;
  const char *env = g_getenv ("LIBBRIDGE_PLUGIN_PATH");

  if (exe == NULL || root == NULL)
    return;
  tool = g_build_filename (root, "tools", "bridgectl", NULL);
  if (strcmp (exe, tool) != 0)
    return;

  /* After what the user asked for, before everything else. */
  path = g_ptr_array_new_with_free_func (g_free);
  if (env != NULL && env[0] != '\0')
    g_ptr_array_add (path, g_strdup (env));
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      char *dir = g_build_filename (root, dirs[i], NULL);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (path, dir);
      else
        g_free (dir);
    }
  g_ptr_array_add (path, NULL);
  g_autofree char *value = g_strjoinv (G_SEARCHPATH_SEPARATOR_S, (char **) path->pdata);
  g_setenv ("LIBBRIDGE_PLUGIN_PATH", value, TRUE);
#endif
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

  add_build_tree_plugins ();
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
