/* bridge-interface.c: a named set of methods and events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-interface-private.h"
#include "bridge-message-private.h"

/**
 * BridgeInterface:
 *
 * A named, versioned set of methods and events, such as
 * `org.libbridge.Video1`. Build it once, then export it on any number of
 * connections with bridge_connection_export() or bridge_service_export().
 * Method handlers run in the thread-default main context of the connection
 * that received the call.
 *
 * Since: 0.1
 */
struct _BridgeInterface
{
  GObject parent_instance;

  char *name;
  GHashTable *methods; /* name -> BridgeMethod */
  GHashTable *events;  /* name -> type string */
};

G_DEFINE_FINAL_TYPE (BridgeInterface, bridge_interface, G_TYPE_OBJECT)

static void
method_free (gpointer data)
{
  BridgeMethod *method = data;

  if (method->destroy != NULL)
    method->destroy (method->user_data);
  g_free (method->name);
  g_variant_type_free (method->in_type);
  g_variant_type_free (method->out_type);
  g_free (method);
}

static void
bridge_interface_finalize (GObject *object)
{
  BridgeInterface *self = BRIDGE_INTERFACE (object);

  g_free (self->name);
  g_hash_table_unref (self->methods);
  g_hash_table_unref (self->events);
  G_OBJECT_CLASS (bridge_interface_parent_class)->finalize (object);
}

static void
bridge_interface_class_init (BridgeInterfaceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bridge_interface_finalize;
}

static void
bridge_interface_init (BridgeInterface *self)
{
  self->methods = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, method_free);
  self->events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * bridge_interface_new:
 * @name: the interface name, 1 to 255 characters of `[A-Za-z0-9_.-]`,
 *   by convention reverse-DNS with a version suffix (`org.example.Clock1`)
 *
 * Creates an empty interface; add methods and events to it before
 * exporting it.
 *
 * Returns: (transfer full): a new #BridgeInterface
 *
 * Since: 0.1
 */
BridgeInterface *
bridge_interface_new (const char *name)
{
  g_return_val_if_fail (name != NULL && bridge_name_is_valid (name), NULL);

  BridgeInterface *self = g_object_new (BRIDGE_TYPE_INTERFACE, NULL);
  self->name = g_strdup (name);
  return self;
}

/**
 * bridge_interface_get_name:
 * @self: a #BridgeInterface
 *
 * Gets the name of the interface.
 *
 * Returns: (transfer none): the interface name
 *
 * Since: 0.1
 */
const char *
bridge_interface_get_name (BridgeInterface *self)
{
  g_return_val_if_fail (BRIDGE_IS_INTERFACE (self), NULL);
  return self->name;
}

/**
 * bridge_interface_add_method:
 * @self: a #BridgeInterface
 * @name: the method name (same rules as interface names)
 * @in_type: the GVariant tuple type of the arguments, such as `(si)`
 * @out_type: the GVariant tuple type of the reply, such as `()`
 * @func: (scope notified) (closure user_data) (destroy destroy): the handler
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the interface goes
 *
 * Declares a method. Calls whose arguments are not of @in_type are
 * answered with %BRIDGE_ERROR_INVALID_ARGS and never reach @func; a reply
 * not of @out_type is a programming error.
 *
 * Since: 0.1
 */
void
bridge_interface_add_method (BridgeInterface *self,
                             const char *name,
                             const char *in_type,
                             const char *out_type,
                             BridgeMethodFunc func,
                             gpointer user_data,
                             GDestroyNotify destroy)
{
  g_return_if_fail (BRIDGE_IS_INTERFACE (self));
  g_return_if_fail (name != NULL && bridge_name_is_valid (name));
  g_return_if_fail (in_type != NULL && g_variant_type_string_is_valid (in_type));
  g_return_if_fail (out_type != NULL && g_variant_type_string_is_valid (out_type));
  g_return_if_fail (g_variant_type_is_tuple (G_VARIANT_TYPE (in_type)));
  g_return_if_fail (g_variant_type_is_tuple (G_VARIANT_TYPE (out_type)));
  g_return_if_fail (func != NULL);

  BridgeMethod *method = g_new0 (BridgeMethod, 1);
  method->name = g_strdup (name);
  method->in_type = g_variant_type_new (in_type);
  method->out_type = g_variant_type_new (out_type);
  method->func = func;
  method->user_data = user_data;
  method->destroy = destroy;
  g_hash_table_replace (self->methods, method->name, method);
}

/**
 * bridge_interface_add_event:
 * @self: a #BridgeInterface
 * @name: the event name
 * @type: the GVariant tuple type of the event's arguments
 *
 * Declares an event this interface emits, so that peers can discover it
 * (see bridge_interface_describe()). Emitting is not checked against it.
 *
 * Since: 0.1
 */
void
bridge_interface_add_event (BridgeInterface *self, const char *name, const char *type)
{
  g_return_if_fail (BRIDGE_IS_INTERFACE (self));
  g_return_if_fail (name != NULL && bridge_name_is_valid (name));
  g_return_if_fail (type != NULL && g_variant_type_string_is_valid (type));

  g_hash_table_replace (self->events, g_strdup (name), g_strdup (type));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/**
 * bridge_interface_describe:
 * @self: a #BridgeInterface
 *
 * Describes the interface as a `(sa(sss)a(ss))` value: its name, its
 * methods (name, argument type, reply type) and its events (name, type),
 * sorted by name. This is what a peer's `org.libbridge.Peer1.Describe`
 * returns for each interface.
 *
 * Returns: (transfer floating): the description
 *
 * Since: 0.1
 */
GVariant *
bridge_interface_describe (BridgeInterface *self)
{
  g_return_val_if_fail (BRIDGE_IS_INTERFACE (self), NULL);

  GVariantBuilder methods, events;
  g_autofree gpointer *names = NULL;
  guint n;

  g_variant_builder_init (&methods, G_VARIANT_TYPE ("a(sss)"));
  names = g_hash_table_get_keys_as_array (self->methods, &n);
  qsort (names, n, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n; i++)
    {
      const BridgeMethod *m = g_hash_table_lookup (self->methods, names[i]);
      g_autofree char *in = g_variant_type_dup_string (m->in_type);
      g_autofree char *out = g_variant_type_dup_string (m->out_type);

      g_variant_builder_add (&methods, "(sss)", m->name, in, out);
    }
  g_clear_pointer (&names, g_free);

  g_variant_builder_init (&events, G_VARIANT_TYPE ("a(ss)"));
  names = g_hash_table_get_keys_as_array (self->events, &n);
  qsort (names, n, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&events, "(ss)", names[i], g_hash_table_lookup (self->events, names[i]));

  return g_variant_new ("(sa(sss)a(ss))", self->name, &methods, &events);
}

const BridgeMethod *
bridge_interface_lookup_method (BridgeInterface *self, const char *name)
{
  return g_hash_table_lookup (self->methods, name);
}
