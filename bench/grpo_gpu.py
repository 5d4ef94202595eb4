"""Benchmark: `cit grpo` on a GPU: samples/s and peak GPU memory for a fixed number of steps.

    python bench/grpo_gpu.py                    # CUDA: ~0.5B random LLaVA (bf16), LoRA, 20 steps
    python bench/grpo_gpu.py --model PATH       # a real VLM folder instead (nothing is downloaded)
    python bench/grpo_gpu.py --cpu-smoke        # tiny model, 2 steps, on CPU: checks the script runs

Without a GPU (and without --cpu-smoke) it says so and exits 0. The data is a real cit
run (the built-in engine, 40 charts) exported with `cit export --format grpo`; the model,
unless given, is tests/tiny_vlm.py's "bench" size built from config with random weights
(CLIP ViT-B/16 + a 24-layer 1024-wide Llama), so the rewards are mostly zero: the figures
measure the loop's speed (generation, reward, update), not learning.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="a local VLM folder (default: a random 'bench'-size LLaVA)")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--generations", type=int, default=4)
    parser.add_argument("--completion-length", type=int, default=64)
    parser.add_argument("--cpu-smoke", action="store_true")
    args = parser.parse_args()

    import torch

    if not torch.cuda.is_available() and not args.cpu_smoke:
        print("no CUDA GPU here: nothing to measure (use --cpu-smoke to check the script itself)")
        return
    from cit.export import export_run
    from cit.runner import synth
    from cit.config import load_config
    from cit.train.grpo import GRPORunConfig, run_grpo
    from tiny_vlm import build_tiny_vlm

    steps = 2 if args.cpu_smoke else args.steps
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        synth(load_config(overrides={"out": str(root / "run"), "n": 8 if args.cpu_smoke else 40, "seed": 1}))
        export_run(root / "run", "grpo", root / "data")
        model = args.model or str(build_tiny_vlm(root / "model", size="tiny" if args.cpu_smoke else "bench"))
        batch = args.generations
        cfg = GRPORunConfig(model=model, data=str(root / "data"), output_dir=str(root / "out"), trl={
            "max_steps": steps, "per_device_train_batch_size": batch, "num_generations": args.generations,
            "max_completion_length": 8 if args.cpu_smoke else args.completion_length, "logging_steps": 1,
            "save_strategy": "no", "bf16": True, "gradient_checkpointing": not args.cpu_smoke})
        if torch.cuda.is_available():
            torch.cuda.reset_peak_memory_stats()
        t0 = time.perf_counter()
        result = run_grpo(cfg)
        wall = time.perf_counter() - t0
        peak = torch.cuda.max_memory_allocated() / 2**30 if torch.cuda.is_available() else 0.0
    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "CPU"
    print(f"{device}: {steps} steps x {batch} completions in {wall:.1f} s = {steps * batch / wall:.2f} samples/s "
          f"(model load and set-up included), peak GPU memory {peak:.2f} GiB, precision {result['precision']}")


if __name__ == "__main__":
    main()
