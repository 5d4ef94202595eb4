"""A tiny, randomly initialised LLaVA-style VLM built here from config: no downloads.

CLIP vision tower (2 layers, hidden 32) + two-layer projector + Llama LM (2 layers,
hidden 32), a byte-level BPE tokenizer trained on a few chart sentences, a chat template
with `{% generation %}` markers, and a LlavaProcessor around a locally configured CLIP
image processor (the PIL one: there is no CPU torchvision here). `build_tiny_vlm(dir)`
saves all of it so `from_pretrained(dir)` works like any Hub checkpoint.

Also data: `export_cit_run(dir, fmt)` writes a small run folder by hand (PIL-drawn
charts, Sample records from cit.record) and exports it with the real `cit.export`, and
`cit_rows(n)` builds rows in the trl export layout directly, for tests that need
exact control over every row.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

IMAGE_TOKEN = "<image>"
SPECIAL = ["<|eot|>", "<|pad|>", "<|bos|>", IMAGE_TOKEN, "<|user|>", "<|assistant|>", "<|system|>"]

# The assistant's reply and its end-of-turn token sit inside the generation markers, so
# TRL's assistant-only loss trains the model to stop.
CHAT_TEMPLATE = (
    "{%- for m in messages -%}"
    "<|{{ m['role'] }}|>"
    "{%- if m['role'] == 'assistant' -%}{%- generation -%}"
    "{%- if m['content'] is string -%}{{ m['content'] }}{%- else -%}"
    "{%- for p in m['content'] -%}{%- if p['type'] == 'text' -%}{{ p['text'] }}{%- endif -%}{%- endfor -%}"
    "{%- endif -%}<|eot|>{%- endgeneration -%}"
    "{%- else -%}"
    "{%- if m['content'] is string -%}{{ m['content'] }}{%- else -%}"
    "{%- for p in m['content'] -%}{%- if p['type'] == 'image' -%}<image>{%- elif p['type'] == 'text' -%}"
    "{{ p['text'] }}{%- endif -%}{%- endfor -%}"
    "{%- endif -%}<|eot|>"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}<|assistant|>{%- endif -%}"
)
# The same layout without generation markers: what most Hub processors ship.
PLAIN_TEMPLATE = CHAT_TEMPLATE.replace("{%- generation -%}", "").replace("{%- endgeneration -%}", "")

_CORPUS = [
    "What is the value of the tallest bar?", "Which region has the highest sales?",
    "How many bars are in the chart?", "The bars show sales by region.", "Answer: 42",
    "What is the difference between the largest and the smallest value?", "Answer: Yes",
    "The line rises from 2019 to 2023.", "Answer: North", "What colour is the first slice?",
    "0 1 2 3 4 5 6 7 8 9 . % , revenue profit cost year month", "Answer: blue",
]


# "tiny": the CPU test model. "bench": CLIP ViT-B/16 at 224 px (196 image tokens) and a
# 24-layer, 1024-wide Llama (about 0.5B parameters in all), for bench/sft_gpu.py.
SIZES: dict[str, dict[str, Any]] = {
    "tiny": dict(image=32, patch=8, v_hidden=32, v_inter=64, v_layers=2, v_heads=4,
                 t_hidden=32, t_inter=64, t_layers=2, t_heads=4, t_kv=2, vocab=0, dtype="float32"),
    "bench": dict(image=224, patch=16, v_hidden=768, v_inter=3072, v_layers=12, v_heads=12,
                  t_hidden=1024, t_inter=4096, t_layers=24, t_heads=16, t_kv=4, vocab=32000, dtype="bfloat16"),
}


def build_tiny_vlm(folder: str | Path, seed: int = 0, size: str = "tiny") -> Path:
    """Save a random LLaVA + processor to `folder`; returns the folder."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import (
        CLIPImageProcessorPil,
        CLIPVisionConfig,
        LlamaConfig,
        LlavaConfig,
        LlavaForConditionalGeneration,
        LlavaProcessor,
        PreTrainedTokenizerFast,
    )

    z = SIZES[size]
    folder = Path(folder)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=SPECIAL, initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(_CORPUS * 20, trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|bos|>", eos_token="<|eot|>", pad_token="<|pad|>",
                                   extra_special_tokens={"image_token": IMAGE_TOKEN})
    image_processor = CLIPImageProcessorPil(
        size={"shortest_edge": z["image"]}, crop_size={"height": z["image"], "width": z["image"]},
        do_center_crop=True, do_resize=True, do_normalize=True, do_convert_rgb=True,
    )
    processor = LlavaProcessor(image_processor=image_processor, tokenizer=fast, patch_size=z["patch"],
                               vision_feature_select_strategy="default", num_additional_image_tokens=1,
                               chat_template=CHAT_TEMPLATE)
    vision = CLIPVisionConfig(hidden_size=z["v_hidden"], intermediate_size=z["v_inter"], num_hidden_layers=z["v_layers"],
                              num_attention_heads=z["v_heads"], image_size=z["image"], patch_size=z["patch"],
                              projection_dim=z["v_hidden"])
    text = LlamaConfig(vocab_size=max(len(fast), z["vocab"]), hidden_size=z["t_hidden"], intermediate_size=z["t_inter"],
                       num_hidden_layers=z["t_layers"], num_attention_heads=z["t_heads"], num_key_value_heads=z["t_kv"],
                       max_position_embeddings=4096, bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id,
                       pad_token_id=fast.pad_token_id)
    config = LlavaConfig(vision_config=vision, text_config=text, image_token_index=fast.convert_tokens_to_ids(IMAGE_TOKEN),
                         image_seq_length=(z["image"] // z["patch"]) ** 2, vision_feature_layer=-1,
                         vision_feature_select_strategy="default")
    torch.manual_seed(seed)
    model = LlavaForConditionalGeneration(config).to(getattr(torch, z["dtype"]))
    model.generation_config.eos_token_id = fast.eos_token_id
    model.generation_config.pad_token_id = fast.pad_token_id
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return folder


def chart_png(i: int) -> bytes:
    """A small bar chart drawn with PIL; `i` varies the bars so rows differ."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (48, 40), "white")
    draw = ImageDraw.Draw(img)
    for k in range(3):
        h = 6 + (i * 7 + k * 11) % 28
        draw.rectangle([4 + k * 14, 38 - h, 14 + k * 14, 38], fill=("#1f77b4", "#ff7f0e", "#2ca02c")[k])
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


_QUESTIONS = [
    ("recognition", "bar/plain", "What is the value of the tallest bar?", "42", {"type": "number", "unit": None, "abs_tol": 0.0, "rel_tol": 0.0, "options": None}),
    ("reasoning", "bar/stacked", "Which region has the highest sales?", "North", {"type": "text", "unit": None, "abs_tol": 0.0, "rel_tol": 0.0, "options": None}),
    ("reasoning", "line/plain", "What is the difference between the largest and the smallest value?", "7.5", {"type": "number", "unit": "%", "abs_tol": 0.0, "rel_tol": 0.05, "options": None}),
]


def cit_rows(n: int, offset: int = 0) -> list[dict[str, Any]]:
    """`n` rows in `cit export --format trl`'s layout (PNG bytes as `datasets` stores them)."""
    rows = []
    for i in range(offset, offset + n):
        kind, ctype, q, a, atype = _QUESTIONS[i % len(_QUESTIONS)]
        rows.append({
            "images": [{"bytes": chart_png(i), "path": None}],
            "messages": [
                {"role": "user", "content": [{"type": "image", "text": None}, {"type": "text", "text": q}]},
                {"role": "assistant", "content": [{"type": "text", "text": f"The bars show sales by region.\nAnswer: {a}"}]},
            ],
            "id": f"qa-{i}", "sample_id": f"s-{i // 2}", "chart_type": ctype, "family": ctype.split("/")[0],
            "library": "matplotlib", "kind": kind, "level": "easy" if i % 2 else "hard", "question": q, "answer": a,
            "answer_type": json.dumps(atype),
        })
    return rows


def trl_features():
    from datasets import Features, Image, List, Value

    part = {"type": Value("string"), "text": Value("string")}
    cols: dict[str, Any] = {k: Value("string") for k in ("id", "sample_id", "chart_type", "family", "library", "kind",
                                                         "level", "question", "answer", "answer_type")}
    cols["images"] = List(Image())
    cols["messages"] = List({"role": Value("string"), "content": List(part)})
    return Features(cols)


def save_cit_dataset(folder: str | Path, n_train: int = 8, n_test: int = 4) -> Path:
    """A DatasetDict in the trl export layout, saved with `save_to_disk`."""
    from datasets import Dataset, DatasetDict

    feats = trl_features()
    dd = DatasetDict({
        "train": Dataset.from_list(cit_rows(n_train), features=feats),
        "test": Dataset.from_list(cit_rows(n_test, offset=1000), features=feats),
    })
    dd.save_to_disk(str(folder))
    return Path(folder)


def write_run_folder(folder: str | Path, n_charts: int = 12) -> Path:
    """A run folder as `cit synth` leaves it (samples.jsonl + images/), three Q&A per chart."""
    from cit.record import QA, AnswerType, Lineage, RenderInfo, Sample

    folder = Path(folder)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(n_charts):
        image = f"images/c{i}.png"
        (folder / image).write_bytes(chart_png(i))
        qas = []
        for k, (kind, ctype, q, a, atype) in enumerate(_QUESTIONS):
            qas.append(QA(id=f"c{i}-q{k}", question=q, answer=a, rationale="The bars show sales by region.",
                          kind=kind, answer_type=AnswerType(**atype), status="verified", verified=True,
                          verified_by="engine"))
        ctype = _QUESTIONS[i % len(_QUESTIONS)][1]
        s = Sample(id=f"c{i}", family=ctype.split("/")[0], chart_type=ctype, library="matplotlib", code="# drawn by PIL",
                   image=image, render=RenderInfo(ok=True, images=[image]), qa=qas,
                   lineage=Lineage(level="easy" if i % 2 else "hard"))
        lines.append(s.to_json_line())
    (folder / "samples.jsonl").write_text("".join(lines))
    (folder / "DONE").write_text("{}\n")  # a finished run (exports refuse unfinished ones)
    return folder


def export_cit_run(folder: str | Path, fmt: str = "trl", n_charts: int = 12, test_fraction: float = 0.3) -> Path:
    """`cit export --format fmt` of a hand-made run folder; returns the export folder."""
    from cit.export import export_run
    from cit.export.rows import Selection

    folder = Path(folder)
    run = write_run_folder(folder / "run", n_charts)
    export_run(run, fmt, folder / fmt, Selection(test_fraction=test_fraction))
    return folder / fmt
