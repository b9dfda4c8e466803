"""Commands awk runs: ``print | cmd``, ``cmd | getline``, ``system(cmd)``.

A command line runs as ``/bin/sh -c`` (the process's runner starts it, as mawk's ``execl``
would). Output pipes collect what is printed to them and run the command when closed (``close(cmd)`` or the end of the program), as mawk's pipes appear to a reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated.process import (
    BufferOutput,
    CommandNotFound,
    InputStream,
    OutputStream,
    StringInput,
)
from mockserver.engines.simulated.utilities.awk import nodes as n
from mockserver.engines.simulated.utilities.awk.records import RecordReader
from mockserver.engines.simulated.utilities.awk.values import StrNum, Value, from_stream, to_stream

if TYPE_CHECKING:
    from mockserver.engines.simulated.utilities.awk.interpreter import Interpreter


async def run_command(
    interp: Interpreter,
    command: str,
    stdin: InputStream,
    stdout: OutputStream,
    *,
    flush: bool = True,
) -> int:
    """Run a command line as ``sh -c`` would; returns its exit status.

    awk's own output is flushed first (mawk flushes before it forks), except when an output
    pipe opened earlier is finally run.
    """
    proc = interp.proc
    if flush:
        await interp.outputs.flush_stdout()
    text = to_stream(command)
    if not text.strip():
        return 0
    try:
        return await proc.spawn(["/bin/sh", "-c", text], stdin, stdout)
    except CommandNotFound:
        await proc.stderr.write(f"{proc.argv[0]}: cannot run /bin/sh\n")
        return 127


async def pipe_output(interp: Interpreter, command: str, text: str) -> None:
    pending = interp.output_pipes.get(command)
    if pending is None:
        await interp.outputs.flush_stdout()
        pending = interp.output_pipes[command] = []
    pending.append(text)


async def _finish_output_pipe(interp: Interpreter, command: str) -> int:
    text = "".join(interp.output_pipes.pop(command))
    stdin = StringInput(to_stream(text))
    return await run_command(interp, command, stdin, interp.proc.stdout, flush=False)


async def close_command(interp: Interpreter, name: str) -> int | None:
    """Close a command ``name`` if one is open: its status; None when none is."""
    if name in interp.output_pipes:
        return await _finish_output_pipe(interp, name)
    if name in interp.input_pipes:
        return interp.input_pipes.pop(name)[1]
    return None


async def close_all_commands(interp: Interpreter) -> None:
    for command in list(interp.output_pipes):
        await _finish_output_pipe(interp, command)
    interp.input_pipes.clear()


async def command_getline(interp: Interpreter, node: n.Getline) -> Value:
    assert node.command is not None
    command = await interp.string(node.command)
    entry = interp.input_pipes.get(command)
    if entry is None:
        out = BufferOutput()
        status = await run_command(interp, command, interp.proc.stdin, out)
        entry = interp.input_pipes[command] = (RecordReader(from_stream(out.getvalue())), status)
    text = await entry[0].read(interp.rs, interp.regex)
    if text is None:
        return 0.0
    if node.target is None:
        interp.set_record(text)
    else:
        (await interp.resolve(node.target))(StrNum(text))
    return 1.0


async def system(interp: Interpreter, command: str) -> int:
    return await run_command(interp, command, interp.proc.stdin, interp.proc.stdout)
