"""Compound commands: ``if``, ``while``/``until``, ``for``, ``case``, and loop control."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING

from mockserver.engines.simulated import patterns
from mockserver.engines.simulated.errors import LoopControl
from mockserver.engines.simulated.parser import Node, text
from mockserver.engines.simulated.redirection import Streams

if TYPE_CHECKING:
    from mockserver.engines.simulated.interpreter import Shell

_IF_WORDS = {"if", "then", "elif", "else", "fi"}


def _sections(node: Node, separators: set[str]) -> list[tuple[str, list[Node]]]:
    """Children grouped under the keyword that precedes them: [("if", [...]), ("then", [...])]."""
    sections: list[tuple[str, list[Node]]] = []
    for child in node.children:
        if not child.is_named and child.type in separators:
            sections.append((child.type, []))
        elif child.is_named and child.type != "comment" and sections:
            sections[-1][1].append(child)
    return sections


async def _condition(shell: Shell, nodes: list[Node], io: Streams, parent: Node) -> int:
    shell.condition += 1
    try:
        return await shell.run_statements(nodes, io, parent)
    finally:
        shell.condition -= 1


async def run_if(shell: Shell, node: Node, io: Streams) -> int:
    sections = _sections(node, _IF_WORDS)
    clauses: list[Node] = [
        c for c in node.named_children if c.type in {"elif_clause", "else_clause"}
    ]
    condition = next((nodes for word, nodes in sections if word == "if"), [])
    body = next((nodes for word, nodes in sections if word == "then"), [])
    condition = [n for n in condition if n not in clauses]
    body = [n for n in body if n.type not in {"elif_clause", "else_clause"}]
    if await _condition(shell, condition, io, node) == 0:
        return await shell.run_body(body, io, node)
    for clause in clauses:
        parts = _sections(clause, _IF_WORDS)
        if clause.type == "else_clause":
            nodes = next((n for word, n in parts if word == "else"), [])
            return await shell.run_body(nodes, io, clause)
        test = next((n for word, n in parts if word == "elif"), [])
        then = next((n for word, n in parts if word == "then"), [])
        if await _condition(shell, test, io, clause) == 0:
            return await shell.run_body(then, io, clause)
    return 0


def _do_group(node: Node) -> Node | None:
    return next((c for c in node.named_children if c.type == "do_group"), None)


async def _loop(
    shell: Shell, iterations: AsyncIterator[list[Node]], io: Streams, parent: Node
) -> int:
    """Run a loop: each item of ``iterations`` is run as one pass of its body.

    ``break`` and ``continue`` may come from the body or from a ``while`` condition (the
    iterator runs it); a jump of more levels goes on outwards. The status is the last body
    command's, or 0 when no body ran (``break`` and ``continue`` themselves set 0).
    """
    status = 0
    shell.loop_depth += 1
    try:
        while True:
            await shell.runtime.deadline.checkpoint()
            try:
                body = await anext(iterations, None)
                if body is None:
                    break
                status = await shell.run_body(body, io, parent)
            except LoopControl as jump:
                if jump.levels > 1:
                    jump.levels -= 1
                    raise
                status = shell.status = 0
                if jump.is_break:
                    break
    finally:
        shell.loop_depth -= 1
    return status


async def run_while(shell: Shell, node: Node, io: Streams) -> int:
    until = node.children[0].type == "until"
    body = _do_group(node)
    condition = [c for c in node.named_children if c is not body and c.type != "comment"]
    condition = [c for c in condition if body is None or c.start_byte < body.start_byte]
    statements = list(body.named_children) if body is not None else []

    async def passes() -> AsyncIterator[list[Node]]:
        while True:
            try:
                if (await _condition(shell, condition, io, node) == 0) == until:
                    return
            except LoopControl as jump:  # from the condition: ends or repeats this loop
                if jump.levels > 1:
                    raise  # the loop runner takes a level and passes it outwards
                if jump.is_break:
                    return
                shell.status = 0
                await shell.runtime.deadline.checkpoint()
                continue
            yield statements

    return await _loop(shell, passes(), io, body or node)


async def run_for(shell: Shell, node: Node, io: Streams) -> int:
    variable = node.child_by_field_name("variable")
    values = node.children_by_field_name("value")
    body = _do_group(node)
    has_in = any(c.type == "in" or (c.is_error and text(c) == "in") for c in node.children)
    items = await shell.expander.fields(values) if has_in else list(shell.positional)
    name = text(variable) if variable is not None else ""
    statements = list(body.named_children) if body is not None else []

    async def passes() -> AsyncIterator[list[Node]]:
        for item in items:
            shell.assign(name, item)
            yield statements

    return await _loop(shell, passes(), io, body or node)


async def run_case(shell: Shell, node: Node, io: Streams) -> int:
    value_node = node.child_by_field_name("value")
    word = await shell.expander.word(value_node) if value_node is not None else ""
    items = [c for c in node.named_children if c.type == "case_item"]
    falling = False
    for item in items:
        item_patterns = item.children_by_field_name("value")
        matched = falling
        if not matched:
            for pattern_node in item_patterns:
                if patterns.matches(await shell.expander.pattern(pattern_node), word):
                    matched = True
                    break
        if not matched:
            continue
        pattern_starts = {p.start_byte for p in item_patterns}
        body = [
            c
            for c in item.named_children
            if c.start_byte not in pattern_starts and c.type != "comment"
        ]
        if not body:
            shell.status = 0
        await shell.run_body(body, io, item)
        termination = item.child_by_field_name("termination")
        falling = termination is not None and text(termination) == ";&"
        if not falling:
            return shell.status
    return shell.status if falling else 0


HANDLERS: dict[str, Callable[[Shell, Node, Streams], Awaitable[int]]] = {
    "if_statement": run_if,
    "while_statement": run_while,
    "for_statement": run_for,
    "case_statement": run_case,
}
