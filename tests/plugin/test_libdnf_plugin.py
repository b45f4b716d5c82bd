# SPDX-License-Identifier: LGPL-2.1-or-later
"""The libdnf plugin extras-libdnf-plugin in libdnf's own DnfContext, on real RPMs.

dnf (Python) does not load libdnf's C plugins; microdnf and PackageKit do, and neither
is packaged here, so tests/plugin/libdnf-driver.c drives a DnfContext as they do:
set up, mark a package for install, run the transaction, in an installroot of
tests/integration/harness.py. The plugin is loaded from a directory that holds only
the module under test; the CLI it runs is the one under test behind a wrapper that
adds the test catalog and records each run.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras EXTRAS_LIBDNF_DRIVER=build/tests/plugin/libdnf-driver
     EXTRAS_LIBDNF_PLUGIN=build/plugin/libdnf/extras-libdnf-plugin.so \
     python3 tests/plugin/test_libdnf_plugin.py
"""

import os
import subprocess
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))
import harness  # noqa: E402

DRIVER = os.environ.get("EXTRAS_LIBDNF_DRIVER", "")
PLUGIN = os.environ.get("EXTRAS_LIBDNF_PLUGIN", "")

NGINX_NEVRA = "nginx-0:1.20.1-9.amzn2.0.1.noarch"
NGINX_NOT_LTS = "nginx-1.20.1-9.amzn2.0.1.noarch: from extras topic nginx1, " \
                "not covered by Long Term Support"
NOT_LTS = "not covered by Long Term Support"


