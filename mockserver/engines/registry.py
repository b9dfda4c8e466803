"""Engines by name: the built-in ones and plug-ins of the ``mockserver.engines`` entry-point group.

A plug-in's entry point names a factory ``create(settings) -> Engine``. Only the engine chosen is
loaded (start-up does not import the others); it is checked when it is created (loaded, callable)
and the engine it builds is checked against the protocol, so a broken plug-in fails at start-up
with its name, not on the first request.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points

from mockserver.engines.base import Engine
from mockserver.settings import Settings

EngineFactory = Callable[[Settings], Engine]
ENTRY_POINT_GROUP = "mockserver.engines"


class EngineError(Exception):
    """An engine cannot be found, registered or built; the message says which and why."""


class EngineRegistry:
    def __init__(self) -> None:
        self._factories: dict[str, EngineFactory] = {}
        #: Entry points not loaded yet, by name: loaded (and registered) when chosen.
        self._points: dict[str, EntryPoint] = {}

    def register(self, name: str, factory: EngineFactory) -> None:
        if not name or not name.replace("-", "_").isidentifier():
            raise EngineError(f"engine name {name!r} must be a word like 'simulated'")
        if name in self._factories:
            raise EngineError(f"an engine named {name!r} is registered already")
        if not callable(factory):
            raise EngineError(f"engine {name!r}: {factory!r} is not a callable factory")
        self._factories[name] = factory

    def names(self) -> list[str]:
        return sorted({*self._factories, *self._points})

    def create(self, name: str, settings: Settings) -> Engine:
        if name not in self._factories and name in self._points:
            point = self._points.pop(name)
            try:
                factory = point.load()
            except Exception as error:  # a plug-in's own failure, reported as it is chosen
                raise EngineError(
                    f"engine {point.name!r} ({point.value}) failed to load: {error}"
                ) from None
            self.register(name, factory)
        factory = self._factories.get(name)
        if factory is None:
            known = ", ".join(self.names()) or "none"
            raise EngineError(f"no engine named {name!r}; known engines: {known}")
        engine = factory(settings)
        if not isinstance(engine, Engine):
            raise EngineError(
                f"engine {name!r} does not implement the Engine protocol "
                "(needs a name, execute(request), forget(sandbox_id) and aclose())"
            )
        return engine

    @classmethod
    def from_entry_points(cls) -> EngineRegistry:
        registry = cls()
        for point in entry_points(group=ENTRY_POINT_GROUP):
            registry._points.setdefault(point.name, point)
        return registry
