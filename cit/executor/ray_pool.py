"""Sandbox jobs on a Ray cluster (`cit synth --ray [ADDRESS]`), with the executor's interface.

Ray does the scheduling; cit adds none. Each node of the cluster gets one actor holding a
warm `Executor` (its own sandbox pool and plotly renderer). Stages call `map(jobs)` as they
do locally: one record's jobs go to the least busy actor, which renders into its own scratch
folder and sends the PNG bytes back; this process writes them into the run's images/ under
the same names. So rendering and answer-program verification run on the cluster, while the
lanes, the ordered stages and every LLM call stay in the driver (one concurrency limit), and
the run folder is byte-identical to a local run.

An actor that dies (its node lost, its process killed) is restarted by Ray and its jobs are
run again (they are deterministic); past `max_restarts` the run stops with a MachineFault,
rejecting nothing. `ray` is an optional extra: `pip install 'cit[ray]'`.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cit.errors import MachineFault, UserError
from cit.executor.config import ExecutorConfig
from cit.executor.slot import HostFault
from cit.executor.types import Job, JobResult
from cit.io import atomic_write_bytes

RESTARTS = 4  # per actor; each restart re-runs the jobs it held


def import_ray():
    try:
        import ray
    except ImportError:
        raise UserError("--ray needs Ray: pip install 'cit[ray]'") from None
    return ray


def resolve_address(address: str | None) -> str:
    """None: $RAY_ADDRESS when set, else a new cluster on this machine ("local"). Ray's
    own default would also join the last `ray start` cluster of this machine, even a dead
    one; that is what "auto" asks for explicitly."""
    return address or os.environ.get("RAY_ADDRESS") or "local"


def check_address(address: str | None, timeout: float = 5.0) -> None:
    """Refuse an address nobody answers at, in one line and seconds: ray.init would retry
    for minutes, then end the process."""
    address = resolve_address(address)
    if address in ("local", "auto") or address.startswith("ray://"):
        return
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise UserError(f"--ray {address}: expected HOST:PORT of the cluster's head (e.g. 10.0.0.1:6379)")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        why = "connection refused" if isinstance(exc, ConnectionRefusedError) else (exc.strerror or str(exc) or "no answer")
        raise UserError(f"cannot reach the Ray cluster at {address} ({why}); start it with `ray start --head` "
                        "or check the address") from None


class SandboxActor:
    """One per node: a warm sandbox pool rendering into a private scratch folder."""

    def __init__(self, config: dict[str, Any]):
        from cit.executor.executor import Executor

        self.scratch = tempfile.mkdtemp(prefix="cit-ray-")
        self.executor = Executor(self.scratch, ExecutorConfig.model_validate(config))
        self.executor.start()

    def where(self) -> dict[str, Any]:
        import ray

        return {"pid": os.getpid(), "node": ray.get_runtime_context().get_node_id(), "workers": self.executor.workers}

    def run(self, jobs: list[Job]) -> list[tuple[JobResult, list[bytes]]]:
        out = []
        for res in self.executor.map(jobs):
            blobs = [p.read_bytes() for p in res.images]
            for p in res.images:
                p.unlink()
            res.images = [Path(p.name) for p in res.images]
            out.append((res, blobs))
        return out

    def close(self) -> None:
        self.executor.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


class RayPool:
    """The executor's interface (`start`, `map`, `run`, `close`) over Ray actors."""

    def __init__(self, out_dir: str | os.PathLike, config: ExecutorConfig, address: str | None,
                 actors: int | None = None, actor_cpus: float = 1.0):
        self.ray = import_ray()
        self.out_dir = Path(out_dir).resolve()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.config, self.address, self.n_actors, self.actor_cpus = config, address, actors, actor_cpus
        self.actors: list[Any] = []
        self.busy: list[int] = []
        self._lock = threading.Lock()
        self._started = False
        self._owns_ray = False

    def __enter__(self) -> "RayPool":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            ray = self.ray
            if not ray.is_initialized():
                address = resolve_address(self.address)
                check_address(address)
                options = {"include_dashboard": False} if address == "local" else {}
                try:
                    ray.init(address=address, logging_level="error", log_to_driver=False, **options)
                except (ConnectionError, RuntimeError) as exc:
                    raise UserError(f"cannot connect to the Ray cluster at {address}: {str(exc).splitlines()[0]}") from None
                self._owns_ray = True
            nodes = [n for n in ray.nodes() if n.get("Alive")]
            n = self.n_actors or max(1, len(nodes))
            actor = ray.remote(SandboxActor)
            settings = self.config.model_dump(mode="json")
            self.actors = [actor.options(num_cpus=self.actor_cpus, max_restarts=RESTARTS, max_task_retries=RESTARTS,
                                         max_concurrency=64, scheduling_strategy="SPREAD", namespace="cit",
                                         name=f"cit-sandbox-{os.getpid()}-{k}").remote(settings)
                           for k in range(n)]
            self.busy = [0] * n
            self._started = True
        homes = [self._get(handle.where.remote()) for handle in self.actors]  # warm, or say why not
        logging.getLogger("cit").info("sandbox on Ray: %d actor(s) on %d node(s), %d sandbox workers in all",
                                      len(homes), len({h["node"] for h in homes}), sum(h["workers"] for h in homes))

    def _get(self, ref):
        ray = self.ray
        try:
            return ray.get(ref)
        except ray.exceptions.RayTaskError as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, (MachineFault, UserError)):
                raise cause from None
            raise
        except ray.exceptions.RayActorError as exc:
            raise HostFault(f"a Ray sandbox actor died {RESTARTS + 1} times ({str(exc).splitlines()[0]}); "
                            "nothing was rejected for it: fix the cluster and rerun the same command") from None

    def map(self, jobs: Iterable[Job]) -> Iterator[JobResult]:
        jobs = list(jobs)
        if not jobs:
            return iter(())
        self.start()
        with self._lock:
            k = min(range(len(self.actors)), key=lambda i: self.busy[i])
            self.busy[k] += 1
        try:
            replies = self._get(self.actors[k].run.remote(jobs))
        finally:
            with self._lock:
                self.busy[k] -= 1
        results = []
        for res, blobs in replies:
            paths = []
            for name, blob in zip(res.images, blobs):
                path = self.out_dir / Path(name).name
                atomic_write_bytes(path, blob)
                paths.append(path)
            res.images = paths
            results.append(res)
        return iter(results)

    def run(self, job: Job) -> JobResult:
        return next(self.map([job]))

    def close(self) -> None:
        with self._lock:
            actors, self.actors, started = self.actors, [], self._started
            self._started = False
        if not started:
            return
        ray = self.ray
        for handle in actors:
            try:
                ray.get(handle.close.remote(), timeout=30)
            except Exception:  # noqa: BLE001 - a dead actor has nothing left to close
                pass
            ray.kill(handle)
        if self._owns_ray:
            ray.shutdown()
