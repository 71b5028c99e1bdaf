"""The package's import structure: no cycles, and data flows one way through the layers.

The layers and the leaves are written once, in pyproject.toml (``[tool.importlinter]``, also
checked by ``lint-imports`` in scripts/check.sh). This test reads every module with ``ast`` and
counts every import: module level, inside functions and under ``TYPE_CHECKING``.
"""
from __future__ import annotations

import ast
import sys
from functools import lru_cache
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PKG = "nlp_varmland"


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (packages by their __init__)."""
    out = {}
    for path in sorted((ROOT / PKG).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    mods = modules()
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            package = module.split(".") if mods[module].name == "__init__.py" else module.split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        # ``from pkg import sub`` imports the module pkg.sub; ``from mod import name`` imports mod
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
    out = []
    for name in names:
        while name not in mods and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in mods:
            out.append(name)
    return out


@lru_cache(maxsize=1)
def import_graph() -> dict[str, dict[str, int]]:
    """module -> {imported module: line of the first import}, every import in the file counted."""
    graph: dict[str, dict[str, int]] = {}
    for module, path in modules().items():
        edges: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _targets(module, node):
                    if target != module:
                        edges.setdefault(target, node.lineno)
        graph[module] = edges
    return graph


@lru_cache(maxsize=1)
def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def _ignored(contract: dict) -> set[tuple[str, str]]:
    return {tuple(s.strip() for s in rule.split("->")) for rule in contract.get("ignore_imports", [])}


def _owner(module: str, heads: dict[str, object]) -> str | None:
    """The listed module or package that ``module`` belongs to (``goals.mapper`` -> ``goals``)."""
    parts = module.split(".")
    for i in range(len(parts), 1, -1):
        head = ".".join(parts[1:i])
        if head in heads:
            return head
    return None


def _layers() -> tuple[dict[str, int], dict[str, bool]]:
    """Module tail -> layer index (0 = top) and whether its layer's siblings are independent."""
    index, independent = {}, {}
    for i, layer in enumerate(contracts()["layers"]["layers"]):
        sep = "|" if "|" in layer else ":"
        for tail in layer.split(sep):
            index[tail.strip()] = i
            independent[tail.strip()] = sep == "|"
    return index, independent


def _cycle_from(start: str, graph: dict[str, dict[str, int]]) -> list[str] | None:
    """A shortest import cycle through ``start``, or None."""
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for mod in frontier:
            for target in sorted(graph.get(mod, {})):
                if target == start:
                    return paths[mod] + [start]
                if target not in paths:
                    paths[target] = paths[mod] + [target]
                    nxt.append(target)
        frontier = nxt
    return None


def _show(a: str, b: str) -> str:
    return f"{a} -> {b} ({modules()[a].relative_to(ROOT)}:{import_graph()[a][b]})"


# --------------------------------------------------------------------------- tests

def test_the_graph_sees_every_kind_of_import():
    graph = import_graph()
    assert "nlp_varmland.errors" in graph["nlp_varmland.io"]            # module level
    assert "nlp_varmland.report" in graph["nlp_varmland.analysis"]      # inside a method (lazy facade)
    assert "nlp_varmland.goals.model" in graph["nlp_varmland.analysis"]  # under TYPE_CHECKING
    assert "nlp_varmland.preprocessing.resources" in graph["nlp_varmland.preprocessing.normalize"]  # relative


def test_no_import_cycles():
    graph = import_graph()
    cycles = {}
    for module in graph:
        cycle = _cycle_from(module, graph)
        if cycle:
            cycles.setdefault(frozenset(cycle), " -> ".join(cycle))
    assert not cycles, "import cycles:\n" + "\n".join(sorted(cycles.values()))


def test_every_module_has_a_layer():
    heads, _ = _layers()
    leaves = set(contracts()["leaves"]["source_modules"]) | {PKG}
    orphans = [m for m in modules() if m not in leaves and _owner(m, heads) is None]
    assert not orphans, f"add these modules to a layer in pyproject.toml [tool.importlinter]: {orphans}"


def test_lower_layers_never_import_higher_ones():
    heads, independent = _layers()
    ignored = _ignored(contracts()["layers"])
    bad = []
    for a, targets in import_graph().items():
        la = _owner(a, heads)
        for b in targets:
            lb = _owner(b, heads)
            if la is None or lb is None or la == lb or (a, b) in ignored:
                continue
            if heads[lb] < heads[la] or (heads[lb] == heads[la] and independent[la]):
                bad.append(_show(a, b))
    assert not bad, "imports against the flow:\n" + "\n".join(sorted(bad))


def test_leaves_import_only_leaves():
    leaves = contracts()["leaves"]
    sources = set(leaves["source_modules"])
    ignored = _ignored(leaves)
    bad = [_show(a, b) for a in sources for b in import_graph().get(a, {})
           if b not in sources and b != PKG and (a, b) not in ignored]
    assert not bad, "leaf modules importing the flow:\n" + "\n".join(sorted(bad))


def test_the_package_root_imports_nothing_eagerly():
    # ``import nlp_varmland`` stays fast: the public names are resolved lazily (__getattr__)
    assert import_graph()[PKG] == {}


def test_the_package_root_lists_its_lazy_names():
    # a notebook's tab completion (dir) shows the public API although nothing is imported yet
    import nlp_varmland as nv

    assert {"analyze", "history", "ThemeModel", "GoalMapper", "Store", "__version__"} <= set(dir(nv))
    assert all(hasattr(nv, name) for name in dir(nv))


@pytest.mark.parametrize("module", ["nlp_varmland.io", "nlp_varmland.preprocessing", "nlp_varmland.embeddings"])
def test_the_bottom_of_the_flow_does_not_reach_the_top(module):
    graph = import_graph()
    seen, stack = set(), [module]
    while stack:
        mod = stack.pop()
        for target in graph[mod]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    top = {"nlp_varmland.pipeline", "nlp_varmland.report", "nlp_varmland.cli", "nlp_varmland.store"}
    assert not seen & top
