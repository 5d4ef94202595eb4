"""Resource limits: each runaway job is stopped, reported with a reason, and cleaned up.

These share one single-worker pool, so every "nothing is left" check runs in the very
zygote the misbehaving job used.
"""

from __future__ import annotations

import json

from conftest import BAR_CHART, processes_and_files_left, run


def assert_clean(ex) -> None:
    pids, files = processes_and_files_left(ex)
    assert pids == [1, pids[-1]], f"processes survived the last job: {pids}"
    assert files == ["job"], f"files survived the last job: {files}"


def test_infinite_loop_times_out(solo_executor):
    res = run(solo_executor, "while True:\n    pass\n", "loop", timeout=1.5)
    assert not res.ok and res.error == "timeout after 1.5s"
    assert_clean(solo_executor)


def test_long_sleep_times_out(solo_executor):
    res = run(solo_executor, "import time\ntime.sleep(3600)\n", "sleep", timeout=1)
    assert res.error == "timeout after 1s"


def test_ignored_sigterm_does_not_save_a_job_from_the_timeout(solo_executor):
    code = "import signal, time\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):\n    signal.signal(s, signal.SIG_IGN)\nwhile True:\n    time.sleep(0.01)\n"
    res = run(solo_executor, code, "stubborn", timeout=1)
    assert res.error == "timeout after 1s"
    assert_clean(solo_executor)


def test_children_in_a_new_session_are_killed_with_the_job(solo_executor):
    code = """
import subprocess, sys
for _ in range(3):
    subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(3600)"], start_new_session=True)
import time
time.sleep(3600)
"""
    res = run(solo_executor, code, "sessions", timeout=2)
    assert res.error == "timeout after 2s"
    assert_clean(solo_executor)


def test_orphaned_daemon_does_not_outlive_its_job(solo_executor):
    code = """
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        while True:
            open("/tmp/daemon-was-here", "a").write("x")
            time.sleep(0.01)
    os._exit(0)
print("parent finished")
"""
    res = run(solo_executor, code, "daemon", capture=False)
    assert res.ok and "parent finished" in res.stdout
    assert_clean(solo_executor)


def test_memory_bomb_hits_the_memory_limit(solo_executor):
    res = run(solo_executor, "x = bytearray(64 * 1024**3)\n", "bomb")
    assert res.error == f"memory limit {solo_executor.config.memory_mb} MiB exceeded"


def test_memory_grown_step_by_step_hits_the_memory_limit(solo_executor):
    # Each step writes its first pages, the rest is reserved address space: RLIMIT_AS counts both.
    code = "import numpy as np\nkeep = []\nwhile True:\n    a = np.empty(32 * 1024**2)\n    a[:100000] = 1.0\n    keep.append(a)\n"
    res = run(solo_executor, code, "grow")
    assert res.error == f"memory limit {solo_executor.config.memory_mb} MiB exceeded"


def test_fork_swarm_is_stopped_at_the_process_limit(solo_executor):
    code = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    res = run(solo_executor, code, "swarm", timeout=20)
    assert res.error == f"process limit {solo_executor.config.max_procs} exceeded"
    assert_clean(solo_executor)


def test_thousands_of_files_hit_the_file_limit_and_are_wiped(solo_executor):
    # Some of them in folders the job locked (mode 0) before flooding /tmp.
    code = """
import os
os.makedirs("d/e")
for i in range(100):
    open(f"d/e/f{i}", "w").close()
os.chmod("d/e", 0)
os.chmod("d", 0)
os.mkdir("many")
for i in range(50000):
    open(f"many/f{i}", "w").close()
"""
    res = run(solo_executor, code, "files", timeout=30)
    assert res.error == f"file limit {solo_executor.config.max_files} exceeded"
    assert_clean(solo_executor)


