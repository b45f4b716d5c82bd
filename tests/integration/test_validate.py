# SPDX-License-Identifier: LGPL-2.1-or-later
"""`amazon-linux-extras validate`, the repository maintainers' checks, on real RPMs.

Built, signed and served by harness.py.  Each test writes a catalog of its own
(topic files and a catalog.yaml with the stable-ABI list) and checks what a
maintainer would act on: the exit code, the ERROR/WARNING lines naming the
topics and the clash, the JSON document, and that the repo file is left as it
was.  The last test runs the real embedded catalog (topics/) against a core of
our own, with none of the topics' repositories served.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/integration/test_validate.py
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

SOURCE_TOPICS = Path(__file__).resolve().parent.parent.parent / "topics"

# The topics served for these tests: harness's, plus two whose packages
# conflict (clash-a-tool has `Conflicts: clash-b-tool`) and one that ships a
# package named glibc.
VALIDATE_TOPICS = dict(harness.TOPIC_SPECS)
VALIDATE_TOPICS.update({
    "clasha": ["validate-clash-a"],
    "clashb": ["validate-clash-b"],
    "badlibc": ["validate-glibc"],
    # nginx again, with a package whose dependency nobody provides: broken alone,
    # and it overlaps nginx1 (both ship nginx)
    "nginxbroken": ["nginx-1.20", "missingdep-tool"],
    # nothing of its own; requires topic missingdep1, which is broken alone
    "reqbroken": [],
})

CATALOG_YAML = """\
# SPDX-License-Identifier: LGPL-2.1-or-later
# written by tests/integration/test_validate.py
document: extras-catalog
version: 1
core-end-of-support: 2026-06-30
stable-abi: [glibc, openssl, zlib]
"""

GOOD = [
    {"name": "nginx1", "packages": ["nginx"]},
    {"name": "postgresql13", "packages": ["postgresql", "postgresql-server"]},
    {"name": "php7.4", "packages": ["php-cli", "php-fpm"], "conflicts": ["php8.0"]},
    {"name": "php8.0", "packages": ["php-cli", "php-fpm"], "conflicts": ["php7.4"]},
]
CLASH_A = {"name": "clasha", "packages": ["clash-a-tool"]}
CLASH_B = {"name": "clashb", "packages": ["clash-b-tool"]}
MISSINGDEP = {"name": "missingdep1", "packages": ["missingdep-tool"]}
NGINX_BROKEN = {"name": "nginxbroken", "packages": ["nginx", "missingdep-tool"]}
REQ_BROKEN = {"name": "reqbroken", "packages": ["missingdep-tool"], "requires": ["missingdep1"]}
APCU = {"name": "php8.0-apcu", "packages": ["php-pecl-apcu"], "requires": ["php8.0"]}

_TOPIC_PATH = re.compile(r"^/(?:topics/([^/]+)/|%s/extras/([^/]+)/)" % harness.RELEASEVER)


def topics_requested(paths):
    """The topics whose mirror list or repository the paths fetched."""
    out = set()
    for p in paths:
        m = _TOPIC_PATH.match(p)
        if m:
            out.add(m.group(1) or m.group(2))
    return out


class ValidateTest(harness.ServedTestCase):
    scratch_prefix = "extrasolv-validate-"
    served_topics = VALIDATE_TOPICS
    default_catalog = False

    def setUp(self):
        type(self).counter += 1
        self.dir = self.tmp / ("t%d" % self.counter)
        self.ir = harness.InstallRoot(self.dir, self.server, self.rpms)

    def catalog(self, topics):
        d = harness.write_catalog(self.dir / "catalog", topics)
        (d / "catalog.yaml").write_text(CATALOG_YAML)
        return d

    def validate(self, catalog, *args, timeout=300):
        argv = [self.bin, "--root", str(self.ir.root), "--catalog", str(catalog),
                "--arch", "x86_64"] + list(args)
        proc = subprocess.run(argv, env=self.ir.env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=timeout)
        proc.argv = argv
        return proc

    def lines(self, proc, prefix):
        return [l for l in proc.stdout.splitlines() if l.startswith(prefix)]

    def test_good_catalog_exits_0_and_leaves_the_repo_file(self):
        catalog = self.catalog(GOOD)
        # a repo file with one topic enabled: validate must not touch it
        enable = subprocess.run([self.bin, "--root", str(self.ir.root), "--catalog",
                                 str(catalog), "enable", "nginx1"], env=self.ir.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(enable.returncode, 0, enable.stderr)
        before = self.ir.repo_file.read_bytes()
        proc = self.validate(catalog, "validate")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        # php7.4 and php8.0 are declared in conflict and really are (same package names)
        self.assertEqual(self.lines(proc, "ERROR"), [], self.describe(proc))
        self.assertEqual(self.lines(proc, "WARNING"), [], self.describe(proc))
        self.assertEqual(proc.stdout.splitlines()[-1], "validate: 4 topics, 0 errors, 0 warnings")
        self.assertEqual(self.ir.repo_file.read_bytes(), before)
        self.assertIsNone(self.ir.rpm_query("nginx"))

    def test_missing_dependency_is_an_error_exit_4(self):
        catalog = self.catalog(GOOD + [{"name": "missingdep1", "packages": ["missingdep-tool"]}])
        proc = self.validate(catalog, "validate")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        errors = self.lines(proc, "ERROR")
        self.assertEqual(len(errors), 1, self.describe(proc))
        self.assertTrue(errors[0].startswith("ERROR topic missingdep1: "), errors)
        self.assertIn("capability-nobody-provides", errors[0])
        self.assertEqual(proc.stdout.splitlines()[-1], "validate: 5 topics, 1 error, 0 warnings")
        self.assertFalse(self.ir.repo_file.exists(), "validate wrote the repo file")

    def test_undeclared_package_conflict_names_both_topics(self):
        catalog = self.catalog(GOOD + [CLASH_A, CLASH_B])
        proc = self.validate(catalog, "validate")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        errors = self.lines(proc, "ERROR")
        self.assertEqual(len(errors), 1, self.describe(proc))
        self.assertTrue(errors[0].startswith("ERROR topics clasha and clashb: "), errors)
        self.assertIn("clash-b-tool", errors[0])

    def test_package_conflict_once_declared_is_fine(self):
        catalog = self.catalog(GOOD + [dict(CLASH_A, conflicts=["clashb"]), CLASH_B])
        proc = self.validate(catalog, "validate")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.lines(proc, "ERROR") + self.lines(proc, "WARNING"), [],
                         self.describe(proc))

    def test_declared_but_not_needed_is_a_warning(self):
        topics = [dict(GOOD[0], conflicts=["postgresql13"])] + GOOD[1:]
        proc = self.validate(self.catalog(topics), "validate")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        warnings = self.lines(proc, "WARNING")
        self.assertEqual(len(warnings), 1, self.describe(proc))
        self.assertTrue(warnings[0].startswith("WARNING topics nginx1 and postgresql13: "),
                        warnings)
        self.assertIn("declared but not needed", warnings[0])

    def test_topic_shipping_a_stable_abi_package_is_an_error(self):
        catalog = self.catalog(GOOD + [{"name": "badlibc", "packages": ["glibc"]}])
        proc = self.validate(catalog, "validate", "badlibc")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        errors = self.lines(proc, "ERROR")
        self.assertEqual(len(errors), 1, self.describe(proc))
        self.assertTrue(errors[0].startswith("ERROR topic badlibc: "), errors)
        self.assertIn("glibc", errors[0])
        self.assertIn("stable", errors[0])
        self.assertEqual(proc.stdout.splitlines()[-1], "validate: 1 topics, 1 error, 0 warnings")

    def test_json(self):
        catalog = self.catalog(GOOD + [{"name": "missingdep1", "packages": ["missingdep-tool"]},
                                       CLASH_A, CLASH_B])
        proc = self.validate(catalog, "--json", "validate")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        doc = harness.parse_json(proc.stdout)
        self.assertEqual(set(doc), {"format", "command", "topics", "findings", "system",
                                    "warnings"})
        names = [t["name"] for t in doc["topics"]]
        self.assertEqual(sorted(names), sorted(
            ["nginx1", "postgresql13", "php7.4", "php8.0", "missingdep1", "clasha", "clashb"]))
        by_check = {}
        for f in doc["findings"]:
            self.assertEqual(set(f), {"severity", "check", "topic_names", "message"})
            by_check.setdefault(f["check"], []).append(f)
        self.assertEqual(sorted(by_check), ["installable", "support", "undeclared_conflict"],
                         doc)
        # judged today (after the core's end of support): a note per topic
        self.assertEqual(sorted(f["topic_names"][0] for f in by_check["support"]),
                         sorted(names))
        self.assertEqual({f["severity"] for f in by_check["support"]}, {"note"})
        [missing] = by_check["installable"]
        self.assertEqual((missing["severity"], missing["topic_names"]), ("error", ["missingdep1"]))
        self.assertIn("capability-nobody-provides", missing["message"])
        [clash] = by_check["undeclared_conflict"]
        self.assertEqual((clash["severity"], clash["topic_names"]), ("error", ["clasha", "clashb"]))
        self.assertEqual(doc["warnings"], [])

    def test_support_notes_follow_the_policy_on_either_side_of_the_core_end(self):
        topics = [dict(GOOD[0]), {"name": "php7.4", "packages": ["php-cli", "php-fpm"],
                                  "end-of-support": "2022-11-03"}]
        catalog = self.catalog(topics)
        notes = {}
        for date in ("2026-06-29", "2026-06-30"):
            proc = self.validate(catalog, "--date", date, "--json", "validate")
            self.assertEqual(proc.returncode, 0, self.describe(proc))
            notes[date] = {f["topic_names"][0]: (f["severity"], f["message"])
                           for f in harness.parse_json(proc.stdout)["findings"] if f["check"] == "support"}
        # before: only php7.4, on its own date; nginx1 ends with the core
        self.assertEqual(notes["2026-06-29"], {
            "php7.4": ("note", "past its end of support (2022-11-03, the topic's own date)")})
        self.assertEqual(notes["2026-06-30"]["nginx1"],
                         ("note", "past its end of support (2026-06-30, the core's end of support)"))
        proc = self.validate(catalog, "--date", "2026-07-01", "validate")
        self.assertIn("NOTE topic nginx1: past its end of support", proc.stdout)
        self.assertEqual(proc.stdout.splitlines()[-1], "validate: 2 topics, 0 errors, 0 warnings")

    def test_named_topics_only_and_unknown_topic(self):
        catalog = self.catalog(GOOD + [{"name": "missingdep1", "packages": ["missingdep-tool"]}])
        proc = self.validate(catalog, "--json", "validate", "nginx1", "php8.0")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual([t["name"] for t in harness.parse_json(proc.stdout)["topics"]],
                         ["nginx1", "php8.0"])
        proc = self.validate(catalog, "validate", "nosuchtopic")
        self.assertEqual(proc.returncode, 1, self.describe(proc))
        self.assertIn("nosuchtopic", proc.stderr)

    def fetched_by(self, catalog, *args):
        """Run validate; return (proc, the topics whose repositories it fetched)."""
        before = len(self.server.requests)
        proc = self.validate(catalog, *args)
        return proc, topics_requested(self.server.requests[before:])

    def test_named_topics_fetch_only_what_they_need(self):
        # nginx1 requires nothing, conflicts with nothing, shares no package name:
        # its repository alone is read, not the six others'
        catalog = self.catalog(GOOD + [MISSINGDEP, CLASH_A, CLASH_B, APCU])
        proc, fetched = self.fetched_by(catalog, "validate", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(fetched, {"nginx1"}, self.describe(proc))
        self.assertEqual(proc.stdout.splitlines()[-1], "validate: 1 topics, 0 errors, 0 warnings")
        # php7.4 with php8.0, the topic it is declared in conflict with (and shares
        # php-cli with); the conflict is judged real
        self.ir = harness.InstallRoot(self.dir / "php", self.server, self.rpms)
        proc, fetched = self.fetched_by(catalog, "validate", "php7.4")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(fetched, {"php7.4", "php8.0"}, self.describe(proc))
        self.assertEqual(self.lines(proc, "WARNING") + self.lines(proc, "ERROR"), [],
                         self.describe(proc))
        # php8.0-apcu with php8.0, which it requires, and php7.4, php8.0's partner is
        # not apcu's: not read
        self.ir = harness.InstallRoot(self.dir / "apcu", self.server, self.rpms)
        proc, fetched = self.fetched_by(catalog, "validate", "php8.0-apcu")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(fetched, {"php8.0-apcu", "php8.0"}, self.describe(proc))
        # a repo file that enables a topic outside the scope does not widen it
        self.ir = harness.InstallRoot(self.dir / "enabled", self.server, self.rpms)
        enable = subprocess.run([self.bin, "--root", str(self.ir.root), "--catalog",
                                 str(catalog), "enable", "clasha"], env=self.ir.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(enable.returncode, 0, enable.stderr)
        before = self.ir.repo_file.read_bytes()
        proc, fetched = self.fetched_by(catalog, "validate", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(fetched, {"nginx1"}, self.describe(proc))
        self.assertEqual(self.ir.repo_file.read_bytes(), before)

    def test_topic_broken_alone_is_reported_alone_not_as_a_pair(self):
        # nginxbroken overlaps nginx1 (both ship nginx) and is broken on its own:
        # that is its problem, said of it alone, not "nginx1 and nginxbroken
        # cannot be installed together"
        catalog = self.catalog(GOOD + [NGINX_BROKEN])
        proc, fetched = self.fetched_by(catalog, "validate", "nginx1")
        self.assertEqual(fetched, {"nginx1", "nginxbroken"}, self.describe(proc))
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.lines(proc, "ERROR"), [], self.describe(proc))
        warnings = self.lines(proc, "WARNING")
        self.assertEqual(len(warnings), 1, self.describe(proc))
        self.assertTrue(warnings[0].startswith("WARNING topic nginxbroken: not installable"),
                        warnings)
        self.assertIn("capability-nobody-provides", warnings[0])
        self.assertIn("not named", warnings[0])
        self.assertNotIn("nginx1 and", proc.stdout, self.describe(proc))
        # JSON: the finding names nginxbroken alone
        self.ir = harness.InstallRoot(self.dir / "json", self.server, self.rpms)
        doc = harness.parse_json(self.validate(catalog, "--json", "validate", "nginx1").stdout)
        found = [(f["severity"], f["check"], f["topic_names"]) for f in doc["findings"]
                 if f["check"] != "support"]
        self.assertEqual(found, [("warning", "installable", ["nginxbroken"])], doc)
        # every topic: nginxbroken's error, alone, and no pair
        self.ir = harness.InstallRoot(self.dir / "all", self.server, self.rpms)
        proc = self.validate(catalog, "validate")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        errors = self.lines(proc, "ERROR")
        self.assertEqual(len(errors), 1, self.describe(proc))
        self.assertTrue(errors[0].startswith("ERROR topic nginxbroken: "), errors)

    def test_topic_requiring_a_broken_topic_names_it(self):
        catalog = self.catalog(GOOD + [MISSINGDEP, REQ_BROKEN])
        proc, fetched = self.fetched_by(catalog, "validate", "reqbroken")
        self.assertEqual(fetched, {"reqbroken", "missingdep1"}, self.describe(proc))
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        lines = self.lines(proc, "ERROR") + self.lines(proc, "WARNING")
        self.assertEqual(len(lines), 2, self.describe(proc))
        # the required topic's own problem first, then the named topic's error naming it
        self.assertTrue(lines[1].startswith("WARNING topic missingdep1: not installable"), lines)
        self.assertIn("capability-nobody-provides", lines[1])
        self.assertEqual(lines[0], "ERROR topic reqbroken: not installable on top of the core: "
                         "it requires topic missingdep1, which is not installable on its own")
        order = [l for l in proc.stdout.splitlines() if l.startswith(("ERROR", "WARNING"))]
        self.assertTrue(order[0].startswith("WARNING topic missingdep1"), order)

    def test_embedded_catalog_without_topic_repositories(self):
        # The real catalog, none of whose repositories this server has: one
        # "not checked" warning per topic, no crash, in seconds.
        with harness.RepoServer(self.rpms, self.dir / "www", topics={}) as core_only:
            self.ir = harness.InstallRoot(self.dir / "core-only", core_only, self.rpms)
            start = time.monotonic()
            proc = self.validate(SOURCE_TOPICS, "--json", "validate", timeout=120)
            elapsed = time.monotonic() - start
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        doc = harness.parse_json(proc.stdout)
        self.assertGreater(len(doc["topics"]), 50)
        unreachable = [f for f in doc["findings"] if "not checked" in f["message"]]
        self.assertEqual(sorted(f["topic_names"][0] for f in unreachable),
                         sorted(t["name"] for t in doc["topics"]))
        for f in unreachable:
            self.assertEqual(f["severity"], "warning")
            self.assertIn("amzn2extra-" + f["topic_names"][0], f["message"])
            # Said once: the finding carries the resolver's warning, which is
            # then not repeated in "warnings" (decided by the library).
            said = f["message"][len("not checked: "):]
            self.assertNotIn(said, doc["warnings"])
        others = [f for f in doc["findings"] if f["check"] != "support"]
        self.assertEqual(len(others), len(doc["topics"]), doc["findings"])
        self.assertLess(elapsed, 30, "validate of the embedded catalog took %.1fs" % elapsed)
        self.assertFalse(self.ir.repo_file.exists(), "validate wrote the repo file")

    def test_unresolvable_mirror_host_is_looked_up_once(self):
        # Offline (the mirror host does not resolve): the first topic's mirrorlist
        # waits for the lookup to fail; the others of the same host do not wait again.
        self.ir = harness.InstallRoot(self.dir / "offline", self.server, self.rpms)
        for d in ("etc/yum/vars", "etc/dnf/vars"):
            (self.ir.root / d / "amazonlinux").write_text("mirror.invalid\n")
            (self.ir.root / d / "awsregion").write_text("example\n")
        topics = [t for t in harness.TEST_TOPICS if t["name"] in ("nginx1", "postgresql13")]
        proc = self.validate(self.catalog(topics), "validate")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        warnings = self.lines(proc, "WARNING")
        self.assertEqual(len(warnings), 2, self.describe(proc))
        self.assertEqual(sum("already in this run" in w for w in warnings), 1,
                         self.describe(proc))


if __name__ == "__main__":
    sys.exit(harness.main())
