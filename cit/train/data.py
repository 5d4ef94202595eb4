"""Training data: open what `--data` / `--mix` name, bring it to TRL's images + messages
layout, mix with ratios, and describe the result in a manifest saved with the checkpoint.

Accepted sources: a `save_to_disk` folder (DatasetDict or Dataset; what `cit export
--format trl|hf` writes), a folder of parquet files (split by file name: train*, test*,
valid*), one parquet file, or a Hub dataset name. Rows may come as
- images + messages (TRL's vision layout; `cit export --format trl`),
- image + messages (one image per row, as several Hub datasets have it),
- image + question + answer [+ rationale] (`cit export --format hf` and its parquet files).
Columns outside the layout are dropped for training.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cit.errors import UserError

ANSWER_PREFIX = "Answer: "
_SPLIT_WORDS = {"train": "train", "test": "test", "valid": "validation", "validation": "validation", "dev": "validation"}


def layout_features():
    from datasets import Features, Image, List, Value

    part = {"type": Value("string"), "text": Value("string")}
    return Features({"images": List(Image()), "messages": List({"role": Value("string"), "content": List(part)})})


def _parquet_splits(folder: Path) -> dict[str, list[str]]:
    files = sorted(folder.rglob("*.parquet"))
    splits: dict[str, list[str]] = {}
    for f in files:
        stem = f.stem.lower()
        split = next((v for k, v in _SPLIT_WORDS.items() if stem.startswith(k) or f.parent.name.lower() == k), "train")
        splits.setdefault(split, []).append(str(f))
    return splits


def open_dataset(spec: str):
    """A DatasetDict or Dataset from a folder, a parquet file or the Hub."""
    from datasets import load_dataset, load_from_disk

    p = Path(spec).expanduser()
    if p.is_dir():
        if (p / "dataset_dict.json").exists() or (p / "state.json").exists():
            return load_from_disk(str(p))
        splits = _parquet_splits(p)
        if not splits:
            raise UserError(f"{spec} holds neither a save_to_disk dataset nor parquet files")
        return load_dataset("parquet", data_files=splits)
    if p.is_file():
        if p.suffix != ".parquet":
            raise UserError(f"{spec}: expected a dataset folder or a .parquet file")
        return load_dataset("parquet", data_files={"train": [str(p)]})
    if spec.startswith(("/", "./", "../", "~")):
        raise UserError(f"{spec} does not exist")
    try:
        return load_dataset(spec)
    except Exception as exc:  # offline, unknown name, gated: all end the same way for the user
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UserError(f"cannot load '{spec}': not a local folder, and the Hub said: {first}") from None


def pick_split(data: Any, split: str, spec: str):
    from datasets import DatasetDict

    if isinstance(data, DatasetDict):
        if split not in data:
            raise UserError(f"{spec} has no '{split}' split (it has: {', '.join(data) or 'none'})")
        return data[split]
    if split != "train":
        raise UserError(f"{spec} is a single dataset without splits; it has no '{split}' split")
    return data


def detect_layout(columns: list[str]) -> str:
    cols = set(columns)
    if "messages" in cols and ("images" in cols or "image" in cols):
        return "images+messages" if "images" in cols else "image+messages"
    if {"image", "question", "answer"} <= cols:
        return "image+qa"
    raise UserError(f"cannot train on columns {sorted(cols)}: need images+messages, image+messages, "
                    "or image+question+answer")


def _content(content: Any) -> list[dict[str, Any]]:
    if content is None:
        return []
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    return [{"type": p.get("type") or "text", "text": p.get("text")} for p in content]


def normalise_messages(messages: list[dict[str, Any]], n_images: int) -> list[dict[str, Any]]:
    out = [{"role": m["role"], "content": _content(m.get("content"))} for m in messages]
    has_image_part = any(p["type"] == "image" for m in out for p in m["content"])
    if n_images and not has_image_part:
        # Plain-text turns: the images go before the first user turn, as TRL does it.
        first_user = next((m for m in out if m["role"] == "user"), None)
        if first_user is None:
            raise UserError("a row has images but no user turn to attach them to")
        first_user["content"] = [{"type": "image", "text": None}] * n_images + first_user["content"]
    return out


def _to_layout_row(row: dict[str, Any], layout: str) -> dict[str, Any]:
    images = row["images"] if layout == "images+messages" else [row["image"]]
    images = [im for im in (images or []) if im is not None]
    if layout == "image+qa":
        rationale = (row.get("rationale") or "").strip()
        reply = f"{rationale}\n{ANSWER_PREFIX}{row['answer']}" if rationale else f"{ANSWER_PREFIX}{row['answer']}"
        messages = [
            {"role": "user", "content": [{"type": "image", "text": None}, {"type": "text", "text": row["question"]}]},
            {"role": "assistant", "content": [{"type": "text", "text": reply}]},
        ]
    else:
        messages = normalise_messages(row["messages"], len(images))
    return {"images": images, "messages": messages}


def to_training_layout(ds):
    """`ds` as images + messages rows with cit's canonical features; other columns dropped."""
    from datasets import Image, List

    layout = detect_layout(ds.column_names)
    target = layout_features()
    if layout == "images+messages" and {k: ds.features[k] for k in target} == dict(target):
        return ds.select_columns(list(target))  # already canonical: no copy of the data
    # Undecoded images pass through the map as stored bytes, not as re-encoded pixels.
    if layout == "images+messages":
        ds = ds.cast_column("images", List(Image(decode=False)))
    else:
        ds = ds.cast_column("image", Image(decode=False))
    return ds.map(_to_layout_row, fn_kwargs={"layout": layout}, remove_columns=ds.column_names, features=target,
                  desc="to images+messages")


