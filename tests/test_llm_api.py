"""The shared interface: calling conventions, sampling, usage, configuration errors, images."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fake_llm_server import FakeLLMServer, Reply, last_user_text
from PIL import Image

from cit.errors import UserError
from cit.llm import Completion, Sampling, as_llm_call, image_part, make_llm
from cit.llm.config import LLMConfig, PriceConfig
from cit.llm.types import redact_images


def _cfg(server: FakeLLMServer, **kw) -> LLMConfig:
    base = dict(model="fake-model", base_url=server.base_url, backoff_initial=0.01, max_retries=1, cache=False)
    base.update(kw)
    return LLMConfig(**base)


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


async def test_generate_works_inside_a_running_event_loop():
    with FakeLLMServer() as server:
        with make_llm(_cfg(server)) as llm:
            # Sync code called from a coroutine (blocks this loop, but must not deadlock or raise).
            [a] = llm.generate([[{"role": "user", "content": "sync"}]])
            [b] = await llm.agenerate([[{"role": "user", "content": "async"}]])
    assert (a.text, b.text) == ("echo: sync", "echo: async")


def test_agenerate_from_several_foreign_loops_at_once():
    with FakeLLMServer() as server:
        with make_llm(_cfg(server, concurrency=4)) as llm:
            texts: dict[int, list] = {}

            def in_thread(k: int) -> None:
                async def main() -> list[Completion]:
                    return await llm.agenerate([[{"role": "user", "content": f"t{k} {i}"}] for i in range(10)])
                texts[k] = [c.text for c in asyncio.run(main())]

            threads = [threading.Thread(target=in_thread, args=(k,)) for k in range(3)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    assert texts == {k: [f"echo: t{k} {i}" for i in range(10)] for k in range(3)}


async def test_cancelling_agenerate_frees_the_connection_slots():
    def handler(request: dict) -> Reply:
        return Reply(delay=60) if last_user_text(request) == "stuck" else Reply(text="fast")

    with FakeLLMServer(handler) as server:
        with make_llm(_cfg(server, concurrency=1, timeout=120)) as llm:
            task = asyncio.ensure_future(llm.agenerate([[{"role": "user", "content": "stuck"}]]))
            assert await asyncio.to_thread(server.wait_for_requests, 1)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            # With one slot, this only returns if the cancelled request let go of it.
            [c] = await llm.agenerate([[{"role": "user", "content": "next"}]])
    assert c.text == "fast"


def test_sampling_defaults_and_per_conversation_settings_reach_the_server():
    cfg_sampling = {"temperature": 0.7, "top_p": 0.9, "max_tokens": 256, "seed": None}
    with FakeLLMServer() as server:
        with make_llm(_cfg(server, sampling=cfg_sampling, extra_body={"top_k": 20})) as llm:
            llm.generate([[{"role": "user", "content": "a"}]])
            llm.generate([[{"role": "user", "content": "b"}], [{"role": "user", "content": "c"}]],
                         [Sampling(seed=1, stop=("```",)), Sampling(temperature=0.0, seed=2)])
        a, b, c = (r.body for r in server.chat_requests)
    assert (a["temperature"], a["top_p"], a["max_tokens"], a["top_k"]) == (0.7, 0.9, 256, 20)
    assert "seed" not in a and "stop" not in a
    assert (b["seed"], b["stop"], b["temperature"]) == (1, ["```"], 0.7)
    assert (c["seed"], c["temperature"]) == (2, 0.0)


def test_max_completion_tokens_param_for_newer_openai_models():
    with FakeLLMServer() as server:
        with make_llm(_cfg(server, max_tokens_param="max_completion_tokens")) as llm:
            llm.generate([[{"role": "user", "content": "a"}]], Sampling(max_tokens=99))
        [body] = (r.body for r in server.chat_requests)
    assert body["max_completion_tokens"] == 99 and "max_tokens" not in body


def test_sampling_list_must_match_the_batch():
    with FakeLLMServer() as server:
        with make_llm(_cfg(server)) as llm:
            with pytest.raises(ValueError, match="2 sampling settings for 1"):
                llm.generate([[{"role": "user", "content": "a"}]], [Sampling(), Sampling()])


def test_usage_counts_tokens_and_prices_them():
    usage_reply = Reply(text="ok", usage={"prompt_tokens": 1000, "completion_tokens": 500, "total_tokens": 1500})
    prices = {"fake-model": PriceConfig(input=2.0, output=8.0)}
    with FakeLLMServer(lambda r: usage_reply) as server:
        with make_llm(_cfg(server, prices=prices)) as llm:
            llm.generate([[{"role": "user", "content": f"{i}"}] for i in range(4)])
            usage = llm.usage
        with make_llm(_cfg(server, model="unpriced")) as llm:
            llm.generate([[{"role": "user", "content": "x"}]])
            unpriced = llm.usage
    assert (usage["requests"], usage["prompt_tokens"], usage["completion_tokens"]) == (4, 4000, 2000)
    assert usage["cost_usd"] == pytest.approx(4000 * 2.0 / 1e6 + 2000 * 8.0 / 1e6)
    assert unpriced["cost_usd"] is None


def test_images_travel_as_data_urls_and_are_redacted_on_records(tmp_path: Path):
    png = _png()
    (tmp_path / "chart.png").write_bytes(png)
    part = image_part(tmp_path / "chart.png")
    assert part == image_part(png) and part["image_url"]["url"].startswith("data:image/png;base64,")
    with pytest.raises(ValueError):
        image_part(b"GIF89a not a png")
    messages = [{"role": "user", "content": [{"type": "text", "text": "what is the max?"}, part]}]
    with FakeLLMServer() as server:
        with make_llm(_cfg(server)) as llm:
            [c] = llm.generate([messages])
        [body] = (r.body for r in server.chat_requests)
    assert body["messages"][0]["content"][1] == part
    call = as_llm_call("judge", "fake-model", messages, c)
    url = call.messages[0]["content"][1]["image_url"]["url"]
    assert "base64" not in url and "sha256:" in url
    assert call.reply == "echo: what is the max?" and call.messages[0]["content"][0]["text"] == "what is the max?"
    assert redact_images(messages) == call.messages


def test_missing_key_for_openai_is_a_user_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("CIT_ABSENT_KEY", raising=False)
    with pytest.raises(UserError, match=r"\$CIT_ABSENT_KEY"):
        make_llm(LLMConfig(model="gpt-4o", api_key_env="CIT_ABSENT_KEY"))


def test_model_must_be_set():
    with pytest.raises(UserError, match="llm.model"):
        make_llm(LLMConfig())


def test_base_url_from_environment(monkeypatch: pytest.MonkeyPatch):
    with FakeLLMServer() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        with make_llm(LLMConfig(model="fake-model", cache=False)) as llm:
            [c] = llm.generate([[{"role": "user", "content": "env"}]])
    assert c.text == "echo: env"


def test_importing_cit_llm_pulls_neither_torch_nor_the_sdk():
    code = ("import sys, cit, cit.llm, cit.llm.parsing, cit.config; "
            "print(sorted(m for m in ('torch', 'transformers', 'openai', 'vllm') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
