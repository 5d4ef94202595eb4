"""`cit align`: Math-PUMA stage 2, KL alignment of modalities on paired variants.

The data is `cit export RUN --format trl --variants`: each question comes in a
vision-dominant form (the chart carries the data) and a text-dominant form (the data is in
the text too). Both forms share one answer: the vision-dominant item's reply. The model's
next-token distribution on the answer, given the text-rich form (the teacher, detached), is
the target for its distribution given the vision-rich form (the student):

    loss = kl_weight * KL(teacher || student) over answer tokens + sft_weight * (CE(student) + CE(teacher))

Built on transformers' Trainer (`AlignTrainer.compute_loss`), with LoRA (the model family's
preset) or full fine-tuning, and `--launch` through accelerate like `cit sft`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cit.errors import UserError

CONFIG_FILE = "cit_align_config.yaml"


@dataclass
class AlignOptions:
    model: str
    data: str
    output_dir: str = "outputs/align"
    split: str = "train"
    kl_weight: float = 1.0
    sft_weight: float = 1.0
    lora: bool = True
    seed: int = 0
    trainer: dict[str, Any] = field(default_factory=dict)  # any transformers.TrainingArguments option


def kl_term(teacher_logits: Any, student_logits: Any, mask: Any) -> Any:
    """Mean over masked positions of KL(teacher || student) between next-token distributions;
    the teacher is detached (it is the target, not trained through this term)."""
    import torch.nn.functional as F

    t = F.log_softmax(teacher_logits.detach().float(), dim=-1)
    s = F.log_softmax(student_logits.float(), dim=-1)
    per_token = F.kl_div(s, t, log_target=True, reduction="none").sum(-1)
    return (per_token * mask).sum() / mask.sum().clamp(min=1)


def pairs(rows: list[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """(student = vision-dominant, teacher = text-dominant) rows of one question each."""
    by_group: dict[str, dict[str, dict]] = {}
    for r in rows:
        by_group.setdefault(r.get("variant_group") or r["id"], {})[r.get("variant") or "vision-dominant"] = r
    return [(g["vision-dominant"], g["text-dominant"]) for g in by_group.values() if {"vision-dominant", "text-dominant"} <= set(g)]


def _load_pairs(opts: AlignOptions) -> list[tuple[dict, dict]]:
    from datasets import DatasetDict, load_from_disk

    if not Path(opts.data).exists():
        raise UserError(f"{opts.data} does not exist")
    ds = load_from_disk(opts.data)
    ds = ds[opts.split] if isinstance(ds, DatasetDict) and opts.split in ds else ds
    if isinstance(ds, DatasetDict) or not {"images", "messages", "variant", "variant_group"} <= set(ds.column_names):
        raise UserError(f"{opts.data} has no paired variants: export it with `cit export RUN --format trl --variants`")
    found = pairs(list(ds))
    if not found:
        raise UserError(f"{opts.data} holds no question in both a vision-dominant and a text-dominant form: "
                        "export with `--variants` from a run whose variants stage wrote them")
    return found


class _Collate:
    """Each pair as two sequences (student, teacher) sharing the student's answer tokens."""

    def __init__(self, processor: Any):
        self.processor = processor
        self.eot = processor.tokenizer.eos_token or ""

    def _one(self, row: dict[str, Any], answer: str) -> dict[str, Any]:
        user = [m for m in row["messages"] if m["role"] == "user"][:1]
        images = [im.convert("RGB") for im in row["images"]]
        conv = [{"role": m["role"], "content": [{"type": p["type"], **({"text": p["text"]} if p["type"] == "text" else {})}
                                                 for p in m["content"]]} for m in user]
        prompt = self.processor.apply_chat_template(conv, add_generation_prompt=True, tokenize=False)
        enc = self.processor(text=[prompt], images=images, return_tensors="pt")
        answer_ids = self.processor.tokenizer(answer + self.eot, add_special_tokens=False, return_tensors="pt")["input_ids"][0]
        return {"prompt_ids": enc["input_ids"][0], "answer_ids": answer_ids, "pixel_values": enc["pixel_values"]}

    def __call__(self, batch: list[tuple[dict, dict]]) -> dict[str, Any]:
        import torch

        out: dict[str, Any] = {}
        for side, pick in (("student", 0), ("teacher", 1)):
            items = []
            for pair in batch:
                answer = "".join(p.get("text") or "" for m in pair[0]["messages"] if m["role"] == "assistant" for p in m["content"])
                items.append(self._one(pair[pick], answer))
            width = max(len(i["prompt_ids"]) + len(i["answer_ids"]) for i in items)
            pad = self.processor.tokenizer.pad_token_id or 0
            ids = torch.full((len(items), width), pad, dtype=torch.long)
            attn = torch.zeros((len(items), width), dtype=torch.long)
            labels = torch.full((len(items), width), -100, dtype=torch.long)
            for n, i in enumerate(items):
                seq = torch.cat([i["prompt_ids"], i["answer_ids"]])
                ids[n, : len(seq)], attn[n, : len(seq)] = seq, 1
                labels[n, len(i["prompt_ids"]): len(seq)] = i["answer_ids"]
            out[f"{side}_input_ids"], out[f"{side}_attention_mask"], out[f"{side}_labels"] = ids, attn, labels
            out[f"{side}_pixel_values"] = torch.cat([i["pixel_values"] for i in items])
        return out


