"""Byte dumps: od, xxd and hexdump -C."""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.engines.simulated.process import Process, encode
from mockserver.engines.simulated.utilities.numbers import parse_count
from mockserver.engines.simulated.utilities.options import (
    STANDARD_LONG,
    parse_or_answer,
)
from mockserver.engines.simulated.utilities.streams import (
    Output,
    locale_quote,
    read_input,
    strerror,
)
from mockserver.engines.simulated.vfs import FSError

_OD_LONG = {
    **STANDARD_LONG,
    "address-radix": ("A", "required"),
    "format": ("t", "required"),
    "read-bytes": ("N", "required"),
    "skip-bytes": ("j", "required"),
    "output-duplicates": ("v", "none"),
    "width": ("w", "optional"),
}
_C_ESCAPES = {0: "\\0", 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}
_NAMED = [
    "nul",
    "soh",
    "stx",
    "etx",
    "eot",
    "enq",
    "ack",
    "bel",
    "bs",
    "ht",
    "nl",
    "vt",
    "ff",
    "cr",
    "so",
    "si",
    "dle",
    "dc1",
    "dc2",
    "dc3",
    "dc4",
    "nak",
    "syn",
    "etb",
    "can",
    "em",
    "sub",
    "esc",
    "fs",
    "gs",
    "rs",
    "us",
    "sp",
]


@dataclass(frozen=True)
class _Format:
    kind: str  # "c", "a", "o", "x", "d", "u"
    size: int
    text: bool = False  # the ``z`` suffix: printable characters after the line

    @property
    def width(self) -> int:
        if self.kind in "ca":
            return 3
        bits = self.size * 8
        top = (1 << bits) - 1
        if self.kind == "o":
            return len(f"{top:o}")
        if self.kind == "x":
            return self.size * 2
        if self.kind == "u":
            return len(str(top))
        return len(str(-(1 << (bits - 1))))

    def render(self, chunk: bytes) -> list[str]:
        cells: list[str] = []
        for start in range(0, len(chunk), self.size):
            piece = chunk[start : start + self.size].ljust(self.size, b"\0")
            value = int.from_bytes(piece, "little")
            if self.kind == "c":
                b = piece[0]
                cell = _C_ESCAPES.get(b, chr(b) if 32 <= b < 127 else f"{b:03o}")
            elif self.kind == "a":
                b = piece[0] & 0x7F
                cell = _NAMED[b] if b <= 32 else ("del" if b == 127 else chr(b))
            elif self.kind == "o":
                cell = f"{value:0{self.width}o}"
            elif self.kind == "x":
                cell = f"{value:0{self.width}x}"
            elif self.kind == "u":
                cell = str(value)
            else:
                bits = self.size * 8
                cell = str(value - (1 << bits) if value >= 1 << (bits - 1) else value)
            cells.append(cell)
        return cells


def _parse_type(spec: str) -> list[_Format] | None:
    formats: list[_Format] = []
    i = 0
    while i < len(spec):
        kind = spec[i]
        i += 1
        if kind in "ca":
            formats.append(_Format(kind, 1))
            continue
        if kind not in "doux":
            return None
        size = 4
        digits = ""
        while i < len(spec) and spec[i].isdigit():
            digits += spec[i]
            i += 1
        if digits:
            size = int(digits)
        elif i < len(spec) and spec[i] in "CSIL":
            size = {"C": 1, "S": 2, "I": 4, "L": 8}[spec[i]]
            i += 1
        text = False
        if i < len(spec) and spec[i] == "z":
            text = True
            i += 1
        if size not in (1, 2, 4, 8):
            return None
        formats.append(_Format(kind, size, text))
    return formats


