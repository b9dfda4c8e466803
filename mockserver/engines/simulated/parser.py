"""The tree-sitter-bash adaptor: source text to a syntax tree, and dash-like syntax errors.

The interpreter walks tree-sitter nodes directly; this module owns the grammar object, the
decoding of node text, and the translation of tree-sitter's error recovery into what dash would
say (``Syntax error: "fi" unexpected``) together with the statements dash would still have run
(dash reads and runs a script one top-level line at a time, so lines before the error run).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import tree_sitter
import tree_sitter_bash

from mockserver.engines.simulated.source import prepare

Node = tree_sitter.Node

_LANGUAGE = tree_sitter.Language(tree_sitter_bash.language())

#: Node types of bash-only syntax that dash rejects at parse time.
_BASH_ONLY = {"array", "herestring_redirect", "process_substitution", "c_style_for_statement"}


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    line: int
    message: str
    #: The first line that does not run (dash runs every complete line before it).
    stops_at: int = 0

    @property
    def first_unrun_line(self) -> int:
        return self.stops_at or self.line


@dataclass(frozen=True, slots=True)
class Script:
    source: bytes
    root: Node
    #: Top-level statements that run before the syntax error (all of them when there is none).
    statements: list[Node]
    problem: SyntaxProblem | None


def text(node: Node) -> str:
    """The node's source text."""
    raw = node.text
    return raw.decode("utf-8", "surrogateescape") if raw is not None else ""


#: Sources longer than this are parsed each time: the cache holds the short commands repeated.
CACHED_SOURCE_CHARS = 1024


def parse(source: str) -> Script:
    """The script of ``source``; a short source seen before is a lookup (a Script is immutable)."""
    if len(source) <= CACHED_SOURCE_CHARS:
        return _parse_cached(source)
    return _parse(source)


@functools.lru_cache(maxsize=256)
def _parse_cached(source: str) -> Script:
    return _parse(source)


def _parse(source: str) -> Script:
    prepared = prepare(source)
    unreadable = prepared.unreadable
    data = prepared.text.encode("utf-8", "surrogateescape")
    parser = tree_sitter.Parser(_LANGUAGE)
    tree = parser.parse(data)
    # dash's `[` is an ordinary command; tree-sitter-bash parses `[ ... ]` as an expression and
    # fails on valid operands (`\<`, `\(`, `~`). Spelling it `'['` makes it a plain word.
    for _ in range(4):
        edits = [(offset, 1, b"'['") for offset in _test_brackets(tree.root_node, data)]
        edits += _lone_dollar_edits(tree.root_node)
        if not edits:
            break
        for offset, length, replacement in sorted(edits, reverse=True):
            data = data[:offset] + replacement + data[offset + length :]
        tree = parser.parse(data)
    root = tree.root_node
    statements = [child for child in root.named_children if child.type != "comment"]
    problem = _find_problem(root, data)
    if unreadable is not None and (problem is None or unreadable.first_line <= problem.line):
        problem = SyntaxProblem(unreadable.line, unreadable.message, unreadable.first_line)
    if problem is None:
        return Script(data, root, [s for s in statements if not s.is_error], None)
    # dash runs every complete line before the one holding the error.
    flat: list[Node] = []
    for statement in statements:
        if statement.is_error:
            flat.extend(c for c in statement.named_children if c.type != "comment")
        else:
            flat.append(statement)
    stop = problem.first_unrun_line - 1
    before = [s for s in flat if s.end_point[0] < stop and not _broken(s)]
    return Script(data, root, before, problem)


def _code_children(node: Node) -> list[Node]:
    """Children that are shell code: a here-document body is text (read from the source)."""
    return [child for child in node.children if child.type != "heredoc_body"]


def _test_brackets(root: Node, data: bytes) -> list[int]:
    """Offsets of the ``[`` tokens that start a test command (dash's ``[`` builtin)."""
    found: list[int] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "test_command" and node.children and node.children[0].type == "[":
            found.append(node.children[0].end_byte - 1)  # its start may count blanks before
        elif node.is_error:
            for child in node.children:
                end = child.end_byte
                if child.type == "[" and data[end : end + 1] in {b" ", b"\t"}:
                    found.append(end - 1)
        stack.extend(_code_children(node))
    return found


