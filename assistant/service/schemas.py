"""Request and response bodies of the API, as pydantic models: `/docs` shows these schemas."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.answering.serialize import AnswerOut, CitationOut

Audience = Literal["caseworker", "citizen"]


# -- requests ------------------------------------------------------------------------------
class ChatRequest(BaseModel):
    message: str = Field(description="the question (Danish)")
    conversation_id: str | None = Field(default=None, max_length=64)
    audience: Audience | None = Field(
        default=None,
        description="whom the answer is for; default: the conversation's, else citizen for citizens "
        "and caseworker for staff",
    )
    date: dt.date | None = Field(default=None, description="the decision date whose law applies")


class FactsUpdate(BaseModel):
    facts: dict[str, Any] = Field(description="fact name → value; null removes the fact")


class Feedback(BaseModel):
    conversation_id: str = Field(max_length=64)
    turn: int = Field(ge=1, le=100_000)
    helpful: bool
    comment: str | None = Field(default=None, max_length=2000)


# -- responses -----------------------------------------------------------------------------
class ChatAnswer(AnswerOut):
    conversation_id: str
    turn: int = Field(description="the number of this answer in the conversation, from 1")


class StoredTurn(BaseModel):
    n: int
    user: str
    answer: str
    citations: list[CitationOut] = Field(default_factory=list)
    missing_facts: list[str] = Field(default_factory=list)
    at: str


class Conversation(BaseModel):
    id: str
    audience: Audience
    date: dt.date | None = None
    facts: dict[str, Any]
    turns: list[StoredTurn]


class SourceUnit(BaseModel):
    id: str
    title: str
    text: str
    kind: str
    url: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class Source(BaseModel):
    ref: str
    units: list[SourceUnit]


class Ok(BaseModel):
    ok: bool = True


class Deleted(BaseModel):
    deleted: int


class Purged(BaseModel):
    purged: int
    older_than_days: int


class Me(BaseModel):
    id: str
    role: Literal["caseworker", "citizen", "admin"]
    local: bool
    max_turns: int
    max_question_chars: int
    retention_days: int


class AuditEntry(BaseModel):
    id: int
    at: str
    actor: str
    role: str
    action: str
    audience: str | None = None
    conversation_id: str | None = None
    turn: int | None = None
    refs: list[str] = Field(default_factory=list)
    subject: str | None = None
    status: int | None = None


class AuditLog(BaseModel):
    entries: list[AuditEntry]


class Export(BaseModel):
    user: str
    exported_at: str
    conversations: list[dict[str, Any]]


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    down: list[str] = Field(description="the parts that are down")
    index: dict[str, Any]
    store: dict[str, Any]
    model: dict[str, Any]
    rate_limit: dict[str, Any]
    auth: dict[str, Any]


class ErrorBody(BaseModel):
    detail: str = Field(description="what went wrong, in Danish")
