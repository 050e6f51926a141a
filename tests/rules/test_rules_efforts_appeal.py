"""Complaints about a refused effort within a course, and findings nobody disputes."""

import datetime as dt

import pytest

from rules import Facts, FactsError, assess_appeal, evaluate_all

D = dt.date(2023, 10, 17)


@pytest.mark.parametrize("months, outcome", [(8.0, "ændring"), (3.0, "stadfæstelse")])
def test_a_refusal_to_put_the_case_to_the_team_again(months, outcome):
    f = Facts(
        decision_date=D,
        decision="afslag_rehabiliteringsteam",
        in_course=True,
        course_start=dt.date(2023, 2, 1),
        months_without_offer=months,
        special_reasons_against_team=False,
    )
    r = assess_appeal(f)
    assert r.outcome == outcome and "LAB § 113, stk. 2" in r.refs


def test_a_refused_jobformidler_before_the_right_existed_is_upheld():
    r = assess_appeal(Facts(decision_date=dt.date(2021, 11, 15), decision="afslag_jobformidler", in_course=True))
    assert r.outcome == "stadfæstelse"


def test_an_undisputed_finding_stands_but_cannot_sit_beside_evidence_against_it():
    f = Facts(decision_date=D, target_group_undisputed=True, perspective_undisputed=True)
    R = evaluate_all(f)
    assert R["target_group"].value is True and R["target_group"].outcome == "ikke_bestridt"
    assert R["development_perspective"].value is True
    with pytest.raises(FactsError):
        Facts(target_group_undisputed=True, complex_problems=False)
    with pytest.raises(FactsError):
        Facts(perspective_undisputed=True, documented_no_improvement=True)


def test_a_course_running_past_folkepensionsalderen_is_changed():
    f = Facts(
        decision_date=dt.date(2021, 4, 12),
        decision="bevilget",
        birth_date=dt.date(1955, 9, 15),
        granted_years=2.0,
        course_start=dt.date(2021, 5, 1),
        wishes_course=True,
        previous_courses=0,
        complaint_only_duration=True,
        duration_fixed=True,
    )
    r = assess_appeal(f)
    assert r.outcome == "ændring" and "LAB § 114, stk. 3" in r.refs
