/* bridgectl-list.c: bridgectl list, the plugins on the search path
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridgectl.h"

#include <string.h>

static gboolean names_only;
static gboolean show_path;

static const GOptionEntry entries[] = {
  { "names", 0, 0, G_OPTION_ARG_NONE, &names_only, "Print only the plugin names, one a line", NULL },
  { "search-path", 'p', 0, G_OPTION_ARG_NONE, &show_path, "Print the folders searched for manifests first",
    NULL },
  BRIDGECTL_JSON_ENTRY,
  G_OPTION_ENTRY_NULL,
};

static int run (int argc, char **argv);
static void print_table (BridgeRegistry *registry, GListModel *plugins);

const BridgectlCommand bridgectl_list_command = {
  "list",
  "",
  "List the plugins found: name, interfaces, manifest, running or not",
  run,
};

static char *
join_interfaces (BridgePluginInfo *info)
{
  return g_strjoinv (",", (char **) bridge_plugin_info_get_interfaces (info));
}

/* json-glib writes a NULL string as no valid JSON: null instead. */
static void
add_string_or_null (JsonBuilder *builder, const char *value)
{
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* [{"name": ..., "live": ..., "interfaces": [...], ...}, ...] */
static JsonNode *
plugins_to_json (BridgeRegistry *registry, GListModel *plugins)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint n = 0; n < g_list_model_get_n_items (plugins); n++)
    {
      g_autoptr (BridgePluginInfo) info = g_list_model_get_item (plugins, n);
      const char *const *interfaces = bridge_plugin_info_get_interfaces (info);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, bridge_plugin_info_get_name (info));
      json_builder_set_member_name (builder, "live");
      json_builder_add_boolean_value (builder, bridge_registry_is_live (registry, info));
      json_builder_set_member_name (builder, "interfaces");
      json_builder_begin_array (builder);
      for (guint i = 0; interfaces[i] != NULL; i++)
        json_builder_add_string_value (builder, interfaces[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "description");
      add_string_or_null (builder, bridge_plugin_info_get_description (info));
      json_builder_set_member_name (builder, "manifest");
      add_string_or_null (builder, bridge_plugin_info_get_path (info));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static int
run (int argc, char **argv)
{
  g_autoptr (BridgeRegistry) registry = NULL;
  GListModel *plugins;
  const char *const *warnings;
  int status = 0;

  if (!bridgectl_parse_options (&bridgectl_list_command, entries, FALSE, &argc, &argv, &status))
    return status;
  if (!bridgectl_check_arguments (&bridgectl_list_command, argc, argv, 0, 0))
    return BRIDGECTL_EXIT_USAGE;

  if (show_path && bridgectl_json)
    {
      bridgectl_printerr ("list: --search-path and --json do not go together");
      return BRIDGECTL_EXIT_USAGE;
    }
  registry = bridge_registry_new ();
  plugins = G_LIST_MODEL (registry);

  if (show_path)
    {
      const char *const *path = bridge_registry_get_search_path (registry);

      g_print ("Search path:\n");
      for (guint i = 0; path[i] != NULL; i++)
        g_print ("  %s%s\n", path[i], g_file_test (path[i], G_FILE_TEST_IS_DIR) ? "" : " (does not exist)");
      g_print ("\n");
    }

  if (bridgectl_json)
    bridgectl_print_json (plugins_to_json (registry, plugins));
  else if (names_only)
    {
      for (guint i = 0; i < g_list_model_get_n_items (plugins); i++)
        {
          g_autoptr (BridgePluginInfo) info = g_list_model_get_item (plugins, i);

          g_print ("%s\n", bridge_plugin_info_get_name (info));
        }
      return 0;
    }
  else
    print_table (registry, plugins);

  /* Broken manifests are worth knowing about, but are not our failure. */
  warnings = bridge_registry_get_warnings (registry);
  for (guint i = 0; warnings[i] != NULL; i++)
    bridgectl_printerr ("skipped %s", warnings[i]);
  if (g_list_model_get_n_items (plugins) == 0)
    bridgectl_printerr ("no plugins found (see 'bridgectl list --search-path')");
  return 0;
}

static void
print_table (BridgeRegistry *registry, GListModel *plugins)
{
  guint n = g_list_model_get_n_items (plugins);
  int name_width = 4, iface_width = 10;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BridgePluginInfo) info = g_list_model_get_item (plugins, i);
      g_autofree char *ifaces = join_interfaces (info);

      name_width = MAX (name_width, (int) g_utf8_strlen (bridge_plugin_info_get_name (info), -1));
      iface_width = MAX (iface_width, (int) strlen (ifaces));
    }

  if (n > 0)
    g_print ("%-*s  %-4s  %-*s  %s\n", name_width, "NAME", "LIVE", iface_width, "INTERFACES", "MANIFEST");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BridgePluginInfo) info = g_list_model_get_item (plugins, i);
      g_autofree char *ifaces = join_interfaces (info);

      g_print ("%-*s  %-4s  %-*s  %s\n", name_width, bridge_plugin_info_get_name (info),
               bridge_registry_is_live (registry, info) ? "yes" : "no", iface_width, ifaces,
               bridge_plugin_info_get_path (info));
    }
}
