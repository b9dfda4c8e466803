"""An in-memory filesystem for one simulated sandbox.

Nothing here touches the host: every file, directory and symbolic link lives in a tree of Python
objects owned by one :class:`VirtualFS`. Paths given to the methods are absolute (use
:meth:`VirtualFS.normalize` to make them so); symbolic links are followed as the kernel would,
except that ``..`` is resolved lexically before lookup, as a shell's ``cd`` does.

Errors are :class:`FSError`, an :class:`OSError` carrying the errno a real system call would set,
so utilities can report them the way GNU tools do (``os.strerror(err.errno)``).
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import time
from dataclasses import dataclass, field
from typing import Literal

from mockserver.engines.simulated.patterns import bracket

Kind = Literal["file", "dir", "symlink"]

#: How many symbolic links one lookup may follow before giving up with ELOOP (Linux's limit).
MAX_SYMLINK_HOPS = 40


class FSError(OSError):
    """A failed filesystem operation; ``errno`` and ``filename`` as for :class:`OSError`."""

    def __init__(self, err: int, path: str) -> None:
        super().__init__(err, os.strerror(err), path)

    def __str__(self) -> str:
        return self.strerror or ""


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


@dataclass(eq=False)
class _Node:
    mode: int
    mtime: float
    ino: int


@dataclass(eq=False)
class _File(_Node):
    data: bytearray = field(default_factory=bytearray)
    links: int = 1


@dataclass(eq=False)
class _Dir(_Node):
    children: dict[str, _Node] = field(default_factory=dict)


@dataclass(eq=False)
class _Symlink(_Node):
    target: str = ""


_PASSWD = (
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
    "sys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
    "sync:x:4:65534:sync:/bin:/bin/sync\n"
    "games:x:5:60:games:/usr/games:/usr/sbin/nologin\n"
    "man:x:6:12:man:/var/cache/man:/usr/sbin/nologin\n"
    "lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\n"
    "mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n"
    "news:x:9:9:news:/var/spool/news:/usr/sbin/nologin\n"
    "uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin\n"
    "proxy:x:13:13:proxy:/bin:/usr/sbin/nologin\n"
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
    "backup:x:34:34:backup:/var/backups:/usr/sbin/nologin\n"
    "list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin\n"
    "irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin\n"
    "_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
    "user:x:1000:1000::/home/user:/bin/bash\n"
)
_GROUP = "".join(
    f"{name}:x:{gid}:\n"
    for name, gid in (
        ("root", 0),
        ("daemon", 1),
        ("bin", 2),
        ("sys", 3),
        ("adm", 4),
        ("tty", 5),
        ("disk", 6),
        ("lp", 7),
        ("mail", 8),
        ("news", 9),
        ("uucp", 10),
        ("man", 12),
        ("proxy", 13),
        ("kmem", 15),
        ("dialout", 20),
        ("fax", 21),
        ("voice", 22),
        ("cdrom", 24),
        ("floppy", 25),
        ("tape", 26),
        ("sudo", 27),
        ("audio", 29),
        ("dip", 30),
        ("www-data", 33),
        ("backup", 34),
        ("operator", 37),
        ("list", 38),
        ("irc", 39),
        ("src", 40),
        ("shadow", 42),
        ("utmp", 43),
        ("video", 44),
        ("sasl", 45),
        ("plugdev", 46),
        ("staff", 50),
        ("games", 60),
        ("users", 100),
        ("nogroup", 65534),
        ("user", 1000),
    )
)
_OS_RELEASE = (
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'
    'NAME="Debian GNU/Linux"\n'
    'VERSION_ID="12"\n'
    'VERSION="12 (bookworm)"\n'
    "VERSION_CODENAME=bookworm\n"
    "ID=debian\n"
    'HOME_URL="https://www.debian.org/"\n'
)

_CPU = (
    "processor\t: {n}\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
    "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\ncpu MHz\t\t: 2200.000\n"
    "cache size\t: 39424 KB\ncpu cores\t: 2\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 "
    "apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm\n\n"
)
_PROC_FILES: tuple[tuple[str, str], ...] = (
    (
        "/proc/version",
        "Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian "
        "12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC "
        "Debian 6.1.76-1 (2024-02-01)\n",
    ),
    ("/proc/cpuinfo", _CPU.format(n=0) + _CPU.format(n=1)),
    (
        "/proc/meminfo",
        "MemTotal:        4028440 kB\nMemFree:         3211904 kB\n"
        "MemAvailable:    3622812 kB\nBuffers:           41236 kB\nCached:           462188 kB\n"
        "SwapTotal:             0 kB\nSwapFree:              0 kB\n",
    ),
    ("/proc/loadavg", "0.00 0.01 0.00 1/87 4242\n"),
    (
        "/proc/mounts",
        "overlay / overlay rw,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec 0 0\n",
    ),
)

_DEFAULT_DIRS: tuple[tuple[str, int], ...] = (
    ("/bin", 0o755),
    ("/usr", 0o755),
    ("/usr/bin", 0o755),
    ("/usr/local", 0o755),
    ("/usr/local/bin", 0o755),
    ("/usr/lib", 0o755),
    ("/usr/share", 0o755),
    ("/sbin", 0o755),
    ("/usr/sbin", 0o755),
    ("/lib", 0o755),
    ("/etc", 0o755),
    ("/tmp", 0o1777),
    ("/dev", 0o755),
    ("/home", 0o755),
    ("/home/user", 0o755),
    ("/root", 0o700),
    ("/proc", 0o555),
    ("/var", 0o755),
    ("/var/log", 0o755),
    ("/var/tmp", 0o1777),
    ("/opt", 0o755),
    ("/srv", 0o755),
    ("/mnt", 0o755),
    ("/app", 0o755),
)

_DEFAULT_FILES: tuple[tuple[str, str], ...] = (
    ("/etc/hostname", "sandbox\n"),
    ("/etc/passwd", _PASSWD),
    ("/etc/group", _GROUP),
    ("/etc/os-release", _OS_RELEASE),
    ("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"),
    ("/etc/shells", "/bin/sh\n/bin/bash\n"),
    ("/dev/null", ""),
    ("/dev/zero", ""),
)

_MAGIC = re.compile(r"[*?\[]")


class VirtualFS:
    """One sandbox's files, directories and symbolic links, with caps on size and node count.

    It starts with a Debian-like layout: the usual top-level directories (``/tmp`` and
    ``/var/tmp`` sticky), ``/etc`` with hostname, passwd, group, os-release, hosts and shells,
    ``/dev/null`` and ``/dev/zero`` (writes vanish), and a few ``/proc`` files (version,
    cpuinfo, meminfo, loadavg, mounts). Writes past ``max_bytes`` or new nodes past
    ``max_nodes`` fail with ENOSPC.
    """

    def __init__(self, *, max_bytes: int = 64 * 1024 * 1024, max_nodes: int = 100_000) -> None:
        self.max_bytes = max_bytes
        self.max_nodes = max_nodes
        self._inodes = itertools.count(2)
        self._bytes = 0
        self._nodes = 1
        self._root = _Dir(mode=0o755, mtime=time.time(), ino=1)
        self._sinks: set[int] = set()
        for path, mode in _DEFAULT_DIRS:
            self.mkdir(path, parents=True, mode=mode)
        for path, text in _DEFAULT_FILES:
            self.write_bytes(path, text.encode())
        for path, text in _PROC_FILES:
            self.write_bytes(path, text.encode())
            self.chmod(path, 0o444)
        for sink in ("/dev/null", "/dev/zero"):
            self.chmod(sink, 0o666)
            self._sinks.add(self._node(sink).ino)

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
        """The contents of the file at ``path``: ENOENT if absent, EISDIR for a directory."""
        node = self._node(path)
        if isinstance(node, _Dir):
            raise FSError(errno.EISDIR, path)
        assert isinstance(node, _File)
        return bytes(node.data)

    def read_text(self, path: str) -> str:
        """The file decoded as UTF-8, invalid bytes replaced."""
        return self.read_bytes(path).decode("utf-8", errors="replace")

    def write_bytes(self, path: str, data: bytes, *, append: bool = False) -> None:
        """Replace (or with ``append`` extend) the file at ``path``, creating it if absent."""
        parent, name, node = self._walk(path, follow=True)
        if isinstance(node, _Dir) or not name:
            raise FSError(errno.EISDIR, path)
        if node is None:
            self._add(parent, name, _File(mode=0o644, mtime=time.time(), ino=0), path)
            node = parent.children[name]
        assert isinstance(node, _File)
        if node.ino in self._sinks:
            return
        grow = len(data) if append else len(data) - len(node.data)
        if grow > 0 and self._bytes + grow > self.max_bytes:
            raise FSError(errno.ENOSPC, path)
        self._bytes += grow
        if append:
            node.data.extend(data)
        else:
            node.data = bytearray(data)
        node.mtime = time.time()

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
        mode = self._node(src).mode
        existed = self.exists(dst)
        self.write_bytes(dst, data)
        if not existed:
            self.chmod(dst, mode)

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
