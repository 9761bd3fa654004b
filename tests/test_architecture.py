"""The layering of `linter/`: no import circles, kinds reached only through their face.

Every import counts, including those inside functions: a lazy import that dodges a
circle at run time is still a circle for a reader. `from . import sub` inside a package
is an edge to the submodule only, as Python imports nothing else for it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from fixture_support import ROOT

PACKAGE = ROOT / "linter"
KIND_PACKAGES = ("terraform", "kubernetes", "github_actions", "gitlab_ci")


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the modules of `linter` it imports (anywhere in its body)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, is_package) in modules.items():
        base = name.split(".") if is_package else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = base[: len(base) - (node.level - 1)]
                    module = ".".join(anchor + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                submodules = [f"{module}.{alias.name}" for alias in node.names
                              if f"{module}.{alias.name}" in modules]
                targets = submodules
                if len(submodules) < len(node.names):
                    targets = [module, *submodules]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_circles_in_linter():
    assert circles(import_graph()) == []


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]


def test_engine_modules_reach_kinds_only_through_their_face():
    """Outside `linter/kinds/`, nothing imports a kind's inner modules: the engine gets
    `parse` and `subjects` from `linter.kinds.<kind>` (via `kind_module`)."""
    graph = import_graph()
    inner = {f"linter.kinds.{k}." for k in KIND_PACKAGES}
    offenders = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items() if not module.startswith("linter.kinds")
        for target in targets if any(target.startswith(prefix) for prefix in inner))
    assert offenders == []


def test_every_kind_is_a_package_with_a_documented_face():
    for kind in KIND_PACKAGES:
        init = PACKAGE / "kinds" / kind / "__init__.py"
        assert init.is_file(), f"linter/kinds/{kind}/ is not a package"
        tree = ast.parse(init.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
        assert "For the engine" in doc and "parse" in doc and "subjects" in doc, kind
    # shared helpers below every kind are private modules (`_yaml`, `_credentials`)
    flat = sorted(p.name for p in (PACKAGE / "kinds").glob("*.py") if not p.name.startswith("_"))
    assert flat == [], f"kind code outside a kind package: {flat}"
