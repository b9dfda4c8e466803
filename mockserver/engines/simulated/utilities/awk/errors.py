"""The two ways an awk program fails: while being read, and while running."""

from __future__ import annotations


class AwkSyntaxError(Exception):
    """A program mawk would refuse to compile: ``{name}: line {line}: {message}``."""

    def __init__(self, line: int, message: str, *, bare_line: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        #: mawk omits the word "line" for some scanner errors (``awk: 2: unexpected character``).
        self.bare_line = bare_line
        #: Further errors reported with this one (each call of an undefined function).
        self.more: list[AwkSyntaxError] = []

    def render(self, name: str) -> str:
        where = f"{self.line}" if self.bare_line else f"line {self.line}"
        return f"{name}: {where}: {self.message}\n" + "".join(e.render(name) for e in self.more)


class AwkRuntimeError(Exception):
    """A run-time error: mawk reports it with FILENAME, FNR and NR, and exits 2."""

    #: What precedes the message (mawk's overflow errors have their own words).
    prefix = "run time error: "

    def __init__(self, message: str, partial: str = "") -> None:
        super().__init__(message)
        self.message = message
        #: What printf had formatted before failing (mawk writes it out).
        self.partial = partial


class AwkLimitError(AwkRuntimeError):
    """A program limit (``program limit exceeded: sprintf buffer size=8192``)."""

    prefix = "program limit exceeded: "


#: The longest string a program may build (mawk would run out of memory first).
MAX_STRING = 64 * 1024 * 1024


def check_length(text: str) -> str:
    """``text``, unless it is too long to keep."""
    if len(text) > MAX_STRING:
        raise AwkLimitError(f"string length {len(text)} > {MAX_STRING}")
    return text
