"""Chart judges: VLMs that look at a rendered chart (and its code) and rate it 1-5.

The rubric is the template `prompts/judge_chart/rate.jinja`: it asks for a JSON object of
criterion -> score. Every numeric value from 1 to 5 in that object counts, so changing the
rubric means editing the template, nothing else. A judge's score is the mean of its
criteria; a chart's score is the mean over judges.
"""

from __future__ import annotations

from pathlib import Path

from cit.llm import Completion, image_part
from cit.llm.parsing import ParseError, extract_json
from cit.prompts import Prompts
from cit.synth.catalog import ChartType
from cit.synth.dialogue import Message
from cit.synth.templates import JUDGE_FOLDER, JUDGE_TURN, JUDGE_VARS

FOLDER, TURN, VARS = JUDGE_FOLDER, JUDGE_TURN, JUDGE_VARS


class JudgeError(ValueError):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def judge_messages(prompts: Prompts, code: str, chart: ChartType, image: Path | bytes | None) -> list[Message]:
    """The conversation one judge gets: the rubric and code as text, then the chart image."""
    variables = {"code": code, "chart": chart.as_vars()}
    text = prompts.user_message(FOLDER, TURN, variables)["content"]
    parts: list[dict] = [{"type": "text", "text": text}]
    if image is not None:
        parts.append(image_part(image))
    return prompts.system_messages(FOLDER, variables) + [{"role": "user", "content": parts}]


def criteria_scores(completion: Completion) -> dict[str, float]:
    """criterion -> score from a judge's reply; a JudgeError when there is none."""
    if not completion.ok:
        raise JudgeError("judge-llm-error", completion.error or "no reply")
    try:
        data = extract_json(completion.text, expect=dict)
    except ParseError as exc:
        raise JudgeError("judge-unparseable", exc.reason) from None
    scores = {str(k): float(v) for k, v in data.items()
              if isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v <= 5}
    if not scores:
        raise JudgeError("judge-unparseable", "no criterion scored 1-5 in the reply")
    return scores


def mean(values: list[float]) -> float:
    return sum(values) / len(values)
