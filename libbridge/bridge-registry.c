/* bridge-registry.c: find plugins, connect to them or start them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-registry.h"

#include "bridge-dir-watch-private.h"
#include "bridge-error.h"
#include "bridge-plugin-info-private.h"
#include "bridge-search-path-private.h"
#include "bridge-activation-private.h"
#include "bridge-runtime-dir-private.h"
#include "bridge-service.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/**
 * BridgeRegistry:
 *
 * Finds plugins by their manifests, follows them as they come and go, and
 * reaches them (docs/PROTOCOL.md, 10 "Discovery and activation").
 *
 * Manifests (`*.plugin`, see #BridgePluginInfo) are searched in this
 * order, and the first manifest with a given name wins:
 *
 * 1. each directory of `LIBBRIDGE_PLUGIN_PATH` (colon-separated)
 * 2. `$XDG_DATA_HOME/libbridge/plugins`
 * 3. `libbridge/plugins` in each directory of `$XDG_DATA_DIRS`
 * 4. the install prefix's plugin directory
 *
 * The build tree's own, uninstalled libbridge puts the build tree's plugin
 * folders after 1 and leaves out 4, so that every program of the build
 * tree finds the plugins built with it, before anything is installed.
 * `LIBBRIDGE_PLUGIN_SYSTEM_PATH`, when set (even empty), replaces all but
 * 1 with its own colon-separated directories.
 *
 * Broken manifests are skipped and listed by bridge_registry_get_warnings().
 *
 * A registry is a #GListModel of #BridgePluginInfo, one item per plugin
 * name, sorted by name (strcmp() order), so a plugin picker is one line:
 *
 * ```c
 * picker = gtk_drop_down_new (g_object_ref (G_LIST_MODEL (registry)),
 *                             gtk_property_expression_new (BRIDGE_TYPE_PLUGIN_INFO, NULL, "name"));
 * ```
 *
 * (bridge_registry_find_by_interface() still answers in search order.)
 *
 * The registry watches every folder of the search path, including the
 * ones that do not exist yet (it watches the nearest existing parent until
 * they appear). When a manifest appears, changes or goes away, it scans
 * again once the burst of changes is over (about 150 ms later) and emits
 * #GListModel::items-changed for the plugins that came or went. A plugin
 * whose manifest changed keeps its #BridgePluginInfo object, updated in
 * place, which notifies the properties that changed; so does a plugin
 * whose winning manifest changes folder. Only files whose name ends in
 * `.plugin` are read: write a manifest under another name and rename it
 * into place, as g_file_set_contents() does. A manifest that fails to
 * parse is skipped (with a warning in bridge_registry_get_warnings()); if
 * it parsed before, the plugin keeps its last good description until the
 * file parses again or goes away, so a manifest being rewritten in place
 * never makes its plugin blink out.
 *
 * #BridgePluginInfo:live follows `$XDG_RUNTIME_DIR/libbridge` the same way:
 * it turns %TRUE when a plugin started by anyone links its socket there,
 * and %FALSE when the socket goes away (a plugin that exits cleanly
 * removes it; the socket of one that crashed stays until a connection
 * attempt finds it stale and removes it).
 *
 * The monitors and the rescan timer live in the thread-default main
 * context of the thread that created the registry: nothing changes unless
 * that context is iterated, and the signals are emitted there. Use a
 * registry from that thread only.
 *
 * bridge_registry_connect_async() first tries a live instance listening on
 * `$XDG_RUNTIME_DIR/libbridge/<Name>.sock` (a plugin started by hand, see
 * #BridgeService) and otherwise starts the plugin, handing it one end of a
 * socketpair as fd 3. A started plugin lives as long as its connection:
 * once the connection closes it gets two seconds to exit by itself, then
 * it is killed.
 *
 * Since: 0.1
 */

/* How long after the first change of a burst the registry scans again:
 * writing a few manifests, or a package installing twenty, is one scan. */
#define RESCAN_DELAY_MS 150

struct _BridgeRegistry
{
  GObject parent_instance;

