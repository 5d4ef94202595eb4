"""An LLM server that goes away is not data: a real loopback server is stopped and started
around `cit synth` runs. Nothing is rejected for it; a run that outlives the outage ends as
an uninterrupted run would, and one that does not stops and resumes to the same result."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from fake_llm_server import FakeLLMServer, Reply
from llm_scripts import chart_program, fenced
from synth_helpers import assert_one_line_error, digest, jsonl, run_cli

from cit.config import load_config
from cit.llm.types import LLMOutageError
from cit.runner import synth

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")

KINDS = ["bar", "line", "barh", "area", "scatter", "step"]
PROGRAMS = [chart_program(f"p{i}", KINDS[i % 6], [i + 2, 2 * i + 3, 5, 9 - i % 5, 4]) for i in range(12)]
N = 8


class ByRequest:
    """Answers a request from its own content (its sampling seed), so a request that is
    retried after a dropped connection gets the reply it would have got the first time.
    `on_chat(k)` is called with the number of chat requests seen so far."""

    def __init__(self, on_chat=None):
        self.on_chat = on_chat
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, request: dict) -> Reply:
        with self.lock:
            self.count += 1
            k = self.count
        if self.on_chat:
            self.on_chat(k)
        return Reply(text=fenced(PROGRAMS[int(request.get("seed") or 0) % len(PROGRAMS)]))


def config(base_url: str, out: Path, **llm):
    settings = {"model": "fake-coder", "base_url": base_url, "max_retries": 1, "concurrency": 2,
                "backoff_initial": 0.05, "backoff_max": 0.2, **llm}
    return load_config(overrides={
        "out": str(out), "n": N, "seed": 5, "chunk_size": 2, "generator": "llm", "executor.workers": 2,
        "stages": ["self_instruct", "render", "validate", "dedup", "filter"], "filter.min_qa": 0,
        "synth.engine_seeds": 0, "synth.self_instruct_turns": ["direct"], "llm": settings})


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outage") / "uninterrupted"
    with FakeLLMServer(ByRequest()) as server:
        synth(config(server.base_url, out))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def outage(server: FakeLLMServer, back_after: float | None):
    """Stop the server (from a thread of its own: the handler runs on the server's loop), and
    start it again after `back_after` seconds, or never."""
    def go() -> None:
        server.close()
        if back_after is not None:
            threading.Timer(back_after, server.start).start()

    threading.Thread(target=go, daemon=True).start()


def test_server_down_from_the_start_stops_at_once_and_a_rerun_completes(reference: Path, tmp_path: Path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    out = tmp_path / "run"
    cli = ["synth", "--out", str(out), "--n", str(N), "--seed", "5", "--generator", "llm", "--llm-base-url", url,
           "--llm-model", "fake-coder", "--chunk-size", "2", "--workers", "2",
           "--set", "stages=[self_instruct,render,validate,dedup,filter]", "--set", "filter.min_qa=0",
           "--set", "synth.engine_seeds=0", "--set", "synth.self_instruct_turns=[direct]",
           "--set", "llm.max_retries=1", "--set", "llm.concurrency=2", "--set", "llm.backoff_initial=0.05",
           "--set", "llm.backoff_max=0.2"]
    proc = run_cli(*cli)
    assert_one_line_error(proc, f"cannot reach the LLM server at {url}", "connection refused")
    assert not (out / "DONE").exists() and jsonl(out / "rejected.jsonl") == []
    with FakeLLMServer(ByRequest(), port=port):
        assert run_cli(*cli).returncode == 0
    assert digest(out) == digest(reference)


def test_a_short_outage_mid_run_is_waited_out_and_changes_nothing(reference: Path, tmp_path: Path):
    server = FakeLLMServer(ByRequest(on_chat=lambda k: k == 3 and outage(server, back_after=1.5)))
    with server:
        summary = synth(config(server.base_url, tmp_path / "run"))
    assert summary.kept == len(jsonl(reference / "samples.jsonl"))
    assert not any(r["stage"] == "self_instruct" and "llm" in r["reason"] for r in jsonl(tmp_path / "run" / "rejected.jsonl"))
    assert digest(tmp_path / "run") == digest(reference)


def test_an_outage_longer_than_the_limit_stops_the_run_and_a_rerun_resumes_to_the_same_result(reference: Path, tmp_path: Path):
    out = tmp_path / "run"
    server = FakeLLMServer(ByRequest(on_chat=lambda k: k == 5 and outage(server, back_after=None)))
    with server:
        port = server.port
        with pytest.raises(LLMOutageError) as info:
            synth(config(server.base_url, out, outage_timeout=1.0))
    assert "rerun the same command" in str(info.value)
    assert not (out / "DONE").exists()
    committed = jsonl(out / "samples.jsonl") + jsonl(out / "rejected.jsonl")
    assert committed and not any("llm" in r.get("reason", "") for r in jsonl(out / "rejected.jsonl"))
    with FakeLLMServer(ByRequest(), port=port) as again:
        synth(config(again.base_url, out, outage_timeout=1.0))
    assert digest(out) == digest(reference)


def test_a_refused_key_stops_before_any_work(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CIT_TEST_KEY", "sk-wrong-000000000000")
    with FakeLLMServer(ByRequest(), api_key="sk-right-111111111111") as server:
        with pytest.raises(Exception) as info:
            synth(config(server.base_url, tmp_path / "run", api_key_env="CIT_TEST_KEY"))
        assert server.chat_requests == []
    assert "refused the API key" in str(info.value) and "CIT_TEST_KEY" in str(info.value)


def test_an_unknown_model_stops_before_any_work(tmp_path: Path):
    with FakeLLMServer(ByRequest(), models=("other-model",)) as server:
        with pytest.raises(Exception, match="does not serve model 'fake-coder'") as info:
            synth(config(server.base_url, tmp_path / "run"))
        assert server.chat_requests == []
    assert "other-model" in str(info.value)
