"""The vllm backend, as far as it can be tested without vLLM (which needs CUDA)."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import pytest

from cit.errors import UserError
from cit.llm import Sampling, make_llm
from cit.llm.config import LLMConfig
from cit.llm.vllm_backend import MISSING, completion_from_output, engine_kwargs, sampling_kwargs


def test_missing_vllm_is_a_clear_user_error():
    assert importlib.util.find_spec("vllm") is None  # this machine has no vLLM
    with pytest.raises(UserError) as info:
        make_llm(LLMConfig(backend="vllm", model="Qwen/Qwen2.5-7B-Instruct"))
    assert str(info.value) == MISSING == "the vllm backend needs `pip install 'cit[vllm]'` on a CUDA machine"


def test_engine_arguments_come_from_the_config():
    cfg = LLMConfig(backend="vllm", model="org/model", sampling={"seed": 3},
                    vllm={"tensor_parallel_size": 4, "gpu_memory_utilization": 0.8, "max_model_len": 16384,
                          "dtype": "bfloat16", "engine_args": {"limit_mm_per_prompt": {"image": 2}}})
    assert engine_kwargs(cfg) == {
        "model": "org/model", "tensor_parallel_size": 4, "gpu_memory_utilization": 0.8, "dtype": "bfloat16",
        "trust_remote_code": False, "enforce_eager": False, "max_model_len": 16384, "seed": 3,
        "limit_mm_per_prompt": {"image": 2},
    }


def test_defaults_leave_optional_engine_arguments_to_vllm():
    kwargs = engine_kwargs(LLMConfig(backend="vllm", model="m"))
    assert "max_model_len" not in kwargs and "seed" not in kwargs


def test_sampling_maps_to_sampling_params():
    s = Sampling(temperature=0.2, top_p=0.9, max_tokens=512, seed=11, stop=("```",))
    assert sampling_kwargs(s) == {"n": 1, "temperature": 0.2, "top_p": 0.9, "max_tokens": 512,
                                  "seed": 11, "stop": ["```"]}
    assert "seed" not in sampling_kwargs(Sampling(temperature=1.0, top_p=1.0, max_tokens=8))


def _output(text: str | None, finish: str, prompt: int = 5, generated: int = 3) -> SimpleNamespace:
    outs = [] if text is None else [SimpleNamespace(text=text, token_ids=list(range(generated)), finish_reason=finish)]
    return SimpleNamespace(prompt_token_ids=list(range(prompt)), outputs=outs)


def test_request_outputs_become_completions_mock():
    # Stand-ins shaped like vllm.RequestOutput: vLLM itself cannot be installed here.
    done = completion_from_output(_output("import plotly", "stop"))
    assert (done.text, done.finish_reason, done.usage) == (
        "import plotly", "stop", {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8})
    cut = completion_from_output(_output("import plo", "length", generated=4))
    assert cut.ok and cut.truncated and cut.usage["completion_tokens"] == 4
    empty = completion_from_output(_output(None, "stop"))
    assert empty.error_kind == "empty-choices" and empty.usage["prompt_tokens"] == 5
    aborted = completion_from_output(_output("", "abort"))
    assert aborted.error_kind == "aborted" and not aborted.ok
