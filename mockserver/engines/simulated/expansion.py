"""Word expansion as POSIX orders it: tilde, parameter, command substitution and arithmetic,
then field splitting on IFS, pathname expansion, quote removal.

A word is first turned into *pieces*: text with two flags, ``quoted`` (no splitting, no
globbing) and ``split`` (the unquoted result of an expansion, subject to field splitting).
``"$@"`` inserts field breaks. The pieces are then split into fields and globbed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from mockserver.engines.simulated import arithmetic, patterns
from mockserver.engines.simulated.errors import ShellError
from mockserver.engines.simulated.parser import Node, parse, text
from mockserver.engines.simulated.process import encode
from mockserver.engines.simulated.vfs import VirtualFS

DEFAULT_IFS = " \t\n"
_DQ_ESCAPABLE = '$`"\\\n'


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

    async def substitute(self, node: Node) -> str: ...


class Expander:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell

    # --- public entry points ---------------------------------------------------------------

    async def fields(self, nodes: list[Node]) -> list[str]:
        """Arguments of a simple command or ``for`` list: split and globbed."""
        result: list[str] = []
        for node in nodes:
            pieces = await self.pieces(node, quoted=False)
            for field in self._split(pieces):
                result.extend(self._glob(field))
        return result

    async def word(self, node: Node) -> str:
        """A word expanded without splitting or globbing (assignments, ``case`` words, targets)."""
        pieces = await self.pieces(node, quoted=False, assignment=True)
        return "".join(p.text if isinstance(p, Piece) else " " for p in pieces)

    async def pattern(self, node: Node) -> str:
        """A word as a pattern: quoted parts escaped so they match literally."""
        pieces = await self.pieces(node, quoted=False)
        return "".join(
            (patterns.escape(p.text) if p.quoted else p.text) if isinstance(p, Piece) else " "
            for p in pieces
        )

    async def heredoc(self, body: str) -> str:
        """A here-document body with parameter, command and arithmetic expansion."""
        if "$" not in body and "`" not in body and "\\" not in body:
            return body
        script = parse('echo "' + _heredoc_as_string(body) + '"')
        command = script.root.named_children[0] if script.root.named_children else None
        argument = command.child_by_field_name("argument") if command is not None else None
        if argument is None or argument.type != "string":
            return body
        pieces = await self._double_quoted(argument, escapable=_DQ_ESCAPABLE)
        return "".join(p.text for p in pieces if isinstance(p, Piece))

    # --- pieces ----------------------------------------------------------------------------

    async def pieces(self, node: Node, *, quoted: bool, assignment: bool = False) -> Pieces:
        kind = node.type
        if kind in {"word", "number", "extglob_pattern", "regex", "$", "brace_expression"}:
            return _unquoted_literal(text(node), self._home(), tilde=True, assignment=assignment)
        if kind == "raw_string":
            return [Piece(text(node)[1:-1], quoted=True)]
        if kind == "string":
            return await self._double_quoted(node, escapable=_DQ_ESCAPABLE)
        if kind == "ansi_c_string":
            return [Piece("$", quoted=True), Piece(text(node)[2:-1], quoted=True)]
        if kind == "translated_string":
            inner = node.named_children[0] if node.named_children else None
            rest = await self._double_quoted(inner, escapable=_DQ_ESCAPABLE) if inner else []
            return [Piece("$", quoted=True), *rest]
        if kind == "concatenation":
            out: Pieces = []
            for child in node.children:
                out.extend(await self.pieces(child, quoted=quoted, assignment=assignment))
            return out
        if kind == "simple_expansion":
            return self._parameter_pieces(_name_of(node), quoted)
        if kind == "expansion":
            return await self._braced(node, quoted)
        if kind == "command_substitution":
            value = (await self.shell.substitute(node)).rstrip("\n")
            return [Piece(value, quoted=quoted, split=not quoted)]
        if kind == "arithmetic_expansion":
            value = str(await self.arithmetic(node))
            return [Piece(value, quoted=quoted, split=not quoted)]
        return [Piece(text(node), quoted=quoted)]

    async def _double_quoted(self, node: Node, *, escapable: str) -> Pieces:
        data = node.text or b""
        base = node.start_byte
        out: Pieces = []
        position = 1  # after the opening quote
        end = len(data) - 1 if data.endswith(b'"') and len(data) > 1 else len(data)
        for child in node.children:
            if not child.is_named or child.type == "string_content":
                continue
            start = start_of(child) - base
            if start > position:
                literal = data[position:start].decode("utf-8", "surrogateescape")
                out.append(Piece(_unescape(literal, escapable), quoted=True))
            out.extend(await self.pieces(child, quoted=True))
            position = child.end_byte - base
        if end > position:
            literal = data[position:end].decode("utf-8", "surrogateescape")
            out.append(Piece(_unescape(literal, escapable), quoted=True))
        if not out and not _has_at(node):
            out.append(Piece("", quoted=True))
        return out

    def _home(self) -> str:
        return self.shell.lookup("HOME") or "/root"

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
            if self.shell.nounset and name not in {"@", "*"}:
                raise ShellError(f"{name}: parameter not set")
            value = ""
        return [Piece(value, quoted=quoted, split=not quoted)]

    async def _braced(self, node: Node, quoted: bool) -> Pieces:
        children = node.children
        names = [c for c in children if c.type in {"variable_name", "special_variable_name"}]
        operator_node = node.child_by_field_name("operator")
        inner = text(node).lstrip()[2:-1]
        if not names:
            if inner == "#":
                return [Piece(str(len(self.shell.positional)), quoted=quoted, split=not quoted)]
            if inner in {"@", "*", "?", "$", "!", "-", "0"} or inner == "##":
                return self._parameter_pieces(inner[0] if inner != "##" else "#", quoted)
            raise ShellError("Bad substitution")
        name = text(names[0])
        if any(c.type in {"subscript", "["} for c in children):
            raise ShellError("Bad substitution")
        if operator_node is not None and operator_node.start_byte < names[0].start_byte:
            if text(operator_node) == "#":
                length = self._length(name)
                return [Piece(str(length), quoted=quoted, split=not quoted)]
            raise ShellError("Bad substitution")
        if operator_node is None:
            if inner != name:
                raise ShellError("Bad substitution")
            return self._parameter_pieces(name, quoted)
        op = text(operator_node)
        operand_nodes = [
            c for c in children if c.start_byte >= operator_node.end_byte and c.type != "}"
        ]
        operand_text = text(node)[operator_node.end_byte - node.start_byte : -1]
        value: str | None = None
        if name not in {"@", "*"}:
            value = self._raw(name)
        if name in {"@", "*"} and self.shell.positional:
            value = " ".join(self.shell.positional)
        if op in {":-", "-", ":=", "=", ":?", "?", ":+", "+"}:
            use_colon = op.startswith(":")
            unset = value is None or (use_colon and value == "")
            kind = op[-1]
            if kind == "-":
                if unset:
                    return await self._operand(operand_nodes, quoted)
                return self._parameter_pieces(name, quoted)
            if kind == "=":
                if unset:
                    assigned = await self._operand(operand_nodes, quoted)
                    new = "".join(p.text for p in assigned if isinstance(p, Piece))
                    if not _is_name(name):
                        raise ShellError(f"{name}: bad variable name")
                    self.shell.assign(name, new)
                return self._parameter_pieces(name, quoted)
            if kind == "?":
                if unset:
                    given = await self._operand(operand_nodes, quoted)
                    message = "".join(p.text for p in given if isinstance(p, Piece))
                    if not operand_text:
                        message = "parameter null or not set" if use_colon else "parameter not set"
                    raise ShellError(f"{name}: {message}")
                return self._parameter_pieces(name, quoted)
            if unset:
                return [Piece("", quoted=quoted)] if quoted else []
            return await self._operand(operand_nodes, quoted)
        if op in {"#", "##", "%", "%%"}:
            pattern = ""
            for child in operand_nodes:
                pattern += await self.pattern(child)
            current = value or ""
            if op.startswith("#"):
                result = patterns.strip_prefix(current, pattern, longest=op == "##")
            else:
                result = patterns.strip_suffix(current, pattern, longest=op == "%%")
            return [Piece(result, quoted=quoted, split=not quoted)]
        raise ShellError("Bad substitution")

    def _length(self, name: str) -> int:
        if name in {"@", "*"}:
            return len(" ".join(self.shell.positional))
        value = self._raw(name)
        if value is None and self.shell.nounset:
            raise ShellError(f"{name}: parameter not set")
        return len(encode(value or ""))  # dash counts bytes

    def _raw(self, name: str) -> str | None:
        return self.shell.lookup(name)

    async def _operand(self, nodes: list[Node], quoted: bool) -> Pieces:
        out: Pieces = []
        previous_end: int | None = None
        for child in nodes:
            if previous_end is not None and child.start_byte > previous_end:
                out.append(Piece(" ", quoted=quoted, split=not quoted))
            if quoted and child.type == "raw_string":
                # inside "${x:-'...'}" single quotes are ordinary characters
                out.append(Piece(text(child), quoted=True))
                previous_end = child.end_byte
                continue
            for piece in await self.pieces(child, quoted=quoted):
                if isinstance(piece, Piece) and not piece.quoted and not quoted:
                    out.append(Piece(piece.text, quoted=False, split=True))
                else:
                    out.append(piece)
            previous_end = child.end_byte
        if not out and quoted:
            out.append(Piece("", quoted=True))
        return out

    async def arithmetic(self, node: Node) -> int:
        """The value of an ``$(( ))`` node: expansions inside first, then the integer arithmetic."""
        data = node.text or b""
        base = node.start_byte
        parts: list[str] = []
        position = data.find(b"$((") + 3
        end = len(data) - 2 if data.endswith(b"))") else len(data)
        for child in _expansions_within(node):
            start = start_of(child) - base
            parts.append(data[position:start].decode("utf-8", "surrogateescape"))
            inner = text(child).strip()
            if child.type == "command_substitution" and inner.startswith("$(("):
                # tree-sitter reads a nested `$((1+2))` as `$( (1+2) )`
                nested = parse("echo " + inner)
                argument = nested.statements[0].child_by_field_name("argument")
                if argument is not None and argument.type == "arithmetic_expansion":
                    parts.append(str(await self.arithmetic(argument)))
                    position = child.end_byte - base
                    continue
            expanded = await self.pieces(child, quoted=True)
            parts.append("".join(p.text for p in expanded if isinstance(p, Piece)))
            position = child.end_byte - base
        parts.append(data[position:end].decode("utf-8", "surrogateescape"))
        expression = "".join(parts)
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


def start_of(node: Node) -> int:
    """Where the node's own text starts (tree-sitter-bash counts blanks before ``$`` in)."""
    data = node.text or b""
    return node.start_byte + len(data) - len(data.lstrip(b" \t\n"))


