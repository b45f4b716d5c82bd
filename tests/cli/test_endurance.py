# SPDX-License-Identifier: LGPL-2.1-or-later
"""Endurance, with its figures: SIGKILLs during enable and disable, concurrent
writers, mutated parser input and random argument lists.

Issue 10 measured 3,000 SIGKILLs, 2-4 writers x 500 operations and about 25,000
malformed inputs; the suite keeps smaller, bounded versions of each (the counts
below, a fixed random seed, every loop under a stated deadline) and prints what it
counted, so that a regression shows here and not only in a one-off campaign.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/cli/test_endurance.py
"""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))
sys.path.insert(0, str(HERE))
import harness  # noqa: E402
from test_robustness import CliCase, NOISE, check_complete, topic_state  # noqa: E402

SEED = 10
KILLS = 300            # deadline: 120 s
WRITERS, OPS = 4, 100  # deadline: 180 s
MUTATIONS = 10000      # per parser; deadline: 120 s
ARGV_RUNS = 200        # deadline: 120 s
TOPICS = ["nginx1", "postgresql13", "redis6", "php7.4"]


class KilledRuns(CliCase):
    def test_sigkill_during_enable_and_disable(self):
        rnd = random.Random(SEED)
        self.assertEqual(self.cli("enable", "nginx1").returncode, 0)
        text = self.repo_file.read_text()
        counts = {"old": 0, "new": 0}
        start = time.monotonic()
        for i in range(KILLS):
            self.assertLess(time.monotonic() - start, 120, "deadline after %d kills" % i)
            topic = rnd.choice(TOPICS)
            cmd = rnd.choice(["enable", "disable"])
            argv = [self.bin, "--root", str(self.root), "--catalog", str(self.catalog), cmd, topic]
            proc = subprocess.Popen(argv, env=self.env(), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(rnd.uniform(0, 0.03))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            before, text = text, self.repo_file.read_text()
            try:
                check_complete(text)
            except ValueError as e:
                self.fail("kill %d (%s %s) left a torn file: %s\n%s" % (i, cmd, topic, e, text))
            for other in TOPICS:
                if other != topic:
                    self.assertEqual(topic_state(text, other), topic_state(before, other),
                                     "kill %d (%s %s) changed %s" % (i, cmd, topic, other))
            old = topic_state(before, topic)
            new = "1" if cmd == "enable" else ("0" if old is not None else None)
            self.assertIn(topic_state(text, topic), (old, new),
                          "kill %d (%s %s): neither old nor new" % (i, cmd, topic))
            counts["old" if text == before and old != new else "new"] += 1
        # the next run that takes the lock removes what killed runs left
        self.assertEqual(self.cli("enable", "redis6").returncode, 0)
        leftovers = sorted(p.name for p in self.reposdir.iterdir() if p != self.repo_file)
        self.assertEqual(leftovers, [])
        print("%d SIGKILLs: %d left the old file, %d the new (or an unchanged one), 0 torn, "
              "0 temporary files after the next run" % (KILLS, counts["old"], counts["new"]))


class ConcurrentWriters(CliCase):
    def test_writers_lose_nothing(self):
        errors = []
        done = [0] * WRITERS

        def writer(n):
            topic = TOPICS[n]
            for k in range(OPS):
                cmd = "enable" if k % 2 == 0 else "disable"
                proc = self.cli(cmd, topic, timeout=60)
                if proc.returncode != 0:
                    errors.append("%s %s: exit %d: %s" % (cmd, topic, proc.returncode,
                                                           proc.err))
                    return
                done[n] += 1

        start = time.monotonic()
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=180)
        elapsed = time.monotonic() - start
        self.assertLess(elapsed, 180)
        self.assertEqual(errors, [])
        text = self.repo_file.read_text()
        check_complete(text)
        # OPS is even: every writer's last operation was a disable
        for n in range(WRITERS):
            self.assertEqual(topic_state(text, TOPICS[n]), "0", text)
        self.assertEqual(sorted(p.name for p in self.reposdir.iterdir()), [self.repo_file.name])
        print("%d writers x %d operations: %d done, 0 lost, in %.1f s"
              % (WRITERS, OPS, sum(done), elapsed))


