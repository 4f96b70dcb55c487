/* bridge.h: the one header libbridge users include
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#define BRIDGE_INSIDE
#include "bridge-version.h"
#include "bridge-types.h"
#include "bridge-error.h"
#include "bridge-enums.h"
#include "bridge-interface.h"
#include "bridge-invocation.h"
#include "bridge-connection.h"
#include "bridge-plugin-info.h"
#include "bridge-registry.h"
#include "bridge-service.h"
#include "bridge-frame-ring.h"
#undef BRIDGE_INSIDE
