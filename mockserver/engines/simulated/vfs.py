"""An in-memory filesystem for one simulated sandbox.

Nothing here touches the host: every file, directory and symbolic link lives in a tree of Python
objects owned by one :class:`VirtualFS`. Paths given to the methods are absolute (use
:meth:`VirtualFS.normalize` to make them so); symbolic links are followed as the kernel would,
except that ``..`` is resolved lexically before lookup, as a shell's ``cd`` does.

Errors are :class:`FSError`, an :class:`OSError` carrying the errno a real system call would set,
so utilities can report them the way GNU tools do (``os.strerror(err.errno)``).

Besides files, directories and links there are character devices (``/dev/null``...) and
program files (a file of ``/usr/bin`` that *is* a simulated utility, not a script); what the
tree holds at first is :mod:`catalog`'s. Descriptors (``/dev/stdout``, ``/dev/fd/3``) belong to
the process that opens them: :meth:`VirtualFS.device` names them and ``process`` opens them.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from mockserver.engines.simulated import catalog
from mockserver.engines.simulated.patterns import bracket

Kind = Literal["file", "dir", "symlink", "device"]

#: How many symbolic links one lookup may follow before giving up with ELOOP (Linux's limit).
MAX_SYMLINK_HOPS = 40


class FSError(OSError):
    """A failed filesystem operation; ``errno`` and ``filename`` as for :class:`OSError`."""

    def __init__(self, err: int, path: str) -> None:
        super().__init__(err, os.strerror(err), path)

    def __str__(self) -> str:
        return self.strerror or ""


@dataclass(frozen=True, slots=True)
class Device:
    """A character device: ``name`` says what reading and writing it do (``null``, ``zero``,
    ``full``, ``random``, ``urandom``, ``tty``, or ``fd``: the opener's descriptor ``fd``)."""

    name: str
    number: tuple[int, int] = (0, 0)
    fd: int | None = None

    @property
    def endless(self) -> bool:
        """Reading it never reaches the end."""
        return self.name in {"zero", "full", "random", "urandom"}


@dataclass
class Stat:
    """What ``stat(2)`` would say about one node."""

    kind: Kind
    size: int
    mode: int
    mtime: float
    nlink: int
    #: A number unique to the node within its filesystem (for ``cp``/``mv`` same-file checks).
    ino: int = 0
    uid: int = 0
    gid: int = 0
    #: A device's (major, minor) numbers.
    rdev: tuple[int, int] = (0, 0)


@dataclass(eq=False)
class _Node:
    mode: int
    mtime: float
    ino: int


@dataclass(eq=False)
class _File(_Node):
    data: bytearray = field(default_factory=bytearray)
    links: int = 1
    #: The simulated program this file is (``/usr/bin/ls``), until it is written to.
    program: str | None = None


@dataclass(eq=False)
class _Dir(_Node):
    children: dict[str, _Node] = field(default_factory=dict)


@dataclass(eq=False)
class _Symlink(_Node):
    target: str = ""


@dataclass(eq=False)
class _Device(_Node):
    device: Device = Device("null")


#: What a program file holds: the start of an ELF executable, as ``head -c4`` would show.
PROGRAM_IMAGE = b"\x7fELF\x02\x01\x01\x00" + bytes(56)


_MAGIC = re.compile(r"[*?\[]")


class VirtualFS:
    """One sandbox's files, directories, links and devices, with caps on size and node count.

    It starts with :mod:`catalog`'s Debian-like layout (``/tmp`` and ``/var/tmp`` sticky,
    ``/etc`` and ``/proc`` files, the devices of ``/dev``) and ``programs`` as files of
    ``/usr/bin``. Writes past ``max_bytes`` or new nodes past ``max_nodes`` fail with ENOSPC.
    """

    def __init__(
        self,
        *,
        max_bytes: int = 64 * 1024 * 1024,
        max_nodes: int = 100_000,
        programs: Iterable[str] = (),
    ) -> None:
        self.max_bytes = max_bytes
        self.max_nodes = max_nodes
        self._inodes = itertools.count(2)
        self._bytes = 0
        self._nodes = 1
        self._root = _Dir(mode=0o755, mtime=time.time(), ino=1)
        for path, mode in catalog.DIRECTORIES:
            self.mkdir(path, parents=True, mode=mode)
        for path, target in catalog.MERGED_USR:
            self.symlink(target, path)
        for path, text, mode in catalog.FILES:
            self.write_bytes(path, text.encode())
            self.chmod(path, mode)
        for name, number in catalog.DEVICES:
            self.mknod(f"/dev/{name}", Device(name, number))
        self._descriptors = self._dir(catalog.DESCRIPTOR_DIR)
        for fd in range(3):
            self.mknod(f"{catalog.DESCRIPTOR_DIR}/{fd}", Device("fd", (136, 0), fd))
        for path, target in catalog.DEVICE_LINKS:
            self.symlink(target, path)
        names = set(programs)
        for name in sorted(names):
            self.install_program(f"{catalog.PROGRAM_DIR}/{name}", name)
        for name, target in catalog.PROGRAM_LINKS:
            if target in names:
                self.symlink(target, f"{catalog.PROGRAM_DIR}/{name}")

    # ----------------------------------------------------------------- paths

    @staticmethod
    def normalize(path: str, cwd: str) -> str:
        """``path`` made absolute against ``cwd``; ``.`` and ``..`` resolved; no trailing ``/``."""
        full = path if path.startswith("/") else f"{cwd.rstrip('/')}/{path}"
        parts: list[str] = []
        for part in full.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                if parts:
                    parts.pop()
            else:
                parts.append(part)
        return "/" + "/".join(parts)

    @property
    def used_bytes(self) -> int:
        """Bytes held by regular files."""
        return self._bytes

    @property
    def used_nodes(self) -> int:
        """Files, directories and links, the root included."""
        return self._nodes

    # ----------------------------------------------------------------- lookup

    def _walk(self, path: str, *, follow: bool, hops: int = 0) -> tuple[_Dir, str, _Node | None]:
        """The directory holding the last component of ``path``, its name, and its node if any.

        Symbolic links met on the way are followed; the last one only when ``follow``. Raises
        ENOENT/ENOTDIR for a missing or non-directory intermediate component, ELOOP for cycles.
        """
        parts = [p for p in self.normalize(path, "/").split("/") if p]
        if not parts:
            return self._root, "", self._root
        current = self._root
        for i, name in enumerate(parts):
            node = current.children.get(name)
            last = i == len(parts) - 1
            if isinstance(node, _Symlink) and (follow or not last):
                if hops >= MAX_SYMLINK_HOPS:
                    raise FSError(errno.ELOOP, path)
                base = self._path_of_dir(current, parts[:i])
                target = self.normalize(node.target, base)
                rest = "/".join(parts[i + 1 :])
                joined = f"{target.rstrip('/')}/{rest}" if rest else target
                return self._walk(joined, follow=follow, hops=hops + 1)
            if last:
                return current, name, node
            if node is None:
                raise FSError(errno.ENOENT, path)
            if not isinstance(node, _Dir):
                raise FSError(errno.ENOTDIR, path)
            current = node
        raise AssertionError("unreachable")

    @staticmethod
    def _path_of_dir(_node: _Dir, parts: list[str]) -> str:
        return "/" + "/".join(parts)

    def _node(self, path: str, *, follow: bool = True) -> _Node:
        _parent, _name, node = self._walk(path, follow=follow)
        if node is None:
            raise FSError(errno.ENOENT, path)
        return node

    def _dir(self, path: str) -> _Dir:
        node = self._node(path)
        if not isinstance(node, _Dir):
            raise FSError(errno.ENOTDIR, path)
        return node

    def _stat_of(self, node: _Node) -> Stat:
        if isinstance(node, _File):
            return Stat("file", len(node.data), node.mode, node.mtime, node.links, node.ino)
        if isinstance(node, _Dir):
            subdirs = sum(1 for c in node.children.values() if isinstance(c, _Dir))
            return Stat("dir", 4096, node.mode, node.mtime, 2 + subdirs, node.ino)
        if isinstance(node, _Device):
            device = node.device
            return Stat("device", 0, node.mode, node.mtime, 1, node.ino, rdev=device.number)
        assert isinstance(node, _Symlink)
        return Stat("symlink", len(node.target.encode()), 0o777, node.mtime, 1, node.ino)

    def stat(self, path: str) -> Stat | None:
        """What the node at ``path`` is, following symbolic links; None if it cannot be reached."""
        try:
            return self._stat_of(self._node(path))
        except FSError:
            return None

    def lstat(self, path: str) -> Stat | None:
        """Like :meth:`stat` without following a final symbolic link."""
        try:
            return self._stat_of(self._node(path, follow=False))
        except FSError:
            return None

    def stat_or_raise(self, path: str, *, follow: bool = True) -> Stat:
        """Like :meth:`stat`, raising the :class:`FSError` (ENOENT, ENOTDIR, ELOOP) instead."""
        return self._stat_of(self._node(path, follow=follow))

    def exists(self, path: str) -> bool:
        return self.stat(path) is not None

    def is_dir(self, path: str) -> bool:
        st = self.stat(path)
        return st is not None and st.kind == "dir"

    def is_file(self, path: str) -> bool:
        st = self.stat(path)
        return st is not None and st.kind == "file"

    def is_symlink(self, path: str) -> bool:
        st = self.lstat(path)
        return st is not None and st.kind == "symlink"

    def samefile(self, a: str, b: str) -> bool:
        """Whether both paths reach the same node (following symbolic links)."""
        try:
            return self._node(a) is self._node(b)
        except FSError:
            return False

    def realpath(self, path: str) -> str:
        """``path`` with every symbolic link resolved; ENOENT unless all but the last exist."""
        return self._realpath(self.normalize(path, "/"), 0)

    def _realpath(self, path: str, hops: int) -> str:
        parts = [p for p in path.split("/") if p]
        resolved = "/"
        for i, name in enumerate(parts):
            current = self._dir(resolved)
            node = current.children.get(name)
            candidate = self.normalize(name, resolved)
            if isinstance(node, _Symlink):
                if hops >= MAX_SYMLINK_HOPS:
                    raise FSError(errno.ELOOP, path)
                target = self._realpath(self.normalize(node.target, resolved), hops + 1)
                candidate = target
            elif node is None and i != len(parts) - 1:
                raise FSError(errno.ENOENT, path)
            elif node is not None and not isinstance(node, _Dir) and i != len(parts) - 1:
                raise FSError(errno.ENOTDIR, path)
            resolved = candidate
        return resolved

    # ----------------------------------------------------------------- files

    def read_bytes(self, path: str) -> bytes:
        """The contents of the file at ``path``: ENOENT if absent, EISDIR for a directory.

        ``/dev/null`` reads as nothing; an endless device cannot be read whole (ENOMEM, as a
        program reading it into memory ends); a terminal or a descriptor must be opened by
        the process (ENXIO).
        """
        node = self._node(path)
        if isinstance(node, _Dir):
            raise FSError(errno.EISDIR, path)
        if isinstance(node, _Device):
            if node.device.name == "null":
                return b""
            raise FSError(errno.ENOMEM if node.device.endless else errno.ENXIO, path)
        assert isinstance(node, _File)
        return bytes(node.data)

    def read_text(self, path: str) -> str:
        """The file decoded as UTF-8, invalid bytes replaced."""
        return self.read_bytes(path).decode("utf-8", errors="replace")

    def write_bytes(self, path: str, data: bytes, *, append: bool = False) -> None:
        """Replace (or with ``append`` extend) the file at ``path``, creating it if absent.

        Writes to a device do what the device does: vanish, or fail (``/dev/full``: ENOSPC;
        a terminal or a descriptor, which only the process can open: ENXIO).
        """
        parent, name, node = self._walk(path, follow=True)
        if isinstance(node, _Dir) or not name:
            raise FSError(errno.EISDIR, path)
        if node is None:
            self._add(parent, name, _File(mode=0o644, mtime=time.time(), ino=0), path)
            node = parent.children[name]
        if isinstance(node, _Device):
            self._write_device(node.device, path)
            return
        assert isinstance(node, _File)
        node.program = None
        grow = len(data) if append else len(data) - len(node.data)
        if grow > 0 and self._bytes + grow > self.max_bytes:
            raise FSError(errno.ENOSPC, path)
        self._bytes += grow
        if append:
            node.data.extend(data)
        else:
            node.data = bytearray(data)
        node.mtime = time.time()

    @staticmethod
    def _write_device(device: Device, path: str) -> None:
        if device.name == "full":
            raise FSError(errno.ENOSPC, path)
        if device.name in {"tty", "fd"}:
            raise FSError(errno.ENXIO, path)

    def write_text(self, path: str, text: str, *, append: bool = False) -> None:
        self.write_bytes(path, text.encode(), append=append)

    def touch(self, path: str) -> None:
        """Create an empty file at ``path`` or set the existing node's mtime to now."""
        parent, name, node = self._walk(path, follow=True)
        if node is None:
            self._add(parent, name, _File(mode=0o644, mtime=time.time(), ino=0), path)
        else:
            node.mtime = time.time()

    def set_mtime(self, path: str, mtime: float) -> None:
        """Set the mtime of the node ``path`` leads to (symbolic links followed)."""
        self._node(path).mtime = mtime

    def set_mtime_of_link(self, path: str, mtime: float) -> None:
        """Set the mtime of ``path`` itself, even if it is a symbolic link."""
        self._node(path, follow=False).mtime = mtime

    def _add(self, parent: _Dir, name: str, node: _Node, path: str) -> None:
        if self._nodes + 1 > self.max_nodes:
            raise FSError(errno.ENOSPC, path)
        node.ino = next(self._inodes)
        parent.children[name] = node
        parent.mtime = time.time()
        self._nodes += 1

    # ----------------------------------------------------------------- directories

    def listdir(self, path: str) -> list[str]:
        """Sorted names in the directory at ``path`` (``.`` and ``..`` not included)."""
        return sorted(self._dir(path).children)

    def mkdir(self, path: str, *, parents: bool = False, mode: int = 0o755) -> None:
        """Make a directory; EEXIST if something is there, unless ``parents`` and it is a dir."""
        if parents:
            parts = [p for p in self.normalize(path, "/").split("/") if p]
            for i in range(1, len(parts) + 1):
                sub = "/" + "/".join(parts[:i])
                st = self.stat(sub)
                if st is None:
                    self.mkdir(sub, mode=mode)
                elif st.kind != "dir":
                    raise FSError(errno.ENOTDIR if i < len(parts) else errno.EEXIST, path)
            return
        parent, name, node = self._walk(path, follow=False)
        if node is not None:
            raise FSError(errno.EEXIST, path)
        self._add(parent, name, _Dir(mode=mode, mtime=time.time(), ino=0), path)

    def remove(self, path: str) -> None:
        """Unlink a file or symbolic link; EISDIR for a directory."""
        parent, name, node = self._walk(path, follow=False)
        if node is None:
            raise FSError(errno.ENOENT, path)
        if isinstance(node, _Dir):
            raise FSError(errno.EISDIR, path)
        self._detach(parent, name)

    def rmdir(self, path: str) -> None:
        """Remove an empty directory: ENOTEMPTY, ENOTDIR, EBUSY for ``/``."""
        parent, name, node = self._walk(path, follow=False)
        if node is None:
            raise FSError(errno.ENOENT, path)
        if not isinstance(node, _Dir):
            raise FSError(errno.ENOTDIR, path)
        if node is self._root:
            raise FSError(errno.EBUSY, path)
        if node.children:
            raise FSError(errno.ENOTEMPTY, path)
        self._detach(parent, name)

    def remove_tree(self, path: str) -> None:
        """Remove whatever is at ``path`` (a directory with all it holds); ENOENT if absent."""
        parent, name, node = self._walk(path, follow=False)
        if node is None:
            raise FSError(errno.ENOENT, path)
        if node is self._root:
            raise FSError(errno.EBUSY, path)
        self._detach(parent, name)

    def _detach(self, parent: _Dir, name: str) -> None:
        node = parent.children.pop(name)
        parent.mtime = time.time()
        count, size = self._measure(node)
        self._nodes -= count
        self._bytes -= size

    def _measure(self, node: _Node) -> tuple[int, int]:
        if isinstance(node, _File):
            node.links -= 1
            return 1, len(node.data) if node.links == 0 else 0
        if isinstance(node, _Dir):
            count, size = 1, 0
            for child in node.children.values():
                c, s = self._measure(child)
                count += c
                size += s
            return count, size
        return 1, 0

    def rename(self, src: str, dst: str) -> None:
        """Move ``src`` to ``dst`` as ``rename(2)``: replaces a file or an empty directory."""
        sparent, sname, snode = self._walk(src, follow=False)
        if snode is None:
            raise FSError(errno.ENOENT, src)
        if snode is self._root:
            raise FSError(errno.EBUSY, src)
        dparent, dname, dnode = self._walk(dst, follow=False)
        if not dname:
            raise FSError(errno.EBUSY, dst)
        if dnode is snode:
            return
        if isinstance(snode, _Dir) and self._contains(snode, dparent):
            raise FSError(errno.EINVAL, dst)
        if dnode is not None:
            if isinstance(dnode, _Dir):
                if not isinstance(snode, _Dir):
                    raise FSError(errno.EISDIR, dst)
                if dnode.children:
                    raise FSError(errno.ENOTEMPTY, dst)
            elif isinstance(snode, _Dir):
                raise FSError(errno.ENOTDIR, dst)
            self._detach(dparent, dname)
        del sparent.children[sname]
        sparent.mtime = time.time()
        dparent.children[dname] = snode
        dparent.mtime = time.time()

    def _contains(self, ancestor: _Dir, node: _Node) -> bool:
        if ancestor is node:
            return True
        return any(
            isinstance(child, _Dir) and self._contains(child, node)
            for child in ancestor.children.values()
        )

    def copy_file(self, src: str, dst: str) -> None:
        """Copy the contents and mode of the file ``src`` (links followed) to the file ``dst``."""
        data = self.read_bytes(src)
        source = self._node(src)
        existed = self.exists(dst)
        self.write_bytes(dst, data)
        if not existed:
            self.chmod(dst, source.mode)
        target = self._node(dst)
        if isinstance(source, _File) and isinstance(target, _File):
            target.program = source.program

    # ----------------------------------------------------------------- links and modes

    def symlink(self, target: str, path: str) -> None:
        """Make ``path`` a symbolic link to ``target`` (stored verbatim); EEXIST if taken."""
        parent, name, node = self._walk(path, follow=False)
        if node is not None or not name:
            raise FSError(errno.EEXIST, path)
        self._add(parent, name, _Symlink(mode=0o777, mtime=time.time(), ino=0, target=target), path)

    def link(self, src: str, dst: str) -> None:
        """Make ``dst`` a hard link to the file ``src``: EEXIST if taken, EPERM for a directory."""
        node = self._node(src, follow=False)
        if isinstance(node, _Dir):
            raise FSError(errno.EPERM, src)
        parent, name, existing = self._walk(dst, follow=False)
        if existing is not None or not name:
            raise FSError(errno.EEXIST, dst)
        if self._nodes + 1 > self.max_nodes:
            raise FSError(errno.ENOSPC, dst)
        parent.children[name] = node
        parent.mtime = time.time()
        self._nodes += 1
        if isinstance(node, _File):
            node.links += 1

    def readlink(self, path: str) -> str:
        """The target of the symbolic link at ``path``; EINVAL if it is not one."""
        node = self._node(path, follow=False)
        if not isinstance(node, _Symlink):
            raise FSError(errno.EINVAL, path)
        return node.target

    def chmod(self, path: str, mode: int) -> None:
        node = self._node(path)
        node.mode = mode & 0o7777

    # ----------------------------------------------------------------- devices and programs

    def mknod(self, path: str, device: Device, mode: int = 0o666) -> None:
        """Make ``path`` the character device ``device``; EEXIST if taken."""
        parent, name, node = self._walk(path, follow=False)
        if node is not None or not name:
            raise FSError(errno.EEXIST, path)
        self._add(parent, name, _Device(mode=mode, mtime=time.time(), ino=0, device=device), path)

    def device(self, path: str) -> Device | None:
        """The device ``path`` leads to (links followed), or None. Every ``N`` of
        ``/proc/self/fd`` (``/dev/fd/N``) is the opener's descriptor N, listed or not."""
        try:
            parent, name, node = self._walk(path, follow=True)
        except FSError:
            return None
        if isinstance(node, _Device):
            return node.device
        if parent is self._descriptors and name.isdigit() and node is None:
            return Device("fd", (136, 0), int(name))
        return None

    def install_program(self, path: str, program: str) -> None:
        """Make ``path`` an executable file that runs the simulated program ``program``."""
        self.write_bytes(path, PROGRAM_IMAGE)
        self.chmod(path, 0o755)
        node = self._node(path)
        assert isinstance(node, _File)
        node.program = program

    def program(self, path: str) -> str | None:
        """The simulated program the file at ``path`` is (links followed), or None."""
        try:
            node = self._node(path)
        except FSError:
            return None
        return node.program if isinstance(node, _File) else None

    # ----------------------------------------------------------------- globbing

    def glob(self, pattern: str, cwd: str) -> list[str]:
        """Shell pathname expansion of ``pattern``: matching paths, sorted; [] when none match.

        Results are spelled as the pattern is (relative patterns give relative paths). ``*``,
        ``?`` and ``[...]`` (with ``!`` or ``^`` negation) match within one component; a leading
        ``.`` must be matched explicitly; a backslash makes the next character literal; a
        trailing ``/`` matches directories only.
        """
        if not _MAGIC.search(pattern):
            return []
        # Components with the separators after each, as written (".//*" gives ".//a").
        pieces = re.split(r"(/+)", pattern)
        lead = ""
        if pieces and pieces[0] == "":
            lead = pieces[1]
            pieces = pieces[2:]
        components: list[tuple[str, str]] = []
        for index in range(0, len(pieces), 2):
            separator = pieces[index + 1] if index + 1 < len(pieces) else ""
            if pieces[index]:
                components.append((pieces[index], separator))
        trailing = bool(components) and components[-1][1] != ""
        prefixes: list[str] = [lead]
        for i, (part, separator) in enumerate(components):
            last = i == len(components) - 1
            after = "" if last else separator
            matched: list[str] = []
            for prefix in prefixes:
                if not _MAGIC.search(part):
                    candidate = prefix + _unescape(part)
                    if not last or self.lstat(self.normalize(candidate, cwd)) is not None:
                        matched.append(candidate + after)
                    continue
                try:
                    names = self.listdir(self.normalize(prefix or ".", cwd))
                except FSError:
                    continue
                if part.startswith("."):
                    names = [".", "..", *names]  # as dash: an explicit dot matches them too
                regex = _pattern_regex(part)
                for name in names:
                    if name.startswith(".") and not part.startswith("."):
                        continue
                    if regex.fullmatch(name):
                        matched.append(prefix + name + after)
            prefixes = matched
        if trailing:
            separator = components[-1][1]
            prefixes = [p + separator for p in prefixes if self.is_dir(self.normalize(p, cwd))]
        return sorted(prefixes)


def match_pattern(pattern: str, name: str) -> bool:
    """Whether ``name`` matches the shell pattern ``pattern`` as ``fnmatch(3)`` without flags
    (``find -name``, ``case``): ``*``, ``?``, ``[...]``, backslash escapes; ``/`` and a leading
    ``.`` are ordinary characters here."""
    return _pattern_regex(pattern).fullmatch(name) is not None


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A regex equivalent to one component of a shell glob."""
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            end, cls = bracket(pattern, i)
            if cls is None:
                out.append(re.escape(c))
            else:
                out.append(cls)
                i = end
                continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.DOTALL)
