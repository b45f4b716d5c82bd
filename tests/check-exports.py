#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""What each object of the build exports (`nm -D --defined-only`) against what
it should: libextrasolv exactly the functions include/extrasolv/ declares (all
of them, none else), the backend module its one entry point, the binary none
of its own functions.  TAP output.

  check-exports.py NM INCLUDE_DIR LIBEXTRASOLV BACKEND_MODULE BINARY
"""

import re
import subprocess
import sys
from pathlib import Path


def exported(nm, path):
    out = subprocess.run([nm, "-D", "--defined-only", path], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 3:
            names.add(fields[2].split("@")[0])
    return names


def declared(include_dir):
    """Every function a public header declares (GNU style: the name starts
    its line), and the ones of them without EXTRAS_PUBLIC."""
    names, unmarked = set(), []
    for header in sorted(Path(include_dir).glob("*.h")):
        lines = header.read_text().splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"(extras_\w+) \(", line)
            if m:
                names.add(m.group(1))
                if i == 0 or not lines[i - 1].startswith("EXTRAS_PUBLIC "):
                    unmarked.append(f"{header.name}:{i + 1}: {m.group(1)}")
    return names, unmarked


def main():
    nm, include_dir, lib, backend, binary = sys.argv[1:6]
    public, unmarked = declared(include_dir)
    checks = []

    checks.append(("every public declaration is marked EXTRAS_PUBLIC", unmarked))
    lib_names = {n for n in exported(nm, lib) if not n.startswith("_")}
    missing = sorted(public - lib_names)
    extra = sorted(lib_names - public)
    checks.append(("libextrasolv exports every declared function",
                   [f"not exported: {n}" for n in missing]))
    checks.append(("libextrasolv exports nothing that include/extrasolv/ does not declare",
                   [f"exported, in no public header: {n}" for n in extra]))
    backend_names = {n for n in exported(nm, backend) if not n.startswith("_")}
    checks.append(("the backend module exports its entry point only",
                   [f"exported: {n}" for n in sorted(backend_names - {"extras_backend_module_get"})]
                   + ([] if "extras_backend_module_get" in backend_names
                      else ["extras_backend_module_get is not exported"])))
    own = sorted(n for n in exported(nm, binary) if n.startswith("extras_"))
    checks.append(("the binary exports none of its functions (no module calls back into it)",
                   [f"exported: {n}" for n in own]))
    if len(public) < 100:
        checks.append(("the headers were read", [f"only {len(public)} declarations found"]))

    print(f"1..{len(checks)}")
    failed = 0
    for i, (what, problems) in enumerate(checks, 1):
        if problems:
            failed += 1
            print(f"not ok {i} - {what}")
            for p in problems:
                print(f"# {p}")
        else:
            print(f"ok {i} - {what}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
