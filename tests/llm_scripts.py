"""Scripted chart-writing LLM for the synthesis tests, served by the real fake server.

`ChartScript` is a handler for `tests/fake_llm_server.FakeLLMServer`. It tells the stages'
requests apart by phrases of the built-in templates (MARKERS), and answers like a model:

- Self-Instruct plan turn: a plan tagged `PLAN-ID <n>`, n counting conversations as they
  arrive; the code turn finds its tag in the conversation and answers with `programs[n]`.
  One-turn prompts take the next program directly. Requests arrive concurrently, so which
  record gets which program varies; tests check what the whole run did with them.
- Evol-Instruct: the program named by the parent's `# script: NAME` line from `evolved`.
- Repair: the failing program with every line marked `# FIXME` removed; a program marked
  `# BROKEN` comes back as it was (never fixed).
- Judge (a request with an image): scores from `judge_scores`, 2 for programs marked `# UGLY`,
  no scores at all for programs marked `# NOJUDGE`.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from fake_llm_server import FakeLLMServer, Reply

from cit.config import RunConfig, load_config

# Phrases of the built-in templates that identify the request (the last user turn).
MARKERS = {
    "si-plan": "Plan the chart before any code",
    "si-code": "Now write the program that draws the chart you planned",
    "si-direct": "Write a new program that draws",
    "evo-ideas": "Describe the new chart before any code",
    "evo-code": "Now write the complete new program",
    "evo-direct": "Turn it into a harder chart",
    "repair": "but it failed (repair attempt",
}
_PLAN_ID = re.compile(r"PLAN-ID (\d+)")
_SCRIPT = re.compile(r"^# script: (\S+)$", re.M)
_FENCE = re.compile(r"```python\n(.*?)\n```", re.S)


def llm_config(server: FakeLLMServer, out: Path, n: int, **overrides) -> RunConfig:
    """A small LLM-generator run against `server` (no Q&A stages yet: filter keeps charts without Q&A)."""
    llm = {"model": "fake-coder", "base_url": server.base_url, "max_retries": 0, "concurrency": 8}
    base = {"out": str(out), "n": n, "seed": 3, "chunk_size": n, "generator": "llm", "executor.workers": 2,
            "llm": llm, "synth.engine_seeds": 0, "filter.min_qa": 0}
    base.update(overrides)
    return load_config(overrides=base)


def fenced(code: str, before: str = "Here is the program.", after: str = "") -> str:
    return f"{before}\n\n```python\n{code.strip()}\n```\n{after}".strip() + "\n"


def chart_program(name: str, kind: str, values: list[float], *, extra: str = "", title: str | None = None) -> str:
    """A small, valid matplotlib program, distinct per (kind, values); `extra` lines go
    before the save (markers such as '# FIXME' lines or deliberate errors)."""
    labels = [f"Item {chr(65 + i)}" for i in range(len(values))]
    draw = {
        "bar": "ax.bar(labels, values, color='tab:blue')",
        "barh": "ax.barh(labels, values, color='tab:green')",
        "line": "ax.plot(labels, values, marker='o', color='tab:red')",
        "scatter": "ax.scatter(range(len(values)), values, s=[v * 20 for v in values], color='tab:purple')",
        "pie": "ax.pie(values, labels=labels, autopct='%1.0f%%')",
        "area": "ax.fill_between(range(len(values)), values, color='tab:orange', alpha=0.6)",
        "step": "ax.step(range(len(values)), values, where='mid', color='black', linewidth=3)",
        "stem": "ax.stem(range(len(values)), values)",
    }[kind]
    return "\n".join([
        f"# script: {name}",
        "import matplotlib.pyplot as plt",
        "",
        f"labels = {labels!r}",
        f"values = {values!r}",
        "",
        "fig, ax = plt.subplots(figsize=(6, 4))",
        draw,
        f"ax.set_title({(title or f'{kind} chart {name}')!r})",
        # A pie has no axes to name (their labels would sit on its slice labels).
        *(["ax.set_xlabel('Category')", "ax.set_ylabel('Value (units)')"] if kind != "pie" else ["ax.axis('equal')", "ax.set_ylabel('')"]),
        *([extra] if extra else []),
        "plt.tight_layout()",
        "plt.savefig('chart.png', dpi=100)",
        "",
    ])


def blank_program(name: str) -> str:
    return "\n".join([f"# script: {name}", "import matplotlib.pyplot as plt", "",
                      "# An empty canvas: nothing is drawn on it.", "width = 6", "height = 4",
                      "fig = plt.figure(figsize=(width, height))", "fig.patch.set_facecolor('white')",
                      "dpi = 100", "name = 'chart.png'", "plt.savefig(name, dpi=dpi)", ""])


@dataclass
class ChartScript:
    programs: list[str | Reply]
    evolved: dict[str, str] = field(default_factory=dict)
    judge_scores: dict[str, int] = field(default_factory=lambda: {"data_accuracy": 5, "clarity": 4, "legend": 4, "space": 5})
    seen: Counter = field(default_factory=Counter)  # requests per kind
    _next: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def kind(self, request: dict) -> str:
        messages = request.get("messages") or []
        users = [m for m in messages if m.get("role") == "user"]
        last = users[-1]["content"] if users else ""
        if isinstance(last, list):
            return "judge"
        for kind, phrase in MARKERS.items():
            if phrase in last:
                return kind
        return "unknown"

    def _program(self, n: int) -> Reply:
        item = self.programs[n % len(self.programs)]
        return item if isinstance(item, Reply) else Reply(text=fenced(item))

    def __call__(self, request: dict) -> Reply:
        kind = self.kind(request)
        with self._lock:
            self.seen[kind] += 1
            if kind in ("si-plan", "si-direct"):
                n = self._next
                self._next += 1
        messages = request.get("messages") or []
        if kind == "si-plan":
            return Reply(text=f"Backstory: a report. Data: see the table. PLAN-ID {n}")
        if kind == "si-code":
            tags = [int(m) for msg in messages if msg.get("role") == "assistant" for m in _PLAN_ID.findall(msg["content"])]
            return self._program(tags[-1])
        if kind == "si-direct":
            return self._program(n)
        text = " ".join(m["content"] for m in messages if isinstance(m.get("content"), str))
        if kind == "evo-ideas":
            return Reply(text="Ideas: add a second series and annotate the maximum.")
        if kind in ("evo-code", "evo-direct"):
            names = _SCRIPT.findall(text)
            return Reply(text=fenced(self.evolved[names[0]])) if names and names[0] in self.evolved else Reply(text="I cannot.")
        if kind == "repair":
            code = _FENCE.findall(text)[0]
            if "# BROKEN" in code:
                return Reply(text=fenced(code))
            fixed = "\n".join(line for line in code.splitlines() if "# FIXME" not in line)
            return Reply(text=fenced(fixed, before="The name was undefined; I removed that line."))
        if kind == "judge":
            content = messages[-1]["content"]
            code = " ".join(p.get("text", "") for p in content if p.get("type") == "text")
            if "# NOJUDGE" in code:
                return Reply(text="A fine chart, I would say.")
            scores = {k: 2 for k in self.judge_scores} if "# UGLY" in code else self.judge_scores
            return Reply(text=f"Scores: {scores}".replace("'", '"'))
        return Reply(text="unrecognised request")


# --- a whole LLM pipeline, answered by content ------------------------------------------------

_PLAN_KEY = re.compile(r"PLAN-KEY (\d+)")
_WORDS = ["north", "south", "harbour", "valley", "summit", "delta", "forest", "meadow", "canyon", "island",
          "prairie", "tundra", "lagoon", "plateau", "glacier", "savanna"]
_KINDS = ["bar", "barh", "line", "scatter", "area", "step", "stem"]


def distinct_program(name: str, n: int, salt: int = 0) -> str:
    """A chart of its own per (n, salt): own labels, values and title, so dedup keeps it."""
    import random

    rng = random.Random(f"{n}-{salt}")
    k = rng.randint(4, 8)
    values = [round(rng.uniform(1, 99), 1) for _ in range(k)]
    code = chart_program(name, _KINDS[(n + salt) % len(_KINDS)], values, title=f"{rng.choice(_WORDS).title()} output {n % 997}")
    labels = [f"{rng.choice(_WORDS)[:3]}{n % 997}{chr(65 + i)}" for i in range(k)]  # short: no overlapping ticks
    return code.replace("labels = [", f"labels = {labels!r}\nold_labels = [", 1)


@dataclass
class PipelineScript:
    """Plays the model for the default LLM pipeline, answering from each request's content
    alone (never its arrival order), so a run's result cannot depend on concurrency.

    A Self-Instruct plan gets `PLAN-KEY k`, k a hash of the prompt modulo `variety` (a small
    variety makes some records write the same program: duplicates); the code turn draws
    program k. Evol-Instruct evolves program k into its own harder chart; a Q&A request gets
    two exact items about the program it shows."""

    variety: int = 1 << 30
    seen: Counter = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: dict) -> Reply:
        import ast
        import hashlib
        import json

        kind = ChartScript([]).kind(request)
        with self._lock:
            self.seen[kind] += 1
        messages = request.get("messages") or []
        text = " ".join(m["content"] for m in messages if isinstance(m.get("content"), str))
        if kind == "si-plan":
            key = int(hashlib.sha256(text.encode()).hexdigest()[:12], 16) % self.variety
            return Reply(text=f"Backstory: a yearly report. Data: see the table. PLAN-KEY {key}")
        if kind == "si-code":
            key = int(_PLAN_KEY.findall(text)[-1])
            return Reply(text=fenced(distinct_program(f"p{key}", key)))
        if kind == "evo-ideas":
            return Reply(text="Ideas: more items and a clearer title.")
        if kind == "evo-code":
            name = _SCRIPT.findall(text)[0]
            return Reply(text=fenced(distinct_program(f"{name}-e", int(name[1:].split("-")[0]), 3)))
        labels, values = (re.search(rf"^{v} = (\[.*\])$", text, re.M) for v in ("labels", "values"))
        if not (labels and values):
            return Reply(text="I cannot help with that.")
        labels, values = ast.literal_eval(labels.group(1)), ast.literal_eval(values.group(1))
        items = [
            {"kind": "recognition", "question": "Which item has the highest value?", "rationale": "Its mark is the highest.",
             "answer": labels[values.index(max(values))], "answer_type": "text",
             "program": "def answer():\n    return labels[values.index(max(values))]\n"},
            {"kind": "reasoning", "question": "How much higher is the highest value than the lowest one?",
             "rationale": "Subtract the lowest value from the highest.", "answer": round(max(values) - min(values), 1),
             "answer_type": "number", "program": "def answer():\n    return max(values) - min(values)\n"},
        ]
        return Reply(text="```json\n" + json.dumps({"items": items}) + "\n```")
