"""Command-line options parsed as GNU ``getopt_long`` does, with GNU's error messages.

A utility describes its options with a getopt string for the short ones (``"n:v"``: ``n`` takes
an argument, ``v`` does not; ``::`` an optional one) and a mapping for the long ones (name to
the key it sets and whether it takes an argument). Long names may be abbreviated to any unique
prefix. Operands and options may be mixed (GNU permutation) unless ``permute`` is off or
``POSIXLY_CORRECT`` is set; ``--`` ends the options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from mockserver.engines.simulated.process import Process

ArgKind = Literal["none", "required", "optional"]


class UsageError(Exception):
    """Bad command line: the message GNU prints before ``Try '... --help'``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Parsed:
    """Options in the order given, as (key, value or None), and the operands."""

    options: list[tuple[str, str | None]] = field(default_factory=list)
    operands: list[str] = field(default_factory=list)

    def has(self, *keys: str) -> bool:
        return any(k in keys for k, _ in self.options)

    def last(self, *keys: str) -> str | None:
        """The value of the last of ``keys`` given (None if none was)."""
        value: str | None = None
        for k, v in self.options:
            if k in keys:
                value = v
        return value

    def values(self, *keys: str) -> list[str]:
        return [v for k, v in self.options if k in keys and v is not None]


def _short_table(spec: str) -> dict[str, ArgKind]:
    table: dict[str, ArgKind] = {}
    i = 0
    while i < len(spec):
        ch = spec[i]
        kind: ArgKind = "none"
        if spec.startswith("::", i + 1):
            kind, i = "optional", i + 2
        elif spec.startswith(":", i + 1):
            kind, i = "required", i + 1
        table[ch] = kind
        i += 1
    return table


def parse(
    argv: list[str],
    short: str,
    long: Mapping[str, tuple[str, ArgKind]] | None = None,
    *,
    permute: bool = True,
) -> Parsed:
    """Parse ``argv`` (without the program name). Raises :class:`UsageError`."""
    shorts = _short_table(short)
    longs = dict(long or {})
    out = Parsed()
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            out.operands.extend(argv[i:])
            break
        if arg.startswith("--") and longs is not None:
            name, eq, value = arg[2:].partition("=")
            full = _match_long(name, longs, arg)
            key, kind = longs[full]
            if eq:
                if kind == "none":
                    raise UsageError(f"option '--{full}' doesn't allow an argument")
                out.options.append((key, value))
            elif kind == "required":
                if i >= len(argv):
                    raise UsageError(f"option '--{full}' requires an argument")
                out.options.append((key, argv[i]))
                i += 1
            else:
                out.options.append((key, None))
            continue
        if arg.startswith("-") and arg != "-":
            j = 1
            while j < len(arg):
                ch = arg[j]
                j += 1
                kind_s = shorts.get(ch)
                if kind_s is None:
                    raise UsageError(f"invalid option -- '{ch}'")
                if kind_s == "none":
                    out.options.append((ch, None))
                    continue
                if j < len(arg):
                    out.options.append((ch, arg[j:]))
                elif kind_s == "required":
                    if i >= len(argv):
                        raise UsageError(f"option requires an argument -- '{ch}'")
                    out.options.append((ch, argv[i]))
                    i += 1
                else:
                    out.options.append((ch, None))
                break
            continue
        out.operands.append(arg)
        if not permute:
            out.operands.extend(argv[i:])
            break
    return out


def _match_long(name: str, longs: Mapping[str, tuple[str, ArgKind]], arg: str) -> str:
    if name in longs:
        return name
    candidates = [n for n in longs if n.startswith(name)]
    if len({longs[c] for c in candidates}) == 1:
        return candidates[0]
    if not candidates:
        raise UsageError(f"unrecognized option '{arg.partition('=')[0]}'")
    listed = " ".join(f"'--{c}'" for c in candidates)
    raise UsageError(f"option '{arg.partition('=')[0]}' is ambiguous; possibilities: {listed}")


async def usage_error(proc: Process, message: str, status: int = 1) -> int:
    """Report a bad command line as GNU does and return ``status``."""
    name = proc.argv[0]
    if message:
        await proc.stderr.write(f"{name}: {message}\n")
    await proc.stderr.write(f"Try '{name} --help' for more information.\n")
    return status


def permutes(proc: Process) -> bool:
    """Whether options may follow operands (GNU, unless ``POSIXLY_CORRECT`` is set)."""
    return "POSIXLY_CORRECT" not in proc.env


#: Long options every GNU utility accepts.
STANDARD_LONG: dict[str, tuple[str, ArgKind]] = {
    "help": ("help", "none"),
    "version": ("version", "none"),
}

#: The package GNU utilities report in ``--version``, by utility name.
_PACKAGES = {
    "grep": "GNU grep) 3.8",
    "egrep": "GNU grep) 3.8",
    "fgrep": "GNU grep) 3.8",
    "sed": "GNU sed) 4.9",
    "find": "GNU findutils) 4.9.0",
    "xargs": "GNU findutils) 4.9.0",
    "diff": "GNU diffutils) 3.8",
    "cmp": "GNU diffutils) 3.8",
}
_PACKAGES_DEFAULT = "GNU coreutils) 9.1"


async def parse_or_answer(
    proc: Process,
    argv: list[str],
    short: str,
    long: Mapping[str, tuple[str, ArgKind]] | None = None,
    *,
    usage: str,
    permute: bool | None = None,
    usage_status: int = 1,
) -> Parsed | int:
    """A utility's command line parsed, or its exit status once a bad command line (that is
    ``usage_status``), ``--help`` or ``--version`` (0) has been answered. Options follow operands
    as :func:`permutes` says unless ``permute`` is given; ``usage`` is the ``--help`` synopsis
    after the name."""
    try:
        parsed = parse(argv, short, long, permute=permutes(proc) if permute is None else permute)
    except UsageError as e:
        return await usage_error(proc, e.message, usage_status)
    if await help_or_version(proc, parsed, usage):
        return 0
    return parsed


async def help_or_version(proc: Process, parsed: Parsed, usage: str) -> bool:
    """Answer ``--help`` (``usage`` is the synopsis after the name) or ``--version``; True if so."""
    name = proc.argv[0].rsplit("/", 1)[-1]
    if parsed.has("help"):
        await proc.stdout.write(f"Usage: {proc.argv[0]} {usage}\n")
        return True
    if parsed.has("version"):
        await proc.stdout.write(f"{name} ({_PACKAGES.get(name, _PACKAGES_DEFAULT)}\n")
        return True
    return False
