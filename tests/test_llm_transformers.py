"""The transformers backend with a tiny random Llama and a tokenizer trained here (no downloads)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cit.errors import UserError
from cit.llm import LLMFatalError, Sampling, image_part, make_llm
from cit.llm.config import LLMConfig

# "<|eos|>" is id 0 on purpose: a model whose output layer is zeroed then always picks it.
SPECIAL = ["<|eos|>", "<|pad|>", "<|bos|>", "<|user|>", "<|assistant|>", "<|system|>"]
TEMPLATE = ("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|eos|>{% endfor %}"
            "{% if add_generation_prompt %}<|assistant|>{% endif %}")


def _build(folder: Path, always_eos: bool = False) -> Path:
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = ["draw a bar chart of sales by region", "what is the maximum value", "plot the line", "hello"] * 10
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=320, special_tokens=SPECIAL,
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|bos|>", eos_token="<|eos|>", pad_token="<|pad|>")
    fast.chat_template = TEMPLATE
    fast.save_pretrained(folder)
    config = LlamaConfig(vocab_size=len(fast), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                         bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id, pad_token_id=fast.pad_token_id)
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    if always_eos:
        with torch.no_grad():
            model.lm_head.weight.zero_()
    model.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("tiny-llama"))


def _cfg(path: Path, **kw) -> LLMConfig:
    base = dict(backend="transformers", model=str(path), cache=False,
                sampling={"temperature": 0.0, "max_tokens": 6}, transformers={"batch_size": 4, "device": "cpu"})
    base.update(kw)
    return LLMConfig(**base)


CONVS = [
    [{"role": "user", "content": "hello"}],
    [{"role": "system", "content": "be brief"}, {"role": "user", "content": "draw a bar chart of sales by region"}],
    [{"role": "user", "content": [{"type": "text", "text": "plot the line"}]}],
    [{"role": "user", "content": "what is the maximum value of the line plot"}],
    [{"role": "user", "content": "hi"}],
]


def test_batched_left_padded_generation_matches_one_at_a_time(tiny_model: Path):
    with make_llm(_cfg(tiny_model)) as llm:
        batch = llm.generate(CONVS)  # prompts of different lengths, two chunks of up to 4
        alone = [llm.generate([c])[0] for c in CONVS]
    assert [c.text for c in batch] == [c.text for c in alone]
    assert all(c.ok and c.finish_reason == "length" and c.truncated for c in batch)
    assert all(c.usage["completion_tokens"] == 6 for c in batch)


def test_prompt_tokens_are_the_chat_template_tokens(tiny_model: Path):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny_model)
    with make_llm(_cfg(tiny_model)) as llm:
        out = llm.generate(CONVS[:2])
    for conv, c in zip(CONVS[:2], out):
        ids = tok(tok.apply_chat_template(conv, add_generation_prompt=True, tokenize=False), add_special_tokens=False)
        assert c.usage["prompt_tokens"] == len(ids["input_ids"])


def test_seeded_sampling_is_reproducible(tiny_model: Path):
    with make_llm(_cfg(tiny_model, sampling={"temperature": 1.0, "max_tokens": 8})) as llm:
        a = llm.generate(CONVS[:2], Sampling(seed=7))
        b = llm.generate(CONVS[:2], Sampling(seed=7))
    assert [c.text for c in a] == [c.text for c in b]


def test_end_of_sequence_ends_a_reply_with_stop(tmp_path: Path):
    folder = _build(tmp_path / "eos", always_eos=True)
    with make_llm(_cfg(folder)) as llm:
        [c] = llm.generate(CONVS[:1])
    assert c.text == "" and c.finish_reason == "stop" and not c.truncated
    assert c.usage["completion_tokens"] == 1


def test_rerun_is_served_from_the_cache(tiny_model: Path, tmp_path: Path):
    with make_llm(_cfg(tiny_model, cache=True), cache_dir=tmp_path) as llm:
        first = llm.generate(CONVS[:3])
    with make_llm(_cfg(tiny_model, cache=True), cache_dir=tmp_path) as llm:
        again = llm.generate(CONVS[:3])
        usage = llm.usage
    assert [c.text for c in again] == [c.text for c in first] and all(c.cached for c in again)
    assert usage["requests"] == 0 and usage["cache_hits"] == 3


def test_images_are_refused_as_a_fatal_error(tiny_model: Path):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, format="PNG")
    conv = [{"role": "user", "content": [{"type": "text", "text": "max?"}, image_part(buf.getvalue())]}]
    with make_llm(_cfg(tiny_model)) as llm:
        with pytest.raises(LLMFatalError, match="text-only"):
            llm.generate([conv])


def test_missing_model_folder_is_a_user_error(tmp_path: Path):
    with pytest.raises(UserError, match="cannot load model"):
        make_llm(_cfg(tmp_path / "nope"))
