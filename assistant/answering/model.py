"""Typed answers: every sentence carries its support, every citation resolves to a passage."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field


class Support(BaseModel):
    """Why a sentence may be said: a quoted passage or a rule result, each with its ref."""

    kind: Literal["passage", "rule"]
    ref: str
    unit_id: str | None = None
    quote: str | None = None  # passage support: words that occur in the unit's text
    rule: str | None = None  # rule support: the rule's name in the rules core


# lead: the direct answer; condition: ranked and budgeted; quote: one source sentence;
# closing: always said, after the rest (the way to complain after a verdict to a citizen)
Role = Literal["lead", "condition", "quote", "closing"]


class Sentence(BaseModel):
    text: str
    support: list[Support] = Field(default_factory=list)
    claim: dict[str, Any] | None = None  # structured statement of outcome, checked against the rules
    supported: bool | None = None  # set by the grounding check
    problem: str | None = None
    role: Role = "condition"  # its place in the answer plan
    given: list[str] = Field(default_factory=list)  # numbers it repeats from the user's own facts or date
    topic: str | None = None  # the topic whose builder said it (its sentences belong together)
    branch: bool = False  # a lead that answers under a fact not known ("Hvis ja: …")


class Citation(BaseModel):
    ref: str
    title: str
    quote: str
    url: str | None = None
    unit_id: str | None = None


class Answer(BaseModel):
    question: str
    date: dt.date
    audience: Literal["caseworker", "citizen"] = "caseworker"
    answer: str
    sentences: list[Sentence] = Field(default_factory=list)
    removed: list[Sentence] = Field(default_factory=list, description="sentences the grounding check removed")
    citations: list[Citation] = Field(default_factory=list)
    grounded: bool = True
    abstained: bool = False
    abstain_reason: str | None = None  # amount | tax | other_law | offtopic | language | own_decision | ...
    outcome: dict[str, Any] | None = None
    trace: list[dict[str, Any]] = Field(default_factory=list)
    missing_facts: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    topics: list[str] = Field(default_factory=list)
    passages: list[dict[str, Any]] = Field(default_factory=list)
    law_version: str = ""
    producer: str = "deterministic"  # or the LLM's name when it phrased the answer
    asks: bool = False  # the answer ends with a question for `missing_facts[0]`

    @property
    def cited_refs(self) -> list[str]:
        return [c.ref for c in self.citations]
