# SPDX-License-Identifier: LGPL-2.1-or-later
"""`install` follows the package manager's own rules, shows every change, hands
over the whole transaction, and checks the rpmdb afterwards.

Each rule of issue 9 on real RPMs (rpmbuild, signed), createrepo_c repositories
served on 127.0.0.1 and the real `dnf --installroot`: the preview (`--json`,
validated against schema/install.schema.json) and the rpmdb afterwards are
both asserted.  The only command in the package manager's place that is not
dnf is a wrapper around dnf that installs one package more (the forced
difference of the post-install check).

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/integration/test_executor_rules.py
"""

import json
import shlex
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

S = harness.spec_text
SPECS = {
    # the core
    "libx-1.0": S("libx", "1.0"),
    "libx-2.0": S("libx", "2.0"),
    "libp-1.0": S("libp", "1.0"),
    "oldtool-1.0": S("oldtool", "1.0"),
    "kernel-5.10.1": S("kernel", "5.10.1"),
    "kernel-5.10.2": S("kernel", "5.10.2"),
    "mymod-1.0": S("mymod", "1.0"),
    # topics
    "appx-1.0": S("appx", "1.0", requires=["libx"]),
    "appw-1.0": S("appw", "1.0", recommends=["weakextra"]),
    "weakextra-1.0": S("weakextra", "1.0"),
    "appb-1.0": S("appb", "1.0", requires=["libx"]),
    "appb-2.0": S("appb", "2.0", requires=["nothing-provides-this"]),
    "appp-1.0": S("appp", "1.0", requires=["libp = 1.0-1.amzn2"]),
    "libp-1.5": S("libp", "1.5"),
    "newtool-2.0": S("newtool", "2.0", provides=["oldtool = 2.0"], obsoletes=["oldtool < 2.0"]),
    "pgclient15-15.0": S("pgclient15", "15.0", provides=["pgclient = 15.0"]),
    "kernel-5.15.1": S("kernel", "5.15.1"),
    "mymod-2.0": S("mymod", "2.0"),
    "libm-1.0.x86_64": S("libm", "1.0", arch="x86_64"),
    "libm-1.0.i686": S("libm", "1.0", arch="i686"),
}
CORE = ["libx-1.0", "libx-2.0", "libp-1.0", "oldtool-1.0", "kernel-5.10.1", "kernel-5.10.2",
        "mymod-1.0"]
TOPICS = {
    "excl1": (["appx"], ["appx-1.0"]),
    "weak1": (["appw"], ["appw-1.0", "weakextra-1.0"]),
    "best1": (["appb"], ["appb-1.0", "appb-2.0"]),
    "prio1": (["appp"], ["appp-1.0", "libp-1.5"]),
    # the topic's package is installed; its successor obsoletes it
    "succ1": (["oldtool"], ["newtool-2.0"]),
    # the topic's package obsoletes an installed package
    "obs1": (["newtool"], ["newtool-2.0"]),
    # the topic's package exists only as another package's provide
    "prov1": (["pgclient"], ["pgclient15-15.0"]),
    "kern1": (["kernel"], ["kernel-5.15.1"]),
    "mod1": (["mymod"], ["mymod-2.0"]),
    "multi1": (["libm"], ["libm-1.0.x86_64", "libm-1.0.i686"]),
}


def with_epoch(nevra):
    """name-[E:]V-R.A with the epoch always written (as rpm -q --qf EPOCHNUM)."""
    if ":" in nevra:
        return nevra
    name, version, release = nevra.rsplit("-", 2)
    return "%s-0:%s-%s" % (name, version, release)


nevra = harness.transaction_nevra


