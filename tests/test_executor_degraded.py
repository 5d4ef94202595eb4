"""Without bubblewrap: a loud warning, sandbox="none" on every result, same protocol.

Only jobs that are safe to run unjailed belong here (no fork swarms, no kill(-1)).
"""

from __future__ import annotations

import json
import os
import signal

import pytest

from cit.errors import UserError
from cit.executor import Executor
from cit.executor.executor import choose_isolation
from cit.executor.jail import job_env

from conftest import BAR_CHART, run, secret_env


@pytest.fixture(scope="module")
def degraded(tmp_path_factory):
    with pytest.warns(RuntimeWarning, match="UNSANDBOXED"):
        ex = Executor(tmp_path_factory.mktemp("degraded"), workers=1, isolation="none", timeout=60)
    with ex:
        yield ex


def test_missing_bwrap_falls_back_loudly_or_refuses_when_required(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap anywhere
    with pytest.warns(RuntimeWarning, match="UNSANDBOXED.*bubblewrap"):
        assert choose_isolation("auto") == "none"
    with pytest.raises(UserError, match="isolation 'bwrap' was requested"):
        choose_isolation("bwrap")


def test_degraded_results_say_so_and_still_render(degraded):
    assert degraded.isolation == "none"
    res = run(degraded, BAR_CHART, "plain")
    assert res.ok and res.sandbox == "none" and len(res.images) == 1


def test_degraded_mode_still_enforces_the_timeout(degraded):
    res = run(degraded, "import time\ntime.sleep(3600)\n", "sleepy", timeout=1)
    assert res.error == "timeout after 1s" and res.sandbox == "none"


def test_degraded_job_that_kills_its_worker_is_reported_and_the_worker_replaced(degraded):
    res = run(degraded, "import os, signal, time\nos.kill(os.getppid(), signal.SIGKILL)\ntime.sleep(60)\n", "parricide")
    assert res.error == "sandbox worker killed during the job"
    after = run(degraded, BAR_CHART, "after")
    assert after.ok, after.error


def test_degraded_jobs_still_get_only_the_allowlisted_environment(degraded, monkeypatch):
    for key, value in secret_env().items():
        monkeypatch.setenv(key, value)
    # Restart the worker while the host holds the secrets, so it is spawned from that environment.
    slot = degraded._slots[0]
    os.killpg(slot.proc.pid, signal.SIGKILL)
    slot.proc.wait()
    res = run(degraded, "import json, os\nprint(json.dumps(dict(os.environ)))\n", "env", capture=False)
    assert res.ok and res.sandbox == "none", res.error
    env = json.loads(res.stdout)
    assert not set(secret_env()) & set(env) and "SECRET" not in res.stdout
    assert set(env) <= set(job_env("/x"))
