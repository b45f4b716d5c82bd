#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Ansible module extrasolv.extras.topic: Amazon Linux 2 Extras topics through
extrasolv's `amazon-linux-extras --json` (never its text output)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: topic
short_description: Enable, disable and install Amazon Linux 2 Extras topics
version_added: "1.0.0"
description:
  - Manages Amazon Linux 2 Extras topics (C(nginx1), C(postgresql13), C(php8.0), ...) with
    extrasolv's C(amazon-linux-extras). The module only reads the command's C(--json)
    documents and exit statuses, never its text output.
  - C(state=enabled) runs C(amazon-linux-extras enable); the task is changed when the
    repository file C(/etc/yum.repos.d/amzn2-extras.repo) changes (the command does not
    rewrite a file that would not change).
  - C(state=disabled) reads the topics' states first (C(info --json)) and disables only those
    that are enabled; a topic that was never enabled, or is disabled already, is left alone.
  - C(state=installed) previews first (C(enable --dry-run) and C(install --dry-run)); when
    the repository file would not change and the transaction is empty, nothing else runs
    (no package manager), and the task is not changed. When only the repository file would
    change, C(enable) runs (no package manager). Otherwise C(install -y) runs the package
    manager with the whole transaction the preview showed. As with C(amazon-linux-extras
    install), an installed topic package that its topic's repository offers in a newer
    version is upgraded, so the task is changed again when a topic publishes an update.
  - A failed task changed nothing (the command refuses before it writes anything), except
    when the package manager installed otherwise than the preview said (C(error_code)
    C(transaction_check), exit status 6, the task changed).
  - There is no C(state=removed) (or C(absent)), because C(amazon-linux-extras) has no command
    that removes a topic's packages. Disable the topic and remove the packages with
    M(ansible.builtin.dnf) or M(ansible.builtin.yum).
  - Every run returns the named topics as the command reports them, and, from
    C(supportinfo --json), each installed package of those topics with whether it is LTS,
    whether its support has ended and its replacement (a live successor topic on Amazon
    Linux 2, or the Amazon Linux 2023 packages), so that a playbook can report a fleet's
    migration status.
options:
  name:
    description:
      - The topic, or a list of topics. A topic may carry its version as C(TOPIC=VERSION)
        (then I(version) must not be given).
    type: list
    elements: str
    required: true
    aliases: [topic, names]
  version:
    description:
      - The version to enable each topic at (one of the topic's versions in the catalog).
      - Without it, C(amazon-linux-extras) enables a topic at C(latest); a topic enabled at
        another version is then changed to C(latest), as the command does.
      - Only for I(state=enabled) and I(state=installed).
    type: str
  state:
    description:
      - C(enabled) enables the topics' repositories, installs nothing.
      - C(disabled) disables the repositories of those topics that are enabled; installed
        packages stay.
      - C(installed) enables the topics and installs their packages (and what they need).
    type: str
    choices: [enabled, disabled, installed]
    default: enabled
  catalog:
    description:
      - The topic catalog, passed as C(--catalog) (a directory, a YAML or JSON file, or a URL).
      - Default, the command's configured catalog.
    type: str
  root:
    description:
      - Operate on the system installed under this directory (C(--root)), for example an
        image being built. Default, the host's C(/).
    type: path
  date:
    description:
      - Judge end-of-support dates as of this day (C(--date YYYY-MM-DD)). Default, today.
    type: str
  executable:
    description:
      - The absolute path of extrasolv's C(amazon-linux-extras).
      - Default, the path it was installed at (set when the collection is installed with
        extrasolv; C(/usr/bin/amazon-linux-extras) otherwise).
    type: path
notes:
  - The package manager that I(state=installed) runs is the command's own choice
    (C(EXTRAS_PACKAGE_MANAGER) in the task's C(environment), else yum, else dnf).
  - The command's failures fail the task with its JSON error, C(error_code) (for example
    C(unknown_topic), C(topic_conflict), C(dependency)), C(msg) (the command's message),
    C(exit_code) and, for a dependency problem, C(problems), the solver's explanation.
  - In check mode nothing is written and no package manager runs; the task returns the
    transaction that would run, each package with its support label.
  - In diff mode the task shows the repository file before and after, and for
    I(state=installed) the transaction, each package with its repository and support label.
  - The command's warnings become the task's warnings, and so does its notice once the
    core's end of support has passed (C(system.notice)).
requirements:
  - extrasolv's amazon-linux-extras (JSON format 1)
  - Python 2.7 or 3 on the managed host (Amazon Linux 2's python 2.7 and python3 3.7 are
    tested)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: posix
author:
  - extrasolv developers
'''

EXAMPLES = r'''
- name: Enable the nginx1 topic
  extrasolv.extras.topic:
    name: nginx1

- name: Install PostgreSQL 13 and nginx from their topics
  extrasolv.extras.topic:
    name: [postgresql13, nginx1]
    state: installed

- name: Install php8.0 at the stable version
  extrasolv.extras.topic:
    name: php8.0
    version: stable
    state: installed

- name: Disable a topic (its packages stay installed)
  extrasolv.extras.topic:
    name: php7.4
    state: disabled

- name: See what installing would do, and report the fleet's migration status
  extrasolv.extras.topic:
    name: postgresql13
    state: installed
  check_mode: true
  register: pg

- name: Packages past their end of support and what replaces them
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.al2023 | default('unknown', true) }}"
  loop: "{{ pg.packages | selectattr('past_end_of_support') | list }}"

