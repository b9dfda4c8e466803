"""Archives and compression: tar (create, extract, list; gzip-compressed too), gzip, gunzip and
zcat, all in memory on the virtual filesystem."""

from __future__ import annotations

import gzip as gzip_format
import io
import tarfile
import time
import zlib
from dataclasses import replace

from mockserver.engines.simulated.process import Process, decode, encode
from mockserver.engines.simulated.utilities.modes import mode_string
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    Parsed,
    parse_or_answer,
)
from mockserver.engines.simulated.utilities.streams import read_input, strerror
from mockserver.engines.simulated.vfs import FSError, Kind

_TAR_LONG = {
    **STANDARD_LONG,
    "create": ("c", "none"),
    "extract": ("x", "none"),
    "get": ("x", "none"),
    "list": ("t", "none"),
    "append": ("r", "none"),
    "file": ("f", "required"),
    "gzip": ("z", "none"),
    "gunzip": ("z", "none"),
    "verbose": ("v", "none"),
    "directory": ("C", "required"),
    "exclude": ("exclude", "required"),
    "strip-components": ("strip-components", "required"),
    "to-stdout": ("O", "none"),
    "keep-old-files": ("k", "none"),
    "no-same-owner": ("no-same-owner", "none"),
    "overwrite": ("overwrite", "none"),
}
_TAR_SHORT = "cxtrf:zvC:OkpjJa"


class _TarFailure(Exception):
    def __init__(self, message: str, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal


def _tar_argv(argv: list[str]) -> list[str]:
    """``tar czf out.tgz dir``: a first word without a dash is a cluster of short options
    whose arguments follow in order."""
    if not argv or argv[0].startswith("-"):
        return argv
    cluster, rest = argv[0], argv[1:]
    out: list[str] = []
    for letter in cluster:
        out.append(f"-{letter}")
        if letter in "fC" and rest:
            out.append(rest.pop(0))
    return out + rest


async def tar(proc: Process) -> int:
    opts = await parse_or_answer(
        proc,
        _tar_argv(proc.argv[1:]),
        _TAR_SHORT,
        _TAR_LONG,
        usage="[OPTION...] [FILE]...",
        usage_status=2,
    )
    if isinstance(opts, int):
        return opts
    modes = [k for k, _ in opts.options if k in ("c", "x", "t", "r")]
    if not modes:
        await proc.error(
            "You must specify one of the '-Acdtrux', '--delete' or '--test-label' options"
        )
        await proc.stderr.write("Try 'tar --help' or 'tar --usage' for more information.\n")
        return 2
    if len(set(modes)) > 1:
        await proc.error(
            "You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option"
        )
        await proc.stderr.write("Try 'tar --help' or 'tar --usage' for more information.\n")
        return 2
    try:
        if modes[0] in ("c", "r"):
            return await _tar_create(proc, opts)
        return await _tar_read(proc, opts, extract=modes[0] == "x")
    except _TarFailure as failure:
        await proc.error(str(failure))
        if failure.fatal:
            await proc.error("Error is not recoverable: exiting now")
        return 2


def _archive_name(opts: Parsed) -> str:
    return opts.last("f") or "-"


async def _tar_create(proc: Process, opts: Parsed) -> int:
    base = proc.path(opts.last("C") or ".")
    if not opts.operands:
        await proc.error("Cowardly refusing to create an empty archive")
        await proc.stderr.write("Try 'tar --help' or 'tar --usage' for more information.\n")
        return 2
    buffer = io.BytesIO()
    failed = False
    warned = False
    excludes = opts.values("exclude")
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for operand in opts.operands:
            name = operand
            if name.startswith("/"):
                if not warned:
                    await proc.error("Removing leading `/' from member names")
                    warned = True
                name = name.lstrip("/")
            path = proc.fs.normalize(operand, base)
            if proc.fs.lstat(path) is None:
                await proc.error(f"{operand}: Cannot stat: No such file or directory")
                failed = True
                continue
            await _add(proc, archive, path, name.rstrip("/") or name, opts.has("v"), excludes)
    data = buffer.getvalue()
    if opts.has("z"):
        data = gzip_format.compress(data, mtime=int(time.time()))
    target = _archive_name(opts)
    if target == "-":
        await proc.stdout.write_bytes(data)
    else:
        try:
            proc.fs.write_bytes(proc.path(target), data)
        except FSError as err:
            raise _TarFailure(f"{target}: Cannot open: {strerror(err)}", fatal=True) from None
    if failed:
        await proc.error("Exiting with failure status due to previous errors")
        return 2
    return 0


async def _add(
    proc: Process,
    archive: tarfile.TarFile,
    path: str,
    name: str,
    verbose: bool,
    excludes: list[str],
) -> None:
    from mockserver.engines.simulated.vfs import match_pattern

    await proc.checkpoint()
    if any(match_pattern(g, name.rsplit("/", 1)[-1]) or match_pattern(g, name) for g in excludes):
        return
    st = proc.fs.lstat(path)
    assert st is not None
    info = tarfile.TarInfo(name + ("/" if st.kind == "dir" else ""))
    info.mode = st.mode
    info.mtime = int(st.mtime)
    info.uname = info.gname = "root"
    if verbose:
        await proc.stdout.write(info.name + "\n")
    if st.kind == "dir":
        info.type = tarfile.DIRTYPE
        archive.addfile(info)
        for child in proc.fs.listdir(path):
            await _add(
                proc, archive, f"{path.rstrip('/')}/{child}", f"{name}/{child}", verbose, excludes
            )
    elif st.kind == "symlink":
        info.type = tarfile.SYMTYPE
        info.linkname = proc.fs.readlink(path)
        archive.addfile(info)
    else:
        data = proc.fs.read_bytes(path)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))


