"""The servers the backend tools' tests run: the reference backend and its broken variants."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "conformance"))

from reference_backend import SANDBOX_ID, Backend, RunningServer, close_all

StartBackend = Callable[..., RunningServer]

__all__ = ["SANDBOX_ID", "Backend", "RunningServer", "StartBackend", "close_all"]
