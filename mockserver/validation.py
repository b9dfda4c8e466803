"""Request validation through Connexion, done once where it can be: the spec's own checks, lean.

Connexion's request-validation middleware builds a URI parser, a parameter validator and a body
validator (which compiles the JSON Schema again) for every request. :class:`RequestValidation`
keeps its checks and its ``validator_map`` and builds those once per operation and content type:

- :class:`ParameterValidator` compiles each parameter's schema once;
- :class:`BodyValidator` compiles the body schema once, parses the body once and hands the parsed
  value on in the scope (:func:`parsed_body`) instead of replaying it as bytes to be parsed again.

The body validator also says what Connexion's default does not: a structured ``details`` naming
the field and the reason, a clear error for bodies that are not UTF-8 or not JSON, and lone
surrogate escapes (``"\\ud800"``: valid JSON, not valid text) replaced by U+FFFD so nothing
downstream can crash on them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import jsonschema_rs
from connexion.datastructures import MediaTypeDict
from connexion.json_schema import Draft4RequestValidator
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.utils import is_null, is_nullable
from connexion.validators import VALIDATOR_MAP, JSONRequestBodyValidator
from connexion.validators import ParameterValidator as ConnexionParameterValidator
from jsonschema import Draft4Validator, ValidationError
from starlette.types import Message, Receive, Scope, Send

from mockserver.errors import ApiError
from mockserver.responses import api_error_response

_SURROGATE = re.compile("[\ud800-\udfff]")
#: The scope key under which the validated, parsed request body is handed on.
PARSED_BODY = "mockserver.body"
_NO_BODY = object()
#: How many distinct content types one operation remembers validators for.
_KEPT = 16


def parsed_body(scope: Scope) -> Any:
    """The request body as :class:`BodyValidator` parsed and validated it."""
    body = scope.get(PARSED_BODY, _NO_BODY)
    if body is _NO_BODY:
        raise ApiError(400, "Request body must be JSON (Content-Type: application/json)")
    return body


def replace_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (and keys) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
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


def _first_error(validator: Draft4Validator, body: Any) -> ValidationError | None:
    errors = sorted(validator.iter_errors(body), key=lambda e: (len(e.absolute_path), e.message))
    return errors[0] if errors else None


def _decode(raw: bytes) -> Any:
    """The JSON value of a request body (None when it is empty), or the 400 that says why not."""
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
            {"field": "body", "reason": f"{error.msg} at line {error.lineno} column {error.colno}"},
        ) from error
    except RecursionError as error:
        raise ApiError(400, "Request body nests too deeply", {"field": "body"}) from error


def _replaying(body: bytes, receive: Receive) -> Receive:
    """``receive`` with ``body`` delivered first, as the one message it was read from."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _plain_draft4(schema: dict[str, Any]) -> bool:
    """Whether Connexion's request validator and plain Draft 4 agree on ``schema``: no
    ``nullable`` (Connexion's extension) and no ``format`` (checked differently by each) in any
    part a body is checked against (Connexion puts the spec's ``components`` beside it)."""
    seen: set[int] = set()

    def plain(node: Any) -> bool:
        if isinstance(node, list):
            return all(plain(item) for item in node)
        if not isinstance(node, dict) or id(node) in seen:
            return True
        seen.add(id(node))
        if "nullable" in node or "format" in node:
            return False
        ref = node.get("$ref")
        if isinstance(ref, str):
            target: Any = schema
            for part in ref.removeprefix("#/").split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            if target is None:
                return False  # a reference this check cannot follow: keep Connexion's validator
            return plain(target)
        return all(plain(value) for key, value in node.items() if key != "components")

    return plain(schema)


