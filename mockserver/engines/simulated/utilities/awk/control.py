"""Control flow that leaves a statement early, carried as exceptions."""

from __future__ import annotations

from mockserver.engines.simulated.utilities.awk.values import Value


class NextRecord(Exception):
    def __init__(self, file: bool = False) -> None:
        self.file = file


class ExitProgram(Exception):
    pass


class BreakLoop(Exception):
    pass


class ContinueLoop(Exception):
    pass


class ReturnValue(Exception):
    def __init__(self, value: Value) -> None:
        self.value = value
