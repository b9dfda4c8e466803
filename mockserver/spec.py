"""Load the upstream OpenAPI document verbatim and normalise it for routing.

The upstream document writes its path as ``/api/v1/sandboxes/:id/exec`` (Express style), which is
not an OpenAPI path template. Loading rewrites every ``:name`` segment to ``{name}``; nothing else
changes, so the file in ``spec/`` stays exactly as published.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from mockserver.errors import StartupError

_EXPRESS_SEGMENT = re.compile(r"(?<=/):([A-Za-z_][A-Za-z0-9_]*)")
EXEC_PATH = "/api/v1/sandboxes/{id}/exec"
#: libyaml's safe loader when PyYAML was built with it (several times faster), else PyYAML's own.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def embedded_spec_path() -> Path:
    """The upstream document that ships with the package (``spec/openapi.yaml``)."""
    packaged = resources.files("mockserver") / "data" / "spec" / "openapi.yaml"
    return Path(str(packaged))


def normalise_path(path: str) -> str:
    """``/api/v1/sandboxes/:id/exec`` -> ``/api/v1/sandboxes/{id}/exec``."""
    return _EXPRESS_SEGMENT.sub(r"{\1}", path)


def normalise(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` with Express-style path segments rewritten as templates."""
    result = copy.deepcopy(document)
    paths = result.get("paths") or {}
    result["paths"] = {normalise_path(path): item for path, item in paths.items()}
    return result


def load_spec(path: Path | None = None) -> dict[str, Any]:
    """Read an OpenAPI document (the embedded one when ``path`` is None) and normalise it."""
    source = path or embedded_spec_path()
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise StartupError(
            f"cannot read the spec {source}: {error.strerror}",
            "pass --spec with the path of an OpenAPI 3 document",
        ) from error
    try:
        document = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else str(source)
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise StartupError(f"{where}: {problem}", "fix the YAML syntax at that line") from error
    if not isinstance(document, dict) or "openapi" not in document or "paths" not in document:
        raise StartupError(
            f"{source}: not an OpenAPI 3 document (needs top-level 'openapi' and 'paths')",
            "pass --spec with the path of an OpenAPI 3 document",
        )
    return normalise(document)


@dataclass(frozen=True, slots=True)
class ResponseDoc:
    """What the spec documents for one status of the exec operation."""

    status: int
    description: str
    #: media type -> the example named "default" (from ``example``) plus named ``examples``
    examples: dict[str, dict[str, Any]]
    #: media type -> schema (refs resolved)
    schemas: dict[str, Any]


def exec_responses(document: dict[str, Any]) -> dict[int, ResponseDoc]:
    """The documented answers of ``POST /api/v1/sandboxes/{id}/exec`` by status."""
    operation = document.get("paths", {}).get(EXEC_PATH, {}).get("post", {})
    result: dict[int, ResponseDoc] = {}
    for status, response in (operation.get("responses") or {}).items():
        if not str(status).isdigit():
            continue
        examples: dict[str, dict[str, Any]] = {}
        schemas: dict[str, Any] = {}
        for media_type, media in (response.get("content") or {}).items():
            schema = resolve_refs(document, media.get("schema") or {})
            schemas[media_type] = schema
            named: dict[str, Any] = {}
            if "example" in media:
                named["default"] = media["example"]
            elif example := schema_example(schema):
                named["default"] = example
            for name, example_object in (media.get("examples") or {}).items():
                example_object = resolve_refs(document, example_object)
                if isinstance(example_object, dict) and "value" in example_object:
                    named[name] = example_object["value"]
            examples[media_type] = named
        result[int(status)] = ResponseDoc(
            int(status), str(response.get("description", "")), examples, schemas
        )
    return result


def resolve_refs(document: dict[str, Any], node: Any) -> Any:
    """``node`` with every local ``$ref`` replaced by what it points at."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = document
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            return resolve_refs(document, target)
        return {key: resolve_refs(document, value) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve_refs(document, item) for item in node]
    return node


def schema_example(schema: Any) -> Any:
    """An example assembled from a schema's own ``example`` keywords, or None."""
    if not isinstance(schema, dict):
        return None
    if "example" in schema:
        return schema["example"]
    properties = schema.get("properties")
    if schema.get("type") == "object" and isinstance(properties, dict):
        assembled = {}
        for name, sub in properties.items():
            value = schema_example(sub)
            if value is not None:
                assembled[name] = value
        return assembled or None
    return None
