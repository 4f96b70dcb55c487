/* clock-plugin.c: the smallest useful libbridge plugin
 *
 * Serves org.libbridge.example.Clock1: Echo(s) -> (s), Add(ii) -> (i),
 * Now() -> (x) (microseconds since the epoch), SetTickInterval(u) -> ()
 * (milliseconds, 0 stops) and a Tick(x) event, once a second by default.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <bridge.h>

#define CLOCK_INTERFACE "org.libbridge.example.Clock1"

typedef struct
{
  BridgeService *service;
  guint tick_id;
} Clock;

static void
handle_echo (BridgeInvocation *invocation, gpointer user_data)
{
  const char *text;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(&s)", &text);
  bridge_invocation_return_value (invocation, g_variant_new ("(s)", text));
}

static void
handle_add (BridgeInvocation *invocation, gpointer user_data)
{
  gint32 a, b;
  gint64 sum;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(ii)", &a, &b);
  sum = (gint64) a + b;
  if (sum > G_MAXINT32 || sum < G_MININT32)
    {
      bridge_invocation_return_error (invocation, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS,
                                      "%d + %d does not fit in 32 bits", a, b);
      return;
    }
  bridge_invocation_return_value (invocation, g_variant_new ("(i)", (gint32) sum));
}

static void
handle_now (BridgeInvocation *invocation, gpointer user_data)
{
  bridge_invocation_return_value (invocation, g_variant_new ("(x)", g_get_real_time ()));
}

static gboolean
on_tick (gpointer user_data)
{
  Clock *clock = user_data;

  bridge_service_emit (clock->service, CLOCK_INTERFACE, "Tick", g_variant_new ("(x)", g_get_real_time ()));
  return G_SOURCE_CONTINUE;
}

static void
set_tick_interval (Clock *clock, guint interval_ms)
{
  g_clear_handle_id (&clock->tick_id, g_source_remove);
  if (interval_ms > 0)
    clock->tick_id = g_timeout_add (interval_ms, on_tick, clock);
}

static void
handle_set_tick_interval (BridgeInvocation *invocation, gpointer user_data)
{
  guint32 interval_ms;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(u)", &interval_ms);
  set_tick_interval (user_data, interval_ms);
  bridge_invocation_return_value (invocation, g_variant_new ("()"));
}

int
main (int argc, char **argv)
{
  g_autoptr (BridgeService) service = bridge_service_new ("clock");
  g_autoptr (BridgeInterface) iface = bridge_interface_new (CLOCK_INTERFACE);
  Clock clock = { .service = service };
  int status;

  bridge_interface_add_method (iface, "Echo", "(s)", "(s)", handle_echo, NULL, NULL);
  bridge_interface_add_method (iface, "Add", "(ii)", "(i)", handle_add, NULL, NULL);
  bridge_interface_add_method (iface, "Now", "()", "(x)", handle_now, NULL, NULL);
  bridge_interface_add_method (iface, "SetTickInterval", "(u)", "()", handle_set_tick_interval, &clock, NULL);
  bridge_interface_add_event (iface, "Tick", "(x)");
  bridge_service_export (service, iface);

  set_tick_interval (&clock, 1000);
  status = bridge_service_run (service, argc, argv);
  set_tick_interval (&clock, 0);
  return status;
}
