"""`cit align` (Math-PUMA stage 2): the KL term, and a few real steps on paired variants of
an engine run with a tiny VLM built here."""

from __future__ import annotations

from pathlib import Path

import pytest

from cit.errors import UserError
from cit.export import export_run
from cit.export.rows import Selection
from cit.runner import synth
from cit.train.align import AlignOptions, _Collate, _answer_logits, kl_term, pairs, run_align
from synth_helpers import small_config
from tiny_vlm import build_tiny_vlm

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("align")
    synth(small_config(root / "run", n=4, chunk_size=4))
    export_run(root / "run", "trl", root / "paired", Selection(variants=True, test_fraction=0.0))
    export_run(root / "run", "trl", root / "plain", Selection(test_fraction=0.0))
    return {"paired": root / "paired", "plain": root / "plain", "model": build_tiny_vlm(root / "model")}


def test_the_kl_term_is_zero_for_identical_inputs_and_positive_when_they_differ(setup):
    import torch
    from datasets import load_from_disk
    from transformers import AutoModelForImageTextToText, AutoProcessor

    found = pairs(list(load_from_disk(str(setup["paired"]))["train"]))
    assert found and all(s["variant"] == "vision-dominant" and t["variant"] == "text-dominant" for s, t in found)
    model = AutoModelForImageTextToText.from_pretrained(setup["model"]).eval()
    batch = _Collate(AutoProcessor.from_pretrained(setup["model"]))(found[:2])

    def logits(side: str):
        with torch.no_grad():
            out = model(input_ids=batch[f"{side}_input_ids"], attention_mask=batch[f"{side}_attention_mask"],
                        pixel_values=batch[f"{side}_pixel_values"])
        return _answer_logits(out.logits, batch[f"{side}_labels"])

    (s, mask), (t, _) = logits("student"), logits("teacher")
    assert float(kl_term(s, s, mask)) == pytest.approx(0.0, abs=1e-6)
    assert float(kl_term(t, s, mask)) > 1e-6  # the text-rich prompt moves the answer distribution


def test_cit_align_trains_a_few_steps_and_saves_a_checkpoint_that_reloads(setup, tmp_path: Path):
    out = tmp_path / "align"
    result = run_align(AlignOptions(model=str(setup["model"]), data=str(setup["paired"]), output_dir=str(out),
                                    kl_weight=0.5, trainer={"max_steps": 2, "per_device_train_batch_size": 2,
                                                            "logging_steps": 1, "save_strategy": "no", "bf16": True}))
    assert result["pairs"] > 0 and sum("loss" in h for h in result["log_history"]) == 2
    assert "kl_weight: 0.5" in (out / "cit_align_config.yaml").read_text()
    from peft import PeftModel
    from transformers import AutoModelForImageTextToText

    assert PeftModel.from_pretrained(AutoModelForImageTextToText.from_pretrained(setup["model"]), str(out))


@pytest.mark.parametrize("which, words", [("plain", "vision-dominant and a text-dominant form: export with `--variants`"), ("missing", "does not exist")])
def test_data_without_pairs_is_one_line(setup, which: str, words: str, tmp_path: Path):
    data = setup["plain"] if which == "plain" else tmp_path / "nope"
    with pytest.raises(UserError, match=words):
        run_align(AlignOptions(model=str(setup["model"]), data=str(data), output_dir=str(tmp_path / "o")))


def test_cit_align_runs_as_written_from_the_command_line(setup, tmp_path: Path):
    from synth_helpers import run_cli

    proc = run_cli("align", "--data", str(setup["paired"]), "--model", str(setup["model"]), "--output-dir",
                   str(tmp_path / "o"), "--kl-weight", "2", "--full", "--max_steps", "1", "--per_device_train_batch_size", "2",
                   "--save_strategy", "no")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o" / "config.json").exists()  # full fine-tuning saves the whole model
