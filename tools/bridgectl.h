/* bridgectl.h: what the bridgectl subcommands share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>

G_BEGIN_DECLS

/* Exit statuses: 0 on success, 1 when what was asked failed (the plugin
 * is missing, the call failed, the connection broke), 2 when the command
 * line itself is wrong. */
#define BRIDGECTL_EXIT_FAILURE 1
#define BRIDGECTL_EXIT_USAGE 2

/* One subcommand: bridgectl NAME ARGS... */
typedef struct
{
  const char *name;
  const char *parameters; /* "PLUGIN INTERFACE.METHOD [ARGUMENTS...]" */
  const char *summary;
  int (*run) (int argc, char **argv);
} BridgectlCommand;

extern const BridgectlCommand bridgectl_list_command;
extern const BridgectlCommand bridgectl_introspect_command;
extern const BridgectlCommand bridgectl_call_command;
extern const BridgectlCommand bridgectl_monitor_command;
extern const BridgectlCommand bridgectl_start_command;

/* Prints "bridgectl: <message>" to stderr. */
void bridgectl_printerr (const char *format, ...) G_GNUC_PRINTF (1, 2);
void bridgectl_print_error (const GError *error);

/* Parses @argv for @command, with @entries and, if @connect_entries, the
 * options of bridgectl_connect(); prints the problem and sets *status on
 * failure. --help prints and exits, as everywhere with GOption. */
gboolean bridgectl_parse_options (const BridgectlCommand *command,
                                  const GOptionEntry *entries,
                                  gboolean connect_entries,
                                  int *argc,
                                  char ***argv,
                                  int *status);
/* Checks that [min, max] positional arguments follow the command name
 * (argv[0]); max -1 means no upper bound. Prints the problem if not. */
gboolean bridgectl_check_arguments (const BridgectlCommand *command, int argc, char **argv, int min, int max);

/* How to reach a plugin: shared --no-start / --new-instance / --timeout. */
typedef struct
{
  gboolean no_start;
  gboolean new_instance;
  int timeout_s;
} BridgectlConnectOptions;

extern BridgectlConnectOptions bridgectl_connect_options;
extern const GOptionEntry bridgectl_connect_entries[];
int bridgectl_timeout_ms (void);

/* Finds @plugin by name or, failing that, by an interface it implements. */
BridgePluginInfo *bridgectl_find_plugin (BridgeRegistry *registry, const char *plugin, GError **error);
/* Finds @plugin and connects to it as the connect options say. */
BridgeConnection *bridgectl_connect (const char *plugin, GError **error);
void bridgectl_wait_started_plugins (void);

/* Asks the peer for org.libbridge.Peer1.Describe: (sa(sa(sss)a(ss))). */
GVariant *bridgectl_describe (BridgeConnection *connection, GError **error);
/* Looks @interface.@method up in a description (or among the built-in
 * org.libbridge.Peer1 methods); the types point into static strings or
 * @description. */
gboolean bridgectl_lookup_method (GVariant *description,
                                  const char *interface,
                                  const char *method,
                                  const char **in_type,
                                  const char **out_type,
                                  GError **error);

/* Whether @name is a valid interface, method or event name
 * (docs/PROTOCOL.md 3.1). */
gboolean bridgectl_name_is_valid (const char *name);

G_END_DECLS
