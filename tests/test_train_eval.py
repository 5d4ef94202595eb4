"""`cit eval` through the openai backend against a real HTTP server on 127.0.0.1, with
the optional LLM judge; and bad input as one-line errors."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cit.train.evaluate import EvalOptions, run_eval
from cit.train.judge import JUDGE_SYSTEM
from fake_llm_server import FakeLLMServer, Reply, last_user_text
from tiny_vlm import export_cit_run


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("eval-exports")
    return {"trl": export_cit_run(root, "trl", n_charts=6), "hf": export_cit_run(root, "hf", n_charts=6)}


def _vlm_and_judge(request: dict) -> Reply:
    messages = request["messages"]
    if messages[0]["role"] == "system" and messages[0]["content"] == JUDGE_SYSTEM:
        # A lenient judge: accepts "Southern region" for "North"? No: only references it can see match.
        text = messages[1]["content"]
        return Reply(text="CORRECT" if "Reference answer: 42" in text or "Answer: 7.9" in text else "INCORRECT")
    question = last_user_text(request)
    if "tallest" in question:
        return Reply(text="The tallest bar reads 42.\nAnswer: 42")
    if "difference" in question:
        return Reply(text="Answer: 7.9")  # 5.3% off 7.5: wrong by ChartQA's rule, right by this judge
    return Reply(choices=[])  # the server fails this one: the item must stay in the report as an error


def _images_in(request: dict) -> list[bytes]:
    parts = [p for m in request["messages"] if isinstance(m["content"], list) for p in m["content"]]
    urls = [p["image_url"]["url"] for p in parts if p["type"] == "image_url"]
    return [base64.b64decode(u.split(",", 1)[1]) for u in urls]


@pytest.mark.parametrize("fmt", ["trl", "hf"])
def test_openai_backend_with_judge_scores_every_item(exported, fmt: str, tmp_path: Path):
    with FakeLLMServer(handler=_vlm_and_judge) as server:
        report = run_eval(EvalOptions(model="fake-model", data=str(exported[fmt]), backend="openai",
                                      base_url=server.base_url, out=str(tmp_path / "r"), judge="fake-model",
                                      judge_base_url=server.base_url))
        requests = [r.body for r in server.chat_requests]
    asked = [r for r in requests if r["messages"][0]["role"] != "system"]
    judged = [r for r in requests if r["messages"][0]["role"] == "system"]
    n = report["overall"]["n"]
    assert n == len(asked) and n % 3 == 0  # three Q&A per chart
    assert all(len(imgs) == 1 and imgs[0].startswith(b"\x89PNG") for imgs in map(_images_in, asked))
    o = report["overall"]
    assert o["relaxed_accuracy"] == pytest.approx(1 / 3, abs=1e-3)  # only the "42" questions
    assert o["errors"] == n // 3 and len(judged) == 2 * n // 3  # failed replies are not sent to the judge
    assert o["judge_accuracy"] == 1.0 and o["judged"] == 2 * n // 3
    assert report["by_kind"]["recognition"]["relaxed_accuracy"] == 1.0
    rows = [json.loads(x) for x in (tmp_path / "r" / "predictions.jsonl").read_text().splitlines()]
    failed = [r for r in rows if r["error"]]
    assert len(failed) == n // 3 and all(r["relaxed"] is False and r["judge"] is None for r in failed)
    assert {r["prediction"] for r in rows if not r["error"]} == {"42", "7.9"}
    md = (tmp_path / "r" / "report.md").read_text()
    assert "## By chart type" in md and "judge (%)" in md
    # cit's own rule, each item's tolerance (1%): 7.9 for 7.5 is wrong here too.
    assert o["accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert sum(b["n"] for b in report["by_qa_family"].values()) == n and report["by_steps"]
    assert "## By question family" in md and "## By solution steps" in md


def test_limit_scores_only_the_first_items(exported, tmp_path: Path):
    with FakeLLMServer(handler=_vlm_and_judge) as server:
        report = run_eval(EvalOptions(model="fake-model", data=str(exported["trl"]), backend="openai", limit=2,
                                      base_url=server.base_url, out=str(tmp_path / "r")))
        assert len(server.chat_requests) == 2
    assert report["overall"]["n"] == 2 and "judge_accuracy" not in report["overall"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "cit", *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("args, fragment", [
    (["--data", "cit-no-such/dataset"], "cannot load 'cit-no-such/dataset'"),
    (["--data", "./no/such/folder"], "does not exist"),
    (["--backend", "tensorflow"], "unknown backend"),
])
def test_bad_eval_input_is_a_one_line_error(exported, args: list[str], fragment: str):
    base = {"--data": str(exported["trl"]), "--model": "m", "--backend": "openai"}
    for flag, value in zip(args[::2], args[1::2]):
        base[flag] = value
    proc = _cli("eval", *[x for kv in base.items() for x in kv])
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[-1].startswith("error: ") and fragment in lines[-1]
