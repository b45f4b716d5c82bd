# SPDX-License-Identifier: LGPL-2.1-or-later
"""The collection's install rule: `meson install --destdir` of the build under test
puts extrasolv.extras at ansible_collections_dir (default DATADIR/ansible/collections)
/ansible_collections/extrasolv/extras, its module defaulting to the CLI installed at
BINDIR, and ansible-galaxy and ansible-doc find it there.

Run: EXTRAS_BUILD_ROOT=build python3 tests/ansible/test_install_rule.py
"""

import json
import os
import shutil
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))
import harness  # noqa: E402

MODULE_REL = Path("ansible_collections/extrasolv/extras/plugins/modules/topic.py")


def build_root():
    return Path(os.environ.get("EXTRAS_BUILD_ROOT", str(HERE.parent.parent / "build")))


class InstallRuleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("meson") is None:
            raise unittest.SkipTest("meson not found")
        if not (build_root() / "meson-info").is_dir():
            raise unittest.SkipTest("no meson build at %s" % build_root())
        cls.tmp = harness.scratch_dir("extrasolv-ansible-install-")
        cls.dest = cls.tmp / "dest"
        harness.run(["meson", "install", "-C", str(build_root()), "--destdir", str(cls.dest),
                     "--no-rebuild", "--quiet"], timeout=600)
        out = harness.run(["meson", "introspect", str(build_root()), "--buildoptions"]).stdout
        cls.options = {o["name"]: o["value"] for o in json.loads(out)}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def staged(self, path):
        return self.dest / str(path).lstrip("/")

    def collections_dir(self):
        o = self.options
        d = o["ansible_collections_dir"] or os.path.join(o["prefix"], o["datadir"], "ansible",
                                                         "collections")
        return self.staged(d)

    def ansible_env(self):
        env = dict(os.environ)
        env.update({"HOME": str(self.tmp / "home"), "ANSIBLE_HOME": str(self.tmp / "ahome"),
                    "ANSIBLE_LOCAL_TEMP": str(self.tmp / "atmp"),
                    "ANSIBLE_COLLECTIONS_PATH": str(self.collections_dir()),
                    "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "ANSIBLE_NOCOLOR": "1"})
        return env

    def test_installed_where_the_option_says_with_the_installed_cli_as_default(self):
        base = self.collections_dir() / "ansible_collections" / "extrasolv" / "extras"
        for rel in ("galaxy.yml", "README.md", "meta/runtime.yml", "plugins/modules/topic.py"):
            self.assertTrue((base / rel).is_file(), "not installed: %s" % (base / rel))
        installed = (self.collections_dir() / MODULE_REL).read_text().splitlines()
        source = (harness.source_root() / "plugin/ansible/plugins/modules/topic.py"
                  ).read_text().splitlines()
        binary = os.path.join(self.options["prefix"], self.options["bindir"],
                              "amazon-linux-extras")
        diff = [(a, b) for a, b in zip(source, installed) if a != b]
        self.assertEqual(len(source), len(installed))
        self.assertEqual(diff, [('DEFAULT_EXECUTABLE = "/usr/bin/amazon-linux-extras"',
                                 "DEFAULT_EXECUTABLE = %r" % binary)])
        # the CLI the module defaults to is installed by the same rules
        self.assertTrue(os.access(self.staged(binary), os.X_OK), self.staged(binary))
        mode = (self.collections_dir() / MODULE_REL).stat().st_mode & 0o777
        self.assertEqual(mode & 0o444, 0o444, oct(mode))

    def test_ansible_finds_the_installed_collection(self):
        if shutil.which("ansible-galaxy") is None or shutil.which("ansible-doc") is None:
            self.skipTest("ansible-core not installed")
        out = harness.run(["ansible-galaxy", "collection", "list", "extrasolv.extras"],
                          env=self.ansible_env(), cwd=str(self.tmp)).stdout
        self.assertRegex(out, r"\nextrasolv\.extras +1\.0\.0 *\n")
        doc = harness.run(["ansible-doc", "--json", "extrasolv.extras.topic"],
                          env=self.ansible_env(), cwd=str(self.tmp)).stdout
        doc = json.loads(doc)["extrasolv.extras.topic"]
        options = doc["doc"]["options"]
        self.assertEqual(sorted(options), ["catalog", "date", "executable", "name", "root",
                                           "state", "version"])
        self.assertEqual(options["state"]["choices"], ["enabled", "disabled", "installed"])
        self.assertEqual(doc["doc"]["attributes"]["check_mode"]["support"], "full")
        self.assertEqual(doc["doc"]["attributes"]["diff_mode"]["support"], "full")
        self.assertIn("removed", " ".join(doc["doc"]["description"]))
        self.assertIn("state: installed", doc["examples"])
        self.assertIn("transaction", doc["return"])


if __name__ == "__main__":
    sys.exit(harness.main())
