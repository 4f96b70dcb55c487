/* bridge-registry.c: find plugins, connect to them or start them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-registry.h"

#include "bridge-error.h"
#include "bridge-registry-private.h"
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
 * Finds plugins by their manifests and reaches them (docs/PROTOCOL.md,
 * 10 "Discovery and activation").
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
 * bridge_registry_connect_async() first tries a live instance listening on
 * `$XDG_RUNTIME_DIR/libbridge/<Name>.sock` (a plugin started by hand, see
 * #BridgeService) and otherwise starts the plugin, handing it one end of a
 * socketpair as fd 3. A started plugin lives as long as its connection:
 * once the connection closes it gets two seconds to exit by itself, then
 * it is killed.
 *
 * Since: 0.1
 */

struct _BridgeRegistry
{
  GObject parent_instance;

  char **search_path;
  gboolean custom_path;
  GPtrArray *plugins;  /* BridgePluginInfo, in search order */
  GHashTable *by_name; /* name -> BridgePluginInfo, borrowed from plugins */
  GPtrArray *warnings; /* char *, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (BridgeRegistry, bridge_registry, G_TYPE_OBJECT)

/* Runtime directory ---------------------------------------------------- */

char *
bridge_runtime_dir (void)
{
  const char *base = g_getenv ("XDG_RUNTIME_DIR");

  if (base == NULL || base[0] == '\0')
    base = g_get_user_runtime_dir ();
  return g_build_filename (base, "libbridge", NULL);
}

char *
bridge_runtime_socket_path (const char *name)
{
  g_autofree char *dir = bridge_runtime_dir ();
  g_autofree char *file = g_strconcat (name, ".sock", NULL);

  return g_build_filename (dir, file, NULL);
}

gboolean
bridge_runtime_dir_ensure (GError **error)
{
  g_autofree char *dir = bridge_runtime_dir ();
  struct stat st;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "cannot create %s: %s", dir,
                   g_strerror (errsv));
      return FALSE;
    }
  if (lstat (dir, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, "%s is not a directory", dir);
      return FALSE;
    }
  if (st.st_uid != getuid ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s belongs to uid %u, not to us", dir,
                   (guint) st.st_uid);
      return FALSE;
    }
  if ((st.st_mode & 0777) != 0700 && chmod (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "cannot chmod %s: %s", dir,
                   g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* Discovery ------------------------------------------------------------ */

/* g_strv_builder_take() is GLib 2.80. */
static void
builder_take (GStrvBuilder *builder, char *value)
{
  g_strv_builder_add (builder, value);
  g_free (value);
}

static char **
default_search_path (void)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char *env = g_getenv ("LIBBRIDGE_PLUGIN_PATH");
  const char *system_path = g_getenv ("LIBBRIDGE_PLUGIN_SYSTEM_PATH");
  const char *const *build_tree = bridge_build_tree_plugin_dirs ();
  const char *data_home = g_getenv ("XDG_DATA_HOME");
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
  g_auto (GStrv) split = NULL;

  if (env != NULL)
    {
      split = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
      for (guint i = 0; split[i] != NULL; i++)
        if (split[i][0] != '\0')
          g_strv_builder_add (builder, split[i]);
      g_clear_pointer (&split, g_strfreev);
    }

  /* Set, even empty: it replaces everything below (GStreamer's
   * GST_PLUGIN_SYSTEM_PATH). */
  if (system_path != NULL)
    {
      split = g_strsplit (system_path, G_SEARCHPATH_SEPARATOR_S, -1);
      for (guint i = 0; split[i] != NULL; i++)
        if (split[i][0] != '\0')
          g_strv_builder_add (builder, split[i]);
      return g_strv_builder_end (builder);
    }

  /* An uninstalled libbridge: the plugins built with it come next, before
   * any installed copy, and the prefix's folder is not its own. */
  g_strv_builder_addv (builder, (const char **) build_tree);

  /* Read the variables ourselves: GLib caches g_get_user_data_dir() for the
   * life of the process, and a registry made later must see changes. */
  if (data_home != NULL && g_path_is_absolute (data_home))
    builder_take (builder, g_build_filename (data_home, "libbridge", "plugins", NULL));
  else
    builder_take (builder,
                  g_build_filename (g_get_home_dir (), ".local", "share", "libbridge", "plugins", NULL));

  if (data_dirs == NULL || data_dirs[0] == '\0')
    data_dirs = "/usr/local/share:/usr/share";
  split = g_strsplit (data_dirs, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; split[i] != NULL; i++)
    if (g_path_is_absolute (split[i]))
      builder_take (builder, g_build_filename (split[i], "libbridge", "plugins", NULL));

  if (build_tree[0] == NULL)
    g_strv_builder_add (builder, BRIDGE_PLUGIN_DIR);
  return g_strv_builder_end (builder);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
add_warning (BridgeRegistry *self, const char *message)
{
  g_debug ("registry: skipping manifest: %s", message);
  g_ptr_array_add (self->warnings, g_strdup (message));
}

static void
scan_dir (BridgeRegistry *self, const char *dir_path)
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
      if (info == NULL)
        {
          add_warning (self, local_error->message);
          continue;
        }
      plugin_name = bridge_plugin_info_get_name (info);
      if (g_hash_table_contains (self->by_name, plugin_name))
        {
          g_debug ("registry: %s is shadowed by %s", path,
                   bridge_plugin_info_get_path (g_hash_table_lookup (self->by_name, plugin_name)));
          continue;
        }
      g_debug ("registry: found plugin %s in %s", plugin_name, path);
      g_hash_table_insert (self->by_name, (gpointer) plugin_name, info);
      g_ptr_array_add (self->plugins, g_steal_pointer (&info));
    }
}

