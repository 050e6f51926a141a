"""What is indexed of a unit: its chunks for the vectors, its text for BM25, and a fingerprint of the corpus."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from assistant.corpus.units import Unit

CHUNK_CHARS = 900


def chunk_text(unit: Unit, max_chars: int = CHUNK_CHARS) -> list[str]:
    """Pieces of a unit for embedding, split at sentence ends; each starts with the title
    so a piece out of context still says what it is about."""
    head = f"{unit.ref}. {unit.title}."
    sentences = re.split(r"(?<=[.!?:])\s+", unit.text)
    chunks: list[str] = []
    cur = ""
    for s in sentences:
        if cur and len(cur) + len(s) + 1 > max_chars:
            chunks.append(cur)
            cur = s
        else:
            cur = f"{cur} {s}".strip()
    if cur:
        chunks.append(cur)
    return [f"{head} {c}" for c in chunks] or [head]


def lexical_text(unit: Unit) -> str:
    """The title counts twice: titles are written to say what a passage is about."""
    return f"{unit.ref} {unit.title} {unit.title} {unit.text}"


def corpus_fingerprint(units: Sequence[Unit]) -> str:
    h = hashlib.sha256()
    for u in sorted(units, key=lambda u: u.id):
        h.update(f"{u.id}:{u.content_hash};".encode())
    return h.hexdigest()[:20]


def _date_int(d) -> int:
    return int(d.strftime("%Y%m%d")) if d else 0


def chunk_meta(unit: Unit, i: int) -> dict:
    return {
        "unit_id": unit.id,
        "unit_hash": unit.content_hash,
        "chunk": i,
        "ref": unit.ref,
        "kind": unit.kind,
        "visibility": unit.visibility,
        "valid_from": _date_int(unit.valid_from),
        "valid_to": _date_int(unit.valid_to) or 99991231,
    }
