"""``ls``: one name per line (output is never a terminal), long format, recursion, sorting."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.modes import mode_string
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    Parsed,
    parse_or_answer,
)
from mockserver.engines.simulated.utilities.sizes import human_size
from mockserver.engines.simulated.utilities.streams import Output, shell_quote
from mockserver.engines.simulated.utilities.versions import version_compare
from mockserver.engines.simulated.vfs import Stat

_SIX_MONTHS = 31556952 // 2
_LONG = {
    **STANDARD_LONG,
    "all": ("a", "none"),
    "almost-all": ("A", "none"),
    "directory": ("d", "none"),
    "recursive": ("R", "none"),
    "reverse": ("r", "none"),
    "human-readable": ("h", "none"),
    "classify": ("F", "optional"),
    "inode": ("i", "none"),
    "numeric-uid-gid": ("n", "none"),
    "size": ("s", "none"),
    "color": ("color", "optional"),
    "sort": ("sort", "required"),
    "time": ("time", "required"),
    "full-time": ("full-time", "none"),
    "group-directories-first": ("gdf", "none"),
    "indicator-style": ("indicator-style", "required"),
    "dereference": ("L", "none"),
    "literal": ("N", "none"),
    "quote-name": ("Q", "none"),
    "ignore-backups": ("B", "none"),
    "no-group": ("G", "none"),
    "width": ("w", "required"),
}


@dataclass
class _Entry:
    name: str  # as shown
    path: str  # absolute
    st: Stat  # what is listed (the link itself, unless dereferenced)
    target: str | None = None  # symlink target, for long format
    target_st: Stat | None = None


@dataclass
class _Config:
    show: str  # "default", "almost", "all"
    long: bool
    layout: str  # "one", "long", "columns" (-C), "across" (-x), "commas" (-m)
    width: int  # line length for -C, -x and -m
    dirs_as_files: bool
    recursive: bool
    reverse: bool
    sort: str  # "name", "time", "size", "none", "extension"
    human: bool
    classify: str  # "", "classify", "slash"
    inode: bool
    numeric: bool
    blocks: bool
    owner: bool
    group: bool
    deref: bool
    full_time: bool
    dirs_first: bool
    quote: bool
    hide_backups: bool


def _config(opts: Parsed, env_columns: str | None) -> _Config:
    keys = [k for k, _ in opts.options]
    show = "default"
    for k in keys:
        if k in ("a", "f"):
            show = "all"
        elif k == "A":
            show = "almost"
    sort = "name"
    for k, v in opts.options:
        if k == "t":
            sort = "time"
        elif k == "S":
            sort = "size"
        elif k in ("U", "f"):
            sort = "none"
        elif k == "X":
            sort = "extension"
        elif k == "v":
            sort = "version"
        elif k == "sort" and v is not None:
            sort = {"time": "time", "size": "size", "none": "none", "extension": "extension"}.get(
                v, "version" if v == "version" else "name"
            )
    classify = ""
    for k, v in opts.options:
        if k == "F":
            classify = "classify" if v in (None, "always", "yes", "force") else ""
        elif k == "p":
            classify = "slash"
        elif k == "indicator-style" and v is not None:
            classify = {"classify": "classify", "slash": "slash", "file-type": "filetype"}.get(
                v, ""
            )
    # The last format option wins; output is no terminal, so the default is one per line.
    layout = "one"
    for k in keys:
        if k in ("l", "g", "o", "n", "full-time"):
            layout = "long"
        elif k == "1":
            layout = layout if layout == "long" else "one"  # -1 has no effect after -l
        elif k in ("C", "x", "m"):
            layout = {"C": "columns", "x": "across", "m": "commas"}[k]
    long = layout == "long"
    width_raw = opts.last("w") or env_columns
    width = int(width_raw) if width_raw and width_raw.isdigit() else 80
    return _Config(
        layout=layout,
        width=width,
        show=show,
        long=long,
        dirs_as_files=opts.has("d"),
        recursive=opts.has("R"),
        reverse=opts.has("r"),
        sort=sort,
        human=opts.has("h"),
        classify=classify,
        inode=opts.has("i"),
        numeric=opts.has("n"),
        blocks=opts.has("s"),
        owner=not opts.has("g"),
        group=not opts.has("o", "G"),
        deref=opts.has("L"),
        full_time=opts.has("full-time"),
        dirs_first=opts.has("gdf"),
        quote=opts.has("Q"),
        hide_backups=opts.has("B"),
    )


async def ls(proc: Process) -> int:
    opts = await parse_or_answer(
        proc,
        proc.argv[1:],
        "1aAbBcCdfFgGhHiklLmnNopqQrRsStuUvw:xX",
        _LONG,
        usage="[OPTION]... [FILE]...",
        usage_status=2,
    )
    if isinstance(opts, int):
        return opts
    cfg = _config(opts, proc.env.get("COLUMNS"))
    out = Output(proc)
    status = 0
    operands = opts.operands or ["."]
    files: list[_Entry] = []
    dirs: list[_Entry] = []
    for operand in operands:
        path = proc.path(operand)
        lst = proc.fs.lstat(path)
        if lst is not None and operand.endswith("/") and not proc.fs.is_dir(path):
            await out.flush()
            await proc.error(f"cannot access {shell_quote(operand)}: Not a directory")
            status = 2
            continue
        if lst is None:
            await out.flush()
            await proc.error(f"cannot access {shell_quote(operand)}: {_missing(proc, path)}")
            status = 2
            continue
        st = lst
        if lst.kind == "symlink":
            target = proc.fs.stat(path)
            default = not (cfg.long or cfg.dirs_as_files or cfg.classify == "classify")
            by_default = default and target is not None and target.kind == "dir"
            if target is not None and (cfg.deref or operand.endswith("/") or by_default):
                st = target
        entry = _entry(proc, operand, path, st)
        if st.kind == "dir" and not cfg.dirs_as_files:
            dirs.append(entry)
        else:
            files.append(entry)
    files = _sorted(files, cfg)
    dirs = _sorted(dirs, cfg)
    printed = False
    if files:
        await _print_entries(proc, out, files, cfg, total=False, also_measure=dirs)
        printed = True
    show_names = len(operands) > 1 or cfg.recursive
    stack = list(reversed(dirs))
    while stack:
        await proc.checkpoint()
        d = stack.pop()
        if show_names:
            await out.write(("\n" if printed else "") + f"{d.name}:\n")
        printed = True
        entries = _children(proc, d, cfg)
        await _print_entries(proc, out, entries, cfg, total=True)
        if cfg.recursive:
            subdirs = [e for e in entries if e.st.kind == "dir" and e.name not in (".", "..")]
            for sub in reversed(subdirs):
                prefix = d.name if d.name.endswith("/") else d.name + "/"
                stack.append(_Entry(prefix + sub.name, sub.path, sub.st))
    await out.flush()
    return status


def _missing(proc: Process, path: str) -> str:
    try:
        proc.fs.stat_or_raise(path, follow=False)
    except OSError as err:
        return err.strerror or "No such file or directory"
    return "No such file or directory"


def _entry(proc: Process, name: str, path: str, st: Stat) -> _Entry:
    entry = _Entry(name, path, st)
    if st.kind == "symlink":
        entry.target = proc.fs.readlink(path)
        entry.target_st = proc.fs.stat(path)
    return entry


def _children(proc: Process, d: _Entry, cfg: _Config) -> list[_Entry]:
    entries: list[_Entry] = []
    if cfg.show == "all":
        parent = d.path.rsplit("/", 1)[0] or "/"
        for name, path in ((".", d.path), ("..", parent)):
            st = proc.fs.stat(path)
            if st is not None:
                entries.append(_Entry(name, path, st))
    for name in proc.fs.listdir(d.path):
        if name.startswith(".") and cfg.show == "default":
            continue
        if cfg.hide_backups and name.endswith("~"):
            continue
        path = f"{d.path.rstrip('/')}/{name}"
        st = proc.fs.lstat(path)
        if st is None:
            continue
        if cfg.deref and st.kind == "symlink":
            st = proc.fs.stat(path) or st
        entries.append(_entry(proc, name, path, st))
    return _sorted(entries, cfg)


def _sorted(entries: list[_Entry], cfg: _Config) -> list[_Entry]:
    if cfg.sort == "none":
        return entries
    result = sorted(entries, key=lambda e: e.name)
    if cfg.sort == "time":
        result.sort(key=lambda e: -e.st.mtime)
    elif cfg.sort == "size":
        result.sort(key=lambda e: -e.st.size)
    elif cfg.sort == "extension":
        # GNU's extension: from the last "." on, the dot included ("" without one).
        result.sort(key=lambda e: e.name[e.name.rfind(".") :] if "." in e.name else "")
    elif cfg.sort == "version":
        result.sort(key=functools.cmp_to_key(lambda a, b: version_compare(a.name, b.name)))
    if cfg.reverse:
        result.reverse()
    if cfg.dirs_first:
        result.sort(
            key=lambda e: e.st.kind != "dir" and (e.target_st is None or e.target_st.kind != "dir")
        )
    return result


def _suffix(e: _Entry, cfg: _Config) -> str:
    if not cfg.classify:
        return ""
    st = e.st
    if st.kind == "dir":
        return "/"
    if cfg.classify == "slash":
        return ""
    if st.kind == "symlink":
        return "" if cfg.long else "@"
    if cfg.classify == "classify" and st.mode & 0o111:
        return "*"
    return ""


def _blocks(st: Stat) -> int:
    if st.kind == "dir":
        return 4
    if st.kind == "symlink":
        return 0
    return -(-st.size // 4096) * 4


def _block_text(st: Stat, cfg: _Config) -> str:
    blocks = _blocks(st)
    return human_size(blocks * 1024) if cfg.human and blocks else str(blocks)


def _owner(uid: int, numeric: bool) -> str:
    if numeric:
        return str(uid)
    return {0: "root", 1000: "user", 65534: "nobody"}.get(uid, str(uid))


def _when(mtime: float, full: bool) -> str:
    t = time.gmtime(mtime)
    if full:
        frac = f"{mtime % 1:.9f}"[1:]
        return time.strftime("%Y-%m-%d %H:%M:%S", t) + frac + " +0000"
    now = time.time()
    if abs(now - mtime) < _SIX_MONTHS and mtime <= now + 1:
        return time.strftime("%b ", t) + f"{t.tm_mday:2d} " + time.strftime("%H:%M", t)
    return time.strftime("%b ", t) + f"{t.tm_mday:2d}  " + time.strftime("%Y", t)


async def _print_entries(
    proc: Process,
    out: Output,
    entries: list[_Entry],
    cfg: _Config,
    *,
    total: bool,
    also_measure: list[_Entry] | None = None,
) -> None:
    """Print one listing. Column widths also cover ``also_measure``: GNU sizes the columns
    of the command line's files over every operand, the directories included."""
    if (cfg.long or cfg.blocks) and total:
        blocks = sum(_blocks(e.st) for e in entries)
        await out.write(f"total {human_size(blocks * 1024) if cfg.human else blocks}\n")
    measured = entries + (also_measure or [])
    if not cfg.long:
        block_width = max((len(_block_text(e.st, cfg)) for e in measured), default=0)
        names: list[str] = []
        for e in entries:
            prefix = ""
            if cfg.inode:
                prefix += f"{e.st.ino} "
            if cfg.blocks:
                prefix += f"{_block_text(e.st, cfg):>{block_width}} "
            names.append(f"{prefix}{_name(e, cfg)}{_suffix(e, cfg)}")
        if cfg.layout == "one":
            for name in names:
                await proc.checkpoint()
                await out.write(name + "\n")
        elif names:
            await out.write(layout_names(names, cfg.layout, cfg.width))
        return
    rows: list[tuple[str, str, str, str, str, str, str, str, _Entry]] = []
    for e in measured:
        size = human_size(e.st.size) if cfg.human else str(e.st.size)
        if e.st.kind == "device":
            size = f"{e.st.rdev[0]}, {e.st.rdev[1]}"
        rows.append(
            (
                str(e.st.ino),
                _block_text(e.st, cfg),
                mode_string(e.st.kind, e.st.mode),
                str(e.st.nlink),
                _owner(e.st.uid, cfg.numeric),
                _owner(e.st.gid, cfg.numeric),
                size,
                _when(e.st.mtime, cfg.full_time),
                e,
            )
        )
    columns: list[list[str]] = [list(r[:7]) for r in rows]
    columns = [list(c) for c in zip(*columns, strict=True)] if columns else [[]] * 7
    widths = [max((len(cell) for cell in column), default=0) for column in columns]
    for ino, blk, mode, nlink, owner, group, size, when, e in rows[: len(entries)]:
        await proc.checkpoint()
        parts: list[str] = []
        if cfg.inode:
            parts.append(ino.rjust(widths[0]))
        if cfg.blocks:
            parts.append(blk.rjust(widths[1]))
        parts.append(mode)
        parts.append(nlink.rjust(widths[3]))
        if cfg.owner:
            parts.append(owner.ljust(widths[4]))
        if cfg.group:
            parts.append(group.ljust(widths[5]))
        parts.append(size.rjust(widths[6]))
        parts.append(when)
        name = _name(e, cfg) + _suffix(e, cfg)
        if e.target is not None:
            name += f" -> {e.target}"
            if cfg.classify == "classify" and e.target_st is not None:
                name += _suffix(_Entry(e.target, e.path, e.target_st), cfg)
        parts.append(name)
        await out.write(" ".join(parts) + "\n")


