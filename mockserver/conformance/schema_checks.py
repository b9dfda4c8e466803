"""The checker's own Schemathesis checks, on top of the built-in ones.

Registered with ``@schemathesis.check`` so they also run in anyone's Schemathesis suite once this
module is imported; each one judges only the exec operation and ignores everything else. Each is
an aspect of :mod:`mockserver.conformance.judge` (the one place that judges an exchange), applied
to the request Schemathesis sent and the answer it got, in the contract's default SSE dialect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis

from mockserver.conformance.exchange import ProbeRequest
from mockserver.conformance.judge import ASPECTS_BY_NAME, EXEC_TEMPLATE, Exchange, spec_schemas


def exchange_of(case: Any, response: Any) -> Exchange:
    """The exchange a Schemathesis case and its response stand for."""
    prepared = response.request
    body = prepared.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    request = ProbeRequest(
        str(prepared.method), str(prepared.url), tuple(prepared.headers.items()), body
    )
    headers = {name: ", ".join(values) for name, values in response.headers.items()}
    cut = bool(getattr(response, "stream_cut_short", False))
    return Exchange.of(
        request,
        response.status_code,
        headers,
        response.content,
        ended_by_server=not cut,
        kept_open=cut,
    )


def _aspect_check(name: str) -> Callable[[Any, Any, Any], bool | None]:
    aspect = ASPECTS_BY_NAME[name]

    def check(ctx: Any, response: Any, case: Any) -> bool | None:
        if getattr(case.operation, "path", None) != EXEC_TEMPLATE:
            return None
        problems = aspect.judge(exchange_of(case, response), spec_schemas())
        if problems:
            raise AssertionError("; ".join(problems))
        return None

    check.__name__ = check.__qualname__ = name
    check.__doc__ = f"{aspect.expected} (CONTRACT section {aspect.section})."
    return check


#: The contract's aspects that Schemathesis has no built-in check for, in report order.
SANDBOX_CHECK_NAMES = tuple(name for name in ASPECTS_BY_NAME if name.startswith("sandbox_"))
SANDBOX_CHECKS = tuple(schemathesis.check(_aspect_check(name)) for name in SANDBOX_CHECK_NAMES)
