"""Export a run folder to the layouts trainers read.

- hf:       a `datasets` DatasetDict (save_to_disk) with an Image column, plus parquet files;
- trl:      `images` + `messages` rows, the layout TRL's SFTTrainer reads for VLMs (save_to_disk);
- llava:    LLaVA JSON (one multi-turn conversation per chart) with an images/ folder;
- sharegpt: LLaMA-Factory's sharegpt layout with its `dataset_info.json` entry.

Every format has a train and a test split, split by chart lineage (see rows.py). The
destination is written to a temporary sibling folder and moved into place at the end, so
an interrupted export never leaves a half-written dataset where a complete one was.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from cit.errors import UserError
from cit.export.rows import Selection
from cit.runfolder import RunFolder

FORMATS = ("hf", "trl", "llava", "sharegpt")


def export_run(run_dir: str | Path, fmt: str, out: str | Path, selection: Selection | None = None) -> dict[str, Any]:
    """Write `run_dir`'s kept samples to `out` in format `fmt`; returns the manifest."""
    if fmt not in FORMATS:
        raise UserError(f"unknown export format '{fmt}'; choose one of {', '.join(FORMATS)}")
    folder = RunFolder(Path(run_dir))
    if not folder.samples.exists():
        raise UserError(f"{run_dir} has no samples.jsonl; is it a `cit synth` run folder?")
    sel = selection or Selection()
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / "cit_export.json").exists():
        raise UserError(f"{out} exists and is not a cit export; refusing to overwrite it")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as exc:
        raise UserError(f"cannot write export to {out}: {exc.strerror}") from None
    try:
        if fmt in ("hf", "trl"):
            from cit.export.hf import write_datasets

            counts = write_datasets(folder, sel, tmp, fmt)
        else:
            from cit.export.jsonfmt import write_json_format

            counts = write_json_format(folder, sel, tmp, fmt)
        if not sum(counts.values()):
            raise UserError(f"nothing to export from {run_dir} with these filters")
        manifest = {"format": fmt, "run": str(Path(run_dir).resolve()), "rows": counts, "selection": _describe(sel)}
        (tmp / "cit_export.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
        return manifest
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _describe(sel: Selection) -> dict[str, Any]:
    return {
        "kinds": sorted(sel.kinds) if sel.kinds else None,
        "levels": sorted(sel.levels) if sel.levels else None,
        "types": sorted(sel.types) if sel.types else None,
        "verified_only": sel.verified_only,
        "min_verified": sel.min_verified,
        "test_fraction": sel.test_fraction,
        "variants": sel.variants,
    }

