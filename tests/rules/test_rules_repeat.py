"""LAB § 114, stk. 2-4 (and stk. 3 before 2022, PM 82-16): 40 and 50 birthdays before, during
and after a course."""

import datetime as dt

import pytest
from rules_testkit import grant

from rules.repeat import repeated_courses

D = dt.date
BORN = D(1973, 3, 1)  # 50 on 1 March 2023, 40 on 1 March 2013


def second(day, total_before, years=2.0, **kw):
    return grant(
        day,
        age=None,
        birth_date=kw.pop("birth_date", BORN),
        previous_courses=1,
        previous_years_total=total_before,
        granted_years=years,
        **kw,
    )


def test_50th_birthday_before_the_decision():
    r = repeated_courses(second(D(2023, 3, 1), 2.0))
    assert r.value is False, "LAB § 114, stk. 4: over 50, a further course only if the person wishes it"
    assert "LAB § 114, stk. 4" in r.refs
    assert repeated_courses(second(D(2023, 3, 1), 2.0, wishes_course=True)).value is True


def test_50th_birthday_during_the_granted_course():
    # 49 at the decision: the 40-50 rule applies; total 4 ≤ 5 → may be required
    r = repeated_courses(second(D(2023, 2, 28), 2.0))
    assert r.value is True and "LAB § 114, stk. 3" in r.refs, "40-50 år: total within 5 years"
    r = repeated_courses(second(D(2023, 2, 28), 4.0))
    assert r.value is False, "LAB § 114, stk. 3: 40-50 år, total 6 > 5 years and not wished"


def test_50th_birthday_after_the_course():
    r = repeated_courses(second(D(2018, 6, 1), 1.0, birth_date=D(1978, 1, 1)))  # 40 in 2018, before 2022
    assert r.value is False, "before 2022, LAB § 114, stk. 3: over 40 no duty to accept more than one course"
    r = repeated_courses(second(D(2022, 6, 1), 1.0, birth_date=D(1978, 1, 1)))  # 44 in 2022
    assert r.value is True, "from 2022, 40-50 år: a further course within a total of 5 years may be required"


@pytest.mark.parametrize("day, expected", [(D(2023, 2, 28), True), (D(2023, 3, 1), False)])
def test_40th_birthday_before_the_decision(day, expected):
    r = repeated_courses(second(day, 4.0, birth_date=D(1983, 3, 1)))
    assert r.value is expected, "the 5-year total applies from the 40th birthday (not to a 39-year-old)"


def test_40th_birthday_during_a_running_course_protects_it():
    f = grant(
        D(2023, 3, 1),
        decision="ophør",
        age=None,
        birth_date=D(1981, 9, 1),
        course_start=D(2021, 6, 1),
        previous_courses=2,
        previous_years_total=5.0,
        granted_years=3.0,
        wishes_course=None,
    )
    r = repeated_courses(f)
    assert r.value is True and r.outcome == "fortsaetter_40_aar", (
        "LAB § 114, stk. 3, 2. pkt.: turning 40 during a course, the person continues until it ends"
    )
    started_at_40 = f.replace(course_start=D(2021, 10, 1), wishes_course=False)
    assert repeated_courses(started_at_40).value is False


def test_40th_birthday_after_the_course():
    assert repeated_courses(second(D(2023, 1, 1), 8.0, birth_date=D(1990, 1, 1))).value is True, (
        "under 40: no limit on further courses"
    )


@pytest.mark.parametrize(
    "day, expected, ref",
    [
        (D(2021, 12, 31), False, "PM 82-16"),
        (D(2022, 1, 1), True, "LAB § 114, stk. 3"),
    ],
)
def test_over_40_rule_before_2022(day, expected, ref):
    r = repeated_courses(grant(day, age=45, previous_courses=1, previous_years_total=2.0, granted_years=2.0))
    assert r.value is expected and ref in r.refs


def test_course_running_into_2022_cites_both_rules():
    r = repeated_courses(grant(D(2021, 11, 1), age=55, previous_courses=1, previous_years_total=5.0))
    assert r.value is False
    assert {"LAB § 114, stk. 3", "LAB § 114, stk. 4", "PM 82-16"} <= set(r.refs), (
        "the law of 1 January 2022 governs the part of the course after that day"
    )


def test_first_course_and_unknowns():
    assert repeated_courses(grant(D(2023, 1, 1), age=55)).relevant is False
    r = repeated_courses(grant(D(2023, 1, 1), age=55, previous_courses=None))
    assert r.value is None and r.missing == ["previous_courses"]


def test_the_grant_date_does_not_stand_in_for_the_start():
    """Regression (found by the monotonicity property): 'fylder 40 år under et
    ressourceforløb' turns on the course's start, which the grant date does not fix."""
    f = grant(
        D(2023, 3, 1),
        decision="ophør",
        age=None,
        birth_date=D(1981, 9, 1),
        course_start=None,
        course_granted_on=D(2021, 6, 1),
        previous_courses=2,
        previous_years_total=5.0,
        granted_years=3.0,
    )
    r = repeated_courses(f)
    assert r.value is None and "course_start" in r.missing
    assert repeated_courses(f.replace(course_start=D(2021, 10, 1))).value is False


def test_a_new_course_lasts_at_least_a_year_when_its_length_is_unknown():
    """46 years old with 5 years in earlier courses: any new course (at least 1 year, LAB § 114,
    stk. 1) goes over the 5 years of stk. 3, so only if the person wishes it."""
    f = grant(D(2024, 11, 1), age=46, previous_courses=1, previous_years_total=5.0, granted_years=None)
    r = repeated_courses(f)
    assert r.value is False and "LAB § 114, stk. 3" in r.refs
    f = grant(D(2024, 11, 1), age=46, previous_courses=1, previous_years_total=3.0, granted_years=None)
    assert repeated_courses(f).value is None, "3 + at least 1 may still be within 5 years: the length decides"
