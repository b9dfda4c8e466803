"""Utilities that make and remove files: mkdir, rmdir, touch, rm, chmod."""

from __future__ import annotations

import datetime as dt
import errno
import re
import time

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.modes import UMASK, mode_string, parse_mode
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import locale_quote, shell_quote, strerror
from mockserver.engines.simulated.utilities.system import parse_date
from mockserver.engines.simulated.vfs import FSError

_MKDIR_LONG = {
    **STANDARD_LONG,
    "parents": ("p", "none"),
    "mode": ("m", "required"),
    "verbose": ("v", "none"),
}


async def mkdir(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "pm:vZ", _MKDIR_LONG, usage="[OPTION]... DIRECTORY..."
    )
    if isinstance(opts, int):
        return opts
    if not opts.operands:
        return await usage_error(proc, "missing operand")
    mode = 0o777 & ~UMASK
    raw_mode = opts.last("m")
    if raw_mode is not None:
        parsed = parse_mode(raw_mode, 0o777, True)
        if parsed is None:
            await proc.error(f"invalid mode {locale_quote(raw_mode)}")
            return 1
        mode = parsed
    status = 0
    for operand in opts.operands:
        path = proc.path(operand)
        try:
            if opts.has("p"):
                await _make_parents(proc, operand, mode, opts.has("v"))
            else:
                proc.fs.mkdir(path, mode=mode)
                if opts.has("v"):
                    await proc.stdout.write(
                        f"{proc.argv[0]}: created directory {shell_quote(operand)}\n"
                    )
        except FSError as err:
            name = err.filename if opts.has("p") and isinstance(err.filename, str) else operand
            await proc.error(f"cannot create directory {locale_quote(name)}: {strerror(err)}")
            status = 1
    return status


async def _make_parents(proc: Process, operand: str, mode: int, verbose: bool) -> None:
    parts = operand.split("/")
    for i in range(1, len(parts) + 1):
        prefix = "/".join(parts[:i])
        if not prefix or parts[i - 1] in ("", "."):
            continue
        path = proc.path(prefix)
        st = proc.fs.stat(path)
        if st is not None:
            if st.kind != "dir":
                raise FSError(errno.ENOTDIR if i < len(parts) else errno.EEXIST, prefix)
            continue
        if proc.fs.lstat(path) is not None:
            raise FSError(errno.EEXIST, prefix)
        try:
            proc.fs.mkdir(path, mode=mode if i == len(parts) else 0o755)
        except FSError as err:
            raise FSError(err.errno or errno.EIO, prefix) from None
        if verbose:
            await proc.stdout.write(f"{proc.argv[0]}: created directory {shell_quote(prefix)}\n")


_RMDIR_LONG = {
    **STANDARD_LONG,
    "parents": ("p", "none"),
    "verbose": ("v", "none"),
    "ignore-fail-on-non-empty": ("ignore", "none"),
}


async def rmdir(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "pv", _RMDIR_LONG, usage="[OPTION]... DIRECTORY..."
    )
    if isinstance(opts, int):
        return opts
    if not opts.operands:
        return await usage_error(proc, "missing operand")
    status = 0
    for operand in opts.operands:
        targets = [operand]
        if opts.has("p"):
            trimmed = operand.rstrip("/")
            while "/" in trimmed:
                trimmed = trimmed.rsplit("/", 1)[0].rstrip("/")
                if trimmed:
                    targets.append(trimmed)
        for target in targets:
            try:
                if opts.has("v"):
                    await proc.stdout.write(
                        f"{proc.argv[0]}: removing directory, {shell_quote(target)}\n"
                    )
                if operand.endswith("/") and proc.fs.is_symlink(proc.path(target)):
                    raise FSError(errno.ENOTDIR, target)
                proc.fs.rmdir(proc.path(target))
            except FSError as err:
                if err.errno == errno.ENOTEMPTY and opts.has("ignore"):
                    break
                await proc.error(f"failed to remove {shell_quote(target)}: {strerror(err)}")
                status = 1
                break
    return status


_TOUCH_LONG = {
    **STANDARD_LONG,
    "no-create": ("c", "none"),
    "date": ("d", "required"),
    "reference": ("r", "required"),
    "time": ("time", "required"),
    "no-dereference": ("h", "none"),
}


