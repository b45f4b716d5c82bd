/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/depcheck: loads .solv files into one rpm-semantics pool (DISTTYPE_RPM; the
 * Debian build of libsolv's installcheck uses Debian version semantics) and reports
 * every requires that nothing in the pool provides.  Exit 1 when there is one.
 *   depcheck [-q] ARCH FILE.solv...                                               */
#include <stdio.h>
#include <string.h>
#include <solv/pool.h>
#include <solv/poolarch.h>
#include <solv/repo.h>
#include <solv/repo_solv.h>

int
main (int argc, char **argv)
{
  int quiet = 0, i, missing = 0, npkgs = 0;
  if (argc > 1 && !strcmp (argv[1], "-q"))
    quiet = 1, argv++, argc--;
  if (argc < 3)
    {
      fprintf (stderr, "usage: depcheck [-q] ARCH FILE.solv...\n");
      return 2;
    }
  Pool *pool = pool_create ();
  pool_setdisttype (pool, DISTTYPE_RPM);
  pool_setarch (pool, argv[1]);
  for (i = 2; i < argc; i++)
    {
      FILE *fp = fopen (argv[i], "r");
      Repo *repo = repo_create (pool, argv[i]);
      if (!fp || repo_add_solv (repo, fp, 0))
        {
          fprintf (stderr, "depcheck: cannot load %s\n", argv[i]);
          return 2;
        }
      fclose (fp);
    }
  pool_addfileprovides (pool);
  pool_createwhatprovides (pool);
  Id p;
  Solvable *s;
  FOR_POOL_SOLVABLES (p)
  {
    s = pool->solvables + p;
    npkgs++;
    if (!s->requires)
      continue;
    Id *dp = s->repo->idarraydata + s->requires;
    for (; *dp; dp++)
      {
        if (*dp == SOLVABLE_PREREQMARKER || !strncmp (pool_id2str (pool, *dp), "rpmlib(", 7))
          continue;
        if (!pool_whatprovides (pool, *dp)
            || !pool->whatprovidesdata[pool_whatprovides (pool, *dp)])
          {
            missing++;
            if (!quiet)
              printf ("%s: nothing provides %s\n", pool_solvable2str (pool, s),
                      pool_dep2str (pool, *dp));
          }
      }
  }
  printf ("depcheck: %d packages, %d unprovided requires\n", npkgs, missing);
  pool_free (pool);
  return missing ? 1 : 0;
}
