"""The request cache in the run folder, and keeping the API key out of everything kept."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import pytest
from fake_llm_server import FakeLLMServer, Reply, fail_first

from cit.llm import CACHE_FILE, LLMFatalError, Sampling, make_llm
from cit.llm.config import LLMConfig

KEY = "sk-cit-test-7f3a9c1e5b2d4f6a8c0e"


def _cfg(server: FakeLLMServer, **kw) -> LLMConfig:
    base = dict(model="fake-model", base_url=server.base_url, backoff_initial=0.01, backoff_max=0.02,
                max_retries=1, concurrency=8)
    base.update(kw)
    return LLMConfig(**base)


def _convs(n: int, prefix: str = "q") -> list[list[dict]]:
    return [[{"role": "user", "content": f"{prefix} {i}"}] for i in range(n)]


def test_rerun_in_a_new_client_hits_the_cache(tmp_path: Path):
    with FakeLLMServer() as server:
        with make_llm(_cfg(server), cache_dir=tmp_path) as llm:
            first = llm.generate(_convs(20))
        assert len(server.chat_requests) == 20
        with make_llm(_cfg(server), cache_dir=tmp_path) as llm:
            again = llm.generate(_convs(20))
            usage = llm.usage
        assert len(server.chat_requests) == 20  # nothing new reached the server
    assert [c.text for c in again] == [c.text for c in first]
    assert all(c.cached for c in again) and not any(c.cached for c in first)
    assert usage["cache_hits"] == 20 and usage["requests"] == 0 and usage["prompt_tokens"] == 0


def test_seed_and_sampling_are_part_of_the_key(tmp_path: Path):
    conv = _convs(1)
    with FakeLLMServer() as server:
        with make_llm(_cfg(server), cache_dir=tmp_path) as llm:
            llm.generate(conv, Sampling(seed=1))
            llm.generate(conv, Sampling(seed=1))
            llm.generate(conv, Sampling(seed=2))
            llm.generate(conv, Sampling(seed=1, temperature=0.3))
        assert [r.body.get("seed") for r in server.chat_requests] == [1, 2, 1]


def test_failures_are_not_cached_and_are_retried_on_rerun(tmp_path: Path):
    with FakeLLMServer(fail_first(1, Reply(choices=[]))) as server:  # a reply without content: recorded
        with make_llm(_cfg(server, max_retries=1), cache_dir=tmp_path) as llm:
            [failed] = llm.generate(_convs(1))
        with make_llm(_cfg(server, max_retries=1), cache_dir=tmp_path) as llm:
            [ok] = llm.generate(_convs(1))
        assert len(server.chat_requests) == 2
    assert failed.error_kind == "empty-choices"
    assert ok.ok and not ok.cached


def test_same_request_twice_in_one_batch_is_sent_once(tmp_path: Path):
    with FakeLLMServer() as server:
        with make_llm(_cfg(server), cache_dir=tmp_path) as llm:
            out = llm.generate(_convs(1) * 3 + _convs(2, "other"))
        assert len(server.chat_requests) == 3
    assert [c.text for c in out] == ["echo: q 0"] * 3 + ["echo: other 0", "echo: other 1"]
    assert out[0] is not out[1]


def test_cache_is_safe_under_concurrent_callers(tmp_path: Path):
    with FakeLLMServer() as server:
        with make_llm(_cfg(server), cache_dir=tmp_path) as llm:
            results: dict[int, list] = {}

            def worker(k: int) -> None:
                # Overlapping requests from several threads at once.
                results[k] = llm.generate(_convs(30, prefix=f"w{k % 2}"))

            threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        for k, out in results.items():
            assert [c.text for c in out] == [f"echo: w{k % 2} {i}" for i in range(30)]
    rows = sqlite3.connect(tmp_path / CACHE_FILE).execute("SELECT COUNT(*) FROM completions").fetchone()[0]
    assert rows == 60


def test_key_never_reaches_the_run_folder_or_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CIT_TEST_KEY", KEY)
    # Everything that logs anything, at DEBUG, into a file in the run folder.
    handler = logging.FileHandler(tmp_path / "run.log")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    texts: list[str] = []
    try:
        with FakeLLMServer(fail_first(1, Reply(status=500)), api_key=KEY) as server:
            with make_llm(_cfg(server, api_key_env="CIT_TEST_KEY"), cache_dir=tmp_path) as llm:
                out = llm.generate(_convs(5))
                texts += [repr(llm), repr(vars(llm)), str(llm.usage)]
            assert all(c.ok for c in out)
            assert server.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"  # it was really used
        # A server that echoes the key back in its 401 body.
        with FakeLLMServer(api_key="sk-some-other-key-1234") as server:
            with make_llm(_cfg(server, api_key_env="CIT_TEST_KEY"), cache_dir=tmp_path) as llm:
                with pytest.raises(LLMFatalError) as info:
                    llm.generate(_convs(2, "x"))
                texts.append(str(info.value))
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {CACHE_FILE, "run.log"}
    assert (tmp_path / "run.log").stat().st_size > 0
    for path in files:
        assert KEY.encode() not in path.read_bytes(), path.name
    for text in texts:
        assert KEY not in text
