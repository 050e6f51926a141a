"""Personal data out of text: CPR numbers, e-mail addresses and phone numbers."""

from __future__ import annotations

import re

# A CPR number is ddmmyy-xxxx (day 01-31, or 61-91 in a substitute number), written with
# or without a dash (of any kind) or a space; digits right before or after make it
# some other number. It is matched first, so its 10 digits are never half-read as a phone.
_CPR = re.compile(
    r"(?<!\d)(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])(?:0[1-9]|1[0-2])\d{2}"
    r"(?:\s{0,2}[-\u2010-\u2015\u2212]\s{0,2}|\s?)\d{4}(?!\d)"
)


# the last label of the domain starts with a letter ("kommune.dk"): "0@tlf.610100-0000" is a CPR number
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_][\w-]*")


# A Danish phone number: 8 digits, optionally after +45 or 0045, in pairs or 4+4 on one
# line (two years on two lines are no phone number). A digit or a date's `2022-01-` right
# before, or digits right after, make it part of another number.
_PHONE = re.compile(
    r"(?<!\d)(?<!\d-)(?:(?:\+|00)[ \u00a0]?45[ \u00a0-]?)?"
    r"\d{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2}"
    r"(?!\d)(?!-\d)"
)


def _redact_once(text: str) -> str:
    # an e-mail address first: a CPR number inside one ("0101901234@kommune.dk") goes with it
    text = _EMAIL.sub("[e-mail]", text)
    text = _CPR.sub("[CPR-nummer]", text)
    return _PHONE.sub("[telefonnummer]", text)


def redact(text: str) -> str:
    """Replace CPR numbers, e-mail addresses and phone numbers before anything is kept.

    Repeated until nothing changes, so redacting twice gives the same text (a
    replacement can expose a number its neighbour hid). Every pass that changes the
    text removes digits or `@`, so this ends.
    """
    while True:
        out = _redact_once(text)
        if out == text:
            return out
        text = out
