"""Known-outcome cases: run the rules core on each case and compare with Ankestyrelsen.

Facts come from the case's `facts:` block, or, when it is absent (or with
`narrative_only`), are read from the narrative; the report says which facts were read
and from which words, so the extraction is measured on the same cases.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from assistant.corpus.refs import RefError, parse_ref
from assistant.evaluation.formats import Case
from assistant.jsonable import jsonable
from assistant.language.facts import birth_bounds
from assistant.language.input import language_of
from assistant.language.presume import presume_for_case
from assistant.language.reader import read
from rules import COURSE_DECISIONS


def _cited(expected: str, cited: list[str]) -> bool:
    try:
        e = parse_ref(expected)
    except RefError:
        return False
    for c in cited:
        try:
            if e.covers(parse_ref(c)):
                return True
        except RefError:
            continue
    return False


def _facts(raw: dict):
    from rules import Facts

    names = {f.name for f in dataclasses.fields(Facts)}
    return Facts.from_dict(jsonable({k: v for k, v in raw.items() if k in names}))


MAX_NARRATIVE_CHARS = 20_000


def _declined(case: Case, reason: str, why: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": case.id,
        "expected": case.expected.outcome,
        "predicted": None,
        "correct": False,
        "declined": True,
        "decline_reason": reason,
        "refs": [],
        "expected_refs": case.expected.refs,
        "ref_recall": 0.0,
        "missing_facts": [],
        "reasons": [{"text": why, "refs": []}],
        **extra,
    }


# the kinds a decision nobody names may be; a decision that a course continues is always stated
_UNSTATED_KINDS = tuple(k for k in COURSE_DECISIONS if k != "fortsat")


def assess_case(case: Case, narrative_only: bool = False) -> dict[str, Any]:
    from rules import FactsError, assess_appeal

    derived: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    if case.facts is not None and not narrative_only:
        raw = dict(case.facts)
        raw.setdefault("decision_date", case.decision_date)
        source = "facts"
        facts = _facts(raw)
        result = assess_appeal(facts)
    else:
        text = case.narrative.strip()
        if not text:
            return _declined(case, "empty", "Sagsfremstillingen er tom; der er intet at vurdere.")
        if len(text) > MAX_NARRATIVE_CHARS:
            return _declined(
                case, "too_long", f"Sagsfremstillingen er for lang ({len(text)} tegn; højst {MAX_NARRATIVE_CHARS})."
            )
        if language_of(text) in ("en", "other"):
            return _declined(case, "language", "Sagsfremstillingen er ikke på dansk, så den kan ikke vurderes.")
        reading = read(text, on=case.decision_date)
        raw = dict(reading.facts)
        # the file's decision_date is the decision under review; a date the narrative gives
        # for an earlier decision ("bevilget ... fra den 1. marts 2021") does not replace it
        raw["decision_date"] = case.decision_date
        if raw.get("birth_year") and not any(k in raw for k in ("age", "age_over", "age_under", "birth_date")):
            raw.update(birth_bounds(raw["birth_year"], raw.get("birth_month")))
        derived = [d.to_json() for d in reading.derived if d.field != "decision_date"]
        conflicts = [c.to_json() for c in reading.conflicts]
        source = "narrative"
        if conflicts:
            # a conflict matters only when its values give different outcomes
            outcomes = set()
            for values in itertools.product(*[sorted(set(c["values"]), key=str) for c in conflicts]):
                trial = {**raw, **{c["field"]: v for c, v in zip(conflicts, values)}}
                kinds = [trial["decision"]] if "decision" in trial else list(_UNSTATED_KINDS)
                for kind in kinds:
                    try:
                        with_kind, _ = presume_for_case(reading, {**trial, "decision": kind})
                        res = assess_appeal(_facts(with_kind))
                    except FactsError:
                        res = None
                    outcomes.add(None if res is None or res.declined else res.outcome)
            if len(outcomes) != 1 or None in outcomes:
                names = ", ".join(c["field"] for c in conflicts)
                return _declined(
                    case,
                    "conflict",
                    f"Sagsfremstillingen siger to ting om {names}; det må afklares.",
                    facts_source=source,
                    derived_facts=derived,
                    conflicts=conflicts,
                    missing_facts=[c["field"] for c in conflicts],
                )
            derived.append(
                {
                    "field": "conflict",
                    "value": None,
                    "presumed": True,
                    "words": "modstridende oplysninger om "
                    + ", ".join(c["field"] for c in conflicts)
                    + " ændrer ikke resultatet",
                }
            )
        # the kind of decision may not be in the text: try each with its presumptions, and
        # decide only if all give the same outcome
        kinds = [raw["decision"]] if "decision" in raw else list(_UNSTATED_KINDS)
        tried = []
        for kind in kinds:
            with_kind, presumed = presume_for_case(reading, {**raw, "decision": kind})
            try:
                f = _facts(with_kind)
            except FactsError as exc:  # the narrative's facts contradict each other
                return _declined(
                    case,
                    "conflict",
                    f"Sagsfremstillingens oplysninger er modstridende: {exc}",
                    facts_source=source,
                    derived_facts=derived,
                )
            tried.append((f, assess_appeal(f), presumed))
        outcomes = {r.outcome for _, r, _ in tried}
        if len(tried) > 1 and (len(outcomes) > 1 or any(r.declined for _, r, _ in tried)):
            facts = _facts(raw)
            result, presumed = assess_appeal(facts), []
        else:
            facts, result, presumed = tried[0]
            if len(tried) > 1:
                derived.append(
                    {
                        "field": "decision",
                        "value": None,
                        "words": "afgørelsens art er ikke oplyst; alle arter giver samme resultat",
                        "presumed": True,
                    }
                )
        derived += [{**d.to_json(), "presumed": True} for d in presumed]
    predicted = None if result.declined else result.outcome
    refs = list(result.refs)
    expected_refs = case.expected.refs
    found_refs = [r for r in expected_refs if _cited(r, refs)]
    return {
        "id": case.id,
        "expected": case.expected.outcome,
        "predicted": predicted,
        "correct": predicted == case.expected.outcome,
        "declined": result.declined,
        "decline_reason": "missing_facts" if result.declined else None,
        "refs": refs,
        "expected_refs": expected_refs,
        "ref_recall": (len(found_refs) / len(expected_refs)) if expected_refs else 1.0,
        "missing_facts": list(result.missing),
        "facts_source": source,
        "facts_used": jsonable(facts.to_dict()),
        "derived_facts": derived,
        "conflicts": conflicts,
        "reasons": jsonable(getattr(result, "reasons", [])),
        "trace": jsonable(result.to_dict().get("trace", [])),
    }


def score_cases(cases: list[Case], narrative_only: bool = False) -> dict:
    items, errors = [], []
    for case in cases:
        try:
            items.append(assess_case(case, narrative_only))
        except (ValueError, TypeError) as exc:  # facts the rules core rejects
            errors.append({"id": case.id, "error": str(exc)})
            items.append(
                {
                    "id": case.id,
                    "expected": case.expected.outcome,
                    "predicted": None,
                    "correct": False,
                    "declined": True,
                    "refs": [],
                    "expected_refs": case.expected.refs,
                    "ref_recall": 0.0,
                    "missing_facts": [],
                    "error": str(exc),
                }
            )
    total = len(items)
    decided = sum(1 for i in items if not i["declined"])
    correct = sum(1 for i in items if i["correct"])
    return {
        "kind": "cases",
        "narrative_only": narrative_only,
        "total": total,
        "decided": decided,
        "correct": correct,
        "accuracy": round(correct / total, 4) if total else 0.0,
        "wrong_with_confidence": sum(1 for i in items if not i["declined"] and not i["correct"]),
        "ref_recall": round(sum(i["ref_recall"] for i in items) / total, 4) if total else 0.0,
        "declined": [
            {"id": i["id"], "missing_facts": i["missing_facts"], "reason": i.get("decline_reason")}
            for i in items
            if i["declined"]
        ],
        "presumptions": _presumption_counts(items),
        "items": items,
        "errors": errors,
    }


def _presumption_counts(items: list[dict[str, Any]]) -> dict[str, int]:
    """How often each presumption was used (fact=value), most used first."""
    counts: dict[str, int] = {}
    for i in items:
        for d in i.get("derived_facts", []):
            if d.get("presumed") and d.get("field") != "decision":
                key = f"{d['field']}={d['value']}"
                counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
