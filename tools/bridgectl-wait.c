/* bridgectl-wait.c: bridgectl wait, until a plugin is live
 *
 * A script that starts a shared instance (bridgectl start &, a systemd
 * unit) waits for it with this instead of sleeping. The live registry
 * says when a plugin's socket comes (docs/ARCHITECTURE.md, "The registry
 * is live"); each time, the socket is asked whether anyone answers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridgectl.h"

#include <glib-unix.h>
#include <signal.h>

/* A socket file can be left by an instance that died; while the registry
 * still calls it live, it is asked again this often. */
#define STALE_RECHECK_MS 1000

static int wait_timeout_s;

static const GOptionEntry entries[] = {
  { "timeout", 't', 0, G_OPTION_ARG_INT, &wait_timeout_s,
    "Give up after this many seconds (default 0: never)", "SECONDS" },
  G_OPTION_ENTRY_NULL,
};

static int run (int argc, char **argv);

const BridgectlCommand bridgectl_wait_command = {
  "wait",
  "PLUGIN",
  "Wait until a plugin is live: an instance listens on its socket and answers\n"
  "(bridgectl start, a plugin run with --listen, a systemd socket unit). The\n"
  "plugin need not be installed yet. Exits 0 once it is live, 1 if the time\n"
  "runs out first.",
  run,
};

typedef struct
{
  GMainLoop *loop;
  BridgeRegistry *registry;
  const char *plugin;
  BridgePluginInfo *watched; /* whose notify::live we follow */
  guint recheck_id;
  guint timeout_id;
  int status;
} Wait;

static gboolean check (gpointer user_data);

static void
on_live_changed (gpointer user_data)
{
  Wait *w = user_data;

  g_clear_handle_id (&w->recheck_id, g_source_remove);
  check (w);
}

static void
follow (Wait *w, BridgePluginInfo *info)
{
  if (w->watched == info)
    return;
  if (w->watched != NULL)
    g_signal_handlers_disconnect_by_data (w->watched, w);
  g_set_object (&w->watched, info);
  if (info != NULL)
    g_signal_connect_swapped (info, "notify::live", G_CALLBACK (on_live_changed), w);
}

static gboolean
check (gpointer user_data)
{
  Wait *w = user_data;
  BridgePluginInfo *info = bridge_registry_find_by_name (w->registry, w->plugin);

  w->recheck_id = 0;
  if (info == NULL)
    info = bridge_registry_find_by_interface (w->registry, w->plugin);
  follow (w, info);
  if (info != NULL && bridge_registry_is_live (w->registry, info))
    {
      w->status = 0;
      g_main_loop_quit (w->loop);
    }
  else if (info != NULL && bridge_plugin_info_get_live (info))
    w->recheck_id = g_timeout_add (STALE_RECHECK_MS, check, w);
  return G_SOURCE_REMOVE;
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  Wait *w = user_data;

  g_clear_handle_id (&w->recheck_id, g_source_remove);
  check (w);
}

static gboolean
on_timeout (gpointer user_data)
{
  Wait *w = user_data;

  w->timeout_id = 0;
  bridgectl_printerr ("%s was not live within %d s", w->plugin, wait_timeout_s);
  w->status = BRIDGECTL_EXIT_FAILURE;
  g_main_loop_quit (w->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_interrupt (gpointer user_data)
{
  Wait *w = user_data;

  w->status = BRIDGECTL_EXIT_FAILURE;
  g_main_loop_quit (w->loop);
  return G_SOURCE_CONTINUE;
}

static int
run (int argc, char **argv)
{
  g_autoptr (BridgeRegistry) registry = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  Wait w = { 0 };
  guint sigint_id, sigterm_id;
  int status = 0;

  if (!bridgectl_parse_options (&bridgectl_wait_command, entries, FALSE, &argc, &argv, &status))
    return status;
  if (!bridgectl_check_arguments (&bridgectl_wait_command, argc, argv, 1, 1))
    return BRIDGECTL_EXIT_USAGE;
  if (wait_timeout_s < 0)
    {
      bridgectl_printerr ("wait: --timeout must be 0 (never) or a number of seconds, not %d", wait_timeout_s);
      return BRIDGECTL_EXIT_USAGE;
    }

  registry = bridge_registry_new ();
  loop = g_main_loop_new (NULL, FALSE);
  w.loop = loop;
  w.registry = registry;
  w.plugin = argv[1];
  w.status = BRIDGECTL_EXIT_FAILURE;
  g_signal_connect (registry, "items-changed", G_CALLBACK (on_items_changed), &w);
  check (&w);
  if (w.status == 0)
    goto done;

  if (wait_timeout_s > 0)
    w.timeout_id = g_timeout_add_seconds (wait_timeout_s, on_timeout, &w);
  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &w);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &w);
  g_main_loop_run (loop);
  g_clear_handle_id (&w.timeout_id, g_source_remove);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

done:
  g_clear_handle_id (&w.recheck_id, g_source_remove);
  follow (&w, NULL);
  g_signal_handlers_disconnect_by_data (registry, &w);
  return w.status;
}
