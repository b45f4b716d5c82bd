# SPDX-License-Identifier: LGPL-2.1-or-later
"""`amazon-linux-extras supportinfo`, the migration report, on an installroot
whose rpmdb real dnf filled: every enabled topic and every installed topic
package with its support status on the day judged and its replacement (a
live successor on Amazon Linux 2, else the AL2023 packages), in text and
JSON, on either side of the core's end of support (2026-06-30).

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/integration/test_supportinfo.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

CATALOG_YAML = ("document: extras-catalog\nversion: 1\ncore-end-of-support: 2026-06-30\n")


class SupportInfoTest(harness.ServedTestCase):
    scratch_prefix = "extrasolv-supportinfo-"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        topics = [dict(t) for t in harness.TEST_TOPICS]
        for t in topics:
            if t["name"] == "nginx1":
                t["al2023"] = "[nginx]"
            if t["name"] == "php7.4":
                t.update({"end-of-support": "2022-11-03", "successor": "php8.0",
                          "al2023": "none"})
        cls.catalog = harness.write_catalog(cls.tmp / "catalog-si", topics)
        (cls.catalog / "catalog.yaml").write_text(CATALOG_YAML)

    def install(self, *topics):
        for topic in topics:
            proc = self.cli("--date", "2026-01-01", "install", "-y", topic)
            self.assertEqual(proc.returncode, 0, self.describe(proc))

    def report(self, date, *args):
        proc = self.cli("--json", "--date", date, "supportinfo", *args)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        return harness.parse_json(proc.stdout)

    def test_report_before_and_after_the_core_end(self):
        self.install("nginx1", "php7.4")
        self.assertIsNotNone(self.ir.rpm_query("nginx"))
        before = self.report("2026-06-29")
        after = self.report("2026-07-01")
        for doc in (before, after):
            self.assertEqual(sorted(t["name"] for t in doc["topics"]), ["nginx1", "php7.4"])
            by_name = {p["name"]: p for p in doc["packages"]}
            # the rpmdb's topic packages, tied to their topics by NEVRA; no core package
            self.assertEqual(by_name["nginx"]["topic"], "nginx1")
            self.assertEqual(by_name["nginx"]["matched_by"], "repository")
            self.assertEqual(by_name["php-cli"]["topic"], "php7.4")
            self.assertNotIn("core-libfoo", by_name)
            self.assertTrue(all(p["state"] == "installed" for p in doc["packages"]))
        topics = {t["name"]: t for t in before["topics"]}
        self.assertEqual(before["core"]["support_status"], "supported")
        self.assertEqual((topics["nginx1"]["support_status"], topics["nginx1"]["end_of_support"],
                          topics["nginx1"]["end_of_support_from"]),
                         ("supported", "2026-06-30", "core"))
        # php7.4 ended; its successor php8.0 is still live before the core's end
        self.assertEqual((topics["php7.4"]["support_status"], topics["php7.4"]["live_successor"]),
                         ("unsupported", "php8.0"))
        topics = {t["name"]: t for t in after["topics"]}
        self.assertEqual(after["core"]["support_status"], "unsupported")
        self.assertEqual((topics["nginx1"]["support_status"], topics["nginx1"]["al2023"]),
                         ("unsupported", ["nginx"]))
        # no live successor left: AL2023 has none for php7.4
        self.assertEqual((topics["php7.4"]["live_successor"], topics["php7.4"]["al2023"]),
                         (None, []))
        nginx = {p["name"]: p for p in after["packages"]}["nginx"]
        self.assertEqual((nginx["support_status"], nginx["al2023"]), ("unsupported", ["nginx"]))
        self.assertTrue(after["system"]["notice"])

        # filters, as dnf supportinfo's --show
        supported = self.report("2026-06-29", "--show", "supported")
        self.assertEqual([t["name"] for t in supported["topics"]], ["nginx1"])
        self.assertNotIn("php-cli", [p["name"] for p in supported["packages"]])
        unsupported = self.report("2026-06-29", "--show", "unsupported")
        self.assertEqual([t["name"] for t in unsupported["topics"]], ["php7.4"])
        self.assertGreater(len(self.report("2026-06-29", "--show", "all")["topics"]), 2)
        named = self.report("2026-06-29", "nginx")
        self.assertEqual([p["name"] for p in named["packages"]], ["nginx"])

        # text: the same facts in columns; the notice on stderr only after
        proc = self.cli("--date", "2026-07-01", "supportinfo")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("Amazon Linux 2 core: unsupported since 2026-06-30", proc.stdout)
        self.assertRegex(proc.stdout, r"\nnginx1 +enabled +unsupported +2026-06-30 \(core\) +"
                                      r"AL2023: nginx\n")
        self.assertRegex(proc.stdout, r"\nnginx +1\.20\.1-9\.amzn2\.0\.1\.noarch +installed +"
                                      r"nginx1 +unsupported")
        self.assertIn("amazon-linux-extras supportinfo", proc.stderr)
        proc = self.cli("--date", "2026-06-29", "supportinfo")
        self.assertRegex(proc.stdout, r"\nphp7\.4 +enabled +unsupported +2022-11-03 \(topic\) +"
                                      r"topic php8\.0\n")
        self.assertEqual(proc.stderr, "", self.describe(proc))

    def test_nothing_enabled_and_a_bad_filter(self):
        proc = self.cli("--date", "2026-06-29", "supportinfo")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("No topic is enabled.", proc.stdout)
        proc = self.cli("--show", "bogus", "supportinfo")
        self.assertEqual(proc.returncode, 2, self.describe(proc))
        self.assertEqual(len(proc.stderr.splitlines()), 1, self.describe(proc))


if __name__ == "__main__":
    sys.exit(harness.main())
