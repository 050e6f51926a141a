"""Property tests: determinism, and monotonicity (adding a fact never changes a decided
result; a decided rule value never flips)."""

import datetime as dt
import json

import rules_testkit  # noqa: F401  (Hypothesis settings)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assistant.corpus.refs import parse_ref
from rules import DECISIONS, Facts, FactsError, assess_appeal, evaluate_all
from rules.dates import add_years, age_on

D = dt.date
BOOLS = [
    "wishes_course",
    "in_course",
    "duration_fixed",
    "complex_problems",
    "long_public_support",
    "participated_without_progress",
    "needs_long_effort",
    "interdisciplinary_need",
    "treatment_options",
    "work_capacity_clarified",
    "motivation_factor",
    "support_measures_relevant",
    "documented_no_improvement",
    "no_improvement_possible",
    "only_quality_of_life",
    "lae265_current",
    "preparatory_part_current",
    "specialist_info_missing",
    "defect_immaterial",
    "team_treated",
    "special_reasons_against_team",
    "offer_disregards_health",
    "jobformidler_guidance_given",
    "offer_started",
    "talk_granted",
    "target_group_undisputed",
    "perspective_undisputed",
]
# dates near the law's changes, so boundaries are hit often
HOT = [D(2021, 12, 31), D(2022, 1, 1), D(2022, 7, 1), D(2026, 1, 31), D(2026, 2, 1)]


@st.composite
def complete_facts(draw):
    day = draw(st.one_of(st.sampled_from(HOT), st.dates(D(2013, 1, 1), D(2027, 12, 31))))
    # ages around the limits (40, 50, 6 years before folkepension) are drawn often
    years = draw(st.one_of(st.integers(18, 75), st.sampled_from([39, 40, 49, 50, 60, 61, 62, 63, 64, 67])))
    birth = add_years(day, -years) + dt.timedelta(days=draw(st.integers(-400, 400)))
    assume(birth < day)
    age = age_on(birth, day)
    d = {
        "decision_date": day,
        "decision": draw(st.sampled_from(DECISIONS)),
        "birth_date": birth,
        "age": age,
        "age_over": age - draw(st.integers(1, 5)),
        "age_under": age + draw(st.integers(1, 5)),
        "previous_courses": draw(st.integers(0, 3)),
        "course_start": day + dt.timedelta(days=draw(st.integers(-900, 120))),
        "course_granted_on": day - dt.timedelta(days=draw(st.integers(0, 900))),
        "months_without_offer": draw(st.sampled_from([0.0, 3.0, 6.0, 6.5, 12.0, 13.0, 20.0])),
    }
    d["previous_years_total"] = (
        0.0 if d["previous_courses"] == 0 else draw(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 8.0]))
    )
    for name in BOOLS:
        d[name] = draw(st.booleans())
    if d["duration_fixed"]:
        d["granted_years"] = draw(st.sampled_from([0.9, 1.0, 2.0, 3.0, 3.1, 4.0, 5.0, 6.0]))
    # an undisputed finding cannot stand beside evidence against it (Facts refuses the pair)
    if (
        not d["complex_problems"]
        or not d["interdisciplinary_need"]
        or not any(d[n] for n in ("long_public_support", "participated_without_progress", "needs_long_effort"))
    ):
        d["target_group_undisputed"] = False
    if any(d[n] for n in ("documented_no_improvement", "no_improvement_possible", "only_quality_of_life")) or not (
        d["treatment_options"]
        or not d["work_capacity_clarified"]
        or d["motivation_factor"]
        or d["support_measures_relevant"]
    ):
        d["perspective_undisputed"] = False
    d["complaint_only_duration"] = draw(st.booleans())
    d["duration_contested"] = True if d["complaint_only_duration"] else draw(st.booleans())
    return Facts(**d)


@st.composite
def partial_and_complete(draw):
    full = draw(complete_facts())
    known = sorted(full.known())
    dropped = draw(st.sets(st.sampled_from(known)))
    return full.replace(**dict.fromkeys(dropped)), full


SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


@SETTINGS
@given(complete_facts())
def test_same_facts_same_result(f):
    a = assess_appeal(f).to_dict()
    b = assess_appeal(Facts.from_dict(json.loads(json.dumps(f.to_dict())))).to_dict()
    assert a == b, "the rules core must be deterministic"
    json.dumps(a)
    for ref in a["refs"]:
        assert parse_ref(ref).canonical == ref, f"{ref!r} must be a canonical reference"


@SETTINGS
@given(partial_and_complete())
def test_adding_facts_never_changes_a_decided_outcome(pair):
    partial, full = pair
    before = assess_appeal(partial)
    after = assess_appeal(full)
    if not before.declined:
        assert not after.declined and after.outcome == before.outcome, (
            f"decided {before.outcome} on {partial.known()} but {after.outcome} after adding "
            f"{ {k: v for k, v in full.known().items() if k not in partial.known()} }"
        )


@SETTINGS
@given(partial_and_complete())
def test_adding_facts_never_flips_a_rule(pair):
    partial, full = pair
    before, after = evaluate_all(partial), evaluate_all(full)
    for name, r in before.items():
        if r.value is not None:
            assert after[name].value == r.value, f"{name}: {r.value} with fewer facts, {after[name].value} with more"
        else:
            assert r.missing, f"{name}: an unknown value must name the facts that would decide it"


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(Facts.field_names()),
        st.one_of(st.none(), st.booleans(), st.integers(-2, 80), st.text(max_size=3)),
    )
)
def test_garbage_is_rejected_cleanly(data):
    try:
        f = Facts.from_dict(data)
    except FactsError:
        return
    assess_appeal(f)
