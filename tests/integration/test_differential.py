# SPDX-License-Identifier: LGPL-2.1-or-later
"""The preview is dnf's transaction: bench/differential's quick version.

A core of about 1,500 packages converted from this machine's Debian package
index (bench/gen-rpmmd), and 30 generated jobs over it (fixed seed): topics of
random packages overridden at higher and lower versions, packages that
obsolete installed ones, weak dependencies, excludes (main and per
repository), includepkgs, installonly kernels, provided-only names, installed
sets recorded in a real rpmdb (rpmbuild RPMs), with and without best,
install_weak_deps, obsoletes, and a core of better priority than the topics.
For each job, `install --dry-run --json` (validated against the schema) must
be exactly what dnf's own resolve gives in the same installroot
(`base.install(NAME)` for each topic package, `base.resolve()`): the same
installs, upgrades, downgrades, removals and obsoleted packages, or both
refusing.  The full version (hundreds of jobs on the 10k slice and the 65k
set) is a figure of bench/run.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/integration/test_differential.py
"""

import json
import os
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

BENCH = Path(harness.source_root()) / "bench"
S = harness.spec_text
JOBS = 30
SEED = "quick-1"
SEEDS = "nginx,postgresql,python3,openssh-server,redis-server,git,perl,php,ruby"


def apt_indexes():
    d = Path("/var/lib/apt/lists")
    return sorted(p for p in d.glob("*_Packages*")) if d.is_dir() else []


class DifferentialTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise unittest.SkipTest("installroots' rpm databases need root")
        missing = [t for t in ("rpm", "rpmbuild", "dnf") if shutil.which(t) is None]
        if missing:
            raise unittest.SkipTest("missing tools: " + ", ".join(missing))
        if not apt_indexes():
            raise unittest.SkipTest("no Debian package index under /var/lib/apt/lists "
                                    "(apt-get update) to build the core from")
        cls.bin = harness.cli_bin()
        if not os.access(cls.bin, os.X_OK):
            raise unittest.SkipTest("no amazon-linux-extras binary at " + cls.bin)
        cls.tmp = harness.scratch_dir("extrasolv-differential-")
        subprocess.run([sys.executable, str(BENCH / "gen-rpmmd"), "--quiet", "--out",
                        str(cls.tmp / "data"), "--what", "slice", "--slice-size", "1500",
                        "--seeds", SEEDS], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_every_job_is_dnfs_transaction(self):
        report = self.tmp / "report.json"
        proc = subprocess.run(
            [sys.executable, str(BENCH / "differential"), "--exe", self.bin, "--core",
             str(self.tmp / "data" / "slice"), "--work", str(self.tmp / "work"), "--jobs",
             str(JOBS), "--seed", SEED, "--json", str(report), "--docs"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1500)
        if proc.returncode == 77:
            self.skipTest(proc.stdout.strip().splitlines()[-1])
        doc = json.loads(report.read_text())
        summary = doc["summary"]
        for job in doc["jobs"]:
            if "doc" in job:
                harness.validate_json(job["doc"])
        differing = [j for j in doc["jobs"] if not j.get("same")]
        self.assertEqual(differing, [], proc.stdout)
        self.assertEqual((summary["identical"], summary["ran"]), (JOBS, JOBS), proc.stdout)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        self.assertIn("%d jobs identical / %d jobs run" % (JOBS, JOBS), proc.stdout)
        # the generator made what it is meant to: each kind of job is there
        notes = " ".join(n for j in doc["jobs"] for n in j["notes"])
        for kind in ("higher", "lower", "obsoletes", "recommends", "exclude", "kernel",
                     "provided-only"):
            self.assertIn(kind, notes)
        self.assertTrue(any(j["installed"] for j in doc["jobs"]))
        self.assertTrue(any(j["conf"].get("best") == "True" for j in doc["jobs"]))
        self.assertTrue(any(j["conf"].get("best") == "False" for j in doc["jobs"]))
        # and the transactions are not all empty or all refused
        self.assertGreater(sum(1 for j in doc["jobs"] if j.get("changes")), JOBS // 2)


# The fixes the differential test led to, each on real RPMs and the real dnf: the
# preview (--dry-run --json) is what `dnf install NAME...` of the topic's packages
# then does in the same installroot (rpmdb before and after).
SPECS = {
    "tool-1.0": S("tool", "1.0"),
    "tool-2.0": S("tool", "2.0"),
    "libd-1.0": S("libd", "1.0"),
    "libd-2.0": S("libd", "2.0"),
    "oldthing-1.0": S("oldthing", "1.0"),
    "newthing-2.0": S("newthing", "2.0", obsoletes=["oldthing < 2.0"]),
    "appd-1.0": S("appd", "1.0", requires=["libd = 1.0-1.amzn2"]),
    "gone-1.0": S("gone", "1.0"),
    "gone-2.0": S("gone", "2.0"),
    # harness.spec_text has no Supplements: one line added after the Name
    "tool-addon-1.0": S("tool-addon", "1.0").replace("\nVersion:", "\nSupplements: tool\nVersion:",
                                                       1),
    "olda-1.0": S("olda", "1.0", recommends=["extra"]),
    "newb-1.0": S("newb", "1.0", recommends=["extra"]),
    "extra-1.0": S("extra", "1.0"),
}
CORE = ["tool-1.0", "libd-1.0", "libd-2.0", "oldthing-1.0", "gone-1.0", "olda-1.0", "extra-1.0"]
TOPICS = {
    "keep1": (["tool"], ["tool-2.0"]),
    "obsby1": (["oldthing"], ["newthing-2.0"]),
    "down1": (["appd"], ["appd-1.0"]),
    "gone1": (["gone"], ["gone-2.0"]),
    "suppl1": (["tool"], ["tool-2.0", "tool-addon-1.0"]),
    "rec1": (["newb"], ["newb-1.0"]),
}


nevra = harness.transaction_nevra


class DnfSelectionTest(harness.ServedTestCase):
    scratch_prefix = "extrasolv-dnfsel-"
    spec_texts = SPECS
    served_core = CORE
    served_topics = {t: s for t, (_, s) in TOPICS.items()}
    catalog_topics = {t: p for t, (p, _) in TOPICS.items()}

    def cli(self, *args):
        return super().cli(*args, pm=shutil.which("dnf"))

    def install_rpm(self, *keys):
        for key in keys:
            self.ir.rpm_justdb(self.rpms.rpms[key])

    def preview(self, topic, code=0):
        proc = self.cli("--json", "install", "--dry-run", topic)
        self.assertEqual(proc.returncode, code, "%s\n%s%s" % (proc.argv, proc.stdout,
                                                              proc.stderr))
        doc = harness.parse_json(proc.stdout)
        if code != 0:
            return None, doc
        return {(i["action"], nevra(i)) for i in doc["transaction"]}, proc

    def assert_dnf_by_name_does(self, topic, expected, weak_deps=False):
        """The preview is EXPECTED, and `dnf install` of the topic's package names
        (enabled first, so that dnf sees the topic's repository) changes the rpmdb
        exactly so.  WEAK_DEPS: dnf by hand with install_weak_deps=True (the
        harness's dnf sets it False)."""
        got, _ = self.preview(topic)
        self.assertEqual(got, expected)
        enable = self.cli("enable", topic)
        self.assertEqual(enable.returncode, 0, enable.stderr)
        before = self.ir.installed_nevras()
        proc = self.ir.dnf(*(["--setopt=install_weak_deps=True"] if weak_deps else []), "-y",
                           "install", *TOPICS[topic][0])
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        after = self.ir.installed_nevras()
        self.assertEqual({("in", n) for n in after - before} | {("out", n) for n in before - after},
                         {("in" if a in ("install", "upgrade", "downgrade") else "out", n)
                          for a, n in expected}
                         | {("out", n) for a, n in expected if a in ("upgrade", "downgrade")
                            for n in self.replaced(n)})

    def replaced(self, new):
        name = new.rsplit("-", 2)[0]
        return {n for n in self.installed_before if n.rsplit("-", 2)[0] == name}

    def setUp(self):
        super().setUp()
        self.installed_before = set()

    def test_installed_topic_package_stays_without_best(self):
        """best=False: `dnf install tool` with tool 1.0 installed does nothing (libsolv
        keeps an installed package that satisfies an install job); the preview shows
        no upgrade either."""
        self.ir.write_dnf_conf(best="False")
        self.install_rpm("tool-1.0")
        got, _ = self.preview("keep1")
        self.assertEqual(got, set())
        self.cli("enable", "keep1")
        proc = self.ir.dnf("-y", "install", "tool")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(self.ir.installed_nevras(), {"tool-0:1.0-1.amzn2.noarch"})

    def test_installed_topic_package_upgraded_with_best(self):
        self.ir.write_dnf_conf(best="True")
        self.install_rpm("tool-1.0")
        self.installed_before = self.ir.installed_nevras()
        self.assert_dnf_by_name_does("keep1", {("upgrade", "tool-0:2.0-1.amzn2.noarch")})

    def test_name_selects_its_obsoleter(self):
        """oldthing is not installed; the topic's newthing obsoletes it: dnf's
        selector for `install oldthing` holds newthing too, and the topic's
        repository (better priority) gives newthing."""
        self.assert_dnf_by_name_does("obsby1", {("install", "newthing-0:2.0-1.amzn2.noarch")})

    def test_versioned_requirement_downgrades(self):
        """appd needs libd = 1.0 and libd 2.0 is installed: dnf downgrades it
        (libdnf allows downgrades)."""
        self.install_rpm("libd-2.0")
        self.installed_before = self.ir.installed_nevras()
        self.assert_dnf_by_name_does("down1", {("install", "appd-0:1.0-1.amzn2.noarch"),
                                               ("downgrade", "libd-0:1.0-1.amzn2.noarch")})

    def test_main_exclude_hides_the_installed_package(self):
        """exclude=gone in dnf.conf: the installed gone is excluded too, `dnf install
        gone` finds nothing; install refuses (exit 4) and says why."""
        self.ir.write_dnf_conf(exclude="gone")
        self.install_rpm("gone-1.0")
        _, doc = self.preview("gone1", code=4)
        self.assertIn("every package gone is excluded by the configuration",
                      doc["error"]["message"])
        self.cli("enable", "gone1")
        self.assertNotEqual(self.ir.dnf("-y", "install", "gone").returncode, 0)

    def test_excluded_installed_package_is_upgraded(self):
        """exclude=gone-1*: the installed gone 1.0 is hidden, the topic's 2.0 is not:
        dnf upgrades it (an excluded installed package can still be replaced), and so
        does the preview."""
        self.ir.write_dnf_conf(exclude="gone-1*")
        self.install_rpm("gone-1.0")
        self.installed_before = self.ir.installed_nevras()
        self.assert_dnf_by_name_does("gone1", {("upgrade", "gone-0:2.0-1.amzn2.noarch")})

    def test_exclude_pattern_read_as_dnf_reads_it(self):
        """exclude=tool-0*: dnf reads it as name tool, version 0* (no package has
        it), never as tool-EPOCH:..., so nothing is excluded and the topic's tool 2.0
        is installed (each package matched in every form, with the epoch, excluded
        both tools before)."""
        self.ir.write_dnf_conf(exclude="tool-0*")
        self.assert_dnf_by_name_does("keep1", {("install", "tool-0:2.0-1.amzn2.noarch")})

    def test_supplementing_package_of_an_installed_one_stays_out(self):
        """tool 1.0 installed, the topic's tool 2.0 and tool-addon (Supplements:
        tool), best and weak dependencies on: dnf upgrades tool and leaves
        tool-addon out (exclude_from_weak_autodetect: a package that supplements
        an installed one but is not installed stays so); the preview installed
        tool-addon before (libsolv alone adds it)."""
        self.ir.write_dnf_conf(best="True", install_weak_deps="True")
        self.install_rpm("tool-1.0")
        self.installed_before = self.ir.installed_nevras()
        self.assert_dnf_by_name_does("suppl1", {("upgrade", "tool-0:2.0-1.amzn2.noarch")},
                                     weak_deps=True)

    def test_supplementing_package_installed_with_a_new_one(self):
        """Nothing installed: the same topic brings tool-addon by its Supplements,
        in the preview and in dnf's install (the autodetection excludes only
        what an installed system already leaves out)."""
        self.ir.write_dnf_conf(best="True", install_weak_deps="True")
        self.assert_dnf_by_name_does("suppl1", {("install", "tool-0:2.0-1.amzn2.noarch"),
                                                ("install", "tool-addon-0:1.0-1.amzn2.noarch")},
                                     weak_deps=True)

    def test_unmet_recommends_of_installed_stays_unmet(self):
        """olda (installed) recommends extra, which is not installed: dnf takes
        extra's providers out of weak dependencies, so the topic's newb, which
        recommends extra too, comes alone; the preview added extra before."""
        self.ir.write_dnf_conf(install_weak_deps="True")
        self.install_rpm("olda-1.0")
        self.installed_before = self.ir.installed_nevras()
        self.assert_dnf_by_name_does("rec1", {("install", "newb-0:1.0-1.amzn2.noarch")},
                                     weak_deps=True)

    def test_exclude_from_weak_autodetect_off(self):
        """exclude_from_weak_autodetect=False in dnf.conf: newb's recommendation
        brings extra, in the preview and in dnf's install."""
        self.ir.write_dnf_conf(install_weak_deps="True", exclude_from_weak_autodetect="False")
        self.install_rpm("olda-1.0")
        self.installed_before = self.ir.installed_nevras()
        self.assert_dnf_by_name_does("rec1", {("install", "newb-0:1.0-1.amzn2.noarch"),
                                              ("install", "extra-0:1.0-1.amzn2.noarch")},
                                     weak_deps=True)

    def test_exclude_from_weak(self):
        """exclude_from_weak=extra in dnf.conf, nothing installed: newb comes
        without the package it recommends."""
        self.ir.write_dnf_conf(install_weak_deps="True", exclude_from_weak="extra")
        self.assert_dnf_by_name_does("rec1", {("install", "newb-0:1.0-1.amzn2.noarch")},
                                     weak_deps=True)


if __name__ == "__main__":
    sys.exit(harness.main())