class BodyValidator(JSONRequestBodyValidator):  # type: ignore[misc]
    """A JSON body validator built once per operation and content type, used for every request.

    A body is checked by ``jsonschema_rs`` (compiled, several times faster) when the schema is
    plain Draft 4; a body it refuses, or any body of another schema, by Connexion's validator,
    which words the error.
    """

    def __init__(self, *, schema: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(schema=schema, **kwargs)
        self._compiled: Draft4Validator = Draft4RequestValidator(
            schema, format_checker=Draft4Validator.FORMAT_CHECKER
        )
        self._fast = jsonschema_rs.Draft4Validator(schema) if _plain_draft4(schema) else None

    @property
    def _validator(self) -> Draft4Validator:
        return self._compiled

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        """Read, parse and validate the body; hand the value on in ``scope[PARSED_BODY]``.

        The body is also replayed to an application that reads it again (Connexion's own apps).
        """
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        raw = b"".join(chunks)
        body = _decode(raw)
        self._validate(body)
        scope[PARSED_BODY] = body
        return _replaying(raw, receive), scope

    def _validate(self, body: Any) -> dict[str, Any] | None:
        if body is None:
            raise ApiError(
                400, "Request body is required", {"field": "body", "reason": "send a JSON object"}
            )
        if self._fast is not None and self._fast.is_valid(body):
            return None
        error = _first_error(self._compiled, body)
        if error is not None:
            field, reason = describe(error)
            raise ApiError(
                400, f"Invalid request: {field} {reason}", {"field": field, "reason": reason}
            )
        return None


class ParameterValidator(ConnexionParameterValidator):  # type: ignore[misc]
    """Connexion's parameter checks with each parameter's schema compiled once, not per request,
    and each error naming the parameter (``details.field``) as the body's errors do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compiled: dict[int, tuple[Mapping[str, Any], Draft4Validator]] = {}
        #: Only path parameters (the Sandbox API's case): checked from the scope directly, without
        #: the request object Connexion builds to read query, header and cookie parameters.
        self._path_only = not self.strict_validation and set(self.parameters) <= {"path"}

    def validate(self, scope: Scope) -> None:
        if not self._path_only:
            super().validate(scope)
            return
        values = self.uri_parser.resolve_path(scope.get("path_params") or {})
        for param in self.parameters.get("path", []):
            self.validate_parameter("path", values.get(param["name"].replace("-", "_")), param)

    def validate_parameter(
        self, parameter_type: str, value: Any, param: dict[str, Any], param_name: Any = None
    ) -> str | None:
        name = str(param.get("name", param_name))
        if is_nullable(param) and is_null(value):
            return None
        if value is None:
            if param.get("required"):
                raise ApiError(
                    400,
                    f"Missing {parameter_type} parameter {name!r}",
                    {"field": name, "reason": "is required"},
                )
            return None
        schema = param.get("schema", param)
        entry = self._compiled.get(id(schema))
        if entry is None or entry[0] is not schema:
            validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
            entry = self._compiled[id(schema)] = (schema, validator)
        error = None if entry[1].is_valid(value) else _first_error(entry[1], value)
        if error is not None:
            raise ApiError(
                400,
                f"Invalid {parameter_type} parameter {name!r}: {error.message}",
                {"field": name, "reason": error.message},
            )
        return None


class _Operation(RequestValidationOperation):  # type: ignore[misc]
    """One operation's validation with its validators built at start-up, not per request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        operation = self._operation
        self._parameters = self._validator_map["parameter"](
            operation.parameters,
            uri_parser=operation.uri_parser_class(
                operation.parameters, operation.body_definition()
            ),
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )
        self._consumes = MediaTypeDict([(c.lower(), None) for c in operation.consumes])
        #: Content types seen and accepted, and body validators by (content type, charset): both
        #: keyed by what clients send, so both are bounded.
        self._accepted: set[str] = set()
        self._bodies: dict[tuple[str, str], Any] = {}
        self._content_types: dict[bytes, tuple[str, str]] = {}

    def extract_content_type(self, headers: list[tuple[bytes, bytes]]) -> tuple[str, str]:
        """Connexion's reading of ``Content-Type``, remembered per header value."""
        for name, value in headers:
            if name == b"content-type":
                found = self._content_types.get(value)
                if found is None:
                    found = super().extract_content_type([(name, value)])
                    if len(self._content_types) < _KEPT:
                        self._content_types[value] = found
                return found
        return super().extract_content_type(headers)  # type: ignore[no-any-return]

    def validate_mime_type(self, mime_type: str) -> None:
        if not self._consumes or mime_type in self._accepted:
            return
        if mime_type.lower() not in self._consumes:
            super().validate_mime_type(mime_type)  # raises Connexion's own problem
        if len(self._accepted) < _KEPT:
            self._accepted.add(mime_type)

    def _body_validator(self, mime_type: str, encoding: str) -> Any:
        key = (mime_type, encoding)
        validator = self._bodies.get(key, _NO_BODY)
        if validator is _NO_BODY:
            validator = self._build_body_validator(mime_type, encoding)
            if len(self._bodies) < _KEPT:
                self._bodies[key] = validator
        return validator

    def _build_body_validator(self, mime_type: str, encoding: str) -> Any:
        operation = self._operation
        schema = operation.body_schema(mime_type)
        if not schema:
            return None
        try:
            validator_class = self._validator_map["body"][mime_type]
        except KeyError:
            return None
        return validator_class(
            schema=schema,
            required=operation.request_body.get("required", False),
            nullable=is_nullable(operation.body_definition(mime_type)),
            encoding=encoding,
            strict_validation=self.strict_validation,
            uri_parser=operation.uri_parser_class(
                operation.parameters, operation.body_definition()
            ),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            self._parameters.validate(scope)
            mime_type, encoding = self.extract_content_type(scope["headers"])
            self.validate_mime_type(mime_type)
            validator = self._body_validator(mime_type, encoding)
            if validator is not None:
                receive, scope = await validator.wrap_receive(receive, scope=scope)
        except ApiError as error:  # answered here: no trip through the exception handlers
            await api_error_response(error)(scope, receive, send)
            return
        await self.next_app(scope, receive, send)


class _API(RequestValidationAPI):  # type: ignore[misc]
    def make_operation(self, operation: Any) -> _Operation:
        return _Operation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class RequestValidation(RequestValidationMiddleware):  # type: ignore[misc]
    """Connexion's request-validation middleware, its validators built once per operation."""

    api_cls = _API


#: Connexion's validators, with this module's for JSON bodies and parameters.
VALIDATORS: dict[str, Any] = {
    **VALIDATOR_MAP,
    "body": MediaTypeDict({**VALIDATOR_MAP["body"], "*/*json": BodyValidator}),
    "parameter": ParameterValidator,
}
