"""Answers chosen on purpose with ``Prefer`` (CONTRACT section 6), as Stoplight Prism reads it.

``Prefer: code=404`` answers that documented status with a conformant body, ``example=NAME`` picks
a named example, ``dynamic=true`` generates a body from the schema. Statuses the spec does not
document are a 400 that lists the ones it does.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mockserver.errors import ApiError
from mockserver.negotiation import JSON
from mockserver.spec import ResponseDoc


@dataclass(frozen=True, slots=True)
class Preference:
    code: int | None = None
    example: str | None = None
    dynamic: bool = False

    @property
    def empty(self) -> bool:
        return self.code is None and self.example is None and not self.dynamic


def parse_prefer(header: str | None) -> Preference:
    """``code=404, example=x, dynamic=true``; other preferences (``respond-async``...) are ignored."""
    if not header:
        return Preference()
    values: dict[str, str] = {}
    for item in header.replace(";", ",").split(","):
        name, sep, value = item.strip().partition("=")
        if sep:
            values[name.strip().lower()] = value.strip().strip('"')
    code: int | None = None
    if "code" in values:
        if not values["code"].isdigit():
            raise ApiError(
                400,
                f"Prefer code={values['code']!r} is not an HTTP status",
                {"field": "Prefer", "reason": "code must be a number such as 200 or 404"},
            )
        code = int(values["code"])
    dynamic = values.get("dynamic", "false").lower() == "true"
    return Preference(code=code, example=values.get("example"), dynamic=dynamic)


@dataclass(frozen=True, slots=True)
class PreferredAnswer:
    status: int
    #: None for a documented status with no body (e.g. the spec's 404 has none): an Error is sent.
    body: Any


def choose(
    preference: Preference, responses: Mapping[int, ResponseDoc], rng: random.Random
) -> PreferredAnswer:
    """The answer ``preference`` asks for among the documented ``responses``."""
    status = preference.code if preference.code is not None else _default_status(responses)
    documented = sorted(responses)
    if status not in responses:
        raise ApiError(
            400,
            f"Prefer asks for status {status}, which the spec does not document for this operation",
            {"field": "Prefer", "reason": f"documented statuses: {documented}"},
        )
    doc = responses[status]
    schema = doc.schemas.get(JSON)
    examples = doc.examples.get(JSON, {})
    if preference.example is not None:
        if preference.example not in examples:
            names = sorted(examples) or "none"
            raise ApiError(
                400,
                f"Prefer asks for example {preference.example!r}, which status {status} does not have",
                {"field": "Prefer", "reason": f"examples of status {status}: {names}"},
            )
        return PreferredAnswer(status, conform(status, examples[preference.example], doc))
    if preference.dynamic and schema is not None:
        return PreferredAnswer(status, conform(status, generate(schema, rng), doc))
    if "default" in examples:
        return PreferredAnswer(status, conform(status, examples["default"], doc))
    if schema is not None:
        return PreferredAnswer(status, conform(status, generate(schema, rng), doc))
    return PreferredAnswer(status, None)


def _default_status(responses: Mapping[int, ResponseDoc]) -> int:
    successes = [status for status in responses if 200 <= status < 300]
    return min(successes or responses)


def conform(status: int, body: Any, doc: ResponseDoc) -> Any:
    """Mend an example or generated body so it keeps the contract's own rules."""
    if not isinstance(body, dict):
        return body
    body = dict(body)
    if status >= 400:
        body["code"] = status
        body.setdefault("message", doc.description or "Error")
        body.setdefault("details", None)
    if isinstance(body.get("exitCode"), int) and not isinstance(body.get("exitCode"), bool):
        body["success"] = body["exitCode"] == 0
    return body


def generate(schema: Any, rng: random.Random, depth: int = 0) -> Any:
    """A random value of ``schema`` (the subset the Sandbox API uses)."""
    if not isinstance(schema, dict) or depth > 8:
        return None
    if "enum" in schema:
        return rng.choice(schema["enum"])
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties: dict[str, Any] = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        return {
            name: generate(sub, rng, depth + 1)
            for name, sub in properties.items()
            if name in required or rng.random() < 0.5
        }
    if kind == "array":
        return [generate(schema.get("items", {}), rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == "string":
        length = rng.randint(schema.get("minLength", 0), max(schema.get("minLength", 0), 12))
        return "".join(
            rng.choice(string.ascii_letters + string.digits + " \n") for _ in range(length)
        )
    if kind == "integer":
        return rng.randint(schema.get("minimum", 0), schema.get("maximum", 255))
    if kind == "number":
        return float(rng.randint(0, 500))
    if kind == "boolean":
        return rng.random() < 0.5
    return None
