"""Conversation state: the facts, date and audience a conversation has built up.

Later turns add or correct facts ("hun er faktisk 49" replaces the age), a follow-up
without a topic of its own continues the previous topic, and a date named in a turn
changes which law applies from then on. The state is a typed, JSON-serialisable object
so the service can store it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field, field_serializer

from assistant.language.dates import date_in_message
from assistant.language.facts import KnownFacts
from assistant.language.reader import extract_facts
from assistant.language.replies import bind_reply
from rules.vocabulary import vocabulary

Audience = Literal["caseworker", "citizen"]

# facts that exclude each other: setting one drops the others
_EXCLUSIVE = [{"age", "age_over", "age_under", "birth_date", "birth_year"}]


class Turn(BaseModel):
    user: str
    answer: str = ""
    topics: list[str] = Field(default_factory=list)
    refs: list[str] = Field(default_factory=list)
    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


class ConversationState(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    audience: Audience = "caseworker"
    date: dt.date | None = Field(default=None, description="the date whose law applies; None = today")
    facts: KnownFacts = Field(default_factory=KnownFacts)
    fact_sources: dict[str, str] = Field(default_factory=dict, description="fact → the words it came from")
    topics: list[str] = Field(default_factory=list, description="topics of the latest turn that had one")
    asked: str | None = Field(default=None, description="the fact the assistant asked for last; a reply fills it")
    turns: list[Turn] = Field(default_factory=list)

    @field_serializer("facts")
    def _known_only(self, facts: KnownFacts) -> dict[str, Any]:
        return facts.known()

    def absorb(self, message: str, today: dt.date | None = None) -> dict[str, Any]:
        """Read facts (and a decision date) from a user message into the state; returns what changed.

        The reader gets the day the message speaks of (its own date, the conversation's, or
        `today`): "startede i marts 2023, og der er ikke sket noget" counts the months to it."""
        when = date_in_message(message)
        found, derived = extract_facts(message, skip_conclusions=False, on=when or self.date or today)
        words = {d.field: d.words for d in derived}
        if self.asked and self.asked not in found and (spec := vocabulary().get(self.asked)) is not None:
            for key, value in bind_reply(message, spec).items():  # "Nej." to "Ønsker borgeren selv ...?"
                found[key] = value
                words[key] = f"svar på spørgsmålet om {spec.label}: {message[:80]}"
        self.asked = None
        changed: dict[str, Any] = {}
        for key, value in found.items():
            for group in _EXCLUSIVE:
                if key in group:
                    # an age from an earlier message gives way; one given with it in this message stays
                    for other in group - {key} - set(found):
                        if other in self.facts:
                            self.facts.set(other, None)
                            self.fact_sources.pop(other, None)
            if self.facts.get(key) != value:
                changed[key] = value
            self.facts.set(key, value)
            self.fact_sources[key] = words.get(key, "")
        if when is not None:
            self.date = when
            self.facts.set("decision_date", when)
            changed["decision_date"] = when
        return changed

    def set_fact(self, key: str, value: Any, source: str = "rettet af brugeren") -> None:
        """Correct one fact (None removes it); FactValueError for an unknown fact or a bad value."""
        self.facts.set(key, value)
        if value is None:
            self.fact_sources.pop(key, None)
        else:
            self.fact_sources[key] = source