async def od(proc: Process) -> int:
    opts = await parse_or_answer(
        proc, proc.argv[1:], "A:t:N:j:vw::bcdosxi", _OD_LONG, usage="[OPTION]... [FILE]..."
    )
    if isinstance(opts, int):
        return opts
    formats: list[_Format] = []
    for key, value in opts.options:
        if key == "t" and value is not None:
            parsed = _parse_type(value)
            if parsed is None:
                await proc.error(f"invalid type string '{value}'")
                return 1
            formats.extend(parsed)
        elif key in "bcdosxi" and len(key) == 1:
            formats.append(
                {
                    "b": _Format("o", 1),
                    "c": _Format("c", 1),
                    "d": _Format("u", 2),
                    "o": _Format("o", 2),
                    "s": _Format("d", 2),
                    "x": _Format("x", 2),
                    "i": _Format("d", 4),
                }[key]
            )
    if not formats:
        formats = [_Format("o", 2)]
    radix = opts.last("A") or "o"
    if radix not in "oxdn" or len(radix) != 1:
        await proc.error(
            f"invalid output address radix '{radix}'; it must be one character from [doxn]"
        )
        return 1
    data = b""
    status = 0
    operands = opts.operands or ["-"]
    failures = 0
    for operand in operands:
        try:
            data += encode(await read_input(proc, operand))
        except FSError as err:
            await proc.error(f"{operand}: {strerror(err)}")
            status = 1
            failures += 1
    if failures == len(operands):
        return status
    counts: dict[str, int | None] = {}
    for key in ("j", "N"):
        raw = opts.last(key)
        counts[key] = None if raw is None else parse_count(raw)
        if raw is not None and counts[key] is None:
            await proc.error(f"invalid -{key} argument {locale_quote(raw)}")
            return 1
    skip = counts["j"] or 0
    if skip > len(data):
        await proc.error("cannot skip past end of combined input")
        return 1
    data = data[skip:]
    limit = counts["N"]
    if limit is not None:
        data = data[:limit]
    width = 16
    # With several formats the cells line up: a block gets the room the widest format needs.
    block = max((f.width + 1) * (width // f.size) for f in formats)
    out = Output(proc)
    previous: bytes | None = None
    starred = False
    for start in range(0, len(data), width):
        await proc.checkpoint()
        chunk = data[start : start + width]
        if chunk == previous and not opts.has("v") and len(chunk) == width:
            if not starred:
                await out.write("*\n")
                starred = True
            continue
        starred = False
        previous = chunk
        for index, fmt in enumerate(formats):
            per_cell = block // (width // fmt.size)
            cells = fmt.render(chunk)
            address = _address(start + skip, radix) if index == 0 else " " * len(_address(0, radix))
            line = address + "".join(c.rjust(per_cell) for c in cells)
            if fmt.text:
                pad = per_cell * (width // fmt.size - len(cells))
                shown = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
                line += " " * pad + f"  >{shown}<"
            await out.write(line + "\n")
    if radix != "n":
        await out.write(_address(len(data) + skip, radix).rstrip() + "\n")
    await out.flush()
    return status


def _address(offset: int, radix: str) -> str:
    if radix == "n":
        return ""
    if radix == "x":
        return f"{offset:06x}"
    if radix == "d":
        return f"{offset:07d}"
    return f"{offset:07o}"


async def xxd(proc: Process) -> int:
    args = proc.argv[1:]
    plain = "-p" in args or "-ps" in args or "-plain" in args
    upper = "-u" in args
    files = [a for a in args if not a.startswith("-")]
    try:
        data = encode(await read_input(proc, files[0] if files else "-"))
    except FSError as err:
        await proc.error(f"{files[0]}: {strerror(err)}")
        return 2
    out = Output(proc)
    hexfmt = "{:02X}" if upper else "{:02x}"
    if plain:
        text = "".join(hexfmt.format(b) for b in data)
        for start in range(0, len(text), 60):
            await out.write(text[start : start + 60] + "\n")
    else:
        for start in range(0, len(data), 16):
            await proc.checkpoint()
            chunk = data[start : start + 16]
            groups = [
                "".join(hexfmt.format(b) for b in chunk[i : i + 2]) for i in range(0, len(chunk), 2)
            ]
            shown = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
            await out.write(f"{start:08x}: {' '.join(groups):<39}  {shown}\n")
    await out.flush()
    return 0


async def hexdump(proc: Process) -> int:
    args = proc.argv[1:]
    files = [a for a in args if not a.startswith("-")]
    try:
        data = encode(await read_input(proc, files[0] if files else "-"))
    except FSError as err:
        await proc.error(f"{files[0]}: {strerror(err)}")
        return 1
    out = Output(proc)
    canonical = "-C" in args
    for start in range(0, len(data), 16):
        await proc.checkpoint()
        chunk = data[start : start + 16]
        if canonical:
            left = " ".join(f"{b:02x}" for b in chunk[:8])
            right = " ".join(f"{b:02x}" for b in chunk[8:])
            cells = f"{left:<23}  {right:<23}"
            shown = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
            await out.write(f"{start:08x}  {cells}  |{shown}|\n")
        else:
            pairs = [chunk[i : i + 2].ljust(2, b"\0") for i in range(0, len(chunk), 2)]
            words = [f"{int.from_bytes(pair, 'little'):04x}" for pair in pairs]
            await out.write(f"{start:07x} " + " ".join(words) + "\n")
    if data:
        await out.write(f"{len(data):08x}\n" if canonical else f"{len(data):07x}\n")
    await out.flush()
    return 0
