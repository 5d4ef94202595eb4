"""Turning kept samples into export rows: selection, the train/test split, message layout.

The split is by lineage root: a chart and every chart evolved from it land in the same
split, so no chart (or a harder copy of it) appears in both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cit.record import QA, Sample
from cit.runfolder import RunFolder

ANSWER_PREFIX = "Answer: "


@dataclass
class Selection:
    kinds: set[str] | None = None  # recognition / reasoning
    levels: set[str] | None = None  # easy / hard
    types: set[str] | None = None  # chart types ("bar/stacked") or families ("bar")
    verified_only: bool = False
    min_verified: int = 0  # charts with fewer verified Q&A are left out
    test_fraction: float = 0.1
    variants: bool = False  # also emit text-dominant / text-lite forms where present
    pass_band: tuple[float, float] | None = None  # keep items whose calibrated pass rate lies inside
    pass_rates: dict[str, float] | None = None  # item id -> pass rate (RUN/calibration.jsonl)

    def wants_sample(self, s: Sample) -> bool:
        if self.levels and s.lineage.level not in self.levels:
            return False
        if self.types and s.chart_type not in self.types and s.family not in self.types:
            return False
        return True

    def wants_qa(self, q: QA) -> bool:
        if self.kinds and q.kind not in self.kinds:
            return False
        if self.verified_only and q.status != "verified":
            return False
        if q.variant not in (None, "vision-dominant") and not self.variants:
            return False
        if self.pass_band is not None:
            rate = (self.pass_rates or {}).get(q.variant_group or q.id)  # a text form goes with its question
            if rate is None or not self.pass_band[0] <= rate <= self.pass_band[1]:
                return False
        return True


def lineage_roots(folder: RunFolder) -> dict[str, str]:
    """sample id -> id of its first-generation ancestor (ids only, so memory stays small)."""
    parent = {s.id: s.lineage.parent_id for s in folder.iter_samples()}
    roots: dict[str, str] = {}
    for sid in parent:
        cur, seen = sid, set()
        while parent.get(cur) and parent[cur] in parent and cur not in seen:
            seen.add(cur)
            cur = parent[cur]
        # A parent that was rejected is not in samples.jsonl; its id still names the family.
        roots[sid] = parent.get(cur) or cur
    return roots


def split_of(root_id: str, test_fraction: float) -> str:
    h = int.from_bytes(hashlib.sha256(root_id.encode()).digest()[:8], "big") / 2**64
    return "test" if h < test_fraction else "train"


def assistant_text(q: QA) -> str:
    rationale = q.rationale.strip()
    return f"{rationale}\n{ANSWER_PREFIX}{q.answer}" if rationale else f"{ANSWER_PREFIX}{q.answer}"


def iter_selected(folder: RunFolder, sel: Selection) -> Iterator[tuple[str, Sample, list[QA]]]:
    """(split, sample, its selected Q&A) for each kept sample with at least one selected Q&A."""
    roots = lineage_roots(folder)
    for s in folder.iter_samples():
        if not s.image or not sel.wants_sample(s):
            continue
        if sel.min_verified and sum(q.status == "verified" for q in s.qa) < sel.min_verified:
            continue
        qas = [q for q in s.qa if sel.wants_qa(q)]
        if qas:
            yield split_of(roots[s.id], sel.test_fraction), s, qas


# What a GRPO prompt asks for; `cit.train.rewards` checks the same template.
GRPO_INSTRUCTION = ("Think it through inside <think> </think>, then give only the final answer "
                    "inside <answer> </answer>.")


def meta_columns(s: Sample, q: QA) -> dict[str, Any]:
    return {
        "id": q.id,
        "sample_id": s.id,
        "chart_type": s.chart_type,
        "family": s.family,
        "library": s.library,
        "kind": q.kind,
        "level": s.lineage.level,
        "question": q.question,
        "answer": q.answer,
        "answer_type": q.answer_type.model_dump_json(),
        "qa_family": q.family or (q.template or "llm").split(".")[0],  # the question's family, as stats count it
        "steps": q.steps or 0,
        "variant": q.variant or "vision-dominant",
        # Links between forms of one question and between a rewrite and its source.
        "variant_group": q.variant_group or "",
        "source_id": q.source_id or "",
        "rewrite": q.rewrite or "",
    }


def trl_messages(q: QA) -> list[dict]:
    return [
        {"role": "user", "content": [{"type": "image", "text": None}, {"type": "text", "text": q.question}]},
        {"role": "assistant", "content": [{"type": "text", "text": assistant_text(q)}]},
    ]

