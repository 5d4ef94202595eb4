"""What cit knows about each VLM family: where its parts live and what its processor needs.

A VLM trained here has three parts: the vision tower, the projector that maps image
features into the LLM's embedding space, and the LLM itself (with its output head).
Each preset lists the parameter-name prefixes of those parts as transformers (5.x)
names them for `AutoModelForImageTextToText`; a parameter belongs to the part with the
longest matching prefix, so Qwen's merger (`model.visual.merger`) is the projector even
though it sits inside `model.visual`.

The prefixes are checked against real (tiny, randomly initialised) models of every
family in tests/test_train_presets.py; processors of the Qwen, SmolVLM and InternVL
families need torchvision, so their processing is not exercised on a CPU-only box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from cit.errors import UserError

PARTS = ("vision", "projector", "llm")


@dataclass(frozen=True)
class Preset:
    name: str
    model_types: tuple[str, ...]  # `config.model_type` values this preset describes
    vision: tuple[str, ...]
    projector: tuple[str, ...]
    llm: tuple[str, ...]
    # Passed to AutoProcessor.from_pretrained: bounds on image tokens per chart.
    processor_kwargs: dict[str, Any] = field(default_factory=dict)
    needs_torchvision: bool = False
    notes: str = ""

    def prefixes(self, part: str) -> tuple[str, ...]:
        return {"vision": self.vision, "projector": self.projector, "llm": self.llm}[part]


_LLAVA_PARTS = dict(vision=("model.vision_tower",), projector=("model.multi_modal_projector",),
                    llm=("model.language_model", "lm_head"))

PRESETS: dict[str, Preset] = {
    "qwen2.5-vl": Preset(
        "qwen2.5-vl", ("qwen2_5_vl", "qwen2_vl"),
        vision=("model.visual",), projector=("model.visual.merger",), llm=("model.language_model", "lm_head"),
        # Dynamic resolution: a 1000x700 chart is about 900 image tokens at the default
        # bound; 1280 * 28 * 28 pixels caps a chart at 1280 tokens.
        processor_kwargs={"min_pixels": 256 * 28 * 28, "max_pixels": 1280 * 28 * 28},
        needs_torchvision=True,
        notes="Processor needs torchvision (video processor). TRL patches its chat template for assistant-only loss.",
    ),
    "llava-next": Preset(
        "llava-next", ("llava_next",),
        vision=("model.vision_tower",), projector=("model.multi_modal_projector", "model.image_newline"),
        llm=("model.language_model", "lm_head"),
        notes="AnyRes tiling: up to 5 tiles per image (about 2,900 image tokens at 672 px), so max_length must stay None. "
              "The image_newline vector is trained with the projector.",
    ),
    "idefics3": Preset(
        "idefics3", ("idefics3",),
        vision=("model.vision_model",), projector=("model.connector",), llm=("model.text_model", "lm_head"),
        notes="Image splitting into sub-images multiplies image tokens; pass processor size/longest_edge to bound them.",
    ),
    "smolvlm": Preset(
        "smolvlm", ("smolvlm",),
        vision=("model.vision_model",), projector=("model.connector",), llm=("model.text_model", "lm_head"),
        needs_torchvision=True,
        notes="Idefics3 layout with a smaller LM; processor needs torchvision (video processor).",
    ),
    "internvl": Preset(
        "internvl", ("internvl",), **_LLAVA_PARTS,
        needs_torchvision=True,
        notes="Use the transformers-native '-hf' checkpoints (e.g. OpenGVLab/InternVL3-2B-hf); the original remote-code "
              "checkpoints are not AutoModelForImageTextToText models. Processor needs torchvision. TRL has no "
              "training chat template for it, so assistant-only loss falls back to prompt/completion masking.",
    ),
    "llava": Preset(
        "llava", ("llava",), **_LLAVA_PARTS,
        notes="LLaVA-1.5 layout: a fixed number of image tokens per image.",
    ),
}

# Used when the model type has no preset: every family above, longest prefix wins.
_GENERIC = Preset(
    "generic", (),
    vision=("model.vision_tower", "model.visual", "model.vision_model"),
    projector=("model.multi_modal_projector", "model.visual.merger", "model.connector", "model.image_newline"),
    llm=("model.language_model", "model.text_model", "lm_head"),
)


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise UserError(f"unknown preset '{name}'; choose one of {', '.join(PRESETS)}") from None


def preset_for(model_type: str | None, name: str | None = None) -> Preset:
    """The named preset, else the one for `model_type`, else the generic prefixes."""
    if name:
        return get_preset(name)
    for p in PRESETS.values():
        if model_type in p.model_types:
            return p
    return _GENERIC


def part_of(param_name: str, preset: Preset) -> str | None:
    """Which part a parameter (or module) name belongs to; None when no prefix matches."""
    # PEFT wraps the model: "base_model.model.model.visual..." -> "model.visual...".
    name = param_name.removeprefix("base_model.model.")
    best, best_len = None, -1
    for part in PARTS:
        for prefix in preset.prefixes(part):
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = part, len(prefix)
    return best


def split_parameters(names: Iterable[str], preset: Preset) -> dict[str, list[str]]:
    """Parameter names grouped by part; names no prefix matches go under "other"."""
    groups: dict[str, list[str]] = {p: [] for p in (*PARTS, "other")}
    for n in names:
        groups[part_of(n, preset) or "other"].append(n)
    return groups
