"""`cit calibrate`: pass rates from a real HTTP server on loopback, resumed after a crash,
served from the cache, and used by `cit export --pass-rate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cit.errors import UserError
from cit.runner import synth
from cit.train.calibrate import CalibrateOptions, calibrate, parse_band, read_pass_rates
from fake_llm_server import FakeLLMServer, Reply, last_user_text
from synth_helpers import assert_one_line_error, jsonl, run_cli, small_config

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")


class HalfRight:
    """Right on even sampling seeds for items whose question mentions a number word; always right
    on the others: pass rates of 1 and of about a half."""

    def __init__(self, answers: dict[str, str]):
        self.answers = answers

    def __call__(self, request: dict) -> Reply:
        question = last_user_text(request).split("\nAnswer with")[0]
        right = self.answers[question]
        if len(question) % 2 and request.get("seed", 0) % 2:
            return Reply(text="I think it is\nAnswer: definitely not that")
        return Reply(text=f"Reading the chart.\nAnswer: {right}")


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("calibrate") / "run"
    synth(small_config(out, n=4, chunk_size=4))
    return out


def _options(run: Path, server: FakeLLMServer) -> CalibrateOptions:
    return CalibrateOptions(run=str(run), model="fake-vlm", samples=4, base_url=server.base_url, batch=5)


def _answers(run: Path) -> dict[str, str]:
    return {q["question"]: q["answer"] for s in jsonl(run / "samples.jsonl") for q in s["qa"]}


def test_every_item_gets_a_pass_rate_and_a_crash_resumes_from_the_cache(run: Path, tmp_path: Path):
    items = [q["id"] for s in jsonl(run / "samples.jsonl") for q in s["qa"] if q["variant"] in (None, "vision-dominant")]
    with FakeLLMServer(HalfRight(_answers(run))) as server:
        summary = calibrate(_options(run, server))
        asked = len(server.chat_requests)
    rates = read_pass_rates(run)
    assert set(rates) == set(items) and asked == 4 * len(items)
    assert 1.0 in rates.values() and any(0 < r < 1 for r in rates.values())
    assert sum(summary["histogram"].values()) == len(items)
    assert json.loads((run / "stats.json").read_text())["calibration"]["model"] == "fake-vlm"
    assert run_cli("check", str(run)).returncode == 0  # the histogram in stats.json is not damage
    full = (run / "calibration.jsonl").read_bytes()
    lines = full.splitlines(keepends=True)
    (run / "calibration.jsonl").write_bytes(b"".join(lines[:3]) + lines[3][:10])  # a crash mid-write
    with FakeLLMServer(HalfRight(_answers(run))) as server:
        calibrate(_options(run, server))
        assert server.chat_requests == []  # every reply came from the run's cache
    assert (run / "calibration.jsonl").read_bytes() == full


def test_export_keeps_the_items_inside_a_pass_rate_band(run: Path, tmp_path: Path):
    if not read_pass_rates(run):  # when run on its own
        with FakeLLMServer(HalfRight(_answers(run))) as server:
            calibrate(_options(run, server))
    rates = read_pass_rates(run)
    proc = run_cli("export", str(run), "--format", "llava", "--out", str(tmp_path / "hard"), "--pass-rate", "0.01:0.99",
                   "--test-fraction", "0")
    assert proc.returncode == 0, proc.stderr
    kept = [t for c in json.loads((tmp_path / "hard" / "llava_train.json").read_text()) for t in c["conversations"] if t["from"] == "human"]
    assert 0 < len(kept) < len(rates)


@pytest.mark.parametrize("band", ["0.5:0.2", "-1:1", "0:2", "half"])
def test_a_band_outside_zero_one_is_one_line(band: str, run: Path, tmp_path: Path):
    with pytest.raises(UserError):
        parse_band(band)
    assert_one_line_error(run_cli("export", str(run), "--format", "llava", "--out", str(tmp_path / "x"), "--pass-rate", band),
                          "--pass-rate")


def test_k_below_one_is_refused_before_any_request(run: Path):
    assert_one_line_error(run_cli("calibrate", str(run), "--model", "m", "--samples", "0",
                                  "--base-url", "http://127.0.0.1:9/v1"), "--samples must be at least 1")


def test_an_in_process_checkpoint_is_sampled_and_every_item_gets_a_pass_rate(tmp_path: Path):
    from tiny_vlm import build_tiny_vlm

    run = tmp_path / "run"
    synth(small_config(run, n=2, chunk_size=2))
    model = build_tiny_vlm(tmp_path / "model")
    summary = calibrate(CalibrateOptions(run=str(run), model=str(model), samples=2, backend="transformers", max_tokens=6))
    items = [q["id"] for s in jsonl(run / "samples.jsonl") for q in s["qa"] if q["variant"] in (None, "vision-dominant")]
    assert set(read_pass_rates(run)) == set(items) and summary["items"] == len(items)
    first = (run / "calibration.jsonl").read_bytes()
    (run / "calibration.jsonl").unlink()
    calibrate(CalibrateOptions(run=str(run), model=str(model), samples=2, backend="transformers", max_tokens=6))
    assert (run / "calibration.jsonl").read_bytes() == first  # seeded sampling: the same draws again
