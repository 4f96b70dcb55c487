/* bridge-invocation.c: one incoming method call, answered now or later
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-invocation-private.h"
#include "bridge-connection-private.h"
#include "bridge-error.h"

/**
 * BridgeInvocation:
 *
 * A method call received from the peer, handed to the method's
 * #BridgeMethodFunc. Answer it exactly once, with
 * bridge_invocation_return_value() or one of the `return_error` functions,
 * from the connection's main context thread. To answer later, keep a
 * reference; an invocation finalized unanswered sends the peer a
 * %BRIDGE_ERROR_NO_REPLY error so that the caller never waits in vain.
 *
 * Since: 0.1
 */
struct _BridgeInvocation
{
  GObject parent_instance;

  BridgeConnection *connection;
  BridgeInterface *iface;
  const BridgeMethod *method;
  GVariant *parameters;
  GUnixFDList *fds;
  guint32 serial;
  gboolean no_reply;
  gboolean answered;
};

G_DEFINE_FINAL_TYPE (BridgeInvocation, bridge_invocation, G_TYPE_OBJECT)

static void
bridge_invocation_finalize (GObject *object)
{
  BridgeInvocation *self = BRIDGE_INVOCATION (object);

  if (!self->answered)
    {
      g_autoptr (GError) error
          = g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_NO_REPLY, "%s.%s dropped the call without replying",
                         bridge_interface_get_name (self->iface), self->method->name);
      bridge_invocation_return_gerror (self, error);
    }
  g_object_unref (self->connection);
  g_object_unref (self->iface);
  g_variant_unref (self->parameters);
  g_clear_object (&self->fds);
  G_OBJECT_CLASS (bridge_invocation_parent_class)->finalize (object);
}

static void
bridge_invocation_class_init (BridgeInvocationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bridge_invocation_finalize;
}

static void
bridge_invocation_init (BridgeInvocation *self)
{
}

BridgeInvocation *
bridge_invocation_new (BridgeConnection *connection,
                       guint32 serial,
                       gboolean no_reply,
                       BridgeInterface *iface,
                       const BridgeMethod *method,
                       GVariant *parameters,
                       GUnixFDList *fds)
{
  BridgeInvocation *self = g_object_new (BRIDGE_TYPE_INVOCATION, NULL);

  self->connection = g_object_ref (connection);
  self->iface = g_object_ref (iface);
  self->method = method;
  self->parameters = g_variant_ref (parameters);
  self->fds = fds != NULL ? g_object_ref (fds) : NULL;
  self->serial = serial;
  self->no_reply = no_reply;
  return self;
}

/**
 * bridge_invocation_get_connection:
 * @self: a #BridgeInvocation
 *
 * Gets the connection the call came in on.
 *
 * Returns: (transfer none): the connection the call came in on
 *
 * Since: 0.1
 */
BridgeConnection *
bridge_invocation_get_connection (BridgeInvocation *self)
{
  g_return_val_if_fail (BRIDGE_IS_INVOCATION (self), NULL);
  return self->connection;
}

/**
 * bridge_invocation_get_interface:
 * @self: a #BridgeInvocation
 *
 * Gets the name of the interface called.
 *
 * Returns: (transfer none): the name of the interface called
 *
 * Since: 0.1
 */
const char *
bridge_invocation_get_interface (BridgeInvocation *self)
{
  g_return_val_if_fail (BRIDGE_IS_INVOCATION (self), NULL);
  return bridge_interface_get_name (self->iface);
}

/**
 * bridge_invocation_get_method:
 * @self: a #BridgeInvocation
 *
 * Gets the name of the method called.
 *
 * Returns: (transfer none): the name of the method called
 *
 * Since: 0.1
 */
const char *
bridge_invocation_get_method (BridgeInvocation *self)
{
  g_return_val_if_fail (BRIDGE_IS_INVOCATION (self), NULL);
  return self->method->name;
}

/**
 * bridge_invocation_get_parameters:
 * @self: a #BridgeInvocation
 *
 * Gets the arguments of the call.
 *
 * Returns: (transfer none): the arguments, a tuple of the method's
 *   declared argument type
 *
 * Since: 0.1
 */
GVariant *
bridge_invocation_get_parameters (BridgeInvocation *self)
{
  g_return_val_if_fail (BRIDGE_IS_INVOCATION (self), NULL);
  return self->parameters;
}

