"""Everything one conformance run is told: the target, the profile, the budget."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: Exit statuses of a run (and of ``mockserver check``).
EXIT_CONFORMANT = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2

Profile = Literal["full", "quick", "schema"]
#: full: every check; quick: every check but the slow ones (each sleeps or waits seconds), for
#: CI smoke runs; schema: the Schemathesis suites only.
PROFILES: tuple[Profile, ...] = ("full", "quick", "schema")


#: Defaults of the bounds on what the checker reads from a target (each a flag of its own).
DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024
DEFAULT_STREAM_EVENT_LIMIT = 100_000


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
    #: The SSE dialect the target speaks: "default" (CONTRACT section 4) or "data-only".
    sse_dialect: str = "default"
    #: Seconds to wait for one whole answer.
    request_timeout: float = 30.0
    #: Seconds and events after which a stream stops being read.
    stream_time_limit: float = 20.0
    stream_event_limit: int = DEFAULT_STREAM_EVENT_LIMIT
    #: Bytes of one answer's body, and of one event, after which reading stops.
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES
    #: Seconds one check may take in all (its requests, Hypothesis examples and shrinking).
    check_time_limit: float = 180.0