def iter_raw_rows(ds, batch_size: int = 256) -> Iterator[dict[str, Any]]:
    """Rows as Python dicts with images left as stored (`{"bytes", "path"}`), read through
    Arrow: no decoding, and no cache file written next to the user's data."""
    for table in ds.with_format("arrow").iter(batch_size=batch_size):
        yield from table.to_pylist()


def content_hash(ds) -> str:
    """sha256 over every row's image bytes and messages, in order."""
    h = hashlib.sha256()
    for row in iter_raw_rows(ds.select_columns(["images", "messages"])):
        for im in row["images"]:
            blob = im.get("bytes") or (im.get("path") or "").encode()
            h.update(len(blob).to_bytes(8, "big") + blob)
        h.update(json.dumps(row["messages"], sort_keys=True).encode())
    return h.hexdigest()


def _take(ds, n: int, seed: int):
    """`n` rows of `ds` in a seeded order, repeating the dataset when `n` exceeds it."""
    from datasets import concatenate_datasets

    shuffled = ds.shuffle(seed=seed)
    full, rest = divmod(n, len(shuffled))
    parts = [shuffled] * full + ([shuffled.select(range(rest))] if rest else [])
    return concatenate_datasets(parts) if len(parts) > 1 else parts[0]


def build_datasets(data: str, split: str, mix: list[Any], seed: int, eval_split: str | None = None):
    """(train, eval or None, manifest). `mix` holds MixSource items."""
    from datasets import concatenate_datasets

    main_all = open_dataset(data)
    main_raw = pick_split(main_all, split, data)
    main = to_training_layout(main_raw)
    if len(main) == 0:
        raise UserError(f"{data} split '{split}' has no rows")
    sources = [_describe("main", data, split, main_raw, len(main), len(main), None)]
    parts = [main]
    for i, m in enumerate(mix):
        raw = pick_split(open_dataset(m.path), m.split, m.path)
        other = to_training_layout(raw)
        if len(other) == 0:
            raise UserError(f"--mix {m.path} split '{m.split}' has no rows")
        n = max(1, round(m.ratio * len(main)))
        parts.append(_take(other, n, seed + 1 + i))
        sources.append(_describe("mix", m.path, m.split, raw, len(other), n, m.ratio))
    train = concatenate_datasets(parts) if len(parts) > 1 else main
    eval_ds = None
    if eval_split:
        from datasets import DatasetDict

        if isinstance(main_all, DatasetDict) and eval_split in main_all and len(main_all[eval_split]):
            eval_ds = to_training_layout(main_all[eval_split])
    manifest = {
        "sources": sources,
        "train_rows": len(train),
        "eval_split": eval_split if eval_ds is not None else None,
        "eval_rows": len(eval_ds) if eval_ds is not None else 0,
        "seed": seed,
        "content_sha256": content_hash(train),
    }
    return train, eval_ds, manifest


def _describe(role: str, spec: str, split: str, raw, available: int, used: int, ratio: float | None) -> dict[str, Any]:
    p = Path(spec).expanduser()
    return {
        "role": role,
        "source": str(p.resolve()) if p.exists() else spec,
        "split": split,
        "layout": detect_layout(raw.column_names),
        "ratio": ratio,
        "rows_available": available,
        "rows_used": used,
        "oversampled": used > available,
        "fingerprint": getattr(raw, "_fingerprint", None),
    }


def to_prompt_completion(ds):
    """messages -> prompt (every turn before the last assistant turn) + completion (that turn).

    The fallback for assistant-only loss when the processor's chat template has no
    generation markers: TRL then masks the prompt instead. Earlier assistant turns of a
    multi-turn row become context, not targets.
    """

    def split_row(messages: list[dict[str, Any]]) -> dict[str, Any]:
        last = max((i for i, m in enumerate(messages) if m["role"] == "assistant"), default=None)
        if last is None or last == 0:
            raise UserError("assistant-only loss needs a user turn followed by an assistant turn in every row")
        return {"prompt": messages[:last], "completion": [messages[last]]}

    return ds.map(split_row, input_columns=["messages"], remove_columns=["messages"], desc="to prompt/completion")
