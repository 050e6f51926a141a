"""A handful of real units, read from corpus/ by ref: enough to compose and check answers without an index."""

from __future__ import annotations

from functools import lru_cache

from assistant.corpus.refs import parse_ref
from assistant.corpus.units import Unit, load_corpus
from assistant.settings import REPO_ROOT

REFS = (
    "LAB § 114, stk. 1",
    "LAB § 114, stk. 2",
    "LAB § 114, stk. 3",
    "LAB § 114, stk. 4",
    "PM 82-16",
    "LAB § 112, stk. 3",
    "LSP § 1 a",
    "L 1160/2021 § 1, nr. 1",
    "L 1160/2021 § 6, stk. 2",
    "L 1160/2021 § 7, stk. 3",
    "RSL § 67",
    "L 1750/2025",
    "LAB § 113 a",
    "LAB § 113, stk. 2",
)


@lru_cache(maxsize=1)
def units() -> tuple[Unit, ...]:
    keys = {parse_ref(r).key for r in REFS}
    return tuple(u for u in load_corpus([REPO_ROOT / "corpus"]) if parse_ref(u.ref).key in keys)


def by_ref() -> dict[str, list[Unit]]:
    out: dict[str, list[Unit]] = {}
    for u in units():
        out.setdefault(parse_ref(u.ref).key, []).append(u)
    return out
