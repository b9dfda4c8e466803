"""Comparing files: diff (normal, unified, context-free brief forms) and cmp."""

from __future__ import annotations

import difflib
import time
from collections.abc import Sequence

from mockserver.engines.simulated.process import Process, encode
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    UsageError,
    help_or_version,
    parse,
    permutes,
)
from mockserver.engines.simulated.utilities.streams import (
    Output,
    read_input,
    shell_quote,
    split_lines,
    strerror,
)
from mockserver.engines.simulated.vfs import FSError

_DIFF_LONG = {
    **STANDARD_LONG,
    "brief": ("q", "none"),
    "report-identical-files": ("s", "none"),
    "unified": ("U", "optional"),
    "ignore-case": ("i", "none"),
    "ignore-all-space": ("w", "none"),
    "ignore-space-change": ("b", "none"),
    "ignore-blank-lines": ("B", "none"),
    "recursive": ("r", "none"),
    "new-file": ("N", "none"),
    "text": ("a", "none"),
    "label": ("label", "required"),
    "color": ("color", "optional"),
    "strip-trailing-cr": ("strip-trailing-cr", "none"),
}
_NO_NEWLINE = "\\ No newline at end of file\n"


def _key(line: str, *, icase: bool, all_space: bool, space_change: bool) -> str:
    body = line.rstrip("\n")
    if all_space:
        body = "".join(body.split())
    elif space_change:
        body = " ".join(body.split())
    return body.lower() if icase else body


def _range(start: int, end: int) -> str:
    """Lines ``start+1..end`` as diff's normal format names them."""
    if end - start == 1:
        return str(start + 1)
    if end == start:
        return str(start)
    return f"{start + 1},{end}"


def _emit(line: str, marker: str) -> str:
    if line.endswith("\n"):
        return f"{marker}{line}"
    return f"{marker}{line}\n{_NO_NEWLINE}"


def normal_diff(
    a: list[str], b: list[str], opcodes: Sequence[tuple[str, int, int, int, int]]
) -> str:
    out: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        if tag == "replace":
            out.append(f"{_range(i1, i2)}c{_range(j1, j2)}\n")
            out.extend(_emit(line, "< ") for line in a[i1:i2])
            out.append("---\n")
            out.extend(_emit(line, "> ") for line in b[j1:j2])
        elif tag == "delete":
            out.append(f"{_range(i1, i2)}d{j1}\n")
            out.extend(_emit(line, "< ") for line in a[i1:i2])
        else:
            out.append(f"{i1}a{_range(j1, j2)}\n")
            out.extend(_emit(line, "> ") for line in b[j1:j2])
    return "".join(out)


def _unified_range(start: int, length: int) -> str:
    first = start + 1 if length else start
    return str(first) if length == 1 else f"{first},{length}"


def unified_diff(
    a: list[str], b: list[str], groups: Sequence[Sequence[tuple[str, int, int, int, int]]]
) -> str:
    out: list[str] = []
    for group in groups:
        i1, i2 = group[0][1], group[-1][2]
        j1, j2 = group[0][3], group[-1][4]
        out.append(f"@@ -{_unified_range(i1, i2 - i1)} +{_unified_range(j1, j2 - j1)} @@\n")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out.extend(_emit(line, " ") for line in a[a1:a2])
                continue
            out.extend(_emit(line, "-") for line in a[a1:a2])
            out.extend(_emit(line, "+") for line in b[b1:b2])
    return "".join(out)


def _stamp(mtime: float) -> str:
    frac = f"{mtime % 1:.9f}"[2:]
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(mtime)) + f".{frac} +0000"


async def _diffutils_usage(proc: Process, message: str) -> int:
    """diffutils' form of a usage error: the hint is prefixed with the program's name too."""
    await proc.error(message)
    await proc.error(f"Try '{proc.argv[0]} --help' for more information.")
    return 2


