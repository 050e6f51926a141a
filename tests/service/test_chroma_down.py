"""The service over a Chroma server that goes down and comes back: 503 in Danish, /healthz names
the part that is down, and answers resume by themselves when the server is back."""

from __future__ import annotations

import httpx
import pytest

from assistant.settings import Settings
from tests.retrieval.test_chroma_outage import ChromaServer, _chroma_bin, _free_port

from .conftest import Server

QUESTION = {"message": "Hvor længe kan et ressourceforløb vare?", "date": "2023-01-01"}


def test_chat_answers_503_while_chroma_is_down_and_resumes(settings, engine, tmp_path):
    exe = _chroma_bin()
    if exe is None:
        pytest.skip("the `chroma` command of the chromadb package is not installed")
    chroma = ChromaServer(exe, tmp_path / "chroma", _free_port())
    chroma.start()
    try:
        s = Settings(
            data_dir=tmp_path / "data",
            corpus_dir=settings.corpus_dir,
            today=settings.today,
            chroma_host="127.0.0.1",
            chroma_port=chroma.port,
            rate_limit_per_minute=0,
            database_url_setting=f"sqlite:///{tmp_path / 'a.db'}",
        )
        with Server(s) as srv:
            ok = httpx.post(srv.url + "/api/chat", json=QUESTION, timeout=120)
            assert ok.status_code == 200 and "3 år" in ok.json()["answer"]
            assert httpx.get(srv.url + "/healthz", timeout=60).json()["index"]["backend"] == "chroma-server"

            chroma.stop()
            for _ in range(2):
                r = httpx.post(
                    srv.url + "/api/chat", json={**QUESTION, "message": QUESTION["message"] + " nu?"}, timeout=120
                )
                assert r.status_code == 503, r.text
                assert "ikke tilgængeligt" in r.json()["detail"]
            h = httpx.get(srv.url + "/healthz", timeout=60)
            assert h.status_code == 503 and h.json()["down"] == ["index"]
            assert f"Chroma-serveren på 127.0.0.1:{chroma.port} svarer ikke" in h.json()["index"]["error"]
            assert h.json()["store"]["ok"], "the database is not reported down with it"

            chroma.start()
            r = httpx.post(
                srv.url + "/api/chat", json={**QUESTION, "message": "Hvad er et ressourceforløb?"}, timeout=120
            )
            assert r.status_code == 200, "the same service resumes without a restart"
            assert httpx.get(srv.url + "/healthz", timeout=60).status_code == 200
    finally:
        chroma.stop()
