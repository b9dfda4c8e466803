"""One shell word read from its source text, as dash reads it: quotes, escapes and expansions.

The syntax tree says where a word begins and ends; what is inside is read here, so that quoting
and nesting follow dash rather than tree-sitter-bash (``$x/$y/``, ``"${u-\\z}"``,
``$(( ${zero}11 ))``, backquotes inside double quotes). :func:`lex` returns the word's parts;
:mod:`expansion` expands them.

Parts:

* :class:`Literal`: text, quoted or not (unquoted text is subject to pathname expansion);
* :class:`Quoted`: a double-quoted stretch and its parts;
* :class:`Parameter`: ``$name``, ``${name}``, ``${#name}``, ``${name<op>operand}``;
* :class:`Command`: ``$(...)`` or a backquoted command, as source text to parse and run;
* :class:`Arithmetic`: ``$((...))`` and the parts of its expression;
* :class:`Tilde`: a tilde prefix (``~``, ``~user``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

SPECIAL_PARAMETERS = "@*#?-$!0"
#: Brackets the marker words the source reader puts in place of text tree-sitter-bash misreads
#: (here-documents, operands of ``${...}``); a record separator never appears in a script.
MARK = "\x1e"
_OPERATORS = (":-", ":=", ":?", ":+", "##", "%%", "-", "=", "?", "+", "#", "%")


class Mode(Enum):
    UNQUOTED = "unquoted"
    #: Inside ``"..."``: a backslash escapes only ``$ ` " \\`` and newline.
    DOUBLE = "double"
    #: A here-document body: as in double quotes, but ``"`` is an ordinary character.
    HEREDOC = "heredoc"
    #: The operand of ``${x-...}`` inside double quotes: ``'`` is ordinary, ``\\}`` escapes.
    OPERAND = "operand"
    #: The expression of ``$((...))``: only expansions are special.
    ARITHMETIC = "arithmetic"


@dataclass(frozen=True, slots=True)
class Literal:
    text: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Quoted:
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    #: ``-``, ``:-``, ``#``, ``%%``...; ``""`` for a bare ``$x``/``${x}``; ``"length"`` for ``${#x}``.
    operator: str = ""
    operand: str = ""


@dataclass(frozen=True, slots=True)
class Command:
    source: str


@dataclass(frozen=True, slots=True)
class Arithmetic:
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Tilde:
    user: str


Part = Literal | Quoted | Parameter | Command | Arithmetic | Tilde


class WordError(Exception):
    """Text that is not a complete word (``${x``, ``${1a}``): dash's message."""


@lru_cache(maxsize=4096)
def lex(raw: str, mode: Mode = Mode.UNQUOTED, *, assignment: bool = False) -> tuple[Part, ...]:
    """The parts of one word's source text."""
    reader = _Reader(raw, mode, assignment=assignment)
    return tuple(reader.parts(end=None))


class _Reader:
    def __init__(self, raw: str, mode: Mode, *, assignment: bool) -> None:
        self.raw = raw
        self.mode = mode
        self.assignment = assignment
        self.i = 0

    def parts(self, end: str | None) -> list[Part]:
        out: list[Part] = []
        buffer: list[str] = []
        raw, mode = self.raw, self.mode

        def flush() -> None:
            if buffer:
                out.append(Literal("".join(buffer), quoted=mode is not Mode.UNQUOTED))
                buffer.clear()

        if mode is Mode.UNQUOTED:
            self._tilde(out)
        while self.i < len(raw):
            c = raw[self.i]
            if end is not None and c == end:
                self.i += 1
                flush()
                return out
            if c == "\\":
                flush()
                self._backslash(out)
                continue
            if c == "$":
                flush()
                part = self._dollar()
                if part is None:
                    buffer.append("$")
                else:
                    out.append(part)
                continue
            if c == "`":
                flush()
                out.append(self._backquote())
                continue
            if mode is Mode.UNQUOTED and c == "'":
                flush()
                close = raw.find("'", self.i + 1)
                if close < 0:
                    raise WordError("Unterminated quoted string")
                out.append(Literal(raw[self.i + 1 : close], quoted=True))
                self.i = close + 1
                continue
            if c == '"' and mode in {Mode.UNQUOTED, Mode.OPERAND}:
                flush()
                self.i += 1
                saved, self.mode = self.mode, Mode.DOUBLE
                inner = self.parts(end='"')
                self.mode = saved
                out.append(Quoted(tuple(inner)))
                continue
            buffer.append(c)
            self.i += 1
            if mode is Mode.UNQUOTED and self.assignment and c == ":":
                flush()
                self._tilde(out)
        if end is not None and mode is Mode.DOUBLE:
            raise WordError("Unterminated quoted string")
        flush()
        return out

    def _backslash(self, out: list[Part]) -> None:
        raw, i = self.raw, self.i
        following = raw[i + 1 : i + 2]
        if following == "\n":
            self.i += 2  # a line continuation
            return
        escapable = {
            Mode.UNQUOTED: None,
            Mode.DOUBLE: '$`"\\',
            Mode.HEREDOC: "$`\\",
            Mode.OPERAND: '$`"\\}',
            Mode.ARITHMETIC: "$`\\",
        }[self.mode]
        if following and (escapable is None or following in escapable):
            out.append(Literal(following, quoted=True))
            self.i += 2
            return
        quoted = self.mode is not Mode.UNQUOTED
        out.append(Literal("\\", quoted=quoted or not following))
        self.i += 1

    def _tilde(self, out: list[Part]) -> None:
        raw, i = self.raw, self.i
        if raw[i : i + 1] != "~":
            return
        stop = len(raw)
        for index in range(i + 1, len(raw)):
            if raw[index] == "/" or (self.assignment and raw[index] == ":"):
                stop = index
                break
        user = raw[i + 1 : stop]
        if any(c in user for c in "\\'\"$`"):
            return
        out.append(Tilde(user))
        self.i = stop

    def _dollar(self) -> Part | None:
        raw, i = self.raw, self.i
        following = raw[i + 1 : i + 2]
        if following == "{":
            return self._braced()
        if following == "(":
            if raw[i + 2 : i + 3] == "(":
                arithmetic = self._arithmetic()
                if arithmetic is not None:
                    return arithmetic
            close = matching_paren(raw, i + 2)
            if close is None:
                raise WordError('end of file unexpected (expecting ")")')
            self.i = close + 1
            return Command(raw[i + 2 : close])
        if following and (following.isalpha() or following == "_"):
            j = i + 1
            while j < len(raw) and (raw[j].isalnum() or raw[j] == "_"):
                j += 1
            self.i = j
            return Parameter(raw[i + 1 : j])
        if following and (following.isdigit() or following in SPECIAL_PARAMETERS):
            self.i = i + 2
            return Parameter(following)
        self.i = i + 1
        return None

    def _arithmetic(self) -> Arithmetic | None:
        raw, start = self.raw, self.i + 3
        depth, j = 0, start
        while j < len(raw):
            c = raw[j]
            if c == "\\":
                j += 2
                continue
            if raw.startswith("$(", j) or c == "(":
                depth += 1
                j += 2 if c == "$" else 1
                continue
            if c == ")":
                if depth == 0:
                    if raw[j + 1 : j + 2] != ")":
                        return None  # `$( (a) )`: a command substitution after all
                    break
                depth -= 1
            elif c == "`":
                close = _backquote_end(raw, j)
                j = close if close is not None else len(raw)
            j += 1
        else:
            return None
        inner = _Reader(raw[start:j], Mode.ARITHMETIC, assignment=False)
        parts = inner.parts(end=None)
        self.i = j + 2
        return Arithmetic(tuple(parts))

    def _backquote(self) -> Command:
        raw, i = self.raw, self.i
        close = _backquote_end(raw, i)
        if close is None:
            raise WordError("EOF in backquote substitution")
        body = raw[i + 1 : close]
        keep = '$`\\"' if self.mode in {Mode.DOUBLE, Mode.HEREDOC} else "$`\\"
        out: list[str] = []
        j = 0
        while j < len(body):
            if body[j] == "\\" and j + 1 < len(body) and body[j + 1] in keep:
                out.append(body[j + 1])
                j += 2
                continue
            if body[j] == "\\" and body[j + 1 : j + 2] == "\n":
                j += 2
                continue
            out.append(body[j])
            j += 1
        self.i = close + 1
        return Command("".join(out))

    def _braced(self) -> Parameter:
        raw, i = self.raw, self.i
        j = i + 2
        length = False
        if raw[j : j + 1] == "#" and raw[j + 1 : j + 2] not in {"}", ""}:
            length = True  # `${#x}`; in `${#}` the `#` is the name
            j += 1
        name_start = j
        if j < len(raw) and (raw[j].isalpha() or raw[j] == "_"):
            while j < len(raw) and (raw[j].isalnum() or raw[j] == "_"):
                j += 1
        elif j < len(raw) and raw[j].isdigit():
            while j < len(raw) and raw[j].isdigit():
                j += 1
        elif j < len(raw) and raw[j] in SPECIAL_PARAMETERS:
            j += 1
        name = raw[name_start:j]
        if not name:
            raise WordError("Bad substitution")
        if length:
            if raw[j : j + 1] != "}":
                raise WordError("Bad substitution")
            self.i = j + 1
            return Parameter(name, "length")
        if raw[j : j + 1] == "}":
            self.i = j + 1
            return Parameter(name)
        operator = next((op for op in _OPERATORS if raw.startswith(op, j)), None)
        if operator is None:
            if j >= len(raw):
                raise WordError("Missing '}'")
            raise WordError("Bad substitution")
        j += len(operator)
        close = _brace_end(raw, j, pattern=operator[0] in "#%" or self.mode is Mode.UNQUOTED)
        if close is None:
            raise WordError("Missing '}'")
        self.i = close + 1
        return Parameter(name, operator, decode_operand(raw[j:close]))


def operand_span(raw: str, i: int, *, quoted: bool) -> tuple[int, int] | None:
    """Where the operand of the ``${name<op>operand}`` at ``i`` starts and its ``}`` is; None
    for a ``${`` without an operand (or not well formed)."""
    if raw[i + 2 : i + 3] == "#" and raw[i + 3 : i + 4] not in {"}", ""}:
        return None  # `${#x}`, `${#?}`: a length
    found = re.match(r"\$\{(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!0-])", raw[i:])
    if found is None:
        return None
    j = i + found.end()
    operator = next((op for op in _OPERATORS if raw.startswith(op, j)), None)
    if operator is None:
        return None
    j += len(operator)
    close = _brace_end(raw, j, pattern=operator[0] in "#%" or not quoted)
    return None if close is None else (j, close)


def encode_operand(text: str) -> str:
    """An operand hidden from tree-sitter-bash in a marker word (see ``source``)."""
    return MARK + "p" + text.encode("utf-8", "surrogateescape").hex() + MARK


def decode_operand(text: str) -> str:
    if len(text) >= 3 and text[0] == MARK and text[1] == "p" and text[-1] == MARK:
        return bytes.fromhex(text[2:-1]).decode("utf-8", "surrogateescape")
    return text


def _brace_end(raw: str, j: int, *, pattern: bool) -> int | None:
    """Index of the ``}`` that closes a ``${`` whose operand starts at ``j``."""
    quote = ""
    while j < len(raw):
        c = raw[j]
        if c == "\\":
            j += 2
            continue
        if quote:
            if c == quote:
                quote = ""
            elif quote == '"' and c == "$" and raw[j + 1 : j + 2] in {"{", "("}:
                end = _expansion_end(raw, j)
                if end is None:
                    return None
                j = end
            elif quote == '"' and c == "`":
                end = _backquote_end(raw, j)
                if end is None:
                    return None
                j = end
            j += 1
            continue
        if c == "}":
            return j
        if c == '"' or (c == "'" and pattern):
            quote = c
        elif c == "$" and raw[j + 1 : j + 2] in {"{", "("}:
            end = _expansion_end(raw, j)
            if end is None:
                return None
            j = end
        elif c == "`":
            end = _backquote_end(raw, j)
            if end is None:
                return None
            j = end
        j += 1
    return None


def _expansion_end(raw: str, j: int) -> int | None:
    """Index of the last character of the ``${...}`` or ``$(...)`` starting at ``j``."""
    if raw[j + 1] == "{":
        return _brace_end(raw, j + 2, pattern=True)
    return matching_paren(raw, j + 2)


def _backquote_end(raw: str, i: int) -> int | None:
    j = i + 1
    while j < len(raw):
        if raw[j] == "\\":
            j += 2
            continue
        if raw[j] == "`":
            return j
        j += 1
    return None


def matching_paren(raw: str, start: int) -> int | None:
    """Index of the ``)`` closing a command substitution whose body starts at ``start``.

    Quotes, nested substitutions, comments and ``case`` patterns (whose ``)`` closes nothing)
    are followed; here-documents inside are not (they end at the end of the word anyway).
    """
    depth = 0
    cases = 0
    j = start
    word_start = True
    while j < len(raw):
        c = raw[j]
        if c == "\\":
            j += 2
            word_start = False
            continue
        if c == "'":
            close = raw.find("'", j + 1)
            if close < 0:
                return None
            j = close + 1
            word_start = False
            continue
        if c == '"':
            j = _double_end(raw, j + 1)
            if j < 0:
                return None
            word_start = False
            continue
        if c == "`":
            tick = _backquote_end(raw, j)
            if tick is None:
                return None
            j = tick + 1
            continue
        if c == "#" and word_start:
            newline = raw.find("\n", j)
            j = len(raw) if newline < 0 else newline
            continue
        if c == "$" and raw[j + 1 : j + 2] in {"{", "("}:
            end = _expansion_end(raw, j)
            if end is None:
                return None
            j = end + 1
            word_start = False
            continue
        if word_start and (c.isalpha()):
            k = j
            while k < len(raw) and (raw[k].isalnum() or raw[k] == "_"):
                k += 1
            token = raw[j:k]
            if token == "case":
                cases += 1
            elif token == "esac" and cases:
                cases -= 1
            j = k
            word_start = False
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0 and not cases:
                return j
            if depth:
                depth -= 1
        word_start = c in " \t\n;&|()"
        j += 1
    return None


def _double_end(raw: str, j: int) -> int:
    """Index after the ``"`` closing a double-quoted string whose text starts at ``j``."""
    while j < len(raw):
        c = raw[j]
        if c == "\\":
            j += 2
            continue
        if c == '"':
            return j + 1
        if c == "$" and raw[j + 1 : j + 2] in {"{", "("}:
            end = _expansion_end(raw, j)
            if end is None:
                return -1
            j = end + 1
            continue
        if c == "`":
            end = _backquote_end(raw, j)
            if end is None:
                return -1
            j = end + 1
            continue
        j += 1
    return -1
