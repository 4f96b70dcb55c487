/* bridge-variant-private.h: checking untrusted GVariant data quickly
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bridge_variant_is_normal_form (GVariant *value);

/* @value's serialised bytes as pieces to send with one writev: bytes of
 * children of at least @big bytes in place (their own serialised data,
 * no copy), everything around them (tuple and variant framing, small
 * children) copied into @small. */
typedef struct
{
  const guint8 *data; /* NULL: @len bytes of small from @small_start */
  gsize small_start;
  gsize len;
} BridgeGatherPiece;

typedef struct
{
  GByteArray *small;
  GArray *pieces;    /* BridgeGatherPiece */
  GPtrArray *owners; /* the GVariants whose data pieces point into */
  gsize size;
} BridgeGather;

void bridge_variant_gather (GVariant *value, gsize big, BridgeGather *gather);
void bridge_gather_clear (BridgeGather *gather);

G_END_DECLS
