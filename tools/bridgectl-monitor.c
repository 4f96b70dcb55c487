/* bridgectl-monitor.c: bridgectl monitor, a plugin's events as they arrive
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridgectl.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

static char *only_interface;
static int max_events;
static gboolean plugins;

static const GOptionEntry entries[] = {
  { "interface", 'i', 0, G_OPTION_ARG_STRING, &only_interface, "Only show the events of this interface",
    "INTERFACE" },
  { "count", 'c', 0, G_OPTION_ARG_INT, &max_events, "Exit after this many events (or lines, with --plugins)",
    "N" },
  { "plugins", 'p', 0, G_OPTION_ARG_NONE, &plugins,
    "Watch the plugins on the search path instead of one plugin's events", NULL },
  BRIDGECTL_JSON_ENTRY,
  BRIDGECTL_TIMESTAMPS_ENTRY,
  G_OPTION_ENTRY_NULL,
};

static int run (int argc, char **argv);

const BridgectlCommand bridgectl_monitor_command = {
  "monitor",
  "PLUGIN | --plugins",
  "Print the events a plugin emits as they arrive, one a line:\n"
  "INTERFACE.EVENT ARGUMENTS. Runs until interrupted or the plugin goes away.\n"
  "With --plugins, print the plugins of the search path as they change instead,\n"
  "one a line: added NAME, removed NAME, changed NAME PROPERTY, live NAME,\n"
  "not-live NAME; the plugins already there come first, as added.\n"
  "With --json, one JSON object a line, with the time: {\"time\": ..., \"interface\": ...,\n"
  "\"event\": ..., \"args\": [...], \"fds\": N}, or with --plugins {\"time\": ...,\n"
  "\"change\": \"added\", \"plugin\": NAME[, \"property\": ...]}.",
  run,
};

typedef struct
{
  GMainLoop *loop;
  int seen;
  int status;
} Monitor;

static void
on_event (BridgeConnection *connection,
          const char *interface,
          const char *event,
          GVariant *args,
          GUnixFDList *fds,
          gpointer user_data)
{
  Monitor *monitor = user_data;
  g_autofree char *printed = NULL;

  if (only_interface != NULL && g_strcmp0 (interface, only_interface) != 0)
    return;

  if (bridgectl_json)
    {
      g_autoptr (JsonBuilder) json = json_builder_new ();
      g_autofree char *now = bridgectl_now ();

      json_builder_begin_object (json);
      json_builder_set_member_name (json, "time");
      json_builder_add_string_value (json, now);
      json_builder_set_member_name (json, "interface");
      json_builder_add_string_value (json, interface);
      json_builder_set_member_name (json, "event");
      json_builder_add_string_value (json, event);
      json_builder_set_member_name (json, "args");
      json_builder_add_value (json, json_gvariant_serialize (args));
      json_builder_set_member_name (json, "fds");
      json_builder_add_int_value (json, fds != NULL ? g_unix_fd_list_get_length (fds) : 0);
      json_builder_end_object (json);
      bridgectl_print_json (json_builder_get_root (json));
      goto counted;
    }

  bridgectl_print_line_start ();
  printed = g_variant_print (args, TRUE);
  if (fds != NULL && g_unix_fd_list_get_length (fds) > 0)
    g_print ("%s.%s %s  [%d fds]\n", interface, event, printed, g_unix_fd_list_get_length (fds));
  else
    g_print ("%s.%s %s\n", interface, event, printed);
  /* Whoever reads a pipe from us sees each event as it comes. */
  fflush (stdout);

counted:
  monitor->seen++;
  if (max_events > 0 && monitor->seen >= max_events)
    g_main_loop_quit (monitor->loop);
}

static void
on_closed (BridgeConnection *connection, BridgeCloseReason reason, const char *message, gpointer user_data)
{
  Monitor *monitor = user_data;

  bridgectl_printerr ("%s closed the connection: %s", bridge_connection_get_peer_name (connection),
                      message != NULL ? message : "no reason given");
  monitor->status = BRIDGECTL_EXIT_FAILURE;
  g_main_loop_quit (monitor->loop);
}

static gboolean
on_interrupt (gpointer user_data)
{
  Monitor *monitor = user_data;

  g_main_loop_quit (monitor->loop);
  return G_SOURCE_CONTINUE;
}

static int
run (int argc, char **argv)
{
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  Monitor monitor = { 0 };
  guint sigint_id, sigterm_id;
  int status = 0;

  if (!bridgectl_parse_options (&bridgectl_monitor_command, entries, TRUE, &argc, &argv, &status))
    return status;
  if (max_events < 0)
    {
      bridgectl_printerr ("monitor: --count must be positive, not %d", max_events);
      return BRIDGECTL_EXIT_USAGE;
    }
  if (plugins)
    {
      if (only_interface != NULL)
        {
          bridgectl_printerr ("monitor: --plugins and --interface do not go together");
          return BRIDGECTL_EXIT_USAGE;
        }
      if (!bridgectl_check_arguments (&bridgectl_monitor_command, argc, argv, 0, 0))
        return BRIDGECTL_EXIT_USAGE;
      return bridgectl_monitor_plugins (max_events);
    }
  if (!bridgectl_check_arguments (&bridgectl_monitor_command, argc, argv, 1, 1))
    return BRIDGECTL_EXIT_USAGE;
  if (only_interface != NULL && !bridgectl_name_is_valid (only_interface))
    {
      bridgectl_printerr ("monitor: '%s' is not a valid interface name", only_interface);
      return BRIDGECTL_EXIT_USAGE;
    }

  connection = bridgectl_connect (argv[1], &error);
  if (connection == NULL)
    {
      bridgectl_print_error (error);
      return BRIDGECTL_EXIT_FAILURE;
    }
  if (only_interface != NULL && !bridge_connection_peer_implements (connection, only_interface))
    {
      g_autofree char *exported
          = g_strjoinv (", ", (char **) bridge_connection_get_peer_interfaces (connection));

      bridgectl_printerr ("%s exports no interface %s (it exports: %s)",
                          bridge_connection_get_peer_name (connection), only_interface,
                          exported[0] != '\0' ? exported : "none");
      return BRIDGECTL_EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  monitor.loop = loop;
  g_signal_connect (connection, "event", G_CALLBACK (on_event), &monitor);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), &monitor);
  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &monitor);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &monitor);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (connection, &monitor);
  return monitor.status;
}
