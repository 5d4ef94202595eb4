"""Prompt files: layered loading, template checks, the chart type catalogue, `cit prompts`."""

from __future__ import annotations

from pathlib import Path

import pytest
from synth_helpers import assert_one_line_error, run_cli

from cit.config import load_config
from cit.errors import UserError
from cit.prompts import Prompts
from cit.synth import templates as T
from cit.synth.catalog import load_chart_types, load_directions, load_topics
from cit.synth.checks import check_program
from cit.synth.config import SynthConfig
from cit.synth.preview import PreviewOptions, previews


def _write(root: Path, rel: str, text: str) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def test_a_missing_variable_is_reported_with_file_and_name(tmp_path: Path):
    bad = _write(tmp_path, "self_instruct/code.jinja", "Draw {{ chart.name }} in {{ colour_scheme }}.\n")
    with pytest.raises(UserError) as err:
        Prompts(tmp_path).check_folder(T.SELF_INSTRUCT_FOLDER, ["plan", "code"], T.SELF_INSTRUCT_VARS)
    assert str(bad) in str(err.value) and "'colour_scheme'" in str(err.value)


def test_a_syntax_error_is_reported_with_file_and_line(tmp_path: Path):
    bad = _write(tmp_path, "repair/fix.jinja", "Fix this:\n{% if code %}\n{{ code }\n")
    with pytest.raises(UserError) as err:
        Prompts(tmp_path).template("repair/fix.jinja", T.REPAIR_VARS)
    assert f"{bad}:3: template syntax error" in str(err.value)


def test_an_unknown_filter_is_a_template_error_not_a_crash(tmp_path: Path):
    bad = _write(tmp_path, "judge_chart/rate.jinja", "{{ code | shout }}\n")
    with pytest.raises(UserError, match="No filter named 'shout'") as err:
        Prompts(tmp_path).template("judge_chart/rate.jinja", T.JUDGE_VARS)
    assert str(bad) in str(err.value)


def test_variables_of_included_files_are_checked_too(tmp_path: Path):
    _write(tmp_path, "common/code_rules.jinja", "Use {{ libraries | join(', ') }} and {{ palette }}.\n")
    with pytest.raises(UserError) as err:
        Prompts(tmp_path).template("self_instruct/code.jinja", T.SELF_INSTRUCT_VARS)  # built-in, includes the rules
    assert "common/code_rules.jinja" in str(err.value) and "'palette'" in str(err.value)


def test_a_user_file_shadows_the_builtin_one_and_adds_new_ones(tmp_path: Path):
    _write(tmp_path, "repair/fix.jinja", "MINE {{ code }}\n")
    _write(tmp_path, "chart_types/gauge/dial.yaml", "name: dial\n")
    p = Prompts(tmp_path)
    assert p.layer_of("repair/fix.jinja") == "user" and p.layer_of("repair/system.jinja") == "built-in"
    assert p.render("repair/fix.jinja", code="x = 1").startswith("MINE x = 1")
    assert "chart_types/gauge/dial.yaml" in p.glob("chart_types/*/*.yaml")
    assert "chart_types/bar/stacked.yaml" in p.glob("chart_types/*/*.yaml")


def test_a_missing_prompt_folder_is_a_user_error(tmp_path: Path):
    with pytest.raises(UserError, match="does not exist"):
        Prompts(tmp_path / "nope")


def test_the_article_filter():
    p = Prompts()
    env_filter = p._env.filters["a_or_an"]
    assert [env_filter(n) for n in ("area chart", "bar chart", "3D bar chart")] == ["an area chart", "a bar chart", "a 3D bar chart"]


def test_builtin_catalogue_covers_reachqa_taxonomy_with_a_checked_seed_per_type():
    types = load_chart_types(Prompts())
    keys = {t.key for t in types}
    assert len(types) >= 33 and "bar/grouped" in keys
    reachqa = {"line", "pie", "bar", "bar3d", "node", "radar", "area", "box", "scatter", "specific"}
    assert {t.family for t in types} == reachqa | {"combo"}  # combo: the engine's bar-and-line type
    assert {"seaborn", "plotly"} <= {t.library for t in types}
    cfg = SynthConfig()
    for t in types:
        assert t.seeds and t.description and t.notes, t.key
        for code in t.seeds:
            check_program(code, min_lines=cfg.min_lines, max_lines=cfg.max_lines, allowed_imports=cfg.allowed_imports)
    assert len(load_topics(Prompts())) >= 30
    assert set(load_directions(Prompts(), None)) == {"more-data", "visual-elements", "overlay", "subplot"}


def test_every_builtin_template_loads_with_its_stage_variables():
    p = Prompts()
    cfg = SynthConfig()
    p.check_folder(T.SELF_INSTRUCT_FOLDER, cfg.self_instruct_turns + ["direct"], T.SELF_INSTRUCT_VARS)
    p.check_folder(T.EVOLVE_FOLDER, cfg.evolve_turns + ["direct"], T.EVOLVE_VARS)
    p.check_folder(T.REPAIR_FOLDER, T.REPAIR_TURNS, T.REPAIR_VARS)
    p.check_folder(T.JUDGE_FOLDER, [T.JUDGE_TURN], T.JUDGE_VARS)
    for d in load_directions(p, None):
        p.template(f"evol_instruct/directions/{d}.jinja", T.DIRECTION_VARS)


