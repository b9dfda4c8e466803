"""Sizing and copying bytes: dd and truncate."""

from __future__ import annotations

import re
import time

from mockserver.engines.simulated.process import Process, WriteError, decode, encode
from mockserver.engines.simulated.utilities.numbers import parse_count
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import (
    device_output,
    is_stream,
    locale_quote,
    open_stream,
    read_input,
    shell_quote,
    strerror,
)
from mockserver.engines.simulated.vfs import FSError

_DD_SUFFIX = re.compile(r"([0-9]+)(c|w|b|kB|k|K|KiB|MB|M|MiB|GB|G|GiB)?")
_DD_UNITS = {
    None: 1,
    "c": 1,
    "w": 2,
    "b": 512,
    "kB": 1000,
    "k": 1024,
    "K": 1024,
    "KiB": 1024,
    "MB": 1000**2,
    "M": 1024**2,
    "MiB": 1024**2,
    "GB": 1000**3,
    "G": 1024**3,
    "GiB": 1024**3,
}


def _dd_number(text: str) -> int | None:
    total = 1
    for part in text.split("x"):
        m = _DD_SUFFIX.fullmatch(part)
        if m is None:
            return None
        total *= int(m.group(1)) * _DD_UNITS[m.group(2)]
    return total


def _si(n: float) -> str:
    for unit in ("", "kB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return (
                f"{n:.0f} {unit}".strip()
                if not unit
                else f"{n:.1f} {unit}"
                if n < 10
                else f"{n:.0f} {unit}"
            )
        n /= 1000
    return str(n)


async def dd(proc: Process) -> int:
    if proc.argv[1:] in (["--help"], ["--version"]):
        await proc.stdout.write(
            "dd (GNU coreutils) 9.1\n"
            if proc.argv[1] == "--version"
            else "Usage: dd [OPERAND]...\n"
        )
        return 0
    settings: dict[str, str] = {}
    for arg in proc.argv[1:]:
        key, eq, value = arg.partition("=")
        if not eq:
            return await usage_error(proc, f"unrecognized operand {locale_quote(arg)}")
        if key not in (
            "if",
            "of",
            "bs",
            "ibs",
            "obs",
            "count",
            "skip",
            "seek",
            "conv",
            "status",
            "iflag",
            "oflag",
        ):
            return await usage_error(proc, f"unrecognized operand {locale_quote(arg)}")
        settings[key] = value
    sizes: dict[str, int] = {}
    for key in ("bs", "ibs", "obs", "count", "skip", "seek"):
        if key in settings:
            number = _dd_number(settings[key])
            if number is None or (key in ("bs", "ibs", "obs") and number == 0):
                await proc.error(f"invalid number: {locale_quote(settings[key])}")
                return 1
            sizes[key] = number
    block = sizes.get("bs", sizes.get("ibs", 512))
    count = sizes.get("count")
    source = settings.get("if", "-")
    started = time.monotonic()
    try:
        if count is not None and is_stream(proc, source):
            stream = open_stream(proc, source)
            wanted = block * (count + sizes.get("skip", 0))
            parts: list[bytes] = []
            have = 0
            while have < wanted:
                await proc.checkpoint()
                chunk = await stream.read(min(wanted - have, 65536))
                if not chunk:
                    break
                data_chunk = encode(chunk)
                parts.append(data_chunk)
                have += len(data_chunk)
            data = b"".join(parts)
        else:
            data = encode(await read_input(proc, source))
    except FSError as err:
        await proc.error(f"failed to open {shell_quote(source)}: {strerror(err)}")
        return 1
    data = data[block * sizes.get("skip", 0) :]
    if count is not None:
        data = data[: block * count]
    full, partial = divmod(len(data), block)
    conv = set(settings.get("conv", "").split(",")) - {""}
    if "ucase" in conv:
        data = data.upper()
    elif "lcase" in conv:
        data = data.lower()
    target = settings.get("of")
    try:
        sink = proc.stdout if target is None else device_output(proc, target)
        if sink is not None:
            await sink.write(decode(data))
        elif target is not None:
            path = proc.path(target)
            seek = (
                block * sizes.get("seek", 0)
                if "obs" not in sizes
                else sizes["obs"] * sizes.get("seek", 0)
            )
            old = proc.fs.read_bytes(path) if proc.fs.exists(path) else b""
            head = old[:seek].ljust(seek, b"\0")
            tail = old[seek + len(data) :] if "notrunc" in conv else b""
            proc.fs.write_bytes(path, head + data + tail)
    except WriteError as err:
        await proc.error(
            f"error writing {shell_quote(target or 'standard output')}: {err.strerror}"
        )
        return 1
    except FSError as err:
        await proc.error(f"failed to open {shell_quote(target or '-')}: {strerror(err)}")
        return 1
    status = settings.get("status", "")
    if status != "none":
        records = f"{full}+{1 if partial else 0}"
        await proc.stderr.write(f"{records} records in\n{records} records out\n")
        if status != "noxfer":
            elapsed = max(time.monotonic() - started, 1e-6)
            size = len(data)
            human = f" ({_si(size)}, {_binary(size)})" if size >= 1000 else ""
            await proc.stderr.write(
                f"{size} bytes{human} copied, {elapsed:.6g} s, {_si(size / elapsed)}/s\n"
            )
    return 0


def _binary(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
        value /= 1024
    return str(n)


_TRUNCATE_LONG = {
    **STANDARD_LONG,
    "no-create": ("c", "none"),
    "size": ("s", "required"),
    "reference": ("r", "required"),
    "io-blocks": ("o", "none"),
}


async def truncate(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "cs:r:o", _TRUNCATE_LONG, usage="OPTION... FILE..."
    )
    if isinstance(opts, int):
        return opts
    spec = opts.last("s")
    reference = opts.last("r")
    if spec is None and reference is None:
        return await usage_error(proc, "you must specify either ‘--size’ or ‘--reference’")
    if not opts.operands:
        return await usage_error(proc, "missing file operand")
    mode, amount = "", 0
    if spec is not None:
        mode = spec[0] if spec[:1] in ("+", "-", "<", ">", "/", "%") else ""
        value = parse_count(spec[len(mode) :])
        if value is None:
            await proc.error(f"Invalid number: {locale_quote(spec)}")
            return 1
        amount = value
    else:
        assert reference is not None
        st = proc.fs.stat(proc.path(reference))
        if st is None:
            await proc.error(f"cannot stat {shell_quote(reference)}: No such file or directory")
            return 1
        amount = st.size
    status = 0
    for operand in opts.operands:
        path = proc.path(operand)
        try:
            if not proc.fs.exists(path):
                if opts.has("c"):
                    continue
                proc.fs.write_bytes(path, b"")
            data = proc.fs.read_bytes(path)
            size = len(data)
            new = {
                "": amount,
                "+": size + amount,
                "-": max(size - amount, 0),
                "<": min(size, amount),
                ">": max(size, amount),
                "/": size // amount * amount if amount else size,
                "%": -(-size // amount) * amount if amount else size,
            }[mode]
            proc.fs.write_bytes(path, data[:new].ljust(new, b"\0"))
        except FSError as err:
            await proc.error(f"cannot open {shell_quote(operand)} for writing: {strerror(err)}")
            status = 1
    return status
