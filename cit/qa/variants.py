"""Modality variants of a question (MAVIS, Math-PUMA): the same problem with its data moved
between the text and the image.

- text-dominant: the data table and key facts are in the text (prompts/variants/text_dominant.jinja);
- text-lite: only what the chart is about (its title and what it measures) is in the text;
- vision-dominant: the question alone; only the image carries the data (the original item).

The three are linked records: the original item becomes the vision-dominant one and the
group's id (`variant_group`), the two text forms are new items with `source_id` pointing
at it. All three share the answer, rationale and verification status.
"""

from __future__ import annotations

import re

from typing import Any

from cit.prompts import Prompts
from cit.record import QA, DataTable

FOLDER = "variants"
TEXT_FORMS = {"text-dominant": "text_dominant", "text-lite": "text_lite"}
VARS = ("question", "chart", "title", "tables")


def cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return str(value).replace("|", "/").replace("\n", " ")


def markdown(table: DataTable) -> str:
    lines = ["| " + " | ".join(cell(c) for c in table.columns) + " |",
             "|" + "|".join("---" for _ in table.columns) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)


def table_vars(tables: list[DataTable]) -> list[dict[str, Any]]:
    """What the templates get per table: its title, columns, markdown, units, and the first
    column (what the chart is split by) apart from the measures ("Sales (units)")."""
    out = []
    for t in tables:
        cols = [str(c) for c in t.columns]
        # "Share (%)" already says its unit: never "Share (%) (%)".
        measures = [f"{c} ({t.units[c]})" if t.units.get(c) and f"({t.units[c]})" not in c else c for c in cols[1:]] or cols
        out.append({"title": t.title, "columns": cols, "markdown": markdown(t), "key": cols[0], "measures": measures,
                    "units": ", ".join(f"{k}: {v}" for k, v in t.units.items() if v)})
    return out


def table_cells(tables: list[DataTable]) -> int:
    return sum(len(t.columns) * (len(t.rows) + 1) for t in tables)


def check_templates(prompts: Prompts) -> None:
    for rel in TEXT_FORMS.values():
        prompts.template(f"{FOLDER}/{rel}.jinja", VARS)


def variant_items(prompts: Prompts, q: QA, chart: dict[str, str], tables: list[DataTable], title: str | None) -> list[QA]:
    """The text-dominant and text-lite forms of `q`; marks `q` as the vision-dominant one.

    `title` is the chart's real title. A form whose text would state the answer to its own
    recognition question (the axis label it then asks for, the value it asks to read) is
    not made: it would ask nothing."""
    q.variant, q.variant_group = "vision-dominant", q.id
    tv = table_vars(tables)
    out = []
    for variant, rel in TEXT_FORMS.items():
        text = prompts.render(f"{FOLDER}/{rel}.jinja", question=q.question, chart=chart, title=title, tables=tv).strip()
        if q.kind == "recognition" and states_answer(text.replace(q.question, " "), q, variant):
            continue
        item = q.model_copy(deep=True)
        item.id, item.question = f"{q.id}-{variant}", text
        item.template, item.source_id = f"{FOLDER}/{rel}.jinja", q.id
        item.variant, item.variant_group = variant, q.id  # type: ignore[assignment]
        out.append(item)
    return out


def states_answer(text: str, q: QA, variant: str) -> bool:
    """Whether `text` spells out q's answer: a number anywhere (a value the question asks to
    read), a name outside the data table (the table lists every category; the title, the
    measures and the axis names around it must not name the answer)."""
    if q.answer_type.type == "yesno":
        return False
    numeric = q.answer_type.type == "number" and isinstance(q.value, (int, float))
    if not numeric and variant == "text-dominant":
        text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("|"))
    words = " " + re.sub(r"[^0-9a-z.%-]+", " ", text.lower()) + " "
    if numeric:
        return any(f" {s} " in words for s in {cell(q.value), cell(float(q.value))})
    answer = re.sub(r"[^0-9a-z.%-]+", " ", str(q.value if q.value is not None else q.answer).lower()).strip()
    return bool(answer) and f" {answer} " in words
