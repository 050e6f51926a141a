"""A reply to the assistant's own question: "Nej.", "Hun har ikke bedt om det", "jo, det vil hun gerne", "53".

The assistant asks for one fact at a time; the next message usually answers it without naming
it. The reply is read for that fact only, by its type: yes or no (with the stance of its
clauses), a number, a date. A reply that says nothing about it ("det ved jeg ikke") binds nothing.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.language.clauses import clauses
from assistant.language.reader import _dates_in, _num  # the reader's date and number forms
from assistant.language.stances import read_stances, resolve
from rules.vocabulary import FactSpec

_YES = re.compile(
    r"^\s*(?:ja|jo|jep|jah|yes|gerne|selvfølgelig|absolut|klart|det gør (?:hun|han|jeg|vi)|"
    r"det (?:vil|har|er|gør) (?:hun|han|jeg|vi)(?! ikke))\b",
    re.IGNORECASE,
)
_NO = re.compile(r"^\s*(?:nej|nope|næ|nix|ikke|ingen|aldrig)\b", re.IGNORECASE)
_UNSURE = re.compile(
    r"\b(?:ved (?:jeg )?ikke|aner (?:jeg )?ikke|usikker|måske|muligvis|kan ikke huske|ikke sikker)\b", re.IGNORECASE
)


_OTHER_DATE = re.compile(
    r"\b(?:start\w*|begynd\w*|påbegynd\w*|bevilg\w*|afgørelse\w*|slut\w*|ophør\w*|møde\w*|fra|til)\s+(?:den\s+)?$",
    re.IGNORECASE,
)


def bind_reply(message: str, spec: FactSpec) -> dict[str, Any]:
    """The facts `message` gives as a reply to the question for fact `spec` ({} when none)."""
    text = message.strip()
    if not text or _UNSURE.search(text):
        return {}
    if spec.type == "date" or spec.name == "age":
        # a date the message gives as something else ("var startet 1. december 2021") is not the reply
        found = [f for f in _dates_in(text) if not _OTHER_DATE.search(text[: text.find(f[1])][-30:])]
        if found and spec.type == "date":
            return {spec.name: found[0][0]}
        if spec.name in ("birth_date", "age") and (y := re.search(r"\b(19[2-9]\d|200\d)\b", text)):
            return {"birth_year": int(y.group(1))}
        if spec.type == "date":
            return {}
    value = _value(text, spec)
    return {} if value is None else {spec.name: value}


def _value(text: str, spec: FactSpec) -> Any | None:
    if spec.type == "bool":
        return _yes_no(text, spec.name)
    if spec.type in ("int", "float"):
        counted = re.search(r"(?<![\d.,])\d{1,2}(?![\d.,])|\b(?:et|ét|en|to|tre|fire|fem)\b", text, re.IGNORECASE)
        if spec.name == "previous_courses" and not counted and (yn := _yes_no(text, spec.name)) is not None:
            return 1 if yn else 0
        m = re.search(r"(?<![\d.,])(\d{1,3}(?:[.,]\d)?)(?![\d.,])", text) or re.search(
            r"\b(ingen|et|ét|en|to|tre|fire|fem)\b", text, re.IGNORECASE
        )
        if m is None:
            return None
        if spec.name == "previous_courses" and re.match(r"\s*(?:år|måned)", text[m.end() :], re.IGNORECASE):
            return None  # "bevilget for 4 år": a length, not a number of courses
        raw = m.group(1).lower()
        value = 0.0 if raw == "ingen" else _num(raw)
        if spec.name == "age" and not 16 <= value <= 80:
            return None
        if spec.name == "months_without_offer" and re.search(r"\bår\b", text[m.end() : m.end() + 6], re.IGNORECASE):
            value *= 12
        return int(value) if spec.type == "int" else value
    return None


def _yes_no(text: str, fact: str) -> bool | None:
    if fact == "wishes_course":
        res = resolve(read_stances(text))
        if res.value is not None:
            return res.value
    if _NO.search(text):
        return False
    if _YES.search(text):
        return True
    parts = clauses(text)
    if len(text.split()) <= 12 and parts:
        # "Det har hun ikke", "Det er den ikke": the negations of a short reply decide it
        return not parts[0].negated
    return None
