"""Known-outcome cases: run the rules core on each case and compare with Ankestyrelsen.

Facts come from the case's `facts:` block, or, when it is absent (or with
`narrative_only`), are read from the narrative; the report says which facts were read
and from which words, so the extraction is measured on the same cases.
"""

from __future__ import annotations

import dataclasses

from assistant.corpus.refs import RefError, parse_ref
from assistant.evaluation.formats import Case
from assistant.jsonable import jsonable
from assistant.language.reader import extract_facts, presume_for_case


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


def assess_case(case: Case, narrative_only: bool = False) -> dict:
    from rules import DECISIONS, assess_appeal

    derived: list[dict] = []
    if case.facts is not None and not narrative_only:
        raw = dict(case.facts)
        raw.setdefault("decision_date", case.decision_date)
        source = "facts"
        facts = _facts(raw)
        result = assess_appeal(facts)
    else:
        raw, found = extract_facts(case.narrative)
        raw.setdefault("decision_date", case.decision_date)
        derived = [d.to_json() for d in found]
        source = "narrative"
        # the kind of decision may not be in the text: try each with its presumptions, and
        # decide only if all give the same outcome
        kinds = [raw["decision"]] if "decision" in raw else list(DECISIONS)
        tried = []
        for kind in kinds:
            with_kind, presumed = presume_for_case({**raw, "decision": kind})
            f = _facts(with_kind)
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
        "refs": refs,
        "expected_refs": expected_refs,
        "ref_recall": (len(found_refs) / len(expected_refs)) if expected_refs else 1.0,
        "missing_facts": list(result.missing),
        "facts_source": source,
        "facts_used": jsonable(facts.to_dict()),
        "derived_facts": derived,
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
        "declined": [{"id": i["id"], "missing_facts": i["missing_facts"]} for i in items if i["declined"]],
        "items": items,
        "errors": errors,
    }
