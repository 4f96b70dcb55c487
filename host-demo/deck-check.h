/* deck-check.h: every problem of a deck, before the talk
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <bridge.h>

#include "deck.h"

G_BEGIN_DECLS

GPtrArray *check_deck (Deck *deck, BridgeRegistry *registry, guint *n_media);

G_END_DECLS