async def touch(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "acd:fhmr:t:", _TOUCH_LONG, usage="[OPTION]... FILE..."
    )
    if isinstance(opts, int):
        return opts
    if not opts.operands:
        return await usage_error(proc, "missing file operand")
    mtime: float | None = None
    reference = opts.last("r")
    if reference is not None:
        st = proc.fs.stat(proc.path(reference))
        if st is None:
            await proc.error(
                f"failed to get attributes of {shell_quote(reference)}: No such file or directory"
            )
            return 1
        mtime = st.mtime
    when = _touch_time(proc, opts.last("d"), opts.last("t"))
    if isinstance(when, str):
        await proc.error(when)
        return 1
    if when is not None:
        mtime = when
    status = 0
    for operand in opts.operands:
        path = proc.path(operand)
        try:
            if opts.has("c") and proc.fs.lstat(path) is None:
                continue
            if operand.endswith("/") and not proc.fs.is_dir(path):
                raise FSError(errno.ENOTDIR if proc.fs.exists(path) else errno.ENOENT, operand)
            proc.fs.touch(path)
            if mtime is not None:
                proc.fs.set_mtime(path, mtime)
        except FSError as err:
            await proc.error(f"cannot touch {shell_quote(operand)}: {strerror(err)}")
            status = 1
    return status


def _touch_time(proc: Process, date: str | None, stamp: str | None) -> float | str | None:
    """The time ``-d DATE`` or ``-t [[CC]YY]MMDDhhmm[.ss]`` names, or GNU's complaint."""
    now = dt.datetime.fromtimestamp(time.time(), dt.UTC)
    if date is not None:
        parsed = parse_date(date, now)
        return parsed.timestamp() if parsed else f"invalid date format {locale_quote(date)}"
    if stamp is not None:
        m = re.fullmatch(r"(\d{2}|\d{4})?(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{2}))?", stamp)
        if m is None:
            return f"invalid date format {locale_quote(stamp)}"
        year = int(m.group(1)) if m.group(1) else now.year
        if m.group(1) and len(m.group(1)) == 2:
            year += 1900 if year >= 69 else 2000
        try:
            when = dt.datetime(
                year,
                int(m.group(2)),
                int(m.group(3)),
                int(m.group(4)),
                int(m.group(5)),
                int(m.group(6) or 0),
                tzinfo=dt.UTC,
            )
        except ValueError:
            return f"invalid date format {locale_quote(stamp)}"
        return when.timestamp()
    return None


_RM_LONG = {
    **STANDARD_LONG,
    "force": ("f", "none"),
    "interactive": ("interactive", "optional"),
    "recursive": ("r", "none"),
    "dir": ("d", "none"),
    "verbose": ("v", "none"),
    "no-preserve-root": ("no-preserve-root", "none"),
    "preserve-root": ("preserve-root", "optional"),
    "one-file-system": ("one-file-system", "none"),
}


