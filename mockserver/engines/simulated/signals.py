"""Signal numbers and names as dash knows them on Linux (``kill -l``, ``trap``)."""

from __future__ import annotations

_NAMED = [
    "HUP",
    "INT",
    "QUIT",
    "ILL",
    "TRAP",
    "ABRT",
    "BUS",
    "FPE",
    "KILL",
    "USR1",
    "SEGV",
    "USR2",
    "PIPE",
    "ALRM",
    "TERM",
    "-",
    "CHLD",
    "CONT",
    "STOP",
    "TSTP",
    "TTIN",
    "TTOU",
    "URG",
    "XCPU",
    "XFSZ",
    "VTALRM",
    "PROF",
    "WINCH",
    "IO",
    "PWR",
    "SYS",
    "-",
    "-",
]
_REALTIME = ["RTMIN", *(f"RTMIN+{n}" for n in range(1, 16))]
_REALTIME += [*(f"RTMAX-{n}" for n in range(14, 0, -1)), "RTMAX"]
#: Name of each signal number 1..64; dash has no name for 16, 32 and 33 and prints the number.
NAMES: dict[int, str] = {
    number: (name if name != "-" else str(number))
    for number, name in enumerate([*_NAMED, *_REALTIME], start=1)
}
LAST = max(NAMES)
_NUMBERS = {name: number for number, name in NAMES.items()}


#: Signals whose default action leaves the process alone.
IGNORED_BY_DEFAULT = {_NUMBERS[name] for name in ("CHLD", "CONT", "URG", "WINCH")}


def number(spec: str) -> int | None:
    """The signal a name (``TERM``, ``term``; dash knows no ``SIG`` prefix) or a number
    (``15``) stands for."""
    if spec.isdigit():
        value = int(spec)
        return value if value <= LAST else None
    return _NUMBERS.get(spec.upper())


def trap_name(spec: str) -> str | None:
    """The name ``trap`` files a condition under: ``EXIT`` for 0, else the signal's name."""
    if spec.upper() in {"EXIT", "0"}:
        return "EXIT"
    found = number(spec)
    return NAMES[found] if found else None


def order(name: str) -> int:
    """Where ``trap`` lists a condition: EXIT first, then by signal number."""
    return 0 if name == "EXIT" else _NUMBERS.get(name, LAST + 1)