def test_a_huge_file_is_cut_at_the_file_size_limit(solo_executor):
    res = run(solo_executor, "open('big', 'wb').write(b'x' * (200 << 20))\n", "bigfile")
    assert res.error == "OSError: [Errno 27] File too large"


def test_huge_stdout_is_kept_as_a_bounded_tail(solo_executor):
    code = "import sys\nfor i in range(300):\n    print(str(i) * 100000)\nprint('THE END')\nprint('oops', file=sys.stderr)\n"
    res = run(solo_executor, code, "chatty", capture=False)
    assert res.ok, res.error
    limit = solo_executor.config.output_bytes
    assert len(res.stdout.encode()) <= limit + 64 and res.stdout.rstrip().endswith("THE END")
    assert res.stdout.startswith("[... ") and "bytes cut" in res.stdout
    assert res.stderr == "oops\n"


def test_busy_threads_do_not_hold_the_job_or_the_next_one(solo_executor):
    code = "import threading\ndef spin():\n    while True:\n        pass\nfor _ in range(2):\n    threading.Thread(target=spin).start()\n" + BAR_CHART
    res = run(solo_executor, code, "threads", timeout=20)
    assert res.ok, res.error
    assert len(res.images) == 1
    assert_clean(solo_executor)


def test_input_gets_end_of_file_instead_of_hanging(solo_executor):
    res = run(solo_executor, "name = input('your name? ')\n", "input")
    assert res.error == "EOFError: EOF when reading a line"


def test_segfault_is_reported_with_its_signal(solo_executor):
    res = run(solo_executor, "import ctypes\nctypes.string_at(0)\n", "segv")
    assert res.error == "killed by SIGSEGV"


def test_os_exit_after_saving_keeps_the_image(solo_executor):
    res = run(solo_executor, BAR_CHART + "plt.savefig('x.png')\nimport os\nos._exit(0)\n", "exit0")
    assert res.ok and len(res.images) == 1


def test_os_exit_with_a_status_is_a_failure(solo_executor):
    res = run(solo_executor, "import os\nos._exit(3)\n", "exit3")
    assert res.error == "exited with status 3"


def test_every_job_runs_under_its_rlimits(solo_executor):
    code = """
import json, resource
names = ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CORE")
print(json.dumps({n: resource.getrlimit(getattr(resource, n)) for n in names}))
"""
    res = run(solo_executor, code, "rlimits", capture=False, timeout=30)
    assert res.ok, res.error
    got = json.loads(res.stdout)
    cfg = solo_executor.config
    assert got["RLIMIT_CPU"] == [31, 32]  # the wall-clock timeout plus a second, rounded up
    assert got["RLIMIT_FSIZE"] == [cfg.file_mb << 20] * 2
    assert got["RLIMIT_NOFILE"] == [256, 256] and got["RLIMIT_CORE"] == [0, 0]
    # Address space: the warm libraries already mapped plus memory_mb, and never unlimited.
    assert (cfg.memory_mb << 20) < got["RLIMIT_AS"][0] == got["RLIMIT_AS"][1] < (cfg.memory_mb + 4096) << 20


def test_running_out_of_cpu_time_is_reported_as_such(solo_executor):
    # The job lowers its own soft CPU limit (always allowed) so the check needs one CPU
    # second, not the pool's whole budget; the kernel's SIGXCPU is what is being reported.
    code = "import resource\nresource.setrlimit(resource.RLIMIT_CPU, (1, resource.getrlimit(resource.RLIMIT_CPU)[1]))\nwhile True:\n    pass\n"
    res = run(solo_executor, code, "cpu", timeout=30)
    assert res.error == "CPU time limit 31s exceeded"
    assert_clean(solo_executor)


def test_running_out_of_file_descriptors_is_an_error_not_a_hang(solo_executor):
    res = run(solo_executor, "import os\nfds = [os.open('/dev/null', os.O_RDONLY) for _ in range(100000)]\n", "fds")
    assert res.error == "OSError: [Errno 24] Too many open files: '/dev/null'"
