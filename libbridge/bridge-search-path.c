/* bridge-search-path.c: the folders a registry searches for manifests
 * (docs/PROTOCOL.md 10.2)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-search-path-private.h"

/* g_strv_builder_take() is GLib 2.80. */
static void
builder_take (GStrvBuilder *builder, char *value)
{
  g_strv_builder_add (builder, value);
  g_free (value);
}

char **
bridge_search_path_default (void)
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
