"""The openai backend against a real HTTP server on 127.0.0.1 that injects faults."""

from __future__ import annotations

import pytest
from fake_llm_server import FakeLLMServer, Reply, echo, fail_first, last_user_text

from cit.errors import UserError
from cit.llm import LLMFatalError, make_llm
from cit.llm.types import LLMOutageError
from cit.llm.config import LLMConfig


def _cfg(server: FakeLLMServer, **kw) -> LLMConfig:
    base = dict(model="fake-model", base_url=server.base_url, backoff_initial=0.01, backoff_max=0.02,
                timeout=10.0, max_retries=3, concurrency=8, cache=False)
    base.update(kw)
    return LLMConfig(**base)


def _convs(n: int, prefix: str = "q") -> list[list[dict]]:
    return [[{"role": "user", "content": f"{prefix} {i}"}] for i in range(n)]


def test_retry_after_seconds_is_honoured_before_the_retry():
    with FakeLLMServer(fail_first(1, Reply(status=429, headers={"Retry-After": "1"}))) as server:
        # Backoff is capped at 20 ms, so only the header can explain a 1 s gap.
        with make_llm(_cfg(server)) as llm:
            [c] = llm.generate(_convs(1))
            usage = llm.usage
        first, second = server.chat_requests
    assert c.ok and c.text == "echo: q 0"
    assert second.t - first.t >= 0.95
    assert usage["retries_by_kind"] == {"rate-limit": 1}


def test_retry_after_ms_pauses_every_queued_request():
    with FakeLLMServer() as server:
        server.script(Reply(status=429, headers={"retry-after-ms": "500"}))
        with make_llm(_cfg(server, concurrency=1)) as llm:
            out = llm.generate(_convs(3))
        seen = server.chat_requests
    assert all(c.ok for c in out)
    assert len(seen) == 4
    # The other conversations were not sent while the server had asked everyone to wait.
    assert all(r.t - seen[0].t >= 0.45 for r in seen[1:])


def test_server_errors_then_success_are_retried():
    with FakeLLMServer(fail_first(2, Reply(status=500))) as server:
        with make_llm(_cfg(server)) as llm:
            out = llm.generate(_convs(5))
            usage = llm.usage
        assert len(server.chat_requests) == 15
    assert [c.text for c in out] == [f"echo: q {i}" for i in range(5)]
    assert usage["retries"] == 10 and usage["errors"] == 0


def test_persistent_server_error_holds_the_work_then_stops_with_the_real_cause():
    with FakeLLMServer(fail_first(10**6, Reply(status=503))) as server:
        with make_llm(_cfg(server, max_retries=2, outage_timeout=0.6)) as llm:
            with pytest.raises(LLMOutageError) as info:
                llm.generate(_convs(4))
        assert len(server.chat_requests) > 4 * 3  # kept retrying past the quick retries
    message = str(info.value)
    assert "HTTP 503" in message and "rerun the same command" in message and "\n" not in message


def test_slow_replies_time_out_and_are_retried_then_stop_the_run():
    def handler(request: dict) -> Reply:
        prompt = last_user_text(request)
        if prompt == "always slow":
            return Reply(delay=30)
        return slow_once(request)

    slow_once = fail_first(1, Reply(delay=30))
    with FakeLLMServer(handler) as server:
        with make_llm(_cfg(server, timeout=0.5, max_retries=1)) as llm:
            [once] = llm.generate([[{"role": "user", "content": "slow once"}]])
            with make_llm(_cfg(server, timeout=0.3, max_retries=1, outage_timeout=1.0)) as strict:
                with pytest.raises(LLMOutageError, match="read timeout after 0.3s"):
                    strict.generate([[{"role": "user", "content": "always slow"}]])
    assert once.ok and once.text == "echo: slow once"


@pytest.mark.parametrize("fault", [
    Reply(body="<html><body>502 Bad Gateway</body></html>", content_type="text/html"),
    Reply(body="{not json", content_type="application/json"),
    Reply(drop=True),
], ids=["html-page", "broken-json", "dropped-connection"])
def test_garbled_replies_are_retried(fault: Reply):
    with FakeLLMServer(fail_first(1, fault)) as server:
        with make_llm(_cfg(server)) as llm:
            out = llm.generate(_convs(3))
        assert len(server.chat_requests) == 6
    assert [c.text for c in out] == [f"echo: q {i}" for i in range(3)]