async def diff(proc: Process) -> int:
    try:
        opts = parse(proc.argv[1:], "qsuU:iwbBrNac", _DIFF_LONG, permute=permutes(proc))
    except UsageError as e:
        return await _diffutils_usage(proc, e.message)
    if await help_or_version(proc, opts, "[OPTION]... FILES"):
        return 0
    if len(opts.operands) < 2:
        last = opts.operands[-1] if opts.operands else proc.argv[0]
        return await _diffutils_usage(proc, f"missing operand after {shell_quote(last)}")
    if len(opts.operands) > 2:
        return await _diffutils_usage(proc, f"extra operand {shell_quote(opts.operands[2])}")
    first, second = opts.operands
    paths = [first, second]
    for i, (this, other) in enumerate(((first, second), (second, first))):
        if this != "-" and proc.fs.is_dir(proc.path(this)) and not proc.fs.is_dir(proc.path(other)):
            paths[i] = f"{this.rstrip('/')}/{other.rstrip('/').rsplit('/', 1)[-1]}"
    texts: list[str] = []
    trouble = False
    for operand in paths:
        try:
            texts.append(await read_input(proc, operand))
        except FSError as err:
            if opts.has("N") and err.errno == 2:
                texts.append("")
                continue
            await proc.error(f"{operand}: {strerror(err)}")
            trouble = True
    if trouble:
        return 2
    a, b = split_lines(texts[0]), split_lines(texts[1])
    flags = {"icase": opts.has("i"), "all_space": opts.has("w"), "space_change": opts.has("b")}
    ka = [_key(line, **flags) for line in a]
    kb = [_key(line, **flags) for line in b]
    # A last line without its newline differs from the same line with one.
    if a and not a[-1].endswith("\n"):
        ka[-1] += "\0"
    if b and not b[-1].endswith("\n"):
        kb[-1] += "\0"
    if ka == kb:
        if opts.has("s"):
            await proc.stdout.write(f"Files {paths[0]} and {paths[1]} are identical\n")
        return 0
    if opts.has("q"):
        await proc.stdout.write(f"Files {paths[0]} and {paths[1]} differ\n")
        return 1
    matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    out = Output(proc)
    context_raw = opts.last("U")
    if opts.has("u", "U") or context_raw is not None:
        context = int(context_raw) if context_raw and context_raw.isdigit() else 3
        labels = opts.values("label")
        names = []
        for i, operand in enumerate(paths):
            if i < len(labels):
                names.append(labels[i])
                continue
            st = proc.fs.stat(proc.path(operand)) if operand != "-" else None
            names.append(f"{operand}\t{_stamp(st.mtime if st else time.time())}")
        await out.write(f"--- {names[0]}\n+++ {names[1]}\n")
        await out.write(unified_diff(a, b, list(matcher.get_grouped_opcodes(context))))
    else:
        await out.write(normal_diff(a, b, matcher.get_opcodes()))
    await out.flush()
    return 1


_CMP_LONG = {
    **STANDARD_LONG,
    "silent": ("s", "none"),
    "quiet": ("s", "none"),
    "verbose": ("l", "none"),
    "print-bytes": ("b", "none"),
}


async def cmp(proc: Process) -> int:
    try:
        opts = parse(proc.argv[1:], "slbn:i:", _CMP_LONG, permute=permutes(proc))
    except UsageError as e:
        return await _diffutils_usage(proc, e.message)
    if await help_or_version(proc, opts, "[OPTION]... FILE1 [FILE2 [SKIP1 [SKIP2]]]"):
        return 0
    if not opts.operands:
        return await _diffutils_usage(proc, f"missing operand after {shell_quote(proc.argv[0])}")
    names = [*opts.operands[:2], "-"][:2]
    data: list[bytes] = []
    for operand in names:
        try:
            data.append(encode(await read_input(proc, operand)))
        except FSError as err:
            if not opts.has("s"):
                await proc.error(f"{operand}: {strerror(err)}")
            return 2
    a, b = data
    line = 1
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            if not opts.has("s"):
                await proc.stdout.write(
                    f"{names[0]} {names[1]} differ: byte {index + 1}, line {line}\n"
                )
            return 1
        if x == 10:
            line += 1
    if len(a) != len(b):
        if not opts.has("s"):
            shorter = names[0] if len(a) < len(b) else names[1]
            size = min(len(a), len(b))
            lines = (a if len(a) < len(b) else b).count(b"\n")
            where = f"after byte {size}, line {lines}" if size else "which is empty"
            if size and not (a if len(a) < len(b) else b).endswith(b"\n"):
                where = f"after byte {size}, line {lines + 1}"
            await proc.error(f"EOF on {shorter} {where}")
        return 1
    return 0
