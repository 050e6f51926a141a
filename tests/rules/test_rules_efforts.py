"""LAB § 113, stk. 2-3, § 113 a and L 1160/2021 § 7, stk. 1-2."""

import datetime as dt

import pytest

from rules import Facts
from rules.efforts import health_coordinator, jobformidler, rehabilitation_team

D = dt.date


def course(day, start, months=None, **kw):
    return Facts(decision_date=day, in_course=True, course_start=start, months_without_offer=months, **kw)


@pytest.mark.parametrize("months, duty", [(5.9, False), (6, False), (6.1, True)])
def test_rehab_team_after_6_months(months, duty):
    r = rehabilitation_team(course(D(2022, 12, 1), D(2022, 2, 1), months, special_reasons_against_team=False))
    assert r.value is duty, "LAB § 113, stk. 2: no offer started within 6 months → the rehabiliteringsteam"


def test_special_reasons_against_the_team():
    r = rehabilitation_team(course(D(2022, 12, 1), D(2022, 2, 1), 8, special_reasons_against_team=True))
    assert r.value is False, "LAB § 113, stk. 2, 2. pkt.: not when special reasons speak against it"


def test_not_in_force_before_2022():
    r = rehabilitation_team(course(D(2021, 12, 31), D(2021, 1, 1), 11))
    assert r.value is False and r.outcome == "ikke_i_kraft"


@pytest.mark.parametrize(
    "day, months, duty",
    [
        (D(2022, 6, 30), 30, False),
        (D(2022, 7, 2), 13, False),
        (D(2022, 7, 2), 13.1, True),
    ],
)
def test_old_courses_deadline_1_july_2022(day, months, duty):
    """L 1160/2021 § 7, stk. 2: courses begun before 2022 without an effort by 1 July 2022."""
    r = rehabilitation_team(course(day, D(2021, 6, 1), months))
    assert r.value is duty
    assert "L 1160/2021 § 7, stk. 2" in r.refs


def test_jobformidler_from_2022():
    assert jobformidler(Facts(decision_date=D(2021, 12, 31), in_course=True)).value is False
    r = jobformidler(Facts(decision_date=D(2022, 1, 1), in_course=True))
    assert r.value is True and "LAB § 113 a" in r.refs, (
        "LAB § 113 a: persons in a course have a right to a jobformidler"
    )


def test_jobformidler_guidance_deadline():
    r = jobformidler(
        Facts(
            decision_date=D(2022, 5, 2), in_course=True, course_start=D(2021, 6, 1), jobformidler_guidance_given=False
        )
    )
    assert r.outcome == "vejledningsfrist_overskredet" and "L 1160/2021 § 7, stk. 1" in r.refs, (
        "L 1160/2021 § 7, stk. 1: guidance about the right by 1 May 2022 at the latest"
    )
    r = jobformidler(
        Facts(
            decision_date=D(2022, 5, 1), in_course=True, course_start=D(2021, 6, 1), jobformidler_guidance_given=False
        )
    )
    assert r.outcome == "ret_vejledning_senest"


def test_health_coordinator():
    f = Facts(decision_date=D(2022, 3, 1), in_course=True, offer_disregards_health=True)
    r = health_coordinator(f)
    assert r.value is True and "LAB § 113, stk. 3" in r.refs
    assert health_coordinator(f.replace(decision_date=D(2021, 12, 1))).value is False
    assert health_coordinator(f.replace(offer_disregards_health=None)).value is None
