"""Indexing and querying through a real `chroma run` server on loopback (CHROMA_HOST/PORT)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.retrieval.engine import SearchEngine
from assistant.settings import Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chroma_bin() -> str | None:
    local = Path(sys.executable).with_name("chroma")
    return str(local) if local.exists() else shutil.which("chroma")


@pytest.fixture
def chroma_server(tmp_path):
    exe = _chroma_bin()
    if exe is None:
        pytest.skip("the `chroma` command of the chromadb package is not installed")
    port = _free_port()
    proc = subprocess.Popen(
        [exe, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("chroma run exited at start")
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not listen within 60 s")
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_index_and_query_through_a_chroma_server(chroma_server, engine, tmp_path, settings):
    units = [u for u in engine.units if u.ref.startswith("LAB § 11")]
    server_settings = Settings(
        data_dir=tmp_path / "data",
        corpus_dir=settings.corpus_dir,
        chroma_host="127.0.0.1",
        chroma_port=chroma_server,
        today=settings.today,
    )
    remote = SearchEngine(server_settings, embeddings=engine.embeddings, units=units)
    report = remote.build()
    assert report.embedded_chunks > 0
    assert not (tmp_path / "data" / "chroma").exists(), "with CHROMA_HOST set nothing may be stored in embedded Chroma"

    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server)
    assert report.collection in [c.name for c in client.list_collections()]

    hits = remote.search("Hvor længe kan et ressourceforløb højst vare?", k=3)
    assert hits and hits[0].ref.startswith("LAB § 114"), [h.ref for h in hits]

    again = remote.build()
    assert again.embedded_chunks == 0, "an unchanged corpus must not be embedded again"
