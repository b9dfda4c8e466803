"""How the interpreter unwinds: fatal shell errors and the control-flow of builtins."""

from __future__ import annotations


class ShellError(Exception):
    """An error dash treats as fatal to the (sub)shell: printed as ``sh: LINE: message``."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class ExitShell(Exception):
    """``exit N`` (or a fatal error): leaves the current shell or subshell."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class ReturnFromFunction(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class LoopControl(Exception):
    """``break N`` / ``continue N``."""

    def __init__(self, levels: int, *, is_break: bool) -> None:
        super().__init__(levels)
        self.levels = levels
        self.is_break = is_break
