"""The layering the README promises: the library never imports the application, and no cycles."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import index
from tests.support.paths import REPO

PACKAGES = ("index", "bot", "qabot", "localdiscord")


def test_importing_the_library_loads_no_application_code() -> None:
    """Nor what only adding a link needs (aiohttp, trafilatura): `qabot ask` starts without them."""
    probe = (
        "APPLICATION = ('bot', 'qabot', 'discord', 'typer', 'rich', 'aiohttp', 'trafilatura');"
        "import sys, index, index.engine, index.answer.search, index.store.build, index.answer.evaluate;"
        "print(' '.join(sorted(m for m in APPLICATION if m in sys.modules)))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    assert run.stdout.strip() == "", f"index pulled in: {run.stdout.strip()}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """module -> project modules it imports at run time (imports under TYPE_CHECKING excluded)."""
    modules = {_module_name(p): p for package in PACKAGES for p in (REPO / package).rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(node)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
            for node in ast.walk(block)
        }
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                submodules = [f"{base}.{alias.name}" for alias in node.names]
                targets = submodules if node.module is None else [base, *submodules]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def test_the_library_imports_nothing_of_the_application() -> None:
    upward = {(m, t) for m, targets in import_graph().items() if m.startswith("index") for t in targets}
    assert {(m, t) for m, t in upward if not t.startswith("index")} == set()


# index/ by stage, in the order data flows (README, "How it works"); a module imports only from
# its own stage or one listed before it. The stages take their settings as parameters, so
# `settings` sits above them; corpus management sits above the engine it changes.
STAGES = ("errors", "records", "ingest", "encode", "store", "answer", "settings", "engine", "corpus", "health")


def test_index_stages_import_only_earlier_stages() -> None:
    def stage(module: str) -> int | None:
        parts = module.split(".")
        return STAGES.index(parts[1]) if parts[0] == "index" and len(parts) > 1 else None

    upward = sorted(
        (module, target)
        for module, targets in import_graph().items()
        for target in targets
        if (a := stage(module)) is not None and (b := stage(target)) is not None and b > a
    )
    assert upward == []


def test_index_keeps_its_public_names() -> None:
    """Front ends and users import these from `index` (the list as of 2026-12-07, before the
    modules moved into stages); moving a module must not move them."""
    kept = (REPO / "tests" / "data" / "index_public_names.txt").read_text(encoding="utf-8").split()
    assert sorted(index.__all__) == sorted(kept)
    assert all(hasattr(index, name) for name in kept)


def test_the_local_discord_stands_alone_and_only_tests_and_benchmarks_use_it() -> None:
    graph = import_graph()
    assert {t for m, targets in graph.items() if m.startswith("localdiscord") for t in targets} <= {
        m for m in graph if m.startswith("localdiscord")
    }
    assert {
        (m, t)
        for m, targets in graph.items()
        if not m.startswith("localdiscord")
        for t in targets
        if t.startswith("localdiscord")
    } == set()


def test_benchmarks_and_training_import_nothing_from_the_tests() -> None:
    for folder in ("benchmarks", "training", *PACKAGES):
        for path in (REPO / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
            names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
            assert not any(name == "tests" or name.startswith("tests.") for name in names), path


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first module repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target, [*path, target])):
                return cycle
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module, [module])):
            return cycle
    return None


def test_bot_and_index_have_no_import_cycle() -> None:
    assert find_cycle(import_graph()) is None


def test_the_cycle_check_finds_a_planted_cycle() -> None:
    graph = import_graph()
    assert "bot.checks" in graph["bot.cogs.reindex"]
    graph["bot.checks"].add("bot.cogs.reindex")  # what `checks` importing a cog would do
    assert find_cycle(graph) == ["bot.checks", "bot.cogs.reindex", "bot.checks"]


def test_public_names_are_exported() -> None:
    for name in index.__all__:
        assert hasattr(index, name), name


def test_no_module_of_the_application_is_over_400_lines() -> None:
    sizes = {
        str(path.relative_to(REPO)): len(path.read_text(encoding="utf-8").splitlines())
        for folder in ("index", "bot", "qabot", "training")
        for path in (REPO / folder).rglob("*.py")
    }
    assert {path: lines for path, lines in sizes.items() if lines > 400} == {}
