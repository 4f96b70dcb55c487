/* bridge-build-tree.c: a build tree that works like an installed tree
 *
 * Every program of the build tree (host-demo, bridgectl, the examples,
 * a Python host with GI_TYPELIB_PATH there) finds the plugins built next
 * to it, before anything is installed, by one rule kept here rather than
 * in each program: when the libbridge a process loaded is the build
 * tree's own copy, the build tree's plugin folders stand in for the
 * prefix's (docs/PROTOCOL.md, section 10.2). The build writes their list
 * into `uninstalled-plugin-path` next to the uninstalled library, and
 * installs neither that file nor anything that points at the build tree;
 * an installed library finds no such file beside it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-search-path-private.h"

#include <dlfcn.h>
#include <stdlib.h>

static char **
read_build_tree_plugin_dirs (void)
{
  Dl_info info;
  g_autofree char *library = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *list = NULL;
  g_autofree char *contents = NULL;

  /* The file this code was loaded from: the shared library, or a program
   * that links the code statically (no list beside it, then). */
  if (dladdr ((void *) read_build_tree_plugin_dirs, &info) == 0 || info.dli_fname == NULL)
    return NULL;
  library = realpath (info.dli_fname, NULL);
  if (library == NULL)
    return NULL;
  folder = g_path_get_dirname (library);
  list = g_build_filename (folder, "uninstalled-plugin-path", NULL);
  if (!g_file_get_contents (list, &contents, NULL, NULL))
    return NULL;
  g_debug ("registry: an uninstalled libbridge (%s): the build tree's plugins stand in for %s", library,
           BRIDGE_PLUGIN_DIR);
  return g_strsplit (g_strstrip (contents), G_SEARCHPATH_SEPARATOR_S, -1);
}

const char *const *
bridge_build_tree_plugin_dirs (void)
{
  static gsize dirs; /* a char **, kept for the life of the process */

  if (g_once_init_enter (&dirs))
    {
      char **found = read_build_tree_plugin_dirs ();
      g_once_init_leave (&dirs, (gsize) (found != NULL ? found : g_new0 (char *, 1)));
    }
  return (const char *const *) dirs;
}
