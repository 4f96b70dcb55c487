/* frame-ring-util.c: what the frame ring tests share (test-frame-ring.c,
 * test-frame-ring-hostile.c): a connected pair, a consumer that records
 * what it gets, waits with a watchdog, and counts of fds and mappings.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "frame-ring-util.h"
#include "frame-pattern.h"

#include <string.h>

BridgeConnection *plugin_side;
BridgeConnection *host_side;
guint fds_at_start;

/* The fds of the pair and of GLib's main context come with it; whatever
 * a test adds must be gone by its end. */
void
setup (void)
{
  bridge_test_connection_pair (&plugin_side, &host_side);
  fds_at_start = bridge_test_count_fds ();
}

void
teardown (void)
{
  ck_assert_msg (bridge_test_count_fds () == fds_at_start, "%u fds open at the end, %u at the start",
                 bridge_test_count_fds (), fds_at_start);
  bridge_connection_close (plugin_side);
  bridge_connection_close (host_side);
  g_clear_object (&plugin_side);
  g_clear_object (&host_side);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- a consumer that records what it gets ---- */

static void
on_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, gpointer user_data)
{
  Collector *c = user_data;
  const guint8 *data = bridge_frame_get_data (frame, NULL);

  c->n_frames++;
  ck_assert_ptr_eq (frame, bridge_frame_consumer_get_latest (consumer));
  if (c->problem == NULL)
    c->problem = frame_pattern_check (data, FRAME_PATTERN_TAG (bridge_frame_get_pts (frame)),
                                      bridge_frame_get_width (frame), bridge_frame_get_height (frame),
                                      bridge_frame_get_stride (frame));
  if (c->keep)
    g_ptr_array_add (c->kept, bridge_frame_ref (frame));
}

static void
on_error (BridgeFrameConsumer *consumer, GError *error, gpointer user_data)
{
  Collector *c = user_data;

  g_ptr_array_add (c->errors, g_error_copy (error));
}

Collector *
collector_new (BridgeConnection *connection, guint32 stream_id)
{
  Collector *c = g_new0 (Collector, 1);

  c->consumer = bridge_frame_consumer_new (connection, stream_id);
  c->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) bridge_frame_unref);
  c->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_signal_connect (c->consumer, "frame", G_CALLBACK (on_frame), c);
  g_signal_connect (c->consumer, "error", G_CALLBACK (on_error), c);
  return c;
}

void
collector_free (Collector *c)
{
  g_object_unref (c->consumer);
  g_ptr_array_unref (c->kept);
  g_ptr_array_unref (c->errors);
  g_free (c->problem);
  g_free (c);
}

guint64
seen (Collector *c)
{
  return bridge_frame_consumer_get_received (c->consumer) + bridge_frame_consumer_get_dropped (c->consumer);
}

static gboolean
seen_reached (gpointer data)
{
  Until *u = data;

  return seen (u->c) >= u->n;
}

static gboolean
errors_reached (gpointer data)
{
  Until *u = data;

  return u->c->errors->len >= u->n;
}

void
wait_seen (Collector *c, guint64 n)
{
  Until u = { c, n };

  ck_assert_msg (bridge_test_wait_until (seen_reached, &u, WAIT_MS),
                 "only %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " frames seen", seen (c), n);
}

void
wait_errors (Collector *c, guint n)
{
  Until u = { c, n };

  ck_assert_msg (bridge_test_wait_until (errors_reached, &u, WAIT_MS), "only %u of %u errors reported",
                 c->errors->len, n);
}

void
push_tag (BridgeFrameProducer *producer, guint64 tag, guint width, guint height, guint stride)
{
  g_autofree guint8 *data = frame_pattern_new (tag, width, height, stride);
  g_autoptr (GError) error = NULL;

  ck_assert_msg (
      bridge_frame_producer_push (producer, data, stride, FRAME_PATTERN_PTS (tag), 40000000, &error),
      "push of frame %" G_GUINT64_FORMAT " failed: %s", tag, error ? error->message : "?");
}

void
configure (BridgeFrameProducer *producer, BridgeFrameFormat format, guint width, guint height)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (bridge_frame_producer_configure (producer, format, width, height, &error),
                 "configure %ux%u failed: %s", width, height, error ? error->message : "?");
}

/* Distinct memfds called @name mapped into this process. */
guint
count_mapped (const char *name)
{
  g_autofree char *needle = g_strconcat ("/memfd:", name, " ", NULL);
  g_autofree char *maps = NULL;
  g_autoptr (GHashTable) inodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = NULL;

  ck_assert (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      {
        g_auto (GStrv) fields = g_strsplit_set (lines[i], " ", -1);
        guint n = 0;

        /* address perms offset dev inode path: the fifth field */
        for (guint f = 0; fields[f] != NULL; f++)
          if (*fields[f] != '\0' && ++n == 5)
            g_hash_table_add (inodes, g_strdup (fields[f]));
      }
  return g_hash_table_size (inodes);
}

/* Open fds whose /proc/self/fd link starts with @prefix. */
guint
count_fds_to (const char *prefix)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  ck_assert (dir != NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_str_has_prefix (target, prefix))
        n++;
    }
  return n;
}

guint
count_mapped_rings (void)
{
  return count_mapped ("libbridge-frame-ring");
}
