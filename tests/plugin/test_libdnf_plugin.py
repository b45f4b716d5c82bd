# SPDX-License-Identifier: LGPL-2.1-or-later
"""The libdnf plugin extras-libdnf-plugin in libdnf's own DnfContext, on real RPMs.

dnf (Python) does not load libdnf's C plugins; microdnf and PackageKit do, and neither
is packaged here, so tests/plugin/libdnf-driver.c drives a DnfContext as they do:
set up, mark a package for install, run the transaction, in an installroot of
tests/integration/harness.py. The plugin is loaded from a directory that holds only
the module under test; it reads the test catalog (EXTRAS_LIBDNF_PLUGIN_CATALOG, which
only the build tree's module honours) and says each time it reads the system (a debug
line); the CLI under test enables topics as an admin would.

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
        self.configure(self.catalog)

    # -- helpers

    def configure(self, catalog):
        """The catalog the plugin reads."""
        self.plugin_catalog = catalog

    def driver(self, package, plugin=True, **extra_env):
        argv = [DRIVER, str(self.root), str(self.plugins if plugin else self.no_plugins),
                package]
        env = self.ir.env(EXTRAS_LIBDNF_PLUGIN_CATALOG=str(self.plugin_catalog),
                          G_MESSAGES_DEBUG="extrasolv")
        env.update(extra_env)
        proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=300)
        proc.argv = argv
        self.last = proc
        return proc

    def cli(self, *args):
        argv = [self.bin, "--root", str(self.root), "--catalog", str(self.catalog)] + list(args)
        return harness.run(argv, env=self.ir.env(
            EXTRAS_PACKAGE_MANAGER=self.ir.package_manager()))

    def reads(self, proc):
        """The plugin's reads of the system (catalog and state) in proc."""
        return [line for line in (proc.stdout + proc.stderr).splitlines()
                if "extras: read the catalog " in line]

    def hand_repo(self, topic):
        """Define amzn2extra-TOPIC in a .repo file of its own, as a user might by hand."""
        (self.root / "etc" / "yum.repos.d" / ("%s-by-hand.repo" % topic)).write_text(
            "[amzn2extra-%s]\nname = %s by hand\nbaseurl = %s\nenabled = 1\n"
            "gpgcheck = 1\ngpgkey = file://%s\nmetadata_expire = 0\n"
            % (topic, topic, self.server.topic_baseurl(topic), harness.KEY_PATH))

    def describe(self, proc):
        return "%s\nexit %d\nstdout:\n%s\nstderr:\n%s" % (
            " ".join(proc.argv), proc.returncode, proc.stdout, proc.stderr)

    # -- non-LTS flagging

    def test_package_of_an_enabled_topic_installs_and_is_flagged_not_lts(self):
        self.cli("enable", "nginx1")
        proc = self.driver("nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA, self.describe(proc))
        self.assertIn(NGINX_NOT_LTS + "\n", proc.stderr, self.describe(proc))
        self.assertEqual(proc.stderr.count(NOT_LTS), 1, self.describe(proc))
        self.assertNotIn("past its end of support", proc.stderr, self.describe(proc))
        # the repository comes from the state file: one read, for the flagging only, of
        # the catalog asked for and of the root's state file
        self.assertEqual(len(self.reads(proc)), 1, self.describe(proc))
        self.assertIn("read the catalog %s and the state %s/etc/yum.repos.d/amzn2-extras.repo"
                      % (self.plugin_catalog, self.root), self.reads(proc)[0])

    def test_the_package_managers_environment_does_not_steer_it(self):
        # what the package manager's caller has in its environment must not steer the
        # plugin (issue 10): only the root's configuration counts.  Honoured, CATALOGURL
        # would fetch the catalog from evil.example (and fail, saying so) and
        # YUMCONFIG_FILE_NAME would read the state from evil.repo.  No catalog asked for:
        # the embedded one, which has nginx1 too.
        self.cli("enable", "nginx1")
        env = self.ir.env(G_MESSAGES_DEBUG="extrasolv",
                          CATALOGURL="http://evil.example/catalog.yaml",
                          YUMCONFIG_FILE_NAME="evil.repo", EXTRAS_PACKAGE_MANAGER="evil")
        env.pop("EXTRAS_LIBDNF_PLUGIN_CATALOG", None)
        argv = [DRIVER, str(self.root), str(self.plugins), "nginx"]
        proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=300)
        proc.argv = argv
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        # (the embedded nginx1 ends with the core, 2026-06-30: the line may say so)
        self.assertIn(NGINX_NOT_LTS, proc.stderr, self.describe(proc))
        self.assertEqual(len(self.reads(proc)), 1, self.describe(proc))
        self.assertIn(" and the state %s/etc/yum.repos.d/amzn2-extras.repo" % self.root,
                      self.reads(proc)[0], self.describe(proc))
        self.assertNotIn("evil", proc.stdout + proc.stderr, self.describe(proc))

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
        self.assertEqual(self.reads(proc), [], self.describe(proc))

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
        self.assertEqual(len(self.reads(proc)), 1, self.describe(proc))
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

    def test_enabled_topic_by_hand_is_kept_and_the_system_is_read_once(self):
        # enabled in the state file and defined again by hand: the hand-written one stays,
        # and hiding and flagging share one read of the system
        self.cli("enable", "nginx1")
        self.hand_repo("postgresql13")
        proc = self.driver("nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA, self.describe(proc))
        self.assertIn(NGINX_NOT_LTS + "\n", proc.stderr, self.describe(proc))
        self.assertEqual(len(self.reads(proc)), 1, self.describe(proc))


if __name__ == "__main__":
    sys.exit(harness.main())
