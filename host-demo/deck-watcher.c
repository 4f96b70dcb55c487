/* deck-watcher.c: a deck that reloads when its file is saved
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * deck_reload() parses the file again into a new deck and moves its
 * slides into the old Deck object, so that whoever holds the deck keeps
 * it; Deck::changed tells them. A video block that did not change (same
 * file, same options) is carried over as the same DeckBlock, so the video
 * element playing it can go on without a new plugin. A deck that no
 * longer parses keeps its last good slides and says why.
 *
 * DeckWatcher is the GFileMonitor on the deck's file that calls
 * deck_reload() DECK_WATCHER_DELAY_MS after the last change: editors save
 * by writing in place (several change events) or by writing a new file
 * and renaming it over the old one (a rename event).
 */
#include "config.h"

#include "deck-watcher.h"
#include "deck-private.h"

#include <gio/gio.h>

/* ---- reloading ----------------------------------------------------------- */

static gboolean
same_video (const DeckBlock *a, const DeckBlock *b)
{
  return a->kind == DECK_BLOCK_VIDEO && b->kind == DECK_BLOCK_VIDEO && a->problem == NULL
         && b->problem == NULL && g_strcmp0 (a->path, b->path) == 0 && a->video_flags == b->video_flags
         && a->start == b->start && a->width == b->width && a->height == b->height;
}

/* Puts the old block of each unchanged video into the new slides (and
 * the new block into the old slides, which go); where it now stands in
 * the file comes from the new block. */
static void
carry_over_videos (GPtrArray *old_slides, GPtrArray *new_slides)
{
  guint i, j, k, l;

  for (i = 0; i < new_slides->len; i++)
    {
      DeckSlide *slide = new_slides->pdata[i];

      for (j = 0; j < slide->blocks->len; j++)
        {
          DeckBlock *fresh = slide->blocks->pdata[j];
          gboolean found = FALSE;

          if (fresh->kind != DECK_BLOCK_VIDEO)
            continue;
          for (k = 0; k < old_slides->len && !found; k++)
            {
              DeckSlide *old_slide = old_slides->pdata[k];

              for (l = 0; l < old_slide->blocks->len && !found; l++)
                {
                  DeckBlock *old = old_slide->blocks->pdata[l];

                  if (!same_video (old, fresh))
                    continue;
                  old->line = fresh->line;
                  old->column = fresh->column;
                  slide->blocks->pdata[j] = old;
                  old_slide->blocks->pdata[l] = fresh;
                  /* The new block, now in the old slides, is a copy: it
                   * must not match again. */
                  fresh->kind = DECK_BLOCK_PARAGRAPH;
                  found = TRUE;
                }
            }
        }
    }
}

#define SWAP(a, b)                                                                                           \
  G_STMT_START                                                                                               \
  {                                                                                                          \
    __typeof__ (a) tmp_ = (a);                                                                               \
    (a) = (b);                                                                                               \
    (b) = tmp_;                                                                                              \
  }                                                                                                          \
  G_STMT_END

static void
adopt (Deck *self, Deck *fresh)
{
  carry_over_videos (self->slides, fresh->slides);
  SWAP (self->slides, fresh->slides);
  /* Whoever held a block of the old slides (a video element stopping
   * after Deck::changed) may still read it until the next reload. */
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  self->retired = g_steal_pointer (&fresh->slides);
  fresh->slides = g_ptr_array_new ();
  SWAP (self->problems, fresh->problems);
  SWAP (self->title, fresh->title);
  SWAP (self->checksum, fresh->checksum);
  SWAP (self->theme, fresh->theme);
  self->has_front_matter = fresh->has_front_matter;
  self->marp = fresh->marp;
  self->paginate = fresh->paginate;
  self->aspect = fresh->aspect;
  self->width = fresh->width;
  self->height = fresh->height;
}

/**
 * deck_reload:
 * @self: a deck loaded from a file
 * @error: return location for a #DECK_ERROR
 *
 * Reads the deck's file again. When its text changed and parses, the
 * slides are replaced; when it does not parse, they stay and
 * deck_get_reload_error() says why. Either way Deck::changed is emitted;
 * an unchanged file changes nothing.
 *
 * Returns: %FALSE with @error set when the file could not be read or
 *   parsed
 */
