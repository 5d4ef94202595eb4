"""Shared fixtures. `executor` is one started sandbox pool for the whole session: any
test that needs charts rendered can use it instead of paying for a pool of its own."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cit.executor import Executor, Job, JobResult

# A small chart every library test can start from.
BAR_CHART = """
import matplotlib.pyplot as plt
plt.bar(["a", "b", "c"], [3, 1, 2])
plt.title("bars")
"""


@pytest.fixture(scope="session")
def executor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Executor]:
    out = tmp_path_factory.mktemp("executor-images")
    # Generous timeout: the CI box is a contended 2-core machine; tests that need a
    # timeout pass their own, short one.
    with Executor(out, timeout=60) as ex:
        yield ex


@pytest.fixture(scope="session")
def solo_executor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Executor]:
    """One worker, so consecutive jobs are guaranteed to share a zygote."""
    out = tmp_path_factory.mktemp("solo-images")
    with Executor(out, workers=1, timeout=60) as ex:
        yield ex


def run(ex: Executor, code: str, name: str = "job", **kw) -> JobResult:
    return ex.run(Job(code=code, name=name, **kw))


def _python_binds_in_tmp() -> set[str]:
    """Top-level names in the jail's /tmp that are the read-only binds of a Python living under
    the host's /tmp (a checkout or venv there, as in CI): the jail mounts them inside its scratch."""
    from cit.executor.jail import python_dirs

    return {Path(p).relative_to("/tmp").parts[0] for p in python_dirs() if p.startswith("/tmp/")}


def processes_and_files_left(ex: Executor) -> tuple[list[int], list[str]]:
    """What a fresh job sees: every PID in its namespace and everything in /tmp (but the binds of Python)."""
    code = (
        "import json, os\n"
        "print(json.dumps([sorted(int(p) for p in os.listdir('/proc') if p.isdigit()),"
        " sorted(os.listdir('/tmp')) + sorted(os.listdir('/dev/shm'))]))\n"
    )
    res = run(ex, code, "probe", capture=False)
    assert res.ok, res.error
    pids, files = json.loads(res.stdout)
    return pids, [f for f in files if ex.isolation != "bwrap" or f not in _python_binds_in_tmp()]


def png_chunks(path: Path) -> list[bytes]:
    """Chunk types of a PNG file, in order."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds = 8, []
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kinds.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    return kinds


def secret_env() -> dict[str, str]:
    return {"OPENAI_API_KEY": "sk-cit-test-SECRET-4f2a9", "HF_TOKEN": "hf_citTestSECRET77", "CIT_TEST_PASSWORD": "pw-SECRET-913"}


@pytest.fixture(scope="module")
def secret_executor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Executor]:
    """A pool started while the host environment holds secrets."""
    old = {k: os.environ.get(k) for k in secret_env()}
    os.environ.update(secret_env())
    try:
        with Executor(tmp_path_factory.mktemp("secret-images"), workers=1, timeout=60) as ex:
            yield ex
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
