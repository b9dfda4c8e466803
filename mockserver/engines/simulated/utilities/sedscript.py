"""sed scripts: parsing GNU sed's command language into commands with addresses, and the
pieces of ``s///`` replacements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mockserver.engines.simulated.utilities.regex import RegexError, translate


class SedError(Exception):
    """A script GNU sed would reject; ``status`` is its exit code."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Regex:
    source: str  # "" = the last regex used
    flags: int
    compiled: re.Pattern[str] | None


@dataclass
class Address:
    kind: str  # "line", "last", "regex", "step", "zero"
    line: int = 0
    step: int = 0
    regex: Regex | None = None


@dataclass
class Command:
    name: str
    addr1: Address | None = None
    addr2: Address | None = None
    addr2_kind: str = ""  # "", "addr", "plus", "tilde"
    addr2_n: int = 0
    negate: bool = False
    text: str = ""
    label: str = ""
    target: int = -1  # jump index for b/t/T and for "{" (index of its "}")
    regex: Regex | None = None
    replacement: list[tuple[str, str]] = field(default_factory=list)
    global_: bool = False
    occurrence: int = 1
    print_: int = 0
    write: str = ""
    exit_code: int = 0
    trans: dict[str, str] = field(default_factory=dict)
    # range state
    active: bool = False
    closed: bool = False
    range_end: int = 0


