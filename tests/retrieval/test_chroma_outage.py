"""A Chroma server that stops and comes back: searches fail with a Danish message that names
the server, health() says what is down, and the same engine object recovers on its own."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import IndexUnavailable
from assistant.retrieval.engine import SearchEngine
from assistant.settings import Settings

QUESTION = "Hvor længe kan et ressourceforløb højst vare?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chroma_bin() -> str | None:
    local = Path(sys.executable).with_name("chroma")
    return str(local) if local.exists() else shutil.which("chroma")


class ChromaServer:
    """`chroma run` on loopback; stop() and start() again on the same port and directory."""

    def __init__(self, exe: str, path: Path, port: int):
        self.exe, self.path, self.port = exe, path, port
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.exe, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    pytest.fail(f"chroma run exited at start (code {self.proc.returncode})")
                time.sleep(0.2)
        self.stop()
        pytest.fail("chroma run did not listen within 60 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def chroma(tmp_path):
    exe = _chroma_bin()
    if exe is None:
        pytest.skip("the `chroma` command of the chromadb package is not installed")
    server = ChromaServer(exe, tmp_path / "server", _free_port())
    server.start()
    yield server
    server.stop()


def test_search_fails_in_danish_while_chroma_is_down_and_recovers(chroma, engine, settings, tmp_path):
    units = [u for u in engine.units if u.ref.startswith("LAB § 11")]
    local = Settings(
        data_dir=tmp_path / "data",
        corpus_dir=settings.corpus_dir,
        chroma_host="127.0.0.1",
        chroma_port=chroma.port,
        today=settings.today,
    )
    remote = SearchEngine(local, embeddings=engine.embeddings, units=units)
    remote.build()
    assert remote.search(QUESTION, k=3)[0].ref.startswith("LAB § 114")
    health = remote.health()
    assert health["ok"] and health["backend"] == "chroma-server" and health["where"] == f"127.0.0.1:{chroma.port}"
    assert health["generation"] and "error" not in health

    chroma.stop()
    where = f"127.0.0.1:{chroma.port}"
    for _ in range(2):  # the first failure drops the connection; the next tries to reconnect
        with pytest.raises(IndexUnavailable) as err:
            remote.search(QUESTION, k=3, mode="dense")
        assert f"Chroma-serveren på {where} svarer ikke" in str(err.value)
    down = remote.health()
    assert not down["ok"] and down["backend"] == "chroma-server"
    assert down["error"] == f"Chroma-serveren på {where} svarer ikke."
    assert remote.search(QUESTION, k=3, mode="bm25")[0].ref.startswith("LAB § 114"), "words need no Chroma"
    assert not SearchEngine(local, embeddings=engine.embeddings, units=units).health()["ok"]

    chroma.start()
    hits = remote.search(QUESTION, k=3, mode="dense")  # the same engine object, no restart
    assert hits and all("dense" in h.matched for h in hits)
    assert remote.search(QUESTION, k=3)[0].ref.startswith("LAB § 114")
    assert remote.health()["ok"]
