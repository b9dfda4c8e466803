"""Here-documents read as dash reads them, before tree-sitter-bash sees the script.

tree-sitter-bash misreads many valid forms (``<<-`` with an empty body, two here-documents on one
line, a delimiter continued by a backslash-newline, a here-document inside ``$( )``, text after
the operator on its line). So :mod:`source` reads them first, as dash's lexer would: each
``<<WORD`` operator (:func:`operator`) takes the lines after the next newline up to the delimiter
line (:func:`read_bodies`). The operator becomes a plain input redirection from a *marker* word
that carries the body (:func:`encode`), and the body lines become empty lines, so the script
keeps its line numbers and every later reader (tree-sitter, the interpreter, nested ``$( )``
parses) sees ordinary syntax. :func:`decode` turns a redirection target back into the
here-document.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.engines.simulated.words import MARK, Mode, WordError, lex

METACHARACTERS = " \t\n;&|()<>"


@dataclass(frozen=True, slots=True)
class HereDocument:
    body: str
    #: Whether parameters, commands and arithmetic expand (the delimiter was not quoted).
    expands: bool


def encode(document: HereDocument) -> str:
    flag = "e" if document.expands else "q"
    return MARK + flag + document.body.encode("utf-8", "surrogateescape").hex() + MARK


def decode(word: str) -> HereDocument | None:
    """The here-document a redirection target stands for, or None for an ordinary word."""
    if len(word) < 3 or word[0] != MARK or word[-1] != MARK or word[1] not in "eq":
        return None
    body = bytes.fromhex(word[2:-1]).decode("utf-8", "surrogateescape")
    return HereDocument(body, expands=word[1] == "e")


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Text dash refuses while reading it (a here-document with an unmatched backquote, a
    stray ``;;``, an empty ``do ... done``): its syntax error and where running stops."""

    line: int
    message: str
    #: The first line that does not run.
    first_line: int


@dataclass
class Pending:
    delimiter: str
    strip_tabs: bool
    expands: bool
    #: Where the operator's marker goes in the output.
    slot: int
    line: int


def operator(source: str, i: int) -> tuple[int, str, bool, bool] | None:
    """``<<`` or ``<<-`` and its delimiter word at ``i``: (end, delimiter, strip tabs, expands)."""
    j = i + 2
    strip_tabs = source[j : j + 1] == "-"
    if strip_tabs:
        j += 1
    while j < len(source) and source[j] in " \t":
        j += 1
    delimiter: list[str] = []
    quoted = False
    while j < len(source) and source[j] not in METACHARACTERS:
        c = source[j]
        if c == "\\" and j + 1 < len(source):
            if source[j + 1] == "\n":
                j += 2
                continue
            delimiter.append(source[j + 1])
            quoted = True
            j += 2
        elif c in "'\"":
            close = source.find(c, j + 1)
            if close < 0:
                return None
            delimiter.append(source[j + 1 : close])
            quoted = True
            j = close + 1
        else:
            delimiter.append(c)
            j += 1
    if not delimiter and not quoted:
        return None
    return j, "".join(delimiter), strip_tabs, not quoted


def read_bodies(
    source: str, i: int, pending: list[Pending], out: list[str], problems: list[Unreadable]
) -> int:
    """Read each pending here-document's lines from ``i``; returns where the script goes on."""
    for document in pending:
        lines: list[str] = []
        consumed = 0
        while i < len(source):
            newline = source.find("\n", i)
            end = len(source) if newline < 0 else newline
            line = source[i:end]
            i = end + 1
            consumed += 1
            while document.expands and _continues(line) and i < len(source):
                newline = source.find("\n", i)
                end = len(source) if newline < 0 else newline
                line = line[:-1] + source[i:end]
                i = end + 1
                consumed += 1
            if document.strip_tabs:
                line = line.lstrip("\t")
            if line == document.delimiter:
                break
            lines.append(line + "\n")
        body = "".join(lines)
        if document.expands and "`" in body:
            try:
                lex(body, Mode.HEREDOC)
            except WordError as error:
                last = source.count("\n") + (0 if source.endswith("\n") else 1)
                problems.append(Unreadable(last, str(error), document.line))
        out[document.slot] = "<" + encode(HereDocument(body, document.expands))
        out.append("\n" * consumed)
    if out and out[-1].endswith("\n") and i > len(source):
        out[-1] = out[-1][:-1]  # the script's last line had no newline
    return min(i, len(source))


def _continues(line: str) -> bool:
    """Whether a line ends with an unescaped backslash (continued on the next line)."""
    trailing = len(line) - len(line.rstrip("\\"))
    return trailing % 2 == 1