def test_non_json_body_that_persists_is_an_outage_not_a_record_error():
    with FakeLLMServer(lambda r: Reply(body="upstream unavailable", content_type="text/plain")) as server:
        with make_llm(_cfg(server, max_retries=1, outage_timeout=0.3)) as llm:
            with pytest.raises(LLMOutageError, match="not JSON"):
                llm.generate(_convs(1))


def test_empty_choices_are_recorded_not_retried():
    with FakeLLMServer(lambda r: Reply(choices=[])) as server:
        with make_llm(_cfg(server)) as llm:
            out = llm.generate(_convs(3))
        assert len(server.chat_requests) == 3
    assert all(c.error_kind == "empty-choices" and not c.ok for c in out)


def test_truncated_completion_is_flagged_and_counted():
    with FakeLLMServer(lambda r: Reply(text="import matplotlib", finish_reason="length")) as server:
        with make_llm(_cfg(server)) as llm:
            [c] = llm.generate(_convs(1))
            usage = llm.usage
    assert c.ok and c.truncated and c.text == "import matplotlib"
    assert usage["truncated"] == 1 and usage["completion_tokens"] == 2


def test_bad_key_stops_the_queue_early(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CIT_TEST_KEY", "sk-wrong-0123456789abcdef")
    with FakeLLMServer(api_key="sk-right-key-000000") as server:
        with make_llm(_cfg(server, api_key_env="CIT_TEST_KEY", concurrency=4)) as llm:
            with pytest.raises(LLMFatalError) as info:
                llm.generate(_convs(200))
        # At most the requests already in flight when the first 401 came back.
        assert len(server.chat_requests) <= 8
    message = str(info.value)
    assert "401" in message and "CIT_TEST_KEY" in message and "\n" not in message
    assert "sk-wrong-0123456789abcdef" not in message  # the server echoed it; we must not
    assert isinstance(info.value, UserError)


def test_unknown_model_is_fatal_with_the_model_named():
    with FakeLLMServer(lambda r: Reply(status=404)) as server:
        with make_llm(_cfg(server, model="no-such-model")) as llm:
            with pytest.raises(LLMFatalError, match="no-such-model"):
                llm.generate(_convs(3))


def test_context_length_error_is_per_request():
    too_long = Reply(status=400, body={"error": {"message": "This model's maximum context length is 8192 tokens",
                                                  "code": "context_length_exceeded"}})

    def handler(request: dict) -> Reply:
        return too_long if "long" in last_user_text(request) else echo(request)

    with FakeLLMServer(handler) as server:
        with make_llm(_cfg(server)) as llm:
            ok, long = llm.generate([[{"role": "user", "content": "short"}], [{"role": "user", "content": "long"}]])
    assert ok.ok
    assert long.error_kind == "context-length" and "8192" in long.error


def test_other_bad_request_is_fatal():
    with FakeLLMServer(lambda r: Reply(status=400, body={"error": {"message": "unknown field 'foo'"}})) as server:
        with make_llm(_cfg(server)) as llm:
            with pytest.raises(LLMFatalError, match="unknown field"):
                llm.generate(_convs(2))


def test_every_request_ends_with_a_completion_or_a_recorded_content_error():
    faults = [Reply(status=429, headers={"retry-after-ms": "10"}), Reply(status=502), Reply(delay=30),
              Reply(body="oops", content_type="text/plain"), Reply(drop=True)]
    flaky = fail_first(1, faults[0])
    transient = {}

    def handler(request: dict) -> Reply:
        i = int(last_user_text(request).split()[1])
        if i % 7 == 0:
            return Reply(choices=[])  # a content failure: never succeeds, recorded
        if i % 7 == 1:  # a transport fault on the first two attempts, then an answer
            transient[i] = transient.get(i, 0) + 1
            return faults[(i // 7) % len(faults)] if transient[i] <= 2 else echo(request)
        return flaky(request)  # succeeds on the second attempt

    with FakeLLMServer(handler) as server:
        with make_llm(_cfg(server, timeout=0.5, max_retries=1, concurrency=16)) as llm:
            out = llm.generate(_convs(60))
            usage = llm.usage
    assert len(out) == 60
    for i, c in enumerate(out):
        if i % 7 == 0:
            assert c.text is None and c.error_kind == "empty-choices"
        else:  # transport faults, even past the quick retries, end in an answer
            assert c.ok and c.text == f"echo: q {i}"
    assert usage["requests"] == 60 and usage["errors"] == sum(1 for i in range(60) if i % 7 == 0)


def test_list_models_reads_the_models_route():
    with FakeLLMServer(models=("a-model", "b-model")) as server:
        with make_llm(_cfg(server)) as llm:
            assert llm.list_models() == ["a-model", "b-model"]
