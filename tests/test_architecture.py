"""The layering of ARCHITECTURE.md, enforced: no module imports a layer above its own (in the
package and inside the simulated shell), and no modules import each other in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mockserver"

LAYERS: dict[str, int] = {
    "settings": 1,
    "version": 1,
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
    "connexion_stack": 4,
    "http_protocol": 4,
    "cli": 5,
    "server": 5,
    "listening": 5,
    "pytest_plugin": 5,
    "testing": 5,
    "inprocess": 5,
    "verification": 5,
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


def _imports(path: Path, *, typing: bool = True) -> list[str]:
    """Modules ``path`` imports, anywhere in it (``typing``: also under ``if TYPE_CHECKING``).
    ``from package import module`` names the module."""
    tree = ast.parse(path.read_text())
    skipped: set[int] = set()
    if not typing:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(inner) for part in node.body for inner in ast.walk(part))
    names: list[str] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [f"{node.module}.{alias.name}" for alias in node.names]
            found = [name for name in modules if _module_path(name) is not None]
            names.extend(found)
            if len(found) < len(modules):
                names.append(node.module)
    return names


def _module_path(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "mockserver":
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


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


SIMULATED = PACKAGE / "engines" / "simulated"
#: The simulated shell's own layers (ARCHITECTURE.md): utilities are written against the
#: process and never see the shell; the shell runs them; the engine runs the shell.
SIMULATED_LAYERS: dict[str, int] = {
    "catalog": 1,
    "errors": 1,
    "patterns": 1,
    "signals": 1,
    "vfs": 2,
    "process": 3,
    "devices": 4,
    "utilities": 5,
    "parser": 6,
    "words": 6,
    "heredocs": 6,
    "source": 6,
    "arithmetic": 6,
    "expansion": 6,
    "redirection": 6,
    "statements": 6,
    "control": 6,
    "interpreter": 6,
    "builtins": 6,
    "engine": 7,
    "__init__": 7,
}


def _simulated_layer(path: Path) -> tuple[str, int]:
    top = path.relative_to(SIMULATED).parts[0].removesuffix(".py")
    return top, SIMULATED_LAYERS.get(top, 0)


def test_the_simulated_shell_keeps_its_layers() -> None:
    prefix = "mockserver.engines.simulated."
    crossings = []
    for path in SIMULATED.rglob("*.py"):
        top, layer = _simulated_layer(path)
        assert layer, f"{path.relative_to(PACKAGE)} is in no layer of the simulated shell"
        for name in _imports(path):
            if not name.startswith(prefix):
                continue
            target = SIMULATED_LAYERS.get(name.removeprefix(prefix).split(".")[0], 0)
            if target > layer:
                crossings.append(f"{path.relative_to(PACKAGE)} ({top}) imports {name}")
    assert crossings == []


def test_no_import_cycles() -> None:
    """Modules run at import time form no cycle (imports under ``TYPE_CHECKING`` aside)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        imported = {name for name in _imports(path, typing=False) if _module_path(name)}
        graph[_module_name(path)] = imported
    cycles = [sorted(component) for component in _strongly_connected(graph) if len(component) > 1]
    assert cycles == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, set())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                found.append(component)
    return found
