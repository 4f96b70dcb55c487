/* bridgectl-common.c: options, plugin lookup and Describe for every
 * subcommand
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridgectl.h"

#include <stdio.h>
#include <string.h>

#define PEER_INTERFACE "org.libbridge.Peer1"
#define DESCRIPTION_TYPE "(sa(sa(sss)a(ss)))"

/* G_MININT: --timeout not given. */
BridgectlConnectOptions bridgectl_connect_options = { .timeout_s = G_MININT };
gboolean bridgectl_json;
gboolean bridgectl_timestamps;

const GOptionEntry bridgectl_connect_entries[] = {
  { "no-start", 'n', 0, G_OPTION_ARG_NONE, &bridgectl_connect_options.no_start,
    "Only talk to a running instance; never start the plugin", NULL },
  { "new-instance", 0, 0, G_OPTION_ARG_NONE, &bridgectl_connect_options.new_instance,
    "Start a fresh instance even if one is running", NULL },
  { "shared", 's', 0, G_OPTION_ARG_NONE, &bridgectl_connect_options.shared,
    "If none is running, start an instance other hosts can join (it exits once idle)", NULL },
  { "timeout", 't', 0, G_OPTION_ARG_INT, &bridgectl_connect_options.timeout_s,
    "Seconds to wait for each reply (default 25; 0: no limit)", "SECONDS" },
  G_OPTION_ENTRY_NULL,
};

void
bridgectl_printerr (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fflush (stdout);
  g_printerr ("bridgectl: %s\n", message);
}

void
bridgectl_print_json (JsonNode *node)
{
  g_autoptr (JsonNode) owned = node;
  g_autofree char *text = json_to_string (owned, FALSE);

  g_print ("%s\n", text);
  fflush (stdout);
}

char *
bridgectl_now (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

void
bridgectl_print_line_start (void)
{
  g_autofree char *now = NULL;

  if (!bridgectl_timestamps)
    return;
  now = bridgectl_now ();
  g_print ("%s ", now);
}

void
bridgectl_print_error (const GError *error)
{
  bridgectl_printerr ("%s", error->message);
}

gboolean
bridgectl_parse_options (const BridgectlCommand *command,
                         const GOptionEntry *entries,
                         gboolean connect_entries,
                         int *argc,
                         char ***argv,
                         int *status)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *prgname = NULL;

  /* "Usage: bridgectl start [OPTION…] PLUGIN" */
  prgname = g_strdup_printf ("bridgectl %s", command->name);
  g_set_prgname (prgname);
  context = g_option_context_new (command->parameters);
  g_option_context_set_summary (context, command->summary);
  g_option_context_set_description (context, BRIDGECTL_EXIT_HELP);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);
  if (connect_entries)
    g_option_context_add_main_entries (context, bridgectl_connect_entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      bridgectl_printerr ("%s: %s (see 'bridgectl %s --help')", command->name, error->message, command->name);
      *status = BRIDGECTL_EXIT_USAGE;
      return FALSE;
    }
  if (connect_entries && bridgectl_connect_options.timeout_s < 0
      && bridgectl_connect_options.timeout_s != G_MININT)
    {
      bridgectl_printerr ("%s: --timeout must be 0 (no limit) or a number of seconds, not %d", command->name,
                          bridgectl_connect_options.timeout_s);
      *status = BRIDGECTL_EXIT_USAGE;
      return FALSE;
    }
  return TRUE;
}

gboolean
bridgectl_check_arguments (const BridgectlCommand *command, int argc, char **argv, int min, int max)
{
  int n = argc - 1;

  if (n < min)
    {
      bridgectl_printerr ("%s: expected %s (see 'bridgectl %s --help')", command->name, command->parameters,
                          command->name);
      return FALSE;
    }
  if (max >= 0 && n > max)
    {
      bridgectl_printerr ("%s: unexpected argument '%s' (see 'bridgectl %s --help')", command->name,
                          argv[max + 1], command->name);
      return FALSE;
    }
  return TRUE;
}

