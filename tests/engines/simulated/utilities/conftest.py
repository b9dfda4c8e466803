"""Running utilities on a virtual filesystem, and against the host's real GNU tools.

``world`` is a small directory tree built twice: in a temporary directory of the host and at
``/w`` in a :class:`VirtualFS`. ``world.check(...)`` runs one command line both ways (the host's
binary with ``LC_ALL=C.UTF-8`` in the temporary directory, the simulated utility with cwd ``/w``)
and asserts the same stdout, stderr and exit status; ``world.same_tree()`` compares the two trees
afterwards, for utilities that change files.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from mockserver.engines.simulated.engine import run_command, sandbox_filesystem
from mockserver.engines.simulated.process import BufferOutput, Process, StringInput
from mockserver.engines.simulated.utilities import UTILITIES
from mockserver.engines.simulated.vfs import VirtualFS

SIM_ROOT = "/w"
HOST_ENV = {"LC_ALL": "C.UTF-8", "TZ": "UTC", "PATH": "/usr/bin:/bin"}


@dataclass(frozen=True)
class Result:
    out: str
    err: str
    rc: int


def run(
    fs: VirtualFS,
    *argv: str,
    stdin: str = "",
    cwd: str = SIM_ROOT,
    env: dict[str, str] | None = None,
) -> Result:
    """Run one simulated utility to completion."""
    out, err = BufferOutput(), BufferOutput()
    proc = Process(
        argv=list(argv),
        env=dict(env or {"HOME": "/root", "PATH": "/usr/bin:/bin"}),
        cwd=cwd,
        fs=fs,
        stdin=StringInput(stdin),
        stdout=out,
        stderr=err,
        runner=run_command,
    )
    utility = UTILITIES[argv[0].rsplit("/", 1)[-1]]
    rc = asyncio.run(utility(proc))
    return Result(out.getvalue(), err.getvalue(), rc)


class World:
    def __init__(self, host: Path) -> None:
        self.host = host
        self.fs = sandbox_filesystem()
        self.fs.mkdir(SIM_ROOT)

    def file(self, path: str, content: str = "", mode: int | None = None) -> World:
        target = self.host / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
        self.fs.mkdir(self.fs.normalize(path, SIM_ROOT).rsplit("/", 1)[0], parents=True)
        self.fs.write_bytes(self.fs.normalize(path, SIM_ROOT), content.encode())
        if mode is not None:
            target.chmod(mode)
            self.fs.chmod(self.fs.normalize(path, SIM_ROOT), mode)
        return self

    def dir(self, path: str) -> World:
        (self.host / path).mkdir(parents=True, exist_ok=True)
        self.fs.mkdir(self.fs.normalize(path, SIM_ROOT), parents=True)
        return self

    def link(self, target: str, path: str) -> World:
        (self.host / path).symlink_to(target)
        self.fs.symlink(target, self.fs.normalize(path, SIM_ROOT))
        return self

    def set_times(self, mtime: float) -> World:
        """Give every node the same mtime on both sides (for ``ls -l``)."""
        for dirpath, dirnames, filenames in os.walk(self.host):
            for name in dirnames + filenames:
                os.utime(os.path.join(dirpath, name), (mtime, mtime), follow_symlinks=False)
        os.utime(self.host, (mtime, mtime))

        def walk(path: str) -> None:
            self.fs.set_mtime(path, mtime)
            for name in self.fs.listdir(path):
                child = f"{path}/{name}"
                st = self.fs.lstat(child)
                assert st is not None
                if st.kind == "symlink":
                    self.fs.set_mtime_of_link(child, mtime)
                else:
                    self.fs.set_mtime(child, mtime)
                if st.kind == "dir":
                    walk(child)

        walk(SIM_ROOT)
        return self

    def sim(self, *argv: str, stdin: str = "") -> Result:
        return run(self.fs, *argv, stdin=stdin)

    def real(self, *argv: str, stdin: str = "") -> Result:
        done = subprocess.run(
            list(argv),
            input=stdin.encode(),
            capture_output=True,
            cwd=self.host,
            env=HOST_ENV,
            timeout=20,
            check=False,
        )
        # Absolute paths the host prints are spelled as the simulated tree's.
        return Result(
            done.stdout.decode(errors="surrogateescape").replace(str(self.host), SIM_ROOT),
            done.stderr.decode(errors="surrogateescape").replace(str(self.host), SIM_ROOT),
            done.returncode,
        )

    def check(self, *argv: str, stdin: str = "", stderr: bool = True) -> Result:
        """Run both ways and assert they agree; returns the simulated result."""
        simulated = self.sim(*argv, stdin=stdin)
        real = self.real(*argv, stdin=stdin)
        if stderr:
            assert simulated == real, argv
        else:
            assert (simulated.out, simulated.rc) == (real.out, real.rc), argv
            assert bool(simulated.err) == bool(real.err), (argv, simulated.err, real.err)
        return simulated

    def host_tree(self) -> dict[str, str]:
        tree: dict[str, str] = {}
        for dirpath, dirnames, filenames in os.walk(self.host):
            rel = os.path.relpath(dirpath, self.host)
            for d in dirnames:
                p = os.path.join(dirpath, d)
                key = os.path.normpath(os.path.join(rel, d))
                tree[key] = "-> " + os.readlink(p) if os.path.islink(p) else "<dir>"
            for f in filenames:
                p = os.path.join(dirpath, f)
                key = os.path.normpath(os.path.join(rel, f))
                if os.path.islink(p):
                    tree[key] = "-> " + os.readlink(p)
                else:
                    tree[key] = Path(p).read_text(errors="surrogateescape")
        return tree

    def sim_tree(self) -> dict[str, str]:
        tree: dict[str, str] = {}

        def walk(path: str, rel: str) -> None:
            for name in self.fs.listdir(path):
                full, key = f"{path}/{name}", f"{rel}{name}"
                st = self.fs.lstat(full)
                assert st is not None
                if st.kind == "symlink":
                    tree[key] = "-> " + self.fs.readlink(full)
                elif st.kind == "dir":
                    tree[key] = "<dir>"
                    walk(full, key + "/")
                else:
                    tree[key] = self.fs.read_bytes(full).decode(errors="surrogateescape")

        walk(SIM_ROOT, "")
        return tree

    def same_tree(self, *, ignore: tuple[str, ...] = ()) -> None:
        """The two trees hold the same paths and contents (``ignore``: names not compared)."""
        simulated, real = self.sim_tree(), self.host_tree()
        for name in ignore:
            assert (name in simulated) == (name in real), name
            simulated.pop(name, None)
            real.pop(name, None)
        assert simulated == real


@pytest.fixture
def world(tmp_path: Path) -> World:
    host = tmp_path / "w"
    host.mkdir()
    return World(host)


@pytest.fixture
def fs() -> VirtualFS:
    vfs = sandbox_filesystem()
    vfs.mkdir(SIM_ROOT)
    return vfs
