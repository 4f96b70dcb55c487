/* bridgectl.h: what the bridgectl subcommands share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Exit statuses: 0 on success, 1 when what was asked failed (the plugin
 * is missing, the call failed, the connection broke), 2 when the command
 * line itself is wrong. Every --help says so (BRIDGECTL_EXIT_HELP). */
#define BRIDGECTL_EXIT_FAILURE 1
#define BRIDGECTL_EXIT_USAGE 2
#define BRIDGECTL_EXIT_HELP                                                                                  \
  "Exit status: 0 on success, 1 when what was asked failed (no such plugin,\n"                               \
  "the call failed, the connection broke), 2 when the command line is wrong."

/* --json: the command prints JSON, not text (one value, or for monitor
 * one object a line); errors still go to stderr as text. */
extern gboolean bridgectl_json;
#define BRIDGECTL_JSON_ENTRY                                                                                 \
  {                                                                                                          \
    "json", 'j', 0, G_OPTION_ARG_NONE, &bridgectl_json, "Print JSON, for scripts", NULL                      \
  }
/* Prints @node (taken) as one line of JSON on stdout. */
void bridgectl_print_json (JsonNode *node);

/* --timestamps: monitor's text lines start with the time. */
extern gboolean bridgectl_timestamps;
#define BRIDGECTL_TIMESTAMPS_ENTRY                                                                           \
  {                                                                                                          \
    "timestamps", 'T', 0, G_OPTION_ARG_NONE, &bridgectl_timestamps,                                          \
        "Start each line with the time it came (ISO 8601, UTC)", NULL                                        \
  }
/* Now, as ISO 8601 in UTC with microseconds: 2026-12-08T00:01:02.345678Z. */
char *bridgectl_now (void);
/* Starts a monitor line: the time if asked for. */
void bridgectl_print_line_start (void);

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
extern const BridgectlCommand bridgectl_wait_command;

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
  gboolean shared;
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

/* bridgectl monitor --plugins: prints the registry's changes until
 * interrupted, or until @max_lines lines if positive. */
int bridgectl_monitor_plugins (int max_lines);

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