  char **search_path;
  GMainContext *context;   /* of the creating thread: monitors and timer */
  GPtrArray *plugins;      /* BridgePluginInfo, sorted by name: the model */
  GHashTable *by_name;     /* name -> BridgePluginInfo, borrowed from plugins */
  GPtrArray *search_order; /* BridgePluginInfo, borrowed, in search order */
  GPtrArray *warnings;     /* char *, NULL-terminated */
  GPtrArray *watches;      /* BridgeDirWatch: the search path, the runtime dir */
  GSource *rescan_source;  /* a rescan is due, or NULL */
  GSource *probe_source;   /* live probes are due, or NULL */
  GHashTable *to_probe;    /* plugin names whose socket came or went */
  gboolean probe_all;      /* the runtime folder itself came or went */
};

static void bridge_registry_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BridgeRegistry,
                               bridge_registry,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, bridge_registry_list_model_init))

/* Discovery ------------------------------------------------------------ */

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (bridge_plugin_info_get_name (*(BridgePluginInfo *const *) a),
                 bridge_plugin_info_get_name (*(BridgePluginInfo *const *) b));
}

/* One pass over the search path. */
typedef struct
{
  GHashTable *old_by_path; /* manifest path -> BridgePluginInfo listed now */
  GHashTable *by_name;     /* name -> BridgePluginInfo, borrowed from order */
  GPtrArray *order;        /* BridgePluginInfo, owned, winners in search order */
  GPtrArray *warnings;     /* char *, NULL-terminated */
} Scan;

/* A manifest that does not parse: skipped, unless it parsed before (it is
 * probably being rewritten in place), in which case its plugin stays as it
 * was. Returns the entry to keep, or NULL. */
static BridgePluginInfo *
parse_failed (Scan *scan, const char *path, const GError *error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  BridgePluginInfo *previous = g_hash_table_lookup (scan->old_by_path, absolute);

  g_ptr_array_add (scan->warnings, g_strdup (error->message));
  if (previous == NULL)
    {
      g_debug ("registry: skipping manifest: %s", error->message);
      return NULL;
    }
  g_debug ("registry: keeping the last good %s: %s", bridge_plugin_info_get_name (previous), error->message);
  return g_object_ref (previous);
}

static void
scan_dir (Scan *scan, const char *dir_path)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  const char *name;

  dir = g_dir_open (dir_path, 0, &error);
  if (dir == NULL)
    {
      /* A missing directory on the search path is normal. */
      g_debug ("registry: not scanning %s: %s", dir_path, error->message);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".plugin") && name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  /* Directory order is arbitrary; sorting makes "first wins" repeatable. */
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, names->pdata[i], NULL);
      g_autoptr (BridgePluginInfo) info = NULL;
      g_autoptr (GError) local_error = NULL;
      const char *plugin_name;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      info = bridge_plugin_info_new_from_file (path, &local_error);
      if (info == NULL && (info = parse_failed (scan, path, local_error)) == NULL)
        continue;
      plugin_name = bridge_plugin_info_get_name (info);
      if (g_hash_table_contains (scan->by_name, plugin_name))
        {
          g_debug ("registry: %s is shadowed by %s", path,
                   bridge_plugin_info_get_path (g_hash_table_lookup (scan->by_name, plugin_name)));
          continue;
        }
      g_hash_table_insert (scan->by_name, (gpointer) plugin_name, info);
      g_ptr_array_add (scan->order, g_steal_pointer (&info));
    }
}

static void
probe_live (BridgePluginInfo *info)
{
  g_autofree char *path = bridge_runtime_socket_path (bridge_plugin_info_get_name (info));

  bridge_plugin_info_set_live (info, bridge_runtime_socket_answers (path));
}

/* Scans the search path and merges what it found into the model: a name
 * seen before keeps its object, updated in place; one items-changed covers
 * the names that came or went, between the unchanged head and tail. */
