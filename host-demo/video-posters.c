/* video-posters.c: the first picture of every video of the deck, fetched ahead
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A slide's video elements start their plugins when the slide is shown,
 * and the first picture takes a moment to come. So that the box is never
 * empty meanwhile, the poster of every video (its still at start=, the
 * picture the element shows first) is fetched once, when the deck opens,
 * by one plugin instance in a worker thread (VideoStills, as the export
 * does), and handed to each element as it is made. The thread works on a
 * copy of the paths, so a deck that goes meanwhile does not matter.
 */
#include "config.h"

#include "video-posters.h"

#include "video-stills.h"

struct _VideoPosters
{
  GObject parent_instance;

  GHashTable *textures; /* "START PATH" -> GdkTexture */
  GCancellable *cancellable;
  gboolean ready;
};

G_DEFINE_FINAL_TYPE (VideoPosters, video_posters, G_TYPE_OBJECT)

enum
{
  SIGNAL_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  BridgeRegistry *registry;
  GPtrArray *keys;     /* "START PATH" */
  GPtrArray *paths;    /* the same order */
  GArray *starts;      /* double */
  GPtrArray *surfaces; /* cairo_surface_t or NULL */
} Job;

static void
surface_destroy0 (gpointer surface)
{
  if (surface != NULL)
    cairo_surface_destroy (surface);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->registry);
  g_ptr_array_unref (job->keys);
  g_ptr_array_unref (job->paths);
  g_array_unref (job->starts);
  g_ptr_array_unref (job->surfaces);
  g_free (job);
}

static char *
key_for (const DeckBlock *block)
{
  return g_strdup_printf ("%.3f %s", block->start, block->path);
}

static void
fetch (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  /* libbridge looks after what it starts in the thread's own context. */
  g_autoptr (GMainContext) context = g_main_context_new ();
  VideoStills *stills;
  guint i;

  g_main_context_push_thread_default (context);
  stills = video_stills_new (job->registry);

  for (i = 0; i < job->paths->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr (GError) error = NULL;
      cairo_surface_t *surface
          = video_stills_get (stills, job->paths->pdata[i], g_array_index (job->starts, double, i), &error);

      /* The element says what is wrong when its turn comes. */
      if (surface == NULL)
        g_debug ("no poster for %s: %s", (char *) job->paths->pdata[i], error->message);
      g_ptr_array_add (job->surfaces, surface);
    }
  /* Its plugin exits once the connection closes. */
  g_object_unref (stills);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  g_task_return_boolean (task, TRUE);
}

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface), height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr (GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  /* cairo's ARGB32 is BGRA in memory on little-endian machines. */
  return gdk_memory_texture_new (width, height,
                                 G_BYTE_ORDER == G_LITTLE_ENDIAN ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                                                 : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                 bytes, stride);
}

static void
on_fetched (GObject *source, GAsyncResult *result, gpointer data)
{
  VideoPosters *self = HOST_VIDEO_POSTERS (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  guint i;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  for (i = 0; i < job->surfaces->len; i++)
    if (job->surfaces->pdata[i] != NULL)
      {
        g_hash_table_replace (self->textures, g_strdup (job->keys->pdata[i]),
                              texture_from_surface (job->surfaces->pdata[i]));
      }
  self->ready = TRUE;
  g_signal_emit (self, signals[SIGNAL_READY], 0, g_hash_table_size (self->textures));
}

static void
video_posters_dispose (GObject *object)
{
  VideoPosters *self = HOST_VIDEO_POSTERS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->textures, g_hash_table_unref);
  G_OBJECT_CLASS (video_posters_parent_class)->dispose (object);
}

static void
video_posters_class_init (VideoPostersClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = video_posters_dispose;

  /**
   * VideoPosters::ready:
   * @self: the posters
   * @n: how many posters there are (a video shown twice has one)
   *
   * Every poster that could be had is there.
   */
  signals[SIGNAL_READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
video_posters_init (VideoPosters *self)
{
  self->textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
}

/**
 * video_posters_new:
 * @deck: the deck
 * @registry: (nullable): where to find the video plugin
 *
 * Starts fetching the posters of @deck's videos.
 *
 * Returns: (transfer full): the posters, empty until #VideoPosters::ready
 */
VideoPosters *
video_posters_new (Deck *deck, BridgeRegistry *registry)
{
  VideoPosters *self = g_object_new (HOST_TYPE_VIDEO_POSTERS, NULL);
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, on_fetched, NULL);
  Job *job = g_new0 (Job, 1);
  guint i, j;

  job->registry = registry != NULL ? g_object_ref (registry) : NULL;
  job->keys = g_ptr_array_new_with_free_func (g_free);
  job->paths = g_ptr_array_new_with_free_func (g_free);
  job->starts = g_array_new (FALSE, FALSE, sizeof (double));
  job->surfaces = g_ptr_array_new_with_free_func (surface_destroy0);
  for (i = 0; i < deck_get_n_slides (deck); i++)
    {
      DeckSlide *slide = deck_get_slide (deck, i);

      for (j = 0; j < slide->blocks->len; j++)
        {
          DeckBlock *block = slide->blocks->pdata[j];

          if (block->kind != DECK_BLOCK_VIDEO || block->problem != NULL || block->path == NULL)
            continue;
          g_ptr_array_add (job->keys, key_for (block));
          g_ptr_array_add (job->paths, g_strdup (block->path));
          g_array_append_val (job->starts, block->start);
        }
    }
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_set_name (task, "[host-demo] posters");
  g_task_run_in_thread (task, fetch);
  return self;
}

/**
 * video_posters_lookup:
 * @self: a #VideoPosters
 * @block: a video of the deck
 *
 * Returns: (transfer none) (nullable): its poster, if fetched
 */
GdkTexture *
video_posters_lookup (VideoPosters *self, const DeckBlock *block)
{
  g_autofree char *key = key_for (block);

  return g_hash_table_lookup (self->textures, key);
}

/**
 * video_posters_is_ready:
 * @self: a #VideoPosters
 *
 * Returns: whether fetching is over
 */
gboolean
video_posters_is_ready (VideoPosters *self)
{
  return self->ready;
}