- name: Prepare an image mounted at /mnt/image
  extrasolv.extras.topic:
    name: nginx1
    state: installed
    root: /mnt/image
'''

RETURN = r'''
topics:
  description:
    - The topics named (and those they pulled in), each as the command's topic object after
      the task (in check mode, as it would be), in catalog order.
    - Its members include C(name), C(state) (C(available), C(enabled) or C(disabled)),
      C(enabled_version), C(support_status), C(lts), C(end_of_support), C(eos),
      C(successor), C(live_successor), C(al2023) and C(advice); see
      amazon-linux-extras(8), JSON OUTPUT.
  returned: always
  type: list
  elements: dict
  sample:
    - name: nginx1
      state: enabled
      enabled_version: latest
      support_status: supported
      lts: false
      end_of_support: "2026-06-30"
      live_successor: null
      al2023: [nginx]
packages:
  description:
    - The installed packages of the topics named, from C(supportinfo --json), each with
      C(name), C(evr), C(arch), C(topic), C(lts), C(support_status), C(end_of_support),
      C(live_successor), C(al2023) (the Amazon Linux 2023 packages that replace it; C([])
      when there are none, C(null) when the catalog does not know) and
      C(past_end_of_support) (true once its support has ended).
    - In check mode, the packages installed before the task.
  returned: always
  type: list
  elements: dict
  sample:
    - name: nginx
      evr: 1.20.1-9.amzn2.0.1
      arch: x86_64
      topic: nginx1
      lts: false
      support_status: supported
      past_end_of_support: false
      end_of_support: "2026-06-30"
      live_successor: null
      al2023: [nginx]
core:
  description: The core's support on the day judged (C(support_status), C(lts), C(end_of_support)).
  returned: always
  type: dict
transaction:
  description:
    - The package changes of I(state=installed) (performed, or in check mode those that would
      be), each with C(action), C(name), C(evr), C(arch), C(repo), C(topic) and the support
      label C(lts), C(eos), C(end_of_support), C(live_successor), C(al2023).
    - Empty when nothing was to be installed.
  returned: when state is installed
  type: list
  elements: dict
installed:
  description: The NEVRAs handed to the package manager; C([]) when it did not run.
  returned: when state is installed
  type: list
  elements: str
repo_file:
  description:
    - The repository file, from the command's C(repo_file) (C(path), C(before), C(after),
      C(changed)); C(null) when the command was not asked to write it.
  returned: always
  type: dict
commands:
  description: The command lines the module ran, in order.
  returned: always
  type: list
  elements: list
error_code:
  description:
    - The command's JSON error code (C(unknown_topic), C(topic_conflict), C(dependency), ...).
  returned: failure
  type: str
exit_code:
  description: The command's exit status (see amazon-linux-extras(8), EXIT STATUS).
  returned: failure
  type: int
problems:
  description: The solver's problems, one string each with its causes and suggestions.
  returned: failure of a dependency problem
  type: list
  elements: str
