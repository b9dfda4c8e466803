"""Running a parsed awk program: BEGIN, the records of the input, END.

The interpreter holds a run's state (variables, the record and its fields, arrays, call
frames) and evaluates the expressions that may wait (``getline``, calls of user functions)
asynchronously; everything else runs as closures from :mod:`.compiler`. Every loop, call and
record passes through ``proc.checkpoint()`` so that a deadline stops the program. Control flow
(``next``, ``exit``, ``break``, ``continue``, ``return``) travels as exceptions (:mod:`.control`).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.utilities.awk import nodes as n
from mockserver.engines.simulated.utilities.awk.arithmetic import ARITHMETIC, COMPARISONS
from mockserver.engines.simulated.utilities.awk.arrays import Raw, subscript_of
from mockserver.engines.simulated.utilities.awk.builtins import ASYNC_BUILTINS, Args, node_position
from mockserver.engines.simulated.utilities.awk.builtins import call as call_builtin
from mockserver.engines.simulated.utilities.awk.compiler import compile_expr, compile_stmt
from mockserver.engines.simulated.utilities.awk.control import (
    ExitProgram,
    NextRecord,
    ReturnValue,
)
from mockserver.engines.simulated.utilities.awk.ere import Regex, RegexError, compile_ere
from mockserver.engines.simulated.utilities.awk.errors import (
    AwkLimitError,
    AwkRuntimeError,
    check_length,
)
from mockserver.engines.simulated.utilities.awk.inputs import Fatal, Inputs
from mockserver.engines.simulated.utilities.awk.lexer import string_escapes
from mockserver.engines.simulated.utilities.awk.output import OutputFailed, Outputs
from mockserver.engines.simulated.utilities.awk.random import GlibcRandom
from mockserver.engines.simulated.utilities.awk.records import RecordReader, split_fields
from mockserver.engines.simulated.utilities.awk.state import (
    AwkArray,
    Cell,
    Record,
    Unbound,
    local_value,
    strnum_fields,
)
from mockserver.engines.simulated.utilities.awk.statements import Execution
from mockserver.engines.simulated.utilities.awk.values import (
    UNINIT,
    StrNum,
    Uninit,
    Value,
    compare,
    from_stream,
    to_bool,
    to_int,
    to_num,
    to_str,
)

_ASSIGNMENT_OPERAND = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=", re.DOTALL)
#: Elements one array may hold (a guard for the server's memory; mawk has none).
MAX_ELEMENTS = 2_000_000
#: mawk's evaluation stack: each active call holds a cell per parameter (at least one).
_EVAL_STACK_SIZE = 1024
_EVAL_STACK_CELLS = 1018
#: Call depths after which a call continues in a fresh task, keeping Python's stack shallow.
_STACK_HOP = 8
_STRING_SPECIALS = frozenset({"FS", "OFS", "ORS", "RS", "SUBSEP", "CONVFMT", "OFMT"})


def _constant(value: Value) -> Callable[[], Value]:
    return lambda: value


class Interpreter:
    def __init__(self, proc: Process, program: n.Program, operands: list[str]) -> None:
        self.proc = proc
        self.program = program
        self.name = proc.argv[0].rsplit("/", 1)[-1] if proc.argv else "awk"
        arguments = [self.name, *(from_stream(arg) for arg in operands)]
        argv = AwkArray.of([(float(i), StrNum(arg)) for i, arg in enumerate(arguments)])
        environ = AwkArray.of(
            [(from_stream(k), StrNum(from_stream(v))) for k, v in proc.env.items()]
        )
        self.globals: dict[str, Cell] = {
            "FS": " ",
            "OFS": " ",
            "ORS": "\n",
            "RS": "\n",
            "NR": 0.0,
            "FNR": 0.0,
            "SUBSEP": "\x1c",
            "CONVFMT": "%.6g",
            "OFMT": "%.6g",
            "FILENAME": "",
            "ARGC": float(len(operands) + 1),
            "ARGV": argv,
            "ENVIRON": environ,
        }
        #: The special variables read on every record, as strings (kept by :meth:`set_global`).
        self.sv: dict[str, str] = {
            name: value
            for name, value in self.globals.items()
            if name in _STRING_SPECIALS and isinstance(value, str)
        }
        self.frame: list[Cell] = []
        self.record = Record()
        self.outputs = Outputs(proc)
        self.random = GlibcRandom()
        self.exit_status = 0
        self._regexes: dict[str, Regex] = {}
        self._ranges: dict[int, bool] = {}
        self.inputs = Inputs(self, proc)
        self._depth = 0
        self._stack_cells = 0
        #: Compiled closures of expressions by node id (None: evaluated asynchronously).
        self._compiled: dict[int, Callable[[], Value] | None] = {}
        self._compiled_stmts: dict[int, Callable[[], None] | None] = {}
        #: ``print | cmd``: what was printed to each command not yet closed.
        self.output_pipes: dict[str, list[str]] = {}
        #: ``cmd | getline``: each command's output and exit status.
        self.input_pipes: dict[str, tuple[RecordReader, int]] = {}
        self._eval: dict[type, Callable[[Any], Awaitable[Value]]] = {
            n.Num: self._num,
            n.Str: self._str,
            n.RegexLit: self._regex_lit,
            n.GlobalVar: self._global,
            n.LocalVar: self._local,
            n.NFVar: self._nf,
            n.Field: self._field,
            n.Index: self._index,
            n.Assign: self._assign,
            n.Cond: self._cond,
            n.Logical: self._logical,
            n.Not: self._not,
            n.Unary: self._unary,
            n.Binary: self._binary,
            n.Concat: self._concat,
            n.Compare: self._compare,
            n.Match: self._match,
            n.In: self._in,
            n.IncDec: self._incdec,
            n.Call: self._call,
            n.Builtin: self._builtin,
            n.Getline: self._getline,
            n.Group: self._group,
        }
        self.execution = Execution(self)

    # --- running -----------------------------------------------------------------------

    def assign_operand(self, text: str) -> bool:
        """``name=value`` (from ``-v`` or an operand): assign it, True; otherwise False."""
        if not _ASSIGNMENT_OPERAND.match(text):
            return False
        name, value = text.split("=", 1)
        if isinstance(self.globals.get(name), AwkArray):
            raise AwkRuntimeError(f"can't assign to array {name}")
        self.set_global(name, StrNum(string_escapes(from_stream(value))))
        return True

    async def run(self) -> int:
        """Run the program; returns the exit status (errors are raised to the caller)."""
        prog = self.program
        try:
            try:
                for block in prog.begin:
                    await self.execution.block(block)
                if prog.items or prog.end:
                    await self._main_loop()
            except ExitProgram:
                pass
            try:
                for block in prog.end:
                    await self.execution.block(block)
            except ExitProgram:
                pass
        finally:
            await self.finish()
        return self.exit_status

    async def finish(self) -> None:
        """Close commands, then files; flush stdout last (as mawk does at exit)."""
        from mockserver.engines.simulated.utilities.awk.commands import close_all_commands

        try:
            await close_all_commands(self)
        finally:
            await self.outputs.close_all()

    async def _main_loop(self) -> None:
        items = self.program.items
        while True:
            text = await self.inputs.next_main_record()
            if text is None:
                return
            self.set_record(text)
            self.bump_nr()
            await self.proc.checkpoint()
            try:
                for number, item in enumerate(items):
                    if await self._selects(number, item):
                        if item.action is None:
                            await self.print_record()
                        else:
                            await self.execution.block(item.action)
            except NextRecord as nxt:
                if nxt.file:
                    self.inputs.skip_file()

    async def _selects(self, number: int, item: n.Item) -> bool:
        if item.pattern is None:
            return True
        if item.end_pattern is None:
            return to_bool(await self.eval(item.pattern))
        if not self._ranges.get(number):
            if not to_bool(await self.eval(item.pattern)):
                return False
            self._ranges[number] = True
        if to_bool(await self.eval(item.end_pattern)):
            self._ranges[number] = False
        return True

    async def print_record(self) -> None:
        ors = self.sv["ORS"]
        await self.outputs.stdout(self.record.text + ors)

    # --- special variables -------------------------------------------------------------

    @property
    def convfmt(self) -> str:
        return self.sv["CONVFMT"]

    @property
    def rs(self) -> str:
        return self.sv["RS"]

    def regex(self, source: str) -> Regex:
        compiled = self._regexes.get(source)
        if compiled is None:
            try:
                compiled = compile_ere(source)
            except RegexError as err:
                raise AwkRuntimeError(str(err)) from None
            if len(self._regexes) > 500:
                self._regexes.clear()
            self._regexes[source] = compiled
        return compiled

    def get_global(self, name: str) -> Value:
        if name == "NF":
            return float(len(self.fields()))
        value = self.globals.get(name, UNINIT)
        if isinstance(value, AwkArray):
            raise AwkRuntimeError(f"can't use array {name} in scalar context")
        assert not isinstance(value, Unbound)
        return value

    def set_global(self, name: str, value: Value) -> None:
        if name == "NF":
            self.set_nf(value)
            return
        self.globals[name] = value
        if name in self.sv:
            self.sv[name] = to_str(value, self.sv["CONVFMT"])

    def bump_nr(self) -> None:
        nr, fnr = self.globals["NR"], self.globals["FNR"]
        self.globals["NR"] = (nr if isinstance(nr, float) else to_num(self.get_global("NR"))) + 1.0
        self.globals["FNR"] = (
            fnr if isinstance(fnr, float) else to_num(self.get_global("FNR"))
        ) + 1.0

    def set_record(self, text: str) -> None:
        self.record.set(text, self.sv["FS"])

    def fields(self) -> list[Value]:
        record = self.record
        if record.fields is None:
            parts = split_fields(record.text, record.fs, self.regex)
            record.fields = strnum_fields(parts)
        return record.fields

    def rebuild(self) -> None:
        ofs = self.sv["OFS"]
        convfmt = self.convfmt
        self.record.text = ofs.join(to_str(f, convfmt) for f in self.fields())

    def set_nf(self, value: Value) -> None:
        count = to_int(to_num(value))
        if count < 0:
            raise AwkRuntimeError(f"NF={count} is negative")
        fields = self.fields()
        if count < len(fields):
            del fields[count:]
        else:
            fields.extend("" for _ in range(count - len(fields)))
        self.rebuild()

    def get_field(self, index: int) -> Value:
        if index == 0:
            return StrNum(self.record.text)
        if index < 0:
            raise AwkRuntimeError(f"negative field index ${index}")
        fields = self.fields()
        return fields[index - 1] if index <= len(fields) else ""

    def set_field(self, index: int, value: Value) -> None:
        if index == 0:
            self.set_record(to_str(value, self.convfmt))
            return
        if index < 0:
            raise AwkRuntimeError(f"negative field index ${index}")
        fields = self.fields()
        if index > len(fields):
            fields.extend("" for _ in range(index - len(fields)))
        fields[index - 1] = value
        self.rebuild()

    # --- lvalues -----------------------------------------------------------------------

    def array(self, ref: n.ArrayRef) -> AwkArray:
        if isinstance(ref, n.GlobalVar):
            cell = self.globals.get(ref.name)
            if isinstance(cell, AwkArray):
                if len(cell) >= MAX_ELEMENTS:
                    raise AwkLimitError(f"array {ref.name} has {len(cell)} elements")
                return cell
            if cell is None or isinstance(cell, Uninit):
                array = AwkArray()
                self.globals[ref.name] = array
                return array
            raise AwkRuntimeError(f"can't use scalar {ref.name} as array")
        cell = self.frame[ref.index]
        if isinstance(cell, AwkArray):
            return cell
        if isinstance(cell, Unbound):
            array = cell.bind()
            self.frame[ref.index] = array
            return array
        if isinstance(cell, Uninit):
            array = AwkArray()
            self.frame[ref.index] = array
            return array
        raise AwkRuntimeError(f"can't use scalar {ref.name} as array")

    async def subscript(self, exprs: list[n.Expr]) -> tuple[Raw, str]:
        """The subscript as mawk looks it up (a number or a string) and its string."""
        convfmt = self.convfmt
        if len(exprs) == 1:
            return subscript_of(await self.eval(exprs[0]), convfmt)
        subsep = self.sv["SUBSEP"]
        text = subsep.join([to_str(await self.eval(e), convfmt) for e in exprs])
        return text, text

    def store_global(self, name: str) -> Callable[[Value], None]:
        def store(value: Value) -> None:
            if isinstance(self.globals.get(name), AwkArray):
                raise AwkRuntimeError(f"can't assign to array {name}")
            self.set_global(name, value)

        return store

    async def resolve(self, target: n.LValue) -> Callable[[Value], None]:
        """Evaluate the parts of ``target`` once; returns the function that stores into it."""
        if isinstance(target, n.GlobalVar):
            return self.store_global(target.name)
        if isinstance(target, n.LocalVar):
            frame, index = self.frame, target.index

            def store_local(value: Value) -> None:
                if isinstance(frame[index], AwkArray):
                    raise AwkRuntimeError(f"can't assign to array {target.name}")
                frame[index] = value

            return store_local
        if isinstance(target, n.NFVar):
            return self.set_nf
        if isinstance(target, n.Field):
            field_index = to_int(to_num(await self.eval(target.index)))
            return lambda value: self.set_field(field_index, value)
        array = self.array(target.array)
        raw, key = await self.subscript(target.subscripts)
        array.touch(raw, key)

        def store_element(value: Value) -> None:
            array[key] = value

        return store_element

    async def load(self, target: n.LValue) -> tuple[Callable[[], Value], Callable[[Value], None]]:
        """Evaluate the parts of ``target`` once: its getter and its setter."""
        if isinstance(target, n.Index):
            array = self.array(target.array)
            raw, key = await self.subscript(target.subscripts)
            array.touch(raw, key)

            def store_element(value: Value) -> None:
                array[key] = value

            return (lambda: array.setdefault(key, UNINIT)), store_element
        if isinstance(target, n.Field):
            field_index = to_int(to_num(await self.eval(target.index)))
            return (lambda: self.get_field(field_index)), (lambda v: self.set_field(field_index, v))
        if isinstance(target, n.GlobalVar):
            name = target.name
            return (lambda: self.get_global(name)), self.store_global(name)
        if isinstance(target, n.NFVar):
            return (lambda: float(len(self.fields()))), self.set_nf
        store = await self.resolve(target)
        frame, index, local_name = self.frame, target.index, target.name
        return (lambda: local_value(frame[index], local_name)), store

    # --- expressions -------------------------------------------------------------------

    async def eval(self, node: n.Expr) -> Value:
        thunk = self.thunk(node)
        if thunk is not None:
            return thunk()
        return await self._eval[type(node)](node)

    async def string(self, node: n.Expr) -> str:
        return to_str(await self.eval(node), self.convfmt)

    async def number(self, node: n.Expr) -> float:
        return to_num(await self.eval(node))

    async def regex_of(self, node: n.Expr) -> Regex:
        if isinstance(node, n.RegexLit):
            return node.regex
        return self.regex(await self.string(node))

    async def _num(self, node: n.Num) -> Value:
        return node.value

    async def _str(self, node: n.Str) -> Value:
        return node.value

    async def _regex_lit(self, node: n.RegexLit) -> Value:
        return 1.0 if node.regex.test(self.record.text) else 0.0

    async def _global(self, node: n.GlobalVar) -> Value:
        return self.get_global(node.name)

    async def _local(self, node: n.LocalVar) -> Value:
        return local_value(self.frame[node.index], node.name)

    async def _nf(self, node: n.NFVar) -> Value:
        return float(len(self.fields()))

    async def _field(self, node: n.Field) -> Value:
        return self.get_field(to_int(to_num(await self.eval(node.index))))

    async def _index(self, node: n.Index) -> Value:
        array = self.array(node.array)
        return array.ref(*await self.subscript(node.subscripts))

    async def _assign(self, node: n.Assign) -> Value:
        if node.op == "=":
            store = await self.resolve(node.target)
            value = await self.eval(node.value)
            if isinstance(value, Uninit):
                value = UNINIT
            store(value)
            return value
        get, store = await self.load(node.target)
        operand = await self.number(node.value)  # mawk evaluates the right side first
        result = ARITHMETIC[node.op[0]](to_num(get()), operand)
        store(result)
        return result

    async def _cond(self, node: n.Cond) -> Value:
        if to_bool(await self.eval(node.test)):
            return await self.eval(node.yes)
        return await self.eval(node.no)

    async def _logical(self, node: n.Logical) -> Value:
        left = to_bool(await self.eval(node.left))
        if node.op == "&&":
            return 1.0 if left and to_bool(await self.eval(node.right)) else 0.0
        return 1.0 if left or to_bool(await self.eval(node.right)) else 0.0

    async def _not(self, node: n.Not) -> Value:
        return 0.0 if to_bool(await self.eval(node.operand)) else 1.0

    async def _unary(self, node: n.Unary) -> Value:
        value = await self.number(node.operand)
        return -value if node.op == "-" else value

    async def _binary(self, node: n.Binary) -> Value:
        left = await self.number(node.left)
        right = await self.number(node.right)
        return ARITHMETIC[node.op](left, right)

    async def _concat(self, node: n.Concat) -> Value:
        convfmt = self.convfmt
        return check_length(
            "".join([to_str(await self.eval(part), convfmt) for part in node.parts])
        )

    async def _compare(self, node: n.Compare) -> Value:
        left = await self.eval(node.left)
        right = await self.eval(node.right)
        return 1.0 if COMPARISONS[node.op](compare(left, right, self.convfmt)) else 0.0

    async def _match(self, node: n.Match) -> Value:
        subject = await self.string(node.subject)
        regex = await self.regex_of(node.regex)
        return 1.0 if regex.test(subject) != node.negate else 0.0

    async def _in(self, node: n.In) -> Value:
        raw, key = await self.subscript(node.subscripts)
        return 1.0 if self.array(node.array).has(raw, key) else 0.0

    async def _incdec(self, node: n.IncDec) -> Value:
        get, store = await self.load(node.target)
        before = to_num(get())
        after = before + node.delta
        store(after)
        return after if node.prefix else before

    async def _group(self, node: n.Group) -> Value:
        return (await self.subscript(node.items))[1]

    async def _call(self, node: n.Call) -> Value:
        function = self.program.functions[node.name]
        frame: list[Cell] = []
        for arg in node.args:
            frame.append(await self._argument(arg))
        frame.extend(UNINIT for _ in range(len(function.params) - len(frame)))
        cells = max(len(function.params), 1)
        if self._stack_cells + cells > _EVAL_STACK_CELLS:
            raise Fatal(f"program limit exceeded: eval stack size={_EVAL_STACK_SIZE}")
        self._depth += 1
        self._stack_cells += cells
        saved, self.frame = self.frame, frame
        try:
            await self.proc.checkpoint()
            if self._depth % _STACK_HOP == 0:  # continue on a fresh Python stack
                return await asyncio.create_task(self._body(function))
            return await self._body(function)
        finally:
            self.frame = saved
            self._depth -= 1
            self._stack_cells -= cells

    async def _body(self, function: n.Function) -> Value:
        try:
            await self.execution.block(function.body)
        except ReturnValue as ret:
            return ret.value
        return UNINIT

    async def _argument(self, arg: n.Expr) -> Cell:
        """A value for a parameter: arrays (and unset names) go by reference."""
        if isinstance(arg, n.GlobalVar):
            cell = self.globals.get(arg.name)
            if isinstance(cell, AwkArray):
                return cell
            if cell is None:
                self.globals[arg.name] = UNINIT
                return Unbound(self.globals, arg.name)
        elif isinstance(arg, n.LocalVar):
            cell = self.frame[arg.index]
            if isinstance(cell, AwkArray | Unbound):
                return cell
            if isinstance(cell, Uninit):
                return Unbound(self.frame, arg.index)
        return await self.eval(arg)

    async def _builtin(self, node: n.Builtin) -> Value:
        """A built-in whose arguments may wait (or one that writes): evaluate, then call."""
        name = node.name
        if name in ASYNC_BUILTINS:
            return await self._io_builtin(name, node.args)
        thunks: list[Callable[[], Value] | None] = []
        for i, arg in enumerate(node.args):
            if node_position(name, i, arg):
                thunks.append(None)
            else:
                thunks.append(_constant(await self.eval(arg)))
        target = None
        if name in ("sub", "gsub"):
            target_node = node.args[2] if len(node.args) == 3 else n.Field(n.Num(0.0))
            assert not isinstance(target_node, n.Num | n.Str)
            pair = await self.load(target_node)  # type: ignore[arg-type]
            target = lambda: pair  # noqa: E731
        return call_builtin(self, name, Args(node.args, thunks, target))

    async def _io_builtin(self, name: str, args: list[n.Expr]) -> Value:
        from mockserver.engines.simulated.utilities.awk import commands

        if name == "fflush":
            if not args:
                return float(await self.outputs.flush())
            return float(await self.outputs.flush(await self.string(args[0])))
        command = await self.string(args[0])
        if name == "system":
            return float(await commands.system(self, command))
        status = await commands.close_command(self, command)
        if status is not None:
            return float(status)
        closed = self.outputs.close(command)
        if self.inputs.close_input(command) == 0:
            closed = 0
        return float(closed)

    async def _getline(self, node: n.Getline) -> Value:
        if node.command is not None:
            from mockserver.engines.simulated.utilities.awk.commands import command_getline

            return await command_getline(self, node)
        if node.file is not None:
            name = await self.string(node.file)
            await self.outputs.flush_stdout()
            reader = self.inputs.input_file(name)
            if reader is None:
                return -1.0
            text = await reader.read(self.rs, self.regex)
            if text is None:
                return 0.0
            if node.target is None:
                self.set_record(text)
            else:
                (await self.resolve(node.target))(StrNum(text))
            return 1.0
        await self.outputs.flush_stdout()
        text = await self.inputs.next_main_record()
        if text is None:
            return 0.0
        if node.target is None:
            self.set_record(text)
        else:
            (await self.resolve(node.target))(StrNum(text))
        self.bump_nr()
        return 1.0

    # --- statements --------------------------------------------------------------------

    def thunk(self, expr: n.Expr) -> Callable[[], Value] | None:
        key = id(expr)
        if key not in self._compiled:
            self._compiled[key] = compile_expr(self, expr)
        return self._compiled[key]

    def runner(self, stmt: n.Stmt) -> Callable[[], None] | None:
        key = id(stmt)
        if key not in self._compiled_stmts:
            self._compiled_stmts[key] = compile_stmt(self, stmt)
        return self._compiled_stmts[key]


__all__ = ["Fatal", "Interpreter", "OutputFailed"]
