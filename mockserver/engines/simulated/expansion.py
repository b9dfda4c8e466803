"""Word expansion as POSIX orders it: tilde, parameter, command substitution and arithmetic,
then field splitting on IFS, pathname expansion, quote removal.

A word is first turned into *pieces*: text with two flags, ``quoted`` (no splitting, no
globbing) and ``split`` (the unquoted result of an expansion, subject to field splitting).
``"$@"`` inserts field breaks. The pieces are then split into fields and globbed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from mockserver.engines.simulated import arithmetic, patterns, words
from mockserver.engines.simulated.errors import ShellError
from mockserver.engines.simulated.parser import Node, text
from mockserver.engines.simulated.process import encode
from mockserver.engines.simulated.vfs import VirtualFS
from mockserver.engines.simulated.words import Mode

DEFAULT_IFS = " \t\n"


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    quoted: bool = False
    split: bool = False


class _Break:
    """A field boundary inside one word (between the parameters of ``"$@"``)."""


BREAK = _Break()
Pieces = list[Piece | _Break]


class Shell(Protocol):
    """What expansion needs from the interpreter."""

    fs: VirtualFS
    cwd: str
    noglob: bool
    nounset: bool
    positional: list[str]

    def lookup(self, name: str) -> str | None: ...

    def assign(self, name: str, value: str) -> None: ...

    async def substitute(self, source: str) -> str: ...


class Expander:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell

    # --- public entry points ---------------------------------------------------------------

    async def fields(self, nodes: list[Node]) -> list[str]:
        """Arguments of a simple command or ``for`` list: split and globbed."""
        result: list[str] = []
        for raw in _words(nodes):
            pieces = await self.expand(_lex(raw))
            for field in self._split(pieces):
                result.extend(self._glob(field))
        return result

    async def word(self, node: Node) -> str:
        """A word expanded without splitting or globbing (assignments, ``case`` words, targets)."""
        pieces = await self.expand(_lex(source_of(node), assignment=True))
        ifs = self.shell.lookup("IFS")
        separator = DEFAULT_IFS[0] if ifs is None else ifs[:1]  # `s="$@"` joins as "$*" does
        return "".join(p.text if isinstance(p, Piece) else separator for p in pieces)

    async def pattern(self, node: Node) -> str:
        """A word as a pattern: quoted parts escaped so they match literally."""
        return _as_pattern(await self.expand(_lex(source_of(node))))

    async def heredoc(self, body: str) -> str:
        """A here-document body with parameter, command and arithmetic expansion."""
        if "$" not in body and "`" not in body and "\\" not in body:
            return body
        pieces = await self.expand(_lex(body, Mode.HEREDOC), quoted=True)
        return "".join(p.text for p in pieces if isinstance(p, Piece))

    # --- pieces ----------------------------------------------------------------------------

    async def expand(self, parts: tuple[words.Part, ...], *, quoted: bool = False) -> Pieces:
        """The pieces of a word's parts; ``quoted``: the parts stand inside double quotes."""
        out: Pieces = []
        for part in parts:
            if isinstance(part, words.Literal):
                out.append(Piece(part.text, quoted=part.quoted or quoted))
            elif isinstance(part, words.Quoted):
                inner = await self.expand(part.parts, quoted=True)
                if not inner and not _has_at(part):
                    inner = [Piece("", quoted=True)]
                out.extend(inner)
            elif isinstance(part, words.Parameter):
                out.extend(await self._parameter(part, quoted))
            elif isinstance(part, words.Command):
                value = (await self.shell.substitute(part.source)).rstrip("\n")
                out.append(Piece(value, quoted=quoted, split=not quoted))
            elif isinstance(part, words.Arithmetic):
                value = str(await self._arithmetic(part))
                out.append(Piece(value, quoted=quoted, split=not quoted))
            else:
                out.append(self._tilde(part.user))
        return out

    def _tilde(self, user: str) -> Piece:
        if user == "":
            home = self.shell.lookup("HOME")
            return Piece(home, quoted=True) if home is not None else Piece("~")
        if user == "root":
            return Piece("/root", quoted=True)
        return Piece("~" + user)

    def _parameter_pieces(self, name: str, quoted: bool) -> Pieces:
        if name in {"@", "*"}:
            params = self.shell.positional
            if quoted and name == "*":
                ifs = self.shell.lookup("IFS")
                sep = DEFAULT_IFS[0] if ifs is None else ifs[:1]
                return [Piece(sep.join(params), quoted=True)]
            out: Pieces = []
            for index, param in enumerate(params):
                if index:
                    out.append(BREAK)
                out.append(Piece(param, quoted=quoted, split=not quoted))
            return out
        value = self.shell.lookup(name)
        if value is None:
            if self.shell.nounset:
                raise ShellError(f"{name}: parameter not set")
            value = ""
        return [Piece(value, quoted=quoted, split=not quoted)]

    async def _parameter(self, part: words.Parameter, quoted: bool) -> Pieces:
        name, op = part.name, part.operator
        if op == "":
            return self._parameter_pieces(name, quoted)
        if op == "length":
            return [Piece(str(self._length(name)), quoted=quoted, split=not quoted)]
        value: str | None
        if name in {"@", "*"}:
            value = " ".join(self.shell.positional) if self.shell.positional else None
        else:
            value = self.shell.lookup(name)
        if op in {"#", "##", "%", "%%"}:
            if value is None and self.shell.nounset:
                raise ShellError(f"{name}: parameter not set")
            pattern = _as_pattern(await self.expand(_lex(part.operand)))
            current = value or ""
            if op.startswith("#"):
                result = patterns.strip_prefix(current, pattern, longest=op == "##")
            else:
                result = patterns.strip_suffix(current, pattern, longest=op == "%%")
            return [Piece(result, quoted=quoted, split=not quoted)]
        unset = value is None or (op.startswith(":") and value == "")
        kind = op[-1]
        if kind == "+":
            if unset:
                return [Piece("", quoted=quoted)] if quoted else []
            return await self._operand(part.operand, quoted)
        if not unset:
            return self._parameter_pieces(name, quoted)
        if kind == "-":
            return await self._operand(part.operand, quoted)
        given = await self._operand(part.operand, quoted)
        new = "".join(p.text for p in given if isinstance(p, Piece))
        if kind == "=":
            if not _is_name(name):
                raise ShellError(f"{name}: bad variable name")
            self.shell.assign(name, new)
            return self._parameter_pieces(name, quoted)
        if not part.operand:
            new = "parameter null or not set" if op.startswith(":") else "parameter not set"
        raise ShellError(f"{name}: {new}")

    def _length(self, name: str) -> int:
        if name in {"@", "*"}:
            return len(" ".join(self.shell.positional))
        value = self.shell.lookup(name)
        if value is None and self.shell.nounset:
            raise ShellError(f"{name}: parameter not set")
        return len(encode(value or ""))  # dash counts bytes

    async def _operand(self, raw: str, quoted: bool) -> Pieces:
        """The word after ``-``, ``=``, ``?`` or ``+``: in double quotes, read as their inside."""
        parts = _lex(raw, Mode.OPERAND if quoted else Mode.UNQUOTED)
        out: Pieces = []
        for piece in await self.expand(parts, quoted=quoted):
            if isinstance(piece, Piece) and not piece.quoted:
                piece = Piece(piece.text, quoted=False, split=True)
            out.append(piece)
        if not out and quoted:
            out.append(Piece("", quoted=True))
        return out

    async def _arithmetic(self, part: words.Arithmetic) -> int:
        """``$(( ))``: the expansions inside first, then the integer arithmetic."""
        expanded = await self.expand(part.parts, quoted=True)
        expression = "".join(p.text for p in expanded if isinstance(p, Piece))
        return self.arithmetic_value(expression)

    def arithmetic_value(self, expression: str) -> int:
        try:
            return arithmetic.evaluate(expression.strip(), self.shell.lookup, self.shell.assign)
        except arithmetic.ArithmeticFailure as failure:
            message = str(failure)
            if message.startswith("Illegal number"):
                raise ShellError(message) from failure
            raise ShellError(f"arithmetic expression: {message}") from failure

    # --- splitting and globbing ------------------------------------------------------------

    def _split(self, pieces: Pieces) -> list[list[Piece]]:
        if all(isinstance(p, Piece) and not p.split for p in pieces):
            alive = any(p.quoted or p.text for p in pieces if isinstance(p, Piece))
            return [pieces] if alive else []  # type: ignore[list-item]
        ifs = self.shell.lookup("IFS")
        if ifs is None:
            ifs = DEFAULT_IFS
        whitespace = "".join(c for c in ifs if c in " \t\n")
        fields: list[list[Piece]] = []
        current: list[Piece] = []
        alive = False
        after_whitespace_split = False
        for piece in pieces:
            if isinstance(piece, _Break):
                if alive:
                    fields.append(current)
                current, alive = [], False
                continue
            if not piece.split or not ifs:
                current.append(piece)
                alive = alive or piece.quoted or bool(piece.text)
                if piece.text or piece.quoted:
                    after_whitespace_split = False
                continue
            chunk: list[str] = []
            for char in piece.text:
                if char in ifs:
                    if chunk:
                        current.append(Piece("".join(chunk)))
                        chunk = []
                        alive = True
                    if char in whitespace:
                        if alive:
                            fields.append(current)
                            current, alive = [], False
                            after_whitespace_split = True
                    else:
                        if not after_whitespace_split or alive:
                            fields.append(current)
                        current, alive = [], False
                        after_whitespace_split = False
                else:
                    chunk.append(char)
                    after_whitespace_split = False
            if chunk:
                current.append(Piece("".join(chunk)))
                alive = True
        if alive:
            fields.append(current)
        return fields

    def _glob(self, field: list[Piece]) -> list[str]:
        literal = "".join(p.text for p in field)
        if self.shell.noglob:
            return [literal]
        if not any(not p.quoted and any(c in p.text for c in "*?[") for p in field):
            return [literal]
        pattern = "".join(p.text if not p.quoted else patterns.escape(p.text) for p in field)
        matched = self.shell.fs.glob(pattern, self.shell.cwd)
        return matched or [literal]