def _answer_logits(logits: Any, labels: Any) -> tuple[Any, Any]:
    """Logits that predict each answer token (shifted by one), rows in answer order, and the mask."""
    import torch

    rows, masks = [], []
    width = int((labels != -100).sum(dim=1).max())
    for n in range(len(labels)):
        where = (labels[n] != -100).nonzero().flatten()
        picked = logits[n, where - 1]
        rows.append(torch.nn.functional.pad(picked, (0, 0, 0, width - len(where))))
        masks.append(torch.arange(width, device=labels.device) < len(where))
    return torch.stack(rows), torch.stack(masks).float()


def run_align(opts: AlignOptions) -> dict[str, Any]:
    from cit.train import require_training_extra

    require_training_extra()
    data = _load_pairs(opts)
    from transformers import AutoModelForImageTextToText, Trainer

    from cit.train.config import SFTRunConfig
    from cit.train.model import load_processor, lora_config, model_config, resolve_preset
    from cit.train.precision import training_arguments

    config = model_config(opts.model)
    if getattr(config, "vision_config", None) is None:
        raise UserError(f"'{opts.model}' has no vision tower: cit align trains a vision-language model")
    view = SFTRunConfig(model=opts.model, data=opts.data, freeze_vision=True)
    preset = resolve_preset(view)
    processor = load_processor(view, preset)
    model = AutoModelForImageTextToText.from_pretrained(opts.model)
    if opts.lora:
        from peft import get_peft_model

        model = get_peft_model(model, lora_config(model, preset, view))
    kl_weight, sft_weight = opts.kl_weight, opts.sft_weight

    class AlignTrainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            def run(side: str):
                return model(input_ids=inputs[f"{side}_input_ids"], attention_mask=inputs[f"{side}_attention_mask"],
                             pixel_values=inputs[f"{side}_pixel_values"], labels=inputs[f"{side}_labels"])

            student, teacher = run("student"), run("teacher")
            s_logits, mask = _answer_logits(student.logits, inputs["student_labels"])
            t_logits, _ = _answer_logits(teacher.logits, inputs["teacher_labels"])
            kl = kl_term(t_logits, s_logits, mask)
            loss = kl_weight * kl + sft_weight * (student.loss + teacher.loss)
            self._last = {"kl": float(kl.detach()), "sft_student": float(student.loss.detach())}
            return (loss, student) if return_outputs else loss

    args, why = training_arguments(opts.output_dir, {"report_to": "none", "seed": opts.seed,
                                                     "remove_unused_columns": False, **opts.trainer})
    trainer = AlignTrainer(model=model, args=args, train_dataset=data, data_collator=_Collate(processor))
    out = Path(opts.output_dir)
    if trainer.is_world_process_zero():
        out.mkdir(parents=True, exist_ok=True)
        (out / CONFIG_FILE).write_text(yaml.safe_dump({**opts.__dict__, "pairs": len(data), "precision": why}, sort_keys=False))
    trainer.train()
    trainer.save_model(str(out))
    if trainer.is_world_process_zero():
        processor.save_pretrained(str(out))
    return {"pairs": len(data), "log_history": trainer.state.log_history, "precision": why}
