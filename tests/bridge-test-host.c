/* bridge-test-host.c: a host for test-activation to kill
 *
 * Starts a fresh instance of the plugin named on the command line through
 * the registry (bridge_registry_connect_sync()), prints the plugin's pid
 * on stdout and then serves its connection until killed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <bridge.h>
#include <stdio.h>

#include "bridge-activation-private.h"

int
main (int argc, char **argv)
{
  g_autoptr (BridgeRegistry) registry = NULL;
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  BridgePluginInfo *info;

  if (argc != 2)
    {
      g_printerr ("usage: %s PLUGIN-NAME\n", argv[0]);
      return 2;
    }

  registry = bridge_registry_new ();
  info = bridge_registry_find_by_name (registry, argv[1]);
  if (info == NULL)
    {
      g_printerr ("%s: no plugin called %s\n", argv[0], argv[1]);
      return 1;
    }
  connection = bridge_registry_connect_sync (registry, info, BRIDGE_CONNECT_FLAGS_NEW_INSTANCE, NULL, &error);
  if (connection == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  /* The process the registry started for this connection. */
  printf ("%s\n", g_subprocess_get_identifier (bridge_registry_get_subprocess (connection)));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
