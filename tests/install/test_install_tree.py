# SPDX-License-Identifier: LGPL-2.1-or-later
"""What `meson install` writes, as a packager and an administrator see it.

One build of the source tree of its own (-Dtests=false, --prefix P under a
scratch directory) and:
  - -Dtests=false builds and registers no test;
  - `meson install --destdir D` writes nothing outside D/P (the dnf and libdnf
    plugins, their configuration, the bash completion, the motd hook included);
  - `meson install` into P, and the installed binary runs from there without
    LD_LIBRARY_PATH (the rpath), its resolve module too;
  - the installed update-motd hook prints what `system_motd` prints and gives up
    after its timeout, exit 0, when the catalog server does not answer.

Run: EXTRAS_SOURCE_ROOT=. python3 tests/install/test_install_tree.py
"""

import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

SRC = Path(os.environ.get("EXTRAS_SOURCE_ROOT", Path(__file__).resolve().parent.parent.parent))
sys.path.insert(0, str(SRC / "tests" / "integration"))
import harness  # noqa: E402

HOOK = "etc/update-motd.d/50-amazon-linux-extras-news"
COMPLETION = "share/bash-completion/completions/amazon-linux-extras"


def run(argv, **kwargs):
    kwargs.setdefault("timeout", 1200)
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          **kwargs)
    if proc.returncode != 0:
        raise AssertionError("%s exited %d:\n%s" % (" ".join(argv), proc.returncode,
                                                     proc.stdout[-4000:]))
    return proc.stdout


def clean_env(home):
    """No LD_LIBRARY_PATH, no catalog or yum variables from the caller."""
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(home), "LC_ALL": "C"}
    return env


class InstallTreeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for tool in ("meson", "ninja"):
            if shutil.which(tool) is None:
                raise unittest.SkipTest("no " + tool)
        cls.tmp = Path(tempfile.mkdtemp(prefix="extrasolv-install-"))
        cls.tmp.chmod(0o755)
        cls.prefix = cls.tmp / "p"
        cls.build = cls.tmp / "build"
        cls.home = cls.tmp / "home"
        cls.home.mkdir()
        run(["meson", "setup", str(cls.build), str(SRC), "--prefix", str(cls.prefix),
             "-Dtests=false", "-Dwerror=true"])
        run(["ninja", "-C", str(cls.build)])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def installed(self):
        """meson install into the prefix itself (once)."""
        if not (self.prefix / "bin" / "amazon-linux-extras").exists():
            run(["meson", "install", "-C", str(self.build), "--no-rebuild"])
        return self.prefix

    def test_no_tests_without_tests(self):
        out = run(["meson", "introspect", "--tests", str(self.build)])
        self.assertEqual(out.strip(), "[]")
        self.assertFalse((self.build / "tests").exists(),
                         "a build with -Dtests=false has a tests/ directory")
        built = run(["ninja", "-C", str(self.build), "-t", "targets", "all"])
        self.assertNotIn("tests/", built)

    def test_destdir_holds_only_the_prefix(self):
        destdir = self.tmp / "dest"
        run(["meson", "install", "-C", str(self.build), "--no-rebuild", "--destdir",
             str(destdir)])
        inside = destdir / str(self.prefix).lstrip("/")
        outside = []
        files = []
        for dirpath, dirnames, filenames in os.walk(destdir):
            for name in filenames + [d for d in dirnames
                                     if os.path.islink(os.path.join(dirpath, d))]:
                path = Path(dirpath) / name
                files.append(path)
                if inside not in path.parents:
                    outside.append(str(path.relative_to(destdir)))
        self.assertEqual(outside, [], "installed outside the prefix %s" % self.prefix)
        rel = {str(p.relative_to(inside)) for p in files}
        # what must be there, each under the prefix
        for want in ("bin/amazon-linux-extras", HOOK, COMPLETION, "share/man/man8/amazon-linux-extras.8",
                     "share/extrasolv/topics/nginx1.yaml", "etc/dnf/plugins/extras_suggestions.conf"):
            self.assertIn(want, rel)
        self.assertTrue(any(r.endswith("dnf-plugins/extras_suggestions.py") for r in rel), rel)
        self.assertTrue(any("libdnf/plugins/" in r for r in rel), rel)
        self.assertTrue(any(r.endswith(".pc") for r in rel), rel)

    def test_installed_binary_runs_from_the_prefix(self):
        prefix = self.installed()
        root = self.tmp / "root"
        (root / "etc" / "yum.repos.d").mkdir(parents=True, exist_ok=True)
        binary = str(prefix / "bin" / "amazon-linux-extras")
        proc = subprocess.run([binary, "--root", str(root), "list"], env=clean_env(self.home),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("nginx1", proc.stdout)
        # the resolve module (libsolv, librepo), from the prefix's module directory
        proc = subprocess.run([binary, "--root", str(root), "--json", "why", "nginx"],
                              env=clean_env(self.home), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        harness.validate_json(harness.parse_json(proc.stdout))
        # the embedded catalog is the prefix's
        proc = subprocess.run([binary, "--root", str(root), "--json", "list"],
                              env=clean_env(self.home), stdout=subprocess.PIPE, text=True)
        doc = harness.parse_json(proc.stdout)
        self.assertEqual(doc["system"]["catalog"], str(prefix / "share/extrasolv/topics"))

    def test_motd_hook_prints_system_motd(self):
        prefix = self.installed()
        hook = prefix / HOOK
        self.assertEqual(stat.S_IMODE(hook.stat().st_mode), 0o755)
        env = clean_env(self.home)
        want = subprocess.run([str(prefix / "bin" / "amazon-linux-extras"), "system_motd"],
                              env=env, stdout=subprocess.PIPE, text=True)
        self.assertEqual(want.returncode, 0)
        self.assertIn("end of support", want.stdout)  # the core's, on the embedded catalog
        got = subprocess.run([str(hook)], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, timeout=30)
        self.assertEqual((got.returncode, got.stdout, got.stderr), (0, want.stdout, ""))

    def test_motd_hook_gives_up_after_its_timeout(self):
        prefix = self.installed()
        # a catalog server that accepts the connection and never answers
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        env = clean_env(self.home)
        env["CATALOGURL"] = "http://127.0.0.1:%d/extras-catalog.json" % listener.getsockname()[1]
        try:
            start = time.monotonic()
            got = subprocess.run([str(prefix / HOOK)], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, timeout=25)
            elapsed = time.monotonic() - start
        finally:
            listener.close()
        self.assertEqual((got.returncode, got.stderr), (0, ""))
        self.assertGreaterEqual(elapsed, 4.5, "the hook did not wait for the catalog at all")
        self.assertLess(elapsed, 8, "the hook waited %.1fs: no 5 s timeout" % elapsed)


if __name__ == "__main__":
    sys.exit(harness.main())