static void
bridge_registry_finalize (GObject *object)
{
  BridgeRegistry *self = BRIDGE_REGISTRY (object);

  g_strfreev (self->search_path);
  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->plugins);
  g_ptr_array_unref (self->warnings);

  G_OBJECT_CLASS (bridge_registry_parent_class)->finalize (object);
}

static void
bridge_registry_class_init (BridgeRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bridge_registry_finalize;
}

static void
bridge_registry_init (BridgeRegistry *self)
{
  self->plugins = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

/**
 * bridge_registry_new:
 *
 * Creates a registry on the default search path (see #BridgeRegistry) and
 * scans it.
 *
 * Returns: (transfer full): a new #BridgeRegistry
 *
 * Since: 0.1
 */
BridgeRegistry *
bridge_registry_new (void)
{
  BridgeRegistry *self = g_object_new (BRIDGE_TYPE_REGISTRY, NULL);

  bridge_registry_reload (self);
  return self;
}

/**
 * bridge_registry_new_for_path:
 * @dirs: (array zero-terminated=1): directories to search, in order
 *
 * Creates a registry that searches only @dirs, and scans them.
 *
 * Returns: (transfer full): a new #BridgeRegistry
 *
 * Since: 0.1
 */
BridgeRegistry *
bridge_registry_new_for_path (const char *const *dirs)
{
  BridgeRegistry *self;

  g_return_val_if_fail (dirs != NULL, NULL);

  self = g_object_new (BRIDGE_TYPE_REGISTRY, NULL);
  self->search_path = g_strdupv ((char **) dirs);
  self->custom_path = TRUE;
  bridge_registry_reload (self);
  return self;
}

/**
 * bridge_registry_reload:
 * @self: a #BridgeRegistry
 *
 * Scans the search path again, forgetting what was found before. A
 * registry made with bridge_registry_new() also reads the environment
 * variables that make up its search path again. #BridgePluginInfo objects
 * returned earlier stay valid (hold a reference) but are no longer listed.
 *
 * Since: 0.1
 */
void
bridge_registry_reload (BridgeRegistry *self)
{
  g_return_if_fail (BRIDGE_IS_REGISTRY (self));

  if (!self->custom_path)
    {
      g_strfreev (self->search_path);
      self->search_path = default_search_path ();
    }
  g_hash_table_remove_all (self->by_name);
  g_ptr_array_set_size (self->plugins, 0);
  g_ptr_array_set_size (self->warnings, 0);

  for (guint i = 0; self->search_path[i] != NULL; i++)
    scan_dir (self, self->search_path[i]);
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
 * bridge_registry_list_plugins:
 * @self: a #BridgeRegistry
 *
 * Lists every plugin found on the search path.
 *
 * Returns: (transfer container) (element-type BridgePluginInfo): every
 *   plugin found, in search order; free the list with g_list_free()
 *
 * Since: 0.1
 */
GList *
bridge_registry_list_plugins (BridgeRegistry *self)
{
  GList *list = NULL;

  g_return_val_if_fail (BRIDGE_IS_REGISTRY (self), NULL);

  for (guint i = self->plugins->len; i > 0; i--)
    list = g_list_prepend (list, self->plugins->pdata[i - 1]);
  return list;
}

/**
 * bridge_registry_get_warnings:
 * @self: a #BridgeRegistry
 *
 * Lists what was wrong with each manifest that was skipped in the last
 * scan, one message per manifest, naming the file (and line where known).
 *
 * Returns: (transfer none) (array zero-terminated=1): the messages,
 *   empty if every manifest was fine
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
 * Returns: (transfer none) (nullable): the plugin called @name, or %NULL
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
 *   whose manifest lists @interface, or %NULL
 *
 * Since: 0.1
 */
BridgePluginInfo *
bridge_registry_find_by_interface (BridgeRegistry *self, const char *interface)
{
  g_return_val_if_fail (BRIDGE_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (interface != NULL, NULL);

  for (guint i = 0; i < self->plugins->len; i++)
    if (bridge_plugin_info_implements (self->plugins->pdata[i], interface))
      return self->plugins->pdata[i];
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
  g_main_context_pop_thread_default (context);

  return bridge_registry_connect_finish (self, result, error);
}
