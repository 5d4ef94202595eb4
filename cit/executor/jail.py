"""How sandbox processes are launched: the bubblewrap command line, the environment
allowlist, the prepared font cache, and finding Chromium.

The jail sees read-only binds of exactly what Python and the plotting stack need (/usr,
the interpreter prefix, the virtualenv, the sandbox folder, the font cache, a handful of
files from /etc) plus a private size-limited /tmp. No network, no host PIDs, no
capabilities, no further user namespaces. bwrap itself is started with an empty
environment, so no secret of the host process exists anywhere inside.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

from cit.paths import cache_dir, sandbox_dir

log = logging.getLogger("cit.executor")

JAIL_SCRATCH = "/tmp"
# Our own files sit at fixed paths inside the jail: on the host they may live under /tmp
# (a wheel unpacked there, a venv in a temp folder), which the jail's private /tmp hides.
JAIL_SANDBOX = "/run/cit/sandbox"
JAIL_FONTS = "/run/cit/mpl-fonts"
ETC_FILES = ("/etc/ld.so.cache", "/etc/localtime", "/etc/fonts", "/etc/mime.types")
RENDERER_EXTRA = ("/var/cache/fontconfig", "/etc/chromium.d", "/etc/chromium")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def job_env(scratch: str) -> dict[str, str]:
    """The whole environment of sandbox processes: an allowlist, nothing inherited."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": scratch,
        "TMPDIR": scratch,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": os.path.join(scratch, ".mplconfig"),
        "XDG_CACHE_HOME": os.path.join(scratch, ".cache"),
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "PYTHONUNBUFFERED": "1",
        # BLAS/OpenMP pools would start threads in the zygote, and fork() with threads is unsafe.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "JE_ARROW_MALLOC_CONF": "background_thread:false",  # pyarrow (pulled in by pandas) would start one too
    }


def python_dirs() -> list[str]:
    """Directories the interpreter and its packages live in (deduplicated, outermost only)."""
    paths = {sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths.add(os.path.dirname(os.path.realpath(sys.executable)))
    paths.update(p for p in site.getsitepackages() if os.path.isdir(p))
    paths.add(sysconfig.get_paths()["purelib"])
    paths.add(sysconfig.get_paths()["platlib"])
    real = sorted({os.path.normpath(p) for p in paths if p and os.path.isdir(p)})
    for p in real:
        if p in ("/", "/root", "/home") or p == str(Path.home()):
            raise RuntimeError(f"refusing to expose {p} to the sandbox: install Python outside it")
    out: list[str] = []
    for p in real:
        if not any(p == q or p.startswith(q + "/") for q in out + ["/usr"]):
            out.append(p)
    return out


def _root_links() -> list[str]:
    """/bin, /lib... are symlinks into /usr on merged-/usr systems, real dirs elsewhere."""
    args: list[str] = []
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(name):
            args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            args += ["--ro-bind", name, name]
    return args


def _passwd_files() -> Path:
    """A minimal /etc/passwd and /etc/group, so user lookups work without exposing the host's."""
    d = cache_dir() / "jail-etc"
    d.mkdir(parents=True, exist_ok=True)
    for name, text in (
        ("passwd", "root:x:0:0:sandbox:/tmp:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"),
        ("group", "root:x:0:\nnobody:x:65534:\n"),
    ):
        p = d / name
        if not p.exists() or p.read_text() != text:
            tmp = p.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text)
            os.replace(tmp, p)
    return d


