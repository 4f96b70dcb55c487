/* bridge-search-path-private.h: where the registry looks for manifests
 *
 * Not installed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* bridge-search-path.c: the default search path, in order, from the
 * environment as it is now (docs/PROTOCOL.md 10.2). */
char **bridge_search_path_default (void);

/* bridge-build-tree.c: the build tree's plugin folders when this is its
 * uninstalled libbridge, else an empty list. */
const char *const *bridge_build_tree_plugin_dirs (void);

G_END_DECLS
