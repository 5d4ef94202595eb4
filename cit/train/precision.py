"""Mixed precision only where the hardware has it.

Recipes ask for bf16 (what the papers trained in). On a GPU with bf16 that is what runs;
on an older GPU fp16 takes its place; on a CPU-only machine the same recipe runs in fp32,
so a shipped recipe is also a smoke test anywhere. `choose` says what it picked and why,
and the trainers print it and keep it with the run.
"""

from __future__ import annotations

from typing import Any


def hardware() -> tuple[bool, bool]:
    """(a CUDA GPU is present, it computes in bf16)."""
    import torch

    cuda = torch.cuda.is_available()
    return cuda, bool(cuda and torch.cuda.is_bf16_supported())


def choose(values: dict[str, Any], cuda: bool | None = None, bf16_ok: bool | None = None) -> tuple[dict[str, Any], str]:
    """The trainer options with bf16/fp16 set to what this machine supports, and the reason."""
    if cuda is None or bf16_ok is None:
        cuda, bf16_ok = hardware()
    asked = "bf16" if values.get("bf16") else "fp16" if values.get("fp16") else None
    out = dict(values)
    if asked is None:
        return out, "fp32 (the recipe asks for no mixed precision)"
    if asked == "bf16" and bf16_ok:
        return out, "bf16 (asked for, and this GPU computes in bf16)"
    if asked == "fp16" and cuda:
        return out, "fp16 (asked for, on a GPU)"
    out["bf16"] = out["fp16"] = False
    if cuda:
        out["fp16"] = True
        return out, f"fp16 (the recipe asks for {asked}; this GPU has no bf16)"
    return out, f"fp32 (the recipe asks for {asked}; this machine has no GPU)"


def training_arguments(output_dir: str, values: dict[str, Any]):
    """transformers.TrainingArguments with the precision this machine can run, and why it
    was chosen (printed, and kept in the run's config); a bad option is one line."""
    import sys

    from transformers import TrainingArguments

    from cit.errors import UserError

    chosen, why = choose(values)
    print(f"precision: {why}", file=sys.stderr)
    try:
        return TrainingArguments(output_dir=output_dir, **chosen), why
    except (TypeError, ValueError) as exc:
        raise UserError(f"invalid training option: {str(exc).splitlines()[0]}") from None
