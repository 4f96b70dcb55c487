/* bridgectl-call.c: bridgectl call, one method call with its arguments
 * written as GVariant text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridgectl.h"

#include <string.h>

static const GOptionEntry entries[] = {
  BRIDGECTL_JSON_ENTRY,
  G_OPTION_ENTRY_NULL,
};

static int run (int argc, char **argv);

const BridgectlCommand bridgectl_call_command = {
  "call",
  "PLUGIN INTERFACE.METHOD [ARGUMENTS…]",
  "Call a method and print its reply. The arguments are GVariant text\n"
  "(as gdbus and g_variant_print() write it), checked against the type the\n"
  "plugin declares for the method: either the whole tuple, '(2, 40)', or\n"
  "one argument per member, 2 40.",
  run,
};

/* One piece of GVariant text of @type, or a readable error that points
 * into the text. */
static GVariant *
parse_text (const GVariantType *type, const char *text, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  GVariant *value = g_variant_parse (type, text, NULL, NULL, &local_error);

  if (value == NULL)
    {
      g_autofree char *context = g_variant_parse_error_print_context (local_error, text);
      g_autofree char *type_string = g_variant_type_dup_string (type);

      g_set_error (error, G_VARIANT_PARSE_ERROR, local_error->code,
                   "'%s' is not GVariant text of type %s:\n%s", text, type_string, g_strchomp (context));
      return NULL;
    }
  return value; /* g_variant_parse() gives a full, non-floating reference */
}

/* Builds the argument tuple of type @in_type from the command line. */
static GVariant *
parse_arguments (const char *method, const char *in_type, int n_args, char **args, GError **error)
{
  const GVariantType *type = G_VARIANT_TYPE (in_type);
  gsize n_members = g_variant_type_n_items (type);
  g_autoptr (GPtrArray) members = NULL;
  const GVariantType *member;
  g_autoptr (GError) tuple_error = NULL;
  GVariant *tuple;

  if (n_args == 0)
    {
      if (n_members == 0)
        return g_variant_ref_sink (g_variant_new ("()"));
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "%s takes arguments of type %s; give them as one tuple or one per member", method,
                   in_type);
      return NULL;
    }

  /* The whole tuple in one piece: '(2, 40)'. */
  if (n_args == 1)
    {
      tuple = parse_text (type, args[0], &tuple_error);
      if (tuple != NULL)
        return tuple;
      /* Meant as the tuple: say what is wrong inside it. */
      if (n_members != 1 && g_str_has_prefix (g_strchug (args[0]), "("))
        {
          g_propagate_error (error, g_steal_pointer (&tuple_error));
          return NULL;
        }
    }

  /* One argument per member: 2 40. */
  if ((gsize) n_args != n_members)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "%s takes %" G_GSIZE_FORMAT " argument%s %s, not %d; give them as one "
                   "tuple or one per member",
                   method, n_members, n_members == 1 ? "" : "s", in_type, n_args);
      return NULL;
    }
  members = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  member = g_variant_type_first (type);
  for (int i = 0; i < n_args; i++, member = g_variant_type_next (member))
    {
      GVariant *value = NULL;

      /* A bare word for a string member is the string itself, as with
       * gdbus call: Echo hello, not Echo "'hello'". */
      if (g_variant_type_equal (member, G_VARIANT_TYPE_STRING))
        {
          value = g_variant_parse (member, args[i], NULL, NULL, NULL);
          if (value == NULL)
            value = g_variant_ref_sink (g_variant_new_string (args[i]));
        }
      else
        {
          value = parse_text (member, args[i], error);
        }
      if (value == NULL)
        {
          g_prefix_error (error, "argument %d of %s: ", i + 1, method);
          return NULL;
        }
      g_ptr_array_add (members, value);
    }
  return g_variant_ref_sink (g_variant_new_tuple ((GVariant **) members->pdata, members->len));
}

static int
run (int argc, char **argv)
{
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GVariant) description = NULL;
  g_autoptr (GVariant) args = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GUnixFDList) out_fds = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *interface = NULL;
  g_autofree char *printed = NULL;
  const char *method, *in_type, *out_type;
  const char *dot;
  int status = 0;

  if (!bridgectl_parse_options (&bridgectl_call_command, entries, TRUE, &argc, &argv, &status))
    return status;
  if (!bridgectl_check_arguments (&bridgectl_call_command, argc, argv, 2, -1))
    return BRIDGECTL_EXIT_USAGE;

  dot = strrchr (argv[2], '.');
  if (dot == NULL || dot == argv[2] || dot[1] == '\0')
    {
      bridgectl_printerr ("call: '%s' is not INTERFACE.METHOD (e.g. org.libbridge.Peer1.Ping)", argv[2]);
      return BRIDGECTL_EXIT_USAGE;
    }
  interface = g_strndup (argv[2], dot - argv[2]);
  method = dot + 1;
  if (!bridgectl_name_is_valid (interface) || !bridgectl_name_is_valid (method))
    {
      bridgectl_printerr ("call: '%s' is not a valid INTERFACE.METHOD: names are 1 to 255 of "
                          "A-Z a-z 0-9 _ . -",
                          argv[2]);
      return BRIDGECTL_EXIT_USAGE;
    }

  connection = bridgectl_connect (argv[1], &error);
  if (connection == NULL)
    {
      bridgectl_print_error (error);
      return BRIDGECTL_EXIT_FAILURE;
    }
  description = bridgectl_describe (connection, &error);
  if (description == NULL
      || !bridgectl_lookup_method (description, interface, method, &in_type, &out_type, &error))
    {
      bridgectl_print_error (error);
      return BRIDGECTL_EXIT_FAILURE;
    }
  args = parse_arguments (argv[2], in_type, argc - 3, argv + 3, &error);
  if (args == NULL)
    {
      bridgectl_print_error (error);
      return BRIDGECTL_EXIT_USAGE;
    }

  reply = bridge_connection_call_sync (connection, interface, method, args, NULL, &out_fds,
                                       bridgectl_timeout_ms (), NULL, &error);
  if (reply == NULL)
    {
      bridgectl_printerr ("%s failed: %s (%s, code %d)", argv[2], error->message,
                          g_quark_to_string (error->domain), error->code);
      return BRIDGECTL_EXIT_FAILURE;
    }

  if (bridgectl_json)
    {
      /* {"type": "(i)", "value": [42]}; fds cannot be printed. */
      g_autoptr (JsonBuilder) json = json_builder_new ();

      json_builder_begin_object (json);
      json_builder_set_member_name (json, "type");
      json_builder_add_string_value (json, g_variant_get_type_string (reply));
      json_builder_set_member_name (json, "value");
      json_builder_add_value (json, json_gvariant_serialize (reply));
      json_builder_set_member_name (json, "fds");
      json_builder_add_int_value (json, out_fds != NULL ? g_unix_fd_list_get_length (out_fds) : 0);
      json_builder_end_object (json);
      bridgectl_print_json (json_builder_get_root (json));
      return 0;
    }

  printed = g_variant_print (reply, TRUE);
  if (out_fds != NULL && g_unix_fd_list_get_length (out_fds) > 0)
    g_print ("%s  [%d fds, closed]\n", printed, g_unix_fd_list_get_length (out_fds));
  else
    g_print ("%s\n", printed);
  return 0;
}
