# SPDX-License-Identifier: LGPL-2.1-or-later
"""Integration test harness: real RPMs, real repositories, real dnf.

What it gives a test (Python 3 standard library only):

- build_rpms(): the RPMs of tests/integration/specs/*.spec.in, built with `rpmbuild -bb`
  and signed with `rpmsign` by a throw-away GPG key; built once per process.
- RepoServer: an HTTP server on 127.0.0.1 (free port) serving a tree laid out as
  the Amazon Linux 2 mirrors are: a core repository and, for every topic,
  `2/extras/T/<version>/x86_64/mirror.list` pointing at the topic's
  repository, so that the mirrorlist URL amazon-linux-extras writes reaches it.
- InstallRoot: an installroot for `dnf --installroot`: yum/dnf variables that
  make `$awsproto://$amazonlinux.$awsregion.$awsdomain` expand to the server,
  core.repo, dnf.conf, the GPG key, dnf's cache, and a pinned HOME whose
  ~/.rpmmacros puts the rpmdb at ROOT/var/lib/rpm (as on Amazon Linux) instead
  of Debian's ~/.rpmdb.
- rpm_query(root, name): the installed NEVRA of a package, or None.

Nothing is written outside the temporary directories that the caller gives or
that this module creates (never the host's /etc).
"""

import atexit
import functools
import hashlib
import http.server
import os
import shlex
import shutil
import subprocess
import tempfile
import threading
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPECS_DIR = HERE / "specs"
# Not *.spec: `rpmbuild -ta` on the dist tarball takes any *.spec in it for the
# package's spec and refuses more than one (packaging/extrasolv.spec.in).
SPEC_SUFFIX = ".spec.in"

# Where the rpmdb lives inside an installroot: Amazon Linux's path. Debian's rpm
# defaults to ~/.rpmdb (%(bash -c 'echo ~/.rpmdb')), which would follow HOME.
RPMDB_PATH = "/var/lib/rpm"
RELEASEVER = "2"
BASEARCH = "x86_64"
KEY_PATH = "/etc/pki/rpm-gpg/RPM-GPG-KEY-amazon-linux-2"
GPG_NAME = "extrasolv integration test key <extrasolv-test@example.invalid>"

# Which spec goes into which repository. "core" is the core repository; every
# other key is an extras topic whose repository is amzn2extra-<topic>.
CORE_SPECS = ["core-libfoo", "core-postgresql-9.2", "core-php-cli-5.4",
              # provides /usr/libexec/foo-helper, listed in filelists.xml only
              "core-foo-helper"]
TOPIC_SPECS = {
    "postgresql13": ["postgresql-13", "postgresql-server-13"],
    "nginx1": ["nginx-1.20"],
    "php7.4": ["php-cli-7.4", "php-fpm-7.4"],
    "php8.0": ["php-cli-8.0", "php-fpm-8.0"],
    # needs php-cli >= 8.0 from topic php8.0: a topic that requires another
    "php8.0-apcu": ["php-pecl-apcu-8.0"],
    # requires a capability that no repository provides
    "missingdep1": ["missingdep-tool"],
    # a reachable topic repository that holds nothing
    "empty1": [],
    # requires /usr/libexec/foo-helper: only the core's filelists.xml provides it
    "filedep1": ["filedep-tool"],
    # the same inside a rich dependency
    "filedep2": ["filedep-rich-tool"],
}

REQUIRED_TOOLS = ["rpm", "rpmbuild", "rpmsign", "gpg", "gpgconf", "createrepo_c", "dnf"]


def missing_tools():
    """Names of the required programs that are not on PATH."""
    return [t for t in REQUIRED_TOOLS if shutil.which(t) is None]


class HarnessError(RuntimeError):
    pass


def run(argv, env=None, cwd=None, check=True, timeout=300):
    """Run argv, capture output; raise HarnessError with the output on failure."""
    proc = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise HarnessError("%s exited %d\nstdout:\n%s\nstderr:\n%s" % (
            " ".join(shlex.quote(a) for a in argv), proc.returncode,
            proc.stdout, proc.stderr))
    return proc


def _tool_env(home):
    """Environment for rpm/rpmbuild/rpmsign/gpg/dnf: pinned HOME, C locale."""
    env = dict(os.environ)
    env["HOME"] = str(home)
    env["LC_ALL"] = "C"
    env.pop("RPM_CONFIGDIR", None)
    return env


