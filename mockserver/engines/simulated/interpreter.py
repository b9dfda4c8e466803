"""The shell: runs tree-sitter-bash nodes with dash's semantics on a virtual filesystem.

One :class:`Runtime` per call (filesystem, deadline, background jobs, the command tables); one
:class:`Shell` per shell or subshell (variables, functions, positional parameters, cwd, options).
Subshells (``( )``, pipeline stages, command substitutions, ``&``) run on a copy of the shell.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mockserver.engines.base import TIMEOUT_EXIT_CODE
from mockserver.engines.simulated import control, redirection, signals, statements
from mockserver.engines.simulated.catalog import DEFAULT_PATH, SHELL_PROGRAMS
from mockserver.engines.simulated.errors import (
    ExitShell,
    LoopControl,
    ReturnFromFunction,
    ShellError,
)
from mockserver.engines.simulated.expansion import Expander
from mockserver.engines.simulated.parser import Node, Script, parse, text
from mockserver.engines.simulated.process import (
    BrokenPipe,
    BufferOutput,
    CommandNotFound,
    Deadline,
    Found,
    InputStream,
    OutOfSpace,
    OutputStream,
    Process,
    StringInput,
    Timeout,
    Utility,
    WriteError,
    find_program,
)
from mockserver.engines.simulated.redirection import RedirectionError, Streams
from mockserver.engines.simulated.vfs import FSError, VirtualFS

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin

#: Function calls nested deeper than this fail as dash fails when it runs out of stack.
MAX_CALL_DEPTH = 1000
#: Largest value a variable or a command substitution may hold (characters).
MAX_VALUE_CHARS = 16 * 1024 * 1024
#: Subshells (pipeline stages, substitutions, jobs) alive at once; more fail as fork() would.
MAX_SUBSHELLS = 512
#: Nesting levels after which a call continues in a fresh task (keeps Python's stack shallow).
_STACK_HOP = 12
#: Builtins whose variable assignments persist and whose errors are fatal (POSIX "special").
SPECIAL_BUILTINS = {
    ":",
    ".",
    "break",
    "continue",
    "eval",
    "exec",
    "exit",
    "export",
    "readonly",
    "return",
    "set",
    "shift",
    "trap",
    "unset",
}


#: Variables dash sets in every shell (not exported unless inherited).
_SHELL_DEFAULTS = {
    "IFS": " \t\n",
    "OPTIND": "1",
    "PS1": "# ",
    "PS2": "> ",
    "PS4": "+ ",
    "PPID": "1",
}


@dataclass
class Job:
    pid: int
    task: asyncio.Task[int]
    #: The status ``wait`` reports once ``kill`` stopped it (128 + the signal).
    killed_status: int = 143
    #: Whether it writes to the call's own output; a call ends only when such jobs end (as a
    #: real shell's caller reads its output until every writer has closed it).
    holds_output: bool = True
    #: The shell running it (where a signal it traps is delivered), and its job number.
    shell: Shell | None = None
    number: int = 1


@dataclass
class Runtime:
    """What every shell of one call shares."""

    fs: VirtualFS
    deadline: Deadline
    builtins: Mapping[str, Builtin]
    utilities: Mapping[str, Utility]
    pid: int = 4242
    jobs: list[Job] = field(default_factory=list)
    _pids: itertools.count[int] = field(default_factory=lambda: itertools.count(4300))

    _parsed: dict[str, Script] = field(default_factory=dict)
    subshells: int = 0
    #: Signals sent (``kill``) and not yet taken, by the pid of the shell they were sent to.
    pending: dict[int, list[int]] = field(default_factory=dict)
    _signalled: dict[int, asyncio.Event] = field(default_factory=dict)
    #: Told the name of each command that was not found (the engine logs how to provide it).
    on_missing: Callable[[str], None] | None = None

    def report_missing(self, name: str) -> None:
        if self.on_missing is not None and name not in self.builtins:
            self.on_missing(name)

    def builtin(self, name: str) -> Builtin | None:
        """dash's builtin ``name``, if it has one (``sh``, ``env``... run as programs)."""
        return None if name in SHELL_PROGRAMS else self.builtins.get(name)

    async def run_for(
        self, process: Process, argv: list[str], stdin: InputStream, stdout: OutputStream
    ) -> int:
        """The :data:`CommandRunner` utilities get: ``argv`` run as a program in a fresh shell
        with ``process``'s environment, cwd and deadline (``timeout`` gives its own)."""
        runtime = self
        if process.deadline is not self.deadline:
            runtime = dataclasses.replace(self, deadline=process.deadline)
        env = dict(process.env)
        shell = Shell(runtime, variables=env, exported=set(env), cwd=process.cwd)
        io = Streams(stdin, stdout, process.stderr, process.extra)
        return await shell.run_program(list(argv), {}, io)

    @contextlib.contextmanager
    def forking(self, count: int = 1) -> Iterator[None]:
        """Account for ``count`` subshells while they run; too many fail as fork() does."""
        if self.subshells + count > MAX_SUBSHELLS:
            raise ShellError("Cannot fork")
        self.subshells += count
        try:
            yield
        finally:
            self.subshells -= count

    def next_pid(self) -> int:
        return next(self._pids)

    def send_signal(self, pid: int, signal: int) -> None:
        """``signal`` is pending for the shell ``pid``, which takes it between two commands
        (see :meth:`Shell.take_signals`) or in ``wait``."""
        self.pending.setdefault(pid, []).append(signal)
        self.signalled(pid).set()

    def signalled(self, pid: int) -> asyncio.Event:
        """Set while a signal sent to ``pid`` is pending."""
        return self._signalled.setdefault(pid, asyncio.Event())

    def parse(self, source: str) -> Script:
        """``parse`` with a cache: loops re-read the same ``[ ]`` and ``eval`` text."""
        script = self._parsed.get(source)
        if script is None:
            if len(self._parsed) > 256:
                self._parsed.clear()
            script = self._parsed[source] = parse(source)
        return script


