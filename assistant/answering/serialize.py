"""The one public form of an answer, shared by `assistant ask --json`, the API and the eval reports.

`AnswerOut` is a pydantic model, so the API documents it at `/docs`, and the CLI prints the
very same fields; the service adds only the conversation and turn it stored it under.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from assistant.answering.model import Answer, Support
from assistant.jsonable import jsonable

if TYPE_CHECKING:
    from assistant.retrieval.engine import Passage


class CitationOut(BaseModel):
    ref: str = Field(description="canonical reference, e.g. 'LAB § 114, stk. 3'")
    title: str
    quote: str = Field(description="the words of the source the answer rests on")
    url: str | None = None


class SentenceOut(BaseModel):
    text: str
    support: list[Support] = Field(default_factory=list, description="the passages or rules that carry the sentence")


class PassageOut(BaseModel):
    ref: str
    title: str
    text: str
    score: float
    source: str
    url: str | None = None


class AnswerOut(BaseModel):
    question: str
    date: dt.date = Field(description="the day whose law the answer applies")
    audience: Literal["caseworker", "citizen"]
    answer: str
    citations: list[CitationOut]
    grounded: bool = Field(description="every sentence passed the grounding check")
    abstained: bool
    abstain_reason: str | None = Field(default=None, description="why the question was declined, e.g. 'language'")
    outcome: dict[str, Any] | None = Field(
        default=None, description="the rules core's verdict, when the facts gave one"
    )
    trace: list[dict[str, Any]] = Field(default_factory=list, description="the rules that were run, step by step")
    missing_facts: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict, description="the facts known so far")
    law_version: str = ""
    sentences: list[SentenceOut] = Field(default_factory=list)
    producer: str = "deterministic"


def answer_out(answer: Answer) -> AnswerOut:
    return AnswerOut(
        question=answer.question,
        date=answer.date,
        audience=answer.audience,
        answer=answer.answer,
        citations=[CitationOut(ref=c.ref, title=c.title, quote=c.quote, url=c.url) for c in answer.citations],
        grounded=answer.grounded,
        abstained=answer.abstained,
        abstain_reason=answer.abstain_reason,
        outcome=jsonable(answer.outcome),
        trace=jsonable(answer.trace),
        missing_facts=list(answer.missing_facts),
        facts=jsonable(answer.facts),
        law_version=answer.law_version,
        sentences=[SentenceOut(text=s.text, support=s.support) for s in answer.sentences],
        producer=answer.producer,
    )


def passage_out(p: Passage) -> PassageOut:
    return PassageOut(ref=p.ref, title=p.title, text=p.text, score=p.score, source=p.source, url=p.url)


def answer_json(answer: Answer) -> dict[str, Any]:
    """`answer_out` as plain JSON values (dates as ÅÅÅÅ-MM-DD, no empty support fields)."""
    out: dict[str, Any] = answer_out(answer).model_dump(mode="json")
    for s in out["sentences"]:
        s["support"] = [{k: v for k, v in sup.items() if v is not None} for sup in s["support"]]
    return out