def mutate(rnd, data, others):
    data = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.randrange(5)
        pos = rnd.randrange(len(data) + 1)
        if kind == 0 and data:  # flip bits
            data[min(pos, len(data) - 1)] ^= 1 << rnd.randrange(8)
        elif kind == 1:  # insert bytes that parsers care about
            data[pos:pos] = rnd.choice([b"\x00", b"\xff\xfe", b"[", b"]", b"{", b"}", b":",
                                        b"\n", b"=", b"- ", b"&a ", b"*a", b'"', b"\\",
                                        b"  ", b"\t", b"#", b"%", b"!!binary "])
        elif kind == 2:  # truncate
            del data[pos:]
        elif kind == 3:  # repeat a chunk
            end = min(len(data), pos + rnd.randint(1, 64))
            data[pos:pos] = data[pos:end] * rnd.randint(1, 20)
        else:  # splice another input
            other = rnd.choice(others)
            cut = rnd.randrange(len(other) + 1)
            data[pos:] = other[cut:]
    return bytes(data)


class MutatedInput(CliCase):
    def replay(self, name):
        build = Path(os.environ.get("EXTRAS_BUILD_ROOT", harness.source_root() / "build"))
        binary = build / "tests/fuzz" / ("fuzz-%s-replay" % name)
        if not os.access(binary, os.X_OK):
            self.skipTest("no %s" % binary)
        corpus = harness.source_root() / "tests/fuzz/corpus" / name
        seeds = [p.read_bytes() for p in sorted(corpus.iterdir()) if p.is_file()]
        rnd = random.Random(SEED)
        out = self.tmp / ("mutated-" + name)
        out.mkdir()
        for i in range(MUTATIONS):
            (out / ("%05d" % i)).write_bytes(mutate(rnd, rnd.choice(seeds), seeds))
        start = time.monotonic()
        proc = subprocess.run([str(binary), str(out)], capture_output=True, timeout=120)
        last = proc.stdout.decode("utf-8", "replace").strip().splitlines()[-1:]
        self.assertEqual(proc.returncode, 0, "crashed on %s: %s" % (last, proc.stderr[-2000:]))
        print("%d mutated %s inputs (from %d seeds): 0 crashes, %.1f s"
              % (MUTATIONS, name, len(seeds), time.monotonic() - start))

    def test_mutated_catalogs(self):
        self.replay("catalog")

    def test_mutated_repo_files(self):
        self.replay("repofile")

    def test_random_argument_lists(self):
        rnd = random.Random(SEED)
        words = (["list", "info", "enable", "disable", "install", "why", "validate", "help",
                  "system_motd", "supportinfo", "--json", "--dry-run", "-y", "-v", "--arch",
                  "--date", "--root", "--catalog", "--show", "-h", "--version", "x86_64",
                  "aarch64", "2024-01-01", "1999-99-99", "all", "=", "", "-", "--", "\n",
                  "nginx1=", "=1", "nginx1=latest", "php7.4", "php8.0", "../x", "a\x7f"]
                 + TOPICS)
        codes = {}
        start = time.monotonic()
        for i in range(ARGV_RUNS):
            args = [rnd.choice(words) for _ in range(rnd.randint(0, 5))]
            # the root and catalog stay the test's: no option may point elsewhere
            args = [a for a in args if a not in ("--root", "--catalog")]
            proc = self.cli("--dry-run", *args, timeout=60)
            self.assertGreaterEqual(proc.returncode, 0, "killed by a signal: %r" % args)
            self.assertIn(proc.returncode, (0, 1, 2, 3, 4), self.describe(proc))
            for noise in NOISE:
                self.assertNotIn(noise, proc.err, self.describe(proc))
            codes[proc.returncode] = codes.get(proc.returncode, 0) + 1
        self.assertLess(time.monotonic() - start, 120)
        print("%d random argument lists: exits %s, 0 crashes"
              % (ARGV_RUNS, ", ".join("%d x%d" % kv for kv in sorted(codes.items()))))


if __name__ == "__main__":
    sys.exit(harness.main())
