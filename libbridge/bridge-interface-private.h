/* bridge-interface-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "bridge-interface.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;
  GVariantType *in_type;
  GVariantType *out_type;
  BridgeMethodFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
} BridgeMethod;

const BridgeMethod *bridge_interface_lookup_method (BridgeInterface *self, const char *name);

G_END_DECLS
