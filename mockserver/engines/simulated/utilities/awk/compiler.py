"""Expressions without I/O compiled to plain closures, so records are not evaluated one
coroutine per node.

:func:`compile_expr` returns None for an expression that may wait (``getline``, a call of a
user function, ``close``/``fflush``/``system``): the interpreter evaluates those with its
asynchronous methods, which share every helper used here, so both paths mean the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mockserver.engines.simulated.utilities.awk import builtins
from mockserver.engines.simulated.utilities.awk import nodes as n
from mockserver.engines.simulated.utilities.awk.arithmetic import ARITHMETIC, COMPARISONS
from mockserver.engines.simulated.utilities.awk.arrays import Raw, subscript_of
from mockserver.engines.simulated.utilities.awk.builtins import Args, Place, Thunk
from mockserver.engines.simulated.utilities.awk.control import (
    BreakLoop,
    ContinueLoop,
    ExitProgram,
    NextRecord,
    ReturnValue,
)
from mockserver.engines.simulated.utilities.awk.errors import AwkRuntimeError, check_length
from mockserver.engines.simulated.utilities.awk.state import AwkArray, Cell, Unbound, local_value
from mockserver.engines.simulated.utilities.awk.values import (
    UNINIT,
    Value,
    compare,
    to_bool,
    to_int,
    to_num,
    to_str,
)

if TYPE_CHECKING:
    from mockserver.engines.simulated.utilities.awk.interpreter import Interpreter


def compile_expr(interp: Interpreter, node: n.Expr) -> Thunk | None:
    return _Compiler(interp).expr(node)


def compile_place(interp: Interpreter, target: n.LValue) -> Place | None:
    return _Compiler(interp).place(target)


Runner = Callable[[], None]


def compile_stmt(interp: Interpreter, stmt: n.Stmt) -> Runner | None:
    """A statement without I/O or loops as a closure (None: run it asynchronously)."""
    return _Compiler(interp).stmt(stmt)


class _Compiler:
    def __init__(self, interp: Interpreter) -> None:
        self.interp = interp

    def expr(self, node: n.Expr) -> Thunk | None:
        method = getattr(self, "_" + type(node).__name__.lower())
        result: Thunk | None = method(node)
        return result

    def all(self, nodes: list[n.Expr]) -> list[Thunk] | None:
        thunks = []
        for node in nodes:
            thunk = self.expr(node)
            if thunk is None:
                return None
            thunks.append(thunk)
        return thunks

    def key(self, subscripts: list[n.Expr]) -> Callable[[], tuple[Raw, str]] | None:
        """The subscript as mawk looks it up (a number or a string) and its string."""
        interp = self.interp
        parts = self.all(subscripts)
        if parts is None:
            return None
        if len(parts) == 1:
            only = parts[0]
            return lambda: subscript_of(only(), interp.sv["CONVFMT"])

        def joined() -> tuple[Raw, str]:
            convfmt = interp.sv["CONVFMT"]
            text = interp.sv["SUBSEP"].join([to_str(p(), convfmt) for p in parts])
            return text, text

        return joined

    # --- statements --------------------------------------------------------------------

    def stmt(self, stmt: n.Stmt) -> Runner | None:
        interp = self.interp
        if isinstance(stmt, n.ExprStmt):
            expr = self.expr(stmt.expr)
            if expr is None:
                return None
            evaluate = expr

            def run_expr() -> None:
                evaluate()

            return run_expr
        if isinstance(stmt, n.Block):
            runners = []
            for inner in stmt.body:
                runner = self.stmt(inner)
                if runner is None:
                    return None
                runners.append(runner)
            if len(runners) == 1:
                return runners[0]

            def run_block() -> None:
                for runner in runners:
                    runner()

            return run_block
        if isinstance(stmt, n.If):
            test = self.expr(stmt.test)
            then = self.stmt(stmt.then)
            orelse = None if stmt.orelse is None else self.stmt(stmt.orelse)
            if test is None or then is None or (stmt.orelse is not None and orelse is None):
                return None
            condition, yes, no = test, then, orelse

            def run_if() -> None:
                if to_bool(condition()):
                    yes()
                elif no is not None:
                    no()

            return run_if
        if isinstance(stmt, n.Break):
            return _raiser(BreakLoop)
        if isinstance(stmt, n.Continue):
            return _raiser(ContinueLoop)
        if isinstance(stmt, n.Next):
            nextfile = stmt.file

            def run_next() -> None:
                raise NextRecord(nextfile)

            return run_next
        if isinstance(stmt, n.Exit):
            status = None if stmt.status is None else self.expr(stmt.status)
            return self._leave(stmt, status)
        if isinstance(stmt, n.Return):
            value = None if stmt.value is None else self.expr(stmt.value)
            return self._leave(stmt, value)
        if isinstance(stmt, n.Delete):
            ref = stmt.array
            if stmt.subscripts is None:
                return lambda: interp.array(ref).remove_all()
            key = self.key(stmt.subscripts)
            if key is None:
                return None
            key_of = key
            return lambda: interp.array(ref).remove(*key_of())
        return None

    def _leave(self, stmt: n.Exit | n.Return, value: Thunk | None) -> Runner | None:
        interp = self.interp
        if isinstance(stmt, n.Exit):
            if stmt.status is None:
                return _raiser(ExitProgram)
            if value is None:
                return None
            status = value

            def run_exit() -> None:
                interp.exit_status = to_int(to_num(status())) & 0xFF
                raise ExitProgram

            return run_exit
        if stmt.value is None:

            def run_return() -> None:
                raise ReturnValue(UNINIT)

            return run_return
        if value is None:
            return None
        result = value

        def run_return_value() -> None:
            raise ReturnValue(result())

        return run_return_value

    # --- places ------------------------------------------------------------------------

    def place(self, target: n.LValue) -> Place | None:
        interp = self.interp
        if isinstance(target, n.GlobalVar):
            name = target.name
            cells = interp.globals
            store: Callable[[Value], None] = interp.store_global(name)
            if name not in interp.sv:

                def store(value: Value) -> None:
                    if type(cells.get(name)) is AwkArray:
                        raise AwkRuntimeError(f"can't assign to array {name}")
                    cells[name] = value

            pair = (self._globalvar(target), store)
            return lambda: pair
        if isinstance(target, n.LocalVar):
            index, local_name = target.index, target.name

            def local_place() -> tuple[Callable[[], Value], Callable[[Value], None]]:
                frame = interp.frame
                return (lambda: local_value(frame[index], local_name)), _local_store(
                    frame, index, local_name
                )

            return local_place
        if isinstance(target, n.NFVar):
            nf_pair = (lambda: float(len(interp.fields())), interp.set_nf)
            return lambda: nf_pair
        if isinstance(target, n.Field):
            if isinstance(target.index, n.Num):
                k = to_int(target.index.value)
                field_pair = (lambda: interp.get_field(k), lambda v: interp.set_field(k, v))
                return lambda: field_pair
            index_thunk = self.expr(target.index)
            if index_thunk is None:
                return None
            evaluated = index_thunk

            def field_place() -> tuple[Callable[[], Value], Callable[[Value], None]]:
                i = to_int(to_num(evaluated()))
                return (lambda: interp.get_field(i)), (lambda v: interp.set_field(i, v))

            return field_place
        key = self.key(target.subscripts)
        if key is None:
            return None
        ref = target.array
        key_of = key

        def element_place() -> tuple[Callable[[], Value], Callable[[Value], None]]:
            array = interp.array(ref)
            raw, k = key_of()
            array.touch(raw, k)
            return (lambda: array.setdefault(k, UNINIT)), (lambda v: array.__setitem__(k, v))

        return element_place

    # --- expressions -------------------------------------------------------------------

    def _num(self, node: n.Num) -> Thunk:
        value = node.value
        return lambda: value

    def _str(self, node: n.Str) -> Thunk:
        value = node.value
        return lambda: value

    def _regexlit(self, node: n.RegexLit) -> Thunk:
        test = node.regex.test
        record = self.interp.record
        return lambda: 1.0 if test(record.text) else 0.0

    def _globalvar(self, node: n.GlobalVar) -> Thunk:
        cells = self.interp.globals
        name = node.name
        get_global = self.interp.get_global

        def load() -> Value:
            value = cells.get(name, UNINIT)
            if isinstance(value, AwkArray | Unbound):
                return get_global(name)
            return value

        return load

    def _localvar(self, node: n.LocalVar) -> Thunk:
        interp = self.interp
        index, name = node.index, node.name
        return lambda: local_value(interp.frame[index], name)

    def _nfvar(self, node: n.NFVar) -> Thunk:
        fields = self.interp.fields
        return lambda: float(len(fields()))

    def _field(self, node: n.Field) -> Thunk | None:
        get_field = self.interp.get_field
        if isinstance(node.index, n.Num):
            k = to_int(node.index.value)
            return lambda: get_field(k)
        index = self.expr(node.index)
        if index is None:
            return None
        evaluated = index
        return lambda: get_field(to_int(to_num(evaluated())))

    def _index(self, node: n.Index) -> Thunk | None:
        key = self.key(node.subscripts)
        if key is None:
            return None
        array_of = self.interp.array
        ref = node.array
        key_of = key
        return lambda: array_of(ref).ref(*key_of())

    def _assign(self, node: n.Assign) -> Thunk | None:
        place = self.place(node.target)
        value = self.expr(node.value)
        if place is None or value is None:
            return None
        where, what = place, value
        if node.op == "=":

            def assign() -> Value:
                _, store = where()
                result = what()
                store(result)
                return result

            return assign
        operate = ARITHMETIC[node.op[0]]

        def update() -> Value:
            get, store = where()
            operand = to_num(what())  # mawk evaluates the right side first
            result = operate(to_num(get()), operand)
            store(result)
            return result

        return update

    def _cond(self, node: n.Cond) -> Thunk | None:
        parts = self.all([node.test, node.yes, node.no])
        if parts is None:
            return None
        test, yes, no = parts
        return lambda: yes() if to_bool(test()) else no()

    def _logical(self, node: n.Logical) -> Thunk | None:
        parts = self.all([node.left, node.right])
        if parts is None:
            return None
        left, right = parts
        if node.op == "&&":
            return lambda: 1.0 if to_bool(left()) and to_bool(right()) else 0.0
        return lambda: 1.0 if to_bool(left()) or to_bool(right()) else 0.0

    def _not(self, node: n.Not) -> Thunk | None:
        operand = self.expr(node.operand)
        if operand is None:
            return None
        inner = operand
        return lambda: 0.0 if to_bool(inner()) else 1.0

    def _unary(self, node: n.Unary) -> Thunk | None:
        operand = self.expr(node.operand)
        if operand is None:
            return None
        inner = operand
        if node.op == "-":
            return lambda: -to_num(inner())
        return lambda: to_num(inner())

    def _binary(self, node: n.Binary) -> Thunk | None:
        parts = self.all([node.left, node.right])
        if parts is None:
            return None
        left, right = parts
        operate = ARITHMETIC[node.op]
        if node.op == "+":
            return lambda: to_num(left()) + to_num(right())
        if node.op == "-":
            return lambda: to_num(left()) - to_num(right())
        if node.op == "*":
            return lambda: to_num(left()) * to_num(right())
        return lambda: operate(to_num(left()), to_num(right()))

    def _concat(self, node: n.Concat) -> Thunk | None:
        parts = self.all(node.parts)
        if parts is None:
            return None
        sv = self.interp.sv

        def concat() -> Value:
            convfmt = sv["CONVFMT"]
            return check_length("".join([to_str(p(), convfmt) for p in parts]))

        return concat

    def _compare(self, node: n.Compare) -> Thunk | None:
        parts = self.all([node.left, node.right])
        if parts is None:
            return None
        left, right = parts
        decide = COMPARISONS[node.op]
        sv = self.interp.sv

        def comparison() -> Value:
            a, b = left(), right()
            if type(a) is float and type(b) is float:  # NaN compares equal, as in mawk
                order = 1 if a > b else -1 if a < b else 0
                return 1.0 if decide(order) else 0.0
            return 1.0 if decide(compare(a, b, sv["CONVFMT"])) else 0.0

        return comparison

    def _match(self, node: n.Match) -> Thunk | None:
        subject = self.expr(node.subject)
        if subject is None:
            return None
        sv = self.interp.sv
        negate = node.negate
        what = subject
        if isinstance(node.regex, n.RegexLit):
            test = node.regex.regex.test
            return lambda: 1.0 if test(to_str(what(), sv["CONVFMT"])) != negate else 0.0
        pattern = self.expr(node.regex)
        if pattern is None:
            return None
        source = pattern
        regex = self.interp.regex

        def dynamic() -> Value:
            text = to_str(what(), sv["CONVFMT"])
            found = regex(to_str(source(), sv["CONVFMT"])).test(text)
            return 1.0 if found != negate else 0.0

        return dynamic

    def _in(self, node: n.In) -> Thunk | None:
        key = self.key(node.subscripts)
        if key is None:
            return None
        array_of = self.interp.array
        ref = node.array
        key_of = key
        return lambda: 1.0 if array_of(ref).has(*key_of()) else 0.0

    def _incdec(self, node: n.IncDec) -> Thunk | None:
        place = self.place(node.target)
        if place is None:
            return None
        where = place
        delta = node.delta
        prefix = node.prefix

        def step() -> Value:
            get, store = where()
            before = to_num(get())
            store(before + delta)
            return before + delta if prefix else before

        return step

    def _group(self, node: n.Group) -> Thunk | None:
        key = self.key(node.items)
        if key is None:
            return None
        key_of = key
        return lambda: key_of()[1]

    def _call(self, node: n.Call) -> None:
        return None

    def _getline(self, node: n.Getline) -> None:
        return None

    def _builtin(self, node: n.Builtin) -> Thunk | None:
        name = node.name
        if name in builtins.ASYNC_BUILTINS:
            return None
        thunks: list[Thunk | None] = []
        for i, arg in enumerate(node.args):
            if builtins.node_position(name, i, arg):
                thunks.append(None)
                continue
            thunk = self.expr(arg)
            if thunk is None:
                return None
            thunks.append(thunk)
        target: Place | None = None
        if name in ("sub", "gsub"):
            target_node = node.args[2] if len(node.args) == 3 else n.Field(n.Num(0.0))
            assert not isinstance(target_node, n.Num | n.Str)
            target = self.place(target_node)  # type: ignore[arg-type]
            if target is None:
                return None
        args = Args(node.args, thunks, target)
        interp = self.interp
        return lambda: builtins.call(interp, name, args)


def _raiser(kind: type[Exception]) -> Runner:
    def run() -> None:
        raise kind

    return run


def _local_store(frame: list[Cell], index: int, name: str) -> Callable[[Value], None]:
    def store(value: Value) -> None:
        if isinstance(frame[index], AwkArray):
            raise AwkRuntimeError(f"can't assign to array {name}")
        frame[index] = value

    return store


__all__ = ["Runner", "compile_expr", "compile_place", "compile_stmt"]
