"""Utilities that report on files and space: stat, du, df, file."""

from __future__ import annotations

import time

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.modes import mode_string
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.sizes import human_size
from mockserver.engines.simulated.utilities.streams import Output, shell_quote, strerror
from mockserver.engines.simulated.vfs import FSError, Stat

_KIND_NAMES = {
    "file": "regular file",
    "dir": "directory",
    "symlink": "symbolic link",
    "device": "character special file",
}


def _blocks512(st: Stat) -> int:
    if st.kind == "dir":
        return 8
    if st.kind in {"symlink", "device"}:
        return 0
    return -(-st.size // 4096) * 8


def _stamp(t: float) -> str:
    frac = f"{t % 1:.9f}"[2:]
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)) + f".{frac} +0000"


def _kind_name(st: Stat) -> str:
    if st.kind == "file" and st.size == 0:
        return "regular empty file"
    return _KIND_NAMES[st.kind]


def _stat_format(fmt: str, name: str, st: Stat, proc: Process, path: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c == "\\" and i + 1 < len(fmt):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(fmt[i + 1], fmt[i + 1]))
            i += 2
            continue
        if c != "%" or i + 1 >= len(fmt):
            out.append(c)
            i += 1
            continue
        d = fmt[i + 1]
        i += 2
        values = {
            "n": name,
            "N": shell_quote(name)
            + (f" -> {shell_quote(proc.fs.readlink(path))}" if st.kind == "symlink" else ""),
            "s": str(st.size),
            "a": f"{st.mode & 0o7777:o}",
            "A": mode_string(st.kind, st.mode),
            "f": f"{_raw_mode(st):x}",
            "F": _kind_name(st),
            "U": "root",
            "G": "root",
            "u": str(st.uid),
            "g": str(st.gid),
            "h": str(st.nlink),
            "i": str(st.ino),
            "b": str(_blocks512(st)),
            "B": "512",
            "o": "4096",
            "d": "65024",
            "D": "fe00",
            "t": "0",
            "T": "0",
            "x": _stamp(st.mtime),
            "y": _stamp(st.mtime),
            "z": _stamp(st.mtime),
            "w": "-",
            "X": str(int(st.mtime)),
            "Y": str(int(st.mtime)),
            "Z": str(int(st.mtime)),
            "W": "0",
            "%": "%",
        }
        out.append(values.get(d, "?"))
    return "".join(out)


def _raw_mode(st: Stat) -> int:
    return _TYPE_BITS[st.kind] | st.mode


_TYPE_BITS = {"file": 0o100000, "dir": 0o040000, "symlink": 0o120000, "device": 0o020000}

_STAT_LONG = {
    **STANDARD_LONG,
    "dereference": ("L", "none"),
    "format": ("c", "required"),
    "printf": ("printf", "required"),
    "terse": ("t", "none"),
    "file-system": ("f", "none"),
}


async def stat(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "Lc:tf", _STAT_LONG, usage="[OPTION]... FILE..."
    )
    if isinstance(opts, int):
        return opts
    if not opts.operands:
        return await usage_error(proc, "missing operand")
    fmt = opts.last("c")
    printf = opts.last("printf")
    status = 0
    out = Output(proc)
    for operand in opts.operands:
        path = proc.path(operand)
        st = proc.fs.stat(path) if opts.has("L") else proc.fs.lstat(path)
        if st is None:
            await out.flush()
            await proc.error(f"cannot statx {shell_quote(operand)}: No such file or directory")
            status = 1
            continue
        if printf is not None:
            await out.write(_stat_format(printf, operand, st, proc, path))
        elif fmt is not None:
            await out.write(_stat_format(fmt, operand, st, proc, path) + "\n")
        elif opts.has("t"):
            await out.write(
                _stat_format(
                    "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o", operand, st, proc, path
                )
                + "\n"
            )
        else:
            shown = operand
            if st.kind == "symlink":
                shown = f"{operand} -> {proc.fs.readlink(path)}"
            device = "Device: 254,0"
            await out.write(
                f"  File: {shown}\n"
                f"  Size: {st.size:<10}\tBlocks: {_blocks512(st):<10} IO Block: 4096   {_kind_name(st)}\n"
                f"{device}\tInode: {st.ino:<11} Links: {st.nlink}\n"
                f"Access: ({st.mode & 0o7777:04o}/{mode_string(st.kind, st.mode)})  Uid: (    0/    root)   Gid: (    0/    root)\n"
                f"Access: {_stamp(st.mtime)}\n"
                f"Modify: {_stamp(st.mtime)}\n"
                f"Change: {_stamp(st.mtime)}\n"
                f" Birth: {_stamp(st.mtime)}\n"
            )
    await out.flush()
    return status


