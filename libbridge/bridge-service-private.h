/* bridge-service-private.h: what the parts of BridgeService share
 *
 * Not installed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

#include "bridge-service.h"

G_BEGIN_DECLS

struct _BridgeService
{
  GObject parent_instance;

  char *name;
  GPtrArray *interfaces; /* BridgeInterface */
  GList *connections;    /* ready BridgeConnection, oldest first */
  guint n_connections;   /* the length of connections */
  GQueue handshaking;    /* BridgeConnection in its handshake, owned, oldest first */

  GMainContext *context;
  GMainLoop *loop;
  gboolean quit_requested;
  gboolean single; /* serving one activation connection */
  int status;

  GSocket *listener;
  GSource *accept_source;
  char *socket_path;
  dev_t socket_dev;
  ino_t socket_ino;
  GSource *signal_sources[2];

  /* Taken from the environment at the start of bridge_service_run(). */
  char *listen_pid;    /* LISTEN_PID */
  char *listen_fds;    /* LISTEN_FDS */
  char *notify_socket; /* NOTIFY_SOCKET */

  gboolean exit_when_idle; /* --exit-when-idle: a shared instance */
  GSource *idle_source;
};

/* How long a listening service with --exit-when-idle waits, with no host
 * connected, before it exits. */
#define BRIDGE_SERVICE_IDLE_EXIT_MS 2000

/* bridge-service.c: starts or stops the idle countdown, as the number of
 * connections says. */
void bridge_service_update_idle (BridgeService *self);

/* bridge-service.c: takes in a connection the listener has waiting. */
gboolean bridge_service_on_incoming (GSocket *listener, GIOCondition condition, gpointer user_data);

/* bridge-service-listen.c: listens for any number of hosts, on a socket
 * systemd passed (LISTEN_FDS) or on the runtime socket, and tells the
 * starter it is ready ($NOTIFY_SOCKET); stops and removes our socket. */
gboolean bridge_service_listen (BridgeService *self, GError **error);
void bridge_service_stop_listening (BridgeService *self);

G_END_DECLS
