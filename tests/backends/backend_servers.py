"""What the backend tools' tests run: the reference backend and its broken variants, and the
``mockserver`` commands themselves in processes of their own."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "conformance"))

from reference_backend import SANDBOX_ID, Backend, RunningServer, close_all

StartBackend = Callable[..., RunningServer]


class RunningCommand:
    """``mockserver record`` or ``proxy`` as a user runs it: a process of its own, its output
    read line by line, stopped with SIGTERM."""

    def __init__(self, command: str, target: str, *extra: str) -> None:
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-c", "from mockserver.cli import main; main()", command),
                *("--target", target, "--port", "0", *extra),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        announced = self.wait_for("forwards to")
        self.url = announced.split()[2]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, seconds: float = 30) -> str:
        """The first line (from now) holding ``text``; fails after ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in {self.seen}")

    def stop(self, how: signal.Signals = signal.SIGTERM) -> int:
        self.process.send_signal(how)
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


StartCommand = Callable[..., RunningCommand]

__all__ = [
    "SANDBOX_ID",
    "Backend",
    "RunningCommand",
    "RunningServer",
    "StartBackend",
    "StartCommand",
    "close_all",
]
