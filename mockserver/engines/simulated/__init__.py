"""The simulated sandbox shell: a POSIX ``sh`` interpreted in-process on a virtual filesystem.

``create(settings)`` is the entry point of the ``simulated`` engine (the default one).
"""

from __future__ import annotations

from mockserver.engines.simulated.engine import SimulatedEngine
from mockserver.settings import Settings


def create(settings: Settings) -> SimulatedEngine:
    return SimulatedEngine(settings)


__all__ = ["SimulatedEngine", "create"]