def _indent(start: int, goal: int) -> str:
    """GNU's padding from column ``start`` to ``goal``: tabs (every 8) where they fit."""
    out: list[str] = []
    while start < goal:
        if goal // 8 > (start + 1) // 8:
            out.append("\t")
            start += 8 - start % 8
        else:
            out.append(" ")
            start += 1
    return "".join(out)


def layout_names(names: list[str], layout: str, width: int) -> str:
    """Names in columns (``-C``: down, ``-x``: across) or separated by commas (``-m``)."""
    if layout == "commas":
        out: list[str] = []
        pos = 0
        for index, name in enumerate(names):
            if index:
                if pos + len(name) + 2 < width:
                    out.append(", ")
                    pos += 2
                else:
                    out.append(",\n")
                    pos = 0
            out.append(name)
            pos += len(name)
        return "".join(out) + "\n"
    count = len(names)
    best: list[int] = [max(len(n) for n in names)]
    for cols in range(2, min(count, max(width // 3, 1)) + 1):
        rows = -(-count // cols)
        widths = [0] * cols
        for index, name in enumerate(names):
            column = index // rows if layout == "columns" else index % cols
            widths[column] = max(widths[column], len(name) + (2 if column != cols - 1 else 0))
        if sum(widths) < width:
            best = widths
    cols = len(best)
    rows = -(-count // cols)
    lines: list[str] = []
    if layout == "columns":
        for row in range(rows):
            pos, parts = 0, []
            index, column = row, 0
            while True:
                name = names[index]
                parts.append(name)
                index += rows
                if index >= count:
                    break
                parts.append(_indent(pos + len(name), pos + best[column]))
                pos += best[column]
                column += 1
            lines.append("".join(parts))
    else:
        for row in range(rows):
            pos, parts = 0, []
            chunk = names[row * cols : row * cols + cols]
            for column, name in enumerate(chunk):
                parts.append(name)
                if column < len(chunk) - 1:
                    parts.append(_indent(pos + len(name), pos + best[column]))
                    pos += best[column]
            lines.append("".join(parts))
    return "".join(line + "\n" for line in lines)


def _name(e: _Entry, cfg: _Config) -> str:
    if cfg.quote:
        escaped = e.name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return e.name
