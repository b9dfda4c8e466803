"""Running awk's statements: blocks, print and printf, if, the loops, delete, next, exit.

A statement without I/O runs as one closure (see :mod:`.compiler`); a loop whose test and body
are such closures checkpoints every few iterations instead of on every one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from mockserver.engines.simulated.utilities.awk import nodes as n
from mockserver.engines.simulated.utilities.awk.compiler import compile_expr
from mockserver.engines.simulated.utilities.awk.control import (
    BreakLoop,
    ContinueLoop,
    ExitProgram,
    NextRecord,
    ReturnValue,
)
from mockserver.engines.simulated.utilities.awk.errors import AwkRuntimeError
from mockserver.engines.simulated.utilities.awk.values import (
    UNINIT,
    Value,
    format_values,
    num_to_str,
    to_bool,
    to_int,
    to_str,
)

if TYPE_CHECKING:
    from mockserver.engines.simulated.utilities.awk.interpreter import Interpreter

#: Iterations of an I/O-free loop between two checkpoints.
_LOOP_BATCH = 16


class Execution:
    """Executes statements for one :class:`Interpreter`."""

    def __init__(self, interp: Interpreter) -> None:
        self.interp = interp
        self._print_args: dict[int, list[Callable[[], Value]] | None] = {}
        self._exec: dict[type, Callable[[Any], Awaitable[None]]] = {
            n.Print: self._print,
            n.ExprStmt: self._expr_stmt,
            n.If: self._if,
            n.While: self._while,
            n.DoWhile: self._do_while,
            n.For: self._for,
            n.ForIn: self._for_in,
            n.Block: self._block,
            n.Next: self._next,
            n.Exit: self._exit,
            n.Return: self._return,
            n.Break: self._break,
            n.Continue: self._continue,
            n.Delete: self._delete,
        }

    async def execute(self, stmt: n.Stmt) -> None:
        run = self.interp.runner(stmt)
        if run is not None:
            run()
        else:
            await self._exec[type(stmt)](stmt)

    async def block(self, block: n.Block) -> None:
        await self._block(block)

    async def _block(self, block: n.Block) -> None:
        run = self.interp.runner(block)
        if run is not None:
            run()
            return
        for stmt in block.body:
            await self.execute(stmt)

    async def _fast_loop(
        self,
        test: Callable[[], Value] | None,
        body: Callable[[], None],
        step: Callable[[], None] | None = None,
    ) -> None:
        """A loop whose parts do no I/O: checkpoints every few iterations, not every one."""
        count = 0
        checkpoint = self.interp.proc.checkpoint
        while test is None or to_bool(test()):
            count += 1
            if not count % _LOOP_BATCH:
                await checkpoint()
            try:
                body()
            except BreakLoop:
                break
            except ContinueLoop:
                pass
            if step is not None:
                step()

    async def _expr_stmt(self, stmt: n.ExprStmt) -> None:
        await self.interp.eval(stmt.expr)

    async def _print(self, stmt: n.Print) -> None:
        convfmt = self.interp.convfmt
        if stmt.formatted:
            values = [await self.interp.eval(arg) for arg in stmt.args]
            fmt = to_str(values[0], convfmt)
            try:
                text = format_values(fmt, values[1:], convfmt, "printf")
            except AwkRuntimeError as err:
                if err.partial:
                    await self._emit(stmt, err.partial)
                raise
        elif not stmt.args:
            text = self.interp.record.text + self.interp.sv["ORS"]
        else:
            if id(stmt) not in self._print_args:
                self._print_args[id(stmt)] = self._compile_all(stmt.args)
            thunks = self._print_args[id(stmt)]
            if thunks is not None:
                values = [thunk() for thunk in thunks]
            else:
                values = [await self.interp.eval(arg) for arg in stmt.args]
            ofmt = self.interp.sv["OFMT"]
            text = self.interp.sv["OFS"].join(
                [
                    num_to_str(v, ofmt) if isinstance(v, float) else to_str(v, convfmt)
                    for v in values
                ]
            )
            text += self.interp.sv["ORS"]
        if stmt.mode is None:
            await self.interp.outputs.stdout(text)
        else:
            await self._emit(stmt, text)

    def _compile_all(self, exprs: list[n.Expr]) -> list[Callable[[], Value]] | None:
        thunks = []
        for expr in exprs:
            thunk = compile_expr(self.interp, expr)
            if thunk is None:
                return None
            thunks.append(thunk)
        return thunks

    async def _emit(self, stmt: n.Print, text: str) -> None:
        if stmt.mode is None:
            await self.interp.outputs.stdout(text)
            return
        assert stmt.dest is not None
        dest = await self.interp.string(stmt.dest)
        if stmt.mode == "|":
            from mockserver.engines.simulated.utilities.awk.commands import pipe_output

            await pipe_output(self.interp, dest, text)
            return
        await self.interp.outputs.write(stmt.mode, dest, text)

    async def _if(self, stmt: n.If) -> None:
        if to_bool(await self.interp.eval(stmt.test)):
            await self.execute(stmt.then)
        elif stmt.orelse is not None:
            await self.execute(stmt.orelse)

    async def _while(self, stmt: n.While) -> None:
        test, body = self.interp.thunk(stmt.test), self.interp.runner(stmt.body)
        if test is not None and body is not None:
            await self._fast_loop(test, body)
            return
        while to_bool(await self.interp.eval(stmt.test)):
            if not await self._iteration(stmt.body):
                break

    async def _do_while(self, stmt: n.DoWhile) -> None:
        while await self._iteration(stmt.body):
            if not to_bool(await self.interp.eval(stmt.test)):
                break

    async def _for(self, stmt: n.For) -> None:
        if stmt.init is not None:
            await self.execute(stmt.init)
        test = None if stmt.test is None else self.interp.thunk(stmt.test)
        body = self.interp.runner(stmt.body)
        step = None if stmt.step is None else self.interp.runner(stmt.step)
        if (
            (stmt.test is None or test is not None)
            and body is not None
            and (stmt.step is None or step is not None)
        ):
            await self._fast_loop(test, body, step)
            return
        while stmt.test is None or to_bool(await self.interp.eval(stmt.test)):
            if not await self._iteration(stmt.body):
                break
            if stmt.step is not None:
                await self.execute(stmt.step)

    async def _for_in(self, stmt: n.ForIn) -> None:
        array = self.interp.array(stmt.array)
        store = await self.interp.resolve(stmt.var)
        for key in array.loop_keys():  # mawk visits even keys the body deletes
            store(key)
            if not await self._iteration(stmt.body):
                break

    async def _iteration(self, body: n.Stmt) -> bool:
        """One pass of a loop body (the deadline checked first); False when it breaks out."""
        await self.interp.proc.checkpoint()
        try:
            await self.execute(body)
        except BreakLoop:
            return False
        except ContinueLoop:
            pass
        return True

    async def _next(self, stmt: n.Next) -> None:
        raise NextRecord(stmt.file)

    async def _exit(self, stmt: n.Exit) -> None:
        if stmt.status is not None:
            self.interp.exit_status = to_int(await self.interp.number(stmt.status)) & 0xFF
        raise ExitProgram

    async def _return(self, stmt: n.Return) -> None:
        value = UNINIT if stmt.value is None else await self.interp.eval(stmt.value)
        raise ReturnValue(value)

    async def _break(self, stmt: n.Break) -> None:
        raise BreakLoop

    async def _continue(self, stmt: n.Continue) -> None:
        raise ContinueLoop

    async def _delete(self, stmt: n.Delete) -> None:
        array = self.interp.array(stmt.array)
        if stmt.subscripts is None:
            array.remove_all()
        else:
            array.remove(*await self.interp.subscript(stmt.subscripts))
