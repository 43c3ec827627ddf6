"""Files: streamed upload with progress, 413, verified download, 200 MiB at flat memory."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Any

import pytest

from agenthub import AgentHub, AsyncAgentHub
from agenthub._exceptions import PayloadTooLargeError

from .test_sessions_loop import sessions_of


def _rss_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_upload_download_roundtrip(hub: AgentHub, tmp_path: Path) -> None:
    agent = hub.agents.create(name="f", model="scripted")
    session = sessions_of(hub).create(agent_id=agent.id)
    data = os.urandom(300_000)
    src = tmp_path / "data.bin"
    src.write_bytes(data)
    progress: list[tuple[int, int]] = []
    uploaded = session.files.upload(src, on_progress=lambda a, b: progress.append((a, b)))
    assert uploaded.size_bytes == len(data)
    assert uploaded.sha256 == hashlib.sha256(data).hexdigest()
    sent = [p[0] for p in progress]
    assert sent == sorted(sent) and sent[-1] == len(data)
    assert all(p[1] == len(data) for p in progress)
    from_bytes = session.files.upload(b"abc", filename="x.txt")
    from_fobj = session.files.upload(io.BytesIO(b"xyz"), filename="y.txt")
    assert from_bytes.content_type == "text/plain" and from_fobj.size_bytes == 3
    assert session.files.download(uploaded.id).read() == data
    out = tmp_path / "out.bin"
    assert session.files.download(uploaded.id).write_to(out) == len(data)
    assert out.read_bytes() == data
    assert {f.id for f in session.files.list()} == {uploaded.id, from_bytes.id, from_fobj.id}
    session.files.delete(from_bytes.id)
    assert session.files.get(uploaded.id).filename == "data.bin"


def test_retried_upload_sends_the_whole_file_again(
    hub: AgentHub, tmp_path: Path, faults: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A 503 on the upload is retried with the same request: the streamed multipart body is
    read again from where the caller's file object stood (not an exhausted stream, not the
    file's end), progress stays monotone across the attempts, and the idempotency key keeps it
    one file."""
    session = sessions_of(hub).create(agent_id=hub.agents.create(name="r", model="scripted").id)
    data = os.urandom(200_000)
    src = tmp_path / "again.bin"
    src.write_bytes(data)
    progress: list[int] = []
    faults(error_rate=0.5, retry_after_seconds=0)  # requests 2, 4, ... since now answer 503
    try:
        assert list(session.files.list()) == []  # request 1; the upload is request 2
        with src.open("rb") as f, caplog.at_level("INFO", logger="agenthub"):
            f.seek(1000)  # the upload is the rest of the file
            uploaded = session.files.upload(f, on_progress=lambda n, _: progress.append(n))
    finally:
        faults(error_rate=0.0)
    retries = [r.getMessage() for r in caplog.records if "retry" in r.getMessage()]
    assert len(retries) == 1 and "HTTP 503" in retries[0] and "/files" in retries[0], retries
    assert uploaded.size_bytes == len(data) - 1000
    assert uploaded.sha256 == hashlib.sha256(data[1000:]).hexdigest()
    assert [f.id for f in session.files.list()] == [uploaded.id]
    assert progress == sorted(set(progress)) and progress[-1] == len(data) - 1000
    assert session.files.download(uploaded.id).read() == data[1000:]


def test_upload_too_large_is_413(hub: AgentHub) -> None:
    agent = hub.agents.create(name="big", model="scripted")
    session = sessions_of(hub).create(agent_id=agent.id)
    with pytest.raises(PayloadTooLargeError):  # the shared server's limit is 1 MiB
        session.files.upload(b"\0" * (2 * 1024 * 1024), filename="big.bin")


async def test_async_upload_download(async_hub: AsyncAgentHub) -> None:
    agent = await async_hub.agents.create(name="fa", model="scripted")
    session = await sessions_of(async_hub).create(agent_id=agent.id)
    f = await session.files.upload(b"hello async", filename="a.txt")
    async with session.files.download(f.id) as download:
        chunks = [c async for c in download.iter_bytes(4)]
    assert b"".join(chunks) == b"hello async"


