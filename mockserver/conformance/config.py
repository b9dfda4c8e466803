"""Everything one conformance run is told: the target, the profile, the budget."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: Exit statuses of a run (and of ``mockserver check``).
EXIT_CONFORMANT = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2

Profile = Literal["full", "schema"]
PROFILES: tuple[Profile, ...] = ("full", "schema")


@dataclass(frozen=True, slots=True)
class CheckConfig:
    base_url: str
    sandbox_id: str
    profile: Profile = "full"
    #: The OpenAPI document; None is the upstream document shipped with mockserver.
    spec: Path | None = None
    #: Sent with every request (``Authorization: Bearer ...`` for an organization).
    headers: tuple[tuple[str, str], ...] = ()
    #: Examples per property; None keeps each property's own default budget.
    max_examples: int | None = None
    seed: int | None = None
    #: Run only the checks with these names (all when empty).
    select: tuple[str, ...] = ()
    #: Seconds to wait for one whole answer.
    request_timeout: float = 30.0
    #: Seconds and events after which a stream stops being read.
    stream_time_limit: float = 20.0
    stream_event_limit: int = 10_000
