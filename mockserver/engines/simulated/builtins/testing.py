"""``test`` and ``[``: dash's expression grammar (``!``, ``-a``, ``-o``, parentheses)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.engines.simulated.arithmetic import parse_integer
from mockserver.engines.simulated.builtins.base import report
from mockserver.engines.simulated.process import Process
from mockserver.engines.simulated.vfs import VirtualFS

if TYPE_CHECKING:
    from mockserver.engines.simulated.builtins.base import Builtin
    from mockserver.engines.simulated.interpreter import Shell

_UNARY_FILE = {
    "-e",
    "-f",
    "-d",
    "-s",
    "-r",
    "-w",
    "-x",
    "-L",
    "-h",
    "-b",
    "-c",
    "-p",
    "-S",
    "-g",
    "-u",
    "-k",
    "-O",
    "-G",
}
_BINARY = {"=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef", "<", ">"}


class _Failure(Exception):
    pass


class _Evaluator:
    def __init__(self, shell: Shell, process: Process, args: list[str]) -> None:
        self.shell = shell
        self.process = process
        self.args = args
        self.index = 0

    def peek(self, offset: int = 0) -> str | None:
        position = self.index + offset
        return self.args[position] if position < len(self.args) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise _Failure("argument expected")
        self.index += 1
        return token

    def run(self) -> bool:
        args = self.args
        # POSIX decides by the number of arguments first; the grammar is for longer ones.
        if not args:
            return False
        if len(args) == 1:
            return args[0] != ""
        if len(args) == 2:
            if args[0] == "!":
                return args[1] == ""
            if args[0] in _UNARY_FILE or args[0] in {"-z", "-n", "-t"}:
                return self.unary(args[0], args[1])
            if args[1] in _BINARY:
                raise _Failure(f"{args[1]}: argument expected")
            raise _Failure(f"{args[0]}: unexpected operator")
        if len(args) == 3:
            if args[1] in _BINARY:
                return self.binary(args[0], args[1], args[2])
            if args[0] == "!":
                return not _Evaluator(self.shell, self.process, args[1:]).run()
            if args[0] == "(" and args[2] == ")":
                return args[1] != ""
        if len(args) == 4 and args[0] == "!":
            return not _Evaluator(self.shell, self.process, args[1:]).run()
        result = self.disjunction()
        if self.index < len(self.args):
            raise _Failure(f"{self.args[0]}: unexpected operator")
        return result

    def disjunction(self) -> bool:
        result = self.conjunction()
        while self.peek() == "-o":
            self.index += 1
            right = self.conjunction()
            result = result or right
        return result

    def conjunction(self) -> bool:
        result = self.negation()
        while self.peek() == "-a":
            self.index += 1
            right = self.negation()
            result = result and right
        return result

    def negation(self) -> bool:
        if (self.peek() == "!" and self.peek(1) is not None and self.remaining() != 2) or (
            self.peek() == "!" and self.remaining() == 2
        ):
            self.index += 1
            return not self.negation()
        return self.primary()

    def remaining(self) -> int:
        return len(self.args) - self.index

    def primary(self) -> bool:
        token = self.take()
        following = self.peek()
        if following in _BINARY and self.remaining() == 1:
            raise _Failure(f"{following}: argument expected")
        if following in _BINARY and self.remaining() >= 2:
            self.index += 1
            return self.binary(token, following, self.take())
        if token == "(" and self.remaining() >= 1:
            result = self.disjunction()
            if self.take() != ")":
                raise _Failure("closing paren expected")
            return result
        if token in _UNARY_FILE or token in {"-z", "-n", "-t"}:
            if following is None:
                return True
            self.index += 1
            return self.unary(token, following)
        return token != ""

    def unary(self, op: str, operand: str) -> bool:
        if op == "-z":
            return operand == ""
        if op == "-n":
            return operand != ""
        if op == "-t":  # no descriptor of the sandbox is a terminal
            self.number(operand)
            return False
        fs = self.shell.fs
        path = VirtualFS.normalize(operand, self.shell.cwd) if operand else ""
        if not operand:
            return False
        if op in {"-L", "-h"}:
            return fs.is_symlink(path)
        stat = fs.stat(path)
        if stat is None:
            return False
        checks = {
            "-e": True,
            "-f": stat.kind == "file",
            "-d": stat.kind == "dir",
            "-c": stat.kind == "device",
            "-s": stat.size > 0,
            # The sandbox's user is root: it may read and write anything, and run what has
            # an execute bit (or search a directory).
            "-r": True,
            "-w": True,
            "-x": bool(stat.mode & 0o111) or stat.kind == "dir",
            "-O": True,
            "-G": True,
            "-u": bool(stat.mode & 0o4000),
            "-g": bool(stat.mode & 0o2000),
            "-k": bool(stat.mode & 0o1000),
        }
        return checks.get(op, False)

    def number(self, text: str) -> int:
        value = parse_integer(text) if text.strip().lstrip("+-").isdigit() else None
        if value is None or not text.strip().lstrip("+-").isdigit():
            raise _Failure(f"Illegal number: {text}")
        return int(text.strip())

    def binary(self, left: str, op: str, right: str) -> bool:
        if op == "=":
            return left == right
        if op == "!=":
            return left != right
        if op == "<":
            return left < right
        if op == ">":
            return left > right
        if op in {"-nt", "-ot", "-ef"}:
            fs = self.shell.fs
            a = fs.stat(VirtualFS.normalize(left, self.shell.cwd))
            b = fs.stat(VirtualFS.normalize(right, self.shell.cwd))
            if op == "-ef":
                return a is not None and b is not None and a.ino == b.ino
            if op == "-nt":
                return a is not None and (b is None or a.mtime > b.mtime)
            return b is not None and (a is None or a.mtime < b.mtime)
        a_num, b_num = self.number(left), self.number(right)
        return {
            "-eq": a_num == b_num,
            "-ne": a_num != b_num,
            "-lt": a_num < b_num,
            "-le": a_num <= b_num,
            "-gt": a_num > b_num,
            "-ge": a_num >= b_num,
        }[op]


async def test(shell: Shell, process: Process) -> int:
    args = process.argv[1:]
    if process.argv[0] == "[":
        if not args or args[-1] != "]":
            await report(shell, process, "[: missing ]")
            return 2
        args = args[:-1]
    try:
        return 0 if _Evaluator(shell, process, args).run() else 1
    except _Failure as failure:
        await report(shell, process, f"{process.argv[0]}: {failure}")
        return 2


BUILTINS: dict[str, Builtin] = {"test": test, "[": test}