/**
 * bridge_invocation_get_fds:
 * @self: a #BridgeInvocation
 *
 * Gets the file descriptors sent with the call.
 *
 * Returns: (transfer none) (nullable): the file descriptors sent with the
 *   call, or %NULL if there were none
 *
 * Since: 0.1
 */
GUnixFDList *
bridge_invocation_get_fds (BridgeInvocation *self)
{
  g_return_val_if_fail (BRIDGE_IS_INVOCATION (self), NULL);
  return self->fds;
}

static gboolean
begin_answer (BridgeInvocation *self)
{
  if (self->answered)
    {
      g_critical ("%s.%s answered twice", bridge_interface_get_name (self->iface), self->method->name);
      return FALSE;
    }
  self->answered = TRUE;
  return !self->no_reply;
}

/**
 * bridge_invocation_return_value_with_fds:
 * @self: a #BridgeInvocation
 * @value: (nullable): the reply, a tuple of the method's declared reply
 *   type; %NULL for `()`; a floating reference is sunk
 * @fds: (nullable): file descriptors to send with the reply
 *
 * Answers the call with @value and @fds.
 *
 * Since: 0.1
 */
void
bridge_invocation_return_value_with_fds (BridgeInvocation *self, GVariant *value, GUnixFDList *fds)
{
  g_return_if_fail (BRIDGE_IS_INVOCATION (self));

  g_autoptr (GVariant) reply
      = value != NULL ? g_variant_ref_sink (value) : g_variant_ref_sink (g_variant_new ("()"));
  if (!g_variant_is_of_type (reply, self->method->out_type))
    {
      g_autofree char *want = g_variant_type_dup_string (self->method->out_type);
      g_critical ("%s.%s replied with %s but declares %s", bridge_interface_get_name (self->iface),
                  self->method->name, g_variant_get_type_string (reply), want);
      bridge_invocation_return_error (self, BRIDGE_ERROR, BRIDGE_ERROR_FAILED,
                                      "%s.%s replied with the wrong type",
                                      bridge_interface_get_name (self->iface), self->method->name);
      return;
    }
  if (begin_answer (self))
    bridge_connection_send_reply (self->connection, self->serial, reply, fds);
}

/**
 * bridge_invocation_return_value:
 * @self: a #BridgeInvocation
 * @value: (nullable): the reply, a tuple of the method's declared reply
 *   type; %NULL for `()`; a floating reference is sunk
 *
 * Answers the call with @value.
 *
 * Since: 0.1
 */
void
bridge_invocation_return_value (BridgeInvocation *self, GVariant *value)
{
  bridge_invocation_return_value_with_fds (self, value, NULL);
}

/**
 * bridge_invocation_return_gerror:
 * @self: a #BridgeInvocation
 * @error: the error; its domain, code and message reach the caller
 *
 * Answers the call with an error.
 *
 * Since: 0.1
 */
void
bridge_invocation_return_gerror (BridgeInvocation *self, const GError *error)
{
  g_return_if_fail (BRIDGE_IS_INVOCATION (self));
  g_return_if_fail (error != NULL);

  if (begin_answer (self))
    bridge_connection_send_error (self->connection, self->serial, error);
}

/**
 * bridge_invocation_return_error_literal:
 * @self: a #BridgeInvocation
 * @domain: the error domain
 * @code: the error code
 * @message: the error message
 *
 * Answers the call with an error.
 *
 * Since: 0.1
 */
void
bridge_invocation_return_error_literal (BridgeInvocation *self, GQuark domain, int code, const char *message)
{
  g_autoptr (GError) error = g_error_new_literal (domain, code, message);

  bridge_invocation_return_gerror (self, error);
}

/**
 * bridge_invocation_return_error:
 * @self: a #BridgeInvocation
 * @domain: the error domain
 * @code: the error code
 * @format: printf()-style format of the message
 * @...: arguments for @format
 *
 * Answers the call with an error.
 *
 * Since: 0.1
 */
void
bridge_invocation_return_error (BridgeInvocation *self, GQuark domain, int code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autoptr (GError) error = g_error_new_valist (domain, code, format, args);
  va_end (args);
  bridge_invocation_return_gerror (self, error);
}
