"""VLM validation of Q&A: each judge answers a yes/no checklist per item; a vote rule decides.

The checklist lives in prompts/judge_qa/check.jinja: every key of an item's reply other
than "id" is one point, and a single "no" makes that judge's vote a no. A judge whose
reply does not mention an item abstains on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

YES = {"yes", "y", "true", "pass", "ok"}
NO = {"no", "n", "false", "fail"}


@dataclass
class Tally:
    yes: list[str] = field(default_factory=list)  # judge labels
    no: dict[str, list[str]] = field(default_factory=dict)  # judge label -> failed points

    @property
    def votes(self) -> int:
        return len(self.yes) + len(self.no)


def verdicts(items: list[Any]) -> dict[str, tuple[bool, list[str]]]:
    """item id -> (yes?, the points answered no), from one judge's parsed reply."""
    out: dict[str, tuple[bool, list[str]]] = {}
    for raw in items:
        if not isinstance(raw, dict) or raw.get("id") is None:
            continue
        failed, answered = [], 0
        for key, value in raw.items():
            if key == "id":
                continue
            word = str(value).strip().lower() if not isinstance(value, bool) else ("yes" if value else "no")
            if word in NO:
                failed.append(key)
                answered += 1
            elif word in YES:
                answered += 1
        if answered:
            out[str(raw["id"])] = (not failed, failed)
    return out


def keeps(t: Tally, rule: str, max_no: int) -> bool:
    if t.votes == 0:
        return False
    if rule == "all":
        return not t.no
    if rule == "max-no":
        return len(t.no) <= max_no
    return len(t.yes) > len(t.no)


def describe(t: Tally) -> str:
    said_no = "; ".join(f"{j}: {', '.join(points)}" for j, points in t.no.items())
    return f"{len(t.no)} no / {t.votes} votes" + (f" ({said_no})" if said_no else "")