@functools.lru_cache(maxsize=1)
def font_cache() -> str:
    """A matplotlib font cache built once per matplotlib version, shared read-only by all jails."""
    from importlib.metadata import version

    d = cache_dir() / f"mpl-fonts-{version('matplotlib')}"
    d.mkdir(parents=True, exist_ok=True)
    with open(d / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not any(d.glob("fontlist-*.json")):
            env = dict(job_env(str(d)), MPLCONFIGDIR=str(d))
            subprocess.run([sys.executable, "-s", "-c", "import matplotlib.font_manager"], env=env, check=False, capture_output=True, timeout=300)
    return str(d)


def find_chromium(setting: str = "auto", env: dict[str, str] | None = None) -> str | None:
    """"auto": $BROWSER_PATH if set, else a Chromium/Chrome on PATH; "off": none; else a path."""
    env = os.environ if env is None else env
    if setting == "off":
        return None
    if setting == "auto":
        explicit = env.get("BROWSER_PATH")
        if explicit:
            return explicit if _executable(explicit) else None
        for name in CHROMIUM_NAMES:
            found = shutil.which(name, path=env.get("PATH", os.defpath))
            if found:
                return found
        return None
    return setting if _executable(setting) else None


def _executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


@dataclass
class Launcher:
    """Builds the command line of a sandbox process for one isolation mode."""

    isolation: str  # "bwrap" or "none"
    disk_mb: int = 512
    # A private user namespace lets bwrap forbid nested ones (--disable-userns); some
    # setuid-bwrap systems refuse it, and then the jail goes without (see bwrap_problem).
    userns: bool = True
    bwrap: str = field(default_factory=lambda: shutil.which("bwrap") or "bwrap")

    def command(self, role: str, scratch: str, extra_ro: tuple[str, ...] = ()) -> list[str]:
        boot = str(sandbox_dir() / "boot.py")
        fonts = font_cache()
        if self.isolation == "none":
            return [sys.executable, "-s", "-B", boot, role, "none", scratch, fonts]
        inner = [sys.executable, "-s", "-B", f"{JAIL_SANDBOX}/boot.py", role, "jail", JAIL_SCRATCH, JAIL_FONTS]
        return [self.bwrap, *self.jail_args(role, fonts, extra_ro), *inner]

    def jail_args(self, role: str, fonts: str, extra_ro: tuple[str, ...] = ()) -> list[str]:
        args = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
        if self.userns:
            args += ["--unshare-user", "--disable-userns"]
        if role == "zygote":
            args.append("--as-pid-1")  # the zygote is init: jobs cannot signal it
        args += ["--ro-bind", "/usr", "/usr", *_root_links()]
        # The private scratch is mounted before the binds: Python may live under /tmp (a venv
        # made in a temp folder), and a tmpfs mounted afterwards would hide it from the jail.
        args += ["--size", str(self.disk_mb << 20), "--tmpfs", JAIL_SCRATCH]
        for p in python_dirs():
            args += ["--ro-bind", p, p]
        sandbox = str(sandbox_dir())
        etc = _passwd_files()
        args += ["--ro-bind", sandbox, JAIL_SANDBOX, "--ro-bind", fonts, JAIL_FONTS]
        args += ["--ro-bind", str(etc / "passwd"), "/etc/passwd", "--ro-bind", str(etc / "group"), "/etc/group"]
        for p in ETC_FILES + (RENDERER_EXTRA if role == "renderer" else ()) + extra_ro:
            args += ["--ro-bind-try", p, p]
        args += ["--proc", "/proc", "--dev", "/dev"]
        args += ["--size", str(64 << 20), "--tmpfs", "/dev/shm"]
        args += ["--remount-ro", "/", "--chdir", JAIL_SCRATCH, "--hostname", "sandbox", "--clearenv"]
        for key, value in job_env(JAIL_SCRATCH).items():
            args += ["--setenv", key, value]
        return args

    def env(self, scratch: str) -> dict[str, str]:
        """Environment of the process we start: bwrap gets nothing; degraded mode gets the allowlist."""
        return job_env(scratch) if self.isolation == "none" else {"PATH": "/usr/bin:/bin"}


_probe_cache: dict[str, tuple[str | None, bool]] = {}


def bwrap_problem(launcher: Launcher) -> str | None:
    """None if bubblewrap works here, else why not. Cached per bwrap path; on success it
    also sets launcher.userns to whether the stricter user-namespace flags work."""
    if launcher.bwrap not in _probe_cache:
        _probe_cache[launcher.bwrap] = _probe(launcher.bwrap)
    problem, userns = _probe_cache[launcher.bwrap]
    launcher.userns = userns
    return problem


def _probe(bwrap: str) -> tuple[str | None, bool]:
    if not shutil.which(bwrap):
        return "bubblewrap (bwrap) is not installed: apt-get install bubblewrap", False
    found = shutil.which(bwrap)
    problem = f"bubblewrap ({found}) is installed but cannot start a jail"
    for userns in (True, False):
        trial = Launcher("bwrap", bwrap=bwrap, userns=userns)
        try:
            args = trial.jail_args("zygote", font_cache())
            proc = subprocess.run([bwrap, *args, sys.executable, "-c", "pass"], env=trial.env("/tmp"), capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            problem = f"bubblewrap ({found}) is installed but cannot start a jail: {exc}"
            continue
        if proc.returncode == 0:
            return None, userns
        said = " | ".join(line.strip() for line in proc.stderr.decode(errors="replace").splitlines() if line.strip())
        problem = f"bubblewrap ({found}) is installed but cannot start a jail: {said[-300:] or f'exit status {proc.returncode}'}"
    return problem, False
