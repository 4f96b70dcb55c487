/* bridgectl-monitor-plugins.c: bridgectl monitor --plugins, the plugins
 * on the search path as they come, change, go, start and stop
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridgectl.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

typedef struct
{
  GMainLoop *loop;
  GPtrArray *items; /* BridgePluginInfo: what the registry lists, mirrored */
  int max_lines;
  int seen;
} PluginMonitor;

/* One change: "added clock", "changed clock description", or the same
 * as a JSON object. */
static void
print_change (PluginMonitor *monitor, const char *change, BridgePluginInfo *info, const char *property)
{
  if (monitor->max_lines > 0 && monitor->seen >= monitor->max_lines)
    return;
  if (bridgectl_json)
    {
      g_autoptr (JsonBuilder) json = json_builder_new ();
      g_autofree char *now = bridgectl_now ();

      json_builder_begin_object (json);
      json_builder_set_member_name (json, "time");
      json_builder_add_string_value (json, now);
      json_builder_set_member_name (json, "change");
      json_builder_add_string_value (json, change);
      json_builder_set_member_name (json, "plugin");
      json_builder_add_string_value (json, bridge_plugin_info_get_name (info));
      if (property != NULL)
        {
          json_builder_set_member_name (json, "property");
          json_builder_add_string_value (json, property);
        }
      json_builder_end_object (json);
      bridgectl_print_json (json_builder_get_root (json));
    }
  else
    {
      bridgectl_print_line_start ();
      g_print ("%s %s%s%s\n", change, bridge_plugin_info_get_name (info), property != NULL ? " " : "",
               property != NULL ? property : "");
      /* Whoever reads a pipe from us sees each change as it comes. */
      fflush (stdout);
    }
  monitor->seen++;
  if (monitor->max_lines > 0 && monitor->seen >= monitor->max_lines)
    g_main_loop_quit (monitor->loop);
}

static void
on_notify (BridgePluginInfo *info, GParamSpec *pspec, gpointer user_data)
{
  PluginMonitor *monitor = user_data;

  if (g_strcmp0 (g_param_spec_get_name (pspec), "live") == 0)
    print_change (monitor, bridge_plugin_info_get_live (info) ? "live" : "not-live", info, NULL);
  else
    print_change (monitor, "changed", info, g_param_spec_get_name (pspec));
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  PluginMonitor *monitor = user_data;

  for (guint i = 0; i < removed; i++)
    {
      BridgePluginInfo *info = monitor->items->pdata[position + i];

      g_signal_handlers_disconnect_by_data (info, monitor);
      print_change (monitor, "removed", info, NULL);
    }
  g_ptr_array_remove_range (monitor->items, position, removed);

  for (guint i = 0; i < added; i++)
    {
      BridgePluginInfo *info = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (monitor->items, position + i, info);
      g_signal_connect (info, "notify", G_CALLBACK (on_notify), monitor);
      print_change (monitor, "added", info, NULL);
      if (bridge_plugin_info_get_live (info))
        print_change (monitor, "live", info, NULL);
    }
}

static gboolean
on_interrupt (gpointer user_data)
{
  PluginMonitor *monitor = user_data;

  g_main_loop_quit (monitor->loop);
  return G_SOURCE_CONTINUE;
}

int
bridgectl_monitor_plugins (int max_lines)
{
  g_autoptr (BridgeRegistry) registry = bridge_registry_new ();
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  PluginMonitor monitor = { loop, items, max_lines, 0 };
  guint sigint_id, sigterm_id;

  /* What is there already reads as if it had just come. */
  g_signal_connect (registry, "items-changed", G_CALLBACK (on_items_changed), &monitor);
  on_items_changed (G_LIST_MODEL (registry), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (registry)),
                    &monitor);
  if (max_lines > 0 && monitor.seen >= max_lines)
    return 0;

  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &monitor);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &monitor);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  for (guint i = 0; i < items->len; i++)
    g_signal_handlers_disconnect_by_data (items->pdata[i], &monitor);
  g_signal_handlers_disconnect_by_data (registry, &monitor);
  return 0;
}
