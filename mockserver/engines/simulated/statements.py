"""Statements around simple commands: lists, pipelines, subshells, groups, redirections.

tree-sitter-bash shapes some of these unlike sh: it hangs the rest of a ``<<EOF`` line inside
the here-document node and a trailing redirection on a whole list or pipeline; the functions here
restore the sh meaning.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from mockserver.engines.simulated import devices, redirection
from mockserver.engines.simulated.errors import (
    ExitShell,
    ShellError,
)
from mockserver.engines.simulated.parser import Node, text
from mockserver.engines.simulated.process import Pipe
from mockserver.engines.simulated.redirection import RedirectionError, Streams
from mockserver.engines.simulated.source import NEGATION
from mockserver.engines.simulated.vfs import FSError, VirtualFS

if TYPE_CHECKING:
    from mockserver.engines.simulated.interpreter import Shell

Stage = Callable[["Shell", Streams], Awaitable[int]]


async def _program(shell: Shell, node: Node, io: Streams) -> int:
    return await shell.run_body(list(node.named_children), io, node)


async def _list(shell: Shell, node: Node, io: Streams) -> int:
    children = [c for c in node.children if c.type != "comment"]
    left, op, right = children[0], text(children[1]), children[-1]
    status = await shell.in_condition(left, io)
    if (op == "&&" and status == 0) or (op == "||" and status != 0):
        return await shell.run(right, io)
    return status


async def _negated(shell: Shell, node: Node, io: Streams) -> int:
    return await _negate(shell, shell.run(node.named_children[-1], io))


async def _negate(shell: Shell, body: Awaitable[int]) -> int:
    """``! body``: run as a condition (``set -e`` does not end the shell on it), status inverted."""
    shell.condition += 1
    try:
        status = await body
    finally:
        shell.condition -= 1
    shell.status = 0 if status else 1
    return shell.status


async def _pipeline(shell: Shell, node: Node, io: Streams) -> int:
    stages = [c for c in node.named_children if c.type != "comment"]
    if stages and stages[0].type == "negated_command":
        # tree-sitter-bash binds `!` to the first stage; it negates the whole pipeline.
        stages[0] = stages[0].named_children[-1]
        return await _negate(shell, run_pipeline(shell, [node_stage(s) for s in stages], io))
    return await run_pipeline(shell, [node_stage(stage) for stage in stages], io)


async def run_pipeline(shell: Shell, stages: list[Stage], io: Streams) -> int:
    """Stages run concurrently, each in a subshell, joined by bounded pipes."""
    with shell.runtime.forking(len(stages)):
        return await _run_stages(shell, stages, io)


async def _run_stages(shell: Shell, stages: list[Stage], io: Streams) -> int:
    pipes = [Pipe() for _ in stages[:-1]]
    tasks: list[asyncio.Task[int]] = []
    for index, stage in enumerate(stages):
        stdin = pipes[index - 1].reader if index else io.stdin
        stdout = pipes[index].writer if index < len(pipes) else io.stdout
        streams = dataclasses.replace(io, stdin=stdin, stdout=stdout)
        tasks.append(asyncio.create_task(_stage(shell, stage, streams, index, pipes)))
    try:
        statuses = await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        raise
    shell.status = statuses[-1]
    shell.check_errexit()
    return shell.status


async def _stage(shell: Shell, stage: Stage, io: Streams, index: int, pipes: list[Pipe]) -> int:
    child = shell.subshell()
    child.io = io
    try:
        return await child.isolated(stage, io)
    finally:
        if index < len(pipes):
            await pipes[index].close_writer()
        if index > 0:
            await pipes[index - 1].close_reader()


async def _subshell(shell: Shell, node: Node, io: Streams) -> int:
    child = shell.subshell()
    child.io = io
    child.condition = shell.condition  # `if ( set -e; false; ... )`: still a condition
    await child.run_to_end(child.run_body(list(node.named_children), io, node), io)
    await child.exit_trap()
    shell.status = child.status
    shell.check_errexit()
    return shell.status


async def _group(shell: Shell, node: Node, io: Streams) -> int:
    return await shell.run_body(list(node.named_children), io, node)


async def _redirected(shell: Shell, node: Node, io: Streams) -> int:
    body = node.child_by_field_name("body")
    redirects = node.children_by_field_name("redirect")
    negation = [r for r in redirects if _is_negation(r)]
    if negation:  # `! { ...; }`, as the source reader rewrote it
        rest = [r for r in redirects if r not in negation]
        if not rest:
            return await _negate(shell, shell.run(body, io) if body else _zero())
        return await _negate(shell, redirected_body(shell, body, rest, io))
    if any(_is_bash_ampersand(r) for r in redirects):
        return await _bash_ampersand(shell, node, body, redirects, io)
    if _is_bare_exec(body):
        return await _exec_redirect(shell, redirects, io)
    if body is not None and body.type in {"list", "pipeline", "negated_command"}:
        return await _redirect_last(shell, body, redirects, io)
    return await redirected_body(shell, body, redirects, io)


async def _redirect_last(shell: Shell, node: Node, redirects: list[Node], io: Streams) -> int:
    """``a && b > f``: tree-sitter-bash hangs the redirections on the whole list or
    pipeline; in sh they belong to its last command."""
    if node.type == "list":
        children = [c for c in node.children if c.type != "comment"]
        left, op, right = children[0], text(children[1]), children[-1]
        status = await shell.in_condition(left, io)
        if (op == "&&" and status == 0) or (op == "||" and status != 0):
            shell.status = await _redirect_last(shell, right, redirects, io)
            return shell.status
        return status
    if node.type == "negated_command":
        return await _negate(shell, _redirect_last(shell, node.named_children[-1], redirects, io))
    if node.type == "pipeline":
        stages = [c for c in node.named_children if c.type != "comment"]
        negate = bool(stages) and stages[0].type == "negated_command"
        if negate:
            stages[0] = stages[0].named_children[-1]
        last = stages[-1]

        async def tail(shell: Shell, streams: Streams) -> int:
            return await redirected_body(shell, last, redirects, streams)

        runners = [*(node_stage(s) for s in stages[:-1]), tail]
        if not negate:
            return await run_pipeline(shell, runners, io)
        return await _negate(shell, run_pipeline(shell, runners, io))
    return await redirected_body(shell, node, redirects, io)


async def in_condition_call(shell: Shell, stage: Stage, io: Streams) -> int:
    shell.condition += 1
    try:
        shell.status = await stage(shell, io)
        return shell.status
    finally:
        shell.condition -= 1


async def redirected_body(
    shell: Shell, body: Node | None, redirects: list[Node], io: Streams
) -> int:
    extra: list[Node] = []
    for redirect in redirects:
        destinations = redirect.children_by_field_name("destination")
        extra.extend(destinations[1:])
    if body is not None and body.type == "command":  # applied after its words are expanded
        return await shell.run_command(body, io, extra, redirects)
    if body is not None and body.type == "declaration_command" and not extra:
        return await shell.declaration(body, io, redirects)
    try:
        streams = await redirection.apply(redirects, io, shell)
    except RedirectionError as error:
        await shell.message(str(error), io)
        shell.status = 2
        shell.check_errexit()
        return 2
    saved = shell.io
    shell.io = streams
    try:
        if body is None:
            return shell.status if shell.substitution_status is None else 0
        return await shell.run(body, streams)
    finally:
        shell.io = saved


async def _exec_redirect(shell: Shell, redirects: list[Node], io: Streams) -> int:
    """``exec >file``: the redirections stay for the rest of the shell."""
    try:
        streams = await redirection.apply(redirects, io, shell)
    except RedirectionError as error:
        await shell.message(str(error), io)
        raise ExitShell(2) from error
    shell.io = shell.exec_io = streams
    return 0


async def _bash_ampersand(
    shell: Shell, node: Node, body: Node | None, redirects: list[Node], io: Streams
) -> int:
    """dash reads ``cmd &>file`` as ``cmd &`` then ``>file``."""
    if body is not None:
        await shell.start_background(body, io)
    for redirect in redirects:
        destinations = redirect.children_by_field_name("destination")
        if destinations:
            target = await shell.expander.word(destinations[0])
            try:
                await redirection.apply([], io, shell)
                path = VirtualFS.normalize(target, shell.cwd)
                devices.open_output(shell.fs, path, io.descriptor, append=">>" in text(redirect))
            except FSError as error:
                await shell.message(redirection._create_message(target, error), io)
                return 2
    return 0


def node_stage(node: Node) -> Stage:
    async def stage(shell: Shell, io: Streams) -> int:
        return await shell.run(node, io)

    return stage


def _flatten_pipeline(node: Node) -> list[Node]:
    if node.type != "pipeline":
        return [node]
    stages: list[Node] = []
    for child in node.named_children:
        stages.extend(_flatten_pipeline(child))
    return stages


def _is_negation(redirect: Node) -> bool:
    targets = redirect.children_by_field_name("destination")
    return bool(targets) and text(targets[0]).strip(" \t\n") == NEGATION


async def _zero() -> int:
    return 0


def _is_bash_ampersand(redirect: Node) -> bool:
    return any(c.type in {"&>", "&>>"} for c in redirect.children)


def releases_output(node: Node) -> bool:
    """Whether a background statement sends both stdout and stderr away from the call's
    output (``cmd >/dev/null 2>&1 &``): then the call does not wait for it."""
    if node.type != "redirected_statement":
        return False
    out = err = False
    for redirect in node.children_by_field_name("redirect"):
        if redirect.type != "file_redirect":
            continue
        descriptor = redirect.child_by_field_name("descriptor")
        operator = next((text(c) for c in redirect.children if not c.is_named), ">")
        destinations = redirect.children_by_field_name("destination")
        target = text(destinations[0]) if destinations else ""
        fd = int(text(descriptor)) if descriptor is not None else (0 if "<" in operator else 1)
        if operator in {"&>", "&>>"}:
            out = err = True
        elif operator == ">&" and target in {"1", "2"}:
            if fd == 2:
                err = out if target == "1" else err
            elif fd == 1:
                out = err if target == "2" else out
        elif operator in {">", ">>", ">|"}:
            if fd == 1:
                out = True
            elif fd == 2:
                err = True
    return out and err


def _is_bare_exec(body: Node | None) -> bool:
    """``exec`` with redirections only: they apply to the rest of the shell."""
    if body is None or body.type != "command" or _command_word(body) != "exec":
        return False
    return not _command_arguments(body)


def _command_word(node: Node) -> str | None:
    name = node.child_by_field_name("name")
    return text(name) if name is not None else None


def _command_arguments(node: Node) -> list[Node]:
    return node.children_by_field_name("argument")


async def _function_definition(shell: Shell, node: Node, io: Streams) -> int:
    name_node = node.child_by_field_name("name")
    body = node.child_by_field_name("body")
    if name_node is None or body is None:
        raise ShellError("Syntax error: Bad function name")
    shell.functions[text(name_node)] = node  # its redirections apply at each call
    return 0


async def _test_command(shell: Shell, node: Node, io: Streams) -> int:
    """``[ ... ]``, which tree-sitter-bash parses as an expression: re-read as plain words."""
    source = text(node)
    if source.startswith("[["):
        await shell.message("[[: not found", io)
        return 127
    inner = source[1:-1] if source.endswith("]") else source[1:]
    script = shell.runtime.parse("test " + inner)
    command = script.statements[0] if script.statements else None
    words = command.children_by_field_name("argument") if command is not None else []
    argv = ["[", *await shell.expander.fields(words)]
    if source.endswith("]"):
        argv.append("]")
    shell.status = await shell.invoke(argv, {}, io)
    shell.check_errexit()
    return shell.status


HANDLERS: dict[str, Callable[[Shell, Node, Streams], Awaitable[int]]] = {
    "program": _program,
    "list": _list,
    "negated_command": _negated,
    "pipeline": _pipeline,
    "subshell": _subshell,
    "compound_statement": _group,
    "redirected_statement": _redirected,
    "function_definition": _function_definition,
    "test_command": _test_command,
}