class Shell:
    def __init__(
        self,
        runtime: Runtime,
        *,
        variables: dict[str, str],
        exported: set[str],
        cwd: str,
        positional: list[str] | None = None,
        arg0: str = "sh",
    ) -> None:
        self.runtime = runtime
        self.fs = runtime.fs
        self.variables = variables
        self.exported = exported
        self.readonly: set[str] = set()
        self.functions: dict[str, Node] = {}
        self.positional: list[str] = positional or []
        self.arg0 = arg0
        self.cwd = cwd
        self.status = 0
        self.errexit = False
        self.nounset = False
        self.noglob = False
        self.xtrace = False
        #: set -C: ``>`` does not overwrite an existing file.
        self.noclobber = False
        #: set -n: commands are read but not run.
        self.noexec = False
        #: The file mode creation mask (``umask``): files made by redirections honour it.
        self.umask = 0o022
        #: Aliases defined so far, and those in force for the line being run.
        self.aliases: dict[str, str] = {}
        #: dash's table of commands found on $PATH (``hash``): name -> path.
        self.hashed: dict[str, str] = {}
        self.alias_view: dict[str, str] = {}
        self._expanding: frozenset[str] = frozenset()
        self.condition = 0
        self.depth = 0
        self.loop_depth = 0
        self.lineno = 1
        self.last_background: int | None = None
        self.local_frames: list[dict[str, str | None]] = []
        self.substitution_status: int | None = None
        self.io: Streams | None = None
        #: Streams set by ``exec >file`` for the rest of the shell.
        self.exec_io: Streams | None = None
        self.expander = Expander(self)
        self.sourcing = 0
        self.getopts_index = 1
        self.getopts_offset = 1
        for name, value in _SHELL_DEFAULTS.items():
            self.variables.setdefault(name, value)
        self.traps: dict[str, str] = {}
        #: The process this shell is, as signals address it (``$$`` stays the main shell's in
        #: subshells, and :attr:`dollar` says it).
        self.pid = runtime.pid
        self.dollar = runtime.pid
        #: While a trap's action runs: ``$?`` when it began (what ``exit``/``return`` use).
        self.trap_status: int | None = None
        #: Keeps the trees of eval'd and sourced text alive while their functions exist.
        self._scripts: list[Script] = []

    # --- state ------------------------------------------------------------------------------

    def subshell(self) -> Shell:
        copy = Shell(
            self.runtime,
            variables=dict(self.variables),
            exported=set(self.exported),
            cwd=self.cwd,
            positional=list(self.positional),
            arg0=self.arg0,
        )
        copy.readonly = set(self.readonly)
        copy.getopts_index, copy.getopts_offset = self.getopts_index, self.getopts_offset
        copy.functions = dict(self.functions)
        copy.status = self.status
        copy.errexit, copy.nounset, copy.noglob = self.errexit, self.nounset, self.noglob
        copy.xtrace, copy.noclobber, copy.noexec = self.xtrace, self.noclobber, self.noexec
        copy.umask = self.umask
        copy.aliases, copy.alias_view = dict(self.aliases), dict(self.alias_view)
        copy.hashed = dict(self.hashed)
        copy.depth = self.depth
        copy.loop_depth = self.loop_depth  # `break` in ( ) or $( ) inside a loop ends the copy
        copy.lineno = self.lineno
        copy.last_background = self.last_background
        copy.io = self.io
        copy._scripts = self._scripts
        copy.traps = {name: action for name, action in self.traps.items() if not action}
        copy.pid, copy.dollar = self.runtime.next_pid(), self.dollar
        return copy

    def keep(self, script: Script) -> None:
        self._scripts.append(script)

    def lookup(self, name: str) -> str | None:
        value = self.variables.get(name)
        if value is not None:
            return value
        if name.isdigit():
            index = int(name)
            if index == 0:
                return self.arg0
            return self.positional[index - 1] if index <= len(self.positional) else None
        special = {
            "?": lambda: str(self.status),
            "#": lambda: str(len(self.positional)),
            "$": lambda: str(self.dollar),
            "!": lambda: "" if self.last_background is None else str(self.last_background),
            "-": lambda: "".join(  # in dash's order
                f
                for f, on in (
                    ("u", self.nounset),
                    ("C", self.noclobber),
                    ("x", self.xtrace),
                    ("n", self.noexec),
                    ("f", self.noglob),
                    ("e", self.errexit),
                )
                if on
            ),
            "@": lambda: " ".join(self.positional),
            "*": lambda: " ".join(self.positional),
        }
        if name in special:
            return special[name]()
        if name == "PWD":
            return self.cwd
        return None

    def assign(self, name: str, value: str) -> None:
        if name in self.readonly:
            raise ShellError(f"{name}: is read only")
        if len(value) > MAX_VALUE_CHARS:
            raise OutOfSpace
        if name == "OPTIND" and not value.isdigit():  # dash resets getopts with the number
            raise ShellError(f"Illegal number: {value}")
        self.variables[name] = value

    def unset(self, name: str) -> None:
        if name in self.readonly:
            raise ShellError(f"{name}: is read only")
        self.variables.pop(name, None)
        self.exported.discard(name)

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in self.variables.items() if k in self.exported}
        env.setdefault("PWD", self.cwd)
        return env

    async def message(self, text_: str, streams: Streams | None = None) -> None:
        """A shell diagnostic: ``sh: LINE: text`` on stderr."""
        target = streams or self.io
        if target is not None:
            with contextlib.suppress(BrokenPipe):
                await target.stderr.write(f"{self.arg0}: {self.lineno}: {text_}\n")

    # --- running ----------------------------------------------------------------------------

    async def run_script(self, script: Script, io: Streams) -> int:
        """A whole script as ``sh -c`` runs it: errors end it, ``exit`` ends it."""
        self.io = io
        self._scripts.append(script)
        await self.run_to_end(self._script_lines(script, io), io)
        await self.exit_trap()
        return self.status

    async def _script_lines(self, script: Script, io: Streams) -> int:
        await self.run_statements(script.statements, io, script.root, top=True)
        if script.problem is not None:
            self.lineno = script.problem.line
            await self.message(f"Syntax error: {script.problem.message}", self.exec_io or io)
            self.status = 2
        return self.status

    async def run_to_end(self, body: Awaitable[int], io: Streams) -> int:
        """Await ``body`` as the rest of this shell's life: ``exit`` ends it with its status, a
        fatal error ends it reported on ``io``, a stray ``return``/``break``/``continue`` just
        ends it."""
        try:
            self.status = await body
        except ExitShell as leaving:
            self.status = leaving.status
        except ShellError as error:  # said where `exec 2>...` sent this shell's stderr
            await self.message(error.message, self.exec_io or io)
            self.status = error.status
        except (ReturnFromFunction, LoopControl):
            pass
        return self.status

    async def run_trap(self, action: str, io: Streams) -> None:
        """A trap's action, ``$?`` kept; ``exit``/``return`` in it use ``$?`` as it began."""
        status, outer = self.status, self.trap_status
        script = self.runtime.parse(action)
        self.keep(script)
        self.trap_status = status
        try:
            await self.run_statements(script.statements, io, script.root)
        finally:
            self.trap_status = outer
        self.status = status

    async def exit_trap(self) -> None:
        """The EXIT trap, as this shell (or subshell) ends."""
        action = self.traps.pop("EXIT", None)
        if not action:
            return
        io = self.exec_io or self.io
        if io is None:
            return
        try:
            await self.run_trap(action, io)
        except ExitShell as leaving:
            self.status = leaving.status
        except ShellError as error:
            await self.message(error.message, io)
            self.status = error.status

    async def run_statements(
        self, nodes: list[Node], io: Streams, parent: Node | None, *, top: bool = False
    ) -> int:
        """Statements in order; one followed by ``&`` starts in the background.

        ``top``: the script's own lines, which dash reads one at a time, so an alias defined
        on one line applies from the next line on.
        """
        background = _backgrounded(parent) if parent is not None else set()
        line = -1
        for node in nodes:
            if node.type == "comment":
                continue
            if top and node.start_point[0] != line:
                line = node.start_point[0]
                self.alias_view = dict(self.aliases)
            if self.exec_io is not None:
                io = self.exec_io
            if node.start_byte in background:
                await self.start_background(node, io)
            else:
                await self.run(node, io)
        return self.status

    async def run(self, node: Node, io: Streams) -> int:
        try:
            status = await self._run_node(node, io)
        except (LoopControl, ReturnFromFunction):
            if self.runtime.pending.get(self.pid):
                await self.take_signals(io)
            raise
        if self.runtime.pending.get(self.pid):
            await self.take_signals(io)
        return status

    async def take_signals(self, io: Streams) -> None:
        """The signals sent to this shell, taken as dash takes them between two commands: a
        trap's action runs (``$?`` kept), an ignored one is dropped, any other ends the shell
        with 128 + its number."""
        pending = self.runtime.pending.pop(self.pid, [])
        self.runtime.signalled(self.pid).clear()
        for signal in pending:
            name = signals.NAMES.get(signal, str(signal))
            action = self.traps.get(name)
            if action is None and signal not in signals.IGNORED_BY_DEFAULT:
                self.traps.pop("EXIT", None)  # killed: no EXIT trap
                raise ExitShell(128 + signal)
            if not action:
                continue
            await self.run_trap(action, self.exec_io or io)

    async def _run_node(self, node: Node, io: Streams) -> int:
        await self.runtime.deadline.checkpoint()
        if self.noexec:
            return self.status
        kind = node.type
        self.lineno = node.start_point[0] + 1
        handler = _HANDLERS.get(kind)
        if handler is not None:
            self.status = await handler(self, node, io)
            return self.status
        statement_handler = statements.HANDLERS.get(kind)
        if statement_handler is not None:
            self.status = await statement_handler(self, node, io)
            return self.status
        control_handler = control.HANDLERS.get(kind)
        if control_handler is not None:
            self.status = await control_handler(self, node, io)
            return self.status
        if kind == "comment":
            return self.status
        raise ShellError(f"Syntax error: {text(node).split()[0]!r} unexpected".replace("'", '"'))

    def check_errexit(self) -> None:
        if self.errexit and self.status != 0 and self.condition == 0:
            raise ExitShell(self.status)

    async def in_condition(self, node: Node, io: Streams) -> int:
        self.condition += 1
        try:
            return await self.run(node, io)
        finally:
            self.condition -= 1

    async def run_body(self, nodes: list[Node], io: Streams, parent: Node) -> int:
        await self.run_statements(nodes, io, parent)
        return self.status

    async def start_background(self, node: Node, io: Streams) -> None:
        child = self.subshell()
        quiet = dataclasses.replace(io, stdin=StringInput(""))
        pid = child.pid
        if self.runtime.subshells + len(self.runtime.jobs) >= MAX_SUBSHELLS:
            raise ShellError("Cannot fork")
        task = asyncio.create_task(child.run_job(node, quiet))
        taken = {job.number for job in self.runtime.jobs}
        number = next(n for n in itertools.count(1) if n not in taken)
        holds = not statements.releases_output(node)
        self.runtime.jobs.append(Job(pid, task, holds_output=holds, shell=child, number=number))
        self.last_background = pid
        self.status = 0

    async def run_job(self, node: Node, io: Streams) -> int:
        """A background job: like a subshell, and its deadline ends only itself."""
        try:
            return await self.run_isolated(node, io)
        except Timeout:
            return TIMEOUT_EXIT_CODE

    async def run_isolated(self, node: Node, io: Streams) -> int:
        """Run ``node`` as a subshell: exit and fatal errors end only this copy."""
        return await self.isolated(statements.node_stage(node), io)

    async def isolated(self, stage: statements.Stage, io: Streams) -> int:
        self.io = io
        try:
            await self.run_to_end(stage(self, io), io)
            await self.exit_trap()
        except BrokenPipe:
            self.status = 141
        return self.status

    async def substitute(self, source: str) -> str:
        """``$( )`` and backticks: the inner statements' stdout (trailing newlines kept here)."""
        script = self.runtime.parse(source)
        if script.problem is not None:
            raise ShellError(f"Syntax error: {script.problem.message}")
        inner, parent = script.statements, script.root
        child = self.subshell()
        output = BufferOutput(MAX_VALUE_CHARS)
        io = self.io or Streams(StringInput(""), output, output)
        streams = dataclasses.replace(io, stdout=output)
        child.io = streams

        async def forked() -> int:
            with self.runtime.forking():
                return await child.run_statements(inner, streams, parent)

        status = await child.run_to_end(forked(), streams)
        await child.exit_trap()
        status = child.status
        self.substitution_status = status if inner else 0  # an empty `$()` succeeds
        return output.getvalue()

    # --- node handlers ----------------------------------------------------------------------

    async def _variable_assignments(self, node: Node, io: Streams) -> int:
        self.substitution_status = None
        assignments = [node] if node.type == "variable_assignment" else list(node.named_children)
        values: list[tuple[str, str]] = []
        for assignment in assignments:
            if _is_array_assignment(assignment):
                await self.message(f"{text(assignment)}: not found")
                self.status = 127
                return 127
            name, value = await self._assignment(assignment)
            self.assign(name, value)  # left to right: `a=1 b=$a` sees the new a
            values.append((name, value))
        if self.xtrace:
            with contextlib.suppress(BrokenPipe):
                await io.stderr.write("+ " + " ".join(f"{n}={v}" for n, v in values) + "\n")
        status = self.substitution_status or 0
        self.substitution_status = None
        self.status = status
        self.check_errexit()
        return status

    def _alias_for(self, words: list[Node]) -> str | None:
        if not words or words[0].type != "word" or not self.alias_view:
            return None
        name = text(words[0])
        if name in self._expanding:
            return None
        return self.alias_view.get(name)

    async def _run_alias(self, node: Node, name_node: Node, value: str, io: Streams) -> int:
        """The command with its alias replaced by the alias text, read again."""
        offset = name_node.end_byte - node.start_byte
        source = value + (node.text or b"")[offset:].decode("utf-8", "surrogateescape")
        script = self.runtime.parse(source)
        saved = self._expanding
        self._expanding = saved | {text(name_node)}
        try:
            await self.run_statements(script.statements, io, script.root)
        finally:
            self._expanding = saved
        if script.problem is not None:
            raise ShellError(f"Syntax error: {script.problem.message}")
        return self.status

    async def _assignment(self, node: Node) -> tuple[str, str]:
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        name = text(name_node) if name_node is not None else text(node).split("=")[0]
        if value_node is None:
            return name, ""
        value = await self.expander.word(value_node)
        if node.child_by_field_name("value") is not None:
            raw = text(node)
            if "+=" in raw[: raw.find("=") + 1]:
                raise ShellError(f"{raw.split('=')[0]}: not found", 127)
        return name, value

    async def declaration(
        self, node: Node, io: Streams, redirects: list[Node] | None = None
    ) -> int:
        """``export``/``readonly``/``local`` with their words, then ``redirects`` applied."""
        keyword = text(node.children[0])
        argv = [keyword]
        self.substitution_status = None
        for child in node.children[1:]:
            if child.type == "variable_assignment":
                name, value = await self._assignment(child)
                argv.append(f"{name}={value}")
            elif child.is_named:
                argv.extend(await self.expander.fields([child]))
        if redirects:
            try:
                io = await redirection.apply(redirects, io, self)
            except RedirectionError as error:
                await self.message(str(error), io)
                self.status = 2
                return 2
        saved = self.io
        self.io = io
        try:
            return await self.invoke(argv, {}, io)
        finally:
            self.io = saved

    async def run_command(
        self,
        node: Node,
        io: Streams,
        extra: list[Node] | None = None,
        trailing: list[Node] | None = None,
    ) -> int:
        """A simple command; ``extra`` are more words and ``trailing`` more redirections that
        tree-sitter-bash hung on a statement around it."""
        return await self._command_parts(node, node.children, io, extra, trailing)

    async def _command_parts(
        self,
        node: Node,
        parts: list[Node],
        io: Streams,
        extra: list[Node] | None = None,
        trailing: list[Node] | None = None,
    ) -> int:
        split = _merged_line(node, parts)
        if split:  # `>f var=ok<newline>echo x`: two commands tree-sitter-bash read as one
            await self._command_parts(node, parts[:split], io)
            return await self._command_parts(node, parts[split:], io, extra, trailing)
        self.substitution_status = None
        assignments: list[tuple[str, str]] = []
        inline_redirects: list[Node] = []
        words: list[Node] = []
        prefixes: list[Node] = []
        for child in parts:
            if child.type == "variable_assignment" and _is_array_assignment(child):
                words.append(child)  # `m[a]=1` is a command word to dash
            elif child.type == "variable_assignment":
                prefixes.append(child)
            elif child.type in {"file_redirect", "heredoc_redirect"}:
                inline_redirects.append(child)
            elif child.type == "command_name":
                if child.named_children and child.named_children[0].is_missing:
                    continue
                words.extend(child.named_children or [child])
            elif (child.is_named and child.type != "comment") or child.type == "$":
                words.append(child)
        words.extend(extra or [])
        alias = self._alias_for(words)
        if alias is not None:
            return await self._run_alias(node, words[0], alias, io)
        argv = await self.expander.fields(words)
        # dash expands the words first, then applies the redirections, then expands the
        # assignments (so `x=$(cmd) 2>f` runs cmd with its stderr in f), each seeing those
        # before it.
        inline_redirects += trailing or []
        if inline_redirects:
            inline_redirects.sort(key=lambda redirect: redirect.start_byte)  # in source order
            try:
                io = await redirection.apply(inline_redirects, io, self)
            except RedirectionError as error:
                await self.message(str(error), io)
                if argv and argv[0] in SPECIAL_BUILTINS:  # fatal for a special builtin
                    raise ExitShell(2) from error
                self.status = 2
                self.check_errexit()
                return 2
        shadowed: dict[str, str | None] = {}
        saved = self.io
        self.io = io
        try:
            for prefix in prefixes:
                name, value = await self._assignment(prefix)
                assignments.append((name, value))
                shadowed.setdefault(name, self.variables.get(name))
                self.variables[name] = value
        finally:
            self.io = saved
            for name, old in shadowed.items():
                if old is None:
                    self.variables.pop(name, None)
                else:
                    self.variables[name] = old
        if self.xtrace and (argv or assignments):
            trace = [f"{name}={value}" for name, value in assignments] + argv
            with contextlib.suppress(BrokenPipe):
                await io.stderr.write("+ " + " ".join(trace) + "\n")
        saved = self.io
        self.io = io
        try:
            if not argv:
                for name, value in assignments:
                    self.assign(name, value)
                self.status = self.substitution_status or 0
            else:
                self.status = await self.invoke(argv, dict(assignments), io)
        except BrokenPipe:
            self.status = 141
        finally:
            self.io = saved
        self.substitution_status = None
        self.check_errexit()
        return self.status

    # --- commands ---------------------------------------------------------------------------

    async def invoke(self, argv: list[str], assignments: dict[str, str], io: Streams) -> int:
        """Run one command: function, builtin, utility, script file, or ``not found``."""
        name = argv[0]
        if "/" not in name and name in self.functions:
            return await self.call_function(name, argv[1:], assignments, io)
        builtin = self.runtime.builtin(name)
        if builtin is not None:
            if name in SPECIAL_BUILTINS:
                for key, value in assignments.items():
                    self.assign(key, value)
                    if key in self.exported:
                        pass
                return await self._builtin(builtin, self.process(argv, {}, io))
            saved = {key: self.variables.get(key) for key in assignments}
            for key, value in assignments.items():
                self.assign(key, value)
            try:
                return await self._builtin(builtin, self.process(argv, assignments, io))
            finally:
                for key, old in saved.items():
                    if old is None:
                        self.variables.pop(key, None)
                    else:
                        self.variables[key] = old
        try:
            return await self.run_program(argv, assignments, io)
        except CommandNotFound:
            found = None if "/" in name else self.find(name)
            if found is not None and found.denied:
                await self.message(f"{name}: Permission denied", io)
            else:
                await self.message(f"{name}: not found", io)
            return 127

    def find(self, name: str) -> Found:
        """Where ``$PATH`` (dash's default when unset) leads for ``name`` (holding no ``/``)."""
        search = self.lookup("PATH")
        return find_program(self.fs, name, DEFAULT_PATH if search is None else search, self.cwd)

    async def run_program(
        self, argv: list[str], assignments: Mapping[str, str], io: Streams
    ) -> int:
        """``argv`` run as a program (no function, no builtin that is not also a program):
        found on ``$PATH`` or at its path, a simulated program or a script file. Raises
        :class:`CommandNotFound` when there is no such file."""
        name = argv[0]
        if "/" in name:
            path = VirtualFS.normalize(name, self.cwd)
            if self.fs.lstat(path) is None:
                raise CommandNotFound(name)
        else:
            found = self.find(name).path
            if found is None:
                self.runtime.report_missing(name)
                raise CommandNotFound(name)
            path = VirtualFS.normalize(found, self.cwd)
            self.hashed[name] = found  # dash remembers where $PATH led (``hash``)
        program = self.fs.program(path)
        if program is None:
            return await self.run_file(name, path, argv, assignments, io)
        utility = self.runtime.utilities.get(program)
        if utility is not None:
            try:
                return await utility(self.process(argv, assignments, io))
            except WriteError as error:  # /dev/full, a full filesystem
                await io.stderr.write(f"{name}: write error: {error.strerror}\n")
                return 1
            except FSError as error:  # stdin redirected from a directory
                await io.stderr.write(f"{name}: 'standard input': {error}\n")
                return 1
        builtin = self.runtime.builtins.get(program)
        if builtin is None:
            raise CommandNotFound(name)
        return await self._builtin(builtin, self.process(argv, assignments, io))

    async def _builtin(self, builtin: Builtin, process: Process) -> int:
        try:
            return await builtin(self, process)
        except ShellError as error:  # fatal, but said on the builtin's own (redirected) stderr
            await self.message(
                error.message, Streams(process.stdin, process.stderr, process.stderr)
            )
            raise ExitShell(error.status) from error
        except (WriteError, FSError) as error:  # /dev/full, a full filesystem, a directory
            name = process.argv[0]
            # dash reports any failed write of a builtin's output so, whatever the errno.
            reason = "I/O error" if isinstance(error, WriteError) else str(error)
            await self.message(
                f"{name}: {name}: {reason}", Streams(process.stdin, process.stderr, process.stderr)
            )
            return 1

    def process(self, argv: list[str], assignments: Mapping[str, str], io: Streams) -> Process:
        env = self.environment()
        env.update(assignments)
        return Process(
            argv=argv,
            env=env,
            cwd=self.cwd,
            fs=self.fs,
            stdin=io.stdin,
            stdout=io.stdout,
            stderr=io.stderr,
            deadline=self.runtime.deadline,
            extra=io.extra,
            runner=self.runtime.run_for,
        )

    async def call_function(
        self, name: str, args: list[str], assignments: dict[str, str], io: Streams
    ) -> int:
        if self.depth >= MAX_CALL_DEPTH:
            raise ShellError(f"{name}: maximum function nesting level exceeded", 2)
        body = self.functions[name]
        saved_positional = self.positional
        saved_vars = {key: self.variables.get(key) for key in assignments}
        for key, value in assignments.items():
            self.assign(key, value)
        self.positional = list(args)
        self.depth += 1
        self.local_frames.append({})
        saved_loops, self.loop_depth = self.loop_depth, 0  # a function cannot break its caller
        try:
            if self.depth % _STACK_HOP == 0:
                return await asyncio.create_task(self._function_body(body, io))
            return await self._function_body(body, io)
        finally:
            self.depth -= 1
            self.loop_depth = saved_loops
            for key, old in self.local_frames.pop().items():
                if old is None:
                    self.variables.pop(key, None)
                else:
                    self.variables[key] = old
            self.positional = saved_positional
            for key, old in saved_vars.items():
                if old is None:
                    self.variables.pop(key, None)
                else:
                    self.variables[key] = old

    async def _function_body(self, definition: Node, io: Streams) -> int:
        body = definition.child_by_field_name("body")
        redirects = definition.children_by_field_name("redirect")
        if body is None:
            return 0
        try:
            if redirects:
                return await statements.redirected_body(self, body, redirects, io)
            return await self.run(body, io)
        except ReturnFromFunction as returned:
            self.status = returned.status
            return returned.status

    async def run_file(
        self, name: str, path: str, argv: list[str], assignments: Mapping[str, str], io: Streams
    ) -> int:
        """The script file at ``path`` (``name`` as the command spelled it) in a new shell."""
        stat = self.fs.stat(path)
        if stat is None:
            await self.message(f"{name}: not found", io)
            return 127
        if stat.kind == "dir" or not stat.mode & 0o111:
            await self.message(f"{name}: Permission denied", io)
            return 126
        try:
            source = self.fs.read_text(path)
        except FSError:
            await self.message(f"{name}: Permission denied", io)
            return 126
        env = self.environment()
        env.update(assignments)
        return await self.run_new_shell(source, [name, *argv[1:]], env, io)

    async def _signal_before(self, task: asyncio.Task[int]) -> int | None:
        """The first signal sent to this shell before ``task`` ends, or None."""
        event = self.runtime.signalled(self.pid)
        if not event.is_set():
            waiter = asyncio.ensure_future(event.wait())
            try:
                await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                waiter.cancel()
        pending = self.runtime.pending.get(self.pid)
        return pending[0] if pending else None

    async def run_new_shell(
        self, source: str, argv: list[str], env: Mapping[str, str], io: Streams
    ) -> int:
        """A fresh ``sh`` (``sh -c``, ``./script``): its own variables from the environment."""
        if self.depth >= MAX_CALL_DEPTH:
            raise ShellError(f"{argv[0]}: maximum nesting level exceeded", 2)
        child = Shell(
            self.runtime,
            variables=dict(env),
            exported=set(env),
            cwd=self.cwd,
            positional=argv[1:],
            arg0=argv[0],
        )
        child.depth = self.depth + 1
        # `sh -c ... &` is the background job's own process; otherwise a new one.
        job = next((j for j in self.runtime.jobs if j.shell is self), None)
        child.pid = child.dollar = job.pid if job is not None else self.runtime.next_pid()
        script = parse(source)
        return await asyncio.create_task(child.run_script(script, io))

    async def wait_jobs(
        self, pids: list[int] | None = None, *, holding: bool = False, interruptible: bool = False
    ) -> int:
        """Wait for the jobs ``pids`` (all when None; only those holding the output if asked).
        ``interruptible`` (the ``wait`` builtin): a signal sent to this shell ends the wait
        with 128 + its number (its trap runs after)."""
        status = 0
        for job in list(self.runtime.jobs):
            if pids is not None and job.pid not in pids:
                continue
            if holding and not job.holds_output:
                continue
            if interruptible:
                signal = await self._signal_before(job.task)
                if signal is not None:
                    return 128 + signal
            try:
                status = await asyncio.shield(job.task)
            except asyncio.CancelledError:
                if not job.task.cancelled():
                    raise  # this shell itself is being cancelled
                status = job.killed_status
            if job in self.runtime.jobs:
                self.runtime.jobs.remove(job)
        return status


