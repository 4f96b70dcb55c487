/* fuzz-manifest.c: plugin manifests (bridge_plugin_info_new_from_data)
 *
 * Input: the text of a .plugin file. A manifest that parses must keep the
 * promises docs/PROTOCOL.md "Manifests" makes: a valid name, an Exec line
 * that splits into at least a program, at least one valid interface.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "bridge-message-private.h"
#include "bridge-plugin-info-private.h"

#include <stdio.h>
#include <stdlib.h>

#define FAIL(...) (fprintf (stderr, "fuzz-manifest: " __VA_ARGS__), fputc ('\n', stderr), abort ())

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (BridgePluginInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  const char *const *interfaces;
  const char *const *argv;

  fuzz_init ();
  info = bridge_plugin_info_new_from_data ((const char *) data, (gssize) size,
                                           "/nonexistent/fuzz/fuzz.plugin", &error);
  if (info == NULL)
    {
      if (error == NULL || error->message == NULL)
        FAIL ("a manifest was refused without an error");
      return 0;
    }

  if (!bridge_name_is_valid (bridge_plugin_info_get_name (info)))
    FAIL ("accepted the invalid name '%s'", bridge_plugin_info_get_name (info));
  if (bridge_plugin_info_get_exec (info) == NULL)
    FAIL ("accepted a manifest without Exec");
  argv = bridge_plugin_info_get_argv (info);
  if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0')
    FAIL ("accepted an Exec line with no program");
  interfaces = bridge_plugin_info_get_interfaces (info);
  if (interfaces == NULL || interfaces[0] == NULL)
    FAIL ("accepted a manifest without interfaces");
  for (guint i = 0; interfaces[i] != NULL; i++)
    {
      if (!bridge_name_is_valid (interfaces[i]))
        FAIL ("accepted the invalid interface name '%s'", interfaces[i]);
      if (!bridge_plugin_info_implements (info, interfaces[i]))
        FAIL ("does not implement its own interface %s", interfaces[i]);
    }
  /* Optional keys: readable whatever they hold. */
  (void) g_utf8_validate (
      bridge_plugin_info_get_description (info) ? bridge_plugin_info_get_description (info) : "", -1, NULL);
  (void) bridge_plugin_info_get_version (info);
  (void) bridge_plugin_info_get_path (info);
  return 0;
}
