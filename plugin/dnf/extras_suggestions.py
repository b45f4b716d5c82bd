# SPDX-License-Identifier: LGPL-2.1-or-later
"""dnf plugin extras_suggestions: Amazon Linux Extras topics seen from dnf.

A thin shim over `amazon-linux-extras --json list` (the CLI of extrasolv owns
the catalog, the state and the rules; this file never parses either):

- suggestions: when `dnf install X` finds no package X and X is a package of a
  topic that is not enabled, print the original yum plugin's block, naming the
  topic and the command that enables it;
- non-LTS flagging: one line on stderr for each package of the transaction
  that comes from a topic's repository (amzn2extra-T), with its end of support
  when that is reached;
- hiding: packages of an amzn2extra-T repository whose topic is not enabled in
  the state file (for example a repository defined in another .repo file) are
  excluded from the sack.

Cost: the CLI runs at most once per dnf run, and only when a transaction holds
a package of a topic, a package was not found, or an amzn2extra-T repository
comes from somewhere other than the state file.

Configuration (extras_suggestions.conf, [main]):
  binary = /usr/bin/amazon-linux-extras   the CLI, an absolute path (never looked up
                                 in PATH: dnf runs as root, PATH is the caller's)
  catalog = SOURCE               passed as --catalog SOURCE when set
  state_file = amzn2-extras.repo the state file's name in a reposdir
  timeout = 120                  seconds the CLI may take
"""

import atexit
import json
import logging
import os
import subprocess
import sys

import dnf
import dnf.exceptions

logger = logging.getLogger("dnf.plugin")

# Only a cheap filter, so that the CLI runs only when a repository may be a
# topic's: which topic owns a repository, if any, is the library's rule, read
# from the CLI's `repo_ids` (topic_of_repo()).
REPO_PREFIX = "amzn2extra-"
FAQ_URL = "https://aws.amazon.com/amazon-linux-2/faqs/#Amazon_Linux_Extras"


def suggestion_block(name, topic, info=None):
    """The original plugin's lines for package `name` of `topic`; for a topic
    past its end of support (`info`, its `list --json` entry), one more line
    saying so and what to do instead (the CLI's `advice`)."""
    past = []
    if info and info.get("eos") == "reached":
        past = ['Topic "%s" is past its end of support (%s); %s.'
                % (topic, info.get("end_of_support"), info.get("advice") or "see its successor")]
    return ["",
            '%s is available in Amazon Linux Extra topic "%s"' % (name, topic)] + past + [
            "",
            "To use, run",
            "# sudo amazon-linux-extras install %s" % topic,
            "",
            "Learn more at",
            FAQ_URL,
            ""]


def topic_of_repo(repo_id, topics):
    """The topic (its name) whose repository `repo_id` is, by the `repo_ids`
    that `list --json` gives each topic (binary, source, debuginfo: the
    library's naming rule); None for a repository of no topic the catalog has."""
    for topic in (topics or {}).values():
        if repo_id in (topic.get("repo_ids") or ()):
            return topic["name"]
    return None


def nevra(pkg):
    return "%s-%s.%s" % (pkg.name, pkg.evr, pkg.arch)


DEFAULT_BINARY = "/usr/bin/amazon-linux-extras"
# What the CLI gets of dnf's environment: nothing else, so that the caller's
# variables (CATALOGURL, YUMCONFIG_FILE_NAME, LD_PRELOAD, ...) do not steer a
# program that runs as root.  HOME stays: rpm, in dnf and in the CLI alike,
# finds its macros there.
SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def clean_environment():
    env = {"PATH": SAFE_PATH, "LC_ALL": "C"}
    if os.environ.get("HOME"):
        env["HOME"] = os.environ["HOME"]
    return env


