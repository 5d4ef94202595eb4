"""Export a run folder to the layouts trainers read.

- hf:       a `datasets` DatasetDict (save_to_disk) with an Image column, plus parquet files;
- trl:      `images` + `messages` rows, the layout TRL's SFTTrainer reads for VLMs (save_to_disk);
- llava:    LLaVA JSON (one multi-turn conversation per chart) with an images/ folder;
- sharegpt: LLaMA-Factory's sharegpt layout with its `dataset_info.json` entry;
- captions: image-caption pairs with hard negatives (cit clip, projector alignment);
- grpo:     a prompt asking for <think>/<answer>, the image, and the solution, machine value,
            answer type and tolerances a verifiable reward needs (`cit grpo`).

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
from cit.io import honour_umask
from cit.export.rows import Selection
from cit.runfolder import RunFolder

FORMATS = ("hf", "trl", "grpo", "captions", "llava", "sharegpt")


def export_run(run_dir: str | Path, fmt: str, out: str | Path, selection: Selection | None = None,
               allow_unfinished: bool = False) -> dict[str, Any]:
    """Write `run_dir`'s kept samples (up to its last commit) to `out` in format `fmt`;
    returns the manifest. A run without DONE is refused unless `allow_unfinished`."""
    if fmt not in FORMATS:
        raise UserError(f"unknown export format '{fmt}'; choose one of {', '.join(FORMATS)}")
    folder = RunFolder(Path(run_dir))
    if not folder.samples.exists():
        raise UserError(f"{run_dir} has no samples.jsonl; is it a `cit synth` run folder?")
    if not folder.finished() and not allow_unfinished:
        raise UserError(f"{run_dir} is not finished (no DONE): rerun `cit synth` to complete it, "
                        "or pass --allow-unfinished to export its committed chunks")
    from cit.runcheck import quick_check

    quick_check(folder.path)  # a lost image or torn file: one line pointing to `cit check --repair`
    sel = selection or Selection()
    if sel.pass_band is not None:
        from cit.train.calibrate import read_pass_rates

        sel.pass_rates = read_pass_rates(folder.path)
        if not sel.pass_rates:
            raise UserError(f"{run_dir} has no pass rates: run `cit calibrate {run_dir} --model M` first")
    out = Path(out)
    check_destination(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        honour_umask(tmp, directory=True)
    except OSError as exc:
        raise UserError(f"cannot write export to {out}: {exc.strerror}") from None
    try:
        if fmt == "captions":
            from cit.export.captions import write_captions

            counts = write_captions(folder, sel, tmp)
        elif fmt in ("hf", "trl", "grpo"):
            from cit.export.hf import write_datasets

            counts = write_datasets(folder, sel, tmp, fmt)
        else:
            from cit.export.jsonfmt import write_json_format

            counts = write_json_format(folder, sel, tmp, fmt)
        if not sum(counts.values()):
            raise UserError(f"nothing to export from {run_dir} with these filters")
        files = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
        manifest = {"format": fmt, "run": str(Path(run_dir).resolve()), "rows": counts, "selection": _describe(sel),
                    "files": files}
        (tmp / MARKER).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        if out.exists():  # swap by renames, then delete the old export (all of it ours: checked above)
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            out.rename(old / "export")
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
        return {k: v for k, v in manifest.items() if k != "files"}
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


MARKER = "cit_export.json"  # names a folder as a cit export, and lists the files cit wrote there


def check_destination(out: Path) -> None:
    """`--out` must be missing, empty, or an earlier cit export holding only what cit wrote:
    replacing it must never delete a file of the user's."""
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} exists and is not a folder")
    if not out.exists() or not any(out.iterdir()):
        return
    marker = out / MARKER
    try:
        written = set(json.loads(marker.read_text())["files"]) | {MARKER}
    except (OSError, ValueError, KeyError, TypeError):
        raise UserError(f"{out} exists and is not a cit export; refusing to overwrite it (use an empty or new folder)") from None
    foreign = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.relative_to(out).as_posix() not in written)
    if foreign:
        raise UserError(f"{out} is an earlier cit export, but {foreign[0]} (and {len(foreign) - 1} more) was not written by cit; "
                        "refusing to delete it: move it away or export to another folder")


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

