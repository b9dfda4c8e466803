"""Utilities that copy, move and link: cp, mv, ln."""

from __future__ import annotations

import errno
from dataclasses import dataclass

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    Parsed,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import shell_quote as q
from mockserver.engines.simulated.utilities.streams import shell_quote_if_needed as quote_if_needed
from mockserver.engines.simulated.utilities.streams import strerror
from mockserver.engines.simulated.vfs import FSError


class _Failed(Exception):
    """One operand failed; the message is already written."""


def _join(directory: str, name: str) -> str:
    return f"{directory.rstrip('/')}/{name}" if directory.strip("/") else f"{directory}{name}"


def _base(operand: str) -> str:
    trimmed = operand.rstrip("/")
    return trimmed.rsplit("/", 1)[-1] if trimmed else "/"


@dataclass
class _Targets:
    """Where each source goes: (source, destination as the user would spell it)."""

    pairs: list[tuple[str, str]]


async def _targets(proc: Process, opts: Parsed, *, link: bool = False) -> _Targets | int:
    """Resolve operands into (source, destination) pairs, as cp/mv/ln do."""
    operands = list(opts.operands)
    target_dir = opts.last("t")
    no_target_dir = opts.has("T")
    if target_dir is not None:
        if not operands:
            return await usage_error(proc, "missing file operand")
        if not proc.fs.is_dir(proc.path(target_dir)):
            why = (
                "No such file or directory"
                if not proc.fs.exists(proc.path(target_dir))
                else "Not a directory"
            )
            await proc.error(
                f"target directory {q(target_dir)}: {why}"
                if why.startswith("No")
                else f"target {q(target_dir)} is not a directory"
            )
            return 1
        return _Targets([(s, _join(target_dir, _base(s))) for s in operands])
    if not operands:
        return await usage_error(proc, "missing file operand")
    if len(operands) == 1:
        if link:
            return _Targets([(operands[0], _join(".", _base(operands[0])))])
        return await usage_error(proc, f"missing destination file operand after {q(operands[0])}")
    *sources, dest = operands
    dest_path = proc.path(dest)
    dest_is_dir = proc.fs.is_dir(dest_path)
    if link and opts.has("n") and proc.fs.is_symlink(dest_path):
        dest_is_dir = False
    if no_target_dir:
        if len(sources) > 1:
            return await usage_error(proc, f"extra operand {q(operands[2])}")
        return _Targets([(sources[0], dest)])
    if len(sources) > 1 and not dest_is_dir:
        if proc.fs.exists(dest_path):
            await proc.error(f"target {q(dest)}: Not a directory")
        else:
            await proc.error(f"target {q(dest)}: No such file or directory")
        return 1
    if dest_is_dir:
        return _Targets([(s, _join(dest, _base(s))) for s in sources])
    return _Targets([(sources[0], dest)])


# ------------------------------------------------------------------------------------ cp

_CP_LONG = {
    **STANDARD_LONG,
    "recursive": ("r", "none"),
    "archive": ("a", "none"),
    "force": ("f", "none"),
    "interactive": ("i", "none"),
    "no-clobber": ("n", "none"),
    "verbose": ("v", "none"),
    "preserve": ("preserve", "optional"),
    "no-preserve": ("no-preserve", "required"),
    "parents": ("parents", "none"),
    "dereference": ("L", "none"),
    "no-dereference": ("P", "none"),
    "target-directory": ("t", "required"),
    "no-target-directory": ("T", "none"),
    "update": ("u", "optional"),
    "symbolic-link": ("s", "none"),
    "link": ("l", "none"),
}


@dataclass
class _CpOptions:
    recursive: bool
    deref: bool
    preserve: bool
    no_clobber: bool
    verbose: bool
    update: bool


