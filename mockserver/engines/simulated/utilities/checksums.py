"""Digests and encodings: md5sum, sha1sum, sha256sum, sha512sum, base64."""

from __future__ import annotations

import base64 as b64
import binascii
import hashlib
from collections.abc import Awaitable, Callable

from mockserver.engines.simulated.process import Process, decode, encode
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
    usage_error,
)
from mockserver.engines.simulated.utilities.streams import locale_quote, read_input, strerror
from mockserver.engines.simulated.vfs import FSError

_SUM_LONG = {
    **STANDARD_LONG,
    "binary": ("b", "none"),
    "check": ("c", "none"),
    "tag": ("tag", "none"),
    "text": ("t", "none"),
    "zero": ("z", "none"),
    "ignore-missing": ("ignore-missing", "none"),
    "quiet": ("quiet", "none"),
    "status": ("status", "none"),
    "strict": ("strict", "none"),
    "warn": ("w", "none"),
}


def _digester(algorithm: str) -> Callable[[Process], Awaitable[int]]:
    label = {
        "md5": "MD5",
        "sha1": "SHA1",
        "sha224": "SHA224",
        "sha256": "SHA256",
        "sha384": "SHA384",
        "sha512": "SHA512",
        "blake2b": "BLAKE2b",
    }[algorithm]

    async def digest(proc: Process) -> int:
        opts = await parse_or_answer(
            proc, proc.argv[1:], "bctwz", _SUM_LONG, usage="[OPTION]... [FILE]..."
        )
        if isinstance(opts, int):
            return opts
        if opts.has("c"):
            return await _check(
                proc, algorithm, opts.operands or ["-"], opts.has("quiet"), opts.has("status")
            )
        status = 0
        for operand in opts.operands or ["-"]:
            try:
                data = encode(await read_input(proc, operand))
            except FSError as err:
                await proc.error(f"{operand}: {strerror(err)}")
                status = 1
                continue
            value = hashlib.new(algorithm, data).hexdigest()
            if opts.has("tag"):
                await proc.stdout.write(f"{label} ({operand}) = {value}\n")
            else:
                await proc.stdout.write(f"{value}  {operand}\n")
        return status

    return digest


async def _check(proc: Process, algorithm: str, lists: list[str], quiet: bool, silent: bool) -> int:
    failed = missing = bad_lines = 0
    size = hashlib.new(algorithm).digest_size * 2
    for listing in lists:
        try:
            text = await read_input(proc, listing)
        except FSError as err:
            await proc.error(f"{listing}: {strerror(err)}")
            return 1
        ok_lines = 0
        for line in text.splitlines():
            expected, sep, name = line.partition("  ")
            if not sep:
                expected, sep, name = line.partition(" *")
            if not sep or len(expected) != size:
                bad_lines += 1
                continue
            ok_lines += 1
            try:
                data = encode(await read_input(proc, name))
            except FSError as err:
                await proc.error(f"{name}: {strerror(err)}")
                if not silent:
                    await proc.stdout.write(f"{name}: FAILED open or read\n")
                missing += 1
                continue
            good = hashlib.new(algorithm, data).hexdigest() == expected.lower()
            if not good:
                failed += 1
            if not silent and not (quiet and good):
                await proc.stdout.write(f"{name}: {'OK' if good else 'FAILED'}\n")
        if ok_lines == 0:
            await proc.error(f"{listing}: no properly formatted checksum lines found")
            return 1
    if not silent:
        if missing:
            noun = "file" if missing == 1 else "files"
            await proc.error(f"WARNING: {missing} listed {noun} could not be read")
        if failed:
            noun = "computed checksum" + ("" if failed == 1 else "s") + " did NOT match"
            await proc.error(f"WARNING: {failed} {noun}")
        if bad_lines:
            noun = "line is" if bad_lines == 1 else "lines are"
            await proc.error(f"WARNING: {bad_lines} {noun} improperly formatted")
    return 1 if failed or missing else 0


md5sum = _digester("md5")
sha1sum = _digester("sha1")
sha256sum = _digester("sha256")
sha512sum = _digester("sha512")
sha224sum = _digester("sha224")
sha384sum = _digester("sha384")
b2sum = _digester("blake2b")

_BASE64_LONG = {
    **STANDARD_LONG,
    "decode": ("d", "none"),
    "ignore-garbage": ("i", "none"),
    "wrap": ("w", "required"),
}


async def base64(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "diw:", _BASE64_LONG, usage="[OPTION]... [FILE]"
    )
    if isinstance(opts, int):
        return opts
    if len(opts.operands) > 1:
        return await usage_error(proc, f"extra operand {locale_quote(opts.operands[1])}")
    operand = opts.operands[0] if opts.operands else "-"
    try:
        data = encode(await read_input(proc, operand))
    except FSError as err:
        await proc.error(f"{operand}: {strerror(err)}")
        return 1
    if opts.has("d"):
        raw = data
        if opts.has("i"):
            raw = bytes(
                c
                for c in raw
                if c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
            )
        cleaned = b"".join(raw.split())
        try:
            decoded = b64.b64decode(cleaned, validate=True)
        except (binascii.Error, ValueError):
            good = _decode_prefix(cleaned)
            await proc.stdout.write(decode(good))
            await proc.error("invalid input")
            return 1
        await proc.stdout.write(decode(decoded))
        return 0
    wrap_raw = opts.last("w") or "76"
    if not wrap_raw.isdigit():
        await proc.error(f"invalid wrap size: {locale_quote(wrap_raw)}")
        return 1
    wrap = int(wrap_raw)
    text = b64.b64encode(data).decode()
    if wrap:
        lines = [text[i : i + wrap] for i in range(0, len(text), wrap)]
        await proc.stdout.write("".join(line + "\n" for line in lines))
    else:
        await proc.stdout.write(text)
    return 0


def _decode_prefix(data: bytes) -> bytes:
    """What GNU base64 writes before it meets invalid input: the complete leading quanta."""
    alphabet = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    end = 0
    while end < len(data) and data[end] in alphabet:
        end += 1
    usable = end - end % 4
    return b64.b64decode(data[:usable]) if usable else b""


def _crc_table() -> list[int]:
    table = []
    for i in range(256):
        crc = i << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
        table.append(crc & 0xFFFFFFFF)
    return table


_CRC_TABLE = tuple(_crc_table())


def posix_cksum(data: bytes) -> int:
    """The CRC of POSIX ``cksum``: the data, then its length, then complemented."""
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC_TABLE[(crc >> 24) ^ byte]
    length = len(data)
    while length:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC_TABLE[(crc >> 24) ^ (length & 0xFF)]
        length >>= 8
    return ~crc & 0xFFFFFFFF


async def cksum(proc: Process) -> int:
    status = 0
    for operand in [a for a in proc.argv[1:] if not a.startswith("-") or a == "-"] or ["-"]:
        try:
            data = encode(await read_input(proc, operand))
        except FSError as err:
            await proc.error(f"{operand}: {strerror(err)}")
            status = 1
            continue
        name = "" if operand == "-" and len(proc.argv) < 2 else f" {operand}"
        await proc.stdout.write(f"{posix_cksum(data)} {len(data)}{name}\n")
    return status
