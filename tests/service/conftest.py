"""A real HTTP server (uvicorn on loopback) over the session's index and a fresh SQLite store."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from assistant.service.app import Services, create_app
from assistant.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(settings)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 240  # loads the embedding model; slow when the machine is busy
        while time.time() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code in (200, 503):
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def service_settings(settings, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "assistant.db"
    return Settings(data_dir=settings.data_dir, corpus_dir=settings.corpus_dir, today=settings.today,
                    database_url_setting=f"sqlite:///{db}")


@pytest.fixture(scope="module")
def server(service_settings, engine):
    with Server(service_settings) as srv:
        yield srv


class Serve:
    """The real `assistant serve` command in its own process group (so SIGKILL reaches every worker),
    its stdout and stderr in `log`."""

    def __init__(self, env: dict, log, workers: int = 1, args: tuple[str, ...] = ()):
        import sys
        from pathlib import Path

        self.exe = str(Path(sys.executable).with_name("assistant"))
        self.env, self.log, self.workers, self.args = env, log, workers, args
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self) -> "Serve":
        import subprocess

        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([self.exe, "serve", "--port", str(self.port), "--workers", str(self.workers),
                                          *self.args], env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"assistant serve exited ({self.proc.returncode}): {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("assistant serve did not become healthy")

    def stop(self) -> None:
        import os
        import signal

        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except Exception:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
