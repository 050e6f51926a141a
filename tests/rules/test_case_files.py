"""The case files in evals/cases: the practice note's 26 cases and the rule-boundary cases.

Each file is read with plain `yaml.safe_load`; `Facts` are built from each case's `facts:`
plus its `decision_date`, and `assess_appeal` must give the expected outcome and cite every
expected reference (a citation of `LAB § 114, stk. 3, nr. 1` counts for `LAB § 114, stk. 3`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from assistant.corpus.refs import parse_ref
from rules import OUTCOMES, Facts, assess_appeal

CASES = Path(__file__).resolve().parents[2] / "evals" / "cases"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "001_b2163fa93534f64c.txt"


def load(name: str) -> list[dict]:
    data = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and list(data) == ["cases"], f"{name}: must be a mapping with only 'cases'"
    return data["cases"]


def facts_of(case: dict) -> Facts:
    raw = dict(case.get("facts") or {})
    assert "decision_date" not in raw, "decision_date belongs to the case, not to facts"
    raw["decision_date"] = case["decision_date"]
    return Facts.from_dict(raw)


def cited(expected: str, refs: list[str]) -> bool:
    e = parse_ref(expected)
    return any(e.covers(parse_ref(r)) for r in refs)


def check_file(name: str) -> list[str]:
    problems = []
    for case in load(name):
        result = assess_appeal(facts_of(case))
        exp = case["expected"]
        if result.declined:
            problems.append(f"{case['id']}: declined for want of {result.missing}, expected {exp['outcome']}")
            continue
        if result.outcome != exp["outcome"]:
            problems.append(
                f"{case['id']}: {result.outcome}, expected {exp['outcome']} "
                f"({'; '.join(r['text'] for r in result.reasons)})"
            )
        for ref in exp["refs"]:
            if not cited(ref, result.refs):
                problems.append(f"{case['id']}: does not cite {ref} (cites {result.refs})")
    return problems


@pytest.mark.parametrize("name", ["praksisnotat-2022.yaml", "regelgraenser.yaml"])
def test_file_format(name):
    cases = load(name)
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), f"{name}: ids must be unique"
    for c in cases:
        assert set(c) <= {"id", "decision_date", "narrative", "facts", "expected"}, c["id"]
        assert isinstance(c["decision_date"], dt.date), f"{c['id']}: decision_date must be a date"
        assert c["narrative"].strip(), f"{c['id']}: narrative"
        assert c["expected"]["outcome"] in OUTCOMES
        for ref in c["expected"]["refs"]:
            assert parse_ref(ref).canonical == ref, f"{c['id']}: {ref!r} is not canonical"


def test_practice_note_has_all_26_cases_verbatim():
    cases = load("praksisnotat-2022.yaml")
    assert [c["id"] for c in cases] == [f"sag-{i:02d}" for i in range(1, 27)]
    if SEED.exists():
        seed = " ".join(SEED.read_text(encoding="utf-8").split())
        for c in cases:
            assert " ".join(c["narrative"].split()) in seed, f"{c['id']}: narrative must be the seed's text"


def test_practice_note_26_of_26():
    problems = check_file("praksisnotat-2022.yaml")
    assert not problems, "practice note cases:\n" + "\n".join(problems)


def test_rule_boundary_cases_all_correct():
    cases = load("regelgraenser.yaml")
    assert len(cases) >= 12
    problems = check_file("regelgraenser.yaml")
    assert not problems, "rule-boundary cases:\n" + "\n".join(problems)