async def cp(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "adfHilLnPprRsTt:uvx", _CP_LONG, usage="[OPTION]... [-T] SOURCE DEST"
    )
    if isinstance(opts, int):
        return opts
    recursive = opts.has("r", "R", "a")
    deref_flag = [k for k, _ in opts.options if k in ("L", "P", "d", "a")][-1:]
    options = _CpOptions(
        recursive=recursive,
        deref=deref_flag == ["L"] or (not recursive and not deref_flag),
        preserve=opts.has("p", "a", "preserve"),
        no_clobber=opts.has("n"),
        verbose=opts.has("v"),
        update=opts.has("u"),
    )
    targets = await _targets(proc, opts)
    if isinstance(targets, int):
        return targets
    status = 0
    for source, dest in targets.pairs:
        try:
            await _copy(proc, source, dest, options, top=True)
        except _Failed:
            status = 1
    return status


async def _copy(proc: Process, source: str, dest: str, o: _CpOptions, *, top: bool) -> None:
    fs = proc.fs
    src_path, dst_path = proc.path(source), proc.path(dest)
    follow = o.deref or (top and not o.recursive)
    st = fs.stat(src_path) if follow else fs.lstat(src_path)
    if st is None:
        reason = "No such file or directory"
        try:
            fs.stat_or_raise(src_path, follow=follow)
        except FSError as err:
            reason = strerror(err)
        await proc.error(f"cannot stat {q(source)}: {reason}")
        raise _Failed
    dst_st = fs.stat(dst_path)
    if dst_st is not None and fs.samefile(src_path, dst_path) and st.kind != "symlink":
        await proc.error(f"{q(source)} and {q(dest)} are the same file")
        raise _Failed
    if st.kind == "dir":
        if not o.recursive:
            await proc.error(f"-r not specified; omitting directory {q(source)}")
            raise _Failed
        if dst_path == src_path or dst_path.startswith(src_path.rstrip("/") + "/"):
            await proc.error(f"cannot copy a directory, {q(source)}, into itself, {q(dest)}")
            raise _Failed
        if dst_st is not None and dst_st.kind != "dir":
            await proc.error(f"cannot overwrite non-directory {q(dest)} with directory {q(source)}")
            raise _Failed
        try:
            if dst_st is None:
                fs.mkdir(dst_path, mode=st.mode)
            if o.verbose:
                await proc.stdout.write(f"{q(source)} -> {q(dest)}\n")
            names = fs.listdir(src_path)
        except FSError as err:
            await proc.error(f"cannot create directory {q(dest)}: {strerror(err)}")
            raise _Failed from None
        failed = False
        for name in names:
            await proc.checkpoint()
            try:
                await _copy(
                    proc, f"{source.rstrip('/')}/{name}", f"{dest.rstrip('/')}/{name}", o, top=False
                )
            except _Failed:
                failed = True
        if o.preserve:
            fs.chmod(dst_path, st.mode)
            fs.set_mtime(dst_path, st.mtime)
        if failed:
            raise _Failed
        return
    if dst_st is not None and dst_st.kind == "dir":
        await proc.error(f"cannot overwrite directory {q(dest)} with non-directory")
        raise _Failed
    if dst_st is not None and (o.no_clobber or (o.update and dst_st.mtime >= st.mtime)):
        return
    try:
        if st.kind == "symlink":
            if fs.lstat(dst_path) is not None:
                fs.remove(dst_path)
            fs.symlink(fs.readlink(src_path), dst_path)
        else:
            if dest.endswith("/"):
                raise FSError(errno.ENOTDIR, dest)
            fs.copy_file(src_path, dst_path)
            if o.preserve:
                fs.chmod(dst_path, st.mode)
                fs.set_mtime(dst_path, st.mtime)
    except FSError as err:
        await proc.error(f"cannot create regular file {q(dest)}: {strerror(err)}")
        raise _Failed from None
    if o.verbose:
        await proc.stdout.write(f"{q(source)} -> {q(dest)}\n")


# ------------------------------------------------------------------------------------ mv

_MV_LONG = {
    **STANDARD_LONG,
    "force": ("f", "none"),
    "interactive": ("i", "none"),
    "no-clobber": ("n", "none"),
    "verbose": ("v", "none"),
    "target-directory": ("t", "required"),
    "no-target-directory": ("T", "none"),
    "update": ("u", "optional"),
}