async def _tar_read(proc: Process, opts: Parsed, *, extract: bool) -> int:
    source = _archive_name(opts)
    try:
        data = encode(await read_input(proc, source))
    except FSError as err:
        raise _TarFailure(f"{source}: Cannot open: {strerror(err)}", fatal=True) from None
    if opts.has("z") and data[:2] != b"\x1f\x8b":
        await proc.stderr.write("gzip: stdin: not in gzip format\n")
        raise _TarFailure("Child returned status 1", fatal=True)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip_format.decompress(data)
        except (OSError, EOFError, zlib.error):
            raise _TarFailure("This does not look like a tar archive", fatal=True) from None
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            return await _members(proc, opts, archive, extract=extract)
    except tarfile.TarError:
        await proc.error("This does not look like a tar archive")
        await proc.error("Exiting with failure status due to previous errors")
        return 2


async def _members(proc: Process, opts: Parsed, archive: tarfile.TarFile, *, extract: bool) -> int:
    """List or extract an open archive's members (those named by the operands, if any)."""
    members = archive.getmembers()
    wanted = [w.rstrip("/") for w in opts.operands]
    found: set[str] = set()
    strip = int(opts.last("strip-components") or "0")
    base = proc.path(opts.last("C") or ".")
    for member in members:
        await proc.checkpoint()
        name = member.name.rstrip("/")
        if wanted:
            hit = next((w for w in wanted if name == w or name.startswith(w + "/")), None)
            if hit is None:
                continue
            found.add(hit)
        shown = member.name + ("/" if member.isdir() and not member.name.endswith("/") else "")
        if not extract:
            await proc.stdout.write(_listing(member, shown) if opts.has("v") else shown + "\n")
            continue
        if opts.has("v"):
            await proc.stdout.write(shown + "\n")
        parts = [p for p in name.split("/") if p not in ("", ".")][strip:]
        if not parts or ".." in parts:
            continue
        target = proc.fs.normalize("/".join(parts), base)
        try:
            if opts.has("O"):
                if member.isfile():
                    extracted = archive.extractfile(member)
                    await proc.stdout.write(decode(extracted.read() if extracted else b""))
                continue
            parent = target.rsplit("/", 1)[0] or "/"
            proc.fs.mkdir(parent, parents=True)
            if member.isdir():
                proc.fs.mkdir(target, parents=True)
                proc.fs.chmod(target, member.mode & 0o7777)
            elif member.issym():
                if proc.fs.lstat(target) is not None:
                    proc.fs.remove(target)
                proc.fs.symlink(member.linkname, target)
            elif member.isfile():
                extracted = archive.extractfile(member)
                proc.fs.write_bytes(target, extracted.read() if extracted else b"")
                proc.fs.chmod(target, member.mode & 0o7777)
                proc.fs.set_mtime(target, float(member.mtime))
        except FSError as err:
            await proc.error(f"{name}: Cannot open: {strerror(err)}")
    missing = [w for w in wanted if w not in found]
    for name in missing:
        await proc.error(f"{name}: Not found in archive")
    if missing:
        await proc.error("Exiting with failure status due to previous errors")
        return 2
    return 0


