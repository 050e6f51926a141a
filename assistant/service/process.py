"""The real `assistant serve` as a child process group, and a reader of its answers.

For tests and benchmarks that need a whole service: several workers, SIGKILL, or the log
it writes. A client helper, not part of the request path."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

EXE = Path(sys.executable).with_name("assistant")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeProcess:
    """`assistant serve` in its own process group, so SIGKILL reaches every worker; its output in `log`."""

    def __init__(self, env: dict, log: Path, workers: int = 1, log_level: str = "warning", start_timeout: float = 180):
        self.env, self.log, self.workers, self.log_level = env, Path(log), workers, log_level
        self.start_timeout = start_timeout  # loads the embedding model: slow on a busy machine
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> ServeProcess:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [
                    str(EXE),
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                    "--log-level",
                    self.log_level,
                ],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.time() + self.start_timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"assistant serve exited ({self.proc.returncode}):\n{self.log.read_text()[-3000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"assistant serve did not become healthy:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.proc:
            self.proc.wait(timeout=60)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> ServeProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def answer_payload(r: httpx.Response) -> dict:
    """The answer object of /api/chat, or the `done` event of /api/chat/stream; {} for anything else."""
    if r.headers.get("content-type", "").startswith("text/event-stream"):
        event = None
        for line in r.text.splitlines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "done":
                return json.loads(line[6:])
        return {}
    try:
        body = r.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
