# SPDX-License-Identifier: LGPL-2.1-or-later
"""The RPMs as a packager builds them and an administrator installs them.

  1. `meson dist --no-tests --allow-dirty` of this build's source (a git
     checkout: the tarball holds what HEAD commits, as meson dist always does);
     the tarball has one file rpmbuild -ta takes for a spec: extrasolv.spec at
     its top, with the project's version.
  2. `rpmbuild -ta --nodeps` on the tarball (Debian has the libraries but not
     their RPM names for BuildRequires); %check runs the unit and solver
     suites inside it.
  3. The binary RPMs installed with the real rpm into an empty installroot
     (`rpm --root R`, its own rpmdb; --nodeps and --noscripts: the libraries they
     require, glib2, libsolv, librepo, are Debian packages here, not RPMs, and
     the installroot has no /sbin/ldconfig for the scriptlets).
  4. The installed binary run from there: chroot R with the host's shared
     libraries the binary and its modules need copied in at their own paths
     (what the RPMs' Requires would install), `list` on the embedded catalog of
     the RPM (/usr/share/extrasolv/topics inside R), and `why` through the
     resolve module of the RPM.

Run: EXTRAS_BUILD_ROOT=build EXTRAS_SOURCE_ROOT=. python3 tests/packaging/test_rpm.py
"""

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import unittest
from pathlib import Path

SRC = Path(os.environ.get("EXTRAS_SOURCE_ROOT", Path(__file__).resolve().parent.parent.parent))
BUILD = Path(os.environ.get("EXTRAS_BUILD_ROOT", SRC / "build"))
sys.path.insert(0, str(SRC / "tests" / "integration"))
import harness  # noqa: E402

TOOLS = ["meson", "ninja", "git", "rpmbuild", "rpm", "ldd", "chroot"]
# the binary packages and what each must hold (a path inside the installroot)
PACKAGES = {
    "extrasolv": ["/usr/bin/amazon-linux-extras", "/usr/share/extrasolv/topics/nginx1.yaml",
                  "/usr/share/man/man8/amazon-linux-extras.8",
                  "/etc/update-motd.d/50-amazon-linux-extras-news",
                  "/usr/share/bash-completion/completions/amazon-linux-extras",
                  "/usr/share/extrasolv/schema/list.schema.json"],
    "extrasolv-libs": [],
    "extrasolv-devel": ["/usr/include/extrasolv/extrasolv.h"],
    "python3-dnf-plugin-extrasolv": ["/etc/dnf/plugins/extras_suggestions.conf"],
    "libdnf-plugin-extrasolv": [],
    "ansible-collection-extrasolv-extras": [],
}


def run(argv, **kwargs):
    kwargs.setdefault("timeout", 1800)
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          **kwargs)
    if proc.returncode != 0:
        raise AssertionError("%s exited %d:\n%s" % (" ".join(map(str, argv)), proc.returncode,
                                                     proc.stdout[-6000:]))
    return proc.stdout


def project_version():
    info = json.loads(run(["meson", "introspect", "--projectinfo", str(BUILD)]))
    return info["version"]


class RpmTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise unittest.SkipTest("chroot into the installroot needs root")
        missing = [t for t in TOOLS if shutil.which(t) is None]
        if missing:
            raise unittest.SkipTest("missing tools: " + ", ".join(missing))
        if subprocess.run(["git", "-C", str(SRC), "rev-parse", "--git-dir"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
            raise unittest.SkipTest("meson dist needs a git checkout")
        cls.tmp = Path(tempfile.mkdtemp(prefix="extrasolv-rpm-"))
        cls.tmp.chmod(0o755)
        cls.version = project_version()
        home = harness._make_home(cls.tmp / "home", dbpath=cls.tmp / "hostdb")
        cls.env = harness._tool_env(home)
        # 1. the tarball
        run(["meson", "dist", "-C", str(BUILD), "--no-tests", "--allow-dirty",
             "--formats", "xztar"], env=cls.env)
        name = "extrasolv-%s.tar.xz" % cls.version
        cls.tarball = cls.tmp / name
        shutil.move(str(BUILD / "meson-dist" / name), cls.tarball)
        # 2. the RPMs
        cls.topdir = cls.tmp / "rpmbuild"
        cls.rpmbuild_log = run(
            ["rpmbuild", "-ta", "--nodeps",
             "--define", "_topdir %s" % cls.topdir,
             "--define", "_smp_mflags -j2",
             str(cls.tarball)], env=cls.env)
        cls.rpms = sorted(p for p in (cls.topdir / "RPMS").rglob("*.rpm")
                          if "-debuginfo-" not in p.name and "-debugsource-" not in p.name)
        cls.srpms = sorted((cls.topdir / "SRPMS").glob("*.src.rpm"))
        # 3. the installroot
        cls.root = cls.tmp / "root"
        cls.root.mkdir()
        cls.rpm = ["rpm", "--root", str(cls.root), "--define", "_dbpath /var/lib/rpm"]
        run(cls.rpm + ["--initdb"], env=cls.env)
        run(cls.rpm + ["-i", "--nodeps", "--noscripts"] + [str(p) for p in cls.rpms],
            env=cls.env)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_the_tarball_has_one_spec_at_its_top(self):
        with tarfile.open(self.tarball) as tar:
            names = tar.getnames()
            specs = [n for n in names if n.endswith(".spec") or os.path.basename(n) == "Specfile"]
            top = "extrasolv-%s/extrasolv.spec" % self.version
            self.assertEqual(specs, [top])
            spec = tar.extractfile(top).read().decode()
        self.assertRegex(spec, r"(?m)^Version:\s+%s$" % re.escape(self.version))
        self.assertNotIn("@VERSION@", spec)
        # the test packages are there, under a name rpmbuild -ta passes over
        self.assertTrue(any(n.endswith("tests/integration/specs/nginx-1.20.spec.in")
                            for n in names))

    def test_the_packages_are_built(self):
        names = sorted(run(["rpm", "-qp", "--qf", "%{NAME}\\n"] + [str(p) for p in self.rpms],
                           env=self.env).split())
        self.assertEqual(names, sorted(PACKAGES))
        self.assertEqual(len(self.srpms), 1, self.srpms)
        # %check ran the unit and solver suites
        self.assertRegex(self.rpmbuild_log, r"extrasolv:unit / ")
        self.assertRegex(self.rpmbuild_log, r"extrasolv:solver / ")
        self.assertRegex(self.rpmbuild_log, r"Fail:\s+0")

    def test_installed_with_rpm(self):
        installed = sorted(run(self.rpm + ["-qa", "--qf", "%{NAME}\\n"], env=self.env).split())
        self.assertEqual(installed, sorted(PACKAGES))
        for package, paths in PACKAGES.items():
            files = run(self.rpm + ["-ql", package], env=self.env).split("\n")
            for path in paths:
                self.assertIn(path, files, package)
                self.assertTrue(os.path.lexists(str(self.root) + path), path)
        files = run(self.rpm + ["-ql", "extrasolv"], env=self.env).split("\n")
        # the catalog cache: owned, a ghost (not on disk), its directory 0700
        self.assertIn("/var/cache/amzn2extras/catalog-cache-0", files)
        self.assertFalse((self.root / "var/cache/amzn2extras/catalog-cache-0").exists())
        mode = (self.root / "var/cache/amzn2extras").stat().st_mode
        self.assertEqual(stat.S_IMODE(mode), 0o700)
        hook = self.root / "etc/update-motd.d/50-amazon-linux-extras-news"
        self.assertEqual(stat.S_IMODE(hook.stat().st_mode), 0o755)
        self.assertIn("timeout 5s '/usr/bin/amazon-linux-extras' system_motd", hook.read_text())
        # the package lists every file it puts down (rpm -V finds nothing amiss)
        run(self.rpm + ["-V", "--nodeps", "extrasolv", "extrasolv-libs"], env=self.env)

    def chroot_ready(self):
        """Copy into the installroot the host's shared libraries that the
        installed binary and its modules load (what Requires would install)."""
        libdirs = ["/usr/lib64", "/usr/lib64/extrasolv"]
        env = dict(self.env, LD_LIBRARY_PATH=":".join(str(self.root) + d for d in libdirs))
        objects = [self.root / "usr/bin/amazon-linux-extras"]
        objects += sorted((self.root / "usr/lib64/extrasolv").glob("*.so"))
        for obj in objects:
            for line in run(["ldd", str(obj)], env=env).splitlines():
                m = re.search(r"(/\S+) \(0x", line)
                if not m or m.group(1).startswith(str(self.root)):
                    continue
                host = m.group(1)
                dest = Path(str(self.root) + host)
                if not dest.exists():
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(os.path.realpath(host), dest)
        return {"PATH": "/usr/bin:/bin", "HOME": "/root", "LC_ALL": "C",
                "LD_LIBRARY_PATH": "/usr/lib64"}

    def test_installed_binary_runs(self):
        env = self.chroot_ready()
        argv = [shutil.which("chroot"), str(self.root), "/usr/bin/amazon-linux-extras"]
        proc = subprocess.run(argv + ["list"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"(?m)^\s*\d+\s+nginx1\s+available")
        proc = subprocess.run(argv + ["--json", "list"], env=env, stdout=subprocess.PIPE,
                              text=True, timeout=60)
        doc = harness.parse_json(proc.stdout)
        self.assertEqual(doc["system"]["catalog"], "/usr/share/extrasolv/topics")
        proc = subprocess.run(argv + ["--version"], env=env, stdout=subprocess.PIPE, text=True)
        self.assertEqual(proc.stdout.strip(), "amazon-linux-extras (extrasolv) %s" % self.version)
        # the resolve module of the RPM (libsolv, librepo), no repository enabled
        proc = subprocess.run(argv + ["--json", "why", "nginx"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        harness.validate_json(harness.parse_json(proc.stdout))


if __name__ == "__main__":
    sys.exit(harness.main())
