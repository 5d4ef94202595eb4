"""`cit export --format captions`: image-caption pairs for contrastive encoder training
(MAVIS stage 1, `cit clip`) and projector alignment (MAVIS stage 2 / Math-PUMA stage 1,
the `projector_captions` recipe of `cit sft`).

One row per kept chart: the image, its dense caption and a short one (the first sentence),
the chart type, the lineage split, and hard negatives: ids of charts of the same type that
draw other data (the closest confusions a contrastive loss can learn from). Each row also
carries `images` + `messages` ("Describe this chart." -> the caption), TRL's layout, so
`cit sft` trains on the same folder.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

from cit.errors import UserError
from cit.export.rows import Selection, lineage_roots, split_of
from cit.runfolder import RunFolder

DESCRIBE = "Describe this chart."
MAX_NEGATIVES = 8


def short_caption(caption: str) -> str:
    first = re.split(r"(?<=[.!?])\s+", caption.strip(), maxsplit=1)[0]
    return first if len(first) <= 300 else first[:297].rstrip() + "..."


def write_captions(folder: RunFolder, sel: Selection, dest: Path) -> dict[str, int]:
    from datasets import Dataset, DatasetDict, Features, Image, List, Value

    samples = [s for s in folder.iter_samples() if sel.wants_sample(s) and s.image]
    captioned = [s for s in samples if s.caption and s.caption.strip()]
    if not captioned:
        raise UserError(f"{folder.path} has no chart captions to export: captions come from the built-in engine "
                        "(`--generator template`) or from `qa.sources` that write them; export --format trl for Q&A")
    roots = lineage_roots(folder)
    by_type: dict[str, list[str]] = defaultdict(list)
    for s in captioned:
        by_type[s.chart_type].append(s.id)
    part = {"type": Value("string"), "text": Value("string")}
    features = Features({
        "id": Value("string"), "image": Image(), "caption": Value("string"), "short_caption": Value("string"),
        "chart_type": Value("string"), "family": Value("string"), "split": Value("string"),
        "hard_negatives": List(Value("string")), "images": List(Image()),
        "messages": List({"role": Value("string"), "content": List(part)}),
    })
    rows: dict[str, list[dict]] = {"train": [], "test": []}
    for s in captioned:
        split = split_of(roots.get(s.id, s.id), sel.test_fraction)
        png = (folder.path / s.image).read_bytes()
        negatives = [o for o in by_type[s.chart_type] if o != s.id][:MAX_NEGATIVES]
        rows[split].append({
            "id": s.id, "image": {"bytes": png, "path": None}, "caption": s.caption, "short_caption": short_caption(s.caption),
            "chart_type": s.chart_type, "family": s.family, "split": split, "hard_negatives": negatives,
            "images": [{"bytes": png, "path": None}],
            "messages": [{"role": "user", "content": [{"type": "image", "text": None}, {"type": "text", "text": DESCRIBE}]},
                         {"role": "assistant", "content": [{"type": "text", "text": s.caption}]}],
        })
    splits = {k: Dataset.from_list(v, features=features) if v else Dataset.from_dict({c: [] for c in features}, features=features)
              for k, v in rows.items()}
    shards = {k: 1 for k, ds in splits.items() if len(ds) == 0}
    DatasetDict(splits).save_to_disk(str(dest), num_shards=shards or None)
    shutil.rmtree(dest / ".build-cache", ignore_errors=True)
    return {k: len(v) for k, v in rows.items()}