static void
rescan (BridgeRegistry *self)
{
  g_autoptr (GHashTable) old_by_path = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  g_autoptr (GPtrArray) next = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) updated = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) old = NULL;
  Scan scan = { old_by_path, by_name, order, warnings };
  guint head = 0, tail = 0, n_old, n_new;

  for (guint i = 0; i < self->plugins->len; i++)
    {
      const char *path = bridge_plugin_info_get_path (self->plugins->pdata[i]);

      if (path != NULL)
        g_hash_table_insert (old_by_path, (gpointer) path, self->plugins->pdata[i]);
    }
  for (guint i = 0; self->search_path[i] != NULL; i++)
    scan_dir (&scan, self->search_path[i]);

  g_ptr_array_set_size (self->search_order, 0);
  for (guint i = 0; i < order->len; i++)
    {
      BridgePluginInfo *found = order->pdata[i];
      BridgePluginInfo *current = g_hash_table_lookup (self->by_name, bridge_plugin_info_get_name (found));

      if (current == NULL)
        {
          g_debug ("registry: found plugin %s in %s", bridge_plugin_info_get_name (found),
                   bridge_plugin_info_get_path (found));
          /* Not listed yet: nobody watches it, so it is not notified. */
          probe_live (found);
          current = found;
        }
      else if (current != found)
        {
          /* Notified once the model is consistent again, below. */
          g_object_freeze_notify (G_OBJECT (current));
          g_ptr_array_add (updated, g_object_ref (current));
          bridge_plugin_info_update (current, found);
        }
      g_ptr_array_add (next, g_object_ref (current));
      g_ptr_array_add (self->search_order, current);
    }
  g_ptr_array_sort (next, compare_names);

  n_old = self->plugins->len;
  n_new = next->len;
  while (head < n_old && head < n_new && self->plugins->pdata[head] == next->pdata[head])
    head++;
  while (tail < n_old - head && tail < n_new - head
         && self->plugins->pdata[n_old - 1 - tail] == next->pdata[n_new - 1 - tail])
    tail++;

  /* The removed objects stay alive (in old) while items-changed runs. */
  old = g_steal_pointer (&self->plugins);
  self->plugins = g_steal_pointer (&next);
  g_hash_table_remove_all (self->by_name);
  for (guint i = 0; i < self->plugins->len; i++)
    g_hash_table_insert (self->by_name, (gpointer) bridge_plugin_info_get_name (self->plugins->pdata[i]),
                         self->plugins->pdata[i]);
  g_ptr_array_unref (self->warnings);
  self->warnings = g_steal_pointer (&warnings);

  if (n_old - head - tail > 0 || n_new - head - tail > 0)
    {
      g_debug ("registry: items-changed at %u: %u removed, %u added", head, n_old - head - tail,
               n_new - head - tail);
      g_list_model_items_changed (G_LIST_MODEL (self), head, n_old - head - tail, n_new - head - tail);
    }
  for (guint i = 0; i < updated->len; i++)
    g_object_thaw_notify (updated->pdata[i]);
}

static gboolean
on_rescan_due (gpointer user_data)
{
  BridgeRegistry *self = user_data;

  g_clear_pointer (&self->rescan_source, g_source_unref);
  rescan (self);
  return G_SOURCE_REMOVE;
}

/* A manifest folder changed: scan once the burst is over. */
static void
on_manifest_changed (const char *basename, gpointer user_data)
{
  BridgeRegistry *self = user_data;

  g_debug ("registry: %s changed", basename != NULL ? basename : "a manifest folder");
  if (self->rescan_source != NULL)
    return;
  self->rescan_source = g_timeout_source_new (RESCAN_DELAY_MS);
  g_source_set_callback (self->rescan_source, on_rescan_due, self, NULL);
  g_source_set_static_name (self->rescan_source, "[libbridge] registry rescan");
  g_source_attach (self->rescan_source, self->context);
}

static gboolean
on_probes_due (gpointer user_data)
{
  BridgeRegistry *self = user_data;
  GHashTableIter iter;
  gpointer name;

  g_clear_pointer (&self->probe_source, g_source_unref);
  if (self->probe_all)
    for (guint i = 0; i < self->plugins->len; i++)
      probe_live (self->plugins->pdata[i]);
  else
    {
      g_hash_table_iter_init (&iter, self->to_probe);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        {
          BridgePluginInfo *info = g_hash_table_lookup (self->by_name, name);

          if (info != NULL)
            probe_live (info);
        }
    }
  self->probe_all = FALSE;
  g_hash_table_remove_all (self->to_probe);
  return G_SOURCE_REMOVE;
}

/* A socket came or went under the runtime folder. The service links its
 * socket into place once it listens (bridge-service.c), so a probe sees
 * what is there. The probes (and the notify::live they may emit) run from
 * an idle of the registry's own, not inside the folder watch's handler:
 * a handler of theirs may drop the registry, and the watch with it. */
