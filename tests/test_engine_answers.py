"""Every engine answer agrees with the data written in its program, recomputed by the
oracle in test_engine_oracle*.py (separate code: numpy, networkx, ast)."""

from __future__ import annotations

import colorsys
import re

import matplotlib.colors as mcolors
import pytest

import test_engine_oracle as oracle
import test_engine_oracle_more
from cit.engine import ChartEngine, chart_types

SEEDS = (0, 1, 2, 3)
ORACLE = (oracle, test_engine_oracle_more)  # the second module registers the remaining templates


def corpus():
    """Samples of every implementation, first generation and every evolution that applies."""
    out = []
    for info in chart_types():
        eng = ChartEngine(seed=11, types=[info.key], libraries=[info.library])
        for i in SEEDS:
            s = eng.generate(i)
            out.append(s)
            for d in eng.directions(s):
                child = eng.evolve(s, d)
                out.append(child)
                for d2 in eng.directions(child)[:1]:  # and one second generation
                    out.append(eng.evolve(child, d2))
    return out


@pytest.fixture(scope="module")
def samples():
    return corpus()


def mismatches(sample) -> list[str]:
    d = oracle.data_of(sample)
    bad = []
    for qa, q in zip(sample.qa, sample.spec["questions"], strict=True):
        fn = oracle.EXPECT.get(qa.template)
        if fn is None:
            bad.append(f"{qa.template}: the oracle does not know this template")
            continue
        try:
            want = fn(d, {**q["args"], "_answer": qa.answer})
        except AssertionError as exc:
            want = f"<oracle check failed: {exc}>"
        if qa.answer_type.type == "number":
            ok = abs(float(qa.value) - float(want)) <= 0.5 * 10 ** -q["dp"] * 1.001 + 1e-9
            ok = ok and float(qa.answer) == float(qa.value)
        else:
            ok = qa.answer == str(want) == str(qa.value)
        if not ok:
            bad.append(f"{sample.id} {sample.chart_type}@{sample.library} {qa.template} {q['args']}: "
                       f"engine {qa.answer!r}, oracle {want!r} | {qa.question}")
    return bad


def test_every_answer_matches_the_program_data(samples):
    bad = [m for s in samples for m in mismatches(s)]
    assert not bad, f"{len(bad)} answers disagree with the program's data:\n" + "\n".join(bad[:20])


def test_the_oracle_notices_a_changed_number(samples):
    """The check is live: nudge one data literal in a program and answers stop matching."""
    tried = noticed = 0
    for s in samples[:80]:
        env = oracle.read_literals(s.code)
        skip = {s.spec["vars"].get(k) for k in ("x", "bins")}
        numeric = [v for v in env if v not in skip and isinstance(env[v], list) and env[v] and all(isinstance(x, (int, float)) for x in env[v])]
        if not numeric:
            continue
        var = numeric[-1]
        old = oracle.lit_of(env[var])
        new = oracle.lit_of([round(x * (1.3 + 0.4 * i), 2) + 1 for i, x in enumerate(env[var])])  # reshapes, not just rescales
        changed = s.model_copy(update={"code": s.code.replace(f"{var} = {old}", f"{var} = {new}", 1)})
        if changed.code != s.code:
            tried += 1
            noticed += bool(mismatches(changed))
    assert tried >= 30 and noticed == tried, (tried, noticed)


def test_the_oracle_covers_every_template_the_engine_asked(samples):
    asked = {qa.template for s in samples for qa in s.qa}
    assert asked <= set(oracle.EXPECT), sorted(asked - set(oracle.EXPECT))
    assert len(asked) >= 80  # the corpus exercises most templates


# Hue ranges (degrees) a colour word may name; generous, but "red" can never be blue.
HUES = {"red": [(335, 360), (0, 12)], "crimson": [(335, 360), (0, 12)], "orange": [(15, 42)], "brown": [(0, 42)],
        "yellow": [(35, 65)], "gold": [(35, 65)], "olive": [(45, 75)], "green": [(75, 170)], "teal": [(160, 200)],
        "cyan": [(160, 200)], "turquoise": [(160, 200)], "blue": [(195, 250)], "navy": [(195, 250)],
        "purple": [(250, 320)], "pink": [(285, 360), (0, 10)]}


def color_word_fits(word: str, color: str) -> bool:
    h, s, v = colorsys.rgb_to_hsv(*mcolors.to_rgb(color))
    if word == "gray":  # slate grays are slightly blue
        return s < 0.32
    if s < 0.25:
        return False
    if word == "brown" and v > 0.75:
        return False
    return any(lo <= h * 360 <= hi for lo, hi in HUES[word])


def test_colour_questions_name_the_colour_the_program_draws(samples):
    seen = 0
    for s in samples:
        for qa, q in zip(s.qa, s.spec["questions"]):
            if qa.template != "chart.color":
                continue
            words = [w for w in [*HUES, "gray"] if re.search(rf"\b{w}\b", qa.question)]
            assert len(words) == 1, qa.question
            assert color_word_fits(words[0], q["args"]["color"]), (qa.question, q["args"]["color"])
            seen += 1
    assert seen >= 40


READS = {"cat.value", "ser.value", "dist.median", "bub.x", "pts.x_of_max_y", "ohlc.close", "ser.diff_at", "cat.diff"}


def test_answers_carry_types_tolerances_and_options(samples):
    for s in samples:
        for qa in s.qa:
            if qa.template in READS and not s.spec["labeled"]:  # read off an axis: the tolerance covers reading error
                assert qa.answer_type.abs_tol > 0, (s.id, qa.template)
            at = qa.answer_type
            assert qa.verified and qa.verified_by == "engine" and qa.status == "verified"
            assert qa.rationale.strip() and qa.question.strip().endswith(("?", "."))
            if at.type == "choice":
                assert qa.answer in at.options and len(at.options) >= 2
            if at.type == "yesno":
                assert qa.answer in ("Yes", "No")
            if at.type == "number":
                assert at.abs_tol >= 0 and at.rel_tol >= 0