def _make_home(path, dbpath=RPMDB_PATH):
    """A HOME whose ~/.rpmmacros pins the rpmdb (default RPMDB_PATH, inside --root)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / ".rpmmacros").write_text("%%_dbpath %s\n" % dbpath)
    return path


# --------------------------------------------------------------------------- RPMs

class BuiltRpms:
    """RPMs built and signed once; rpms maps spec name -> path of the .rpm."""

    def __init__(self, workdir, rpms, unsigned, pubkey, key_id):
        self.workdir = Path(workdir)
        self.rpms = rpms
        self.unsigned = unsigned      # spec name -> path of an unsigned copy
        self.pubkey = pubkey          # ASCII-armoured public key (str)
        self.key_id = key_id          # long key id (hex)

    def paths(self, specs):
        return [self.rpms[s] for s in specs]


def _make_gpg_key(gnupghome, env):
    gnupghome.mkdir(mode=0o700, parents=True)
    run(["gpg", "--homedir", str(gnupghome), "--batch", "--passphrase", "",
         "--quick-gen-key", GPG_NAME, "rsa2048", "sign", "never"], env=env)
    out = run(["gpg", "--homedir", str(gnupghome), "--batch", "--with-colons",
               "--list-secret-keys"], env=env).stdout
    key_id = next(line.split(":")[4] for line in out.splitlines()
                  if line.startswith("sec:"))
    pubkey = run(["gpg", "--homedir", str(gnupghome), "--batch", "--armor",
                  "--export", key_id], env=env).stdout
    return key_id, pubkey


def _kill_agent(gnupghome, env):
    subprocess.run(["gpgconf", "--homedir", str(gnupghome), "--kill", "all"],
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _build_one(spec, topdir, rpmdir, env, spec_path=None):
    """Start rpmbuild for one spec (its own _topdir) and return the Popen; a spec
    with `ExclusiveArch: A` is built for --target A."""
    spec_path = spec_path or SPECS_DIR / (spec + SPEC_SUFFIX)
    target = [ln.split(":", 1)[1].strip() for ln in spec_path.read_text().splitlines()
              if ln.startswith("ExclusiveArch:")]
    return subprocess.Popen(
        ["rpmbuild", "-bb", "--nodeps", "--quiet"]
        + (["--target", target[0]] if target else [])
        + ["--define", "_topdir %s" % topdir,
         "--define", "_rpmdir %s" % rpmdir,
         "--define", "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
         "--define", "_dbpath %s" % (topdir / "rpmdb"),
         str(spec_path)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _build_and_sign(workdir, spec_texts=None):
    workdir = Path(workdir)
    # rpmbuild and rpmsign run on the host: keep their rpmdb in workdir
    home = _make_home(workdir / "home", dbpath=workdir / "rpmdb")
    env = _tool_env(home)
    gnupghome = workdir / "gnupg"
    key_id, pubkey = _make_gpg_key(gnupghome, env)
    try:
        rpmdir = workdir / "rpms"
        rpmdir.mkdir()
        if spec_texts is None:
            paths = {p.name[:-len(SPEC_SUFFIX)]: p for p in SPECS_DIR.glob("*" + SPEC_SUFFIX)}
        else:
            (workdir / "specs").mkdir()
            paths = {}
            for spec, text in spec_texts.items():
                paths[spec] = workdir / "specs" / (spec + ".spec")
                paths[spec].write_text(text)
        procs = {}
        for spec in sorted(paths):  # rpmbuild is mostly start-up time: run them together
            topdir = workdir / "build" / spec
            topdir.mkdir(parents=True)
            procs[spec] = (_build_one(spec, topdir, rpmdir / spec, env, paths[spec]))
        rpms = {}
        for spec, proc in procs.items():
            out, err = proc.communicate(timeout=300)
            if proc.returncode != 0:
                raise HarnessError("rpmbuild %s failed:\n%s%s" % (spec, out, err))
            built = sorted((rpmdir / spec).glob("*.rpm"))
            if len(built) != 1:
                raise HarnessError("rpmbuild %s made %r" % (spec, built))
            rpms[spec] = built[0]
        unsigned = {}
        for spec, path in rpms.items():
            unsigned[spec] = workdir / "unsigned" / path.name
            unsigned[spec].parent.mkdir(exist_ok=True)
            shutil.copy2(path, unsigned[spec])
        run(["rpmsign", "--addsign",
             "--define", "_gpg_name %s" % key_id,
             "--define", "_gpg_path %s" % gnupghome,
             "--define", "__gpg %s" % shutil.which("gpg"),
             "--define", "_gpg_sign_cmd_extra_args --batch --pinentry-mode loopback --passphrase ''",
             ] + [str(p) for p in rpms.values()], env=env)
    finally:
        _kill_agent(gnupghome, env)
    (workdir / "RPM-GPG-KEY-test").write_text(pubkey)
    return BuiltRpms(workdir, rpms, unsigned, pubkey, key_id)


def sign_detached(rpms, path, other_key=False):
    """Write PATH.asc: an armoured detached signature of path by the test key,
    or (other_key) by a second throw-away key that no repository trusts."""
    workdir = Path(rpms.workdir)
    env = _tool_env(workdir / "home")
    gnupghome = workdir / ("gnupg-other" if other_key else "gnupg")
    if other_key and not gnupghome.exists():
        _make_gpg_key(gnupghome, env)
    asc = Path(str(path) + ".asc")
    if asc.exists():
        asc.unlink()
    try:
        run(["gpg", "--homedir", str(gnupghome), "--batch", "--pinentry-mode", "loopback",
             "--passphrase", "", "--armor", "--detach-sign", "--output", str(asc), str(path)],
            env=env)
    finally:
        _kill_agent(gnupghome, env)
    return asc


def spec_text(name, version, release="1.amzn2", arch="noarch", requires=(),
              recommends=(), provides=(), obsoletes=(), conflicts=()):
    """A spec file of a small test package (one text file, no scriptlets)."""
    lines = ["# SPDX-License-Identifier: LGPL-2.1-or-later",
             "Name: %s" % name, "Version: %s" % version, "Release: %s" % release,
             "Summary: %s %s for extrasolv's integration tests" % (name, version),
             "License: LGPL-2.1-or-later",
             "BuildArch: noarch" if arch == "noarch" else "ExclusiveArch: %s" % arch]
    for key, values in (("Requires", requires), ("Recommends", recommends),
                        ("Provides", provides), ("Obsoletes", obsoletes),
                        ("Conflicts", conflicts)):
        lines += ["%s: %s" % (key, v) for v in values]
    lines += ["", "%description", "%s %s for extrasolv's integration tests." % (name, version),
              "", "%install",
              "mkdir -p %{buildroot}%{_datadir}/%{name}-%{version}-%{release}.%{_target_cpu}",
              "echo %{name}-%{version} > "
              "%{buildroot}%{_datadir}/%{name}-%{version}-%{release}.%{_target_cpu}/VERSION",
              "", "%files",
              "%{_datadir}/%{name}-%{version}-%{release}.%{_target_cpu}/VERSION", ""]
    return "\n".join(lines)


def build_spec_texts(spec_texts):
    """Build and sign the specs given as {key: spec text} (see spec_text()) in a
    new temporary directory; returns BuiltRpms whose keys are spec_texts' keys."""
    workdir = tempfile.mkdtemp(prefix="extrasolv-rpms-")
    atexit.register(shutil.rmtree, workdir, True)
    return _build_and_sign(workdir, spec_texts)


