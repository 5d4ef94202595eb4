"""What the engine writes: standalone programs without randomness, captions, topics, wording."""

from __future__ import annotations

import ast
import re
from collections import defaultdict

import pytest

from cit.engine import ChartEngine, chart_types, topics
from cit.engine.topics import TOPICS

FORBIDDEN_CALLS = {"open", "exec", "eval", "input", "__import__"}


@pytest.fixture(scope="module")
def corpus():
    out = []
    for info in chart_types():
        eng = ChartEngine(seed=21, types=[info.key], libraries=[info.library])
        for i in range(3):
            s = eng.generate(i)
            out.append(s)
            out += [eng.evolve(s, d) for d in eng.directions(s)]
    return out


def imported_modules(tree: ast.AST) -> set[str]:
    mods = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            mods.add(node.module or "")
    return mods


def test_programs_parse_and_use_no_randomness_or_io(corpus):
    for s in corpus:
        tree = ast.parse(s.code)
        mods = imported_modules(tree)
        assert not {m for m in mods if m.split(".")[0] in ("random", "secrets", "os", "sys", "subprocess", "requests")}, s.id
        assert mods <= {"matplotlib.pyplot", "numpy", "pandas", "seaborn", "networkx", "squarify", "matplotlib.patches",
                        "plotly.graph_objects", "plotly.subplots"}, (s.id, mods)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert node.attr != "random", f"{s.id} uses .random"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in FORBIDDEN_CALLS, (s.id, node.func.id)


def test_programs_save_one_chart_like_a_person_would(corpus):
    for s in corpus:
        if s.library == "plotly":
            assert s.code.rstrip().endswith('fig.write_image("chart.png")'), s.id
            assert "fig.update_layout(" in s.code
        else:
            assert "plt.tight_layout()" in s.code and re.search(r'plt\.savefig\("chart\.png", dpi=\d+', s.code), s.id
        assert s.code.startswith("import ") and f"# {s.spec['title']}" in s.code


def test_data_is_written_out_as_literals_before_drawing(corpus):
    for s in corpus:
        tree = ast.parse(s.code)
        literal_names = set()
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                try:
                    ast.literal_eval(node.value)
                    literal_names.add(node.targets[0].id)
                except ValueError:
                    pass
        refs = [s.spec["vars"][k] for k in s.spec["vars"] if isinstance(s.spec["vars"][k], str)]
        assert refs and set(refs) <= literal_names, (s.id, refs)


def test_captions_name_the_chart_title_and_key_values(corpus):
    for s in corpus:
        assert s.spec["title"] in s.caption, s.id
        numbers = {float(x.replace(",", "")) for x in re.findall(r"-?\d[\d,]*\.?\d*", s.caption)}
        table_values = {float(v) for t in s.data for row in t.rows for v in row if isinstance(v, (int, float))}
        shares_or_stats = s.family in ("pie", "box") or s.spec.get("percent") or s.chart_type in ("specific/histogram", "specific/waterfall")
        assert numbers & table_values or shares_or_stats, s.id
        assert len(s.caption) > 150


def test_topic_pool_is_broad_and_realistic():
    assert len(topics()) >= 30
    for d in TOPICS.values():
        assert len(d.entities) >= 8 and len(d.groups) >= 7 and len(d.criteria) >= 6, d.key
        assert d.measures[0].additive and all(m.lo < m.hi for m in d.measures), d.key
        assert d.time in ("year", "month", "quarter")
    used = {ChartEngine(seed=0).generate(i).topic for i in range(400)}
    assert len(used) >= 30


def test_question_wording_varies(corpus):
    wordings = defaultdict(set)
    for s in corpus:
        for q in s.qa:
            wordings[q.template].add(re.sub(r"\W+", " ", q.question.split(" ")[0] + " " + q.question.split(" ")[1]))
    varied = [t for t, w in wordings.items() if len(w) >= 2]
    assert len(varied) >= 30, sorted(wordings)


def test_every_chart_asks_both_kinds_of_question(corpus):
    for s in corpus:
        kinds = [q.kind for q in s.qa]
        assert kinds.count("recognition") >= 3 and kinds.count("reasoning") >= 3, (s.id, s.chart_type, kinds)