static void
on_runtime_changed (const char *basename, gpointer user_data)
{
  BridgeRegistry *self = user_data;

  if (basename == NULL)
    self->probe_all = TRUE;
  else
    g_hash_table_add (self->to_probe, g_strndup (basename, strlen (basename) - strlen (".sock")));
  if (self->probe_source != NULL)
    return;
  self->probe_source = g_idle_source_new ();
  g_source_set_callback (self->probe_source, on_probes_due, self, NULL);
  g_source_set_static_name (self->probe_source, "[libbridge] registry live probes");
  g_source_attach (self->probe_source, self->context);
}

static void
start_watching (BridgeRegistry *self)
{
  g_autofree char *runtime_dir = bridge_runtime_dir ();

  for (guint i = 0; self->search_path[i] != NULL; i++)
    g_ptr_array_add (self->watches, bridge_dir_watch_new (self->search_path[i], ".plugin", self->context,
                                                          on_manifest_changed, self));
  g_ptr_array_add (self->watches,
                   bridge_dir_watch_new (runtime_dir, ".sock", self->context, on_runtime_changed, self));
}

/* GListModel ------------------------------------------------------------ */

static GType
bridge_registry_get_item_type (GListModel *model)
{
  return BRIDGE_TYPE_PLUGIN_INFO;
}

static guint
bridge_registry_get_n_items (GListModel *model)
{
  return BRIDGE_REGISTRY (model)->plugins->len;
}

static gpointer
bridge_registry_get_item (GListModel *model, guint position)
{
  BridgeRegistry *self = BRIDGE_REGISTRY (model);

  if (position >= self->plugins->len)
    return NULL;
  return g_object_ref (self->plugins->pdata[position]);
}

static void
bridge_registry_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bridge_registry_get_item_type;
  iface->get_n_items = bridge_registry_get_n_items;
  iface->get_item = bridge_registry_get_item;
}

/* The object ----------------------------------------------------------- */

static void
bridge_registry_dispose (GObject *object)
{
  BridgeRegistry *self = BRIDGE_REGISTRY (object);

  g_ptr_array_set_size (self->watches, 0);
  if (self->rescan_source != NULL)
    {
      g_source_destroy (self->rescan_source);
      g_clear_pointer (&self->rescan_source, g_source_unref);
    }
  if (self->probe_source != NULL)
    {
      g_source_destroy (self->probe_source);
      g_clear_pointer (&self->probe_source, g_source_unref);
    }

  G_OBJECT_CLASS (bridge_registry_parent_class)->dispose (object);
}

static void
bridge_registry_finalize (GObject *object)
{
  BridgeRegistry *self = BRIDGE_REGISTRY (object);

  g_strfreev (self->search_path);
  g_hash_table_unref (self->by_name);
  g_hash_table_unref (self->to_probe);
  g_ptr_array_unref (self->search_order);
  g_ptr_array_unref (self->plugins);
  g_ptr_array_unref (self->warnings);
  g_ptr_array_unref (self->watches);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (bridge_registry_parent_class)->finalize (object);
}

static void
bridge_registry_class_init (BridgeRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bridge_registry_dispose;
  G_OBJECT_CLASS (klass)->finalize = bridge_registry_finalize;
}

static void
bridge_registry_init (BridgeRegistry *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->plugins = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->to_probe = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->search_order = g_ptr_array_new ();
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->watches = g_ptr_array_new_with_free_func ((GDestroyNotify) bridge_dir_watch_free);
}

static BridgeRegistry *
registry_new (char **search_path)
{
  BridgeRegistry *self = g_object_new (BRIDGE_TYPE_REGISTRY, NULL);

  self->search_path = search_path;
  /* Watch first: what changes during the first scan is seen again. */
  start_watching (self);
  rescan (self);
  return self;
}

/**
 * bridge_registry_new:
 *
 * Creates a registry on the default search path (see #BridgeRegistry),
 * scans it and starts watching it, in the thread-default main context.
 * The environment variables that make up the search path are read now.
 *
 * Returns: (transfer full): a new #BridgeRegistry
 *
 * Since: 0.1
 */
BridgeRegistry *
bridge_registry_new (void)
{
  return registry_new (bridge_search_path_default ());
}

/**
 * bridge_registry_new_for_path:
 * @dirs: (array zero-terminated=1): directories to search, in order
 *
 * Creates a registry that searches only @dirs, scans them and starts
 * watching them, in the thread-default main context. A directory of @dirs
 * need not exist yet.
 *
 * Returns: (transfer full): a new #BridgeRegistry
 *
 * Since: 0.1
 */
