/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * EXTRAS_PUBLIC marks a function of the public API.  libextrasolv is built
 * with hidden visibility (-fvisibility=hidden): what this macro does not mark
 * is not exported, so that `nm -D` of the library shows exactly what
 * include/extrasolv/ declares (tests/check-exports checks it).
 */
#if defined(EXTRAS_COMPILATION) && defined(__GNUC__)
#define EXTRAS_PUBLIC __attribute__ ((visibility ("default"))) extern
#else
#define EXTRAS_PUBLIC extern
#endif
