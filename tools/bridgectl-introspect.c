/* bridgectl-introspect.c: bridgectl introspect, what a live plugin says
 * it exports (org.libbridge.Peer1.Describe, docs/PROTOCOL.md 5.1)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridgectl.h"

#define PEER_INTERFACE "org.libbridge.Peer1"

static gboolean methods_only;

static const GOptionEntry entries[] = {
  { "methods", 'm', 0, G_OPTION_ARG_NONE, &methods_only, "Print only INTERFACE.METHOD, one a line", NULL },
  BRIDGECTL_JSON_ENTRY,
  G_OPTION_ENTRY_NULL,
};

static int run (int argc, char **argv);

const BridgectlCommand bridgectl_introspect_command = {
  "introspect",
  "PLUGIN",
  "Show the interfaces a plugin exports, with its methods and events\n"
  "(asked of the running plugin; starts it if none runs)",
  run,
};

/* {"name": ..., "builtin": ..., "methods": [{"name", "in", "out"}],
 *  "events": [{"name", "type"}]} */
static void
add_interface_json (
    JsonBuilder *builder, const char *name, gboolean builtin, GVariant *methods, GVariant *events)
{
  GVariantIter iter;
  const char *member, *in, *out;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "builtin");
  json_builder_add_boolean_value (builder, builtin);
  json_builder_set_member_name (builder, "methods");
  json_builder_begin_array (builder);
  g_variant_iter_init (&iter, methods);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &member, &in, &out))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, member);
      json_builder_set_member_name (builder, "in");
      json_builder_add_string_value (builder, in);
      json_builder_set_member_name (builder, "out");
      json_builder_add_string_value (builder, out);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  g_variant_iter_init (&iter, events);
  while (g_variant_iter_next (&iter, "(&s&s)", &member, &in))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, member);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, in);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_interface (const char *name, const char *note, GVariant *methods, GVariant *events)
{
  GVariantIter iter;
  const char *member, *in, *out;

  if (methods_only)
    {
      g_variant_iter_init (&iter, methods);
      while (g_variant_iter_next (&iter, "(&s&s&s)", &member, NULL, NULL))
        g_print ("%s.%s\n", name, member);
      return;
    }

  g_print ("interface %s%s\n", name, note);
  g_variant_iter_init (&iter, methods);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &member, &in, &out))
    g_print ("  method %s %s -> %s\n", member, in, out);
  g_variant_iter_init (&iter, events);
  while (g_variant_iter_next (&iter, "(&s&s)", &member, &in))
    g_print ("  event  %s %s\n", member, in);
}

static int
run (int argc, char **argv)
{
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GVariant) description = NULL;
  g_autoptr (GVariant) interfaces = NULL;
  g_autoptr (GVariant) builtin_methods = NULL;
  g_autoptr (GVariant) builtin_events = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) json = NULL;
  const char *peer_name;
  GVariantIter iter;
  const char *name;
  GVariant *methods, *events;
  int status = 0;

  if (!bridgectl_parse_options (&bridgectl_introspect_command, entries, TRUE, &argc, &argv, &status))
    return status;
  if (!bridgectl_check_arguments (&bridgectl_introspect_command, argc, argv, 1, 1))
    return BRIDGECTL_EXIT_USAGE;

  connection = bridgectl_connect (argv[1], &error);
  if (connection == NULL)
    {
      bridgectl_print_error (error);
      return BRIDGECTL_EXIT_FAILURE;
    }
  description = bridgectl_describe (connection, &error);
  if (description == NULL)
    {
      bridgectl_print_error (error);
      return BRIDGECTL_EXIT_FAILURE;
    }

  /* What every peer answers without exporting it. */
  builtin_methods = g_variant_ref_sink (
      g_variant_new_parsed ("[('Describe', '()', '(sa(sa(sss)a(ss)))'), ('Ping', '()', '()')]"));
  builtin_events = g_variant_ref_sink (g_variant_new ("a(ss)", NULL));

  g_variant_get (description, "(&s@a(sa(sss)a(ss)))", &peer_name, &interfaces);
  if (bridgectl_json)
    {
      json = json_builder_new ();
      json_builder_begin_object (json);
      json_builder_set_member_name (json, "name");
      json_builder_add_string_value (json, peer_name);
      json_builder_set_member_name (json, "pid");
      json_builder_add_int_value (json, bridge_connection_get_peer_pid (connection));
      json_builder_set_member_name (json, "interfaces");
      json_builder_begin_array (json);
    }
  else if (!methods_only)
    g_print ("plugin %s (pid %d)\n", peer_name, bridge_connection_get_peer_pid (connection));
  g_variant_iter_init (&iter, interfaces);
  while (g_variant_iter_next (&iter, "(&s@a(sss)@a(ss))", &name, &methods, &events))
    {
      if (json != NULL)
        add_interface_json (json, name, FALSE, methods, events);
      else
        print_interface (name, "", methods, events);
      g_variant_unref (methods);
      g_variant_unref (events);
    }

  if (json == NULL)
    {
      print_interface (PEER_INTERFACE, " (built in)", builtin_methods, builtin_events);
      return 0;
    }
  add_interface_json (json, PEER_INTERFACE, TRUE, builtin_methods, builtin_events);
  json_builder_end_array (json);
  json_builder_end_object (json);
  bridgectl_print_json (json_builder_get_root (json));
  return 0;
}