async def mv(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "bfinTt:uv", _MV_LONG, usage="[OPTION]... [-T] SOURCE DEST"
    )
    if isinstance(opts, int):
        return opts
    targets = await _targets(proc, opts)
    if isinstance(targets, int):
        return targets
    status = 0
    fs = proc.fs
    for source, dest in targets.pairs:
        await proc.checkpoint()
        src_path, dst_path = proc.path(source), proc.path(dest)
        st = fs.lstat(src_path)
        if st is None:
            reason = (
                "Not a directory" if _under_file(proc, src_path) else "No such file or directory"
            )
            await proc.error(f"cannot stat {q(source)}: {reason}")
            status = 1
            continue
        dst_st = fs.lstat(dst_path)
        if dst_st is not None and dst_st.ino == st.ino:
            await proc.error(f"{q(source)} and {q(dest)} are the same file")
            status = 1
            continue
        if dst_st is not None and opts.has("n"):
            continue
        if st.kind == "dir" and dst_path.startswith(src_path.rstrip("/") + "/"):
            await proc.error(f"cannot move {q(source)} to a subdirectory of itself, {q(dest)}")
            status = 1
            continue
        if dst_st is not None and dst_st.kind == "dir" and st.kind != "dir":
            await proc.error(f"cannot overwrite directory {q(dest)} with non-directory")
            status = 1
            continue
        if dst_st is not None and dst_st.kind != "dir" and st.kind == "dir":
            await proc.error(f"cannot overwrite non-directory {q(dest)} with directory {q(source)}")
            status = 1
            continue
        try:
            if dest.endswith("/") and st.kind != "dir":
                raise FSError(errno.ENOTDIR, dest)
            fs.rename(src_path, dst_path)
        except FSError as err:
            await proc.error(f"cannot move {q(source)} to {q(dest)}: {strerror(err)}")
            status = 1
            continue
        if opts.has("v"):
            await proc.stdout.write(f"renamed {q(source)} -> {q(dest)}\n")
    return status


def _under_file(proc: Process, path: str) -> bool:
    parent = path.rsplit("/", 1)[0] or "/"
    st = proc.fs.stat(parent)
    return st is not None and st.kind != "dir"


# ------------------------------------------------------------------------------------ ln

_LN_LONG = {
    **STANDARD_LONG,
    "symbolic": ("s", "none"),
    "force": ("f", "none"),
    "no-dereference": ("n", "none"),
    "verbose": ("v", "none"),
    "target-directory": ("t", "required"),
    "no-target-directory": ("T", "none"),
    "relative": ("r", "none"),
    "interactive": ("i", "none"),
}


async def ln(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "bdfFinrsTt:v", _LN_LONG, usage="[OPTION]... [-T] TARGET LINK_NAME"
    )
    if isinstance(opts, int):
        return opts
    targets = await _targets(proc, opts, link=True)
    if isinstance(targets, int):
        return targets
    symbolic = opts.has("s")
    kind = "symbolic link" if symbolic else "hard link"
    status = 0
    fs = proc.fs
    for target, name in targets.pairs:
        path = proc.path(name)
        try:
            if not symbolic:
                st = fs.lstat(proc.path(target))
                if st is None:
                    await proc.error(f"failed to access {q(target)}: No such file or directory")
                    status = 1
                    continue
                if st.kind == "dir":
                    await proc.error(
                        f"{quote_if_needed(target)}: hard link not allowed for directory"
                    )
                    status = 1
                    continue
            existing = fs.lstat(path)
            if existing is not None and opts.has("f"):
                if existing.kind == "dir":
                    raise FSError(errno.EISDIR, name)
                fs.remove(path)
            if symbolic:
                fs.symlink(target, path)
            else:
                fs.link(proc.path(target), path)
        except FSError as err:
            await proc.error(f"failed to create {kind} {q(name)}: {strerror(err)}")
            status = 1
            continue
        if opts.has("v"):
            arrow = "->" if symbolic else "=>"
            await proc.stdout.write(f"{q(name)} {arrow} {q(target)}\n")
    return status
