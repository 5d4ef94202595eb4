"""The JSON exports: LLaVA and ShareGPT (LLaMA-Factory), one multi-turn conversation per chart.

Files are written as streamed JSON arrays, so memory does not grow with the run; images are
copied next to them and referenced by relative path.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from cit.export.rows import Selection, assistant_text, iter_selected
from cit.record import QA, Sample
from cit.runfolder import RunFolder


def _llava(s: Sample, qas: list[QA], image: str) -> dict[str, Any]:
    turns: list[dict[str, str]] = []
    for i, q in enumerate(qas):
        turns.append({"from": "human", "value": f"<image>\n{q.question}" if i == 0 else q.question})
        turns.append({"from": "gpt", "value": assistant_text(q)})
    return {"id": s.id, "image": image, "conversations": turns, "chart_type": s.chart_type}


def _sharegpt(s: Sample, qas: list[QA], image: str) -> dict[str, Any]:
    messages: list[dict[str, str]] = []
    for i, q in enumerate(qas):
        messages.append({"role": "user", "content": f"<image>{q.question}" if i == 0 else q.question})
        messages.append({"role": "assistant", "content": assistant_text(q)})
    return {"id": s.id, "messages": messages, "images": [image], "chart_type": s.chart_type}


def _dataset_info(prefix: str) -> dict[str, Any]:
    entry = lambda split: {  # noqa: E731
        "file_name": f"{prefix}_{split}.json",
        "formatting": "sharegpt",
        "columns": {"messages": "messages", "images": "images"},
        "tags": {"role_tag": "role", "content_tag": "content", "user_tag": "user", "assistant_tag": "assistant"},
    }
    return {f"cit_{split}": entry(split) for split in ("train", "test")}


def write_json_format(folder: RunFolder, sel: Selection, dest: Path, fmt: str) -> dict[str, int]:
    make = _llava if fmt == "llava" else _sharegpt
    prefix = "llava" if fmt == "llava" else "cit"
    (dest / "images").mkdir()
    files = {split: open(dest / f"{prefix}_{split}.json", "w", encoding="utf-8") for split in ("train", "test")}
    counts = {"train": 0, "test": 0}
    try:
        for f in files.values():
            f.write("[\n")
        for split, s, qas in iter_selected(folder, sel):
            image = f"images/{Path(s.image).name}"
            shutil.copyfile(folder.path / s.image, dest / image)
            if counts[split]:
                files[split].write(",\n")
            files[split].write(json.dumps(make(s, qas, image), ensure_ascii=False))
            counts[split] += len(qas)
        for f in files.values():
            f.write("\n]\n")
    finally:
        for f in files.values():
            f.close()
    if fmt == "sharegpt":
        (dest / "dataset_info.json").write_text(json.dumps(_dataset_info(prefix), indent=2) + "\n")
    return counts