_BUILT = None


def build_rpms():
    """Build and sign every spec once per process (cached); returns BuiltRpms."""
    global _BUILT
    if _BUILT is None:
        workdir = tempfile.mkdtemp(prefix="extrasolv-rpms-")
        atexit.register(shutil.rmtree, workdir, True)
        _BUILT = _build_and_sign(workdir)
    return _BUILT


# --------------------------------------------------------------------------- repositories

def createrepo(repodir, rpm_paths):
    """Copy rpm_paths into repodir and run createrepo_c there."""
    repodir = Path(repodir)
    (repodir / "Packages").mkdir(parents=True, exist_ok=True)
    for p in rpm_paths:
        shutil.copy2(p, repodir / "Packages" / Path(p).name)
    run(["createrepo_c", "--quiet", "--no-database", str(repodir)])
    return repodir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):  # no access log on stderr
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        super().do_GET()

    def do_HEAD(self):
        self.server.requests.append(self.path)
        super().do_HEAD()


METALINK = """\
<?xml version="1.0" encoding="utf-8"?>
<metalink version="3.0" xmlns="http://www.metalinker.org/" type="dynamic"
          xmlns:mm0="http://fedorahosted.org/mirrormanager">
 <files>
  <file name="repomd.xml">
   <mm0:timestamp>1700000000</mm0:timestamp>
   <size>{size}</size>
   <verification>
    <hash type="sha256">{sha256}</hash>
   </verification>
   <resources maxconnections="1">
    <url protocol="http" type="http" location="US" preference="100">{url}</url>
   </resources>
  </file>
 </files>
</metalink>
"""


