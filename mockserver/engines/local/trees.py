"""The writable part of each sandbox: directories on the host, bound into the sandbox.

A sandbox sees a read-only copy of the host's system directories and a few writable places that
persist between calls: ``/tmp``, its default working directory (``/app``) and its ``$HOME``
(``/home/user``). Each writable place is one flat directory of the sandbox's tree, named after
the path it is bound to (``/home/user`` is ``<tree>/%2Fhome%2Fuser``). Flat, never nested: the
sandbox only ever sees the inside of these directories, so nothing it writes (a symlink, say) can
redirect where a later call's bind comes from.

The trees live under ``settings.data_dir`` (kept across restarts) or in a temporary directory
the engine owns and removes when it closes.
"""

from __future__ import annotations

import hashlib
import posixpath
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from mockserver.sandboxes import Sandbox

#: Host directories every sandbox sees read-only (those that exist on the host).
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt")
#: Paths the sandbox gets fresh each call (bubblewrap mounts them), never bound from a tree.
PRIVATE_PATHS = ("/proc", "/dev")
#: A directory name longer than this is replaced by its hash.
_LONGEST_NAME = 200


@dataclass(frozen=True, slots=True)
class Mount:
    """A writable bind: ``source`` on the host appears at ``target`` inside the sandbox."""

    source: Path
    target: str


@dataclass(frozen=True, slots=True)
class Layout:
    """How one sandbox's tree appears inside it."""

    mounts: tuple[Mount, ...]
    #: Directories that must exist inside the writable places (made inside the sandbox).
    directories: tuple[str, ...]


def _wanted(sandbox: Sandbox) -> list[str]:
    """/tmp, the default cwd and $HOME: normalised, absolute, neither the root nor system paths."""
    wanted = {"/tmp", sandbox.cwd, sandbox.env.get("HOME", "")}
    paths = {posixpath.normpath(p) for p in wanted if p.startswith("/")}
    reserved = (*SYSTEM_PATHS, *PRIVATE_PATHS)
    return sorted(p for p in paths if p not in {"/", "//"} and not _inside(p, reserved))


def writable_targets(sandbox: Sandbox) -> tuple[str, ...]:
    """The sandbox paths that are writable and persist: /tmp, the default cwd and $HOME.

    Paths inside another writable path are already writable through it; ``/`` and paths inside
    the system directories stay read-only (the root is never writable).
    """
    targets: list[str] = []
    for path in _wanted(sandbox):
        if not _inside(path, targets):
            targets.append(path)
    return tuple(targets)


def nested_directories(sandbox: Sandbox) -> tuple[str, ...]:
    """The default cwd and $HOME when they lie inside another writable path (``/tmp/work``)."""
    targets = writable_targets(sandbox)
    return tuple(p for p in _wanted(sandbox) if p not in targets)


def _inside(path: str, parents: tuple[str, ...] | list[str]) -> bool:
    return any(path == parent or path.startswith(parent.rstrip("/") + "/") for parent in parents)


def safe_name(text: str) -> str:
    """``text`` as one directory name: percent-encoded, dots too, hashed when too long."""
    name = quote(text, safe="").replace(".", "%2E")
    if not name or len(name) > _LONGEST_NAME:
        return "sha256-" + hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
    return name


class SandboxTrees:
    """Every sandbox's tree under one root; a temporary root is made on first use.

    A temporary root is removed by :meth:`remove`, or at the latest when this object is
    collected or the interpreter exits.
    """

    def __init__(self, data_dir: Path | None) -> None:
        self.temporary = data_dir is None
        self._root = None if data_dir is None else data_dir / "local"
        self._cleanup: weakref.finalize[[str], SandboxTrees] | None = None

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="mockserver-local-"))
            self._cleanup = weakref.finalize(self, _remove_tree, str(self._root))
        return self._root

    def tree(self, sandbox_id: str) -> Path:
        """The host directory of one sandbox's tree (it may not exist yet)."""
        return self.root / safe_name(sandbox_id)

    def layout(self, sandbox: Sandbox) -> Layout:
        """The sandbox's writable binds, their host directories created when missing.

        Directories nested inside them are made from inside the sandbox, at the start of each
        call: the host never follows a path the sandbox could have changed.
        """
        tree = self.tree(sandbox.id)
        tree.mkdir(mode=0o700, parents=True, exist_ok=True)
        mounts = tuple(Mount(tree / safe_name(t), t) for t in writable_targets(sandbox))
        for mount in mounts:
            if not mount.source.is_dir():
                mount.source.mkdir(mode=0o755, parents=True, exist_ok=True)
                if mount.target == "/tmp":
                    mount.source.chmod(0o1777)  # as /tmp always is
        return Layout(mounts, nested_directories(sandbox))

    def clear(self, sandbox_id: str | None = None) -> None:
        """Delete one sandbox's tree (every tree when None); the next call starts it afresh."""
        if self._root is None or not self._root.is_dir():
            return
        if sandbox_id is not None:
            _remove_tree(str(self.tree(sandbox_id)))
            return
        for tree in self._root.iterdir():
            _remove_tree(str(tree))

    def remove(self) -> None:
        """Delete the root when the engine made it; trees under ``data_dir`` are kept."""
        if self._cleanup is not None:
            self._cleanup()


def _remove_tree(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