BridgeRegistry *
bridge_registry_new_for_path (const char *const *dirs)
{
  g_return_val_if_fail (dirs != NULL, NULL);

  return registry_new (g_strdupv ((char **) dirs));
}

/**
 * bridge_registry_get_search_path:
 * @self: a #BridgeRegistry
 *
 * Gets the directories searched for manifests.
 *
 * Returns: (transfer none) (array zero-terminated=1): the directories
 *   searched for manifests, in order
 *
 * Since: 0.1
 */
const char *const *
bridge_registry_get_search_path (BridgeRegistry *self)
{
  g_return_val_if_fail (BRIDGE_IS_REGISTRY (self), NULL);
  return (const char *const *) self->search_path;
}

/**
 * bridge_registry_get_warnings:
 * @self: a #BridgeRegistry
 *
 * Lists what was wrong with each manifest that was skipped in the last
 * scan, one message per manifest, naming the file (and line where known).
 * A manifest that failed to parse after it had parsed is listed too, even
 * though its plugin stays with its last good description.
 *
 * Returns: (transfer none) (array zero-terminated=1): the messages,
 *   empty if every manifest was fine; valid until the next scan
 *
 * Since: 0.1
 */
const char *const *
bridge_registry_get_warnings (BridgeRegistry *self)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (BRIDGE_IS_REGISTRY (self), NULL);
  /* A null-terminated GPtrArray that never held anything has no pdata. */
  return self->warnings->pdata != NULL ? (const char *const *) self->warnings->pdata : none;
}

/**
 * bridge_registry_find_by_name:
 * @self: a #BridgeRegistry
 * @name: a plugin name
 *
 * Finds a plugin by its name.
 *
 * Returns: (transfer none) (nullable): the plugin called @name, or %NULL;
 *   hold a reference to keep it past the next main loop iteration
 *
 * Since: 0.1
 */
