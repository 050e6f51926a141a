"""The conversation store on SQLite and on the real PostgreSQL (127.0.0.1:5432, database test)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import text

from assistant.answering.dialogue import ConversationState
from assistant.service.store import MIGRATIONS, Store

PG_URL = os.environ.get("ASSISTANT_TEST_POSTGRES", "postgresql+psycopg://root@127.0.0.1:5432/test")


def _exercise(store: Store) -> None:
    assert store.migrate() == [name for name, _ in MIGRATIONS]
    assert store.migrate() == [], "migrations run once"
    state = ConversationState(audience="citizen")
    state.absorb("Jeg er 56 år og ønsker ikke et nyt forløb.")
    assert store.save_turn(state, "Jeg er 56 år ...", {"answer": "svar 1", "citations": []}) == 1
    assert store.save_turn(state, "og nu?", {"answer": "svar 2", "citations": [{"ref": "LAB § 114, stk. 4"}]}) == 2
    loaded = store.load(state.id)
    assert loaded is not None and loaded.facts == state.facts and loaded.audience == "citizen"
    assert [t["answer"] for t in store.turns(state.id)] == ["svar 1", "svar 2"]
    store.add_feedback(state.id, 2, False, "uklart")
    assert store.feedback(state.id) == [{"turn": 2, "helpful": False, "comment": "uklart"}]
    assert store.load("findes-ikke") is None
    assert store.health()["ok"]
    # ownership, export, deletion and the append-only audit log behave the same on every database
    assert store.load(state.id, owner="local") is not None and store.load(state.id, owner="en-anden") is None
    other = ConversationState(audience="caseworker")
    store.save_turn(other, "spørgsmål", {"answer": "svar", "citations": []}, owner="sb-9")
    assert [c["id"] for c in store.export("sb-9")] == [other.id] and store.load(other.id, owner="local") is None
    store.audit("sb-9", "caseworker", "chat", "caseworker", other.id, 1, ["LAB § 114, stk. 1"], 200)
    assert store.delete_owner("sb-9") == 1 and store.export("sb-9") == []
    assert store.load(state.id) is not None, "only that user's conversations are deleted"
    for stmt in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as c:
            c.execute(text(stmt))
    assert [e["refs"] for e in store.audit_entries(actor="sb-9")] == [["LAB § 114, stk. 1"]]
    assert store.purge(1) == 0, "nothing is a day old yet"


def test_sqlite_store(tmp_path):
    _exercise(Store(f"sqlite:///{tmp_path / 'a.db'}"))


@pytest.mark.services
def test_postgresql_store_behaves_the_same():
    import sqlalchemy

    schema = "t_" + uuid.uuid4().hex[:10]
    admin = sqlalchemy.create_engine(PG_URL)
    try:
        with admin.begin() as c:
            c.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:
        pytest.skip(f"PostgreSQL on 127.0.0.1:5432 is not available: {type(exc).__name__}")
    try:
        _exercise(Store(f"{PG_URL}?options=-csearch_path%3D{schema}"))
    finally:
        with admin.begin() as c:
            c.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
