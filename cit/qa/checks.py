"""Checks on written questions, before any answer is verified.

- duplicate: ROUGE-L F1 with an earlier question of the same chart above `qa.dedup_rouge`
  (ReachQA uses 0.7);
- leak: the question states its own answer (a number answer written in the question; a
  text answer named in it without alternatives to choose from);
- needs the chart: the question refers to something in the chart (a chart word or one of
  its labels) and does not carry the chart's data itself (two or more of its values
  written out make the image unnecessary).
Each check returns None or a reason "<short-name>: <details>".
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from cit.qa.compare import norm_text, numbers_in, rouge_l, words
from cit.record import QA, Sample

CHART_WORDS = {
    "chart", "charts", "graph", "plot", "plotted", "figure", "diagram", "image", "visualization", "bar", "bars",
    "line", "lines", "slice", "slices", "segment", "segments", "wedge", "sector", "sectors", "axis", "axes",
    "legend", "series", "curve", "curves", "point", "points", "marker", "markers", "bubble", "bubbles", "node",
    "nodes", "edge", "edges", "box", "boxes", "whisker", "whiskers", "cell", "cells", "heatmap", "area", "areas",
    "color", "colour", "colors", "colours", "shown", "displayed", "depicted", "visualized", "labeled", "labelled",
    "label", "labels", "title", "subplot", "panel", "pie", "donut", "histogram", "bin", "bins", "radar", "funnel",
    "treemap", "waterfall", "scatter", "column", "columns", "stack", "stacked", "peak", "trend", "tallest",
    "shortest", "highest", "lowest", "largest", "smallest", "x-axis", "y-axis",
}
# Words too common to show that a question is about this chart when a label also uses them.
_COMMON = {"what", "which", "that", "this", "with", "from", "than", "there", "their", "have", "does", "many", "much",
           "each", "between", "over", "across", "into", "when", "where", "were", "been", "more", "less", "most", "least"}
_ALTERNATIVES = re.compile(r"\bor\b|\bamong\b|\bbetween\b|\bversus\b|\bvs\b|which of|\bcompared? (?:to|with)\b", re.I)


def duplicate_of(question: str, earlier: Iterable[QA], threshold: float) -> str | None:
    for other in earlier:
        score = rouge_l(question, other.question)
        if score > threshold:
            return f"duplicate-question: ROUGE-L {score:.2f} with {other.id} ({other.question[:80]!r})"
    return None


def _same_number(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def leak(q: QA) -> str | None:
    """Whether the question states its own answer (yes/no and choice items are not checked:
    a choice question lists its answer among the options by design)."""
    t = q.answer_type.type
    if t == "number" and isinstance(q.value, (int, float)):
        for x, raw in numbers_in(q.question):
            if _same_number(x, float(q.value)):
                return f"answer-leak: the question writes the answer {raw}"
    elif t == "text":
        answer = norm_text(q.answer)
        if len(answer) >= 2 and not _ALTERNATIVES.search(q.question):
            pattern = r"(?<![a-z0-9])" + re.escape(answer) + r"(?![a-z0-9])"
            if re.search(pattern, q.question.lower()):
                return f"answer-leak: the question names the answer {q.answer!r}"
    return None


def chart_labels(s: Sample) -> set[str]:
    """Texts drawn in the chart, lower-cased: string literals of the code and table texts."""
    found: set[str] = set()
    try:
        tree = ast.parse(s.code)
        found.update(n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str))
    except SyntaxError:
        found.update(re.findall(r"""['"]([^'"\n]{3,60})['"]""", s.code))
    for table in s.data:
        found.update(table.columns)
        found.update(str(c) for row in table.rows for c in row if isinstance(c, str))
        if table.title:
            found.add(table.title)
    return {norm_text(x) for x in found if 3 <= len(x.strip()) <= 80 and not x.strip().startswith(("#", "%", "{"))}


def chart_values(s: Sample) -> set[float]:
    """The chart's data values: numeric table cells, or numbers in the code's sequences of
    three or more numbers (so figsize, dpi and font sizes are left out)."""
    values: set[float] = set()
    for table in s.data:
        values.update(float(c) for row in table.rows for c in row if isinstance(c, (int, float)) and not isinstance(c, bool))
    if values:
        return values
    try:
        tree = ast.parse(s.code)
    except SyntaxError:
        return values
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            nums = [_number(e) for e in node.elts]
            nums = [n for n in nums if n is not None]
            if len(nums) >= 3:
                values.update(nums)
    return values


def _number(node: ast.AST) -> float | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return -inner if inner is not None else None
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    return None


def _is_incidental(x: float) -> bool:
    """Years and small counts appear in questions without giving data away."""
    return x.is_integer() and (abs(x) <= 10 or 1900 <= x <= 2100)


def label_words(labels: set[str]) -> set[str]:
    """Content words of the chart's texts ("Consumption (kg per person)" -> consumption, person)."""
    return {w for label in labels for w in words(label) if len(w) >= 4 and w not in _COMMON}


def needs_chart_problem(q: QA, labels: set[str], values: set[float]) -> str | None:
    text = q.question.lower()
    tokens = set(words(text))
    mentions = bool(tokens & CHART_WORDS) or bool(tokens & label_words(labels)) or any(
        re.search(r"(?<![a-z0-9])" + re.escape(label) + r"(?![a-z0-9])", text) for label in labels)
    if not mentions:
        return "off-chart: the question names nothing in the chart"
    stated = sorted({x for x, _ in numbers_in(q.question) if not _is_incidental(x)
                     and any(_same_number(x, v) for v in values)})
    if len(stated) >= 2:
        shown = ", ".join(f"{x:g}" for x in stated[:5])
        return f"data-in-question: the question writes {len(stated)} of the chart's values ({shown})"
    return None


class Checker:
    """All enabled checks for one chart, remembering the questions already accepted."""

    def __init__(self, s: Sample, threshold: float, leaks: bool, needs_chart: bool, accepted: Iterable[QA] = ()):
        self.threshold, self.leaks, self.needs_chart = threshold, leaks, needs_chart
        self.accepted = list(accepted)
        self.labels = chart_labels(s) if needs_chart else set()
        self.values = chart_values(s) if needs_chart else set()

    def problem(self, q: QA) -> str | None:
        found = duplicate_of(q.question, self.accepted, self.threshold)
        if found is None and self.leaks:
            found = leak(q)
        if found is None and self.needs_chart:
            found = needs_chart_problem(q, self.labels, self.values)
        if found is None:
            self.accepted.append(q)
        return found