class RepoServer:
    """HTTP server for a directory tree on 127.0.0.1, on a free port, in a thread.

    The tree (self.docroot) holds:
      core/                              the core repository
      topics/T/                          topic T's repository
      2/extras/T/V/x86_64/mirror.list    one line: the baseurl of topics/T/
    for every topic of `topics` (default TOPIC_SPECS) and every V of `versions`.
    """

    def __init__(self, rpms, docroot, topics=None, core=None,
                 versions=("latest", "stable")):
        self.rpms = rpms
        self.docroot = Path(docroot)
        self.topics = dict(TOPIC_SPECS if topics is None else topics)
        self.core = list(CORE_SPECS if core is None else core)
        self.versions = list(versions)
        self.httpd = None
        self.thread = None
        self.port = None
        self._requests = []

    # the server must run (port known) before mirror.list files can be written
    def start(self):
        if self.httpd is not None:
            return self
        self.docroot.mkdir(parents=True, exist_ok=True)
        handler = functools.partial(_QuietHandler, directory=str(self.docroot))
        # Reuse the previous port on a restart, so that yum variables stay valid.
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port or 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.requests = self._requests
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()
        if not (self.docroot / "core" / "repodata").exists():
            self._populate()
        return self

    def stop(self):
        if self.httpd is None:
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
        self.httpd = None
        self.thread = None

    @property
    def requests(self):
        """Paths requested so far (across restarts)."""
        return list(self._requests)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def topic_baseurl(self, topic):
        return "%s/topics/%s/" % (self.url, topic)

    def core_baseurl(self):
        return "%s/core/" % self.url

    def _populate(self):
        createrepo(self.docroot / "core", self.rpms.paths(self.core))
        for topic, specs in self.topics.items():
            self.add_topic(topic, specs)

    def add_topic(self, topic, specs, versions=None, signed=True):
        """Make (or remake) topic's repository and its mirror.list files.

        signed=False puts the unsigned builds of specs in the repository.
        """
        repodir = self.docroot / "topics" / topic
        if repodir.exists():
            shutil.rmtree(repodir)
        rpms = self.rpms.rpms if signed else self.rpms.unsigned
        createrepo(repodir, [rpms[s] for s in specs])
        for version in (versions or self.versions):
            ml = (self.docroot / RELEASEVER / "extras" / topic / version / BASEARCH
                  / "mirror.list")
            ml.parent.mkdir(parents=True, exist_ok=True)
            ml.write_text(self.topic_baseurl(topic) + "\n")
        self.topics[topic] = list(specs)

    def remove_topic(self, topic):
        """Take topic's repository and mirror.list files off the server."""
        shutil.rmtree(self.docroot / "topics" / topic, ignore_errors=True)
        shutil.rmtree(self.docroot / RELEASEVER / "extras" / topic, ignore_errors=True)
        self.topics.pop(topic, None)

    def tamper_primary(self, repo):
        """Change a package's version inside repo's primary.xml.gz (repo is "core" or
        "topics/T") without updating repomd.xml: its checksum no longer matches."""
        import gzip
        repodata = self.docroot / repo / "repodata"
        primary = next(repodata.glob("*-primary.xml.gz"))
        xml = gzip.decompress(primary.read_bytes())
        changed = xml.replace(b'ver="', b'ver="99', 1)
        if changed == xml:
            raise HarnessError("nothing to tamper with in %s" % primary)
        primary.write_bytes(gzip.compress(changed))
        return primary

    def sign_repomd(self, repo, other_key=False):
        """Sign repo's repodata/repomd.xml (repo is "core" or "topics/T") into
        repomd.xml.asc, as repositories with repo_gpgcheck are signed."""
        return sign_detached(self.rpms, self.docroot / repo / "repodata" / "repomd.xml",
                             other_key=other_key)

    def write_metalink(self, repo, name, sha256=None):
        """Write docroot/NAME: a metalink (as MirrorManager serves them) for repo's
        repodata/repomd.xml, with its size and sha256 (or the sha256 given);
        returns its URL."""
        repomd = self.docroot / repo / "repodata" / "repomd.xml"
        data = repomd.read_bytes()
        (self.docroot / name).write_text(METALINK.format(
            size=len(data), sha256=sha256 or hashlib.sha256(data).hexdigest(),
            url="%s/%s/repodata/repomd.xml" % (self.url, repo)))
        return "%s/%s" % (self.url, name)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --------------------------------------------------------------------------- installroot

DNF_CONF = """\
[main]
gpgcheck=1
installonly_limit=3
clean_requirements_on_remove=True
best=True
skip_if_unavailable=False
install_weak_deps=False
keepcache=0
cachedir=/var/cache/dnf
logdir=/var/log
reposdir=/etc/yum.repos.d
plugins=0
"""

CORE_REPO = """\
[amzn2-core]
name = Amazon Linux 2 core repository (extrasolv integration test)
baseurl = {baseurl}
enabled = 1
gpgcheck = 1
gpgkey = file://{key}
priority = 99
metadata_expire = 0
"""


