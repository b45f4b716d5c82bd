/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/dlopen-probe: dlopen()s each argument (RTLD_NOW) and exits: what loading a
 * module and its dependency chain costs a process, for bench/run's diagnostic rows. */
#include <dlfcn.h>
#include <stdio.h>

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    if (dlopen (argv[i], RTLD_NOW | RTLD_GLOBAL) == NULL)
      {
        fprintf (stderr, "dlopen-probe: %s\n", dlerror ());
        return 1;
      }
  return 0;
}
