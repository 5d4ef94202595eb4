"""The `datasets`-based exports: hf (one row per Q&A, Image column), trl (images + messages)
and grpo (a prompt that asks for a formatted answer, with what a verifiable reward needs:
the solution, its machine value, answer type and tolerances)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cit.export.rows import GRPO_INSTRUCTION, Selection, iter_selected, meta_columns, trl_messages
from cit.runfolder import RunFolder

_META = ["id", "sample_id", "chart_type", "family", "library", "kind", "level", "question", "answer", "answer_type",
         "qa_family", "variant", "variant_group", "source_id", "rewrite"]


def _features(fmt: str):
    from datasets import Features, Image, List, Value

    cols: dict[str, Any] = {name: Value("string") for name in _META}
    cols["steps"] = Value("int32")
    if fmt == "grpo":
        part = {"type": Value("string"), "text": Value("string")}
        cols["image"] = Image()
        cols["prompt"] = List({"role": Value("string"), "content": List(part)})
        cols["solution"] = Value("string")
        cols["value"] = Value("string")  # the machine value, as JSON
        cols["rel_tol"] = Value("float64")
        cols["abs_tol"] = Value("float64")
        cols["split"] = Value("string")
    elif fmt == "trl":
        part = {"type": Value("string"), "text": Value("string")}
        cols["images"] = List(Image())
        cols["messages"] = List({"role": Value("string"), "content": List(part)})
    else:
        cols["image"] = Image()
        for name in ("rationale", "caption", "code", "topic", "status", "verified_by"):
            cols[name] = Value("string")
    return Features(cols)


def _rows(folder: RunFolder, sel: Selection, split: str, fmt: str) -> Iterator[dict[str, Any]]:
    for where, s, qas in iter_selected(folder, sel):
        if where != split:
            continue
        png = (folder.path / s.image).read_bytes()
        for q in qas:
            row = meta_columns(s, q)
            if fmt == "grpo":
                text = f"{q.question}\n{GRPO_INSTRUCTION}"
                row.update(
                    image={"bytes": png, "path": None},
                    prompt=[{"role": "user", "content": [{"type": "image", "text": None}, {"type": "text", "text": text}]}],
                    solution=q.answer, value=json.dumps(q.value), rel_tol=q.answer_type.rel_tol,
                    abs_tol=q.answer_type.abs_tol, split=split,
                )
            elif fmt == "trl":
                row["images"] = [{"bytes": png, "path": None}]
                row["messages"] = trl_messages(q)
            else:
                row.update(
                    image={"bytes": png, "path": None},
                    rationale=q.rationale,
                    caption=s.caption,
                    code=s.code,
                    topic=s.topic,
                    status=q.status,
                    verified_by=q.verified_by,
                )
            yield row


def write_datasets(folder: RunFolder, sel: Selection, dest: Path, fmt: str) -> dict[str, int]:
    from datasets import Dataset, DatasetDict

    features = _features(fmt)
    cache = dest / ".build-cache"
    splits: dict[str, Dataset] = {}
    counts: Counter = Counter()
    for split in ("train", "test"):
        rows = list(_peek(_rows(folder, sel, split, fmt)))
        if not rows:
            splits[split] = Dataset.from_dict({k: [] for k in features}, features=features)
            continue
        # Streams through the generator into Arrow files, so memory stays flat for big runs.
        splits[split] = Dataset.from_generator(
            _rows, gen_kwargs={"folder": folder, "sel": sel, "split": split, "fmt": fmt}, features=features, cache_dir=str(cache)
        )
        counts[split] = len(splits[split])
    # An empty split would otherwise be saved with zero shards, which load_from_disk rejects.
    shards = {split: 1 for split, ds in splits.items() if len(ds) == 0}
    DatasetDict(splits).save_to_disk(str(dest), num_shards=shards or None)
    if fmt == "hf":
        pq = dest / "parquet"
        pq.mkdir()
        for split, ds in splits.items():
            ds.to_parquet(str(pq / f"{split}.parquet"))
    shutil.rmtree(cache, ignore_errors=True)
    return {"train": counts["train"], "test": counts["test"]}


def _peek(it: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """At most one row: enough to know whether a split is empty without reading it all."""
    for row in it:
        yield row
        return