async def rm(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "dfiIrRv", _RM_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    force = [k for k, _ in opts.options if k in ("f", "i", "I", "interactive")][-1:] == ["f"]
    recursive = opts.has("r", "R")
    if not opts.operands:
        return 0 if force else await usage_error(proc, "missing operand")
    status = 0
    for operand in opts.operands:
        base = operand.rstrip("/").rsplit("/", 1)[-1]
        path = proc.path(operand)
        if recursive and base in (".", ".."):
            await proc.error(
                f"refusing to remove '.' or '..' directory: skipping {shell_quote(operand)}"
            )
            status = 1
            continue
        if recursive and path == "/" and not opts.has("no-preserve-root"):
            await proc.error(f"it is dangerous to operate recursively on {shell_quote(operand)}")
            await proc.error("use --no-preserve-root to override this failsafe")
            status = 1
            continue
        st = proc.fs.lstat(path)
        if st is None:
            if not force:
                reason = (
                    "Not a directory" if _under_file(proc, path) else "No such file or directory"
                )
                await proc.error(f"cannot remove {shell_quote(operand)}: {reason}")
                status = 1
            continue
        if st.kind == "dir":
            if not recursive:
                if opts.has("d"):
                    try:
                        proc.fs.rmdir(path)
                        if opts.has("v"):
                            await proc.stdout.write(f"removed directory {shell_quote(operand)}\n")
                    except FSError as err:
                        await proc.error(f"cannot remove {shell_quote(operand)}: {strerror(err)}")
                        status = 1
                    continue
                await proc.error(f"cannot remove {shell_quote(operand)}: Is a directory")
                status = 1
                continue
            if opts.has("v"):
                await _report_tree(proc, path, operand.rstrip("/") or operand)
            proc.fs.remove_tree(path)
            continue
        try:
            proc.fs.remove(path)
            if opts.has("v"):
                await proc.stdout.write(f"removed {shell_quote(operand)}\n")
        except FSError as err:
            await proc.error(f"cannot remove {shell_quote(operand)}: {strerror(err)}")
            status = 1
    return status


def _under_file(proc: Process, path: str) -> bool:
    parent = path.rsplit("/", 1)[0] or "/"
    while parent != "/":
        st = proc.fs.stat(parent)
        if st is not None:
            return st.kind != "dir"
        parent = parent.rsplit("/", 1)[0] or "/"
    return False


async def _report_tree(proc: Process, path: str, shown: str) -> None:
    """``rm -rv``: name every file, then each directory after its contents."""
    for name in proc.fs.listdir(path):
        await proc.checkpoint()
        child, child_shown = f"{path}/{name}", f"{shown}/{name}"
        st = proc.fs.lstat(child)
        if st is not None and st.kind == "dir":
            await _report_tree(proc, child, child_shown)
        else:
            await proc.stdout.write(f"removed {shell_quote(child_shown)}\n")
    await proc.stdout.write(f"removed directory {shell_quote(shown)}\n")


_CHMOD_LONG = {
    **STANDARD_LONG,
    "recursive": ("R", "none"),
    "verbose": ("v", "none"),
    "changes": ("c", "none"),
    "silent": ("f", "none"),
    "quiet": ("f", "none"),
    "reference": ("reference", "required"),
}


async def chmod(proc: Process) -> int:
    # Modes like -x or -w look like options: GNU takes them as the mode operand.
    argv = proc.argv[1:]
    mode_arg: str | None = None
    rest: list[str] = []
    for i, arg in enumerate(argv):
        if (
            mode_arg is None
            and len(arg) > 1
            and arg[0] == "-"
            and all(c in "rwxXst" for c in arg[1:])
        ):
            mode_arg = arg
            rest.extend(argv[i + 1 :])
            break
        rest.append(arg)
    opts = await parse_or_answer(
        proc, rest, "Rvcf", _CHMOD_LONG, usage="[OPTION]... MODE[,MODE]... FILE..."
    )
    if isinstance(opts, int):
        return opts
    operands = list(opts.operands)
    if mode_arg is None:
        if not operands:
            return await usage_error(proc, "missing operand")
        mode_arg = operands.pop(0)
    if not operands:
        return await usage_error(proc, f"missing operand after {locale_quote(mode_arg)}")
    if parse_mode(mode_arg, 0o644, False) is None:
        return await usage_error(proc, f"invalid mode: {locale_quote(mode_arg)}")
    status = 0
    for operand in operands:
        targets = [operand]
        if opts.has("R") and proc.fs.is_dir(proc.path(operand)):
            targets.extend(_walk(proc, operand))
        for target in targets:
            await proc.checkpoint()
            path = proc.path(target)
            st = proc.fs.stat(path)
            if st is None:
                if not opts.has("f"):
                    await proc.error(
                        f"cannot access {shell_quote(target)}: No such file or directory"
                    )
                status = 1
                continue
            new = parse_mode(mode_arg, st.mode, st.kind == "dir")
            assert new is not None
            proc.fs.chmod(path, new)
            if opts.has("v") or (opts.has("c") and new != st.mode):
                verb = "changed" if new != st.mode else "retained as"
                detail = f"from {st.mode:04o} ({_rwx(st.mode)}) to {new:04o} ({_rwx(new)})"
                if verb == "retained as":
                    detail = f"{new:04o} ({_rwx(new)})"
                await proc.stdout.write(f"mode of {shell_quote(target)} {verb} {detail}\n")
    return status


def _rwx(mode: int) -> str:
    return mode_string("file", mode)[1:]


def _walk(proc: Process, operand: str) -> list[str]:
    found: list[str] = []
    for name in proc.fs.listdir(proc.path(operand)):
        child = f"{operand.rstrip('/')}/{name}"
        found.append(child)
        st = proc.fs.lstat(proc.path(child))
        if st is not None and st.kind == "dir":
            found.extend(_walk(proc, child))
    return found
