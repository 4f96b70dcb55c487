/* frame-ring-util.h: what the frame ring tests share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bridge-test-util.h"
#include "bridge-frame-ring-private.h"

G_BEGIN_DECLS

#define WAIT_MS 20000

/* The pair each test of a fixture gets (setup/teardown), and the fds open
 * after setup: whatever a test adds must be gone by its end. */
extern BridgeConnection *plugin_side;
extern BridgeConnection *host_side;
extern guint fds_at_start;

void setup (void);
void teardown (void);

/* A consumer that records what it gets. */
typedef struct
{
  BridgeFrameConsumer *consumer;
  gboolean keep; /* keep a reference to every frame */
  GPtrArray *kept;
  guint n_frames;
  GPtrArray *errors;
  char *problem; /* the first wrong pixel */
} Collector;

typedef struct
{
  Collector *c;
  guint64 n;
} Until;

Collector *collector_new (BridgeConnection *connection, guint32 stream_id);
void collector_free (Collector *c);
/* Frames received + dropped: every frame the consumer knows of. */
guint64 seen (Collector *c);
void wait_seen (Collector *c, guint64 n);
void wait_errors (Collector *c, guint n);

void push_tag (BridgeFrameProducer *producer, guint64 tag, guint width, guint height, guint stride);
void configure (BridgeFrameProducer *producer, BridgeFrameFormat format, guint width, guint height);

/* Distinct memfds called @name mapped into this process; open fds whose
 * /proc/self/fd link starts with @prefix; libbridge's rings mapped. */
guint count_mapped (const char *name);
guint count_fds_to (const char *prefix);
guint count_mapped_rings (void);

G_END_DECLS
