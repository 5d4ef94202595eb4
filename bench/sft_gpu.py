"""Benchmark: `cit sft` against TRL's own example script, same model, same data, same run.

    python bench/sft_gpu.py                      # CUDA: ~0.5B random LLaVA in bf16, LoRA, 40 steps
    python bench/sft_gpu.py --full --steps 30    # full fine-tuning instead of LoRA
    python bench/sft_gpu.py --data charts_trl    # an exported cit dataset instead of synthetic charts
    python bench/sft_gpu.py --cpu-smoke          # tiny model, few steps, on CPU: checks the script runs

The model is built from config with random weights (nothing is downloaded): CLIP
ViT-B/16 at 224 px (196 image tokens) + a 24-layer, 1024-wide Llama, saved in bf16, with
a locally trained tokenizer. Synthetic rows are 640x480 PNG charts with a question and an
~80-word rationale ending in "Answer: ...", in `cit export --format trl`'s layout, written
as parquet so both trainers read the very same files.

Runs, each in a fresh process:
- trl-script: the `trl/scripts/sft.py` shipped in the installed trl, run as a script
  (`--model_name_or_path MODEL --dataset_name DATA --use_peft --lora_target_modules all-linear ...`).
  Its SFTTrainer handles VLM data itself when the processing class is a processor.
- cit: `cit sft` with the same LoRA (all-linear, vision tower included, as the script does)
  and the same trainer settings.
- cit-recipe: `cit sft` with the shipped ReachQA recipe's LoRA scope (vision tower frozen).
Both trainers get the same batch size, steps, bf16, gradient checkpointing,
assistant-only loss and max_length. The only thing added to TRL's script is a callback
(through a subclass of SFTTrainer) that takes the measurements: tokens/s counted by the
trainer's own `num_tokens` (non-padding tokens) after `--warmup` steps, and peak GPU
memory (torch.cuda.max_memory_allocated) over training.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import runpy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the random-model builder lives with the test helpers


# --- inputs ---------------------------------------------------------------------------------

def _chart(rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 480), "white")
    d = ImageDraw.Draw(img)
    n = rng.randint(3, 8)
    for k in range(n):
        h = rng.randint(40, 380)
        x = 60 + k * (540 // n)
        d.rectangle([x, 430 - h, x + 540 // n - 12, 430], fill=rng.choice(["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]))
        d.text((x, 440), f"R{k}", fill="black")
    d.line([50, 430, 620, 430], fill="black")
    d.text((240, 15), "Sales by region", fill="black")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _row(rng: random.Random) -> dict:
    vals = [rng.randint(5, 95) for _ in range(5)]
    q = rng.choice(["What is the difference between the largest and the smallest value?",
                    "Which region has the highest sales?", "What is the value of the tallest bar?"])
    steps = " ".join(f"Region R{i} reaches {v} units, which is {'above' if v > 50 else 'below'} the midline of 50."
                     for i, v in enumerate(vals))
    reply = f"The chart shows sales for five regions. {steps} Comparing them, the answer follows.\nAnswer: {max(vals)}"
    return {"images": [{"bytes": _chart(rng), "path": None}],
            "messages": [{"role": "user", "content": [{"type": "image", "text": None}, {"type": "text", "text": q}]},
                         {"role": "assistant", "content": [{"type": "text", "text": reply}]}]}


def write_data(folder: Path, rows: int, source: str | None) -> Path:
    from datasets import Dataset

    from cit.train.data import layout_features, open_dataset, pick_split, to_training_layout

    folder.mkdir(parents=True, exist_ok=True)
    if source:
        ds = to_training_layout(pick_split(open_dataset(source), "train", source))
    else:
        rng = random.Random(0)
        ds = Dataset.from_list([_row(rng) for _ in range(rows)], features=layout_features())
    ds.to_parquet(str(folder / "train.parquet"))  # load_dataset(folder) -> a "train" split, features kept
    return folder


# --- measuring ---------------------------------------------------------------------------------

def _meter(warmup: int, out: Path):
    import torch
    from transformers import TrainerCallback

    class Meter(TrainerCallback):
        def __init__(self) -> None:
            self.points: list[tuple[int, float, float]] = []

        def on_train_begin(self, args, state, control, **kw):
            if torch.cuda.is_available():
                torch.cuda.synchronize()
                torch.cuda.reset_peak_memory_stats()

        def on_log(self, args, state, control, logs=None, **kw):
            if logs and "num_tokens" in logs:
                if torch.cuda.is_available():
                    torch.cuda.synchronize()
                self.points.append((state.global_step, time.perf_counter(), float(logs["num_tokens"])))

        def on_train_end(self, args, state, control, **kw):
            pts = [p for p in self.points if p[0] >= warmup]
            (s0, t0, n0), (s1, t1, n1) = pts[0], pts[-1]
            cuda = torch.cuda.is_available()
            out.write_text(json.dumps({
                "steps_timed": s1 - s0, "seconds": t1 - t0, "tokens": n1 - n0,
                "tokens_per_s": (n1 - n0) / (t1 - t0), "s_per_step": (t1 - t0) / max(1, s1 - s0),
                "peak_gib": torch.cuda.max_memory_allocated() / 2**30 if cuda else None,
                "device": torch.cuda.get_device_name() if cuda else "cpu",
            }))

    return Meter()


def _common(a: argparse.Namespace, out: Path) -> list[str]:
    args = ["--max_steps", str(a.steps), "--per_device_train_batch_size", str(a.batch_size),
            "--gradient_accumulation_steps", "1", "--learning_rate", "2e-5", "--logging_steps", "1",
            "--save_strategy", "no", "--report_to", "none", "--seed", "42", "--gradient_checkpointing", "true",
            "--max_length", "8192", "--dataloader_num_workers", "0", "--output_dir", str(out)]
    return args + (["--use_cpu", "--bf16", "false"] if a.cpu_smoke else ["--bf16", "true"])


def worker_trl(a: argparse.Namespace, work: Path, result: Path) -> None:
    import trl
    import trl.scripts.sft as script_module

    class MeteredSFTTrainer(trl.SFTTrainer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.add_callback(_meter(a.warmup, result))

    trl.SFTTrainer = MeteredSFTTrainer  # the script does `from trl import SFTTrainer` inside main()
    argv = ["--model_name_or_path", str(work / "model"), "--dataset_name", str(work / "data"),
            "--dtype", "float32" if a.cpu_smoke else "bfloat16", "--assistant_only_loss", "true",
            *_common(a, work / "out-trl")]
    argv += [] if a.full else ["--use_peft", "--lora_r", "16", "--lora_alpha", "8", "--lora_dropout", "0.05",
                               "--lora_target_modules", "all-linear"]
    sys.argv = [script_module.__file__, *argv]
    runpy.run_path(script_module.__file__, run_name="__main__")


def worker_cit(a: argparse.Namespace, work: Path, result: Path, recipe_scope: bool) -> None:
    from cit.train.config import load_sft_config
    from cit.train.sft import prepare

    trl_args = _common(a, work / "out-cit")  # --output_dir and --seed set cit's own settings
    overrides = {"model": str(work / "model"), "data": str(work / "data"), "output_dir": str(work / "out-cit"),
                 "lora": not a.full, "freeze_vision": recipe_scope, "dtype": "float32" if a.cpu_smoke else "bfloat16"}
    p = prepare(load_sft_config(None, overrides, trl_args))
    p.trainer.add_callback(_meter(a.warmup, result))
    p.trainer.train()


# --- driver ---------------------------------------------------------------------------------

RUNS = ("trl-script", "cit", "cit-recipe")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cpu-smoke", action="store_true", help="tiny model, few steps, on CPU")
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--warmup", type=int, default=None, help="steps left out of the timing")
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--rows", type=int, default=256)
    ap.add_argument("--full", action="store_true", help="full fine-tuning instead of LoRA")
    ap.add_argument("--data", default=None, help="an exported cit dataset instead of synthetic rows")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--json", default=None, help="also write the results here")
    ap.add_argument("--worker", choices=RUNS, help=argparse.SUPPRESS)
    a = ap.parse_args()
    a.steps = a.steps or (6 if a.cpu_smoke else 40)
    a.warmup = a.warmup if a.warmup is not None else (2 if a.cpu_smoke else 5)
    work = Path(a.workdir or tempfile.mkdtemp(prefix="cit-sft-bench-"))

    if a.worker:
        result = work / f"result-{a.worker}.json"
        if a.worker == "trl-script":
            worker_trl(a, work, result)
        else:
            worker_cit(a, work, result, recipe_scope=a.worker == "cit-recipe")
        return

    import torch

    if not a.cpu_smoke and not torch.cuda.is_available():
        sys.exit("no CUDA device: run with --cpu-smoke to check the script on CPU")
    from tiny_vlm import build_tiny_vlm

    t = time.perf_counter()
    if not (work / "model" / "config.json").exists():
        build_tiny_vlm(work / "model", size="tiny" if a.cpu_smoke else "bench")
    write_data(work / "data", a.rows, a.data)
    print(f"model + data ready in {time.perf_counter() - t:.0f} s under {work}", flush=True)

    results = {}
    for run in RUNS:
        cmd = [sys.executable, __file__, "--worker", run, "--workdir", str(work), "--steps", str(a.steps),
               "--warmup", str(a.warmup), "--batch-size", str(a.batch_size)]
        cmd += (["--cpu-smoke"] if a.cpu_smoke else []) + (["--full"] if a.full else [])
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
        if proc.returncode != 0:
            sys.exit(f"{run} failed:\n{proc.stderr[-4000:]}")
        results[run] = {**json.loads((work / f"result-{run}.json").read_text()), "wall_s": time.perf_counter() - t}

    mode = "full fine-tuning" if a.full else "LoRA r=16"
    print(f"\n{mode}, batch {a.batch_size}, {a.steps} steps ({a.warmup} warm-up), device {results['cit']['device']}\n")
    print("| run | tokens/s | s/step | peak GPU memory (GiB) | process wall (s) |")
    print("|---|---|---|---|---|")
    for run, r in results.items():
        peak = "–" if r["peak_gib"] is None else f"{r['peak_gib']:.2f}"
        print(f"| {run} | {r['tokens_per_s']:.0f} | {r['s_per_step']:.3f} | {peak} | {r['wall_s']:.0f} |")
    base, ours = results["trl-script"], results["cit"]
    print(f"\ncit / trl-script tokens/s: {ours['tokens_per_s'] / base['tokens_per_s']:.3f}")
    if base["peak_gib"]:
        print(f"cit / trl-script peak memory: {ours['peak_gib'] / base['peak_gib']:.3f}")
    if a.json:
        Path(a.json).write_text(json.dumps({"args": vars(a), "results": results}, indent=2))


if __name__ == "__main__":
    main()
