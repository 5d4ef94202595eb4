"""The policy applied to each job process, and the clean-up after it.

Jailed (bubblewrap): the zygote is PID 1 of its own PID namespace. The kernel does not
deliver signals from inside the namespace to PID 1 unless it installed a handler, so a
job cannot kill its zygote; kill(-1) from PID 1 reaches every other process in the
namespace, which makes "kill everything the job started" exact, daemons included.
Degraded (no namespace): the zygote is a child subreaper, so orphans come back to it, and
clean-up walks its descendants. kill(-1) is never used there: it would hit the host.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import resource
import select
import signal
import stat
import time

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36

_libc = ctypes.CDLL(None, use_errno=True)


def prctl(option: int, value: int) -> None:
    if _libc.prctl(option, value, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}) failed")


def vm_size() -> int:
    """Virtual memory of this process in bytes (what RLIMIT_AS counts)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def thread_count() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 1


def enter_job(limits: dict, keep_fds: tuple[int, ...]) -> None:
    """Turn a freshly forked child into a job process (called before any job code)."""
    os.setsid()
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # unjailed, a dead zygote must not leave its job running
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")  # under memory pressure the kernel picks the job, not the zygote
    except OSError:
        pass
    mb = 1 << 20
    memory = vm_size() + int(limits["memory_mb"]) * mb  # on top of the warm libraries
    cpu = max(1, int(limits["cpu_seconds"] + 0.999))
    _limit(resource.RLIMIT_AS, memory)
    _limit(resource.RLIMIT_CPU, cpu, cpu + 1)
    _limit(resource.RLIMIT_FSIZE, int(limits["file_mb"]) * mb)
    _limit(resource.RLIMIT_NOFILE, 256)
    _limit(resource.RLIMIT_CORE, 0)
    # Enforced for non-root users only; the zygote's process watch covers root.
    nproc = int(limits["max_procs"])
    try:
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
    except (ValueError, OSError):
        pass
    _close_except(keep_fds)


def _limit(which: int, soft: int, hard: int | None = None) -> None:
    """Lower a limit to ours; where the host already imposes a lower hard limit (`ulimit
    -f` in the shell that started cit), the job runs under the host's instead of failing
    to raise it (an unprivileged process cannot)."""
    _, host = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if host != resource.RLIM_INFINITY:
        soft, hard = min(soft, host), min(hard, host)
    resource.setrlimit(which, (soft, hard))


def _close_except(keep: tuple[int, ...]) -> None:
    low = 3
    for fd in sorted(keep):
        if fd >= low:
            os.closerange(low, fd)
            low = fd + 1
    os.closerange(low, 1 << 16)


# ---- watching ---------------------------------------------------------------------------


def count_processes() -> int:
    """Processes in this PID namespace (jailed mode: /proc is private)."""
    return sum(1 for name in os.listdir("/proc") if name.isdigit())


def descendants(root: int) -> list[int]:
    """All live descendants of `root`, from /proc (degraded mode)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                raw = f.read()
        except OSError:
            continue
        ppid = int(raw[raw.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            out.append(pid)
            todo.append(pid)
    return out


def tmpfs_usage(path: str) -> tuple[int, int]:
    """(bytes used, inodes used) of the filesystem at path."""
    st = os.statvfs(path)
    return (st.f_blocks - st.f_bfree) * st.f_frsize, st.f_files - st.f_ffree


# ---- clean-up ---------------------------------------------------------------------------


def reap() -> bool:
    """Collect exited children; True when no children are left at all."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        if pid == 0:
            return False


def kill_all(jailed: bool, deadline_s: float = 10.0) -> bool:
    """SIGKILL every process the jobs started; True once none is left."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if jailed:
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            for pid in descendants(os.getpid()):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if reap():
            return True
        select.select([], [], [], 0.002)  # the kernel is still tearing them down
    return False


def mount_points(under: str) -> list[str]:
    """Mount points strictly below `under`, from /proc/self/mountinfo.

    Jailed, the host binds the interpreter or the virtualenv under /tmp when that is where
    Python lives; the scratch tmpfs is mounted first and these binds sit inside it.
    """
    prefix = under.rstrip("/") + "/"
    found = []
    try:
        with open("/proc/self/mountinfo", "rb") as f:
            for line in f:
                point = line.split()[4].decode("utf-8", "surrogateescape")
                point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), point)
                if point.startswith(prefix):
                    found.append(point)
    except OSError:
        return []
    return sorted(set(found))


def wipe(path: str, keep: tuple[str, ...] = ()) -> None:
    """Delete everything under path (not path itself), never following symlinks.

    `keep` are mount points (read-only binds of Python): they and the directories leading
    to them stay, everything else in those directories goes. The job may have left
    directories without permissions; we own them, so we can chmod them back (the zygote
    holds no capabilities to override permissions).
    """
    try:
        entries = list(os.scandir(path))
    except FileNotFoundError:
        return
    except PermissionError:
        os.chmod(path, 0o700)
        entries = list(os.scandir(path))
    for entry in entries:
        full = entry.path
        if full in keep:
            continue
        try:
            mode = os.lstat(full).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(mode):
            inner = tuple(k for k in keep if k.startswith(full + "/"))
            os.chmod(full, 0o755 if inner else 0o700)
            wipe(full, inner)
            if not inner:
                os.rmdir(full)
        else:
            try:
                os.unlink(full)
            except OSError as exc:
                if exc.errno != errno.ENOENT:
                    raise
