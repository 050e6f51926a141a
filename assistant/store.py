"""Conversations, their turns and feedback in SQL (SQLite by default, PostgreSQL by URL).

Schema changes are an append-only list of migrations recorded in `schema_migrations`,
so an old database is brought up to date on start. Every answered turn is written in one
transaction together with the conversation's state; SQLite runs in WAL mode.
Text is stored redacted (the service redacts before it calls the store).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from .dialogue import ConversationState
from .jsonable import jsonable


class StoreError(RuntimeError):
    """The database cannot be reached or used."""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "001_conversations_turns_feedback",
        [
            """CREATE TABLE conversations (
                id VARCHAR(64) PRIMARY KEY,
                audience VARCHAR(16) NOT NULL,
                state TEXT NOT NULL,
                created_at VARCHAR(40) NOT NULL,
                updated_at VARCHAR(40) NOT NULL
            )""",
            """CREATE TABLE turns (
                conversation_id VARCHAR(64) NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                n INTEGER NOT NULL,
                user_text TEXT NOT NULL,
                answer TEXT NOT NULL,
                created_at VARCHAR(40) NOT NULL,
                PRIMARY KEY (conversation_id, n)
            )""",
            """CREATE TABLE feedback (
                conversation_id VARCHAR(64) NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                turn INTEGER NOT NULL,
                helpful BOOLEAN NOT NULL,
                comment TEXT,
                created_at VARCHAR(40) NOT NULL
            )""",
        ],
    ),
]


class Store:
    def __init__(self, url: str):
        self.url = url
        kwargs: dict[str, Any] = {"future": True, "pool_pre_ping": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except Exception as exc:
            raise StoreError(f"Databasen kan ikke åbnes ({type(exc).__name__}).") from None
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)

    # -- schema ---------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied; returns their names."""
        applied: list[str] = []
        try:
            with self.engine.begin() as c:
                c.execute(text("CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR(100) PRIMARY KEY, applied_at VARCHAR(40))"))
                done = {r[0] for r in c.execute(text("SELECT name FROM schema_migrations"))}
                for name, statements in MIGRATIONS:
                    if name in done:
                        continue
                    for stmt in statements:
                        c.execute(text(stmt))
                    c.execute(text("INSERT INTO schema_migrations (name, applied_at) VALUES (:n, :t)"), {"n": name, "t": _now()})
                    applied.append(name)
        except Exception as exc:
            raise StoreError(f"Databasen kan ikke opdateres ({type(exc).__name__}: {exc}).") from None
        return applied

    # -- conversations -------------------------------------------------------------------
    def save_turn(self, state: ConversationState, user_text: str, answer: dict) -> int:
        """Store the state and the new turn in one transaction; returns the turn number."""
        payload = state.model_dump_json()
        now = _now()
        with self.engine.begin() as c:
            exists = c.execute(text("SELECT 1 FROM conversations WHERE id = :id"), {"id": state.id}).first()
            if exists:
                c.execute(text("UPDATE conversations SET state = :s, audience = :a, updated_at = :t WHERE id = :id"),
                          {"s": payload, "a": state.audience, "t": now, "id": state.id})
            else:
                c.execute(text("INSERT INTO conversations (id, audience, state, created_at, updated_at) "
                               "VALUES (:id, :a, :s, :t, :t)"), {"id": state.id, "a": state.audience, "s": payload, "t": now})
            n = c.execute(text("SELECT COALESCE(MAX(n), 0) + 1 FROM turns WHERE conversation_id = :id"), {"id": state.id}).scalar_one()
            c.execute(text("INSERT INTO turns (conversation_id, n, user_text, answer, created_at) VALUES (:id, :n, :u, :a, :t)"),
                      {"id": state.id, "n": n, "u": user_text, "a": json.dumps(jsonable(answer), ensure_ascii=False), "t": now})
        return int(n)

    def save_state(self, state: ConversationState) -> None:
        with self.engine.begin() as c:
            c.execute(text("UPDATE conversations SET state = :s, updated_at = :t WHERE id = :id"),
                      {"s": state.model_dump_json(), "t": _now(), "id": state.id})

    def load(self, conversation_id: str) -> ConversationState | None:
        with self.engine.connect() as c:
            row = c.execute(text("SELECT state FROM conversations WHERE id = :id"), {"id": conversation_id}).first()
        return ConversationState.model_validate_json(row[0]) if row else None

    def turns(self, conversation_id: str) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(text("SELECT n, user_text, answer, created_at FROM turns WHERE conversation_id = :id ORDER BY n"),
                             {"id": conversation_id}).all()
        out = []
        for n, user, answer, at in rows:
            a = json.loads(answer)
            out.append({"n": n, "user": user, "answer": a.get("answer", ""), "citations": a.get("citations", []),
                        "missing_facts": a.get("missing_facts", []), "at": at})
        return out

    def add_feedback(self, conversation_id: str, turn: int, helpful: bool, comment: str | None) -> None:
        with self.engine.begin() as c:
            c.execute(text("INSERT INTO feedback (conversation_id, turn, helpful, comment, created_at) VALUES (:id, :n, :h, :c, :t)"),
                      {"id": conversation_id, "n": turn, "h": helpful, "c": comment, "t": _now()})

    def feedback(self, conversation_id: str) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(text("SELECT turn, helpful, comment FROM feedback WHERE conversation_id = :id ORDER BY turn"),
                             {"id": conversation_id}).all()
        return [{"turn": t, "helpful": bool(h), "comment": cm} for t, h, cm in rows]

    def health(self) -> dict:
        try:
            with self.engine.connect() as c:
                c.execute(text("SELECT 1"))
            return {"ok": True, "backend": self.engine.dialect.name}
        except Exception as exc:
            return {"ok": False, "backend": self.engine.dialect.name, "error": type(exc).__name__}


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