def _listing(member: tarfile.TarInfo, shown: str) -> str:
    kind: Kind = "dir" if member.isdir() else "symlink" if member.issym() else "file"
    when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(member.mtime))
    owner = f"{member.uname or 'root'}/{member.gname or 'root'}"
    line = f"{mode_string(kind, member.mode)} {owner} {member.size:>9} {when} {shown}"
    if member.issym():
        line += f" -> {member.linkname}"
    return line + "\n"


_GZIP_LONG = {
    **STANDARD_LONG,
    "stdout": ("c", "none"),
    "to-stdout": ("c", "none"),
    "decompress": ("d", "none"),
    "uncompress": ("d", "none"),
    "keep": ("k", "none"),
    "force": ("f", "none"),
    "list": ("l", "none"),
    "quiet": ("q", "none"),
    "verbose": ("v", "none"),
    "test": ("t", "none"),
    "recursive": ("r", "none"),
}


async def gzip(proc: Process) -> int:
    name = proc.argv[0].rsplit("/", 1)[-1]
    # gunzip and zcat are scripts that run gzip: messages name gzip.
    proc = replace(proc, argv=["gzip", *proc.argv[1:]])
    opts = await parse_or_answer(
        proc, proc.argv[1:], "cdkflqvtr123456789n", _GZIP_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    decompress = opts.has("d") or name in ("gunzip", "zcat")
    to_stdout = opts.has("c") or name == "zcat"
    status = 0
    for operand in opts.operands or ["-"]:
        await proc.checkpoint()
        try:
            data = encode(await read_input(proc, operand))
        except FSError as err:
            await proc.error(f"{operand}: {strerror(err)}")
            status = 1
            continue
        if decompress:
            if operand != "-" and not to_stdout and not operand.endswith((".gz", ".tgz", ".z")):
                await proc.error(f"{operand}: unknown suffix -- ignored")
                status = 2 if status == 0 else status
                continue
            try:
                result = gzip_format.decompress(data)
            except (OSError, EOFError, zlib.error):
                await proc.error(f"{operand}: not in gzip format")
                status = 1
                continue
        else:
            result = gzip_format.compress(data, mtime=0 if operand == "-" else int(time.time()))
        if operand == "-" or to_stdout:
            await proc.stdout.write_bytes(result)
            continue
        if decompress:
            out_name = (
                operand[:-4] + ".tar" if operand.endswith(".tgz") else operand.rsplit(".", 1)[0]
            )
        else:
            if operand.endswith(".gz"):
                await proc.error(f"{operand} already has .gz suffix -- unchanged")
                status = 2 if status == 0 else status
                continue
            out_name = operand + ".gz"
        out_path = proc.path(out_name)
        if proc.fs.exists(out_path) and not opts.has("f"):
            await proc.error(f"{out_name} already exists;\tnot overwritten")
            status = 2 if status == 0 else status
            continue
        try:
            proc.fs.write_bytes(out_path, result)
            if not opts.has("k"):
                proc.fs.remove(proc.path(operand))
        except FSError as err:
            await proc.error(f"{out_name}: {strerror(err)}")
            status = 1
    return status