def _name_of(node: Node) -> str:
    for child in node.children:
        if child.type in {"variable_name", "special_variable_name"}:
            return text(child)
    return text(node)[1:]


def _has_at(node: Node) -> bool:
    """Whether a double-quoted string holds ``$@`` (which may expand to no field at all)."""
    return any(
        c.type in {"simple_expansion", "expansion"} and _name_of(c) == "@"
        for c in node.named_children
    )


def _is_name(name: str) -> bool:
    return name.replace("_", "a").isalnum() and not name[:1].isdigit()


def _expansions_within(node: Node) -> list[Node]:
    found: list[Node] = []
    kinds = {"simple_expansion", "expansion", "command_substitution"}
    stack = list(reversed(node.children))
    while stack:
        child = stack.pop()
        if child.type in kinds or (child.type == "arithmetic_expansion" and child is not node):
            found.append(child)
        else:
            stack.extend(reversed(child.children))
    return sorted(found, key=lambda n: n.start_byte)


def _unescape(literal: str, escapable: str) -> str:
    if "\\" not in literal:
        return literal
    out: list[str] = []
    i = 0
    while i < len(literal):
        c = literal[i]
        if c == "\\" and i + 1 < len(literal) and literal[i + 1] in escapable:
            if literal[i + 1] != "\n":
                out.append(literal[i + 1])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _unquoted_literal(raw: str, home: str, *, tilde: bool, assignment: bool) -> Pieces:
    if assignment and ":~" in raw:
        # In an assignment, a tilde after each ':' expands too (PATH=~/bin:~/tools).
        out: Pieces = []
        for index, segment in enumerate(raw.split(":")):
            if index:
                out.append(Piece(":"))
            out.extend(_unquoted_literal(segment, home, tilde=True, assignment=False))
        return out
    out = []
    if tilde and raw.startswith("~"):
        end = raw.find("/")
        user = raw[1:] if end < 0 else raw[1:end]
        if user == "":
            out.append(Piece(home, quoted=True))
            raw = raw[1:]
        elif user == "root":
            out.append(Piece("/root", quoted=True))
            raw = raw[1 + len(user) :]
    buffer: list[str] = []
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\" and i + 1 < len(raw):
            if buffer:
                out.append(Piece("".join(buffer)))
                buffer = []
            if raw[i + 1] != "\n":
                out.append(Piece(raw[i + 1], quoted=True))
            i += 2
            continue
        buffer.append(c)
        i += 1
    if buffer:
        out.append(Piece("".join(buffer)))
    return out


def _heredoc_as_string(body: str) -> str:
    """A here-document body rewritten as the inside of a double-quoted string.

    Inside a here-document ``"`` is an ordinary character and ``\\"`` stays two characters;
    inside ``$( )`` quotes keep their shell meaning and are left alone.
    """
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt == '"' and depth == 0:
                out.append('\\\\\\"')
            else:
                out.append(c + nxt)
            i += 2
            continue
        if body.startswith("$(", i):
            depth += 1
            out.append("$(")
            i += 2
            continue
        if c == ")" and depth:
            depth -= 1
        elif c == "(" and depth:
            depth += 1
        if c == '"' and depth == 0:
            out.append('\\"')
        else:
            out.append(c)
        i += 1
    return "".join(out)