_DU_LONG = {
    **STANDARD_LONG,
    "all": ("a", "none"),
    "summarize": ("s", "none"),
    "human-readable": ("h", "none"),
    "total": ("c", "none"),
    "max-depth": ("d", "required"),
    "bytes": ("b", "none"),
    "apparent-size": ("apparent-size", "none"),
    "block-size": ("B", "required"),
}


async def du(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "ashcd:bkmB:x", _DU_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    max_depth = 0 if opts.has("s") else None
    raw_depth = opts.last("d")
    if raw_depth is not None:
        if not raw_depth.isdigit():
            await proc.error(f"invalid maximum depth {shell_quote(raw_depth)}")
            return 1
        max_depth = int(raw_depth)
    apparent = opts.has("b", "apparent-size")
    out = Output(proc)
    status = 0
    grand = 0

    def fmt(size: int) -> str:
        if opts.has("b"):
            return str(size)
        kib = size if not apparent else -(-size // 1024)
        if opts.has("h"):
            return human_size(kib * 1024)
        if opts.has("m"):
            return str(-(-kib // 1024))
        return str(kib)

    async def walk(path: str, shown: str, depth: int) -> int:
        await proc.checkpoint()
        st = proc.fs.lstat(path)
        assert st is not None
        own = st.size if opts.has("b") else (st.size if apparent else _blocks512(st) // 2)
        if st.kind != "dir":
            shown_here = depth == 0 or opts.has("a")
            if shown_here and (max_depth is None or depth <= max_depth):
                await out.write(f"{fmt(own)}\t{shown}\n")
            return own
        total = own
        for name in proc.fs.listdir(path):
            child_shown = f"{shown.rstrip('/')}/{name}" if shown != "/" else f"/{name}"
            total += await walk(f"{path.rstrip('/')}/{name}", child_shown, depth + 1)
        if max_depth is None or depth <= max_depth:
            await out.write(f"{fmt(total)}\t{shown}\n")
        return total

    for operand in opts.operands or ["."]:
        path = proc.path(operand)
        if proc.fs.lstat(path) is None:
            await out.flush()
            await proc.error(f"cannot access {shell_quote(operand)}: No such file or directory")
            status = 1
            continue
        grand += await walk(path, operand, 0)
    if opts.has("c"):
        await out.write(f"{fmt(grand)}\ttotal\n")
    await out.flush()
    return status


async def df(proc: Process) -> int:
    opts = await parse_or_answer(
        proc,
        proc.argv[1:],
        "ahHikPTt:x:",
        {
            **STANDARD_LONG,
            "human-readable": ("h", "none"),
            "si": ("H", "none"),
            "inodes": ("i", "none"),
            "print-type": ("T", "none"),
            "all": ("a", "none"),
            "portability": ("P", "none"),
        },
        usage="[OPTION]... [FILE]...",
    )
    if isinstance(opts, int):
        return opts
    fs = proc.fs
    for operand in opts.operands:
        if not fs.exists(proc.path(operand)):
            await proc.error(f"{operand}: No such file or directory")
            return 1
    size_k = fs.max_bytes // 1024
    used_k = -(-fs.used_bytes // 1024)
    avail_k = max(size_k - used_k, 0)
    pct = f"{-(-used_k * 100 // size_k) if size_k else 0}%"
    type_col = opts.has("T")
    if opts.has("i"):
        header = (
            "Filesystem"
            + (" Type   " if type_col else "")
            + "  Inodes IUsed   IFree IUse% Mounted on\n"
        )
        iused = fs.used_nodes
        ifree = max(fs.max_nodes - iused, 0)
        ipct = f"{-(-iused * 100 // fs.max_nodes)}%"
        row = (
            "overlay   "
            + ("overlay " if type_col else "")
            + f"{fs.max_nodes:>8} {iused:>5} {ifree:>7} {ipct:>5} /\n"
        )
        await proc.stdout.write(header + row)
        return 0
    if opts.has("h", "H"):

        def human(k: int) -> str:
            return human_size(k * 1024)

        header = (
            "Filesystem     "
            + ("Type     " if type_col else "")
            + " Size  Used Avail Use% Mounted on\n"
        )
        row = (
            "overlay        "
            + ("overlay  " if type_col else "")
            + f"{human(size_k):>5} {human(used_k):>5} {human(avail_k):>5} {pct:>4} /\n"
        )
    else:
        header = (
            "Filesystem     "
            + ("Type     " if type_col else "")
            + "1K-blocks  Used Available Use% Mounted on\n"
        )
        row = (
            "overlay        "
            + ("overlay  " if type_col else "")
            + f"{size_k:>9} {used_k:>5} {avail_k:>9} {pct:>4} /\n"
        )
    await proc.stdout.write(header + row)
    return 0


async def file(proc: Process) -> int:
    args = [a for a in proc.argv[1:] if not a.startswith("-")]
    brief = "-b" in proc.argv[1:]
    if not args:
        await proc.stderr.write(
            "Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n"
        )
        return 1
    width = max(len(a) for a in args) + 1
    for name in args:
        path = proc.path(name)
        st = proc.fs.lstat(path)
        if st is None:
            what = f"cannot open `{name}' (No such file or directory)"
        elif st.kind == "dir":
            what = "directory"
        elif st.kind == "symlink":
            what = f"symbolic link to {proc.fs.readlink(path)}"
        elif st.kind == "device":
            what = f"character special ({st.rdev[0]}/{st.rdev[1]})"
        else:
            try:
                data = proc.fs.read_bytes(path)
            except FSError as err:
                what = f"cannot open `{name}' ({strerror(err)})"
            else:
                what = _sniff(data, bool(st.mode & 0o111))
        prefix = "" if brief else f"{name + ':':<{width}} "
        await proc.stdout.write(f"{prefix}{what}\n")
    return 0


def _sniff(data: bytes, executable: bool) -> str:
    if not data:
        return "empty"
    head = data[:256]
    if head.startswith(b"\x7fELF"):
        return "ELF 64-bit LSB pie executable, x86-64, version 1 (SYSV), dynamically linked"
    if head.startswith(b"#!"):
        line = head.split(b"\n", 1)[0].decode(errors="replace")
        interp = line[2:].strip().split()
        prog = (
            interp[-1].rsplit("/", 1)[-1]
            if interp and interp[0].endswith("env")
            else (interp[0].rsplit("/", 1)[-1] if interp else "")
        )
        names = {
            "sh": "POSIX shell script",
            "bash": "Bourne-Again shell script",
            "python3": "Python script",
            "python": "Python script",
            "node": "Node.js script",
            "perl": "Perl script",
        }
        kind = names.get(prog, f"a {' '.join(interp)} script")
        return f"{kind}, ASCII text executable"
    if head.startswith(b"\x7fELF"):
        return "ELF 64-bit LSB pie executable, x86-64, version 1 (SYSV), dynamically linked"
    if head.startswith(b"\x89PNG"):
        return "PNG image data"
    if head.startswith(b"PK\x03\x04"):
        return "Zip archive data"
    if head.startswith(b"\x1f\x8b"):
        return "gzip compressed data"
    if head.lstrip().startswith((b"{", b"[")) and data.strip().endswith((b"}", b"]")):
        return "JSON text data" if b'"' in data else "ASCII text"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "data"
    if "\0" in text:
        return "data"
    kind = "ASCII text" if text.isascii() else "Unicode text, UTF-8 text"
    if not text.endswith("\n"):
        kind += ", with no line terminators"
    return kind
