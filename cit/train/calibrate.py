"""`cit calibrate RUN --model M --samples K`: how often a VLM gets each item right.

Each vision-dominant item of a finished run is asked K times (sampled, a seed per try) of
a VLM behind an OpenAI-compatible endpoint that accepts images (`vllm serve`, a gateway),
cit's in-process vLLM backend, or a checkpoint loaded with transformers (sampled, seeded). An answer counts when it agrees with the item by the
item's own type and tolerance (cit.qa.compare). The pass rate of every item goes to
RUN/calibration.jsonl with the model and K that measured it, item by item and appended
atomically, so a crash resumes where it stopped; the replies sit in the run's LLM cache,
so asking again costs nothing. stats.json gets the histogram under `calibration`, and
`cit export --pass-rate LOW:HIGH` keeps the items inside a band (ChartVerse keeps
0 < failure rate < 1).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cit.errors import UserError
from cit.io import append_lines, atomic_write_json, iter_jsonl, truncate_to
from cit.runfolder import RunFolder

FILE = "calibration.jsonl"
BUCKETS = ("0", "0-0.25", "0.25-0.5", "0.5-0.75", "0.75-1", "1")
ASK = "\nAnswer with the final answer only, after 'Answer:'."


@dataclass
class CalibrateOptions:
    run: str
    model: str
    samples: int = 8
    backend: str = "openai"
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    temperature: float = 1.0
    max_tokens: int = 256
    concurrency: int = 32
    batch: int = 64  # items asked (and committed) together


def parse_band(text: str) -> tuple[float, float]:
    """"LOW:HIGH" with 0 <= LOW <= HIGH <= 1."""
    m = re.fullmatch(r"\s*([0-9.]+)\s*:\s*([0-9.]+)\s*", text or "")
    try:
        low, high = (float(m.group(1)), float(m.group(2))) if m else (None, None)
    except ValueError:
        low = high = None
    if low is None or high is None or not 0 <= low <= high <= 1:
        raise UserError(f"--pass-rate expects LOW:HIGH within [0, 1], e.g. 0.1:0.9 (got '{text}')")
    return low, high


def read_pass_rates(run: Path) -> dict[str, float]:
    """Item id -> pass rate (the latest measurement of each item)."""
    path = Path(run) / FILE
    if not path.exists():
        return {}
    return {row["id"]: float(row["pass_rate"]) for _, row in iter_jsonl(path, allow_truncated_tail=True)}


def _bucket(rate: float) -> str:
    if rate <= 0:
        return "0"
    if rate >= 1:
        return "1"
    return BUCKETS[1 + min(3, int(rate * 4))]


def calibrate(opts: CalibrateOptions) -> dict[str, Any]:
    if opts.samples < 1:
        raise UserError("--samples must be at least 1")
    from cit.runcheck import quick_check

    folder = RunFolder(Path(opts.run))
    if not folder.finished():
        raise UserError(f"{opts.run} is not finished (no DONE): calibrate a finished run")
    quick_check(folder.path)
    path = folder.path / FILE
    done = _resume(path, opts)
    todo = [(s, q) for s in folder.iter_samples() for q in s.qa
            if q.variant in (None, "vision-dominant") and q.id not in done]
    if todo:
        _ask(folder, opts, todo, path)
    rates = read_pass_rates(folder.path)
    histogram = {b: 0 for b in BUCKETS}
    for rate in rates.values():
        histogram[_bucket(rate)] += 1
    summary = {"model": opts.model, "samples": opts.samples, "items": len(rates), "histogram": histogram}
    stats = folder.read_stats()
    stats["calibration"] = summary
    atomic_write_json(folder.stats_file, stats)
    return summary


def _resume(path: Path, opts: CalibrateOptions) -> set[str]:
    """Ids already measured by this model and K; a torn last line (a crash mid-write) is cut."""
    if not path.exists():
        return set()
    done, good = set(), 0
    with open(path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break
            row = json.loads(raw)
            good += len(raw)
            if row.get("model") == opts.model and row.get("samples") == opts.samples:
                done.add(row["id"])
    truncate_to(path, good)
    return done


def _ask(folder: RunFolder, opts: CalibrateOptions, todo: list, path: Path) -> None:
    from cit.llm import make_llm
    from cit.llm.config import LLMConfig
    from cit.llm.types import Sampling, image_part
    from cit.synth.choice import stable_int

    if opts.backend == "transformers":
        return _ask_in_process(folder, opts, todo, path)
    if opts.backend not in ("openai", "vllm"):
        raise UserError(f"unknown backend '{opts.backend}'; choose openai, vllm or transformers")
    cfg = LLMConfig(backend=opts.backend, model=opts.model, base_url=opts.base_url, api_key_env=opts.api_key_env,
                    concurrency=opts.concurrency)
    with make_llm(cfg, cache_dir=folder.path) as llm:
        llm.check()
        for start in range(0, len(todo), opts.batch):
            part = todo[start:start + opts.batch]
            convs, samplings = [], []
            for s, q in part:
                image = image_part(folder.path / s.image)
                for k in range(opts.samples):
                    convs.append([{"role": "user", "content": [image, {"type": "text", "text": q.question + ASK}]}])
                    samplings.append(Sampling(temperature=opts.temperature, max_tokens=opts.max_tokens,
                                              seed=stable_int(0, q.id, "calibrate", k)))
            replies = llm.generate(convs, samplings)
            append_lines(path, _lines(opts, part, [r.text for r in replies]))


def _lines(opts: CalibrateOptions, part: list, texts: list[str | None]) -> list[str]:
    from cit.qa.compare import reply_agrees
    from cit.train.scoring import extract_answer

    lines = []
    for n, (_, q) in enumerate(part):
        mine = texts[n * opts.samples:(n + 1) * opts.samples]
        right = sum(1 for t in mine if t is not None and reply_agrees(extract_answer(t), q.answer, q.answer_type))
        lines.append(json.dumps({"id": q.id, "model": opts.model, "samples": opts.samples,
                                 "correct": right, "pass_rate": round(right / opts.samples, 4)}) + "\n")
    return lines


def _ask_in_process(folder: RunFolder, opts: CalibrateOptions, todo: list, path: Path) -> None:
    """A checkpoint loaded with transformers, sampled at `temperature` (seeded per batch)."""
    from cit.train.generate import EvalItem, TransformersVLM

    vlm = TransformersVLM(opts.model, batch_size=8, max_new_tokens=opts.max_tokens, temperature=opts.temperature)
    for start in range(0, len(todo), opts.batch):
        part = todo[start:start + opts.batch]
        items = [EvalItem(id=f"{q.id}#{k}", prompt=[{"role": "user", "content": [
                     {"type": "image", "text": None}, {"type": "text", "text": q.question + ASK}]}],
                          images=[(folder.path / s.image).read_bytes()], reference=q.answer)
                 for s, q in part for k in range(opts.samples)]
        append_lines(path, _lines(opts, part, [r.text for r in vlm.generate(items)]))
