"""The package's structure, pinned: one stable hash, one way to render a stage's prompts,
and no import cycles between cit's modules (lazy imports inside functions included)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from cit.prompts import Prompts
from cit.stable import stable_int, unit

STABLE_A1 = 9484037261928657086
STABLE_A1_BAR = 16088270529115459560
UNIT_7X = 0.5229122673675362

CIT = Path(__file__).resolve().parents[1] / "cit"


def test_the_one_stable_hash_keeps_its_values():
    # Every deterministic choice hashes through here: these values must never move.
    assert stable_int("a", 1) == STABLE_A1
    assert stable_int("a", 1, sep="|") == STABLE_A1_BAR
    assert unit(7, "x") == UNIT_7X


def test_the_one_way_a_stage_folder_becomes_messages(tmp_path: Path):
    (tmp_path / "stage").mkdir()
    (tmp_path / "stage" / "system.jinja").write_text("You write {{ what }}.\n")
    (tmp_path / "stage" / "ask.jinja").write_text("  Write {{ n }} {{ what }}.  \n")
    p = Prompts(tmp_path)
    p.check_folder("stage", ["ask"], ["what", "n"])
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
    assert p.messages("stage", "ask", {"what": "charts", "n": 2}) == [
        {"role": "system", "content": "You write charts."}, {"role": "user", "content": "Write 2 charts."}]
    assert p.messages("stage", "ask", {"what": "charts", "n": 2}, image=image)[1]["content"] == [
        {"type": "text", "text": "Write 2 charts."}, image]


def _imports() -> nx.DiGraph:
    modules = {}
    for path in CIT.rglob("*.py"):
        name = ".".join(path.relative_to(CIT.parent).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    graph = nx.DiGraph()
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            graph.add_edges_from((name, t) for t in targets if t in modules and t != name)
    return graph


def test_no_module_of_cit_imports_one_that_imports_it_back():
    graph = _imports()
    assert len(graph) > 100
    assert list(nx.simple_cycles(graph)) == []


def test_the_library_never_imports_the_cli():
    graph = _imports()
    library = [m for m in graph if not m.startswith("cit.cli") and m != "cit.__main__"]  # `python -m cit` is the CLI
    assert not [(a, b) for a, b in graph.edges if a in library and b.startswith("cit.cli")]
