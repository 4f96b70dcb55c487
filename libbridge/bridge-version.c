/* bridge-version.c: the version of the libbridge a program runs with
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bridge-version.h"

/**
 * bridge_get_major_version:
 *
 * The major version of the libbridge library the program runs with,
 * which may differ from the %BRIDGE_MAJOR_VERSION it was compiled
 * against: 1 in 1.2.3.
 *
 * Returns: the major version
 *
 * Since: 0.1
 */
guint
bridge_get_major_version (void)
{
  return BRIDGE_MAJOR_VERSION;
}

/**
 * bridge_get_minor_version:
 *
 * The minor version of the libbridge library the program runs with: 2 in
 * 1.2.3.
 *
 * Returns: the minor version
 *
 * Since: 0.1
 */
guint
bridge_get_minor_version (void)
{
  return BRIDGE_MINOR_VERSION;
}

/**
 * bridge_get_micro_version:
 *
 * The micro version of the libbridge library the program runs with: 3 in
 * 1.2.3.
 *
 * Returns: the micro version
 *
 * Since: 0.1
 */
guint
bridge_get_micro_version (void)
{
  return BRIDGE_MICRO_VERSION;
}