def source_of(node: Node) -> str:
    """The node's own source text (tree-sitter-bash counts blanks before ``$`` in)."""
    return text(node).lstrip(" \t\n")


def _words(nodes: list[Node]) -> list[str]:
    """The source text of each word: nodes that touch are one word (tree-sitter-bash splits
    ``$x/$y/`` in two)."""
    found: list[str] = []
    end = -1
    for node in nodes:
        raw = source_of(node)
        start = node.end_byte - len((raw or "").encode("utf-8", "surrogateescape"))
        if found and start == end and raw:
            found[-1] += raw
        else:
            found.append(raw)
        end = node.end_byte
    return found


def _lex(
    raw: str, mode: Mode = Mode.UNQUOTED, *, assignment: bool = False
) -> tuple[words.Part, ...]:
    try:
        return words.lex(raw, mode, assignment=assignment)
    except words.WordError as error:
        message = str(error)
        if message != "Bad substitution":
            message = f"Syntax error: {message}"
        raise ShellError(message) from error


def _as_pattern(pieces: Pieces) -> str:
    return "".join(
        (patterns.escape(p.text) if p.quoted else p.text) if isinstance(p, Piece) else " "
        for p in pieces
    )


def _has_at(part: words.Quoted) -> bool:
    """Whether a double-quoted stretch holds ``$@`` (which may expand to no field at all)."""
    return any(isinstance(p, words.Parameter) and p.name == "@" for p in part.parts)


def _is_name(name: str) -> bool:
    return name.replace("_", "a").isalnum() and not name[:1].isdigit()
