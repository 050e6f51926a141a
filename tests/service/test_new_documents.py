"""A document added with `assistant ingest` while the service runs is answered from within seconds:
the service takes up the new index generation and the units it was built from, without a restart."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from assistant.settings import Settings

from .conftest import Server

EXE = str(Path(sys.executable).with_name("assistant"))
GUIDE = """# Mødested for opfølgning

Opfølgningssamtaler i ressourceforløb holdes i Testby Jobcenters lokale Solsikken, stuen til venstre.
"""


def test_an_ingested_document_is_served_without_a_restart(settings, engine, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir, data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    s = Settings(
        data_dir=data,
        corpus_dir=settings.corpus_dir,
        today=settings.today,
        rate_limit_per_minute=0,
        database_url_setting=f"sqlite:///{tmp_path / 'a.db'}",
    )
    ref = "Testby Jobcenter 2025-02-01, afsnit Mødested for opfølgning"
    with Server(s) as srv:
        assert httpx.get(f"{srv.url}/api/sources/{ref}", timeout=30).status_code == 404
        doc = tmp_path / "moedested.md"
        doc.write_text(GUIDE, encoding="utf-8")
        env = dict(
            os.environ,
            ASSISTANT_DATA_DIR=str(data),
            ASSISTANT_CORPUS_DIR=str(settings.corpus_dir),
            ASSISTANT_TODAY=settings.today.isoformat(),
        )
        out = subprocess.run(
            [EXE, "ingest", str(doc), "--issuer", "Testby Jobcenter", "--date", "2025-02-01"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert out.returncode == 0, out.stderr
        deadline, status = time.time() + 60, 404
        while time.time() < deadline and status != 200:
            time.sleep(1)
            status = httpx.get(f"{srv.url}/api/sources/{ref}", timeout=30).status_code
        assert status == 200, "the new document is shown by the running service"
        r = httpx.post(
            srv.url + "/api/chat", json={"message": "Hvor holdes opfølgningssamtaler i Solsikken?"}, timeout=60
        )
        assert r.status_code == 200
