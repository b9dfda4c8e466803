"""Shell builtins: commands that need the shell itself (its variables, cwd, control flow).

A builtin is ``async (shell, process) -> status`` (:mod:`.base`); ``process`` carries argv and
the streams. Which builtins are also programs in /usr/bin is :mod:`..catalog`'s to say.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mockserver.engines.simulated.builtins import (
    aliases,
    flow,
    navigation,
    options,
    output,
    reading,
    shells,
    testing,
    timing,
    variables,
)
from mockserver.engines.simulated.builtins.base import Builtin, report

_TABLE: Mapping[str, Builtin] = MappingProxyType(
    {
        name: builtin
        for module in (
            aliases,
            flow,
            navigation,
            options,
            output,
            reading,
            shells,
            testing,
            timing,
            variables,
        )
        for name, builtin in module.BUILTINS.items()
    }
)


def builtins() -> Mapping[str, Builtin]:
    """Every builtin by name."""
    return _TABLE


__all__ = ["Builtin", "builtins", "report"]
