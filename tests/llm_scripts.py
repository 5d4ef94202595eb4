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