class InstallRoot:
    """An installroot for dnf and amazon-linux-extras --root.

    root/etc/yum/vars and root/etc/dnf/vars: awsproto=http, amazonlinux=127.0,
    awsregion=0, awsdomain=1:PORT (so "$amazonlinux.$awsregion.$awsdomain" is
    "127.0.0.1:PORT"), releasever=2, basearch=x86_64.
    root/etc/yum.repos.d/core.repo, root/etc/dnf/dnf.conf, root/etc/yum.conf,
    the key at root/etc/pki/rpm-gpg/RPM-GPG-KEY-amazon-linux-2, an empty rpmdb at
    root/var/lib/rpm, and home/ (next to root) whose .rpmmacros pins the rpmdb.

    The key: `dnf --installroot` reads a `gpgkey = file:///...` URL on the HOST,
    not inside the installroot (checked with dnf 4.14: "Couldn't open file
    /etc/pki/rpm-gpg/RPM-GPG-KEY-amazon-linux-2"). So, with import_key (the
    default), the key is imported into the installroot's rpmdb beforehand, as on
    a real Amazon Linux 2 where it is imported already; dnf then verifies every
    package's signature against it and never fetches the URL. Nothing is
    written to the host's /etc.
    """

    def __init__(self, basedir, server, rpms, import_key=True):
        self.basedir = Path(basedir)
        self.root = self.basedir / "root"
        self.home = _make_home(self.basedir / "home")
        self.server = server
        self.rpms = rpms
        self._setup(import_key)

    @property
    def repo_file(self):
        return self.root / "etc" / "yum.repos.d" / "amzn2-extras.repo"

    def _write(self, rel, text, mode=0o644):
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        p.chmod(mode)
        return p

    def _setup(self, import_key):
        variables = {
            "awsproto": "http",
            "amazonlinux": "127.0",
            "awsregion": "0",
            "awsdomain": "1:%d" % self.server.port,
            "releasever": RELEASEVER,
            "basearch": BASEARCH,
        }
        for d in ("etc/yum/vars", "etc/dnf/vars"):
            for k, v in variables.items():
                self._write("%s/%s" % (d, k), v + "\n")
        self._write("etc/dnf/dnf.conf", DNF_CONF)
        self._write("etc/yum.conf", DNF_CONF)
        self._write("etc/yum.repos.d/core.repo",
                    CORE_REPO.format(baseurl=self.server.core_baseurl(), key=KEY_PATH))
        self._write(KEY_PATH.lstrip("/"), self.rpms.pubkey)
        for d in ("var/cache/dnf", "var/log", "var/lib/dnf", "tmp"):
            (self.root / d).mkdir(parents=True, exist_ok=True)
        run(["rpm", "--root", str(self.root), "--define", "_dbpath %s" % RPMDB_PATH,
             "--initdb"], env=self.env())
        if import_key:
            run(["rpm", "--root", str(self.root), "--define", "_dbpath %s" % RPMDB_PATH,
                 "--import", str(self.root / KEY_PATH.lstrip("/"))], env=self.env())

    def env(self, **extra):
        """Environment for the CLI and dnf: pinned HOME, C locale, extras."""
        env = _tool_env(self.home)
        env.update(extra)
        return env

    def package_manager(self):
        """EXTRAS_PACKAGE_MANAGER value: a dnf that runs here non-interactively.

        amazon-linux-extras appends --installroot ROOT -y [-v] --setopt=... install PKGS.
        """
        return " ".join(shlex.quote(a) for a in self.dnf_argv())

    def dnf_argv(self):
        return [shutil.which("dnf") or "dnf",
                "--releasever=%s" % RELEASEVER,
                "--setopt=install_weak_deps=False"]

    def dnf(self, *args, check=False):
        """Run dnf by hand in this installroot."""
        return run(self.dnf_argv() + ["--installroot", str(self.root)] + list(args),
                   env=self.env(), check=check)

    def rpm_query(self, name):
        return rpm_query(self.root, name, home=self.home)

    def rpm_justdb(self, rpm_path):
        """Record rpm_path as installed in the rpmdb (rpm -i --justdb --nodeps), as
        for a kernel that is running: nothing lands on the filesystem."""
        run(["rpm", "--root", str(self.root), "--define", "_dbpath %s" % RPMDB_PATH,
             "-i", "--justdb", "--nodeps", str(rpm_path)], env=self.env())

    def write_dnf_conf(self, **settings):
        """root/etc/dnf/dnf.conf: DNF_CONF with each of settings set (replaced or added)."""
        text = DNF_CONF
        for key, value in settings.items():
            lines = [ln for ln in text.splitlines() if not ln.startswith(key + "=")]
            text = "\n".join(lines + ["%s=%s" % (key, value)]) + "\n"
        (self.root / "etc/dnf/dnf.conf").write_text(text)

    def installed_nevras(self):
        """The rpmdb's packages as NAME-EPOCH:VERSION-RELEASE.ARCH (no gpg-pubkey)."""
        proc = run(["rpm", "--root", str(self.root), "--define", "_dbpath %s" % RPMDB_PATH,
                    "-qa", "--qf", "%{NAME}-%{EPOCHNUM}:%{VERSION}-%{RELEASE}.%{ARCH}\\n"],
                   env=self.env())
        return {ln for ln in proc.stdout.split() if not ln.startswith("gpg-pubkey-")}


