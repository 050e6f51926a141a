"""Limits on bad or excessive input: body size, conversation length, and a per-user rate limit
that holds across worker processes (Redis)."""

from __future__ import annotations

import httpx
import pytest

from assistant.service.process import ServeProcess
from assistant.settings import Settings

from .conftest import Server


@pytest.fixture(scope="module")
def tight(service_settings, tmp_path_factory):
    db = tmp_path_factory.mktemp("tightdb") / "assistant.db"
    s = Settings(
        data_dir=service_settings.data_dir,
        corpus_dir=service_settings.corpus_dir,
        today=service_settings.today,
        database_url_setting=f"sqlite:///{db}",
        max_turns=2,
        rate_limit_per_minute=6,
        max_body_bytes=8_000,
    )
    with Server(s) as srv:
        yield srv


def test_a_conversation_has_a_length_limit(tight):
    r = httpx.post(tight.url + "/api/chat", json={"message": "Hvor længe varer et ressourceforløb?"}, timeout=60)
    cid = r.json()["conversation_id"]
    assert (
        httpx.post(
            tight.url + "/api/chat", json={"message": "Og hvem kan få et?", "conversation_id": cid}, timeout=60
        ).status_code
        == 200
    )
    r = httpx.post(tight.url + "/api/chat", json={"message": "Og så?", "conversation_id": cid}, timeout=60)
    assert (
        r.status_code == 422 and "grænsen på 2 spørgsmål" in r.json()["detail"] and "ny samtale" in r.json()["detail"]
    )


def test_a_too_large_body_is_refused_before_it_is_read(tight):
    r = httpx.post(
        tight.url + "/api/chat",
        content=b'{"message": "' + b"a" * 20_000 + b'"}',
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert r.status_code == 413 and "for stor" in r.json()["detail"]

    # without a Content-Length (chunked), the limit holds all the same
    def chunks():
        for _ in range(40):
            yield b"x" * 1000

    r = httpx.post(tight.url + "/api/chat", content=chunks(), headers={"Content-Type": "application/json"}, timeout=30)
    assert r.status_code == 413


def test_the_rate_limit_answers_429_with_retry_after(tight):
    codes = []
    for _ in range(10):
        r = httpx.get(tight.url + "/api/me", timeout=30)
        codes.append(r.status_code)
        if r.status_code == 429:
            break
    assert 429 in codes, "6 per minute, and earlier tests used some of them"
    assert int(r.headers["retry-after"]) >= 1 and "Prøv igen om" in r.json()["detail"]
    assert httpx.get(tight.url + "/healthz", timeout=30).status_code == 200, "the health check is not limited"


@pytest.mark.services
def test_the_rate_limit_holds_across_two_worker_processes(cli_env, tmp_path):
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        client = redis.Redis.from_url(url, socket_timeout=2)
        client.ping()
    except Exception as exc:
        pytest.skip(f"Redis on 127.0.0.1:6379 is not available: {type(exc).__name__}")
    for key in client.scan_iter("assistant:rl:*"):  # the local principal is keyed by address: start clean
        client.delete(key)
    env = dict(
        cli_env,
        ASSISTANT_REDIS_URL=url,
        ASSISTANT_RATE_LIMIT_PER_MINUTE="7",
        ASSISTANT_DATABASE_URL=f"sqlite:///{tmp_path / 'a.db'}",
    )
    with ServeProcess(env, tmp_path / "serve.log", workers=2) as srv:
        codes = []
        for _ in range(20):  # a new connection each time, so the kernel spreads them over both workers
            with httpx.Client(timeout=30) as c:
                codes.append(c.get(srv.url + "/api/me").status_code)
        health = httpx.get(srv.url + "/healthz", timeout=30).json()
    assert codes.count(200) == 7 and codes.count(429) == 13, codes
    assert health["rate_limit"]["backend"] == "redis" and health["rate_limit"]["ok"]
