/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "extras-error.h"
#include "extras-topic.h"
#include "extras-topic-spec.h"
#include "extras-catalog.h"
#include "extras-policy.h"
#include "extras-config.h"
#include "extras-state.h"
#include "extras-system.h"
