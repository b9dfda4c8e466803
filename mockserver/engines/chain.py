"""Engines asked in order: scripted fixtures first, then the fallback engine."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from mockserver.engines.base import Engine, ExecRequest, Execution


class EngineChain:
    """The first engine that does not decline a request answers it."""

    name = "chain"

    def __init__(self, engines: Sequence[Engine]) -> None:
        self.engines = tuple(engines)

    def execute(self, request: ExecRequest) -> Execution | None:
        for engine in self.engines:
            execution = engine.execute(request)
            if execution is not None:
                if request.answered_by.engine is None:
                    request.answered_by.engine = engine.name
                return execution
        return None

    def forget(self, sandbox_id: str | None = None) -> None:
        for engine in self.engines:
            engine.forget(sandbox_id)

    async def aclose(self) -> None:
        await asyncio.gather(*(engine.aclose() for engine in self.engines))