BridgePluginInfo *
bridge_registry_find_by_name (BridgeRegistry *self, const char *name)
{
  g_return_val_if_fail (BRIDGE_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (self->by_name, name);
}

/**
 * bridge_registry_find_by_interface:
 * @self: a #BridgeRegistry
 * @interface: an interface name, like `org.libbridge.Video1`
 *
 * Finds a plugin that implements an interface.
 *
 * Returns: (transfer none) (nullable): the first plugin in search order
 *   (not in the order of the list) whose manifest lists @interface, or
 *   %NULL; hold a reference to keep it past the next main loop iteration
 *
 * Since: 0.1
 */
BridgePluginInfo *
bridge_registry_find_by_interface (BridgeRegistry *self, const char *interface)
{
  g_return_val_if_fail (BRIDGE_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (interface != NULL, NULL);

  for (guint i = 0; i < self->search_order->len; i++)
    if (bridge_plugin_info_implements (self->search_order->pdata[i], interface))
      return self->search_order->pdata[i];
  return NULL;
}

/**
 * bridge_registry_get_socket_path:
 * @self: a #BridgeRegistry
 * @info: a plugin
 *
 * Gets the path of the socket a live instance of a plugin listens on.
 *
 * Returns: (transfer full): where a live instance of @info listens:
 *   `$XDG_RUNTIME_DIR/libbridge/<Name>.sock`
 *
 * Since: 0.1
 */
char *
bridge_registry_get_socket_path (BridgeRegistry *self, BridgePluginInfo *info)
{
  g_return_val_if_fail (BRIDGE_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (info), NULL);
  return bridge_runtime_socket_path (bridge_plugin_info_get_name (info));
}

/**
 * bridge_registry_is_live:
 * @self: a #BridgeRegistry
 * @info: a plugin
 *
 * Checks whether an instance of @info accepts connections on its socket
 * right now. Never follows a symlink and never removes anything.
 *
 * Returns: %TRUE if a live instance answers
 *
 * Since: 0.1
 */
gboolean
bridge_registry_is_live (BridgeRegistry *self, BridgePluginInfo *info)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (BRIDGE_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (info), FALSE);

  path = bridge_registry_get_socket_path (self, info);
  return bridge_runtime_socket_answers (path);
}

/* Reaching a plugin (the machinery is in bridge-activation.c) ------------ */

/**
 * bridge_registry_connect_async:
 * @self: a #BridgeRegistry
 * @info: the plugin to reach
 * @flags: how to reach it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when connected and handshaken, or on failure
 * @user_data: data for @callback
 *
 * Connects to a live instance of @info or starts the plugin, runs the
 * handshake and checks that the peer implements every interface its
 * manifest lists.
 *
 * Unless @flags has %BRIDGE_CONNECT_FLAGS_NEW_INSTANCE, the socket at
 * bridge_registry_get_socket_path() is tried first. A socket nobody
 * answers on is stale: it is removed. Something there that is not a socket
 * of this user's (a regular file, a symlink) is never followed nor
 * removed, only ignored. With %BRIDGE_CONNECT_FLAGS_NO_START that is the
 * end of it; otherwise the plugin is started with one end of a socketpair
 * as fd 3, announced in %BRIDGE_FD_ENV.
 *
 * A started plugin gets SIGTERM if the thread that called this function
 * exits, and lives as long as its connection: when the connection closes
 * or is finalized, the plugin has two seconds to exit by itself before it
 * is killed. That timer, and the returned connection, live in the
 * thread-default main context of this call; @callback runs there too.
 *
 * Since: 0.1
 */
void
bridge_registry_connect_async (BridgeRegistry *self,
                               BridgePluginInfo *info,
                               BridgeConnectFlags flags,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr (GMainContext) home = g_main_context_ref_thread_default ();
  g_autofree char *socket_path = NULL;

  g_return_if_fail (BRIDGE_IS_REGISTRY (self));
  g_return_if_fail (BRIDGE_IS_PLUGIN_INFO (info));
  g_return_if_fail (
      !((flags & BRIDGE_CONNECT_FLAGS_NEW_INSTANCE) && (flags & BRIDGE_CONNECT_FLAGS_NO_START)));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  socket_path = bridge_registry_get_socket_path (self, info);
  bridge_activation_connect (G_OBJECT (self), info, socket_path, flags, home, FALSE, cancellable, callback,
                             user_data);
}

/**
 * bridge_registry_connect_finish:
 * @self: a #BridgeRegistry
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes bridge_registry_connect_async().
 *
 * Returns: (transfer full): a ready connection to the plugin, or %NULL
 *   with %BRIDGE_ERROR_NOT_FOUND (%BRIDGE_CONNECT_FLAGS_NO_START and no
 *   live instance), %BRIDGE_ERROR_SPAWN_FAILED (the program could not be
 *   started, or ended or failed before the handshake finished; the message
 *   says how it exited), %BRIDGE_ERROR_UNKNOWN_INTERFACE (the peer lacks
 *   an interface its manifest lists), a handshake error from the live
 *   instance, or %G_IO_ERROR_CANCELLED
 *
 * Since: 0.1
 */
BridgeConnection *
bridge_registry_connect_finish (BridgeRegistry *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (BRIDGE_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_connect_sync_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * bridge_registry_connect_sync:
 * @self: a #BridgeRegistry
 * @info: the plugin to reach
 * @flags: how to reach it
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking version of bridge_registry_connect_async(), with the same
 * errors. The connection and the started plugin's watch live in the
 * thread-default main context of the caller, which is not iterated
 * meanwhile.
 *
 * Returns: (transfer full): a ready connection to the plugin, or %NULL
 *
 * Since: 0.1
 */
BridgeConnection *
bridge_registry_connect_sync (BridgeRegistry *self,
                              BridgePluginInfo *info,
                              BridgeConnectFlags flags,
                              GCancellable *cancellable,
                              GError **error)
{
  g_autoptr (GMainContext) home = g_main_context_ref_thread_default ();
  g_autoptr (GMainContext) context = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *socket_path = NULL;

  g_return_val_if_fail (BRIDGE_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (info), NULL);
  g_return_val_if_fail (
      !((flags & BRIDGE_CONNECT_FLAGS_NEW_INSTANCE) && (flags & BRIDGE_CONNECT_FLAGS_NO_START)), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  socket_path = bridge_registry_get_socket_path (self, info);
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  bridge_activation_connect (G_OBJECT (self), info, socket_path, flags, home, TRUE, cancellable,
                             on_connect_sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  /* What finished meanwhile (a cancelled wait, the start of a shared
   * instance) still has its last callback queued here: run it, or what
   * it holds would stay for good. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  return bridge_registry_connect_finish (self, result, error);
}
