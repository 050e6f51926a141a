"""The grounding check, run on every answer whatever produced it.

A sentence stays only if
- it has support: a passage whose text contains the quoted words, or a rule result whose
  refs include the cited ref;
- every reference it names (`§ 114, stk. 7`, `PM 58-18`) is one of its supports' refs;
- its numbers appear in its own evidence: the text of its passages, the values of the rule
  results it rests on, or the user's own facts it declares it repeats (`Sentence.given`);
  there is no answer-wide list of allowed numbers;
- its statements of outcome ("højst 3 år", "kan ikke kræve", "har ret til en
  jobformidler", "kan ikke længere få") agree with the rules core on the date that applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from assistant.answering.model import Sentence, Support
from assistant.corpus.refs import RefError, find_refs, parse_ref
from assistant.corpus.units import Unit
from assistant.language.analysis import fold

_NUMWORD = {"et": 1, "ét": 1, "en": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "ti": 10}
_N = r"(\d+|et|ét|en|to|tre|fire|fem|seks|ti)"


def _n(s: str) -> int:
    return _NUMWORD.get(s.lower()) or int(s)


CLAIMS: list[tuple[str, re.Pattern, Any]] = [
    ("max_years", re.compile(rf"\b(?:højst|maksimalt|max\.?|op til|længst)\s+(?:i\s+)?{_N}\s*(?:års?|år)", re.I), _n),
    ("min_years", re.compile(rf"\b(?:mindst|minimum)\s+{_N}\s*(?:års?|år)", re.I), _n),
    ("can_require", re.compile(r"\bkan\s+(ikke\s+)?(?:kræve|tvinge|pålægge)", re.I), lambda neg: neg is None),
    (
        "jobformidler",
        re.compile(r"\b(har|har ikke)\s+ret til\s+(?:en\s+)?(?:personlig\s+)?jobformidler", re.I),
        lambda s: s.lower() == "har",
    ),
    (
        "new_courses_allowed",
        re.compile(
            r"\b(?:kan|vil)\s+(ikke længere|ikke|stadig|fortsat)\s+(?:få|bevilges|gives|søge)\s+(?:et\s+)?(?:nyt\s+)?ressourceforløb",
            re.I,
        ),
        lambda s: s.lower() in ("stadig", "fortsat"),
    ),
]


@lru_cache(maxsize=4096)
def _refs_in(text: str) -> tuple:
    return tuple(find_refs(text))


def claims_in(text: str) -> list[tuple[str, Any]]:
    out = []
    for name, rx, conv in CLAIMS:
        for m in rx.finditer(text):
            out.append((name, conv(m.group(1))))
    return out


@lru_cache(maxsize=8192)
def _norm(s: str) -> str:
    return " ".join(fold(s).split())


def _ref_key(r: str) -> str | None:
    try:
        return parse_ref(r).key
    except RefError:
        return None


def _numbers(text: str) -> set[str]:
    # numbers that state something (not the § and stk. numbers of a reference)
    stripped = re.sub(r"(?:§|stk\.|nr\.|PM|sag|L|Praksisnotat)\s*\d+(?:\s*[a-h]\b)?(?:[-/]\d+)?", " ", text)
    stripped = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", " ", stripped)
    return set(re.findall(r"\b\d+\b", stripped))


class GroundingChecker:
    """Knows the corpus; judges sentences against their supports and the rules' outcome."""

    def __init__(self, units: Iterable[Unit]):
        self.by_id = {u.id: u for u in units}
        self.by_ref: dict[str, list[Unit]] = {}
        for u in self.by_id.values():
            self.by_ref.setdefault(parse_ref(u.ref).key, []).append(u)

    def _passage_ok(self, sup: Support) -> str | None:
        """None if the passage support holds, else the problem."""
        units = [self.by_id[sup.unit_id]] if sup.unit_id in self.by_id else self.by_ref.get(_ref_key(sup.ref) or "", [])
        if not units:
            return f"henvisningen {sup.ref} findes ikke i kilderne"
        if sup.quote and not any(_norm(sup.quote) in _norm(u.text) for u in units):
            return f"citatet findes ikke i {sup.ref}"
        return None

    def check_sentence(
        self,
        s: Sentence,
        rule_refs: dict[str, set[str]],
        expected: dict[str, Any],
        values: dict[str, set[str]] | None = None,
        asked: set[str] | None = None,
    ) -> Sentence:
        """`values`: the numbers each rule result states; `asked`: the numbers in the user's facts and date."""
        problem = None
        if not s.support:
            problem = "ingen kilde eller regel understøtter sætningen"
        support_keys: set[str] = set()
        support_text = ""
        own_values = {n for n in s.given if n in (asked or set())}
        for sup in s.support:
            key = _ref_key(sup.ref)
            if key is None:
                problem = problem or f"ugyldig henvisning {sup.ref!r}"
                continue
            support_keys.add(key)
            if sup.kind == "passage":
                p = self._passage_ok(sup)
                problem = problem or p
                for u in [self.by_id[sup.unit_id]] if sup.unit_id in self.by_id else self.by_ref.get(key, []):
                    support_text += " " + u.text + " " + u.title
            else:
                refs = {(_ref_key(r) or "") for r in rule_refs.get(sup.rule or "", set())}
                if sup.rule not in rule_refs:
                    problem = problem or f"reglen {sup.rule} er ikke anvendt"
                elif key not in refs:
                    problem = problem or f"reglen {sup.rule} hviler ikke på {sup.ref}"
                for u in self.by_ref.get(key, []):
                    support_text += " " + u.text
                own_values |= (values or {}).get(sup.rule or "", set())
        if problem is None:
            support_refs = [parse_ref(sup.ref) for sup in s.support if _ref_key(sup.ref)]
            support_refs += _refs_in(support_text)  # a quoted passage may itself cite other provisions
            for named in find_refs(s.text):
                # naming the paragraph of a supporting stk. (or a stk. of a supporting §) is fine
                if not any(named.covers(r) or r.covers(named) for r in support_refs):
                    problem = f"sætningen nævner {named.canonical} uden at have den som kilde"
                    break
        if problem is None:
            allowed = _numbers(support_text) | own_values
            stray = [n for n in _numbers(s.text) if n not in allowed]
            if stray:
                problem = f"tallet {stray[0]} står ikke i kilden"
        if problem is None:
            for name, value in claims_in(s.text) + ([(s.claim["type"], s.claim["value"])] if s.claim else []):
                if name in expected and expected[name] is not None and expected[name] != value:
                    problem = f"udsagnet ({name}={value}) strider mod reglerne på datoen ({expected[name]})"
                    break
        s.supported = problem is None
        s.problem = problem
        return s

    def check(
        self,
        sentences: list[Sentence],
        rule_refs: dict[str, set[str]],
        expected: dict[str, Any],
        values: dict[str, set[str]] | None = None,
        asked: set[str] | None = None,
    ) -> tuple[list[Sentence], list[Sentence]]:
        """(kept, removed)."""
        kept: list[Sentence] = []
        removed: list[Sentence] = []
        for s in sentences:
            (kept if self.check_sentence(s, rule_refs, expected, values, asked).supported else removed).append(s)
        return kept, removed
