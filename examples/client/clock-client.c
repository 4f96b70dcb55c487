/* clock-client.c: a host of the example clock plugin, built out of tree
 *
 *   cc -o clock-client clock-client.c $(pkg-config --cflags --libs libbridge-1.0)
 *
 * Finds a plugin implementing org.libbridge.example.Clock1 where the
 * registry looks (LIBBRIDGE_PLUGIN_PATH, the XDG data folders, the prefix
 * libbridge was installed to), starts or reaches it, calls its methods
 * and waits for a few of its Tick events. tests/test-install.sh builds it
 * against an installed libbridge.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <bridge.h>

#include <stdlib.h>

#define CLOCK_INTERFACE "org.libbridge.example.Clock1"
#define TICKS 3

typedef struct
{
  guint ticks;
  gboolean timed_out;
} Wait;

static void
on_tick (BridgeConnection *connection,
         const char *interface,
         const char *event,
         GVariant *args,
         GUnixFDList *fds,
         gpointer user_data)
{
  Wait *wait = user_data;
  gint64 now;

  g_variant_get (args, "(x)", &now);
  g_print ("tick %u: %" G_GINT64_FORMAT "\n", ++wait->ticks, now);
}

static gboolean
on_timeout (gpointer user_data)
{
  ((Wait *) user_data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static GVariant *
call (BridgeConnection *clock, const char *method, GVariant *args)
{
  g_autoptr (GError) error = NULL;
  GVariant *reply = bridge_connection_call_sync (clock, CLOCK_INTERFACE, method, args, NULL, NULL,
                                                 BRIDGE_TIMEOUT_DEFAULT, NULL, &error);

  if (reply == NULL)
    {
      g_printerr ("clock-client: %s failed: %s\n", method, error->message);
      exit (1);
    }
  return reply;
}

int
main (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BridgeRegistry) registry = bridge_registry_new ();
  g_autoptr (BridgeConnection) clock = NULL;
  g_autoptr (GVariant) sum = NULL;
  g_autoptr (GVariant) echo = NULL;
  g_autoptr (GVariant) unit = NULL;
  BridgePluginInfo *info;
  Wait wait = { 0 };
  gint32 total;
  const char *text;

  info = bridge_registry_find_by_interface (registry, CLOCK_INTERFACE);
  if (info == NULL)
    {
      g_autofree char *path = g_strjoinv (":", (char **) bridge_registry_get_search_path (registry));

      g_printerr ("clock-client: no plugin implements %s on %s\n", CLOCK_INTERFACE, path);
      return 1;
    }
  g_print ("plugin %s from %s\n", bridge_plugin_info_get_name (info), bridge_plugin_info_get_path (info));

  clock = bridge_registry_connect_sync (registry, info, BRIDGE_CONNECT_FLAGS_NONE, NULL, &error);
  if (clock == NULL)
    {
      g_printerr ("clock-client: %s\n", error->message);
      return 1;
    }

  sum = call (clock, "Add", g_variant_new ("(ii)", 2, 40));
  g_variant_get (sum, "(i)", &total);
  g_print ("Add(2, 40) = %d\n", total);
  echo = call (clock, "Echo", g_variant_new ("(s)", "out of tree"));
  g_variant_get (echo, "(&s)", &text);
  g_print ("Echo: %s\n", text);

  g_signal_connect (clock, "event::Tick", G_CALLBACK (on_tick), &wait);
  unit = call (clock, "SetTickInterval", g_variant_new ("(u)", 20));
  g_timeout_add_seconds (10, on_timeout, &wait);
  while (wait.ticks < TICKS && !wait.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (wait.ticks < TICKS)
    {
      g_printerr ("clock-client: %u of %d ticks within 10 s\n", wait.ticks, TICKS);
      return 1;
    }
  bridge_connection_close (clock);
  g_print ("done\n");
  return 0;
}
