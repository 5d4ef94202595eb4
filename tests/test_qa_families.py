"""Question families: exact multi-step items as programs over the data tables, checked by
running their programs; depth, answerability, balance and language over engine charts."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

import cit.qa.programs as programs
from cit.engine import ChartEngine
from cit.qa.programs import Family, Trace, Unanswerable, ask, families, run_solution, view_of
from cit.qa.programs.lint import problems
from cit.qa.programs.select import TEXT_LOOKUPS
from cit.qa.programs.words import article, is_plural, possessive
from cit.record import DataTable

N_CHARTS = 200


def engine_items(n: int, seed: int = 11):
    eng = ChartEngine(seed=seed)
    for i in range(n):
        s = eng.generate(i)
        charts = [s] + ([e] if (e := eng.evolve(s)) is not None else [])
        for c in charts:
            view = view_of(c.data, c.spec, c.chart_type)
            if view is not None:
                kept, rejected = ask(view, random.Random(f"cit-qa-{c.id}"), c.id)
                yield c, view, kept, rejected


@pytest.fixture(scope="module")
def corpus():
    return list(engine_items(N_CHARTS))


def test_every_family_is_a_registered_module_and_there_are_enough_reasoning_ones():
    ids = [f.id for f in families()]
    assert len(ids) == len(set(ids))
    assert sum(f.kind == "reasoning" for f in families()) >= 15


def test_every_item_carries_a_program_that_reproduces_its_answer(corpus):
    for chart, view, kept, rejected in corpus:
        assert not rejected, [(q.family, q.reason) for q in rejected]
        for q in kept:
            assert q.program.startswith("def solve(tables):") and q.family and q.steps >= 1
            got = run_solution(q.program, chart.data)
            if q.answer_type.type == "number":
                assert abs(float(got) - float(q.value)) <= q.answer_type.abs_tol, (q.question, got, q.value)
            else:
                assert str(got) == str(q.value)


def test_depth_and_coverage_over_a_200_chart_engine_run(corpus):
    reasoning = [q for _, _, kept, _ in corpus for q in kept if q.kind == "reasoning"]
    deep = sum(q.steps >= 3 for q in reasoning) / len(reasoning)
    fams = Counter(q.family for q in reasoning)
    assert deep >= 0.40, deep
    assert len(fams) >= 15, fams
    for covers in ("first_overtake", "longest_rise", "rises_count", "largest_change"):  # crossings, streaks, trends
        assert fams[covers] > 0, covers
    assert any(q.family == "colour_extreme" for _, _, kept, _ in corpus for q in kept)  # what is seen


def test_no_tolerance_reaches_a_quarter_of_the_answer_and_labelled_values_are_exact(corpus):
    for _, view, kept, _ in corpus:
        for q in kept:
            if q.answer_type.type == "number" and q.value:
                assert q.answer_type.abs_tol < 0.25 * abs(float(q.value)), (q.question, q.answer_type)
            if view.labeled and q.family == "value_read":
                assert q.answer_type.abs_tol <= 0.5 * 10.0 ** -view.dp * 1.01


def test_hidden_3d_cells_are_never_read():
    table = DataTable(columns=["Year", "Front", "Back"], rows=[["2020", 90, 50], ["2021", 40, 80], ["2022", 30, 20]])
    spec = {"type": "bar3d/plain", "measure": {"name": "output", "unit": "", "dp": 0}, "kind": ["plant", "plants"],
            "x_noun": "year", "occluded": [["2020", "Back"], ["2022", "Back"]], "labeled": True}
    view = view_of([table], spec, "bar3d/plain")
    t = Trace(view)
    back = t.series("Back")
    with pytest.raises(Unanswerable):
        t.read(back, "2020")
    assert t.read(back, "2021").value == 80
    with pytest.raises(Unanswerable):
        Trace(view).mean(Trace(view).series("Back"))  # an aggregate needs every value of the series
    kept, _ = ask(view, random.Random(0), "c")
    assert all("Back" not in q.program or "back[labels.index('2021')]" in q.program for q in kept)
    assert view_of([table], {k: v for k, v in spec.items() if k != "occluded"}, "bar3d/plain") is None


def test_no_two_items_of_a_chart_share_a_solution(corpus):
    for _, _, kept, _ in corpus:
        progs = [programs.normalized(q.program) for q in kept]
        assert len(progs) == len(set(progs))


def test_a_family_that_raises_or_disagrees_with_itself_loses_only_that_item(monkeypatch):
    def raises(v, rng):
        def attempt():
            raise ZeroDivisionError("boom")
        yield attempt

    def lies(v, rng):
        def attempt():
            t = Trace(v)
            d = t.number("What is the first value?", t.read(t.series(v.names[0]), v.labels[0]))
            d.value = d.value + 1000  # the program still computes the true value
            d.program += "# stated wrongly\n"
            return d
        yield attempt

    broken = (Family("zz_raises", "reasoning", raises), Family("zz_lies", "reasoning", lies))
    monkeypatch.setattr(programs, "families", lambda: tuple(families.__wrapped__()) + broken)
    chart, view, _, _ = next(engine_items(10))
    kept, rejected = ask(view, random.Random(0), chart.id)
    reasons = {q.family: q.reason for q in rejected}
    assert reasons["zz_raises"].startswith("family-error: ZeroDivisionError: boom")
    assert reasons["zz_lies"].startswith("program-mismatch")
    assert kept and all(q.family not in ("zz_raises", "zz_lies") for q in kept)


# ---- language ------------------------------------------------------------------------------

def language_problems(question: str, view) -> list[str]:
    return problems(question, view.labels + (view.names if len(view.names) > 1 else []), view.measure)


def test_language_rules_hold_on_a_thousand_items_from_every_family():
    items = [(q, view) for _, view, kept, _ in engine_items(400, seed=3) for q in kept]
    assert len(items) >= 1000
    assert {q.family for q, _ in items} == {f.id for f in families()}
    bad = [(q.question, p) for q, view in items for p in language_problems(q.question, view)]
    assert not bad, bad[:10]


def test_possessives_and_agreement_follow_english():
    assert possessive("IT services") == "IT services'" and possessive("Python") == "Python's"
    assert possessive("Bus") == "Bus's"
    assert is_plural("vessel calls") and not is_plural("test coverage") and not is_plural("EV data")
    assert article("hour") == "an" and article("EV sale") == "an" and article("unicorn") == "a"


@pytest.mark.slow
def test_title_and_axis_lookups_stay_under_a_tenth_of_recognition(tmp_path):
    from cit.runner import synth
    from synth_helpers import jsonl, small_config

    synth(small_config(tmp_path / "run", n=30, **{"qa.variants": False}))
    rec = [q for s in jsonl(tmp_path / "run" / "samples.jsonl") for q in s["qa"] if q["kind"] == "recognition"]
    lookups = sum((q["template"] or "").startswith(TEXT_LOOKUPS) for q in rec)
    assert rec and lookups / len(rec) <= 0.10
    stats = __import__("json").loads((tmp_path / "run" / "stats.json").read_text())
    assert stats["qa_by_family"] and stats["qa_by_steps"]


# ---- the LLM path --------------------------------------------------------------------------

def test_llm_charts_get_program_items_from_their_chart_data_tables(executor, tmp_path):
    from qa_scripts import bar_chart, qa_context, run_stages

    
    labels, values = ["North", "South", "East", "West", "Central"], [12.5, 30.0, 21.0, 8.0, 17.5]
    s = bar_chart("llm", labels, values, with_data=False)
    s.table_program = ("def chart_data():\n    return {'title': 'Sales', 'columns': ['Region', 'Sales'],"
                                   " 'units': {'Sales': 'units'}, 'rows': [[l, v] for l, v in zip(labels, values)]}\n")
    with qa_context(tmp_path, None, executor, **{"qa.recognition": 2, "qa.reasoning": 3}) as ctx:
        out = run_stages(ctx, ["verify", "qa_programs"], [s])
        assert ctx.stats.counters["qa_programs/items"] == len(out[0].qa)
    items = out[0].qa
    assert [q.kind for q in items].count("reasoning") == 3 and [q.kind for q in items].count("recognition") <= 2
    for q in items:  # no LLM call wrote these: the program did, and checks the answer again
        assert q.verified_by == "program" and q.status == "verified" and q.family
        got = run_solution(q.program, out[0].data)
        assert (abs(got - q.value) <= q.answer_type.abs_tol) if q.answer_type.type == "number" else str(got) == q.value
    assert any(q.steps >= 3 for q in items if q.kind == "reasoning")


def test_sources_without_programs_adds_no_program_items(executor, tmp_path):
    from qa_scripts import bar_chart, qa_context, run_stages

    s = bar_chart("src", ["A", "B", "C", "D"], [1.0, 4.0, 2.0, 3.0])
    with qa_context(tmp_path, None, executor, **{"qa.sources": ["llm"]}) as ctx:
        out = run_stages(ctx, ["qa_programs"], [s])
    assert out[0].qa == []


def test_reword_changes_only_the_wording_and_refuses_what_changes_the_question(executor, tmp_path):
    import json as _json

    from fake_llm_server import FakeLLMServer, Reply
    from qa_scripts import bar_chart, qa_context, run_stages

    
    def handler(request: dict) -> Reply:
        text = request["messages"][-1]["content"]
        items = []
        for n, (qid, question) in enumerate(re.findall(r"^- id (\S+): (.*) \(answer: .*\)$", text, re.M)):
            if n == 0:
                items.append({"id": qid, "question": f"Looking at the chart: {question[0].lower()}{question[1:]}"})
            elif n == 1:
                items.append({"id": qid, "question": "What is the answer?"})  # drops every detail
            else:
                items.append({"id": qid, "question": "Tell me"})  # not a question
        return Reply(text="```json\n" + _json.dumps({"items": items}) + "\n```")

    labels, values = ["North", "South", "East", "West", "Central"], [12.5, 30.0, 21.0, 8.0, 17.5]
    s = bar_chart("rw", labels, values, with_data=False)
    s.table_program = ("def chart_data():\n    return {'title': 'Sales', 'columns': ['Region', 'Sales'],"
                                   " 'units': {'Sales': 'units'}, 'rows': [[l, v] for l, v in zip(labels, values)]}\n")
    with FakeLLMServer(handler=handler) as server:
        with qa_context(tmp_path, server, executor, **{"qa.reword": True, "qa.recognition": 1, "qa.reasoning": 2}) as ctx:
            before = [q.model_copy() for q in run_stages(ctx, ["verify", "qa_programs"], [s.model_copy(deep=True)])[0].qa]
            c = ctx.stats.counters
            assert c["qa-reword/reworded"] == 1 and c["qa-reword/lost-a-detail"] == 1 and c["qa-reword/not-a-question"] == 1
    reworded = [q for q in before if q.rewrite == "rephrased"]
    assert len(reworded) == 1 and reworded[0].question.startswith("Looking at the chart: ")
    assert all(q.status == "verified" and q.verified_by == "program" for q in before)
