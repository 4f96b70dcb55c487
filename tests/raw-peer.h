/* raw-peer.h: a peer that writes and reads the wire by hand, for tests
 * of what a connection does with what it is sent (docs/PROTOCOL.md
 * section 2)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes all of @data, whatever it is. A peer that closed meanwhile is
 * not an error: what it did is the test's verdict. */
void raw_peer_write (int fd, const void *data, gsize len);

/* Writes one message with a header made from the arguments (section 2.1)
 * and @body (a floating reference is sunk; NULL for none). */
void raw_peer_write_message (
    int fd, guint8 type, guint16 flags, guint32 serial, guint32 reply_serial, GVariant *body);

/* A HELLO body of version 1 to 1, exporting nothing (section 3.2). */
GVariant *raw_peer_hello_body (const char *name);

/* Reads one whole message, waiting at most @timeout_ms; FALSE at end of
 * file or on timeout. @body (nullable) gets its bytes, untrusted. */
gboolean raw_peer_read_message (
    int fd, guint8 *type, guint32 *serial, guint32 *reply_serial, GBytes **body, guint timeout_ms);

G_END_DECLS
