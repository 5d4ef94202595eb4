"""Which prompt folder each LLM stage uses and the variables its templates may use.

A template that uses any other variable fails when the stage starts, naming the file and
the variable (see `cit.prompts`). Variables:

- chart / other: a chart type: key ("bar/stacked"), family, name, library, description, notes
- topics: list of topic strings; topic: the parent record's topics as one string
- examples: list of example programs: id, code, chart_type (may be None)
- code: the program being evolved, repaired or judged
- direction: the evolution direction's name; direction_text: its rendered template
- error, traceback: why the render failed; attempt, max_attempts: repair counters
- libraries: the importable top-level modules; min_lines, max_lines: the program's bounds
"""

from __future__ import annotations

SELF_INSTRUCT_FOLDER = "self_instruct"
SELF_INSTRUCT_VARS = frozenset({"chart", "topics", "examples", "libraries", "min_lines", "max_lines"})

EVOLVE_FOLDER = "evol_instruct"
EVOLVE_VARS = frozenset({"code", "chart", "other", "topic", "direction", "direction_text", "libraries",
                         "min_lines", "max_lines"})
DIRECTION_VARS = frozenset({"chart", "other", "topic"})  # evol_instruct/directions/<name>.jinja

REPAIR_FOLDER = "repair"
REPAIR_TURNS = ["fix"]
REPAIR_VARS = frozenset({"code", "error", "traceback", "chart", "attempt", "max_attempts", "libraries",
                         "min_lines", "max_lines"})

JUDGE_FOLDER = "judge_chart"
JUDGE_TURN = "rate"
JUDGE_VARS = frozenset({"code", "chart"})