class LibdnfPluginTest(harness.ServedTestCase):
    scratch_prefix = "extrasolv-libdnf-"

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise unittest.SkipTest("installroots' rpm databases need root")
        if not DRIVER or not os.access(DRIVER, os.X_OK):
            raise unittest.SkipTest("no libdnf driver (EXTRAS_LIBDNF_DRIVER): libdnf not found")
        if not PLUGIN or not os.path.isfile(PLUGIN):
            raise unittest.SkipTest("no libdnf plugin module (EXTRAS_LIBDNF_PLUGIN)")
        super().setUpClass()

    def setUp(self):
        super().setUp()
        # a plugins directory with the module under test only, and an empty one
        self.plugins = self.ir.basedir / "libdnf-plugins"
        self.plugins.mkdir()
        os.symlink(os.path.abspath(PLUGIN), str(self.plugins / os.path.basename(PLUGIN)))
        self.no_plugins = self.ir.basedir / "libdnf-no-plugins"
        self.no_plugins.mkdir()
        self.calls = self.ir.basedir / "cli-calls.log"
        self.wrapper = self.ir.basedir / "amazon-linux-extras"
        self.configure(self.catalog)

    # -- helpers

    def configure(self, catalog):
        """The CLI the plugin runs: the one under test with catalog, behind a wrapper that
        records its arguments, one line per run."""
        self.wrapper.write_text('#!/bin/sh\necho "$*" >> "%s"\nexec "%s" --catalog "%s" "$@"\n'
                                % (self.calls, self.bin, catalog))
        self.wrapper.chmod(0o755)

    def driver(self, package, plugin=True):
        argv = [DRIVER, str(self.root), str(self.plugins if plugin else self.no_plugins),
                package]
        env = self.ir.env(EXTRAS_LIBDNF_PLUGIN_BINARY=str(self.wrapper),
                          G_MESSAGES_DEBUG="extrasolv")
        proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=300)
        proc.argv = argv
        return proc

    def cli(self, *args):
        argv = [self.bin, "--root", str(self.root), "--catalog", str(self.catalog)] + list(args)
        return harness.run(argv, env=self.ir.env(
            EXTRAS_PACKAGE_MANAGER=self.ir.package_manager()))

    def cli_runs(self):
        return self.calls.read_text().splitlines() if self.calls.exists() else []

    def hand_repo(self, topic):
        """Define amzn2extra-TOPIC in a .repo file of its own, as a user might by hand."""
        (self.root / "etc" / "yum.repos.d" / ("%s-by-hand.repo" % topic)).write_text(
            "[amzn2extra-%s]\nname = %s by hand\nbaseurl = %s\nenabled = 1\n"
            "gpgcheck = 1\ngpgkey = file://%s\nmetadata_expire = 0\n"
            % (topic, topic, self.server.topic_baseurl(topic), harness.KEY_PATH))

    def describe(self, proc):
        return "%s\nexit %d\nstdout:\n%s\nstderr:\n%s\nCLI runs: %r" % (
            " ".join(proc.argv), proc.returncode, proc.stdout, proc.stderr, self.cli_runs())

    # -- non-LTS flagging

    def test_package_of_an_enabled_topic_installs_and_is_flagged_not_lts(self):
        self.cli("enable", "nginx1")
        proc = self.driver("nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA, self.describe(proc))
        self.assertIn(NGINX_NOT_LTS + "\n", proc.stderr, self.describe(proc))
        self.assertEqual(proc.stderr.count(NOT_LTS), 1, self.describe(proc))
        self.assertNotIn("past its end of support", proc.stderr, self.describe(proc))
        # the repository comes from the state file: one run, for the flagging only
        self.assertEqual(self.cli_runs(), ["--root %s --json list" % self.root],
                         self.describe(proc))

    def test_the_cli_gets_a_clean_environment(self):
        # what the package manager's caller has in its environment must not steer the CLI
        # (issue 10): a fixed PATH, the C locale and HOME, nothing else
        seen = self.ir.basedir / "cli-env.txt"
        self.wrapper.write_text('#!/bin/sh\nenv > "%s"\necho "$*" >> "%s"\n'
                                'exec "%s" --catalog "%s" "$@"\n'
                                % (seen, self.calls, self.bin, self.catalog))
        self.cli("enable", "nginx1")
        argv = [DRIVER, str(self.root), str(self.plugins), "nginx"]
        env = self.ir.env(EXTRAS_LIBDNF_PLUGIN_BINARY=str(self.wrapper),
                          CATALOGURL="http://evil.example/catalog.yaml",
                          YUMCONFIG_FILE_NAME="evil.repo", EXTRAS_PACKAGE_MANAGER="evil",
                          PATH="/nonexistent/evil-bin:" + os.environ.get("PATH", ""))
        proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=300)
        proc.argv = argv
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(len(self.cli_runs()), 1, self.describe(proc))
        text = seen.read_text()
        names = {line.split("=", 1)[0] for line in text.splitlines() if "=" in line}
        self.assertEqual(names - {"PWD", "SHLVL", "_", "OLDPWD"}, {"PATH", "LC_ALL", "HOME"},
                         text)
        self.assertNotIn("evil", text)

    def test_topic_past_end_of_support_says_so(self):
        topics = [dict(t) for t in harness.TEST_TOPICS]
        for t in topics:
            if t["name"] == "nginx1":
                t["end-of-support"] = "2020-01-31"
        self.configure(harness.write_catalog(self.ir.basedir / "catalog-eos", topics))
        self.cli("enable", "nginx1")
        proc = self.driver("nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA, self.describe(proc))
        self.assertIn(NGINX_NOT_LTS + "; past its end of support 2020-01-31\n", proc.stderr,
                      self.describe(proc))

    def test_topic_ends_with_the_core(self):
        # A topic without a date of its own ends with the core: judged today
        # (the CLI's default) against a core end of support of yesterday.
        import datetime
        yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        ended = harness.write_catalog(self.ir.basedir / "catalog-core-eos")
        (ended / "catalog.yaml").write_text(
            "document: extras-catalog\nversion: 1\ncore-end-of-support: %s\n" % yesterday)
        self.configure(ended)
        self.cli("enable", "nginx1")
        proc = self.driver("nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn(NGINX_NOT_LTS + "; past its end of support %s\n" % yesterday,
                      proc.stderr, self.describe(proc))

    def test_core_package_is_not_flagged_and_costs_no_cli_run(self):
        self.cli("enable", "nginx1")
        proc = self.driver("core-libfoo")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIsNotNone(self.ir.rpm_query("core-libfoo"), self.describe(proc))
        self.assertNotIn(NOT_LTS, proc.stdout + proc.stderr, self.describe(proc))
        self.assertEqual(self.cli_runs(), [], self.describe(proc))

    # -- hiding

    def test_topic_repository_outside_the_state_file_is_disabled(self):
        # the topic's repository, defined by hand while the topic is not enabled
        self.hand_repo("nginx1")
        proc = self.driver("nginx")
        self.assertNotEqual(proc.returncode, 0, self.describe(proc))
        self.assertIsNone(self.ir.rpm_query("nginx"), self.describe(proc))
        disabling = [l for l in (proc.stdout + proc.stderr).splitlines()
                     if "disabling amzn2extra-nginx1 " in l]
        self.assertEqual(len(disabling), 1, self.describe(proc))
        self.assertEqual(len(self.cli_runs()), 1, self.describe(proc))
        # the same DnfContext without the plugin sees the package and installs it
        bare = self.driver("nginx", plugin=False)
        self.assertEqual(bare.returncode, 0, self.describe(bare))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA, self.describe(bare))

    def test_disabled_topic_repository_leaves_the_core_package(self):
        # postgresql13 by hand, not enabled: the core's postgresql 9.2 is what installs
        self.hand_repo("postgresql13")
        proc = self.driver("postgresql")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("postgresql"), "postgresql-0:9.2.24-8.amzn2.noarch",
                         self.describe(proc))
        self.assertNotIn(NOT_LTS, proc.stderr, self.describe(proc))

    def test_enabled_topic_by_hand_is_kept_and_the_cli_runs_once(self):
        # enabled in the state file and defined again by hand: the hand-written one stays,
        # and hiding and flagging share one run of the CLI
        self.cli("enable", "nginx1")
        self.hand_repo("postgresql13")
        proc = self.driver("nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA, self.describe(proc))
        self.assertIn(NGINX_NOT_LTS + "\n", proc.stderr, self.describe(proc))
        self.assertEqual(len(self.cli_runs()), 1, self.describe(proc))


if __name__ == "__main__":
    sys.exit(harness.main())