@functools.lru_cache(maxsize=None)
def _query_home():
    d = tempfile.mkdtemp(prefix="extrasolv-home-")
    atexit.register(shutil.rmtree, d, True)
    return _make_home(d)


def rpm_query(root, name, home=None):
    """Installed NEVRA of package `name` in root's rpmdb (RPMDB_PATH), or None.

    Several installed versions are returned joined by newlines.
    """
    if home is None:
        home = _query_home()
    proc = run(["rpm", "--root", str(root), "--define", "_dbpath %s" % RPMDB_PATH,
                "-q", "--qf", "%{NAME}-%{EPOCHNUM}:%{VERSION}-%{RELEASE}.%{ARCH}\\n", name],
               env=_tool_env(home), check=False)
    if proc.returncode != 0:
        return None
    return proc.stdout.strip() or None


# --------------------------------------------------------------------------- catalog

# The topics that RepoServer serves, as catalog entries (DESIGN.md "The topic model").
# Indices are list positions; keys left out take the defaults of write_catalog().
TEST_TOPICS = [
    {"name": "nginx1", "summary": "nginx web server", "packages": ["nginx"]},
    {"name": "postgresql13", "summary": "PostgreSQL 13 client and server",
     "packages": ["postgresql", "postgresql-server"]},
    {"name": "php7.4", "summary": "PHP 7.4", "packages": ["php-cli", "php-fpm"],
     "conflicts": ["php8.0", "php8.0-apcu"]},
    {"name": "php8.0", "summary": "PHP 8.0", "packages": ["php-cli", "php-fpm"],
     "conflicts": ["php7.4"]},
    {"name": "php8.0-apcu", "summary": "APCu for PHP 8.0", "packages": ["php-pecl-apcu"],
     "requires": ["php8.0"], "conflicts": ["php7.4"]},
    {"name": "missingdep1", "summary": "a tool whose dependency nobody provides",
     "packages": ["missingdep-tool"]},
    {"name": "empty1", "summary": "a topic whose repository lacks its package",
     "packages": ["ghost-server"]},
    {"name": "filedep1", "summary": "a tool that requires a file of the core",
     "packages": ["filedep-tool"]},
    {"name": "filedep2", "summary": "a tool whose rich dependency names a file of the core",
     "packages": ["filedep-rich-tool"]},
]


def _yaml_list(items):
    return "[" + ", ".join(items) + "]"


def topic_yaml(topic, index):
    """One topic file (document: extras-topic) for a TEST_TOPICS-like dict."""
    t = dict(topic)
    lines = [
        "# SPDX-License-Identifier: LGPL-2.1-or-later",
        "# written by tests/integration/harness.py",
        "document: extras-topic",
        "version: 1",
        "name: %s" % t["name"],
        "summary: %s" % t.get("summary", t["name"]),
        "index: {x86_64: %d, aarch64: %d}" % (t.get("index", index), t.get("index", index)),
        "versions: %s" % _yaml_list(t.get("versions", ["stable"])),
        "packages: %s" % _yaml_list(t["packages"]),
        "visible: %s" % _yaml_list(t.get("visible", t["packages"])),
        "conflicts: %s" % _yaml_list(t.get("conflicts", [])),
        "requires: %s" % _yaml_list(t.get("requires", [])),
        "arches: %s" % _yaml_list(t.get("arches", ["x86_64", "aarch64"])),
    ]
    if "end-of-support" in t:
        lines.append("end-of-support: %s" % t["end-of-support"])
    if "successor" in t:
        lines.append("successor: %s" % t["successor"])
    if "al2023" in t:
        lines.append("al2023: %s" % t["al2023"])
    if "kernel-series" in t:
        lines.append("kernel-series: %s" % _yaml_list(t["kernel-series"]))
    return "\n".join(lines) + "\n"


def write_catalog(directory, topics=None):
    """Write one <name>.yaml per topic into directory; returns the directory."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for i, t in enumerate(TEST_TOPICS if topics is None else topics):
        (directory / ("%s.yaml" % t["name"])).write_text(topic_yaml(t, i))
    return directory


# --------------------------------------------------------------------------- misc

def file_digest(path):
    """sha256 of a file's bytes, or None when it does not exist."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def cli_bin():
    """The amazon-linux-extras under test: $EXTRAS_BIN, else build/cli/... of the tree."""
    env = os.environ.get("EXTRAS_BIN")
    if env:
        return env
    build = os.environ.get("EXTRAS_BUILD_ROOT", str(HERE.parent.parent / "build"))
    return str(Path(build) / "cli" / "amazon-linux-extras")


