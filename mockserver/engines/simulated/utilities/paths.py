"""Utilities about path names: basename, dirname, realpath, readlink."""

from __future__ import annotations

import errno

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import locale_quote, strerror
from mockserver.engines.simulated.vfs import FSError

_BASENAME_LONG = {
    **STANDARD_LONG,
    "multiple": ("a", "none"),
    "suffix": ("s", "required"),
    "zero": ("z", "none"),
}


def base_name(path: str, suffix: str = "") -> str:
    """What ``basename PATH SUFFIX`` prints (without the newline)."""
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path else ""
    name = stripped.rsplit("/", 1)[-1]
    if suffix and name != suffix and name.endswith(suffix):
        name = name[: -len(suffix)]
    return name


def dir_name(path: str) -> str:
    """What ``dirname PATH`` prints (without the newline)."""
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path.startswith("/") else "."
    if "/" not in stripped:
        return "."
    parent = stripped.rsplit("/", 1)[0].rstrip("/")
    return parent or "/"


async def basename(proc: Process) -> int:
    # GNU basename stops at the first operand ("basename NAME -s" takes "-s" as SUFFIX).
    opts = await parse_or_answer(
        proc, proc.argv[1:], "as:z", _BASENAME_LONG, usage="NAME [SUFFIX]", permute=False
    )
    if isinstance(opts, int):
        return opts
    names = opts.operands
    if not names:
        return await usage_error(proc, "missing operand")
    end = "\0" if opts.has("z") else "\n"
    suffix = opts.last("s")
    if suffix is None and not opts.has("a"):
        if len(names) > 2:
            return await usage_error(proc, f"extra operand {locale_quote(names[2])}")
        suffix = names[1] if len(names) == 2 else ""
        names = names[:1]
    await proc.stdout.write("".join(base_name(n, suffix or "") + end for n in names))
    return 0


async def dirname(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "z", {**STANDARD_LONG, "zero": ("z", "none")}, usage="[OPTION] NAME..."
    )
    if isinstance(opts, int):
        return opts
    if not opts.operands:
        return await usage_error(proc, "missing operand")
    end = "\0" if opts.has("z") else "\n"
    await proc.stdout.write("".join(dir_name(n) + end for n in opts.operands))
    return 0


def canonicalize(proc: Process, operand: str, mode: str) -> str:
    """Resolve every symbolic link. ``mode``: "e" all must exist, "f" all but the last, "m" none."""
    path = proc.path(operand)
    if mode == "m":
        parts = [p for p in path.split("/") if p]
        for i in range(len(parts), -1, -1):
            head = "/" + "/".join(parts[:i])
            if proc.fs.exists(head):
                resolved = proc.fs.realpath(head)
                rest = "/".join(parts[i:])
                return proc.fs.normalize(rest, resolved) if rest else resolved
        return path
    resolved = proc.fs.realpath(path)
    if mode == "e" and not proc.fs.exists(resolved):
        raise FSError(errno.ENOENT, operand)
    if mode == "f" and operand.endswith("/") and not proc.fs.is_dir(resolved):
        raise FSError(errno.ENOENT if not proc.fs.exists(resolved) else errno.ENOTDIR, operand)
    return resolved


_REALPATH_LONG = {
    **STANDARD_LONG,
    "canonicalize-existing": ("e", "none"),
    "canonicalize-missing": ("m", "none"),
    "logical": ("L", "none"),
    "physical": ("P", "none"),
    "quiet": ("q", "none"),
    "strip": ("s", "none"),
    "no-symlinks": ("s", "none"),
    "zero": ("z", "none"),
    "relative-to": ("relative-to", "required"),
    "relative-base": ("relative-base", "required"),
}


async def realpath(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "emLPqsz", _REALPATH_LONG, usage="[OPTION]... FILE..."
    )
    if isinstance(opts, int):
        return opts
    if not opts.operands:
        return await usage_error(proc, "missing operand")
    mode = "e" if opts.has("e") else "m" if opts.has("m") else "f"
    end = "\0" if opts.has("z") else "\n"
    relative_to = opts.last("relative-to")
    status = 0
    for operand in opts.operands:
        try:
            if opts.has("s"):
                result = proc.path(operand)
                if mode != "m" and not proc.fs.exists(result.rsplit("/", 1)[0] or "/"):
                    raise FSError(errno.ENOENT, operand)
            else:
                result = canonicalize(proc, operand, mode)
            if relative_to is not None:
                result = _relative(result, canonicalize(proc, relative_to, "m"))
            await proc.stdout.write(result + end)
        except FSError as err:
            if not opts.has("q"):
                await proc.error(f"{operand}: {strerror(err)}")
            status = 1
    return status


def _relative(path: str, base: str) -> str:
    p = [x for x in path.split("/") if x]
    b = [x for x in base.split("/") if x]
    common = 0
    while common < min(len(p), len(b)) and p[common] == b[common]:
        common += 1
    parts = [".."] * (len(b) - common) + p[common:]
    return "/".join(parts) or "."


_READLINK_LONG = {
    **STANDARD_LONG,
    "canonicalize": ("f", "none"),
    "canonicalize-existing": ("e", "none"),
    "canonicalize-missing": ("m", "none"),
    "no-newline": ("n", "none"),
    "quiet": ("q", "none"),
    "silent": ("s", "none"),
    "verbose": ("v", "none"),
    "zero": ("z", "none"),
}


async def readlink(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "femnqsvz", _READLINK_LONG, usage="[OPTION]... FILE..."
    )
    if isinstance(opts, int):
        return opts
    if not opts.operands:
        return await usage_error(proc, "missing operand")
    mode = next((k for k, _ in reversed(opts.options) if k in "fem"), "")
    end = "\0" if opts.has("z") else "" if opts.has("n") and len(opts.operands) == 1 else "\n"
    status = 0
    for operand in opts.operands:
        try:
            if mode:
                result = canonicalize(proc, operand, mode)
            else:
                result = proc.fs.readlink(proc.path(operand))
            await proc.stdout.write(result + end)
        except FSError as err:
            if opts.has("v"):
                await proc.error(f"{operand}: {strerror(err)}")
            status = 1
    return status