@pytest.mark.slow
def test_200mib_roundtrip_flat_memory(tmp_path: Path) -> None:
    from agenthub_server import LocalServer, ServerConfig

    key = "ah_test_big_0123456789abcdef"
    size = 200 * 1024 * 1024
    src = tmp_path / "big.bin"
    digest = hashlib.sha256()
    block = os.urandom(1024 * 1024)
    with open(src, "wb") as f:
        for i in range(200):
            chunk = block[i:] + block[:i]
            f.write(chunk)
            digest.update(chunk)
    srv = LocalServer(ServerConfig(api_keys=[key], max_upload_bytes=256 * 1024 * 1024)).start()
    try:
        with AgentHub(api_key=key, base_url=srv.base_url, timeout=120) as hub:
            agent = hub.agents.create(name="big", model="scripted")
            session = sessions_of(hub).create(agent_id=agent.id)
            before = _rss_kib()
            last: list[Any] = []
            uploaded = session.files.upload(src, on_progress=lambda a, b: last.append(a))
            assert uploaded.sha256 == digest.hexdigest() and last[-1] == size
            out = tmp_path / "back.bin"
            assert session.files.download(uploaded.id).write_to(out) == size
            grown_mib = (_rss_kib() - before) / 1024
    finally:
        srv.stop()
    with open(out, "rb") as f:
        back = hashlib.file_digest(f, "sha256").hexdigest()
    assert back == digest.hexdigest()
    # server and client share this process; both must stream (far below the 200 MiB payload)
    assert grown_mib < 64, f"RSS grew by {grown_mib:.0f} MiB"


# -- resumable download: a real mid-transfer drop through a cutting loopback proxy ---------

_BLOB = bytes(range(256)) * 2048  # 512 KiB, below the shared server's 1 MiB upload limit
_CUT = 100_000


def _check_resumed(proxy: Any, download: Any, fid: str) -> None:
    assert proxy.cut_count == 2 and download.resumes == 2
    ranges = [d.get("range") for d in proxy.downloads]
    assert ranges == [None, f"bytes={_CUT}-", f"bytes={2 * _CUT}-"]
    etag = f'"{hashlib.sha256(_BLOB).hexdigest()}"'
    assert [d.get("if-range") for d in proxy.downloads[1:]] == [etag, etag]
    assert download.sha256 == hashlib.sha256(_BLOB).hexdigest() and download.size == len(_BLOB)


def test_download_resumes_with_range_after_drop(server: Any, api_key: str, tmp_path: Path) -> None:
    from ._netfaults import CuttingProxy

    with (
        CuttingProxy(server.base_url, cut_after=_CUT, cuts=2) as proxy,
        AgentHub(api_key=api_key, base_url=proxy.base_url, max_retries=0) as hub,
    ):
        session = sessions_of(hub).create(agent_id=hub.agents.create(name="d", model="scripted").id)
        fid = session.files.upload(_BLOB, filename="blob.bin").id
        download = session.files.download(fid)
        out = tmp_path / "blob.bin"
        assert download.write_to(out) == len(_BLOB)
        assert out.read_bytes() == _BLOB
        _check_resumed(proxy, download, fid)


async def test_download_resumes_with_range_after_drop_async(server: Any, api_key: str) -> None:
    from ._netfaults import CuttingProxy

    with CuttingProxy(server.base_url, cut_after=_CUT, cuts=2) as proxy:
        async with AsyncAgentHub(api_key=api_key, base_url=proxy.base_url, max_retries=0) as hub:
            agent = await hub.agents.create(name="d", model="scripted")
            session = await sessions_of(hub).create(agent_id=agent.id)
            fid = (await session.files.upload(_BLOB, filename="blob.bin")).id
            async with session.files.download(fid) as download:
                data = await download.read()
            assert data == _BLOB
            _check_resumed(proxy, download, fid)


def test_download_gives_up_after_max_resumes(server: Any, api_key: str) -> None:
    from agenthub._exceptions import APIConnectionError

    from ._netfaults import CuttingProxy

    with (
        CuttingProxy(server.base_url, cut_after=_CUT, cuts=10) as proxy,
        AgentHub(api_key=api_key, base_url=proxy.base_url, max_retries=0) as hub,
    ):
        session = sessions_of(hub).create(agent_id=hub.agents.create(name="d", model="scripted").id)
        fid = session.files.upload(_BLOB, filename="blob.bin").id
        # every attempt still progresses by _CUT bytes, so the budget (consecutive failures
        # without progress) is never exhausted: 512 KiB / 100 kB → 5 drops, then complete
        assert session.files.download(fid, max_resumes=1).read() == _BLOB
        assert proxy.cut_count == 5 and len(proxy.downloads) == 6
        proxy.cut_after = 0  # now every attempt dies before the first body byte
        proxy.cuts_left = 10
        with pytest.raises(APIConnectionError):
            session.files.download(fid, max_resumes=2).read()
        assert proxy.cut_count == 5 + 3  # first attempt + 2 resumes, then it gives up