def source_root():
    """The top of the source tree under test: $EXTRAS_SOURCE_ROOT, else this file's tree."""
    return Path(os.environ.get("EXTRAS_SOURCE_ROOT", str(HERE.parent.parent)))


_INSTALLED = None


def installed_prefix():
    """The source tree built and `meson install`ed into a prefix that every user can
    read (built once per process); returns the prefix (a Path).

    For tests that run the tool as another user: the build tree may sit inside a
    directory that only its owner can enter (a clone in root's 0700 home), and
    its binary finds its libraries and modules there.  The installed tree is what
    ships: libraries found by the install rpath (-Drpath=auto, as the prefix is
    not /usr), modules from the prefix's libdir.  Everything is made world-
    readable whatever the umask (as a package's files are).
    """
    global _INSTALLED
    if _INSTALLED is None:
        base = scratch_dir("extrasolv-installed-")
        atexit.register(shutil.rmtree, str(base), True)
        os.chmod(base, 0o755)
        prefix = base / "prefix"
        build = base / "build"
        env = dict(os.environ)
        run(["meson", "setup", str(build), str(source_root()), "--prefix", str(prefix),
             "-Dtests=false", "-Dbuildtype=debugoptimized",
             "-Ddnf_plugin_dir=%s" % (prefix / "lib/python3/dist-packages/dnf-plugins"),
             "-Ddnf_plugin_conf_dir=%s" % (prefix / "etc/dnf/plugins")], env=env)
        run(["ninja", "-C", str(build)], env=env, timeout=900)
        run(["meson", "install", "-C", str(build), "--no-rebuild", "--quiet"], env=env)
        for path in [prefix] + list(prefix.rglob("*")):
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            extra = 0o555 if path.is_dir() or mode & 0o100 else 0o444
            path.chmod(mode | extra)
        _INSTALLED = prefix
    return _INSTALLED


def installed_cli():
    """amazon-linux-extras of installed_prefix()."""
    return str(installed_prefix() / "bin" / "amazon-linux-extras")


def foreign_user_env(env):
    """env without what points into the build tree (which another user may not reach);
    LD_LIBRARY_PATH too (meson test points it at the build's libraries): the installed
    tree finds its own by its rpath, and a sanitized build's libraries cannot be loaded
    by the installed, unsanitized binary."""
    return {k: v for k, v in env.items()
            if k not in ("EXTRAS_DOWNLOAD_MODULE", "EXTRAS_BIN", "EXTRAS_BUILD_ROOT",
                         "LD_LIBRARY_PATH")}


# --------------------------------------------------------------------------- JSON

@functools.lru_cache(maxsize=None)
def _schemas():
    """{schema $id: schema} of the source tree's schema/ (what is installed)."""
    import json
    out = {}
    for path in sorted((source_root() / "schema").glob("*.schema.json")):
        schema = json.loads(path.read_text())
        out[schema["$id"]] = schema
    return out


def validate_json(doc):
    """Check a document of `amazon-linux-extras --json` against the schema of its
    command (schema/COMMAND.schema.json; error.schema.json when command is null);
    raise AssertionError with the violation when it does not conform."""
    import jsonschema  # python3-jsonschema (.ci/deps)
    schemas = _schemas()
    if not isinstance(doc, dict) or "command" not in doc:
        raise AssertionError("not a --json document (no command member): %r" % (doc,))
    name = doc["command"] or "error"
    sid = "https://extrasolv.invalid/schema/1/%s.schema.json" % name
    if sid not in schemas:
        raise AssertionError("no schema for command %r (schema/%s.schema.json)" % (name, name))
    resolver = jsonschema.RefResolver(sid, schemas[sid], store=schemas)
    validator = jsonschema.Draft202012Validator(schemas[sid], resolver=resolver)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        raise AssertionError("--json %s does not conform to schema/%s.schema.json at %s: %s"
                             % (name, name, "/".join(str(p) for p in best.absolute_path) or "/",
                                best.message))
    return doc


def parse_json(text):
    """json.loads(text), validated by validate_json()."""
    import json
    return validate_json(json.loads(text))


