"""What a job can reach: no network, no secrets, no files outside its private /tmp."""

from __future__ import annotations

import hashlib
import select
import socket
from pathlib import Path

from conftest import BAR_CHART, png_chunks, run, secret_env


def test_no_network_connection_reaches_a_loopback_listener(executor):
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(8)
        port = srv.getsockname()[1]
        code = f"""
import socket
for host in ("127.0.0.1", "localhost", "10.0.0.1", "1.1.1.1"):
    try:
        socket.create_connection((host, {port}), timeout=2)
        print(host, "CONNECTED")
    except OSError as exc:
        print(host, "failed", type(exc).__name__)
"""
        res = run(executor, code, "net", capture=False)
        assert res.ok, res.error
        assert "CONNECTED" not in res.stdout and res.stdout.count("failed") == 4
        # A connection would have completed in the kernel before the job ended.
        assert select.select([srv], [], [], 0)[0] == []


SECRET_HUNT = """
import glob, os
found = []
found += list(os.environ.values())
for path in glob.glob("/proc/*/environ") + glob.glob("/proc/*/cmdline") + glob.glob("/proc/*/task/*/environ"):
    try:
        found.append(open(path, "rb").read().decode("utf-8", "replace"))
    except OSError as exc:
        found.append(f"{path}: {type(exc).__name__}")
hits = [s for s in found if "SECRET" in s]
"""


def test_secrets_in_the_host_environment_never_reach_the_job(secret_executor):
    code = SECRET_HUNT + "print('HITS', hits)\nprint(sorted(os.environ))\n"
    res = run(secret_executor, code, "env", capture=False)
    assert res.ok, res.error
    assert "HITS []" in res.stdout
    for key, value in secret_env().items():
        assert value not in res.stdout and key not in res.stdout


def test_secrets_cannot_leave_through_an_exception_message(secret_executor):
    code = SECRET_HUNT + "raise RuntimeError('leak: ' + repr(hits) + os.environ.get('OPENAI_API_KEY', 'absent'))\n"
    res = run(secret_executor, code, "exc")
    assert res.error == "RuntimeError: leak: []absent"
    assert all(v not in (res.traceback or "") for v in secret_env().values())


def test_secrets_cannot_leave_through_a_file(secret_executor):
    code = SECRET_HUNT + BAR_CHART + """
for name in ("secrets.txt", "secrets.png", "/tmp/out.json"):
    open(name, "w").write(repr(hits) + repr(dict(os.environ)))
"""
    res = run(secret_executor, code, "file")
    assert res.ok, res.error
    # Only images come back from a job: files it wrote stay in its jail, whatever their name.
    assert [p.name for p in res.images] == ["file.png"]
    assert all(v.encode() not in res.images[0].read_bytes() for v in secret_env().values())
    assert sorted(p.name for p in secret_executor.out_dir.iterdir() if p.name.startswith(("file", "secrets", "out"))) == ["file.png"]


def test_secrets_cannot_leave_through_png_metadata(secret_executor):
    code = SECRET_HUNT + BAR_CHART + """
plt.savefig("chart.png", metadata={"Description": "HITS " + repr(hits), "Author": "job-marker-123"})
"""
    res = run(secret_executor, code, "meta")
    assert res.ok, res.error
    data = res.images[0].read_bytes()
    assert b"job-marker-123" not in data and b"HITS" not in data
    assert not {b"tEXt", b"iTXt", b"zTXt", b"eXIf"} & set(png_chunks(res.images[0]))


def test_host_files_cannot_be_read(executor, tmp_path: Path):
    victim = tmp_path / "private.txt"
    victim.write_text("PRIVATE-CONTENT-31337")
    code = f"""
for path in [{str(victim)!r}, "/etc/shadow", "/root/.bashrc", "/work/main/README.md", "/etc/hostname", "/home"]:
    try:
        print(path, open(path).read()[:50])
    except OSError as exc:
        print(path, "denied", type(exc).__name__)
"""
    res = run(executor, code, "read", capture=False)
    assert res.ok, res.error
    assert "PRIVATE-CONTENT" not in res.stdout
    assert res.stdout.count("denied") == 6


OUTSIDE = ["/usr/lib/os-release", "/etc/passwd", "/new-file", "/proc/1/environ"]


def test_nothing_outside_private_tmp_can_be_written(executor, tmp_path: Path):
    victim = tmp_path / "keep.txt"
    victim.write_text("original")
    code = f"""
import os, sys
for path in {[str(victim), str(tmp_path / "new.txt"), *OUTSIDE]!r} + [os.__file__, sys.executable]:
    try:
        with open(path, "a") as f:
            f.write("x")
        print(path, "WROTE")
    except OSError:
        print(path, "denied")
"""
    res = run(executor, code, "write", capture=False)
    assert res.ok, res.error
    assert "WROTE" not in res.stdout and res.stdout.count("denied") == 8
    assert victim.read_text() == "original" and not (tmp_path / "new.txt").exists()


def test_nothing_outside_private_tmp_can_be_deleted(executor, tmp_path: Path):
    victim = tmp_path / "keep.txt"
    victim.write_text("original")
    code = f"""
import os, shutil, sys
for path in {[str(victim), str(tmp_path), *OUTSIDE]!r} + [os.__file__, sys.executable]:
    try:
        shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
        print(path, "DELETED")
    except OSError:
        print(path, "denied")
try:
    shutil.rmtree("/usr")
    print("/usr DELETED")
except OSError:
    print("/usr denied")
"""
    res = run(executor, code, "delete", capture=False)
    assert res.ok, res.error
    assert "DELETED" not in res.stdout and res.stdout.count("denied") == 9
    assert victim.read_text() == "original"


def test_a_job_cannot_overwrite_another_jobs_image(executor):
    first = run(executor, BAR_CHART, "first")
    assert first.ok, first.error
    before = hashlib.sha256(first.images[0].read_bytes()).hexdigest()
    code = f"""
import os
target = {str(first.images[0])!r}
for path in (target, os.path.dirname(target), "/tmp/../" + target):
    try:
        open(path, "wb").write(b"overwritten")
        print("WROTE", path)
    except OSError as exc:
        print("denied", path)
""" + BAR_CHART + "plt.savefig(target)\n"
    second = run(executor, code, "second")
    assert "WROTE" not in second.stdout
    assert hashlib.sha256(first.images[0].read_bytes()).hexdigest() == before
    assert second.ok and second.images[0].name == "second.png"


def test_symlinks_made_by_a_job_cannot_redirect_host_reads_or_writes(executor, tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    code = f"""
import os
os.symlink({str(victim)!r}, "chart.png")
os.symlink("/etc/passwd", "other.png")
os.symlink({str(executor.out_dir)!r}, "out")
""" + BAR_CHART + """
plt.savefig("chart.png")
plt.savefig("out/planted.png")
"""
    res = run(executor, code, "symlinked")
    assert res.ok, res.error
    assert victim.read_text() == "untouched"
    assert not (executor.out_dir / "planted.png").exists()
    assert res.images[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_symlink_planted_in_the_output_folder_is_replaced_not_followed(executor, tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    (executor.out_dir / "planted.png").symlink_to(victim)
    res = run(executor, BAR_CHART, "planted")
    assert res.ok, res.error
    assert victim.read_text() == "untouched"
    assert not res.images[0].is_symlink() and res.images[0].read_bytes()[:4] == b"\x89PNG"
