"""A journal entry saved as a fixture: "save as fixture" on the page, behind
``GET /__admin/requests/{id}/fixture``.

The entry becomes a neutral exchange and ``fixtures.writer`` (the same writer ``record`` uses)
turns it into a fixture entry that answers the same call the same way, SSE pace included. The
answer carries the entry (to add through ``POST /__admin/fixtures``) and a fixture file to copy,
which ``mockserver fixtures lint`` accepts as it is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mockserver.control import Control
from mockserver.engines.base import Answerer
from mockserver.fixtures.writer import (
    Exchange,
    ExchangeAnswer,
    ExchangeRequest,
    NotRecordable,
    TimedEvent,
    dump_yaml,
    fixture_entry,
    fixture_name,
    lost_in_replay,
    request_key,
)
from mockserver.journal import Entry
from mockserver.sandboxes import Sandbox


@dataclass(frozen=True, slots=True)
class SavedFixture:
    #: The fixture entry, as ``POST /__admin/fixtures`` takes it.
    fixture: dict[str, Any]
    #: A fixture file holding it (and the run-time sandbox it names, if any).
    yaml: str
    #: What a replay will not reproduce although the fixture is written.
    lost: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"fixture": self.fixture, "yaml": self.yaml, "lost": self.lost}


def save_as_fixture(entry: Entry, control: Control) -> SavedFixture:
    """The fixture that answers ``entry``'s call as it was answered.

    Raises :class:`NotRecordable` saying, in one sentence, why no fixture can.
    """
    answered = entry.answered_by
    if not isinstance(answered, Answerer):
        raise NotRecordable(
            f"the mock refused this call itself ({entry.status}) before any fixture or engine "
            "could answer it, and refuses it again the same way"
        )
    if answered.engine == "scripted" and answered.fixture is None:
        raise NotRecordable(
            "no fixture matched this call: its answer is the mock's report, which ends with a "
            "fixture to start from"
        )
    if entry.body_truncated:
        raise NotRecordable("the journal kept only the start of this request's body")
    exchange = exchange_of(entry)
    key = request_key(exchange.request)
    name = _unused(fixture_name(key.command), (fixture.name for fixture, _ in control.fixtures()))
    fixture = fixture_entry(exchange, name)
    document: dict[str, Any] = {"fixtures": [fixture]}
    added = [sandbox for sandbox, was_added in control.sandbox_list() if was_added]
    named = [sandbox for sandbox in added if sandbox.id == key.sandbox]
    if named:
        document = {"sandboxes": [_sandbox_entry(sandbox) for sandbox in named], **document}
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.time))
    header = [
        f"Saved from request {entry.id} ({entry.method} {entry.path}, {when}).",
        "Keep it as a file in a --fixtures directory, or paste the entry into a file's fixtures.",
    ]
    return SavedFixture(fixture, dump_yaml(document, header), lost_in_replay(exchange.answer))


def exchange_of(entry: Entry) -> Exchange:
    """The entry as the writer's neutral exchange."""
    accept = [value for name, value in entry.headers if name.lower() == "accept"]
    request = ExchangeRequest(
        sandbox_id=entry.sandbox_id or "",
        body=entry.body,
        headers={"Accept": accept[-1]} if accept else {},
    )
    events = None
    if entry.events is not None:
        events = tuple(
            TimedEvent(event.event, _text(event.data), event.at_ms) for event in entry.events
        )
    answer = ExchangeAnswer(
        status=entry.status if entry.status is not None else 0,
        headers=dict(entry.response_headers),
        json=entry.response_body,
        events=events,
        complete=entry.complete,
    )
    return Exchange(request, answer)


def _text(data: Any) -> str:
    """An event's data as it was sent: the journal keeps JSON data parsed."""
    return data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)


def _unused(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name-2``, ``name-3``… so that it hides no fixture the mock has."""
    names = set(taken)
    candidate, number = name, 1
    while candidate in names:
        number += 1
        candidate = f"{name}-{number}"
    return candidate


def _sandbox_entry(sandbox: Sandbox) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": sandbox.id, "organization": sandbox.organization}
    if sandbox.env:
        entry["env"] = dict(sandbox.env)
    entry["cwd"] = sandbox.cwd
    entry["containers"] = list(sandbox.containers)
    return entry