'''

import json
import os

from ansible.module_utils.basic import AnsibleModule

# Replaced by the path the CLI is installed at when the collection is installed with
# extrasolv (plugin/ansible/build-collection.py); keep this line as it is.
DEFAULT_EXECUTABLE = "/usr/bin/amazon-linux-extras"

JSON_FORMAT = 1
# install: installed, but the rpmdb changed otherwise than the preview said
EXIT_CHECK = 6


class Cli:
    """amazon-linux-extras --json, one document per call."""

    def __init__(self, module):
        self.module = module
        params = module.params
        exe = params["executable"] or DEFAULT_EXECUTABLE
        if not os.path.isabs(exe):
            module.fail_json(msg="executable %s is not an absolute path; give the absolute path "
                                 "of amazon-linux-extras" % exe)
        if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
            module.fail_json(msg="amazon-linux-extras not found at %s; install extrasolv or set "
                                 "executable to its path" % exe)
        self.argv = [exe, "--json"]
        for option in ("root", "catalog", "date"):
            if params[option] is not None:
                self.argv += ["--" + option, params[option]]
        self.commands = []
        self.warned = []
        self.last_exit = None
        self.changed = False

    def run(self, args, allow=(0,)):
        """Run one command; returns its document. A document with an error (or an exit
        status not in allow) fails the module with the command's code, message and
        problems; nothing was changed then (the command changes nothing when it fails)."""
        argv = self.argv + list(args)
        self.commands.append(argv)
        rc, out, err = self.module.run_command(argv, check_rc=False)
        self.last_exit = rc
        try:
            doc = json.loads(out)
        except ValueError:
            doc = None
        if not isinstance(doc, dict) or "format" not in doc:
            first = (err or out or "").strip().splitlines()
            self.fail(msg="%s printed no JSON document (exit %d)%s" % (
                argv[0], rc, ": " + first[0] if first else ""), exit_code=rc, stderr=err)
        if doc["format"] != JSON_FORMAT:
            self.fail(msg="%s speaks JSON format %r, this module format %d; install matching "
                          "versions" % (argv[0], doc["format"], JSON_FORMAT))
        # the CLI's warnings, and its notice once the core's support has ended (text
        # mode's line on stderr), each once per task
        notice = (doc.get("system") or {}).get("notice")
        for warning in (doc.get("warnings") or []) + ([notice] if notice else []):
            if warning not in self.warned:
                self.warned.append(warning)
                self.module.warn(warning)
        error = doc.get("error")
        if error:
            self.fail(msg=error.get("message"), error_code=error.get("code"),
                      exit_code=error.get("exit_code", rc), problems=error.get("problems", []),
                      stderr=err)
        if rc not in allow:
            self.fail(msg="%s exited %d" % (" ".join(argv), rc), exit_code=rc, stderr=err)
        return doc

    def fail(self, **kwargs):
        # a command fails without changing anything; a later one (supportinfo) may fail
        # after an earlier one changed the system
        kwargs.setdefault("changed", self.changed)
        self.module.fail_json(commands=self.commands, **kwargs)


def topic_specs(module):
    """TOPIC[=VERSION] arguments from name and version."""
    names = [n.strip() for n in module.params["name"] if n.strip()]
    if not names:
        module.fail_json(msg="name is empty; give one topic or a list of topics")
    version = module.params["version"]
    state = module.params["state"]
    if version is not None:
        if state == "disabled":
            module.fail_json(msg="version is only for state enabled or installed, "
                                 "not disabled; remove version")
        clash = [n for n in names if "=" in n]
        if clash:
            module.fail_json(msg="topic %s carries a version and version is given too; "
                                 "give one of them" % clash[0])
        return [n + "=" + version for n in names]
    if state == "disabled":
        clash = [n for n in names if "=" in n]
        if clash:
            module.fail_json(msg="topic %s carries a version; state disabled takes topic "
                                 "names only" % clash[0])
    return names


def name_of(spec):
    return spec.split("=", 1)[0]


def topics_named(doc, names):
    """The topic objects of doc for names (and the topics doc says it pulled in)."""
    wanted = set(names)
    for ref in (doc.get("enabled") or []) + (doc.get("disabled") or []):
        wanted.add(ref["name"])
    return [t for t in doc.get("topics") or [] if t["name"] in wanted]


def diff_of(repo_file):
    if not repo_file:
        return None
    return {"before": repo_file["before"] or "", "after": repo_file["after"] or "",
            "before_header": repo_file["path"], "after_header": repo_file["path"]}


def support_label(p):
    """A transaction element's support, as the CLI's text says it."""
    label = ("topic %s, not LTS" % p["topic"]) if p.get("topic") else (
        "core, LTS" if p.get("lts") else "core")
    if p.get("end_of_support"):
        label += ", support %s %s" % ("ended" if p.get("eos") == "reached" else "ends",
                                      p["end_of_support"])
    return label


def transaction_text(transaction):
    """The transaction as lines for diff mode's prepared text."""
    return "".join("%s %s-%s.%s from %s (%s)\n" % (
        p["action"], p["name"], p["evr"], p["arch"], p.get("repo") or "@System",
        support_label(p)) for p in transaction)


def support_facts(cli, topics):
    """core and the installed packages of topics (supportinfo --json)."""
    doc = cli.run(["supportinfo"])
    names = set(t["name"] for t in topics)
    packages = []
    for p in doc.get("packages") or []:
        if p.get("topic") not in names:
            continue
        p = dict(p)
        p["past_end_of_support"] = p.get("support_status") == "unsupported"
        packages.append(p)
    return doc.get("core"), packages


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="list", elements="str", required=True, aliases=["topic", "names"]),
            version=dict(type="str"),
            state=dict(type="str", default="enabled",
                       choices=["enabled", "disabled", "installed"]),
            catalog=dict(type="str"),
            root=dict(type="path"),
            date=dict(type="str"),
            executable=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    specs = topic_specs(module)
    names = [name_of(s) for s in specs]
    state = module.params["state"]
    check = module.check_mode
    cli = Cli(module)
    result = dict(changed=False, topics=[], packages=[], core=None, repo_file=None)
    dry = ["--dry-run"] if check else []
    diff = None

    if state == "enabled":
        doc = cli.run(["enable"] + dry + specs)
        result["repo_file"] = doc["repo_file"]
        result["changed"] = bool(doc["repo_file"]["changed"])
        result["topics"] = topics_named(doc, names)
        diff = diff_of(doc["repo_file"])
    elif state == "disabled":
        info = cli.run(["info"] + names)
        enabled = [t["name"] for t in info["topics"] if t["state"] == "enabled"]
        result["topics"] = topics_named(info, names)
        if enabled:
            doc = cli.run(["disable"] + dry + enabled)
            result["repo_file"] = doc["repo_file"]
            result["changed"] = bool(doc["repo_file"]["changed"])
            result["topics"] = topics_named(doc, names)
            diff = diff_of(doc["repo_file"])
    else:  # installed
        preview = cli.run(["enable", "--dry-run"] + specs)
        result["repo_file"] = preview["repo_file"]
        result["topics"] = topics_named(preview, names)
        diff = diff_of(preview["repo_file"])
        plan = cli.run(["install", "--dry-run"] + specs)
        result["transaction"] = plan["transaction"]
        result["installed"] = []
        repo_changes = bool(preview["repo_file"]["changed"])
        result["changed"] = repo_changes or bool(plan["transaction"])
        if check or not result["changed"]:
            pass
        elif not plan["transaction"]:
            # Nothing to install: enabling is all that is left (no package manager).
            doc = cli.run(["enable"] + specs)
            result["repo_file"] = doc["repo_file"]
            result["topics"] = topics_named(doc, names)
        else:
            doc = cli.run(["install", "-y"] + specs, allow=(0, EXIT_CHECK))
            result["transaction"] = doc["transaction"]
            result["installed"] = doc.get("installed") or []
            result["topics"] = topics_named(doc, names) or result["topics"]
            if doc.get("transaction_check"):
                result["transaction_check"] = doc["transaction_check"]
            if cli.last_exit == EXIT_CHECK:
                result.pop("changed")
                cli.fail(msg="installed, but the rpmdb changed otherwise than the preview said "
                             "(see transaction_check); the topics stay enabled",
                         error_code="transaction_check", exit_code=EXIT_CHECK, changed=True,
                         **result)

    cli.changed = result["changed"]
    result["core"], result["packages"] = support_facts(cli, result["topics"])
    result["commands"] = cli.commands
    if module._diff and result["changed"]:
        diffs = [diff] if diff is not None and diff["before"] != diff["after"] else []
        if result.get("transaction"):
            diffs.append({"prepared": transaction_text(result["transaction"])})
        if diffs:
            result["diff"] = diffs if len(diffs) > 1 else diffs[0]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
