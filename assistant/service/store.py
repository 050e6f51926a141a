"""Conversations, their turns and feedback in SQL (SQLite by default, PostgreSQL by URL).

Schema changes are an append-only list of migrations recorded in `schema_migrations`,
so an old database is brought up to date on start. Every answered turn is written in one
transaction together with the conversation's state; SQLite runs in WAL mode.
Text is stored redacted (the service redacts before it calls the store).

Each conversation has an owner (the signed-in user's id, or "local"); reads take the owner
so another user's conversation looks exactly like a missing one. The audit log is
append-only: the store has no method to change it and the database refuses UPDATE/DELETE.
It keeps who, when, what and which refs were shown — no question text, so deleting a
user's conversations deletes what they wrote.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from assistant.answering.dialogue import ConversationState
from assistant.errors import StoreError
from assistant.jsonable import jsonable


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


# a migration is a list of statements, or a dict of such lists by dialect ("*" = any other)
Statements = list[str] | dict[str, list[str]]


def _migration_002(id_column: str, append_only_triggers: list[str]) -> list[str]:
    """Owners and the audit log; only the id column and the triggers differ between databases."""
    return [
        "ALTER TABLE conversations ADD COLUMN owner VARCHAR(100) NOT NULL DEFAULT 'local'",
        "CREATE INDEX conversations_owner ON conversations (owner)",
        "CREATE INDEX conversations_updated ON conversations (updated_at)",
        f"""CREATE TABLE audit_log (
            id {id_column},
            at VARCHAR(40) NOT NULL,
            actor VARCHAR(100) NOT NULL,
            role VARCHAR(16) NOT NULL,
            action VARCHAR(32) NOT NULL,
            audience VARCHAR(16),
            conversation_id VARCHAR(64),
            turn INTEGER,
            refs TEXT NOT NULL DEFAULT '[]',
            subject VARCHAR(100),
            status INTEGER
        )""",
        *append_only_triggers,
    ]


MIGRATIONS: list[tuple[str, Statements]] = [
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
    (
        "002_owners_and_audit_log",
        {
            "postgresql": _migration_002(
                "BIGSERIAL PRIMARY KEY",
                [
                    """CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
                   $fn$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $fn$""",
                    """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                   FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""",
                ],
            ),
            "*": _migration_002(
                "INTEGER PRIMARY KEY AUTOINCREMENT",
                [
                    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                   BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
                    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                   BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
                ],
            ),
        },
    ),
]

AUDIT_FIELDS = (
    "id",
    "at",
    "actor",
    "role",
    "action",
    "audience",
    "conversation_id",
    "turn",
    "refs",
    "subject",
    "status",
)


class Store:
    def __init__(self, url: str):
        self.url = url
        kwargs: dict[str, Any] = {"future": True, "pool_pre_ping": True}
        _make_sqlite_folder(url)
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
                c.execute(
                    text(
                        "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR(100) PRIMARY KEY, applied_at VARCHAR(40))"
                    )
                )
                done = {r[0] for r in c.execute(text("SELECT name FROM schema_migrations"))}
                for name, statements in MIGRATIONS:
                    if name in done:
                        continue
                    if isinstance(statements, dict):
                        statements = statements.get(self.engine.dialect.name, statements["*"])
                    for stmt in statements:
                        c.execute(text(stmt))
                    c.execute(
                        text("INSERT INTO schema_migrations (name, applied_at) VALUES (:n, :t)"),
                        {"n": name, "t": _now()},
                    )
                    applied.append(name)
        except Exception as exc:
            raise StoreError(f"Databasen kan ikke opdateres ({type(exc).__name__}: {exc}).") from None
        return applied

    # -- conversations -------------------------------------------------------------------
    def save_turn(self, state: ConversationState, user_text: str, answer: dict, owner: str = "local") -> int:
        """Store the state and the new turn in one transaction; returns the turn number."""
        payload = state.model_dump_json()
        now = _now()
        with self.engine.begin() as c:
            exists = c.execute(text("SELECT 1 FROM conversations WHERE id = :id"), {"id": state.id}).first()
            if exists:
                c.execute(
                    text("UPDATE conversations SET state = :s, audience = :a, updated_at = :t WHERE id = :id"),
                    {"s": payload, "a": state.audience, "t": now, "id": state.id},
                )
            else:
                c.execute(
                    text(
                        "INSERT INTO conversations (id, owner, audience, state, created_at, updated_at) "
                        "VALUES (:id, :o, :a, :s, :t, :t)"
                    ),
                    {"id": state.id, "o": owner, "a": state.audience, "s": payload, "t": now},
                )
            n = c.execute(
                text("SELECT COALESCE(MAX(n), 0) + 1 FROM turns WHERE conversation_id = :id"), {"id": state.id}
            ).scalar_one()
            c.execute(
                text(
                    "INSERT INTO turns (conversation_id, n, user_text, answer, created_at) VALUES (:id, :n, :u, :a, :t)"
                ),
                {
                    "id": state.id,
                    "n": n,
                    "u": user_text,
                    "a": json.dumps(jsonable(answer), ensure_ascii=False),
                    "t": now,
                },
            )
        return int(n)

    def save_state(self, state: ConversationState) -> None:
        with self.engine.begin() as c:
            c.execute(
                text("UPDATE conversations SET state = :s, updated_at = :t WHERE id = :id"),
                {"s": state.model_dump_json(), "t": _now(), "id": state.id},
            )

    def load(self, conversation_id: str, owner: str | None = None) -> ConversationState | None:
        """The conversation, or None if it does not exist or (given `owner`) belongs to someone else."""
        with self.engine.connect() as c:
            row = c.execute(
                text("SELECT state, owner FROM conversations WHERE id = :id"), {"id": conversation_id}
            ).first()
        if row is None or (owner is not None and row[1] != owner):
            return None
        return ConversationState.model_validate_json(row[0])

    def conversation_ids(self, owner: str) -> list[str]:
        with self.engine.connect() as c:
            rows = c.execute(
                text("SELECT id FROM conversations WHERE owner = :o ORDER BY created_at, id"), {"o": owner}
            ).all()
        return [r[0] for r in rows]

    def export(self, owner: str) -> list[dict]:
        """Everything stored about one user's conversations (GDPR art. 15/20)."""
        with self.engine.connect() as c:
            rows = c.execute(
                text(
                    "SELECT id, state, created_at, updated_at FROM conversations WHERE owner = :o "
                    "ORDER BY created_at, id"
                ),
                {"o": owner},
            ).all()
        out = []
        for cid, raw, created, updated in rows:
            state = ConversationState.model_validate_json(raw)
            out.append(
                {
                    "id": cid,
                    "audience": state.audience,
                    "created_at": created,
                    "updated_at": updated,
                    "facts": state.facts.as_json(),
                    "turns": self.turns(cid),
                    "feedback": self.feedback(cid),
                }
            )
        return out

    def delete_owner(self, owner: str) -> int:
        """Delete all of one user's conversations (GDPR art. 17); returns how many."""
        with self.engine.begin() as c:
            ids = [r[0] for r in c.execute(text("SELECT id FROM conversations WHERE owner = :o"), {"o": owner})]
            for cid in ids:
                self._delete(c, cid)
        return len(ids)

    def delete_conversation(self, conversation_id: str, owner: str) -> bool:
        with self.engine.begin() as c:
            row = c.execute(
                text("SELECT 1 FROM conversations WHERE id = :id AND owner = :o"), {"id": conversation_id, "o": owner}
            ).first()
            if row:
                self._delete(c, conversation_id)
        return bool(row)

    def purge(self, older_than_days: int, now: dt.datetime | None = None) -> int:
        """Delete conversations not touched for `older_than_days` days (retention); returns how many."""
        cutoff = ((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=older_than_days)).isoformat()
        with self.engine.begin() as c:
            ids = [r[0] for r in c.execute(text("SELECT id FROM conversations WHERE updated_at < :t"), {"t": cutoff})]
            for cid in ids:
                self._delete(c, cid)
        return len(ids)

    @staticmethod
    def _delete(c, cid: str) -> None:
        # explicit, so it does not depend on the database enforcing ON DELETE CASCADE
        for table, col in (("feedback", "conversation_id"), ("turns", "conversation_id"), ("conversations", "id")):
            c.execute(text(f"DELETE FROM {table} WHERE {col} = :id"), {"id": cid})

    # -- audit log (append-only) ------------------------------------------------------------
    def audit(
        self,
        actor: str,
        role: str,
        action: str,
        audience: str | None = None,
        conversation_id: str | None = None,
        turn: int | None = None,
        refs: list[str] | None = None,
        status: int | None = None,
        subject: str | None = None,
    ) -> None:
        """`subject`: whose data an action touched, when it is not the actor's own (an admin's export)."""
        with self.engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO audit_log (at, actor, role, action, audience, conversation_id, turn, refs, "
                    "subject, status) VALUES (:at, :actor, :role, :action, :aud, :cid, :turn, :refs, :subj, :status)"
                ),
                {
                    "at": _now(),
                    "actor": actor,
                    "role": role,
                    "action": action,
                    "aud": audience,
                    "cid": conversation_id,
                    "turn": turn,
                    "refs": json.dumps(refs or [], ensure_ascii=False),
                    "subj": subject,
                    "status": status,
                },
            )

    def audit_entries(self, actor: str | None = None, limit: int = 1000) -> list[dict]:
        sql = "SELECT " + ", ".join(AUDIT_FIELDS) + " FROM audit_log"
        params: dict[str, Any] = {"n": limit}
        if actor is not None:
            sql += " WHERE actor = :a"
            params["a"] = actor
        with self.engine.connect() as c:
            rows = c.execute(text(sql + " ORDER BY id DESC LIMIT :n"), params).all()
        out = [dict(zip(AUDIT_FIELDS, r)) for r in rows]
        for e in out:
            e["refs"] = json.loads(e["refs"] or "[]")
        return out

    def turns(self, conversation_id: str) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(
                text("SELECT n, user_text, answer, created_at FROM turns WHERE conversation_id = :id ORDER BY n"),
                {"id": conversation_id},
            ).all()
        out = []
        for n, user, answer, at in rows:
            a = json.loads(answer)
            out.append(
                {
                    "n": n,
                    "user": user,
                    "answer": a.get("answer", ""),
                    "citations": a.get("citations", []),
                    "missing_facts": a.get("missing_facts", []),
                    "at": at,
                }
            )
        return out

    def add_feedback(self, conversation_id: str, turn: int, helpful: bool, comment: str | None) -> None:
        with self.engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO feedback (conversation_id, turn, helpful, comment, created_at) VALUES (:id, :n, :h, :c, :t)"
                ),
                {"id": conversation_id, "n": turn, "h": helpful, "c": comment, "t": _now()},
            )

    def feedback(self, conversation_id: str) -> list[dict]:
        with self.engine.connect() as c:
            rows = c.execute(
                text("SELECT turn, helpful, comment FROM feedback WHERE conversation_id = :id ORDER BY turn"),
                {"id": conversation_id},
            ).all()
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
    cur.execute("PRAGMA secure_delete=ON")  # deleted conversations are overwritten, not left in free pages
    cur.close()


def _make_sqlite_folder(url: str) -> None:
    """A SQLite file under a folder that does not exist yet (a fresh data directory) gets the folder."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        return  # create_engine reports the bad URL
    if parsed.drivername.startswith("sqlite") and parsed.database and parsed.database != ":memory:":
        from pathlib import Path

        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
