"""A jobcenter's shorthand written out: "RF" → "ressourceforløb", "bgr" → "borger".

Caseworkers write notes in shorthand ("Bgr 52 år, KH i 3 år, rehab-team anbefaler RF"). The
reader, the scope check and the search all know the words in full, so a message is read with
its shorthand expanded. Upper-case abbreviations only match in upper case ("AE" is arbejdsevne,
"ae" may be a typed "æ").
"""

from __future__ import annotations

import re
from functools import partial

_UPPER: list[tuple[str, str]] = [
    (r"RF", "ressourceforløb"),
    (r"RFet", "ressourceforløbet"),
    (r"RF'?s", "ressourceforløbs"),
    (r"AE", "arbejdsevne"),
    (r"AE'?n", "arbejdsevnen"),
    (r"KH", "kontanthjælp"),
    (r"FP", "førtidspension"),
    (r"SDP", "sygedagpenge"),
    (r"JC", "jobcenter"),
]
_ANY_CASE: list[tuple[str, str]] = [
    (r"bgr\.?", "borger"),
    (r"bgr'?s", "borgers"),
    (r"rehab\.?[- ]?teamet", "rehabiliteringsteamet"),
    (r"rehab\.?[- ]?team", "rehabiliteringsteam"),
    (r"sagsbeh\.", "sagsbehandler"),
    (r"mdr\.(?=\s+(?-i:[A-ZÆØÅ]))", "måneder."),  # the abbreviation's dot also ends the sentence
    (r"mdr\.?", "måneder"),
]
_PATTERNS = [(re.compile(rf"(?<![\w-]){p}(?![\w-])"), by) for p, by in _UPPER] + [
    (re.compile(rf"(?<![\w-]){p}(?![\w-])", re.IGNORECASE), by) for p, by in _ANY_CASE
]


def _cased(m: re.Match[str], by: str, text: str) -> str:
    """Capitalised where a sentence starts, else as written out."""
    start = m.start() == 0 or bool(re.search(r"[.!?]\s+$", text[: m.start()]))
    return by[0].upper() + by[1:] if start and m.group(0)[0].isupper() else by


def expand(text: str) -> str:
    """`text` with a jobcenter's shorthand written out in full."""
    for rx, by in _PATTERNS:
        text = rx.sub(partial(_cased, by=by, text=text), text)
    return text
