"""No import cycle inside seqgen/: the graph of the package's modules, read from their own
`import` statements (at module level and inside functions, relative imports resolved), has no
cycle.  A cycle makes the import order matter and hides a module that should be split."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "seqgen"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The seqgen modules that `name` imports anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def add(target: str) -> None:
        # `import seqgen.a.b` loads seqgen, seqgen.a and seqgen.a.b; a name imported from a
        # module (`from seqgen.a import f`) is that module.
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                add(submodule if submodule in modules else source)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imported(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph as [a, b, ..., a], or None (a depth-first search)."""
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                stack.pop()
                done.add(path.pop())
            elif target in path:
                return path[path.index(target) :] + [target]
            elif target not in done:
                path.append(target)
                stack.append(iter(sorted(graph.get(target, ()))))
    return None


def test_no_import_cycle_in_seqgen() -> None:
    graph = import_graph()
    assert len(graph) >= 20, "the test found too few modules: is PACKAGE right?"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_cycles() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"a"}}) == ["a", "a"]


def test_the_graph_reads_every_kind_of_import(tmp_path: Path) -> None:
    modules = {"seqgen": Path(), "seqgen.cli": Path(), "seqgen.cli.report": Path(),
               "seqgen.api": Path(), "seqgen.errors": Path()}  # fmt: skip
    code = (
        "import seqgen.errors\n"
        "from . import report\n"
        "def f():\n"
        "    from ..api import build\n"
    )
    path = tmp_path / "__init__.py"
    path.write_text(code)
    assert _imported("seqgen.cli", path, modules) == {
        "seqgen.errors",
        "seqgen.cli.report",
        "seqgen.api",
    }
