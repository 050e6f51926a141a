"""Typed facts: optional fields, JSON round trip, clear errors."""

import datetime as dt
import json

import pytest
import rules_testkit  # noqa: F401  (Hypothesis settings)
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import Facts, FactsError
from rules.dates import age_on

D = dt.date

BRIEF_VOCABULARY = [
    "decision_date",
    "birth_date",
    "age",
    "age_over",
    "age_under",
    "decision",
    "granted_years",
    "previous_courses",
    "previous_years_total",
    "wishes_course",
    "course_start",
    "course_granted_on",
    "complex_problems",
    "long_public_support",
    "participated_without_progress",
    "needs_long_effort",
    "interdisciplinary_need",
    "treatment_options",
    "work_capacity_clarified",
    "motivation_factor",
    "documented_no_improvement",
    "only_quality_of_life",
    "no_improvement_possible",
    "lae265_current",
    "preparatory_part_current",
    "specialist_info_missing",
    "defect_immaterial",
    "months_without_offer",
    "special_reasons_against_team",
    "offer_disregards_health",
    "complaint_only_duration",
]


def test_vocabulary_of_the_brief_is_kept():
    missing = set(BRIEF_VOCABULARY) - set(Facts.field_names())
    assert not missing, f"facts vocabulary must keep {sorted(missing)}"


def test_every_field_is_documented():
    import rules.facts

    doc = rules.facts.__doc__
    for name in Facts.field_names():
        assert name in doc, f"field {name} must be documented in rules/facts.py"


def test_all_unknown_by_default():
    f = Facts()
    assert all(v is None for v in f.to_dict(include_unknown=True).values())
    assert f.to_dict() == {}


def test_round_trip_json():
    f = Facts(
        decision_date=D(2022, 1, 1),
        decision="bevilget",
        birth_date=D(1970, 5, 5),
        granted_years=2,
        wishes_course=False,
        months_without_offer=6.5,
    )
    data = json.loads(json.dumps(f.to_dict()))
    assert Facts.from_dict(data) == f
    assert data["decision_date"] == "2022-01-01" and data["granted_years"] == 2.0


def test_unknown_key_is_rejected_with_its_name():
    with pytest.raises(FactsError, match="wishes"):
        Facts.from_dict({"wishes": True})


@pytest.mark.parametrize(
    "data, field",
    [
        ({"decision": "godkendt"}, "decision"),
        ({"age": "44"}, "age"),
        ({"age": True}, "age"),
        ({"granted_years": -1}, "granted_years"),
        ({"wishes_course": "ja"}, "wishes_course"),
        ({"decision_date": "1. marts 2022"}, "decision_date"),
    ],
)
def test_wrong_types_are_rejected(data, field):
    with pytest.raises(FactsError, match=field):
        Facts.from_dict(data)


@pytest.mark.parametrize(
    "data",
    [
        {"age": 44, "age_over": 50},
        {"age_over": 50, "age_under": 51},
        {"decision_date": "2022-03-01", "birth_date": "1961-03-01", "age": 60},
        {"previous_courses": 0, "previous_years_total": 2},
        {"complaint_only_duration": True, "duration_contested": False},
        {"duration_fixed": False, "granted_years": 2},
    ],
)
def test_contradictions_are_rejected(data):
    with pytest.raises(FactsError):
        Facts.from_dict(data)


def test_merged_only_adds():
    a = Facts(age=40)
    b = Facts(age=41, wishes_course=True)
    m = a.merged(b)
    assert m.age == 40 and m.wishes_course is True


@settings(max_examples=150, deadline=None)
@given(st.dates(D(2013, 1, 1), D(2030, 12, 31)), st.integers(18, 80), st.dates(D(1930, 1, 1), D(2010, 12, 31)))
def test_birth_range_from_age_is_exact(decision, age, b):
    lo, hi = Facts(decision_date=decision, age=age).birth_range()
    assert age_on(lo, decision) == age and age_on(hi, decision) == age
    assert age_on(lo - dt.timedelta(days=1), decision) == age + 1
    assert age_on(hi + dt.timedelta(days=1), decision) == age - 1
    assert (lo <= b <= hi) == (age_on(b, decision) == age)
