"""`cit synth --ray`: the sandbox work on a real Ray cluster of two nodes on loopback.

The cluster (`ray.cluster_utils.Cluster`: a head and a second raylet, real processes) is
started by the test; this process joins it as a driver, so a test can find and kill a
sandbox actor's worker process while a run is going."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from cit.cli.app import optional_values
from cit.runner import synth
from synth_helpers import assert_one_line_error, digest, run_cli, small_config

N = 24
SETTINGS = {"chunk_size": 4}

import ray  # noqa: E402 - `pip install 'cit[ray]'`: part of the test extra


@pytest.fixture(scope="module")
def cluster():
    from ray.cluster_utils import Cluster

    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    c.add_node(num_cpus=1)
    ray.init(address=c.address, logging_level="error", log_to_driver=False)
    try:
        yield c
    finally:
        ray.shutdown()
        c.shutdown()


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local") / "run"
    synth(small_config(out, n=N, **SETTINGS))
    return out


def ray_config(out: Path, address: str):
    return small_config(out, n=N, **SETTINGS, **{"ray.enabled": True, "ray.address": address, "executor.workers": 1})


@pytest.mark.slow
def test_a_ray_run_on_two_nodes_equals_a_local_run(cluster, local: Path, tmp_path: Path):
    out = tmp_path / "run"
    proc = run_cli("synth", "--out", str(out), "--n", str(N), "--seed", "7", "--chunk-size", "4",
                   "--workers", "1", "--ray", cluster.address)
    assert proc.returncode == 0, proc.stderr
    assert digest(out) == digest(local)
    assert "sandbox on Ray: 2 actor(s) on 2 node(s)" in (out / "run.log").read_text()


@pytest.mark.slow
def test_killing_a_sandbox_worker_mid_run_ends_in_the_same_result(cluster, local: Path, tmp_path: Path):
    killed: list[int] = []

    def kill_one_actor_after_the_first_commit(done: int, total: int) -> None:
        if done and not killed:
            names = [a["name"] for a in ray.util.list_named_actors(all_namespaces=True) if a["name"].startswith("cit-sandbox-")]
            handle = ray.get_actor(sorted(names)[0], namespace="cit")
            pid = ray.get(handle.where.remote())["pid"]
            os.kill(pid, signal.SIGKILL)  # the actor's worker process, with its sandbox pool
            killed.append(pid)

    out = tmp_path / "run"
    synth(ray_config(out, cluster.address), progress=kill_one_actor_after_the_first_commit)
    assert killed
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)
    assert digest(out) == digest(local)


@pytest.mark.slow
def test_a_ray_driver_stopped_after_a_commit_resumes_to_the_same_result(cluster, local: Path, tmp_path: Path):
    class Stop(Exception):
        pass

    def stop_after_two_commits(done: int, total: int) -> None:
        if done >= 8:
            raise Stop()

    out = tmp_path / "run"
    with pytest.raises(Stop):
        synth(ray_config(out, cluster.address), progress=stop_after_two_commits)
    assert not (out / "DONE").exists()
    synth(ray_config(out, cluster.address))
    assert digest(out) == digest(local)


def test_an_unreachable_ray_address_is_one_line_and_makes_nothing(tmp_path: Path):
    proc = run_cli("synth", "--out", str(tmp_path / "r"), "--n", "4", "--ray", "127.0.0.1:1")
    assert_one_line_error(proc, "cannot reach the Ray cluster at 127.0.0.1:1", "connection refused")
    assert not (tmp_path / "r").exists()
    proc = run_cli("synth", "--out", str(tmp_path / "r"), "--n", "4", "--ray", "no-port")
    assert_one_line_error(proc, "expected HOST:PORT")


def test_ray_may_be_given_with_or_without_an_address():
    assert optional_values(["synth", "--ray", "--out", "x"]) == ["synth", "--ray=", "--out", "x"]
    assert optional_values(["synth", "--out", "x", "--ray"]) == ["synth", "--out", "x", "--ray="]
    assert optional_values(["synth", "--ray", "10.0.0.1:6379"]) == ["synth", "--ray", "10.0.0.1:6379"]
