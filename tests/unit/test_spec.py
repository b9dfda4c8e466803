from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.errors import StartupError
from mockserver.spec import EXEC_PATH, embedded_spec_path, exec_responses, load_spec, normalise_path

SEED_PATH = "/api/v1/sandboxes/:id/exec"


def test_express_segments_become_templates() -> None:
    assert normalise_path(SEED_PATH) == EXEC_PATH
    assert normalise_path("/a/:x/b/:y_2") == "/a/{x}/b/{y_2}"
    assert normalise_path("/a/b:c") == "/a/b:c"


def test_the_embedded_spec_is_the_upstream_document_verbatim() -> None:
    text = embedded_spec_path().read_text()
    assert SEED_PATH in text and "{id}" not in text
    document = load_spec(None)
    assert list(document["paths"]) == [EXEC_PATH]


def test_documented_answers_of_exec() -> None:
    responses = exec_responses(load_spec(None))
    assert sorted(responses) == [200, 400, 404]
    assert responses[200].examples["application/json"]["default"]["stdout"] == "hello\n"
    assert responses[404].description == "Sandbox not found"


def test_a_broken_spec_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "spec.yaml"
    broken.write_text("openapi: 3.0.0\npaths:\n  /x: [\n")
    with pytest.raises(StartupError, match=r"spec\.yaml:\d+:\d+"):
        load_spec(broken)
    other = tmp_path / "other.yaml"
    other.write_text("just: text\n")
    with pytest.raises(StartupError, match="not an OpenAPI 3 document"):
        load_spec(other)
