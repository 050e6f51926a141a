"""Retrieval scoring of question and dialogue files: recall@1, recall@5 and MRR.

A retrieved `LAB § 114, stk. 3` satisfies an expected `LAB § 114` (references.md),
never the other way round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assistant.corpus.refs import RefError, parse_ref
from assistant.errors import InputError
from assistant.evaluation.formats import Dialogue, Question

DEPTH = 10  # MRR is computed over the first ten results


def satisfies(retrieved: str, expected: str) -> bool:
    try:
        return parse_ref(expected).covers(parse_ref(retrieved))
    except RefError:
        return False


def first_hit(retrieved: list[str], expected: list[str]) -> int | None:
    """1-based rank of the first retrieved ref that satisfies one of `expected`."""
    for rank, ref in enumerate(retrieved, 1):
        if any(satisfies(ref, e) for e in expected):
            return rank
    return None


@dataclass
class RetrievalItem:
    id: str
    question: str
    date: str
    expected: list[str]
    retrieved_refs: list[str]
    rank: int | None
    hit: bool
    error: str | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "question": self.question,
            "date": self.date,
            "expected": self.expected,
            "retrieved_refs": self.retrieved_refs,
            "rank": self.rank,
            "hit": self.hit,
            **({"error": self.error} if self.error else {}),
        }


def _queries(items: list, kind: str) -> list[tuple[str, str, dt.date | None, list[str]]]:
    """(id, text, date, expected refs) for every question or dialogue turn with refs to check.

    A dialogue turn is searched together with the user's earlier turns, as a follow-up
    only makes sense in its conversation.
    """
    out = []
    for item in items:
        if isinstance(item, Question):
            if item.expected.refs_any:  # a question to decline names no source to find
                out.append((item.id, item.question, item.asked_on, item.expected.refs_any))
        elif isinstance(item, Dialogue):
            history: list[str] = []
            date = item.asked_on
            for n, turn in enumerate(item.turns, 1):
                history.append(turn.user)
                date = turn.date or date
                if turn.expected.refs_any:
                    out.append((f"{item.id}#{n}", " ".join(history[-3:]), date, turn.expected.refs_any))
    return out


def score_retrieval(engine, items: list, kind: str, k: int = 5, mode: str = "hybrid") -> dict:
    today = engine.settings.current_date()
    results: list[RetrievalItem] = []
    for qid, text, date, expected in _queries(items, kind):
        on = date or today
        try:
            passages = engine.search(text, on=on, k=max(k, DEPTH), mode=mode)
            refs = [p.ref for p in passages]
            rank = first_hit(refs, expected)
            results.append(
                RetrievalItem(qid, text, on.isoformat(), expected, refs[:k], rank, rank is not None and rank <= k)
            )
        except InputError as exc:
            results.append(RetrievalItem(qid, text, on.isoformat(), expected, [], None, False, str(exc)))
    n = len(results) or 1
    return {
        "kind": kind,
        "mode": mode,
        "k": k,
        "total": len(results),
        "recall_at_1": round(sum(1 for r in results if r.rank == 1) / n, 4),
        "recall_at_5": round(sum(1 for r in results if r.rank is not None and r.rank <= 5) / n, 4),
        "mrr": round(sum(1.0 / r.rank for r in results if r.rank) / n, 4),
        "items": [r.to_json() for r in results],
    }
