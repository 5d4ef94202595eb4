"""The engine's public API: catalogue, filters, errors, determinism, evolution, lineage."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cit.engine import DIRECTIONS, ChartEngine, chart_types, rebuild
from cit.errors import UserError
from cit.record import Sample

REACHQA = {
    "line": {"plain", "annotated", "error_bars"}, "pie": {"pie", "donut", "sector", "ring"},
    "bar": {"plain", "annotated", "stacked", "percentage", "horizontal", "grouped"}, "bar3d": {"plain", "stacked", "percentage"},
    "node": {"directed", "undirected"}, "radar": {"plain", "filled"}, "area": {"plain", "stacked"}, "box": {"vertical", "horizontal"},
    "scatter": {"plain", "smooth_fit", "bubble", "bubble3d"},
    "specific": {"heatmap", "rose", "funnel", "waterfall", "histogram", "treemap"},
}


def test_catalogue_covers_the_reachqa_taxonomy_in_matplotlib():
    mpl = {t.key for t in chart_types() if t.library == "matplotlib"}
    want = {f"{fam}/{name}" for fam, names in REACHQA.items() for name in names}
    assert want <= mpl, sorted(want - mpl)
    assert {"box/violin", "specific/candlestick", "combo/bar_line"} <= mpl


def test_seaborn_and_plotly_each_implement_at_least_six_types():
    for lib in ("seaborn", "plotly"):
        assert len({t.key for t in chart_types() if t.library == lib}) >= 6, lib


def test_type_info_is_complete_and_unique():
    infos = chart_types()
    assert len({i.id for i in infos}) == len(infos)
    for i in infos:
        assert i.key == f"{i.family}/{i.name}" and i.description and i.noun
        assert set(i.evolvable) <= set(DIRECTIONS)
        if i.library == "plotly":
            assert not {"overlay", "subplot"} & set(i.evolvable)


def test_same_seed_gives_identical_samples():
    a, b = ChartEngine(seed=5), ChartEngine(seed=5)
    for i in range(30):
        assert a.generate(i).model_dump() == b.generate(i).model_dump()


def test_samples_do_not_depend_on_the_process_hash_seed(tmp_path):
    script = "from cit.engine import ChartEngine\nprint(ChartEngine(seed=9).generate(4).to_json_line(), end='')"
    outs = []
    for hash_seed in ("1", "987"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        outs.append(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout)
    assert outs[0] == outs[1] == ChartEngine(seed=9).generate(4).to_json_line()


def test_different_seeds_and_indices_give_different_charts():
    codes = {ChartEngine(seed=s).generate(i).code for s in (0, 1, 2) for i in range(10)}
    assert len(codes) == 30


def test_sample_fields_ids_and_provenance():
    s = ChartEngine(seed=3).generate(12)
    assert s.id == "tpl-3-000012" and s.generator == "template"
    assert s.chart_type == f"{s.family}/{s.chart_type.split('/')[1]}" and s.library in ("matplotlib", "seaborn", "plotly")
    assert s.provenance == {"engine_version": s.provenance["engine_version"], "seed": 3, "index": 12}
    assert [q.id for q in s.qa] == [f"{s.id}-q{i}" for i in range(len(s.qa))]
    assert {q.kind for q in s.qa} == {"recognition", "reasoning"}
    assert s.data and s.caption and s.topic
    json.dumps(s.spec)  # JSON-able
    assert Sample.from_json_line(s.to_json_line()) == s


def test_the_spec_alone_rebuilds_the_sample():
    eng = ChartEngine(seed=4)
    for i in range(25):
        s = eng.generate(i)
        assert rebuild(s) == s
        for d in eng.directions(s):
            child = eng.evolve(s, d)
            assert rebuild(child) == child


@pytest.mark.parametrize("kwargs, named, listed", [
    ({"types": ["bar/nope"]}, "bar/nope", "bar/stacked"),
    ({"types": ["chord"]}, "chord", "specific"),
    ({"libraries": ["ggplot"]}, "ggplot", "matplotlib"),
    ({"topics": ["astrology"]}, "astrology", "energy"),
])
def test_unknown_names_are_user_errors_that_list_the_valid_ones(kwargs, named, listed):
    with pytest.raises(UserError) as err:
        ChartEngine(**kwargs)
    assert named in str(err.value) and listed in str(err.value)


def test_filters_that_leave_nothing_are_user_errors():
    with pytest.raises(UserError, match="no chart type fits"):
        ChartEngine(types=["specific/funnel"], topics=["climate"])  # climate has no funnel stages


def test_filters_select_types_families_libraries_and_topics():
    samples = [ChartEngine(seed=1, types=["pie"]).generate(i) for i in range(15)]
    assert {s.family for s in samples} == {"pie"}
    samples = [ChartEngine(seed=1, types=["bar.stacked"], libraries=["plotly"]).generate(i) for i in range(5)]
    assert {(s.chart_type, s.library) for s in samples} == {("bar/stacked", "plotly")}
    samples = [ChartEngine(seed=1, libraries=["seaborn"]).generate(i) for i in range(15)]
    assert {s.library for s in samples} == {"seaborn"}
    by_label = ChartEngine(seed=1, topics=["Renewable energy and power grids"]).generate(0)
    assert by_label.topic == "energy" == ChartEngine(seed=1, topics=["energy"]).generate(0).topic


def test_evolution_records_lineage_and_new_questions():
    eng = ChartEngine(seed=2, types=["bar/plain"], libraries=["matplotlib"])
    parent = eng.generate(0)
    for direction in DIRECTIONS:
        child = eng.evolve(parent, direction)
        assert child.id == f"{parent.id}-e1"
        assert (child.lineage.parent_id, child.lineage.step, child.lineage.direction, child.lineage.level) == (parent.id, 1, direction, "hard")
        assert child.code != parent.code and child.qa
        assert all(q.id.startswith(child.id) for q in child.qa)
    grandchild = eng.evolve(eng.evolve(parent, "subplot"), "overlay")
    assert grandchild.id == f"{parent.id}-e1-e2" and grandchild.lineage.step == 2


def test_evolved_charts_get_questions_spanning_both_parts():
    spanning = {"ov.at_base_peak", "ov.both_rise", "pan.cross", "pan.same_leader"}
    for direction in ("overlay", "subplot"):
        found = 0
        for key in ("bar/plain", "line/plain", "bar/stacked", "box/vertical"):
            eng = ChartEngine(seed=6, types=[key], libraries=["matplotlib"])
            for i in range(6):
                child = eng.evolve(eng.generate(i), direction)
                found += child is not None and any(q.template in spanning for q in child.qa)
        assert found >= 8, direction


def test_more_data_adds_rows_to_the_data():
    eng = ChartEngine(seed=8, libraries=["matplotlib"])
    grown = 0
    for i in range(30):
        s = eng.generate(i)
        if "more-data" in eng.directions(s):
            child = eng.evolve(s, "more-data")
            rows = lambda x: sum(len(t.rows) * len(t.columns) for t in x.data)  # noqa: E731
            assert rows(child) > rows(s), s.chart_type
            grown += 1
    assert grown >= 15


def test_directions_that_do_not_apply_give_none():
    pie = ChartEngine(seed=1, types=["pie/pie"]).generate(0)
    assert "overlay" not in ChartEngine().directions(pie)
    assert ChartEngine().evolve(pie, "overlay") is None
    plotly = ChartEngine(seed=1, types=["bar/plain"], libraries=["plotly"]).generate(0)
    assert ChartEngine().evolve(plotly, "subplot") is None
    with pytest.raises(UserError, match="sideways"):
        ChartEngine().evolve(pie, "sideways")


def test_default_direction_is_deterministic_and_applicable():
    eng = ChartEngine(seed=3)
    for i in range(10):
        s = eng.generate(i)
        a, b = eng.evolve(s), eng.evolve(s)
        if a is None:
            assert eng.directions(s) == []
            continue
        assert a == b and a.lineage.direction in eng.directions(s)


def test_samples_from_elsewhere_are_not_evolved():
    s = ChartEngine(seed=1).generate(0)
    llm = s.model_copy(update={"generator": "gpt-4o", "spec": None})
    assert ChartEngine().directions(llm) == [] and ChartEngine().evolve(llm) is None


def test_declared_evolution_directions_are_the_ones_that_occur():
    for info in chart_types():
        eng = ChartEngine(seed=5, types=[info.key], libraries=[info.library])
        seen = set()
        for i in range(15):
            seen |= set(eng.directions(eng.generate(i)))
        assert seen == set(info.evolvable), (info.id, sorted(seen), info.evolvable)
