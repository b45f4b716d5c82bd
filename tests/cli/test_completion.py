# SPDX-License-Identifier: LGPL-2.1-or-later
"""bash completion (data/amazon-linux-extras.bash-completion) as bash runs it:
the file is sourced in bash, COMP_WORDS and COMP_CWORD are set as bash sets
them for a command line, and COMPREPLY is what the user would be offered.

The topics and versions come from a catalog of the test's own (--catalog), with
names that no embedded catalog has: what is offered must come from the CLI,
not from a list in the completion file.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras EXTRAS_SOURCE_ROOT=. python3 tests/cli/test_completion.py
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

BIN = os.environ["EXTRAS_BIN"]
SRC = Path(os.environ["EXTRAS_SOURCE_ROOT"])
sys.path.insert(0, str(SRC / "tests" / "integration"))
import harness  # noqa: E402

COMPLETION = SRC / "data" / "amazon-linux-extras.bash-completion"
TOPICS = [
    {"name": "zeta9", "packages": ["zeta"], "versions": ["9.1", "9.2", "stable"]},
    {"name": "zebra2", "packages": ["zebra"], "versions": ["2.0"], "arches": ["aarch64"]},
    {"name": "omega1", "packages": ["omega"]},
]

SCRIPT = r'''
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_amazon_linux_extras
printf '%s\n' "${COMPREPLY[@]}"
'''


class CompletionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("bash") is None:
            raise unittest.SkipTest("no bash")
        cls.tmp = Path(tempfile.mkdtemp(prefix="extrasolv-completion-"))
        cls.catalog = harness.write_catalog(cls.tmp / "catalog", TOPICS)
        cls.root = cls.tmp / "root"
        (cls.root / "etc" / "yum.repos.d").mkdir(parents=True)
        cls.bindir = Path(BIN).resolve().parent

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def complete(self, *words, first="amazon-linux-extras", path=True):
        """What bash offers for the command line `words`, the last being the word
        under the cursor."""
        env = {"PATH": "%s:/usr/bin:/bin" % self.bindir if path else "/usr/bin:/bin",
               "HOME": str(self.tmp), "LC_ALL": "C"}
        proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", SCRIPT, "bash",
                               str(COMPLETION), first] + list(words),
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        return [w for w in proc.stdout.split("\n") if w]

    def cat(self, *words):
        return self.complete("--catalog", str(self.catalog), "--root", str(self.root), *words)

    def test_commands(self):
        self.assertEqual(sorted(self.complete("")), sorted(
            ["list", "info", "enable", "disable", "install", "why", "validate",
             "supportinfo", "help"]))
        self.assertEqual(self.complete("en"), ["enable"])
        # after the options and their values too
        self.assertEqual(self.cat("--json", "in"), ["info", "install"])

    def test_options(self):
        offered = self.complete("--")
        for option in ("--root", "--catalog", "--date", "--arch", "--json", "--dry-run",
                       "--debug-solver", "--assumeyes", "--show", "--version", "--help"):
            self.assertIn(option, offered)
        self.assertEqual(self.complete("--dr"), ["--dry-run"])
        self.assertIn("-y", self.complete("-"))
        self.assertEqual(self.complete("supportinfo", "--show", "un"), ["unsupported"])

    def test_topics_come_from_the_catalog(self):
        self.assertEqual(sorted(self.cat("enable", "")), ["omega1", "zebra2", "zeta9"])
        self.assertEqual(sorted(self.cat("info", "ze")), ["zebra2", "zeta9"])
        self.assertEqual(sorted(self.cat("install", "-y", "z")), ["zebra2", "zeta9"])
        self.assertEqual(self.cat("validate", "o"), ["omega1"])
        # the embedded catalog's, without --catalog
        self.assertIn("nginx1", self.complete("--root", str(self.root), "enable", "ngi"))
        # --option=value (bash splits it at the '=')
        self.assertEqual(self.complete("--catalog", "=", str(self.catalog), "info", "om"),
                         ["omega1"])

    def test_versions_come_from_the_catalog(self):
        # bash splits "zeta9=9" into "zeta9" "=" "9" (COMP_WORDBREAKS has '=')
        self.assertEqual(self.cat("enable", "zeta9", "=", ""), ["9.1", "9.2", "stable"])
        self.assertEqual(self.cat("enable", "zeta9", "=", "9."), ["9.1", "9.2"])
        self.assertEqual(self.cat("install", "zeta9", "="), ["9.1", "9.2", "stable"])
        self.assertEqual(self.cat("enable", "omega1", "=", ""), ["stable"])
        # one word when '=' is not a word break
        self.assertEqual(self.cat("enable", "zeta9=9.2"), ["zeta9=9.2"])
        # info takes no version
        self.assertEqual(self.cat("info", "zeta9", "=", ""), [])

    def test_disable_offers_the_enabled_topics(self):
        root = self.tmp / "enabled"
        (root / "etc" / "yum.repos.d").mkdir(parents=True)
        proc = subprocess.run([BIN, "--root", str(root), "--catalog", str(self.catalog),
                               "enable", "zeta9"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.complete("--root", str(root), "--catalog", str(self.catalog),
                                       "disable", ""), ["zeta9"])

    def test_option_values(self):
        self.assertEqual(sorted(self.cat("--arch", "")), ["aarch64", "x86_64"])
        self.assertEqual(self.complete("--root", str(self.tmp / "ro")), [str(self.root)])
        self.assertEqual(self.complete("--date", ""), [])

    def test_the_program_typed_is_the_one_asked(self):
        # not on PATH: the path typed is run
        self.assertEqual(self.complete("--catalog", str(self.catalog), "info", "om",
                                       first=BIN, path=False), ["omega1"])
        # nowhere: nothing offered, no error
        self.assertEqual(self.complete("", path=False), [])

    def test_registered_for_the_command(self):
        proc = subprocess.run(["bash", "--norc", "-c", 'source "$1"; complete -p amazon-linux-extras',
                               "bash", str(COMPLETION)], stdout=subprocess.PIPE, text=True)
        self.assertEqual(proc.stdout.strip(), "complete -F _amazon_linux_extras amazon-linux-extras")


if __name__ == "__main__":
    sys.exit(harness.main())