int
bridgectl_timeout_ms (void)
{
  if (bridgectl_connect_options.timeout_s == G_MININT)
    return BRIDGE_TIMEOUT_DEFAULT;
  if (bridgectl_connect_options.timeout_s == 0 || bridgectl_connect_options.timeout_s > G_MAXINT / 1000)
    return BRIDGE_TIMEOUT_NONE;
  return bridgectl_connect_options.timeout_s * 1000;
}

gboolean
bridgectl_name_is_valid (const char *name)
{
  gsize len = 0;

  for (const char *p = name; *p != '\0'; p++, len++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
      return FALSE;
  return len > 0 && len <= 255;
}

BridgePluginInfo *
bridgectl_find_plugin (BridgeRegistry *registry, const char *plugin, GError **error)
{
  BridgePluginInfo *info = bridge_registry_find_by_name (registry, plugin);
  g_autofree char *path = NULL;

  if (info == NULL && strchr (plugin, '.') != NULL)
    info = bridge_registry_find_by_interface (registry, plugin);
  if (info != NULL)
    return g_object_ref (info);

  path = g_strjoinv (":", (char **) bridge_registry_get_search_path (registry));
  g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND,
               "no plugin called or implementing '%s' on the search path %s "
               "(see 'bridgectl list'; LIBBRIDGE_PLUGIN_PATH adds folders)",
               plugin, path);
  return NULL;
}

/* Plugins this process started (its children), to wait for at exit. */
static GArray *started_pids;

static gboolean
is_our_child (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *end;
  int ppid;

  if (pid <= 0 || !g_file_get_contents (path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL)
    return FALSE;
  return sscanf (end + 1, " %*c %d", &ppid) == 1 && ppid == getpid ();
}

static gboolean
process_gone (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *end;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL)
    return TRUE;
  return end[1] == '\0' || end[2] == 'Z';
}

/* The connections are gone by now; libbridge gives each plugin it
 * started 2 s to exit and then kills it (PROTOCOL.md section 10.4), from
 * this thread's main context, which must run meanwhile. A bridgectl that
 * returned at once would leave a plugin that ignores SIGTERM running. */
void
bridgectl_wait_started_plugins (void)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  for (guint i = 0; started_pids != NULL && i < started_pids->len; i++)
    {
      int pid = g_array_index (started_pids, int, i);

      while (!process_gone (pid) && g_get_monotonic_time () < deadline)
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (10000);
      if (!process_gone (pid))
        bridgectl_printerr ("plugin process %d did not end", pid);
    }
  g_clear_pointer (&started_pids, g_array_unref);
}

BridgeConnection *
bridgectl_connect (const char *plugin, GError **error)
{
  g_autoptr (BridgeRegistry) registry = bridge_registry_new ();
  g_autoptr (BridgePluginInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  BridgeConnectFlags flags = BRIDGE_CONNECT_FLAGS_NONE;
  BridgeConnection *connection;

  if (bridgectl_connect_options.no_start && bridgectl_connect_options.new_instance)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--no-start and --new-instance contradict each other");
      return NULL;
    }
  if (bridgectl_connect_options.no_start)
    flags |= BRIDGE_CONNECT_FLAGS_NO_START;
  if (bridgectl_connect_options.new_instance)
    flags |= BRIDGE_CONNECT_FLAGS_NEW_INSTANCE;
  if (bridgectl_connect_options.shared)
    flags |= BRIDGE_CONNECT_FLAGS_SHARED;

  info = bridgectl_find_plugin (registry, plugin, error);
  if (info == NULL)
    return NULL;
  connection = bridge_registry_connect_sync (registry, info, flags, NULL, &local_error);
  if (connection == NULL)
    {
      if (g_error_matches (local_error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND))
        g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND,
                     "%s is not running (no instance listens on its socket) and --no-start "
                     "was given",
                     bridge_plugin_info_get_name (info));
      else
        g_set_error (error, local_error->domain, local_error->code, "cannot reach %s (%s): %s",
                     bridge_plugin_info_get_name (info), bridge_plugin_info_get_path (info),
                     local_error->message);
      return NULL;
    }
  /* A shared instance is our child too, but not ours to wait for. */
  if (!bridgectl_connect_options.shared && is_our_child (bridge_connection_get_peer_pid (connection)))
    {
      int pid = bridge_connection_get_peer_pid (connection);

      if (started_pids == NULL)
        started_pids = g_array_new (FALSE, FALSE, sizeof (int));
      g_array_append_val (started_pids, pid);
    }
  return connection;
}