class Parser:
    def __init__(self, script: str, extended: bool, expr_no: int) -> None:
        self.s = script
        self.i = 0
        self.extended = extended
        self.expr_no = expr_no

    def error(self, message: str) -> SedError:
        return SedError(f"-e expression #{self.expr_no}, char {self.i}: {message}")

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip_ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i] in " \t":
            self.i += 1

    def number(self) -> int:
        start = self.i
        while self.i < len(self.s) and self.s[self.i].isdigit():
            self.i += 1
        return int(self.s[start : self.i])

    def delimited(self, delim: str, *, regex: bool) -> str:
        """Text up to an unescaped ``delim``; ``\\delim`` becomes ``delim``, ``\\n`` newline."""
        out: list[str] = []
        while True:
            if self.i >= len(self.s):
                raise SedError("")
            c = self.s[self.i]
            if c == "\\" and self.i + 1 < len(self.s):
                nxt = self.s[self.i + 1]
                self.i += 2
                if nxt == delim:
                    out.append(delim if delim not in "&\\" or regex else "\\" + delim)
                elif nxt == "n" and regex:
                    out.append("\\n")
                elif nxt == "\n":
                    out.append("\n")
                else:
                    out.append("\\" + nxt)
                continue
            if c == "[" and regex:
                # A bracket expression may hold the delimiter unescaped.
                j = self.i + 1
                if j < len(self.s) and self.s[j] == "^":
                    j += 1
                if j < len(self.s) and self.s[j] == "]":
                    j += 1
                while j < len(self.s) and self.s[j] != "]":
                    if self.s.startswith("[:", j):
                        close = self.s.find(":]", j + 2)
                        j = close + 2 if close > 0 else j + 1
                        continue
                    j += 1
                if j < len(self.s):
                    out.append(self.s[self.i : j + 1])
                    self.i = j + 1
                    continue
            if c == delim:
                self.i += 1
                return "".join(out)
            if c == "\n" and regex:
                raise SedError("")
            out.append(c)
            self.i += 1

    def make_regex(self, source: str, flags_text: str) -> Regex:
        flags = 0
        if "I" in flags_text or "i" in flags_text:
            flags |= re.IGNORECASE
        if "M" in flags_text or "m" in flags_text:
            flags |= re.MULTILINE
        if source == "":
            return Regex("", flags, None)
        try:
            # In sed the pattern space may hold newlines: "." matches them, "$" is its end.
            py = translate(
                source, extended=self.extended, end="$" if flags & re.MULTILINE else r"\Z"
            )
            return Regex(source, flags | re.DOTALL, re.compile(py, flags | re.DOTALL))
        except (RegexError, re.error) as err:
            raise self.error(
                str(err) if isinstance(err, RegexError) else "Invalid regular expression"
            ) from None

    def address(self) -> Address | None:
        c = self.peek()
        if c.isdigit():
            n = self.number()
            if self.peek() == "~":
                self.i += 1
                step = self.number() if self.peek().isdigit() else 0
                return Address("step", line=n, step=step)
            return Address("zero" if n == 0 else "line", line=n)
        if c == "$":
            self.i += 1
            return Address("last")
        if c == "/" or c == "\\":
            if c == "\\":
                self.i += 1
                delim = self.peek()
                self.i += 1
            else:
                delim = "/"
                self.i += 1
            try:
                source = self.delimited(delim, regex=True)
            except SedError:
                raise self.error("unterminated address regex") from None
            flags = ""
            while self.peek() in ("I", "M"):
                flags += self.peek()
                self.i += 1
            return Address("regex", regex=self.make_regex(source, flags))
        return None

    def read_text(self) -> str:
        """Text of a/i/c: ``a\\`` + newline + lines, or the GNU one-liner ``a text``."""
        self.skip_ws()
        if self.s.startswith("\\", self.i):
            self.i += 1
            if self.s.startswith("\n", self.i):
                self.i += 1
            else:
                self.skip_ws()
        lines: list[str] = []
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "\\" and self.i + 1 < len(self.s):
                nxt = self.s[self.i + 1]
                lines.append({"\n": "\n", "n": "\n", "t": "\t"}.get(nxt, nxt))
                self.i += 2
                continue
            if c == "\n":
                self.i += 1
                break
            lines.append(c)
            self.i += 1
        return "".join(lines)

    def label_arg(self) -> str:
        self.skip_ws()
        start = self.i
        while self.i < len(self.s) and self.s[self.i] not in ";\n":
            self.i += 1
        return self.s[start : self.i].strip()

    def filename(self) -> str:
        self.skip_ws()
        start = self.i
        while self.i < len(self.s) and self.s[self.i] != "\n":
            self.i += 1
        return self.s[start : self.i]

    def parse(self, commands: list[Command], blocks: list[int]) -> None:
        while True:
            while self.peek() in (" ", "\t", "\n", ";"):
                self.i += 1
            if self.i >= len(self.s):
                return
            cmd = Command(name="")
            cmd.addr1 = self.address()
            if cmd.addr1 is not None:
                self.skip_ws()
                if self.peek() == ",":
                    self.i += 1
                    self.skip_ws()
                    if self.peek() == "+" or self.peek() == "~":
                        cmd.addr2_kind = "plus" if self.peek() == "+" else "tilde"
                        self.i += 1
                        if not self.peek().isdigit():
                            raise self.error("expected newer version of sed")
                        cmd.addr2_n = self.number()
                    else:
                        cmd.addr2 = self.address()
                        if cmd.addr2 is None:
                            raise self.error("unexpected `,'")
                        cmd.addr2_kind = "addr"
                elif cmd.addr1.kind == "zero":
                    raise self.error("invalid usage of line address 0")
            self.skip_ws()
            while self.peek() == "!":
                cmd.negate = True
                self.i += 1
                self.skip_ws()
            if self.i >= len(self.s):
                raise self.error("missing command")
            name = self.s[self.i]
            self.i += 1
            cmd.name = name
            if name == "{":
                blocks.append(len(commands))
                commands.append(cmd)
                continue
            if name == "}":
                if cmd.addr1 is not None:
                    raise self.error("} doesn't want any addresses")
                if not blocks:
                    raise self.error("unexpected `}'")
                commands[blocks.pop()].target = len(commands)
                commands.append(cmd)
                self.end_of_command()
                continue
            if name in "aic":
                if self.i >= len(self.s) or (self.s[self.i] == "\n"):
                    raise self.error("expected \\ after `a', `c' or `i'")
                cmd.text = self.read_text()
            elif name == ":":
                if cmd.addr1 is not None:
                    raise self.error(": doesn't want any addresses")
                cmd.label = self.label_arg()
                if not cmd.label:
                    raise self.error('":" lacks a label')
            elif name in "btT":
                cmd.label = self.label_arg()
            elif name in "qQ":
                self.skip_ws()
                cmd.exit_code = self.number() if self.peek().isdigit() else 0
                self.end_of_command()
            elif name in "rRwW":
                cmd.write = self.filename()
            elif name == "s":
                self.parse_s(cmd)
            elif name == "y":
                self.parse_y(cmd)
            elif name in "=dDgGhHlnNpPxzF":
                self.end_of_command()
            elif name == "e" or name == "v":
                self.label_arg()
            elif name == "#":
                while self.i < len(self.s) and self.s[self.i] != "\n":
                    self.i += 1
                continue
            else:
                self.i -= 0
                raise self.error(f"unknown command: `{name}'")
            commands.append(cmd)

    def end_of_command(self) -> None:
        self.skip_ws()
        c = self.peek()
        if c and c not in ";\n}#":
            self.i += 1
            raise self.error("extra characters after command")

    def parse_s(self, cmd: Command) -> None:
        delim = self.peek()
        if not delim or delim in "\n\\":
            raise self.error("unterminated `s' command")
        self.i += 1
        try:
            pattern = self.delimited(delim, regex=True)
            replacement = self.delimited(delim, regex=False)
        except SedError:
            raise self.error("unterminated `s' command") from None
        flags = ""
        while self.i < len(self.s) and self.s[self.i] not in ";\n}#":
            c = self.s[self.i]
            self.i += 1
            if c == "g":
                cmd.global_ = True
            elif c == "p":
                cmd.print_ += 1
            elif c.isdigit():
                self.i -= 1
                cmd.occurrence = self.number()
                if cmd.occurrence == 0:
                    raise self.error("number option to `s' command may not be zero")
            elif c in "iI":
                flags += "I"
            elif c in "mM":
                flags += "M"
            elif c == "e":
                pass
            elif c == "w":
                cmd.write = self.filename()
                break
            elif c in " \t":
                continue
            else:
                raise self.error("unknown option to `s'")
        cmd.regex = self.make_regex(pattern, flags)
        cmd.replacement = parse_replacement(replacement)

    def parse_y(self, cmd: Command) -> None:
        delim = self.peek()
        self.i += 1
        try:
            src = self.delimited(delim, regex=False)
            dst = self.delimited(delim, regex=False)
        except SedError:
            raise self.error("unterminated `y' command") from None
        src_chars, dst_chars = y_chars(src), y_chars(dst)
        if len(src_chars) != len(dst_chars):
            raise self.error("strings for `y' command are different lengths")
        cmd.trans = dict(zip(src_chars, dst_chars, strict=True))
        self.end_of_command()


