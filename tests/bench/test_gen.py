#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Quick test of bench/gen-rpmmd: small Debian indexes (written here, not read from
/var/lib/apt/lists) convert to rpm-md that libsolv's tools and dnf load, and known
installs solve to the packages expected by hand.  Prints 'N passed, M failed' last."""

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from importlib.machinery import SourceFileLoader

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
GEN = os.path.join(TOP, "bench", "gen-rpmmd")
gen = SourceFileLoader("gen_rpmmd", GEN).load_module()


def have(tool):
    return shutil.which(tool) is not None


def run_gen(*args):
    subprocess.run([sys.executable, GEN, "--quiet", *args], check=True)


def primary_path(repo):
    names = os.listdir(os.path.join(repo, "repodata"))
    return os.path.join(repo, "repodata", next(n for n in names if n.endswith("-primary.xml.gz")))


def to_solv(repo, out):
    """primary.xml -> .solv with rpmmd2solv (which reads plain XML on stdin)."""
    with gzip.open(primary_path(repo)) as f:
        xml = f.read()
    with open(out, "wb") as o:
        subprocess.run(["rpmmd2solv"], input=xml, stdout=o, check=True)
    return out


def testsolv(tmp, solv, jobs):
    tc = os.path.join(tmp, "case.t")
    with open(tc, "w") as f:
        f.write("repo system 0 empty\n"
                f"repo test 0 solv {os.path.basename(solv)}\n"
                "system x86_64 rpm system\n")
        for j in jobs:
            f.write(f"job install name {j}\n")
    r = subprocess.run(["testsolv", "-r", tc], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    installs = {m.group(1) for m in re.finditer(r"^install (\S+)@test$", r.stdout, re.M)}
    problems = [ln for ln in r.stdout.splitlines() if ln.startswith("problem ")]
    return installs, problems, r.stdout


class Versions(unittest.TestCase):
    def test_mapping(self):
        self.assertEqual(gen.deb_evr("1:2.39.5-0+deb12u1"), ("1", "2.39.5^0+deb12u1"))
        self.assertEqual(gen.deb_evr("12.2.0-14"), ("0", "12.2.0^14"))
        self.assertEqual(gen.deb_evr("4.17.3+10-g091466ba55-1~deb12u1"),
                         ("0", "4.17.3+10^g091466ba55^1~deb12u1"))
        self.assertEqual(gen.deb_evr("7.0.1+~7.0.0-1"), ("0", "7.0.1+0~7.0.0^1"))
        self.assertEqual(gen.deb_evr("1.0"), ("0", "1.0"))
        self.assertEqual(gen.rel_evr("1:2.39.5-."), ("1", "2.39.5^999999999"))
        self.assertEqual(gen.rel_evr("2.14.12-z"), ("0", "2.14.12^999999999"))
        self.assertEqual(gen.rel_evr("1.1.7+"), ("0", "1.1.7^999999999"))
        self.assertEqual(gen.rel_evr("12-20220319-1~"), ("0", "12^20220319^1~"))
        self.assertEqual(gen.rel_evr("1.9.20+dfsg-2+"), ("0", "1.9.20+dfsg^2^999999999"))

    def test_dpkg_order(self):
        lt = [("1.0", "1.0-1"), ("1.0~rc1", "1.0"), ("1.2-3", "1.2.1"), ("1:0.1", "2:0.0"),
              ("12-20220319-1~", "12.2.0-14"), ("7.0.1", "7.0.1+~7.0.0-1"),
              ("2.39.5-0+deb12u1", "2.39.5-."), ("3.0", "3.0-2")]
        for a, b in lt:
            self.assertLess(gen.dpkg_cmp(a, b), 0, (a, b))
            self.assertGreater(gen.dpkg_cmp(b, a), 0, (b, a))
        self.assertEqual(gen.dpkg_cmp("1.0-0", "1.0"), 0)

    def test_deps(self):
        self.assertEqual(gen.parse_deps("a | b (>= 1), c:any (<< 2-1~) [amd64] <!nocheck>"),
                         [[("a", None, None), ("b", "GE", "1")], [("c", "LT", "2-1~")]])


@unittest.skipUnless(have("rpmmd2solv") and have("testsolv") and have("repomdxml2solv"),
                     "libsolv-tools not installed")
class Rules(unittest.TestCase):
    """Packages.rules: one package per conversion rule, install expected by hand."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="test-gen-")
        run_gen("--packages", os.path.join(HERE, "Packages.rules"), "--out", cls.tmp,
                "--what", "full")
        cls.repo = os.path.join(cls.tmp, "full")
        cls.solv = to_solv(cls.repo, os.path.join(cls.tmp, "rules.solv"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_repomd_checksums(self):
        with open(os.path.join(self.repo, "repodata", "repomd.xml")) as f:
            repomd = f.read()
        datas = re.findall(r'<data type="(\w+)">\s*<checksum type="sha256">(\w+)</checksum>\s*'
                           r'<open-checksum type="sha256">(\w+)</open-checksum>\s*'
                           r'<location href="([^"]+)"/>', repomd)
        self.assertEqual(sorted(d[0] for d in datas), ["filelists", "primary"])
        for _, csum, open_csum, href in datas:
            with open(os.path.join(self.repo, href), "rb") as f:
                gz = f.read()
            self.assertEqual(hashlib.sha256(gz).hexdigest(), csum)
            self.assertEqual(hashlib.sha256(gzip.decompress(gz)).hexdigest(), open_csum)
        with open(os.path.join(self.repo, "repodata", "repomd.xml"), "rb") as f:
            r = subprocess.run(["repomdxml2solv"], stdin=f, stdout=subprocess.DEVNULL)
        self.assertEqual(r.returncode, 0)

    def test_install_app(self):
        installs, problems, out = testsolv(self.tmp, self.solv, ["app"])
        self.assertEqual(problems, [], out)
        self.assertEqual(installs, {
            "app-1:2.0^1-1.x86_64",
            "base-1.0^1-1.noarch",                       # Pre-Depends (>= 1.0-1~)
            "libfoo1-1.2^3-1.x86_64",                    # (>= 1.2): the newer one
            "postfix-3.7.11^0+deb12u1-1.x86_64",         # 'mta | postfix' as a rich dep
            "python3-3.11.2^1+b1-1.x86_64",              # python3:any
            "gcc-12-base-12.2.0^14+deb12u1-1.x86_64",    # (>= 12-20220319-1~)
            "tool-3.0^2-1.noarch",                       # (>> 3.0) holds for 3.0-2
            "perl-base-5.36.0^7+deb12u1-1.x86_64",       # Breaks perl-modules (<< ...)
            "perl-modules-5.36-5.36.0^7+deb12u1-1.noarch",  # ... not hit by the virtual
            "perl-5.36.0^7+deb12u1-1.x86_64",
            "node-fill-range-7.0.1+0~7.0.0^1-1.noarch",  # '+~' above 7.0.1
            "git-1:2.39.5^0+deb12u1-1.x86_64",
            "git-man-1:2.39.5^0+deb12u1-1.noarch",       # (<< 1:2.39.5-.)
        }, out)

    def test_breaks(self):
        installs, problems, out = testsolv(self.tmp, self.solv, ["app", "app-old"])
        self.assertNotEqual(problems, [], out)

    def test_mta_conflict(self):
        installs, problems, out = testsolv(self.tmp, self.solv,
                                           ["postfix", "exim4-daemon-light"])
        self.assertNotEqual(problems, [], out)

    @unittest.skipUnless(have("dnf"), "dnf not installed")
    def test_dnf_loads(self):
        root = os.path.join(self.tmp, "root")
        os.makedirs(root, exist_ok=True)
        r = subprocess.run(
            ["dnf", "--installroot", root, "--releasever", "2", "--forcearch", "x86_64",
             "--setopt=reposdir=/dev/null", f"--setopt=cachedir={root}/cache",
             "--setopt=install_weak_deps=False", "--setopt=rules.gpgcheck=0",
             f"--repofrompath=rules,file://{self.repo}", "--assumeno", "install", "app"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.assertIn("Install  13 Packages", r.stdout, r.stdout)


@unittest.skipUnless(have("rpmmd2solv") and have("testsolv"), "libsolv-tools not installed")
class Sample(unittest.TestCase):
    """Packages.sample: 197 real Debian 12 packages closed under dependencies."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="test-gen-")
        run_gen("--packages", os.path.join(HERE, "Packages.sample"), "--out", cls.tmp,
                "--what", "full,slice", "--slice-size", "60", "--seeds", "openssh-client")
        cls.full = to_solv(os.path.join(cls.tmp, "full"), os.path.join(cls.tmp, "full.solv"))
        cls.slice = to_solv(os.path.join(cls.tmp, "slice"), os.path.join(cls.tmp, "slice.solv"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_counts(self):
        with gzip.open(primary_path(os.path.join(self.tmp, "full"))) as f:
            self.assertIn(b'packages="197"', f.read(400))

    def test_install_nginx(self):
        installs, problems, out = testsolv(self.tmp, self.full, ["nginx"])
        self.assertEqual(problems, [], out)
        names = {re.sub(r"-[^-]+-[^-]+$", "", n) for n in installs}
        for n in ("nginx", "nginx-common", "libc6", "libssl3", "zlib1g", "libpcre2-8-0",
                  "libcrypt1", "libgcc-s1", "debconf"):
            self.assertIn(n, names, out)

    def test_install_openssh_server(self):
        installs, problems, out = testsolv(self.tmp, self.full, ["openssh-server"])
        self.assertEqual(problems, [], out)
        names = {re.sub(r"-[^-]+-[^-]+$", "", n) for n in installs}
        for n in ("openssh-server", "openssh-client", "openssh-sftp-server", "libssl3",
                  "libwrap0", "procps", "ucf"):
            self.assertIn(n, names, out)

    def test_slice_closed(self):
        """The slice around openssh-client installs from itself alone."""
        installs, problems, out = testsolv(self.tmp, self.slice, ["openssh-client"])
        self.assertEqual(problems, [], out)
        self.assertIn("openssh-client", {re.sub(r"-[^-]+-[^-]+$", "", n) for n in installs})


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
    import harness  # noqa: E402
    sys.exit(harness.main())