GVariant *
bridgectl_describe (BridgeConnection *connection, GError **error)
{
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) local_error = NULL;

  reply = bridge_connection_call_sync (connection, PEER_INTERFACE, "Describe", NULL, NULL, NULL,
                                       bridgectl_timeout_ms (), NULL, &local_error);
  if (reply == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s did not describe itself: %s",
                   bridge_connection_get_peer_name (connection), local_error->message);
      return NULL;
    }
  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE (DESCRIPTION_TYPE)))
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_PROTOCOL,
                   "%s answered Describe with %s, not %s (docs/PROTOCOL.md 5.1)",
                   bridge_connection_get_peer_name (connection), g_variant_get_type_string (reply),
                   DESCRIPTION_TYPE);
      return NULL;
    }
  return g_steal_pointer (&reply);
}

/* The built-in methods every peer answers (docs/PROTOCOL.md 5.1). */
static const struct
{
  const char *name;
  const char *in_type;
  const char *out_type;
} peer_methods[] = {
  { "Describe", "()", DESCRIPTION_TYPE },
  { "Ping", "()", "()" },
};

gboolean
bridgectl_lookup_method (GVariant *description,
                         const char *interface,
                         const char *method,
                         const char **in_type,
                         const char **out_type,
                         GError **error)
{
  g_autoptr (GVariant) interfaces = NULL;
  g_autoptr (GString) known = g_string_new (NULL);
  const char *peer_name;
  GVariantIter iter;
  const char *name;
  GVariant *methods;

  if (g_strcmp0 (interface, PEER_INTERFACE) == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (peer_methods); i++)
        if (g_strcmp0 (method, peer_methods[i].name) == 0)
          {
            *in_type = peer_methods[i].in_type;
            *out_type = peer_methods[i].out_type;
            return TRUE;
          }
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_UNKNOWN_METHOD,
                   "%s has no method %s (its methods: Describe, Ping)", PEER_INTERFACE, method);
      return FALSE;
    }

  g_variant_get (description, "(&s@a(sa(sss)a(ss)))", &peer_name, &interfaces);
  g_variant_iter_init (&iter, interfaces);
  while (g_variant_iter_next (&iter, "(&s@a(sss)@a(ss))", &name, &methods, NULL))
    {
      g_autoptr (GVariant) owned = methods;
      GVariantIter method_iter;
      const char *m, *in, *out;

      g_string_append_printf (known, "%s%s", known->len > 0 ? ", " : "", name);
      if (g_strcmp0 (name, interface) != 0)
        continue;

      g_string_truncate (known, 0);
      g_variant_iter_init (&method_iter, methods);
      while (g_variant_iter_next (&method_iter, "(&s&s&s)", &m, &in, &out))
        {
          if (g_strcmp0 (m, method) == 0)
            {
              if (!g_variant_type_string_is_valid (in) || !g_variant_type_string_is_valid (out))
                {
                  g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_PROTOCOL,
                               "%s describes %s.%s with invalid types '%s' -> '%s'", peer_name, interface,
                               method, in, out);
                  return FALSE;
                }
              /* Both point into @description, which the caller holds. */
              *in_type = in;
              *out_type = out;
              return TRUE;
            }
          g_string_append_printf (known, "%s%s", known->len > 0 ? ", " : "", m);
        }
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_UNKNOWN_METHOD, "%s has no method %s (its methods: %s)",
                   interface, method, known->len > 0 ? known->str : "none");
      return FALSE;
    }

  g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_UNKNOWN_INTERFACE,
               "%s exports no interface %s (it exports: %s; and %s built in)", peer_name, interface,
               known->len > 0 ? known->str : "none", PEER_INTERFACE);
  return FALSE;
}
