"""Which headers a proxy passes on, and which ones are credentials that are never written down."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Connection-level headers (RFC 9110 section 7.6.1) a proxy answers for itself, plus the ones
#: the HTTP client recomputes (Host, Content-Length).
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)
_CREDENTIAL_NAME = re.compile(
    r"authorization|cookie|token|key|secret|passw|auth|session|credential|signature",
    re.IGNORECASE,
)
REDACTED = "<redacted>"

Headers = Iterable[tuple[str, str]]


def is_credential(name: str) -> bool:
    """Whether a header carries a credential: Authorization, cookies, anything named like a
    token, key, secret or password (``X-Api-Key``, ``X-Auth-Token``, ``Set-Cookie``...)."""
    return _CREDENTIAL_NAME.search(name) is not None


def end_to_end(headers: Headers) -> list[tuple[str, str]]:
    """The headers to pass on, in order, without the connection-level ones."""
    pairs = list(headers)
    named_in_connection = {
        token.strip().lower()
        for name, value in pairs
        if name.lower() == "connection"
        for token in value.split(",")
    }
    dropped = HOP_BY_HOP | named_in_connection
    return [(name, value) for name, value in pairs if name.lower() not in dropped]


def redacted(headers: Headers) -> tuple[tuple[str, str], ...]:
    """The headers as they may be shown or written: every credential's value replaced."""
    return tuple((name, REDACTED if is_credential(name) else value) for name, value in headers)