def _backgrounded(parent: Node) -> set[int]:
    """Start bytes of the statements of ``parent`` that are followed by ``&``."""
    found: set[int] = set()
    previous: Node | None = None
    for child in parent.children:
        if child.type == "&" and previous is not None:
            found.add(previous.start_byte)
        if child.is_named:
            previous = child
    return found


def _merged_line(node: Node, parts: list[Node]) -> int:
    """Where a command of only assignments and redirections ends at a newline and another
    command begins (tree-sitter-bash joins them), as an index into ``parts``; 0 when it does
    not."""
    names = [i for i, part in enumerate(parts) if part.type == "command_name"]
    if not names:
        return 0
    source = node.text or b""
    split = 0
    for i in range(1, names[0] + 1):
        gap = source[
            parts[i - 1].end_byte - node.start_byte : parts[i].start_byte - node.start_byte
        ]
        if b"\n" in gap:
            split = i
    return split


def _is_array_assignment(node: Node) -> bool:
    name = node.child_by_field_name("name")
    return name is not None and name.type == "subscript"


_HANDLERS = {
    "variable_assignment": Shell._variable_assignments,
    "variable_assignments": Shell._variable_assignments,
    "declaration_command": Shell.declaration,
    "unset_command": Shell.declaration,
    "command": Shell.run_command,
}