class ExecutorRulesTest(harness.ServedTestCase):
    scratch_prefix = "extrasolv-rules-"
    spec_texts = SPECS
    served_core = CORE
    served_topics = {t: s for t, (_, s) in TOPICS.items()}
    catalog_topics = {t: p for t, (p, _) in TOPICS.items()}

    # -- helpers

    def pm(self, *extra):
        dnf = [shutil.which("dnf"), "--releasever=%s" % harness.RELEASEVER] + list(extra)
        return " ".join(shlex.quote(a) for a in dnf)

    def cli(self, *args, pm=None, env=None):
        return super().cli(*args, pm=pm or self.pm(), env=env)

    def core_repo(self, extra):
        p = self.root / "etc/yum.repos.d/core.repo"
        p.write_text(p.read_text() + extra + "\n")

    def install_justdb(self, *keys):
        for key in keys:
            self.ir.rpm_justdb(self.rpms.rpms[key])

    def preview(self, topic, *options, pm=None, code=0):
        """install --dry-run --json: {(action, nevra, repo)}, and the document."""
        proc = self.cli("--json", "install", "--dry-run", *options, topic, pm=pm)
        self.assertEqual(proc.returncode, code, self.describe(proc))
        doc = harness.parse_json(proc.stdout)
        if code != 0:
            return set(), doc
        return {(i["action"], nevra(i), i["repo"]) for i in doc["transaction"]}, doc

    def install(self, topic, pm=None, code=0):
        """install -y --json; returns the document (validated)."""
        proc = self.cli("--json", "install", "-y", topic, pm=pm)
        self.assertEqual(proc.returncode, code, self.describe(proc))
        return harness.parse_json(proc.stdout)

    def assert_done_as_previewed(self, topic, before, expected_preview):
        """The preview is expected_preview, install does it, the rpmdb changed exactly so."""
        got, _ = self.preview(topic)
        self.assertEqual(got, expected_preview)
        doc = self.install(topic)
        self.assertEqual(doc["transaction_check"]["same"], True, doc)
        after = self.ir.installed_nevras()
        gone = {n for a, n, _ in expected_preview if a in ("remove", "obsoleted")}
        added = {n for a, n, _ in expected_preview if a not in ("remove", "obsoleted")}
        replaced = set()
        for item in doc["transaction"]:
            if item["action"] in ("upgrade", "downgrade"):
                replaced |= {with_epoch(n) for n in item["replaces"]}
        self.assertEqual(after, (before - gone - replaced) | added)
        return doc

    # -- excludes

    def test_main_exclude_is_followed(self):
        """dnf.conf exclude=libx-2.0: the preview and dnf take libx 1.0."""
        self.ir.write_dnf_conf(exclude="libx-2.0*")
        self.assert_done_as_previewed("excl1", set(), {
            ("install", "appx-0:1.0-1.amzn2.noarch", "amzn2extra-excl1"),
            ("install", "libx-0:1.0-1.amzn2.noarch", "amzn2-core")})

    def test_without_exclude_the_newest(self):
        self.assert_done_as_previewed("excl1", set(), {
            ("install", "appx-0:1.0-1.amzn2.noarch", "amzn2extra-excl1"),
            ("install", "libx-0:2.0-1.amzn2.noarch", "amzn2-core")})

    def test_main_excludepkgs_by_nevra_form(self):
        self.ir.write_dnf_conf(excludepkgs="libx-2.0-1.amzn2.noarch")
        self.assert_done_as_previewed("excl1", set(), {
            ("install", "appx-0:1.0-1.amzn2.noarch", "amzn2extra-excl1"),
            ("install", "libx-0:1.0-1.amzn2.noarch", "amzn2-core")})

    def test_repository_exclude_is_followed(self):
        self.core_repo("exclude = libx-2*")
        self.assert_done_as_previewed("excl1", set(), {
            ("install", "appx-0:1.0-1.amzn2.noarch", "amzn2extra-excl1"),
            ("install", "libx-0:1.0-1.amzn2.noarch", "amzn2-core")})

    def test_repository_includepkgs_is_followed(self):
        """includepkgs of the core: only libx-1.0 is visible in it."""
        self.core_repo("includepkgs = libx-1.0")
        self.assert_done_as_previewed("excl1", set(), {
            ("install", "appx-0:1.0-1.amzn2.noarch", "amzn2extra-excl1"),
            ("install", "libx-0:1.0-1.amzn2.noarch", "amzn2-core")})

    def test_excluded_dependency_refuses_before_dnf(self):
        """Everything libx excluded: exit 4 before dnf runs, nothing installed."""
        self.ir.write_dnf_conf(exclude="libx")
        proc = self.cli("install", "-y", "excl1")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        self.assertIn("libx", proc.stderr)
        self.assertEqual(self.ir.installed_nevras(), set())

    # -- weak dependencies

    def test_weak_deps_on_are_solved_and_handed_over(self):
        self.ir.write_dnf_conf(install_weak_deps="True")
        self.assert_done_as_previewed("weak1", set(), {
            ("install", "appw-0:1.0-1.amzn2.noarch", "amzn2extra-weak1"),
            ("install", "weakextra-0:1.0-1.amzn2.noarch", "amzn2extra-weak1")})

    def test_weak_deps_off_are_not_installed(self):
        """install_weak_deps=False in dnf.conf; dnf run without any --setopt of the test."""
        self.ir.write_dnf_conf(install_weak_deps="False")
        self.assert_done_as_previewed("weak1", set(), {
            ("install", "appw-0:1.0-1.amzn2.noarch", "amzn2extra-weak1")})

    def test_handoff_leaves_dnf_no_freedom(self):
        """dnf.conf says weak deps on, but the solve said off (an install_weak_deps
        in the command of EXTRAS_PACKAGE_MANAGER is not the executor's config):
        the hand-off names every package and turns dnf's own choices off."""
        self.ir.write_dnf_conf(install_weak_deps="False", best="False")
        pm, record = self.recording_dnf()
        self.install("weak1", pm=pm)
        argv = json.loads(record.read_text().splitlines()[0])
        self.assertIn("--setopt=install_weak_deps=False", argv)
        self.assertIn("--best", argv)
        self.assertEqual(argv[-1], "appw-1.0-1.amzn2.noarch")
        self.assertEqual(argv[-2], "install")
        self.assertEqual(self.ir.installed_nevras(), {"appw-0:1.0-1.amzn2.noarch"})

    def recording_dnf(self, extra_args=()):
        """A wrapper that records its argv, then execs the real dnf with it
        (plus extra_args at the end)."""
        record = self.ir.basedir / "argv.json"
        script = self.ir.basedir / "dnf-wrapper"
        script.write_text(
            "#!%s\nimport json, os, sys\n"
            "open(%r, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
            "argv = [%r, '--releasever=%s'] + sys.argv[1:] + %r\n"
            "os.execv(argv[0], argv)\n"
            % (sys.executable, str(record), shutil.which("dnf"), harness.RELEASEVER,
               list(extra_args)))
        script.chmod(0o755)
        return str(script), record

    # -- best

    def test_best_off_takes_the_installable_older(self):
        self.ir.write_dnf_conf(best="False")
        self.assert_done_as_previewed("best1", set(), {
            ("install", "appb-0:1.0-1.amzn2.noarch", "amzn2extra-best1"),
            ("install", "libx-0:2.0-1.amzn2.noarch", "amzn2-core")})

    def test_best_on_refuses_the_broken_newest(self):
        self.ir.write_dnf_conf(best="True")
        proc = self.cli("install", "-y", "best1")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        self.assertIn("nothing-provides-this", proc.stderr)
        self.assertEqual(self.ir.installed_nevras(), set())
        # and dnf agrees: with best it refuses too
        self.assertNotEqual(self.ir.dnf("-y", "--best", "install", "appb").returncode, 0)

    # -- priorities

    def test_dnf_priorities_fall_back_to_the_core(self):
        """dnf prefers the topic's libp 1.5 but takes the core's 1.0 that appp needs."""
        self.assert_done_as_previewed("prio1", set(), {
            ("install", "appp-0:1.0-1.amzn2.noarch", "amzn2extra-prio1"),
            ("install", "libp-0:1.0-1.amzn2.noarch", "amzn2-core")})

    def test_cost_picks_the_cheaper_copy_of_one_package(self):
        """libx 2.0 in two repositories of one priority, the second (read after
        amzn2-core) with cost=500: dnf takes the cheaper copy (libdnf: libsolv's
        subpriority = -cost), and so does the preview; the rpmdb's from_repo says
        dnf did."""
        core = (self.root / "etc/yum.repos.d/core.repo").read_text()
        (self.root / "etc/yum.repos.d/zz-mirror.repo").write_text(
            core.replace("[amzn2-core]", "[core-mirror]") + "cost = 500\n")
        self.assert_done_as_previewed("excl1", set(), {
            ("install", "appx-0:1.0-1.amzn2.noarch", "amzn2extra-excl1"),
            ("install", "libx-0:2.0-1.amzn2.noarch", "core-mirror")})
        proc = self.ir.dnf("-C", "repoquery", "--installed", "--qf", "%{from_repo}", "libx")
        self.assertEqual(proc.stdout.split(), ["core-mirror"], proc.stdout + proc.stderr)

    def test_yum_priorities_exclude_and_say_so(self):
        """yum-plugin-priorities hides the core's libp: yum's rules refuse (exit 4), and
        --debug-solver says which model and why."""
        yum = self.ir.basedir / "bin" / "yum"
        yum.parent.mkdir(parents=True, exist_ok=True)
        yum.write_text("#!/bin/sh\nexit 1\n")
        yum.chmod(0o755)
        debug = self.ir.basedir / "debug"
        proc = self.cli("--debug-solver", str(debug), "install", "--dry-run", "prio1",
                        pm=str(yum))
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        self.assertIn("libp", proc.stderr)
        text = (debug / "package-manager.txt").read_text()
        self.assertIn("package manager: yum (the command install runs: %s)" % yum, text)
        self.assertIn("yum-plugin-priorities", text)
        proc = self.cli("--debug-solver", str(debug), "install", "--dry-run", "prio1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        text = (debug / "package-manager.txt").read_text()
        self.assertIn("package manager: dnf", text)
        self.assertIn("dnf model", text)
        self.assertIn("configuration: %s" % (self.root / "etc/dnf/dnf.conf"), text)

    # -- obsoletes

    def test_topic_package_obsoleting_an_installed_one(self):
        """newtool obsoletes the installed oldtool: the preview shows the removal,
        dnf removes it."""
        self.install_justdb("oldtool-1.0")
        doc = self.assert_done_as_previewed("obs1", {"oldtool-0:1.0-1.amzn2.noarch"}, {
            ("install", "newtool-0:2.0-1.amzn2.noarch", "amzn2extra-obs1"),
            ("obsoleted", "oldtool-0:1.0-1.amzn2.noarch", "@System")})
        gone = [i for i in doc["transaction"] if i["action"] == "obsoleted"][0]
        self.assertEqual(gone["replaces"], ["newtool-2.0-1.amzn2.noarch"])

    def test_installed_topic_package_gets_its_obsoleting_successor(self):
        """The topic's oldtool is installed; its successor newtool is what the
        upgrade gives (obsoletes=True): handed over, installed, oldtool gone."""
        self.install_justdb("oldtool-1.0")
        self.assert_done_as_previewed("succ1", {"oldtool-0:1.0-1.amzn2.noarch"}, {
            ("install", "newtool-0:2.0-1.amzn2.noarch", "amzn2extra-succ1"),
            ("obsoleted", "oldtool-0:1.0-1.amzn2.noarch", "@System")})

    def test_obsoletes_off_keeps_the_installed_package(self):
        self.ir.write_dnf_conf(obsoletes="False")
        self.install_justdb("oldtool-1.0")
        got, _ = self.preview("succ1")
        self.assertEqual(got, set())
        self.install("succ1")
        self.assertEqual(self.ir.installed_nevras(), {"oldtool-0:1.0-1.amzn2.noarch"})

    # -- a name only another package provides

    def test_topic_package_only_provided_is_handed_over(self):
        doc = self.assert_done_as_previewed("prov1", set(), {
            ("install", "pgclient15-0:15.0-1.amzn2.noarch", "amzn2extra-prov1")})
        self.assertEqual(doc["installed"], ["pgclient15-15.0-1.amzn2.noarch"])

    def test_topic_package_only_provided_text_names_what_is_installed(self):
        proc = self.cli("install", "-y", "prov1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("Installing pgclient15\n", proc.stdout)
        self.assertEqual(self.ir.installed_nevras(), {"pgclient15-0:15.0-1.amzn2.noarch"})

    # -- installonly

    def test_kernel_is_installed_beside_the_old_one(self):
        self.install_justdb("kernel-5.10.1")
        self.assert_done_as_previewed("kern1", {"kernel-0:5.10.1-1.amzn2.noarch"}, {
            ("install_beside", "kernel-0:5.15.1-1.amzn2.noarch", "amzn2extra-kern1")})

    def test_installonly_limit_removes_the_oldest(self):
        self.ir.write_dnf_conf(installonly_limit="2")
        self.install_justdb("kernel-5.10.1", "kernel-5.10.2")
        self.assert_done_as_previewed(
            "kern1", {"kernel-0:5.10.1-1.amzn2.noarch", "kernel-0:5.10.2-1.amzn2.noarch"}, {
                ("install_beside", "kernel-0:5.15.1-1.amzn2.noarch", "amzn2extra-kern1"),
                ("remove", "kernel-0:5.10.1-1.amzn2.noarch", "@System")})

    def test_installonlypkgs_adds_to_dnfs_own(self):
        self.ir.write_dnf_conf(installonlypkgs="mymod")
        self.install_justdb("mymod-1.0")
        self.assert_done_as_previewed("mod1", {"mymod-0:1.0-1.amzn2.noarch"}, {
            ("install_beside", "mymod-0:2.0-1.amzn2.noarch", "amzn2extra-mod1")})

    def test_not_installonly_is_an_upgrade(self):
        self.install_justdb("mymod-1.0")
        self.assert_done_as_previewed("mod1", {"mymod-0:1.0-1.amzn2.noarch"}, {
            ("upgrade", "mymod-0:2.0-1.amzn2.noarch", "amzn2extra-mod1")})

    # -- multilib_policy

    def test_multilib_policy_best_takes_one_arch(self):
        self.ir.write_dnf_conf(multilib_policy="best")
        self.assert_done_as_previewed("multi1", set(), {
            ("install", "libm-0:1.0-1.amzn2.x86_64", "amzn2extra-multi1")})

    def test_multilib_policy_all_takes_every_arch(self):
        self.ir.write_dnf_conf(multilib_policy="all")
        self.assert_done_as_previewed("multi1", set(), {
            ("install", "libm-0:1.0-1.amzn2.x86_64", "amzn2extra-multi1"),
            ("install", "libm-0:1.0-1.amzn2.i686", "amzn2extra-multi1")})

    # -- the check afterwards

    def test_forced_difference_is_reported_exit_6_json(self):
        """A wrapper around dnf that installs oldtool too: exit 6, transaction_check
        says what was previewed and what happened; the topic stays enabled."""
        pm, _ = self.recording_dnf(extra_args=["oldtool"])
        proc = self.cli("--json", "install", "-y", "prov1", pm=pm)
        self.assertEqual(proc.returncode, 6, self.describe(proc))
        doc = harness.parse_json(proc.stdout)
        check = doc["transaction_check"]
        self.assertEqual(check["same"], False)
        self.assertEqual(check["previewed"], ["install pgclient15-15.0-1.amzn2.noarch"])
        self.assertEqual(check["happened"], ["install oldtool-1.0-1.amzn2.noarch",
                                             "install pgclient15-15.0-1.amzn2.noarch"])
        self.assertIn("[amzn2extra-prov1]\nenabled = 1\n", self.repo_file.read_text())
        self.assertEqual(self.ir.installed_nevras(), {"pgclient15-0:15.0-1.amzn2.noarch",
                                            "oldtool-0:1.0-1.amzn2.noarch"})

    def test_forced_difference_is_reported_exit_6_text(self):
        pm, _ = self.recording_dnf(extra_args=["oldtool"])
        proc = self.cli("install", "-y", "prov1", pm=pm)
        self.assertEqual(proc.returncode, 6, self.describe(proc))
        self.assertIn("The package manager's transaction differed from the preview:\n"
                      "  previewed: install pgclient15-15.0-1.amzn2.noarch\n"
                      "  happened:  install oldtool-1.0-1.amzn2.noarch, "
                      "install pgclient15-15.0-1.amzn2.noarch\n", proc.stderr)
        self.assertIn("[amzn2extra-prov1]\nenabled = 1\n", self.repo_file.read_text())


if __name__ == "__main__":
    sys.exit(harness.main())
