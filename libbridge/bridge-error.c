/* bridge-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-error.h"

/**
 * bridge_error_quark:
 *
 * The error domain of libbridge; use %BRIDGE_ERROR instead.
 *
 * Returns: the #GQuark of the `bridge-error-quark` domain
 *
 * Since: 0.1
 */

/* The domain string travels on the wire (docs/PROTOCOL.md, "ERROR"), so a
 * peer in another language can name it too. */
/* The quark name is a string, not a subtraction. */
/* clang-format off */
G_DEFINE_QUARK (bridge-error-quark, bridge_error)
/* clang-format on */
