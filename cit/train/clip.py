"""`cit clip`: contrastive fine-tuning of a CLIP or SigLIP encoder on chart-caption pairs
(MAVIS stage 1: CLIP-Math).

Data: `cit export RUN --format captions`. The loss is the symmetric InfoNCE of CLIP over the
batch (every other caption in the batch is a negative), with each image's hard negative —
the caption of another chart of the same type — added to the image->text side. Trained with
transformers' Trainer (`ContrastiveTrainer.compute_loss`), so accelerate, DeepSpeed and
`--launch` work as for `cit sft`. Image->caption and caption->image recall@1 and @5 on the
held-out split are printed before and after training. The output folder holds the whole
model and, under `vision/`, the vision tower alone: what a VLM loads in place of its own.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cit.errors import UserError


DUAL_ENCODERS = {"clip", "siglip", "siglip2", "chinese_clip", "altclip", "metaclip_2"}


@dataclass
class ClipOptions:
    model: str
    data: str
    output_dir: str = "outputs/clip"
    hard_negatives: bool = True
    seed: int = 0
    trainer: dict[str, Any] = field(default_factory=dict)  # any transformers.TrainingArguments option


def contrastive_loss(image: Any, text: Any, scale: Any, negatives: Any = None) -> Any:
    """Symmetric InfoNCE over a batch of matching (image, text) embeddings; `negatives`
    (one extra caption per image) only make the image->text side harder."""
    import torch
    import torch.nn.functional as F

    image, text = F.normalize(image, dim=-1), F.normalize(text, dim=-1)
    logits = scale * image @ text.T
    labels = torch.arange(len(image), device=image.device)
    to_text = logits
    if negatives is not None:
        to_text = torch.cat([logits, scale * image @ F.normalize(negatives, dim=-1).T], dim=1)
    return (F.cross_entropy(to_text, labels) + F.cross_entropy(logits.T, labels)) / 2


def recall(image: Any, text: Any, ks: tuple[int, ...] = (1, 5)) -> dict[str, float]:
    """Image->caption and caption->image recall@k for matching rows of two embedding sets."""
    import torch
    import torch.nn.functional as F

    sims = F.normalize(image, dim=-1) @ F.normalize(text, dim=-1).T
    target = torch.arange(len(sims))
    out = {}
    for name, s in (("image_to_caption", sims), ("caption_to_image", sims.T)):
        ranks = (s > s[target, target].unsqueeze(1)).sum(dim=1)  # how many beat the right one
        for k in ks:
            out[f"{name}@{k}"] = round(float((ranks < k).float().mean()), 4)
    return out


class _Collate:
    def __init__(self, tokenizer: Any, image_processor: Any, captions: dict[str, str], hard: bool):
        self.tokenizer, self.image_processor, self.captions, self.hard = tokenizer, image_processor, captions, hard

    def __call__(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        texts = [r["caption"] for r in rows]
        batch = dict(self.tokenizer(texts, padding=True, truncation=True, return_tensors="pt"))
        batch["pixel_values"] = self.image_processor([r["image"].convert("RGB") for r in rows], return_tensors="pt")["pixel_values"]
        if self.hard:
            negatives = [next((self.captions[o] for o in r["hard_negatives"] if o in self.captions), None) for r in rows]
            if all(negatives):
                neg = self.tokenizer(negatives, padding=True, truncation=True, return_tensors="pt")
                batch["neg_input_ids"], batch["neg_attention_mask"] = neg["input_ids"], neg["attention_mask"]
        return batch


def _features(model: Any, batch: dict[str, Any]) -> tuple[Any, Any, Any]:
    image = model.get_image_features(pixel_values=batch["pixel_values"])
    text = model.get_text_features(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
    neg = None
    if "neg_input_ids" in batch:
        neg = model.get_text_features(input_ids=batch["neg_input_ids"], attention_mask=batch["neg_attention_mask"])
    pooled = [getattr(x, "pooler_output", x) for x in (image, text, neg)]
    return pooled[0], pooled[1], pooled[2]


def _scale(model: Any) -> Any:
    return model.logit_scale.exp()


def evaluate(model: Any, ds: Any, collate: _Collate) -> dict[str, float]:
    import torch

    if len(ds) == 0:
        return {}
    model.eval()
    images, texts = [], []
    with torch.no_grad():
        for start in range(0, len(ds), 32):
            batch = collate([ds[i] for i in range(start, min(start + 32, len(ds)))])
            batch = {k: v.to(model.device) for k, v in batch.items()}
            image, text, _ = _features(model, batch)
            images.append(image.float().cpu())
            texts.append(text.float().cpu())
    return recall(torch.cat(images), torch.cat(texts))


def run_clip(opts: ClipOptions) -> dict[str, Any]:
    from cit.train import require_training_extra

    require_training_extra()
    from datasets import DatasetDict, load_from_disk

    if not Path(opts.data).exists():
        raise UserError(f"{opts.data} does not exist")
    ds = load_from_disk(opts.data)
    if not isinstance(ds, DatasetDict) or "train" not in ds or not {"image", "caption", "hard_negatives"} <= set(ds["train"].column_names):
        raise UserError(f"{opts.data} is not a caption dataset: export it with `cit export RUN --format captions`")
    from transformers import AutoImageProcessor, AutoModel, AutoTokenizer, Trainer

    from cit.train.model import model_config

    config = model_config(opts.model)
    if getattr(config, "model_type", None) not in DUAL_ENCODERS:
        raise UserError(f"'{opts.model}' is a {getattr(config, 'model_type', 'unknown')!r} model, not a CLIP/SigLIP-style "
                        f"dual encoder ({', '.join(sorted(DUAL_ENCODERS))})")
    model = AutoModel.from_pretrained(opts.model)
    tokenizer = AutoTokenizer.from_pretrained(opts.model)
    image_processor = AutoImageProcessor.from_pretrained(opts.model, use_fast=False)
    captions = {r["id"]: r["caption"] for split in ds.values() for r in split.select_columns(["id", "caption"])}
    collate = _Collate(tokenizer, image_processor, captions, opts.hard_negatives)
    test = ds["test"] if "test" in ds else ds["train"].select([])

    class ContrastiveTrainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            image, text, neg = _features(model, inputs)
            loss = contrastive_loss(image, text, _scale(model), neg)
            return (loss, {"image": image, "text": text}) if return_outputs else loss

    from cit.train.precision import training_arguments

    args, why = training_arguments(opts.output_dir, {"report_to": "none", "seed": opts.seed,
                                                     "remove_unused_columns": False, **opts.trainer})
    before = evaluate(model, test, collate)
    print(f"recall before: {json.dumps(before)}", file=sys.stderr)
    trainer = ContrastiveTrainer(model=model, args=args, train_dataset=ds["train"], data_collator=collate)
    trainer.train()
    after = evaluate(model, test, collate)
    print(f"recall after:  {json.dumps(after)}", file=sys.stderr)
    out = Path(opts.output_dir)
    trainer.save_model(str(out))
    if trainer.is_world_process_zero():
        tokenizer.save_pretrained(str(out))
        image_processor.save_pretrained(str(out))
        model.vision_model.save_pretrained(str(out / "vision"))  # the encoder a VLM loads in place of its own
        image_processor.save_pretrained(str(out / "vision"))
        summary = {"recall_before": before, "recall_after": after, "precision": why,
                   "options": {k: v for k, v in opts.__dict__.items()}}
        (out / "cit_clip_run.json").write_text(json.dumps(summary, indent=2, default=str))
    return {"recall_before": before, "recall_after": after, "log_history": trainer.state.log_history}
