"""The pool over time: order, async use, no state between jobs, surviving its jobs."""

from __future__ import annotations

import asyncio
import os
import signal
import threading

from cit.executor import Executor, Job

from conftest import BAR_CHART, processes_and_files_left, run


def test_bubblewrap_is_in_use_and_reported(executor):
    assert executor.isolation == "bwrap"
    assert run(executor, BAR_CHART, "iso").sandbox == "bwrap"


def test_pool_size_defaults_to_the_cpu_count(executor):
    cpus = len(os.sched_getaffinity(0))
    assert executor.config.workers is None
    assert executor.workers == len(executor._slots) == cpus
    assert all(slot.alive() for slot in executor._slots)


def test_zygotes_are_single_threaded_so_fork_is_safe(executor):
    assert all(slot.wait_ready()["threads"] == 1 for slot in executor._slots)


def test_map_yields_results_in_input_order(executor):
    jobs = [
        Job("import time\ntime.sleep(1.0)\nprint('slow')", "slow", capture=False),
        Job("print('fast')", "fast", capture=False),
        Job("raise ValueError('boom')", "fails"),
        Job(BAR_CHART, "chart"),
    ]
    results = list(executor.map(jobs))
    assert [r.name for r in results] == ["slow", "fast", "fails", "chart"]
    assert [r.stdout for r in results[:2]] == ["slow\n", "fast\n"]
    assert results[2].error == "ValueError: boom" and results[3].ok


async def test_arun_runs_jobs_without_blocking_the_event_loop(executor):
    ticks_while_waiting = 0
    finished = False

    async def ticker():
        nonlocal ticks_while_waiting
        while not finished:
            ticks_while_waiting += 1
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    results = await asyncio.gather(*(executor.arun(Job(f"import time\ntime.sleep(0.5)\nprint({i})", f"a{i}", capture=False)) for i in range(3)))
    finished = True
    await task
    assert [r.stdout for r in results] == ["0\n", "1\n", "2\n"]
    assert ticks_while_waiting > 1


def test_tampering_with_libraries_does_not_reach_the_next_job(solo_executor):
    tamper = """
import builtins, json, os, sys
import matplotlib, matplotlib.pyplot as plt, numpy as np
plt.plot = None
np.mean = lambda *a, **k: 42
matplotlib.rcParams["lines.linewidth"] = 42
sys.modules["seaborn"] = None
sys.path.insert(0, "/tmp/evil")
json.dumps = None
builtins.len = lambda x: -1
os.environ["TAMPERED"] = "1"
open("/tmp/note", "w").write("left behind")
open("/dev/shm/note", "w").write("left behind")
"""
    assert run(solo_executor, tamper, "tamper", capture=False).ok
    check = """
import builtins, json, os, sys
import matplotlib, matplotlib.pyplot as plt, numpy as np, seaborn
assert callable(plt.plot) and np.mean([1, 3]) == 2
assert matplotlib.rcParams["lines.linewidth"] == 1.5
assert "/tmp/evil" not in sys.path and json.dumps([1]) == "[1]" and len("ab") == 2
assert "TAMPERED" not in os.environ
assert not os.path.exists("/tmp/note") and not os.path.exists("/dev/shm/note")
print("pristine")
"""
    res = run(solo_executor, check, "check", capture=False)
    assert res.ok and res.stdout == "pristine\n", res.traceback


def test_a_job_that_tries_to_kill_its_parent_is_reported_and_the_pool_survives(solo_executor):
    code = """
import os, signal
for pid in (os.getppid(), 1):
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGSTOP):
        try:
            os.kill(pid, sig)
        except OSError:
            pass
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass
os.killpg(0, signal.SIGKILL)
"""
    res = run(solo_executor, code, "parricide")
    assert res.error == "killed by SIGKILL"
    after = run(solo_executor, BAR_CHART, "after")
    assert after.ok, after.error
    pids, files = processes_and_files_left(solo_executor)
    assert pids == [1, pids[-1]] and files == ["job"]


def test_a_worker_killed_from_outside_is_replaced(solo_executor):
    slot = solo_executor._slots[0]
    os.killpg(slot.proc.pid, signal.SIGKILL)
    slot.proc.wait()
    res = run(solo_executor, BAR_CHART, "replaced")
    assert res.ok, res.error


def test_many_jobs_and_a_restart_leak_no_host_descriptors_or_threads(solo_executor):
    run(solo_executor, "print(0)", "warm", capture=False)
    fds, threads = len(os.listdir("/proc/self/fd")), threading.active_count()
    for i in range(20):
        run(solo_executor, "print(1)" if i % 2 else "1 / 0", f"many{i}", capture=False)
        if i == 10:
            os.killpg(solo_executor._slots[0].proc.pid, signal.SIGKILL)
    assert run(solo_executor, BAR_CHART, "last").ok
    assert (len(os.listdir("/proc/self/fd")), threading.active_count()) == (fds, threads)


def test_names_are_made_safe_and_unique(executor):
    a = run(executor, BAR_CHART, "../../etc/x y")
    b = run(executor, BAR_CHART, "../../etc/x y")
    assert a.ok and b.ok
    assert [a.images[0].name, b.images[0].name] == ["etc_x_y.png", "etc_x_y-2.png"]
    assert all(p.parent == executor.out_dir for p in a.images + b.images)


def test_a_name_is_reused_when_its_first_job_kept_no_image(executor):
    # Self-repair renders a fixed program under the same sample id: same file name.
    failed = run(executor, "1 / 0", "retry-me")
    fixed = run(executor, BAR_CHART, "retry-me")
    assert not failed.ok and fixed.images[0].name == "retry-me.png"


def test_sandboxes_outlive_the_thread_that_started_them_and_end_on_close(tmp_path):
    # bwrap --die-with-parent follows the parent *thread*: a pool started from a short-lived
    # thread must not lose its zygotes when that thread ends.
    ex = Executor(tmp_path, workers=1)
    starter = threading.Thread(target=ex.start)
    starter.start()
    starter.join()
    try:
        pid = ex._slots[0].proc.pid
        assert run(ex, BAR_CHART, "one").ok
        assert ex._slots[0].proc.pid == pid
        procs = [slot.proc for slot in ex._slots]
    finally:
        ex.close()
    assert all(p.poll() is not None for p in procs)
