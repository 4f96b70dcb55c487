/* bridge-variant-private.h: checking untrusted GVariant data quickly
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bridge_variant_is_normal_form (GVariant *value);

G_END_DECLS
