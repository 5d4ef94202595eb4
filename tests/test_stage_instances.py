"""A stage listed more than once is one instance per place: its own settings, its own
counters, and records an earlier place took pass through untouched and uncounted."""

from __future__ import annotations

from pathlib import Path

import pytest

from cit.errors import UserError
from cit.runner import synth
from synth_helpers import jsonl, small_config

TEMPLATE = ["generate", "evolve", "render", "validate", "dedup", "qa", "verify", "variants", "filter"]


@pytest.mark.slow
def test_one_place_gets_its_own_settings_and_counters(tmp_path: Path):
    # Evolve after the first dedup; the second dedup, with an image distance of 64 bits,
    # calls every child a repeat of its parent. Parents pass it untouched and uncounted.
    stages = ["generate", "render", "validate", "dedup", "evolve", "render", "validate",
              {"dedup": {"phash_distance": 64}}, "qa", "verify", "variants", "filter"]
    summary = synth(small_config(tmp_path / "run", n=8, evolve={"rate": 1.0}, stages=stages))
    st = summary.stats["stages"]
    children = st["evolve"]["out"] - st["evolve"]["in"]
    assert children > 0
    assert st["render#2"]["in"] == children and st["render"]["in"] == 8  # each place counts what it took
    assert st["dedup#2"]["in"] == st["validate#2"]["out"] and st["dedup#2"]["dropped"] == st["dedup#2"]["in"]
    assert st["dedup"]["dropped"] < st["dedup"]["in"]  # the first place keeps its default net
    kept = jsonl(tmp_path / "run" / "samples.jsonl")
    assert kept and all(s["lineage"]["step"] == 0 for s in kept)
    assert any(r["stage"] == "dedup" and r["record"]["lineage"]["step"] == 1
               for r in jsonl(tmp_path / "run" / "rejected.jsonl"))


def test_a_second_place_passes_through_what_the_first_took_without_counting_it(tmp_path: Path):
    stages = TEMPLATE[:4] + ["validate"] + TEMPLATE[4:]
    summary = synth(small_config(tmp_path / "run", n=6, stages=stages))
    st = summary.stats["stages"]
    assert "validate#2" not in st  # it took nothing
    assert st["validate"]["in"] == st["render"]["out"]  # and nothing was counted twice


@pytest.mark.parametrize("entry, message", [({"render": {"timeout": 3}}, "stage 'render' takes no settings"),
                                            ({"dedup": {"phash_distance": -1}}, "stages: dedup"),
                                            ({"dedup": {"nope": 1}}, "nope")])
def test_bad_settings_of_a_place_are_one_line(entry, message: str, tmp_path: Path):
    with pytest.raises(UserError, match=message):
        synth(small_config(tmp_path / "run", n=2, stages=TEMPLATE[:5] + [entry] + TEMPLATE[5:]))
    assert not (tmp_path / "run").exists()
