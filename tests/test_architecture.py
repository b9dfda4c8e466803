"""The layering of ARCHITECTURE.md, enforced: no module imports a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mockserver"

LAYERS: dict[str, int] = {
    "settings": 1,
    "sandboxes": 1,
    "errors": 1,
    "engines": 2,
    "fixtures": 2,
    "execution": 3,
    "journal": 3,
    "control": 3,
    "app": 4,
    "api": 4,
    "sse": 4,
    "negotiation": 4,
    "prefer": 4,
    "validation": 4,
    "limits": 4,
    "access": 4,
    "routing": 4,
    "organizations": 4,
    "responses": 4,
    "spec": 4,
    "recording": 4,
    "admin": 4,
    "cli": 5,
    "server": 5,
    "listening": 5,
    "pytest_plugin": 5,
    "conformance": 5,
    "strategies": 5,
    "backends": 5,
}
ENTRY_MODULES = {"fixtures/command.py", "conformance/command.py"}
HTTP_LIBRARIES = {"starlette", "connexion", "uvicorn", "httpx", "flask"}
#: What the backend tools (record, proxy, diff) may use: they are clients and proxies of other
#: implementations, built on the checker and the fixture writer, never on the mock's server.
BACKENDS_MAY_IMPORT = {
    *("backends", "conformance", "fixtures", "listening", "settings", "sandboxes", "errors"),
}


def _layer_of(relative: Path) -> tuple[str, int]:
    top = relative.parts[0].removesuffix(".py")
    layer = LAYERS.get(top, 0)
    if relative.as_posix() in ENTRY_MODULES:
        layer = 5
    return top, layer


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_no_module_imports_a_layer_above_its_own() -> None:
    crossings = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.name == "__init__.py" and len(relative.parts) == 1:
            continue
        top, layer = _layer_of(relative)
        assert layer, f"{relative} is in no layer of ARCHITECTURE.md"
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] in HTTP_LIBRARIES and layer in (1, 2, 3) and top != "conformance":
                crossings.append(f"{relative} imports {name} (HTTP) from layer {layer}")
            if parts[0] != "mockserver" or len(parts) < 2:
                continue
            target = LAYERS.get(parts[1], 0)
            if top == "conformance" and parts[1] not in {
                "conformance",
                "spec",
                "settings",
                "sandboxes",
                "errors",
            }:
                crossings.append(f"{relative} imports {name}: the checker is a client only")
            elif top == "backends" and parts[1] not in BACKENDS_MAY_IMPORT:
                crossings.append(
                    f"{relative} imports {name}: the backend tools never use the server"
                )
            elif target > layer:
                crossings.append(f"{relative} (layer {layer}) imports {name} (layer {target})")
    assert crossings == []
