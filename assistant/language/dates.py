"""Dates in Danish: month names, a date written in words, and the decision date a message names."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
MONTH_NAMES = tuple(MONTHS)


def dk_date(d: dt.date) -> str:
    """`1. januar 2022`: how a date is written in an answer."""
    return f"{d.day}. {MONTH_NAMES[d.month - 1]} {d.year}"


_ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def dk_dates_in(text: str) -> str:
    """The rules core writes dates as 2025-05-06; a reader gets "6. maj 2025"."""

    def one(m: re.Match[str]) -> str:
        try:
            return dk_date(dt.date.fromisoformat(m.group(1)))
        except ValueError:
            return m.group(0)

    return _ISO.sub(one, text)


_MONTH_YEAR = re.compile(
    r"\b(?:afgørelse\w*|bevilling\w*|beslutning\w*|bevilg\w*|besluttet|truffet)\b[^.?!]{0,40}?\b"
    r"(?:(\d{1,2})\.\s*)?(" + "|".join(MONTHS) + r")\s+(\d{4})",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"\b(?:afgørelse\w*|bevilg\w*|besluttet|truffet)\b[^.?!]{0,30}?\bi\s+((?:19|20)\d\d)\b", re.IGNORECASE
)


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
