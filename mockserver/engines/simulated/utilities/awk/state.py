"""Run-time storage: arrays, the record and its fields, call frames."""

from __future__ import annotations

from dataclasses import dataclass, field

from mockserver.engines.simulated.utilities.awk.arrays import AwkArray
from mockserver.engines.simulated.utilities.awk.errors import AwkRuntimeError
from mockserver.engines.simulated.utilities.awk.values import UNINIT, StrNum, Value


@dataclass(eq=False)
class Unbound:
    """A caller's unset variable passed to a function: it becomes an array if used as one."""

    scope: dict[str, Cell] | list[Cell]
    key: str | int

    def bind(self) -> AwkArray:
        array = AwkArray()
        current = self.scope[self.key]  # type: ignore[index]
        if isinstance(current, AwkArray):
            return current
        if isinstance(current, Unbound) and current is not self:
            array = current.bind()
        self.scope[self.key] = array  # type: ignore[index]
        return array


Cell = Value | AwkArray | Unbound


@dataclass
class Record:
    """``$0`` and its fields, split lazily with the FS in force when ``$0`` was set."""

    text: str = ""
    fields: list[Value] | None = field(default_factory=list)
    fs: str = " "

    def set(self, text: str, fs: str) -> None:
        self.text = text
        self.fields = None
        self.fs = fs


def local_value(cell: Cell, name: str) -> Value:
    if isinstance(cell, AwkArray):
        raise AwkRuntimeError(f"can't use array {name} in scalar context")
    if isinstance(cell, Unbound):
        return UNINIT
    return cell


def strnum_fields(parts: list[str]) -> list[Value]:
    return [StrNum(p) for p in parts]


__all__ = ["UNINIT", "AwkArray", "Cell", "Record", "Unbound", "local_value", "strnum_fields"]
