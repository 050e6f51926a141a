"""Conversation state: the facts, date and audience a conversation has built up.

Later turns add or correct facts ("hun er faktisk 49" replaces the age), a follow-up
without a topic of its own continues the previous topic, and a date named in a turn
changes which law applies from then on. The state is a typed, JSON-serialisable object
so the service can store it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field

from .facts import MONTHS, extract_facts

Audience = Literal["caseworker", "citizen"]

# facts that exclude each other: setting one drops the others
_EXCLUSIVE = [{"age", "age_over", "age_under", "birth_date", "birth_year"}]


class Turn(BaseModel):
    user: str
    answer: str = ""
    topics: list[str] = Field(default_factory=list)
    refs: list[str] = Field(default_factory=list)
    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))


class ConversationState(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    audience: Audience = "caseworker"
    date: dt.date | None = Field(default=None, description="the date whose law applies; None = today")
    facts: dict[str, Any] = Field(default_factory=dict)
    fact_sources: dict[str, str] = Field(default_factory=dict, description="fact → the words it came from")
    topics: list[str] = Field(default_factory=list, description="topics of the latest turn that had one")
    turns: list[Turn] = Field(default_factory=list)

    def absorb(self, message: str) -> dict[str, Any]:
        """Read facts (and a decision date) from a user message into the state; returns what changed."""
        found, derived = extract_facts(message, skip_conclusions=False)
        words = {d.field: d.words for d in derived}
        changed: dict[str, Any] = {}
        for key, value in found.items():
            for group in _EXCLUSIVE:
                if key in group:
                    for other in group - {key}:
                        if other in self.facts:
                            self.facts.pop(other)
                            self.fact_sources.pop(other, None)
            if self.facts.get(key) != value:
                changed[key] = value
            self.facts[key] = value
            self.fact_sources[key] = words.get(key, "")
        when = date_in_message(message)
        if when is not None:
            self.date = when
            self.facts["decision_date"] = when
            changed["decision_date"] = when
        return changed

    def set_fact(self, key: str, value: Any, source: str = "rettet af brugeren") -> None:
        if value is None:
            self.facts.pop(key, None)
            self.fact_sources.pop(key, None)
        else:
            self.facts[key] = value
            self.fact_sources[key] = source


_MONTH_YEAR = re.compile(
    r"\b(?:afgørelse\w*|bevilling\w*|beslutning\w*|bevilget|besluttet|truffet)\b[^.?!]{0,40}?\b"
    r"(?:(\d{1,2})\.\s*)?(" + "|".join(MONTHS) + r")\s+(\d{4})",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_YEAR = re.compile(r"\b(?:afgørelse\w*|bevilget|besluttet|truffet)\b[^.?!]{0,30}?\bi\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def date_in_message(message: str) -> dt.date | None:
    """The date of the decision a message talks about ("afgørelsen var fra marts 2021")."""
    if m := _MONTH_YEAR.search(message):
        try:
            return dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1) or 1))
        except ValueError:
            return None
    if m := _ISO.search(message):
        try:
            return dt.date.fromisoformat(m.group(1))
        except ValueError:
            return None
    if m := _YEAR.search(message):
        return dt.date(int(m.group(1)), 7, 1)
    return None