@pytest.mark.parametrize("text, fragment", [
    ("name: dial\nlibrary: matplotlib\ndescription: d\nnotes: n\ncolour: red\n", "unknown key 'colour'"),
    ("name: dial\nfamily: pie\nlibrary: matplotlib\ndescription: d\nnotes: n\n", "does not match its folder"),
    ("name: dial\nlibrary: ggplot\ndescription: d\nnotes: n\n", "library 'ggplot'"),
    ("name: dial\nlibrary: matplotlib\nnotes: n\n", "'description' must be non-empty"),
    ("name: dial\nlibrary: matplotlib\ndescription: d\nnotes: n\nseeds: print(1)\n", "'seeds' must be a list"),
    ("name: [dial\n", "malformed YAML"),
])
def test_a_bad_chart_type_file_names_itself(tmp_path: Path, text: str, fragment: str):
    bad = _write(tmp_path, "chart_types/gauge/dial.yaml", text)
    with pytest.raises(UserError) as err:
        load_chart_types(Prompts(tmp_path))
    assert str(bad) in str(err.value) and fragment in str(err.value)


def test_selecting_an_unknown_chart_type_lists_the_known_ones():
    with pytest.raises(UserError, match="unknown chart type 'bar/zigzag'.*bar/stacked"):
        load_chart_types(Prompts(), ["bar/zigzag"])
    assert {t.key for t in load_chart_types(Prompts(), ["radar", "pie/donut"])} == {"radar/plain", "radar/filled", "pie/donut"}


@pytest.mark.parametrize("stage", ["self_instruct", "evol_instruct", "repair", "judge_chart"])
def test_every_stage_preview_renders_real_messages(stage: str):
    messages = previews()[stage](Prompts(), PreviewOptions(load_config(), chart_type="pie/donut"))
    assert messages[0]["role"] == "system" and messages[-1]["role"] == "user"
    text = "\n".join(m["content"] if isinstance(m["content"], str) else m["content"][0]["text"] for m in messages)
    assert "donut chart" in text and "{{" not in text


def test_cli_prompts_list_shows_user_additions(tmp_path: Path):
    _write(tmp_path, "chart_types/gauge/dial.yaml",
           "name: dial gauge\nlibrary: matplotlib\ndescription: A needle on an arc.\nnotes: Draw the arc.\n")
    _write(tmp_path, "evol_instruct/directions/zoom.jinja", "Direction: zoom in on {{ chart.name }}.\n")
    proc = run_cli("prompts", "list", "--prompts", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "gauge/dial" in proc.stdout and "bar/stacked" in proc.stdout and "zoom (user)" in proc.stdout


def test_cli_prompts_show_renders_the_swapped_template_for_the_new_type(tmp_path: Path):
    _write(tmp_path, "chart_types/gauge/dial.yaml",
           "name: dial gauge\nlibrary: matplotlib\ndescription: A needle on an arc.\nnotes: Draw the arc with a wedge.\n")
    _write(tmp_path, "self_instruct/code.jinja", "CUSTOM: code for {{ chart.name }}. Notes: {{ chart.notes }}\n")
    proc = run_cli("prompts", "show", "self_instruct", "--prompts", str(tmp_path), "--type", "gauge/dial")
    assert proc.returncode == 0, proc.stderr
    assert "CUSTOM: code for dial gauge. Notes: Draw the arc with a wedge." in proc.stdout
    assert "Plan the chart before any code" in proc.stdout  # the built-in plan turn is still there
    assert "<the model's reply to the turn above>" in proc.stdout


def test_cli_prompts_show_errors_are_one_line(tmp_path: Path):
    assert_one_line_error(run_cli("prompts", "show", "nonsense"), "no preview for stage 'nonsense'")
    _write(tmp_path, "repair/fix.jinja", "{{ code }} {{ stack }}\n")
    assert_one_line_error(run_cli("prompts", "show", "repair", "--prompts", str(tmp_path)), "fix.jinja", "'stack'")


def test_one_list_of_chart_types_names_every_engine_implementation():
    """prompts/chart_types/ is the one list: each engine implementation is named by exactly
    one chart-type file, and every file's `engine:` names a real implementation."""
    from cit.engine import chart_types

    engine_keys = {info.key for info in chart_types()}
    types = load_chart_types(Prompts())
    named = [t.engine for t in types if t.engine]
    assert sorted(named) == sorted(set(named))  # once each
    assert set(named) == engine_keys
    assert all(t.seeds for t in types)  # and the LLM path can make every one of them


def test_prompts_list_shows_which_generators_make_each_type():
    proc = run_cli("prompts", "list", env={"COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    row = next(line for line in proc.stdout.splitlines() if "box/violin" in line)
    assert "seaborn" in row and "matplotlib, seaborn" in row