def scratch_dir(prefix):
    """A temporary directory on a real disk (/var/tmp: chattr works there, not on tmpfs)."""
    base = "/var/tmp" if os.access("/var/tmp", os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


def transaction_nevra(item):
    """name-E:V-R.A of an item of `install --json`'s transaction (the epoch always
    written, as rpm -q --qf %{EPOCHNUM})."""
    evr = item["evr"] if ":" in item["evr"] else "0:" + item["evr"]
    return "%s-%s.%s" % (item["name"], evr, item["arch"])


class ServedTestCase(unittest.TestCase):
    """Tests on served repositories: the RPMs of build_rpms() (or of spec_texts)
    behind a RepoServer, a catalog of TEST_TOPICS (or of catalog_topics; none when
    default_catalog is False) as self.catalog, and a new InstallRoot for each test
    (self.ir, self.root, self.repo_file).  Skipped unless root (installroots' rpm
    databases, dnf --installroot), the tools and the binary are there."""

    scratch_prefix = "extrasolv-integ-"
    server_name = "www"
    spec_texts = None         # the RPMs' spec texts (build_spec_texts); None: build_rpms()
    served_core = None        # RepoServer's core; None: CORE_SPECS
    served_topics = None      # RepoServer's topics; None: TOPIC_SPECS
    catalog_topics = None     # {topic: its packages}: the catalog instead of TEST_TOPICS
    default_catalog = True

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise unittest.SkipTest("installroots' rpm databases and dnf --installroot need root")
        missing = missing_tools()
        if missing:
            raise unittest.SkipTest("missing tools: " + ", ".join(missing))
        cls.bin = cli_bin()
        if not os.access(cls.bin, os.X_OK):
            raise unittest.SkipTest("no amazon-linux-extras binary at " + cls.bin)
        cls.tmp = scratch_dir(cls.scratch_prefix)
        cls.rpms = build_rpms() if cls.spec_texts is None else build_spec_texts(cls.spec_texts)
        kwargs = {}
        if cls.served_topics is not None:
            kwargs["topics"] = cls.served_topics
        if cls.served_core is not None:
            kwargs["core"] = cls.served_core
        cls.server = RepoServer(cls.rpms, cls.tmp / cls.server_name, **kwargs).start()
        if cls.catalog_topics is not None:
            cls.catalog = write_catalog(cls.tmp / "catalog", [
                {"name": t, "packages": p} for t, p in cls.catalog_topics.items()])
        elif cls.default_catalog:
            cls.catalog = write_catalog(cls.tmp / "catalog")
        cls.counter = 0

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        type(self).counter += 1
        self.ir = InstallRoot(self.tmp / ("r%d" % self.counter), self.server, self.rpms)
        self.root = self.ir.root
        self.repo_file = self.ir.repo_file

    def cli(self, *args, pm=None, env=None, timeout=300):
        """The binary under test with --root and --catalog; pm: EXTRAS_PACKAGE_MANAGER
        (default the installroot's dnf), env: more of the environment."""
        e = self.ir.env(EXTRAS_PACKAGE_MANAGER=pm or self.ir.package_manager())
        e.update(env or {})
        argv = [self.bin, "--root", str(self.root), "--catalog", str(self.catalog)] + list(args)
        proc = subprocess.run(argv, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=timeout)
        proc.argv = argv
        return proc

    def describe(self, proc):
        """proc's command, exit status and output, for an assertion's message."""
        return "%s\nexit %d\nstdout:\n%s\nstderr:\n%s" % (
            " ".join(proc.argv), proc.returncode, proc.stdout, proc.stderr)


def main(argv=None):
    """Run the unittest tests of __main__; print `N passed, M failed[, K skipped]`.

    Exit status 1 when something failed or errored, 77 (meson's SKIP) when every
    case was skipped (or none ran), else 0.
    """
    import sys
    import unittest
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromModule(sys.modules["__main__"])
    names = (argv or sys.argv)[1:]
    if names:  # run only tests whose id contains one of the arguments
        flat = []

        def walk(s):
            for t in s:
                if isinstance(t, unittest.TestSuite):
                    walk(t)
                else:
                    flat.append(t)
        walk(suite)
        suite = unittest.TestSuite(t for t in flat if any(n in t.id() for n in names))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    # class- and module-level set-up failures and skips are not TestCases
    def real(pairs):
        return [t for t, _ in pairs if isinstance(t, unittest.TestCase)]
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = (result.testsRun - len(real(result.failures)) - len(real(result.errors))
              - len(result.unexpectedSuccesses) - len(real(result.skipped)))
    return report(passed, failed, skipped)


# meson's exit status for a test that was skipped as a whole
EXIT_SKIP = 77


def report(passed, failed, skipped):
    """Print `N passed, M failed[, K skipped]`; return the exit status for meson:
    1 when something failed, 77 (SKIP) when nothing ran but skips, else 0."""
    import sys
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    sys.stdout.flush()
    if failed:
        return 1
    if passed == 0:
        return EXIT_SKIP
    return 0