def _lone_dollar_edits(root: Node) -> list[tuple[int, int, bytes]]:
    """``"$ x"``: tree-sitter-bash reads a ``$`` before a blank as an expansion of `` x``."""
    edits: list[tuple[int, int, bytes]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(_code_children(node))
        if node.type == "arithmetic_expansion" and node.children[0].type == "$[":
            edits.append((node.children[0].end_byte - 2, 1, b"\\$"))  # `$[ ]` is bash only
            continue
        if node.type != "simple_expansion" or len(node.children) < 2:
            continue
        dollar, name = node.children[0], node.children[1]
        if (name.text or b"")[:1] in {b" ", b"\t", b"\n"}:
            edits.append((dollar.end_byte - 1, 1, b"\\$"))
    return edits


def _broken(node: Node) -> bool:
    return _first_error(node) is not None or node.type in _BASH_ONLY or any(_bash_only(node))


def _is_bash_only(node: Node) -> bool:
    if node.type in _BASH_ONLY:
        return True
    first = node.children[0].type if node.children else ""
    if node.type == "for_statement" and first == "select":
        return True
    return node.type == "function_definition" and first == "function"


def _bash_only(node: Node) -> list[Node]:
    found: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if _is_bash_only(current):
            found.append(current)
        stack.extend(_code_children(current))
    return found


def _first_error(node: Node) -> Node | None:
    if node.is_missing and node.type in {"]", "]]"}:
        return None  # `[ 1 -eq 1` is a command to dash; `[` itself complains
    if node.is_missing and node.parent is not None and node.parent.type == "command_name":
        command = node.parent.parent
        if command is not None and command.child_count > 1:
            return None  # `x=1 >f`: a command with no name
    if node.is_error and _empty_for_list(node):
        return None
    if node.type in {"heredoc_body", "arithmetic_expansion"}:
        return None  # read by the interpreter from the source text itself (see ``words``)
    if node.type == "command_substitution" and _substitution_reads(node):
        return None  # `$()`: its text is parsed again when it runs, and it parses
    if node.is_error or node.is_missing:
        return node
    for child in node.children:
        if child.has_error or child.is_missing or child.is_error:
            found = _first_error(child)
            if found is not None:
                return found
    return None


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _bad_function_names(root: Node) -> list[Node]:
    """``foo-bar() {...}``: tree-sitter-bash accepts any word, dash only a name."""
    found: list[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(_code_children(node))
        name = node.child_by_field_name("name") if node.type == "function_definition" else None
        if name is not None and not _NAME.fullmatch(text(name)):
            found.append(name)
    return found


def _substitution_reads(node: Node) -> bool:
    raw = text(node).lstrip(" \t\n")
    if not raw.startswith("$(") or not raw.endswith(")"):
        return False
    return parse(raw[2:-1]).problem is None


def _reserved_commands(root: Node) -> list[Node]:
    """Commands named ``fi``, ``done``...: tree-sitter-bash accepts them, dash does not."""
    found: list[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "command_name" and text(node) in _CLOSERS:
            found.append(node)
        stack.extend(_code_children(node))
    return found


def _find_problem(root: Node, data: bytes) -> SyntaxProblem | None:
    candidates: list[tuple[int, int, str]] = []
    error = _first_error(root)
    if error is not None:
        if error.is_missing:
            line = error.start_point[0] + 1
            candidates.append((error.start_byte, line, _describe_missing(error)))
        else:
            bad = _first_bad_child(error) if error.is_error else error
            line = bad.start_point[0] + 1
            candidates.append((bad.start_byte, line, _describe(error, bad, data)))
    for node in _bash_only(root):
        candidates.append((node.start_byte, node.start_point[0] + 1, _describe_bash(node)))
    for node in _bad_function_names(root):
        candidates.append((node.start_byte, node.start_point[0] + 1, "Bad function name"))
    for node in _reserved_commands(root):
        candidates.append((node.start_byte, node.start_point[0] + 1, f'"{text(node)}" unexpected'))
    if not candidates:
        return None
    _, line, message = min(candidates)
    return SyntaxProblem(line, message)


def _empty_for_list(node: Node) -> bool:
    """``for x in ; do``: valid sh that tree-sitter-bash flags."""
    return node.parent is not None and node.parent.type == "for_statement" and text(node) == "in"


def _first_bad_child(error: Node) -> Node:
    """Inside an ERROR node, the first child that is not a complete statement."""
    for child in error.children:
        if (
            child.is_named
            and not child.has_error
            and not child.is_error
            and child.type
            not in {
                "word",
                "string",
            }
        ):
            continue
        if child.type in {";", "\n", "&"} and not child.is_named:
            continue
        return child
    return error


def _describe_bash(node: Node) -> str:
    if node.type == "for_statement":
        return '"do" unexpected'  # `select x in ...; do`: dash reads `select` as a command
    if node.type == "function_definition":
        return '"(" unexpected' if any(c.type == "(" for c in node.children) else '"}" unexpected'
    first = node.children[0] if node.children else node
    token = "(" if node.type in {"array", "c_style_for_statement"} else text(first)
    return f'"{token}" unexpected'


def _describe_missing(node: Node) -> str:
    if node.type == "`":
        return "EOF in backquote substitution"
    if node.type in {"word", "command_name"} or not node.type.strip():
        return "end of file unexpected"
    return f'end of file unexpected (expecting "{node.type}")'


def _describe(error: Node, bad: Node, data: bytes) -> str:
    snippet = text(bad)
    stripped = snippet.lstrip()
    if stripped[:1] in {"'", '"', "`"} and stripped.count(stripped[0]) % 2 == 1:
        return "Unterminated quoted string"
    if stripped.startswith("$((") and "))" not in stripped:
        return "Missing '))'"
    if stripped.startswith("${") and "}" not in stripped:
        return "Missing '}'"
    leaves = _leaves(error)
    stray = _stray_keyword(leaves)
    if stray is not None:
        return f'"{stray}" unexpected'
    if error.end_byte >= len(data.rstrip()):
        expected = _expected(leaves)
        if expected:
            return f'end of file unexpected (expecting "{expected}")'
        return "end of file unexpected"
    word = text(_leaves(bad)[0]) if _leaves(bad) else "newline"
    return f'"{word}" unexpected'


_OPENERS = {"if": "then", "while": "do", "until": "do", "for": "do", "case": "esac", "{": "}"}
_CLOSERS = {"then", "fi", "do", "done", "esac", "elif", "else", "}"}


def _stray_keyword(leaves: list[Node]) -> str | None:
    """A closing keyword that nothing opened, or one that follows its opener with no command."""
    opened: list[str] = []
    commands_since_open = 0
    for leaf in leaves:
        word = text(leaf)
        keyword = not leaf.is_named or (
            leaf.type == "word" and leaf.parent is not None and leaf.parent.type == "command_name"
        )
        if word == "(" and keyword:
            opened.append(")")
            continue
        if word == ")" and keyword and opened and opened[-1] == ")":
            opened.pop()
            continue
        if word in {")", ";;"} and keyword and not opened:
            return word
        if word in _OPENERS and keyword:
            opened.append(_OPENERS[word])
            commands_since_open = 0
        elif word in _CLOSERS and keyword:
            expected = opened[-1] if opened else None
            if word in {"elif", "else"} and expected == "fi" and commands_since_open:
                opened[-1] = "then" if word == "elif" else "fi"
            elif word == expected and commands_since_open:
                opened.pop()
                if word == "then":
                    opened.append("fi")
                elif word == "do":
                    opened.append("done")
            else:
                return word
            commands_since_open = 0
        elif leaf.is_named or word not in {";", "\n", "&", "&&", "||", "|"}:
            commands_since_open += 1
    return None


def _leaves(node: Node) -> list[Node]:
    if node.child_count == 0:
        return [node]
    found: list[Node] = []
    for child in node.children:
        found.extend(_leaves(child))
    return found


def _expected(leaves: list[Node]) -> str | None:
    """What dash would still be waiting for at the end of the text."""
    opened: list[str] = []
    for leaf in leaves:
        word = text(leaf)
        if leaf.is_named:
            continue
        if word in _OPENERS:
            opened.append(_OPENERS[word])
        elif word == "(":
            opened.append(")")
        elif opened and word == opened[-1]:
            opened.pop()
            if word == "then":
                opened.append("fi")
            elif word == "do":
                opened.append("done")
        elif word == "in" and opened and opened[-1] == "esac":
            opened.append(")")
        elif word == ")" and len(opened) > 1 and opened[-1] == ")" and opened[-2] == "esac":
            opened.pop()
    return opened[-1] if opened else None
