"""Personal data (GDPR): identifiers are redacted before anything is stored or logged, a user's
conversations can be exported and deleted, old ones are purged, and the audit log only grows."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from assistant.service.process import ServeProcess
from assistant.service.store import Store

EXE = str(Path(sys.executable).with_name("assistant"))
CPR = "0307914417"  # a made-up CPR number: 3 July 1991
CPR_FORMS = [CPR, "030791-4417", "030791 4417"]
EMAIL = "jens.hansen@eksempel.dk"
PHONE = "22 33 44 55"


def _files_with(root: Path, needles: list[str]) -> list[str]:
    hits = []
    patterns = [re.compile(re.escape(n).encode()) for n in needles]
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.relative_to(root)}: {p.pattern!r}" for p in patterns if p.search(data)]
    return hits


def test_a_cpr_number_never_reaches_the_database_the_logs_or_the_index(cli_env, tmp_path):
    """Asked with a CPR number (three spellings, inside longer text), the answer still works, and then
    no file the service wrote — SQLite with its WAL, the log at debug level, the index — holds it."""
    db_dir = tmp_path / "db"
    db_dir.mkdir()
    env = dict(
        cli_env, ASSISTANT_DATABASE_URL=f"sqlite:///{db_dir / 'assistant.db'}", ASSISTANT_RATE_LIMIT_PER_MINUTE="0"
    )
    log = tmp_path / "serve.log"
    with ServeProcess(env, log, log_level="debug") as srv:
        r = httpx.post(
            srv.url + "/api/chat",
            timeout=60,
            json={
                "message": f"Min datter (cpr:{CPR}) er 53 år og har haft et ressourceforløb. Kan kommunen kræve et nyt?",
                "date": "2023-05-01",
            },
        )
        assert r.status_code == 200
        body = r.json()
        assert body["facts"].get("age") == 53 and body["citations"], "the answer still works"
        cid = body["conversation_id"]
        follow = [
            f"Hun har CPR-nummer {CPR_FORMS[1]} og ønsker det ikke.",
            f"Skriv til {EMAIL} eller ring på {PHONE}, nr. {CPR_FORMS[2]}.",
        ]
        for msg in follow:
            assert (
                httpx.post(srv.url + "/api/chat", json={"message": msg, "conversation_id": cid}, timeout=60).status_code
                == 200
            )
        httpx.put(f"{srv.url}/api/conversations/{cid}/facts", json={"facts": {"note": CPR_FORMS[1]}}, timeout=30)
        httpx.post(
            srv.url + "/api/feedback",
            json={"conversation_id": cid, "turn": 1, "helpful": True, "comment": f"godt svar, mit cpr er {CPR}"},
            timeout=30,
        )
        httpx.get(f"{srv.url}/api/conversations/{CPR}", timeout=30)  # a CPR number in a path: logged, redacted
        httpx.get(f"{srv.url}/api/sources/{CPR_FORMS[1]}", timeout=30)
        stored = httpx.get(f"{srv.url}/api/conversations/{cid}", timeout=30).json()
        assert "[CPR-nummer]" in stored["turns"][0]["user"], "the placeholder is stored instead"
    leaks = _files_with(db_dir, CPR_FORMS + [EMAIL, "22334455"])
    leaks += _files_with(Path(cli_env["ASSISTANT_DATA_DIR"]), CPR_FORMS + [EMAIL])
    log_text = log.read_text(errors="replace")
    assert "GET /api/conversations/" in log_text, "the log was written (debug level, request lines included)"
    leaks += [f"log: {n}" for n in CPR_FORMS + [EMAIL] if n in log_text]
    assert not leaks, f"personal data written to disk: {leaks}"


def _store(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'a.db'}")
    store.migrate()
    return store


def _conversation(store: Store, owner: str, text_: str = "Hvor længe varer et forløb?") -> str:
    from assistant.answering.dialogue import ConversationState

    state = ConversationState(audience="citizen")
    store.save_turn(state, text_, {"answer": "Højst 3 år.", "citations": [{"ref": "LAB § 114, stk. 1"}]}, owner=owner)
    return state.id


def test_purge_deletes_only_conversations_older_than_the_retention(tmp_path):
    store = _store(tmp_path)
    old, new = _conversation(store, "a"), _conversation(store, "a")
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=200)).isoformat()
    with store.engine.begin() as c:
        c.execute(text("UPDATE conversations SET updated_at = :t WHERE id = :id"), {"t": long_ago, "id": old})
    env = dict(os.environ, ASSISTANT_DATABASE_URL=store.url, ASSISTANT_RETENTION_DAYS="180")
    out = subprocess.run([EXE, "purge"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.startswith("1 samtaler"), out.stdout + out.stderr
    assert store.load(old) is None and store.turns(old) == [], "older than 180 days: gone, with its turns"
    assert store.load(new) is not None
    out = subprocess.run([EXE, "purge", "--days", "1"], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.startswith("0 samtaler"), "a conversation from today is kept even at one day"


def test_a_users_conversations_can_be_exported_and_deleted_from_the_command_line(tmp_path):
    store = _store(tmp_path)
    mine = [_conversation(store, "borger-7"), _conversation(store, "borger-7")]
    other = _conversation(store, "borger-8")
    env = dict(os.environ, ASSISTANT_DATABASE_URL=store.url)
    out = subprocess.run([EXE, "export", "borger-7"], env=env, capture_output=True, text=True, timeout=120)
    import json

    data = json.loads(out.stdout)
    assert sorted(c["id"] for c in data["conversations"]) == sorted(mine)
    assert data["conversations"][0]["turns"][0]["answer"] == "Højst 3 år."
    out = subprocess.run([EXE, "forget", "borger-7", "--yes"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "2 samtaler" in out.stdout
    assert store.conversation_ids("borger-7") == [] and store.load(other) is not None
    actions = [(e["action"], e["subject"]) for e in store.audit_entries()]
    assert ("export", "borger-7") in actions and ("delete", "borger-7") in actions


def test_export_and_delete_over_http(server):
    def chat(message, **kw):
        r = httpx.post(server.url + "/api/chat", json={"message": message, **kw}, timeout=60)
        assert r.status_code == 200
        return r.json()["conversation_id"]

    ids = {chat("Hvor længe kan et ressourceforløb vare?"), chat("Hvem kan få et ressourceforløb?")}
    r = httpx.get(server.url + "/api/me/conversations", timeout=30)
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert ids <= {c["id"] for c in r.json()["conversations"]}
    assert all(c["turns"] for c in r.json()["conversations"])
    r = httpx.delete(server.url + "/api/me/conversations", timeout=30)
    assert r.status_code == 200 and r.json()["deleted"] >= 2
    for cid in ids:
        assert httpx.get(f"{server.url}/api/conversations/{cid}", timeout=30).status_code == 404
    assert httpx.get(server.url + "/api/me/conversations", timeout=30).json()["conversations"] == []


def test_the_audit_log_records_who_saw_which_refs_and_cannot_be_changed(tmp_path):
    store = _store(tmp_path)
    store.audit("sb-1", "caseworker", "chat", "caseworker", "c1", 1, ["LAB § 114, stk. 1", "PM 58-18"], 200)
    store.audit("borger-1", "citizen", "source", "citizen", refs=["LAB § 113"], status=200)
    entries = store.audit_entries()
    assert [e["actor"] for e in entries] == ["borger-1", "sb-1"], "newest first"
    assert entries[1]["refs"] == ["LAB § 114, stk. 1", "PM 58-18"] and entries[1]["audience"] == "caseworker"
    assert entries[1]["at"] and entries[1]["role"] == "caseworker"
    for stmt in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as c:
            c.execute(text(stmt))
    assert len(store.audit_entries()) == 2, "nothing was changed"
    _conversation(store, "borger-1")
    store.delete_owner("borger-1")
    assert len(store.audit_entries()) == 2, "deleting a user's conversations leaves the audit log alone"


def test_the_service_audits_every_answer_with_its_refs(server):
    r = httpx.post(server.url + "/api/chat", json={"message": "Hvor længe kan et ressourceforløb vare?"}, timeout=60)
    body = r.json()
    entries = httpx.get(server.url + "/api/admin/audit?limit=50", timeout=30).json()["entries"]
    mine = [e for e in entries if e["conversation_id"] == body["conversation_id"] and e["action"] == "chat"]
    assert len(mine) == 1
    assert mine[0]["refs"] == [c["ref"] for c in body["citations"]] and mine[0]["actor"] == "local"
    assert mine[0]["audience"] == "caseworker" and mine[0]["turn"] == 1
