"""``mockserver record``: what a real backend answers, written as fixtures while it answers.

Each exec call that passes through the proxy becomes an :class:`~mockserver.fixtures.writer.
Exchange` (the request body and ``Accept``; never a credential) and goes into one fixture book;
after every call the whole fixture file is rewritten (atomically), so it is complete whenever the
recorder stops and a server watching the directory picks each new answer up.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from mockserver.backends.forward import Passed
from mockserver.errors import StartupError
from mockserver.fixtures.writer import (
    Exchange,
    ExchangeAnswer,
    ExchangeRequest,
    FixtureBook,
    NotRecordable,
    TimedEvent,
    dump_yaml,
    lost_in_replay,
)

EXEC_PATH = re.compile(r"/api/v1/sandboxes/([^/]+)/exec/?$")
RECORDING = "recorded.yaml"


def exchange_of(passed: Passed) -> Exchange:
    """The neutral description of an exec call that went through; NotRecordable otherwise."""
    found = EXEC_PATH.search(passed.path)
    if found is None or passed.request.method.upper() != "POST":
        raise NotRecordable("not an exec call (POST /api/v1/sandboxes/{id}/exec)")
    if passed.status is None:
        raise NotRecordable(f"the backend gave no answer ({passed.failure})")
    if passed.ending == "client left":
        raise NotRecordable("the client left before the answer ended")
    if passed.ending == "too large":
        raise NotRecordable("the answer is too large to keep")
    try:
        body = json.loads(passed.request.body or b"")
    except ValueError:
        raise NotRecordable("the request body is not JSON (the API answers it itself)") from None
    accept = passed.request.header("accept")
    request = ExchangeRequest(
        sandbox_id=unquote(found.group(1)),
        body=body,
        headers={"accept": accept} if accept is not None else {},
    )
    complete = passed.ending == "finished"
    if passed.media_type == "text/event-stream":
        events = tuple(TimedEvent(e.event, e.data, e.arrived * 1000) for e in passed.events)
        answer = ExchangeAnswer(passed.status, passed.headers, events=events, complete=complete)
    else:
        try:
            value = json.loads(passed.body)
        except ValueError:
            value = None
        answer = ExchangeAnswer(passed.status, passed.headers, json=value, complete=complete)
    return Exchange(request, answer)


class Recorder:
    """The observer of the recording proxy: every exec call into ``out/recorded.yaml``."""

    def __init__(self, out: Path, target: str, echo: Callable[[str], None]) -> None:
        self.file = out / RECORDING
        if self.file.exists():
            raise StartupError(
                f"{self.file} exists already",
                "record into another --out DIR, or remove the file to record afresh",
            )
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StartupError(f"cannot create {out}: {error.strerror or error}") from None
        self.target = target
        self.echo = echo
        self.book = FixtureBook()
        self.recorded = 0
        self.skipped = 0

    def __call__(self, passed: Passed) -> None:
        where = f"{passed.request.method} {passed.path}"
        try:
            exchange = exchange_of(passed)
            name = self.book.add(exchange)
        except NotRecordable as reason:
            self.skipped += 1
            self.echo(f"passed {where} -> {passed.status or 'no answer'}, not recorded: {reason}")
            return
        self.recorded += 1
        self._write()
        lost = lost_in_replay(exchange.answer)
        note = f" (a replay will not have: {'; '.join(lost)})" if lost else ""
        self.echo(f"recorded {where} -> {passed.status} as fixture {name!r}{note}")

    def _write(self) -> None:
        header = (
            f"Recorded by mockserver record from {self.target}.",
            f"Replay: mockserver serve --fixtures {self.file.parent} --engine scripted",
        )
        text = dump_yaml(self.book.document(), header)
        partial = self.file.with_name(f".{RECORDING}.partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, self.file)