gboolean
deck_reload (Deck *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (Deck) fresh = NULL;
  g_autofree char *data = NULL;
  g_autofree char *checksum = NULL;
  gsize length = 0;

  g_return_val_if_fail (HOST_IS_DECK (self), FALSE);

  if (g_file_get_contents (self->path, &data, &length, NULL))
    {
      checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
      if (self->reload_error == NULL && g_strcmp0 (checksum, self->checksum) == 0)
        return TRUE;
      fresh = deck_new_from_data (data, length, self->display_path, &local_error);
    }
  else
    fresh = deck_new_from_file (self->display_path, &local_error);

  g_clear_error (&self->reload_error);
  if (fresh == NULL)
    {
      self->reload_error = g_error_copy (local_error);
      g_debug ("reloading %s: %s", self->display_path, local_error->message);
      deck_emit_changed (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  adopt (self, fresh);
  g_debug ("reloaded %s: %u slides", self->display_path, self->slides->len);
  deck_emit_changed (self);
  return TRUE;
}

/**
 * deck_get_reload_error:
 * @self: a #Deck
 *
 * Returns: (transfer none) (nullable): why the last deck_reload() kept the
 *   old slides, or %NULL when it did not fail
 */
const GError *
deck_get_reload_error (Deck *self)
{
  g_return_val_if_fail (HOST_IS_DECK (self), NULL);
  return self->reload_error;
}

/* ---- watching ------------------------------------------------------------ */

struct _DeckWatcher
{
  GObject parent_instance;

  Deck *deck;
  GFileMonitor *monitor;
  guint timeout_id;
};

G_DEFINE_FINAL_TYPE (DeckWatcher, deck_watcher, G_TYPE_OBJECT)

static void
deck_watcher_dispose (GObject *object)
{
  DeckWatcher *self = HOST_DECK_WATCHER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);
  g_clear_object (&self->deck);
  G_OBJECT_CLASS (deck_watcher_parent_class)->dispose (object);
}

static void
deck_watcher_class_init (DeckWatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = deck_watcher_dispose;
}

static void
deck_watcher_init (DeckWatcher *self)
{
}

static gboolean
reload_now (gpointer data)
{
  DeckWatcher *self = data;

  g_autoptr (GError) error = NULL;
  guint i;

  self->timeout_id = 0;
  /* Where the deck was started from a terminal, say what the reload
   * found there, as at the start. */
  if (!deck_reload (self->deck, &error))
    g_printerr ("%s\n", error->message);
  else
    for (i = 0; i < deck_get_n_problems (self->deck); i++)
      {
        g_autofree char *line = deck_format_problem (self->deck, deck_get_problem (self->deck, i));

        g_printerr ("%s\n", line);
      }
  return G_SOURCE_REMOVE;
}

static void
on_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event, DeckWatcher *self)
{
  switch (event)
    {
      case G_FILE_MONITOR_EVENT_CHANGED:
      case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
      case G_FILE_MONITOR_EVENT_CREATED:
      case G_FILE_MONITOR_EVENT_MOVED_IN:
      case G_FILE_MONITOR_EVENT_RENAMED:
        g_clear_handle_id (&self->timeout_id, g_source_remove);
        self->timeout_id = g_timeout_add (DECK_WATCHER_DELAY_MS, reload_now, self);
        break;
      default:
        break;
    }
}

/**
 * deck_watcher_new:
 * @deck: a deck loaded from a file
 * @error: return location for a #GIOErrorEnum
 *
 * Watches @deck's file from the thread-default main context and calls
 * deck_reload() on @deck when it is saved; listen to Deck::changed.
 *
 * Returns: (transfer full): the watcher, or %NULL with @error set when
 *   the file cannot be watched
 */
DeckWatcher *
deck_watcher_new (Deck *deck, GError **error)
{
  g_autoptr (DeckWatcher) self = g_object_new (HOST_TYPE_DECK_WATCHER, NULL);
  g_autoptr (GFile) file = NULL;

  g_return_val_if_fail (HOST_IS_DECK (deck), NULL);

  self->deck = g_object_ref (deck);
  file = g_file_new_for_path (deck_get_path (deck));
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, error);
  if (self->monitor == NULL)
    return NULL;
  g_file_monitor_set_rate_limit (self->monitor, DECK_WATCHER_DELAY_MS);
  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_changed), self);
  return g_steal_pointer (&self);
}