def y_chars(text: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return out


def parse_replacement(text: str) -> list[tuple[str, str]]:
    """Pieces of an s/// replacement: ("lit", text), ("group", n), ("case", U/L/u/l/E)."""
    parts: list[tuple[str, str]] = []
    i = 0
    buf: list[str] = []

    def flush() -> None:
        if buf:
            parts.append(("lit", "".join(buf)))
            buf.clear()

    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            d = text[i + 1]
            i += 2
            if d.isdigit():
                flush()
                parts.append(("group", d))
            elif d in "ULulE":
                flush()
                parts.append(("case", d))
            elif d == "n":
                buf.append("\n")
            elif d == "t":
                buf.append("\t")
            elif d == "&":
                buf.append("&")
            else:
                buf.append(d)
            continue
        if c == "&":
            flush()
            parts.append(("group", "0"))
            i += 1
            continue
        buf.append(c)
        i += 1
    flush()
    return parts


def expand_replacement(parts: list[tuple[str, str]], m: re.Match[str]) -> str:
    out: list[str] = []
    mode = ""  # "U" or "L" until \E
    one = ""  # "u" or "l" for the next character

    def add(text: str) -> None:
        nonlocal one
        if not text:
            return
        if mode == "U":
            text = text.upper()
        elif mode == "L":
            text = text.lower()
        if one:
            text = (text[0].upper() if one == "u" else text[0].lower()) + text[1:]
            one = ""
        out.append(text)

    for kind, value in parts:
        if kind == "lit":
            add(value)
        elif kind == "group":
            add(m.group(int(value)) or "")
        elif value in "UL":
            mode, one = value, ""
        elif value in "ul":
            one = value
        else:
            mode, one = "", ""
    return "".join(out)
