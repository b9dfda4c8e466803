"""Request-body validation for Connexion that speaks the spec's Error schema.

Connexion parses and validates the body against the spec; this validator keeps that, and adds
what its default lacks: a structured ``details`` naming the field and the reason, a clear error
for bodies that are not UTF-8 or not JSON, and lone surrogate escapes (``"\\ud800"``: valid JSON,
not valid text) replaced by U+FFFD so nothing downstream can crash on them.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import AsyncGenerator
from typing import Any

from connexion.json_schema import Draft4RequestValidator
from connexion.validators import JSONRequestBodyValidator
from jsonschema import Draft4Validator, ValidationError
from starlette.types import Scope

from mockserver.errors import ApiError

_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (and keys) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {replace_surrogates(k): replace_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_surrogates(item) for item in value]
    return value


def _field(path: list[Any]) -> str:
    return ".".join(str(part) for part in path) or "body"


def _type_name(expected: Any) -> str:
    names = {
        "object": "an object",
        "string": "a string",
        "integer": "an integer",
        "boolean": "a boolean",
        "number": "a number",
        "array": "an array",
    }
    if isinstance(expected, list):
        return " or ".join(names.get(str(e), str(e)) for e in expected)
    return names.get(expected, str(expected))


def describe(error: ValidationError) -> tuple[str, str]:
    """(field, reason) for a schema violation, in words a client developer reads at a glance."""
    path = list(error.absolute_path)
    value = error.validator_value
    match error.validator:
        case "required":
            missing = error.message.split("'")[1] if "'" in error.message else "?"
            return _field([*path, missing]), "is required"
        case "type":
            if error.instance is None:
                return _field(path), f"must be {_type_name(value)}, not null"
            return _field(path), f"must be {_type_name(value)}"
        case "minimum":
            return _field(path), f"must be >= {value}"
        case "maximum":
            return _field(path), f"must be <= {value}"
        case "minLength":
            return _field(
                path
            ), "must not be empty" if value == 1 else f"needs >= {value} characters"
        case "additionalProperties":
            return _field(path), "has properties the schema does not allow"
        case _:
            return _field(path), error.message


@functools.lru_cache(maxsize=64)
def _compiled(schema_json: str) -> Draft4Validator:
    """One validator per distinct schema: Connexion builds a body validator per request."""
    validator: Draft4Validator = Draft4RequestValidator(
        json.loads(schema_json), format_checker=Draft4Validator.FORMAT_CHECKER
    )
    return validator


def _first_error(validator: Draft4Validator, body: Any) -> ValidationError | None:
    errors = sorted(validator.iter_errors(body), key=lambda e: (len(e.absolute_path), e.message))
    return errors[0] if errors else None


class BodyValidator(JSONRequestBodyValidator):  # type: ignore[misc]
    MUTABLE_VALIDATION = True  # the handler sees the body with surrogates replaced

    @property
    def _validator(self) -> Draft4Validator:
        return _compiled(json.dumps(self._schema, sort_keys=True))

    async def _parse(self, stream: AsyncGenerator[bytes, None], scope: Scope) -> Any:
        raw = b"".join([message async for message in stream])
        if not raw.strip():
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ApiError(
                400,
                "Request body is not valid UTF-8",
                {"field": "body", "reason": f"invalid byte at offset {error.start}"},
            ) from error
        try:
            return replace_surrogates(json.loads(text))
        except json.JSONDecodeError as error:
            raise ApiError(
                400,
                "Request body is not valid JSON",
                {
                    "field": "body",
                    "reason": f"{error.msg} at line {error.lineno} column {error.colno}",
                },
            ) from error
        except RecursionError as error:
            raise ApiError(400, "Request body nests too deeply", {"field": "body"}) from error

    def _validate(self, body: Any) -> dict[str, Any] | None:
        if body is None:
            raise ApiError(
                400, "Request body is required", {"field": "body", "reason": "send a JSON object"}
            )
        error = _first_error(self._validator, body)
        if error is not None:
            field, reason = describe(error)
            raise ApiError(
                400, f"Invalid request: {field} {reason}", {"field": field, "reason": reason}
            )
        return None
