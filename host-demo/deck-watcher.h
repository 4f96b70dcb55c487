/* deck-watcher.h: a deck that reloads when its file is saved
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "deck.h"

G_BEGIN_DECLS

/**
 * DECK_WATCHER_DELAY_MS:
 *
 * How long after the last change of the file the deck reloads: editors
 * write a file in more than one step.
 */
#define DECK_WATCHER_DELAY_MS 100

#define HOST_TYPE_DECK_WATCHER (deck_watcher_get_type ())
G_DECLARE_FINAL_TYPE (DeckWatcher, deck_watcher, HOST, DECK_WATCHER, GObject)

DeckWatcher *deck_watcher_new (Deck *deck, GError **error);

G_END_DECLS
