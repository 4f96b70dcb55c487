/* bridge-dir-watch.c: watching a folder that may not exist yet, for the
 * registry's search path and runtime folder
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-dir-watch-private.h"

#include <string.h>

/* Creating a folder, then the next one inside it, can race our switching
 * from one monitor to the next: look again this many times at most. */
#define MAX_SETTLE_ROUNDS 64

struct _BridgeDirWatch
{
  GFile *dir;
  char *suffix;
  GMainContext *context;
  BridgeDirWatchFunc func;
  gpointer user_data;

  GFile *watched; /* dir itself, or its nearest existing ancestor */
  GFile *next;    /* the child of watched on the way to dir, or NULL */
  GFileMonitor *monitor;
};

static void
on_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event, gpointer data);

/* The nearest folder at or above @dir that exists. */
static GFile *
nearest_existing (GFile *dir)
{
  g_autoptr (GFile) file = g_object_ref (dir);

  while (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      g_autoptr (GFile) parent = g_file_get_parent (file);

      if (parent == NULL)
        break;
      g_set_object (&file, parent);
    }
  return g_steal_pointer (&file);
}

/* The child of @ancestor that leads down to @dir. */
static GFile *
next_on_the_way (GFile *ancestor, GFile *dir)
{
  g_autoptr (GFile) file = g_object_ref (dir);

  for (;;)
    {
      g_autoptr (GFile) parent = g_file_get_parent (file);

      if (parent == NULL)
        return NULL;
      if (g_file_equal (parent, ancestor))
        return g_steal_pointer (&file);
      g_set_object (&file, parent);
    }
}

static void
drop_monitor (BridgeDirWatch *watch)
{
  if (watch->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (watch->monitor, watch);
      g_file_monitor_cancel (watch->monitor);
      g_clear_object (&watch->monitor);
    }
  g_clear_object (&watch->watched);
  g_clear_object (&watch->next);
}

/* Moves the monitor to the nearest existing folder on the way to dir.
 * Returns TRUE if dir itself became (or stopped being) the one watched. */
static gboolean
settle (BridgeDirWatch *watch)
{
  gboolean was_dir = watch->watched != NULL && g_file_equal (watch->watched, watch->dir);

  for (guint round = 0; round < MAX_SETTLE_ROUNDS; round++)
    {
      g_autoptr (GFile) target = nearest_existing (watch->dir);
      g_autoptr (GError) error = NULL;
      g_autofree char *path = NULL;

      if (watch->monitor != NULL && g_file_equal (target, watch->watched))
        break;

      drop_monitor (watch);
      path = g_file_get_path (target);
      /* GFileMonitor reports in the thread-default context of its
       * creation: make that the registry's, whoever iterates it now. */
      g_main_context_push_thread_default (watch->context);
      watch->monitor = g_file_monitor_directory (target, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      g_main_context_pop_thread_default (watch->context);
      if (watch->monitor == NULL)
        {
          g_debug ("dir-watch: cannot watch %s: %s", path, error->message);
          break;
        }
      watch->watched = g_steal_pointer (&target);
      if (!g_file_equal (watch->watched, watch->dir))
        watch->next = next_on_the_way (watch->watched, watch->dir);
      g_signal_connect (watch->monitor, "changed", G_CALLBACK (on_changed), watch);
      g_debug ("dir-watch: watching %s%s", path, watch->next != NULL ? " for the folder to appear" : "");
      /* What appeared before the monitor was there: look again. */
    }

  return was_dir != (watch->watched != NULL && g_file_equal (watch->watched, watch->dir));
}

static gboolean
is_interesting (BridgeDirWatch *watch, GFile *file)
{
  g_autofree char *name = NULL;

  if (file == NULL)
    return FALSE;
  if (watch->next != NULL)
    return g_file_equal (file, watch->next);
  name = g_file_get_basename (file);
  return name[0] != '.' && g_str_has_suffix (name, watch->suffix);
}

static void
report (BridgeDirWatch *watch, GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  watch->func (name, watch->user_data);
}

static void
on_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event, gpointer data)
{
  BridgeDirWatch *watch = data;
  gboolean self_event = g_file_equal (file, watch->watched);

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
    return;

  /* The folder watched (or the one on the way to it) came or went. */
  if (self_event || watch->next != NULL)
    {
      /* settle() compares with what was watched: a folder itself watched
       * that goes (deleted, or renamed away, which reports no event for
       * its files) changes everything, so say so whatever settle() sees. */
      gboolean was_dir = self_event && watch->next == NULL;

      if (!is_interesting (watch, file) && !is_interesting (watch, other) && !self_event)
        return;
      if (self_event)
        drop_monitor (watch);
      if (settle (watch) || was_dir)
        watch->func (NULL, watch->user_data);
      return;
    }

  if (is_interesting (watch, file))
    report (watch, file);
  if (is_interesting (watch, other))
    report (watch, other);
}

BridgeDirWatch *
bridge_dir_watch_new (
    const char *dir, const char *suffix, GMainContext *context, BridgeDirWatchFunc func, gpointer user_data)
{
  BridgeDirWatch *watch = g_new0 (BridgeDirWatch, 1);

  watch->dir = g_file_new_for_path (dir);
  watch->suffix = g_strdup (suffix);
  watch->context = g_main_context_ref (context);
  watch->func = func;
  watch->user_data = user_data;
  settle (watch);
  return watch;
}

void
bridge_dir_watch_free (BridgeDirWatch *watch)
{
  if (watch == NULL)
    return;
  drop_monitor (watch);
  g_object_unref (watch->dir);
  g_free (watch->suffix);
  g_main_context_unref (watch->context);
  g_free (watch);
}