class ExtrasSuggestions(dnf.Plugin):
    name = "extras_suggestions"

    def __init__(self, base, cli):
        super(ExtrasSuggestions, self).__init__(base, cli)
        self.binary = DEFAULT_BINARY
        self.catalog = None
        self.state_file = "amzn2-extras.repo"
        self.timeout = 120.0
        self._topics = None       # name -> topic dict of `--json list`, once per run
        self._failed = False      # the CLI failed once: do not try again this run
        self._missing = []        # package specs that `install` did not find
        self._printed = False

    # ------------------------------------------------------------------ hooks

    def config(self):
        parser = self.read_config(self.base.conf)
        if parser.has_section("main"):
            for key in ("binary", "catalog", "state_file", "timeout"):
                if parser.has_option("main", key):
                    value = parser.get("main", key).strip()
                    if key == "timeout":
                        try:
                            self.timeout = float(value)
                        except ValueError:
                            logger.warning("extras_suggestions: timeout %r is not a number",
                                           value)
                    elif value:
                        setattr(self, key, value)
        self._watch_install_command()

    def sack(self):
        """Exclude the packages of amzn2extra-T repositories of topics not enabled."""
        suspects = []
        for repo in self.base.repos.iter_enabled():
            if repo.id.startswith(REPO_PREFIX) and not self._from_state_file(repo):
                suspects.append(repo)
        if not suspects:
            return  # every topic repository comes from the state file: enabled there
        topics = self._list()
        if topics is None:
            return
        for repo in suspects:
            topic = topic_of_repo(repo.id, topics)
            info = topics.get(topic)
            if info is not None and info.get("state") == "enabled":
                continue
            query = self.base.sack.query().filter(reponame=repo.id)
            self.base.sack.add_excludes(query)
            logger.debug("extras_suggestions: hiding the packages of %s (%s): topic %s is "
                         "not enabled", repo.id, repo.repofile or "?", topic)

    def resolved(self):
        transaction = self.base.transaction
        if transaction is None:
            return
        extras = sorted((p for p in transaction.install_set
                         if p.reponame.startswith(REPO_PREFIX)),
                        key=lambda p: (p.name, p.evr, p.arch))
        if not extras:
            return  # core packages only: no need to ask the CLI
        topics = self._list() or {}
        for pkg in extras:
            topic = topic_of_repo(pkg.reponame, topics)
            if topic is None and topics:
                continue  # the CLI says: no topic's repository
            # Without the CLI, no rule says which topic: the repository is named.
            origin = ("extras topic %s" % topic if topic is not None
                      else "extras repository %s" % pkg.reponame)
            line = "%s: from %s, not covered by Long Term Support" % (nevra(pkg), origin)
            info = topics.get(topic) or {}
            if info.get("eos") == "reached" and info.get("end_of_support"):
                line += "; past its end of support %s" % info["end_of_support"]
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    # ------------------------------------------------------------------ suggestions

    def _watch_install_command(self):
        """Learn which specs `dnf install` did not find.

        dnf 4 reports them from InstallCommand._install_packages() (its return
        value, in strict and in skip-broken mode alike); older or other
        commands raise PackagesNotAvailableError from run(). The suggestions
        are printed when dnf exits, after its own error, as yum's plugin did."""
        command = getattr(self.cli, "command", None) if self.cli is not None else None
        if command is None or "install" not in getattr(command, "aliases", ()):
            return
        plugin = self
        inner_install = getattr(command, "_install_packages", None)
        if callable(inner_install):
            def install_packages(*args, **kwargs):
                errs = inner_install(*args, **kwargs)
                plugin._not_found(errs or [])
                return errs
            command._install_packages = install_packages
        else:
            inner_run = command.run

            def run(*args, **kwargs):
                try:
                    return inner_run(*args, **kwargs)
                except dnf.exceptions.PackagesNotAvailableError as e:
                    plugin._not_found((e.pkg_spec or "").split())
                    raise
            command.run = run

    def _not_found(self, specs):
        if not specs:
            return
        if not self._missing:
            atexit.register(self._print_suggestions)
        self._missing.extend(s for s in specs if s not in self._missing)

    def _print_suggestions(self):
        if self._printed or not self._missing:
            return
        self._printed = True
        topics = self._list()
        if not topics:
            return
        lines = []
        for spec in self._missing:
            topic = self._topic_providing(spec, topics)
            if topic is not None:
                lines.extend(suggestion_block(spec, topic, topics.get(topic)))
        if lines:
            sys.stdout.write("\n".join(lines) + "\n")
            sys.stdout.flush()

    @staticmethod
    def _topic_providing(name, topics):
        """The topic that is not enabled and offers package `name`: among those that
        list it (visible or packages), the first in catalog order whose support has not
        ended (the CLI's policy), preferring those `list` shows; else the first one
        past its end of support, which suggestion_block() says."""
        candidates = [t for t in sorted(topics.values(), key=lambda t: t.get("index", 0))
                      if t.get("state") != "enabled"
                      and (name in (t.get("visible") or []) or name in (t.get("packages") or []))]
        if not candidates:
            return None
        candidates.sort(key=lambda t: (t.get("eos") == "reached", bool(t.get("hidden"))))
        return candidates[0]["name"]

    # ------------------------------------------------------------------ the CLI

    def _installroot(self):
        root = self.base.conf.installroot or "/"
        return None if os.path.realpath(root) == "/" else root

    def _from_state_file(self, repo):
        """Whether dnf read repo from the state file in one of its reposdirs."""
        repofile = getattr(repo, "repofile", None)
        if not repofile or os.path.basename(repofile) != self.state_file:
            return False
        here = os.path.realpath(os.path.dirname(repofile))
        root = self._installroot() or "/"
        for d in self.base.conf.reposdir:
            for candidate in (d, os.path.join(root, d.lstrip("/"))):
                if os.path.realpath(candidate) == here:
                    return True
        return False

    def _list(self):
        """{topic name: topic} of `amazon-linux-extras --json list`; None when the
        CLI fails. Runs the CLI at most once per dnf run."""
        if self._topics is not None or self._failed:
            return self._topics
        if not os.path.isabs(self.binary):
            self._failed = True
            logger.warning("extras_suggestions: binary %r is not an absolute path; "
                           "no Extras topic information", self.binary)
            return None
        argv = [self.binary]
        root = self._installroot()
        if root:
            argv += ["--root", root]
        if self.catalog:
            argv += ["--catalog", self.catalog]
        argv += ["--json", "list"]
        try:
            proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, timeout=self.timeout,
                                  universal_newlines=True, env=clean_environment())
            document = json.loads(proc.stdout) if proc.stdout.strip() else {}
            if proc.returncode != 0 or "topics" not in document:
                raise RuntimeError("exit %d: %s" % (proc.returncode,
                                                     proc.stderr.strip() or proc.stdout.strip()))
        except (OSError, ValueError, RuntimeError, subprocess.SubprocessError) as e:
            self._failed = True
            logger.warning("extras_suggestions: %s failed (%s); no Extras topic information",
                           " ".join(argv), e)
            return None
        self._topics = {t["name"]: t for t in document["topics"] if "name" in t}
        return self._topics
