"""``grep`` (and ``egrep``/``fgrep``): basic, extended and fixed patterns, context, recursion."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from mockserver.engines.simulated.process import Process, encode
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    Parsed,
    UsageError,
    help_or_version,
    parse,
    permutes,
    usage_error,
)
from mockserver.engines.simulated.utilities.regex import RegexError, translate
from mockserver.engines.simulated.utilities.streams import (
    Output,
    input_lines,
    read_file,
    split_lines,
    strerror,
)
from mockserver.engines.simulated.vfs import FSError, match_pattern

_LONG = {
    **STANDARD_LONG,
    "extended-regexp": ("E", "none"),
    "fixed-strings": ("F", "none"),
    "basic-regexp": ("G", "none"),
    "perl-regexp": ("P", "none"),
    "regexp": ("e", "required"),
    "file": ("f", "required"),
    "ignore-case": ("i", "none"),
    "no-ignore-case": ("no-ignore-case", "none"),
    "word-regexp": ("w", "none"),
    "line-regexp": ("x", "none"),
    "invert-match": ("v", "none"),
    "count": ("c", "none"),
    "color": ("color", "optional"),
    "colour": ("color", "optional"),
    "files-without-match": ("L", "none"),
    "files-with-matches": ("l", "none"),
    "max-count": ("m", "required"),
    "only-matching": ("o", "none"),
    "quiet": ("q", "none"),
    "silent": ("q", "none"),
    "no-messages": ("s", "none"),
    "byte-offset": ("b", "none"),
    "with-filename": ("H", "none"),
    "no-filename": ("h", "none"),
    "label": ("label", "required"),
    "line-number": ("n", "none"),
    "initial-tab": ("T", "none"),
    "null": ("Z", "none"),
    "after-context": ("A", "required"),
    "before-context": ("B", "required"),
    "context": ("C", "required"),
    "recursive": ("r", "none"),
    "dereference-recursive": ("R", "none"),
    "include": ("include", "required"),
    "exclude": ("exclude", "required"),
    "exclude-dir": ("exclude-dir", "required"),
    "text": ("a", "none"),
    "binary-files": ("binary-files", "required"),
    "null-data": ("z", "none"),
    "line-buffered": ("line-buffered", "none"),
    "directories": ("d", "required"),
    "devices": ("D", "required"),
}
_SHORT = "0123456789EFGPe:f:iywxvcLlm:oqsbHhnTZA:B:C:rRaUzd:D:"


@dataclass
class _Config:
    regex: re.Pattern[str] | None  # None: nothing can match (no patterns)
    invert: bool
    count: bool
    list_files: str  # "", "with", "without"
    max_count: int | None
    only: bool
    quiet: bool
    silent: bool
    byte_offset: bool
    line_number: bool
    with_name: bool
    after: int
    before: int
    null: bool
    label: str
    matched_any: bool = False
    errors: bool = False
    pending_separator: bool = False
    printed_groups: int = field(default=0)


def _patterns(opts: Parsed, proc: Process) -> list[str] | None:
    pats: list[str] = []
    for key, value in opts.options:
        if key == "e" and value is not None:
            pats.extend(value.split("\n"))
        elif key == "f" and value is not None:
            text = read_file(proc, value) if value != "-" else ""
            pats.extend(line.rstrip("\n") for line in split_lines(text))
    if not opts.has("e", "f"):
        if not opts.operands:
            return None
        pats.extend(opts.operands.pop(0).split("\n"))
    return pats


def _compile(
    pats: list[str], mode: str, *, icase: bool, word: bool, line: bool
) -> re.Pattern[str] | None:
    if not pats:
        return None
    # -P: Perl syntax is (for everyday patterns: \d, \s, lookarounds, lazy repeats) Python's.
    parts = [
        re.escape(p) if mode == "F" else p if mode == "P" else translate(p, extended=mode == "E")
        for p in pats
    ]
    body = "|".join(f"(?:{p})" for p in parts)
    if line:
        body = f"^(?:{body})$"
    elif word:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, re.IGNORECASE if icase else 0)


async def grep(proc: Process) -> int:
    argv = proc.argv[1:]
    try:
        opts = parse(argv, _SHORT, _LONG, permute=permutes(proc))
    except UsageError as e:
        await proc.stderr.write(
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
            if e.message.startswith("invalid")
            else ""
        )
        if not e.message.startswith("invalid"):
            return await usage_error(proc, e.message, 2)
        return 2
    if await help_or_version(proc, opts, "[OPTION]... PATTERNS [FILE]..."):
        return 0
    name = proc.argv[0].rsplit("/", 1)[-1]
    mode = {"egrep": "E", "fgrep": "F"}.get(name, "G")
    for key, _ in opts.options:
        if key in ("E", "F", "G", "P"):
            mode = key
    try:
        pats = _patterns(opts, proc)
    except FSError as err:
        await proc.error(f"{opts.last('f')}: {strerror(err)}")
        return 2
    if pats is None:
        await proc.stderr.write(
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
        )
        return 2
    icase = [k for k, _ in opts.options if k in ("i", "y", "no-ignore-case")][-1:] in (["i"], ["y"])
    try:
        regex = _compile(pats, mode, icase=icase, word=opts.has("w"), line=opts.has("x"))
    except RegexError as err:
        await proc.error(str(err))
        return 2
    except re.error:
        await proc.error("Invalid regular expression")
        return 2
    context = _context_numbers(opts)
    if isinstance(context, str):
        await proc.error(f"{context}: invalid context length argument")
        return 2
    after, before = context
    max_raw = opts.last("m")
    max_count: int | None = None
    if max_raw is not None:
        try:
            max_count = int(max_raw)
        except ValueError:
            await proc.error("invalid max count")
            return 2
        if max_count < 0:
            max_count = None
    recursive = opts.has("r", "R")
    files = opts.operands or (["."] if recursive else ["-"])
    implicit_dot = recursive and not opts.operands
    with_name = (len(files) > 1 or recursive) and files != ["-"]
    last_h = [k for k, _ in opts.options if k in ("H", "h")][-1:]
    if last_h:
        with_name = last_h == ["H"]
    list_files = ""
    for key, _ in opts.options:
        if key == "l":
            list_files = "with"
        elif key == "L":
            list_files = "without"
    cfg = _Config(
        regex=regex,
        invert=opts.has("v"),
        count=opts.has("c"),
        list_files=list_files,
        max_count=max_count,
        only=opts.has("o"),
        quiet=opts.has("q"),
        silent=opts.has("s"),
        byte_offset=opts.has("b"),
        line_number=opts.has("n"),
        with_name=with_name,
        # With -o GNU prints matches alone: no context lines and no separators.
        after=0 if opts.has("o") else after,
        before=0 if opts.has("o") else before,
        null=opts.has("Z"),
        label=opts.last("label") or "(standard input)",
    )
    out = Output(proc)
    includes, excludes, exclude_dirs = (
        opts.values("include"),
        opts.values("exclude"),
        opts.values("exclude-dir"),
    )
    for operand in files:
        if operand == "-":
            done = await _search(proc, cfg, out, cfg.label, input_lines(proc, "-"))
            if done:
                break
            continue
        path = proc.path(operand)
        st = proc.fs.stat(path)
        if st is None:
            if not cfg.silent:
                await out.flush()
                await proc.error(f"{operand}: {_missing_reason(proc, path)}")
            cfg.errors = True
            continue
        if st.kind == "dir":
            if not recursive:
                if not cfg.silent:
                    await out.flush()
                    await proc.error(f"{operand}: Is a directory")
                cfg.errors = True
                continue
            stop = False
            for shown, child in _walk_files(proc, operand, path, implicit_dot, exclude_dirs):
                base = child.rsplit("/", 1)[-1]
                if includes and not any(match_pattern(g, base) for g in includes):
                    continue
                if any(match_pattern(g, base) for g in excludes):
                    continue
                await proc.checkpoint()
                if await _search(proc, cfg, out, shown, input_lines(proc, child)):
                    stop = True
                    break
            if stop:
                break
            continue
        if opts.operands and (includes or excludes):
            base = operand.rsplit("/", 1)[-1]
            if includes and not any(match_pattern(g, base) for g in includes):
                continue
            if any(match_pattern(g, base) for g in excludes):
                continue
        if await _search(proc, cfg, out, operand, input_lines(proc, operand)):
            break
    await out.flush()
    if cfg.quiet and cfg.matched_any:
        return 0
    if cfg.errors:
        return 2
    return 0 if cfg.matched_any else 1


def _missing_reason(proc: Process, path: str) -> str:
    try:
        proc.fs.stat_or_raise(path)
    except FSError as err:
        return strerror(err)
    return "No such file or directory"


def _context_numbers(opts: Parsed) -> tuple[int, int] | str:
    after = before = 0
    digits = ""
    for key, value in opts.options:
        if key.isdigit():
            digits += key
            after = before = int(digits)
            continue
        digits = ""
        if key in ("A", "B", "C") and value is not None:
            if not value.isdigit():
                return value
            n = int(value)
            if key == "A":
                after = n
            elif key == "B":
                before = n
            else:
                after = before = n
    return after, before


def _walk_files(
    proc: Process, shown: str, path: str, implicit: bool, exclude_dirs: list[str]
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    try:
        names = proc.fs.listdir(path)
    except FSError:
        return found
    for name in names:
        child = f"{path.rstrip('/')}/{name}"
        child_shown = name if implicit and shown == "." else f"{shown.rstrip('/')}/{name}"
        st = proc.fs.lstat(child)
        if st is None or st.kind == "symlink":
            continue
        if st.kind == "dir":
            if any(match_pattern(g, name) for g in exclude_dirs):
                continue
            found.extend(_walk_files(proc, child_shown, child, False, exclude_dirs))
        else:
            found.append((child_shown, child))
    return found


async def _search(
    proc: Process, cfg: _Config, out: Output, name: str, lines: AsyncIterator[str]
) -> bool:
    """Search one input; True when grep can stop altogether (``-q`` found a match)."""
    count = 0
    number = 0
    offset = 0
    before: deque[tuple[int, int, str]] = deque(maxlen=cfg.before or None)
    after_left = 0
    last_printed = -1
    shown = f"{name}\0" if cfg.null else name
    output_lines = not (cfg.count or cfg.list_files or cfg.quiet)
    context = bool(cfg.before or cfg.after)

    async def emit(num: int, off: int, text: str, sep: str) -> None:
        nonlocal last_printed
        if context and cfg.printed_groups and num != last_printed + 1:
            await out.write("--\n")
        cfg.printed_groups += 1
        await out.write(_prefix(cfg, shown, num, off, sep) + text + "\n")
        last_printed = num

    try:
        async for raw in lines:
            await proc.checkpoint()
            if cfg.max_count is not None and count >= cfg.max_count and not after_left:
                break
            number += 1
            line = raw[:-1] if raw.endswith("\n") else raw
            line_offset = offset
            offset += len(encode(raw))
            hit = cfg.regex is not None and cfg.regex.search(line) is not None
            # Past -m's count, GNU still prints the trailing context, matching lines included.
            if hit == cfg.invert or (cfg.max_count is not None and count >= cfg.max_count):
                if output_lines and after_left > 0:
                    await emit(number, line_offset, line, "-")
                    after_left -= 1
                elif output_lines and cfg.before:
                    before.append((number, line_offset, line))
                continue
            count += 1
            cfg.matched_any = True
            if cfg.quiet:
                return True
            if cfg.list_files:
                break
            if output_lines:
                for b_num, b_off, b_line in before:
                    await emit(b_num, b_off, b_line, "-")
                before.clear()
                if cfg.only:
                    assert cfg.regex is not None
                    if not cfg.invert:
                        for m in cfg.regex.finditer(line):
                            if m.group(0):
                                off = line_offset + len(encode(line[: m.start()]))
                                await emit(number, off, m.group(0), ":")
                else:
                    await emit(number, line_offset, line, ":")
                after_left = cfg.after
    except FSError as err:
        if not cfg.silent:
            await out.flush()
            await proc.error(f"{name}: {strerror(err)}")
        cfg.errors = True
        return False
    if cfg.quiet:
        return False
    if cfg.count:
        label = (shown if cfg.null else f"{shown}:") if cfg.with_name else ""
        await out.write(f"{label}{count}\n")
    if (cfg.list_files == "with" and count) or (cfg.list_files == "without" and not count):
        await out.write(name + ("\0" if cfg.null else "\n"))
    return False


def _prefix(cfg: _Config, name: str, number: int, offset: int, sep: str) -> str:
    parts = ""
    if cfg.with_name:
        parts += name + ("" if cfg.null else sep)
    if cfg.line_number:
        parts += f"{number}{sep}"
    if cfg.byte_offset:
        parts += f"{offset}{sep}"
    return parts


async def egrep(proc: Process) -> int:
    """Debian's egrep: ``grep -E`` (the name selects the mode)."""
    return await grep(proc)


async def fgrep(proc: Process) -> int:
    """Debian's fgrep: ``grep -F``."""
    return await grep(proc)
