"""What each LLM stage will send, rendered with example variables (for `cit prompts show`).

The conversations are built by the same functions the stages use, from the real prompt
layers and catalogue, so what is shown is what goes out. Assistant turns in between are
placeholders. Other areas add their stages to `PREVIEWS` (name -> builder).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cit.config import RunConfig
from cit.errors import UserError
from cit.prompts import Prompts
from cit.synth import judge as judge_mod
from cit.synth import templates as T
from cit.synth.catalog import ChartType, direction_file, load_chart_types, load_directions, load_topics
from cit.synth.choice import pick, sample
from cit.synth.dialogue import Message
from cit.synth.pool import ExamplePool, catalog_seeds, folder_seeds

PLACEHOLDER = "<the model's reply to the turn above>"
EXAMPLE_ERROR = "NameError: name 'colours' is not defined"
EXAMPLE_TRACEBACK = ('Traceback (most recent call last):\n  File "chart.py", line 14, in <module>\n'
                     "    ax.bar(labels, values, color=colours)\nNameError: name 'colours' is not defined")


@dataclass
class PreviewOptions:
    config: RunConfig
    chart_type: str | None = None  # "bar/stacked"; None: the first type
    direction: str | None = None  # for evol_instruct; None: the first direction


def _turns(prompts: Prompts, folder: str, turns: list[str], variables: dict) -> list[Message]:
    messages = prompts.system_messages(folder, variables)
    for i, turn in enumerate(turns):
        if i:
            messages.append({"role": "assistant", "content": PLACEHOLDER})
        messages.append(prompts.user_message(folder, turn, variables))
    return messages


def _chart(prompts: Prompts, opts: PreviewOptions) -> tuple[ChartType, list[ChartType]]:
    types = load_chart_types(prompts)
    if opts.chart_type is None:
        return types[0], types
    for t in types:
        if t.key == opts.chart_type:
            return t, types
    raise UserError(f"unknown chart type '{opts.chart_type}'; known: {', '.join(t.key for t in types)}")


def self_instruct(prompts: Prompts, opts: PreviewOptions) -> list[Message]:
    cfg = opts.config.synth
    prompts.check_folder(T.SELF_INSTRUCT_FOLDER, cfg.self_instruct_turns, T.SELF_INSTRUCT_VARS)
    chart, types = _chart(prompts, opts)
    pool = ExamplePool(catalog_seeds(types) + folder_seeds(opts.config.seeds))
    examples = pool.draw(chart.key, cfg.examples, cfg.same_type_examples, opts.config.seed, 0, "examples")
    variables = {"chart": chart.as_vars(), "topics": sample(load_topics(prompts), cfg.topics_per_prompt, opts.config.seed, 0, "topics"),
                 "examples": [e.as_vars() for e in examples], "libraries": cfg.allowed_imports,
                 "min_lines": cfg.min_lines, "max_lines": cfg.max_lines}
    return _turns(prompts, T.SELF_INSTRUCT_FOLDER, cfg.self_instruct_turns, variables)


def evol_instruct(prompts: Prompts, opts: PreviewOptions) -> list[Message]:
    cfg = opts.config.synth
    prompts.check_folder(T.EVOLVE_FOLDER, cfg.evolve_turns, T.EVOLVE_VARS)
    chart, types = _chart(prompts, opts)
    directions = load_directions(prompts, [opts.direction] if opts.direction else cfg.directions)
    direction = directions[0]
    prompts.template(direction_file(direction), T.DIRECTION_VARS)
    others = [t for t in types if t.family != chart.family] or types
    shared = {"chart": chart.as_vars(), "other": pick(others, opts.config.seed, "preview").as_vars(),
              "topic": "; ".join(load_topics(prompts)[:2])}
    code = chart.seeds[0] if chart.seeds else "# (this chart type has no seed program)\n"
    variables = {**shared, "code": code, "direction": direction,
                 "direction_text": prompts.render(direction_file(direction), **shared).strip(),
                 "libraries": cfg.allowed_imports, "min_lines": cfg.min_lines, "max_lines": cfg.max_lines}
    return _turns(prompts, T.EVOLVE_FOLDER, cfg.evolve_turns, variables)


def repair(prompts: Prompts, opts: PreviewOptions) -> list[Message]:
    cfg = opts.config.synth
    prompts.check_folder(T.REPAIR_FOLDER, T.REPAIR_TURNS, T.REPAIR_VARS)
    chart, _ = _chart(prompts, opts)
    code = chart.seeds[0] if chart.seeds else "# (this chart type has no seed program)\n"
    variables = {"code": code, "error": EXAMPLE_ERROR, "traceback": EXAMPLE_TRACEBACK, "chart": chart.as_vars(),
                 "attempt": 1, "max_attempts": max(1, cfg.repair_attempts), "libraries": cfg.allowed_imports,
                 "min_lines": cfg.min_lines, "max_lines": cfg.max_lines}
    return _turns(prompts, T.REPAIR_FOLDER, T.REPAIR_TURNS, variables)


def judge_chart(prompts: Prompts, opts: PreviewOptions) -> list[Message]:
    prompts.check_folder(T.JUDGE_FOLDER, [T.JUDGE_TURN], T.JUDGE_VARS)
    chart, _ = _chart(prompts, opts)
    code = chart.seeds[0] if chart.seeds else "# (this chart type has no seed program)\n"
    messages = judge_mod.judge_messages(prompts, code, chart, image=None)
    messages[-1]["content"].append({"type": "image_url", "image_url": {"url": "<the chart's PNG>"}})
    return messages


PREVIEWS: dict[str, Callable[[Prompts, PreviewOptions], list[Message]]] = {
    "self_instruct": self_instruct,
    "evol_instruct": evol_instruct,
    "repair": repair,
    "judge_chart": judge_chart,
}


def previews() -> dict[str, Callable[[Prompts, PreviewOptions], list[Message]]]:
    """Every stage that can be shown, including those other areas register (cit.qa.preview)."""
    found = dict(PREVIEWS)
    try:
        from cit.qa import preview as qa_preview  # type: ignore[attr-defined]
    except ImportError:
        return found
    found.update(getattr(qa_preview, "PREVIEWS", {}))
    return found
