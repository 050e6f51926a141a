"""A real HTTP server (uvicorn on loopback) over the session's index and a fresh SQLite store."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
import uvicorn

from assistant.service.app import create_app
from assistant.service.process import free_port
from assistant.settings import Settings


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
    return Settings(
        data_dir=settings.data_dir,
        corpus_dir=settings.corpus_dir,
        today=settings.today,
        database_url_setting=f"sqlite:///{db}",
    )


@pytest.fixture(scope="module")
def server(service_settings, engine):
    with Server(service_settings) as srv:
        yield srv
