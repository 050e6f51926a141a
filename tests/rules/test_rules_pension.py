"""Folkepensionsalderen (LSP § 1 a, LAB § 114, stk. 4) and the 6-year rule (LAB § 112, stk. 3,
L 1160/2021 § 7, stk. 4)."""

import datetime as dt

import pytest
from rules_testkit import grant

from rules import Facts
from rules.pension import pension_age_rule, six_years_before_pension

D = dt.date
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    "born, bars, why",
    [
        (D(1961, 3, 1), False, "exactly 6 years to folkepension (1 March 2028) is not less than 6 years"),
        (D(1961, 2, 28), True, "6 years minus a day to folkepension: the course must not be started unless wished"),
        (D(1961, 3, 2), False, "6 years and a day to folkepension: the rule does not apply"),
    ],
)
def test_six_years_boundary(born, bars, why):
    r = six_years_before_pension(grant(D(2022, 3, 1), age=None, birth_date=born))
    assert r.value is (not bars), why
    if bars:
        assert {"LAB § 112, stk. 3", "LSP § 1 a"} <= set(r.refs)


def test_wish_lifts_the_six_year_rule():
    r = six_years_before_pension(grant(D(2022, 3, 1), age=None, birth_date=D(1961, 2, 28), wishes_course=True))
    assert r.value is True and r.outcome == "oensker_selv", "LAB § 112, stk. 3: 'medmindre personen selv ønsker det'"


def test_not_in_force_before_2022():
    r = six_years_before_pension(grant(D(2021, 12, 31), age=None, birth_date=D(1958, 2, 28)))
    assert r.value is True and r.outcome == "ikke_i_kraft", (
        "LAB § 112, stk. 3 applies from 1 January 2022 (a course starting in 2021 is not covered)"
    )


@pytest.mark.parametrize("start, expected", [(D(2022, 2, 1), False), (D(2021, 12, 1), True), (None, None)])
def test_transitional_rule_7_4(start, expected):
    """L 1160/2021 § 7, stk. 4: granted before 2022 to start 1 January 2022 or later, and under
    6 years to folkepension on 1 January 2022 → § 112, stk. 3 applies."""
    r = six_years_before_pension(grant(D(2021, 10, 1), age=None, birth_date=D(1958, 6, 1), course_start=start))
    assert r.value is expected
    if expected is None:
        assert r.missing == ["course_start"]
    if expected is False:
        assert "L 1160/2021 § 7, stk. 4" in r.refs


@pytest.mark.parametrize("born, bars", [(D(1961, 1, 1), False), (D(1960, 12, 31), True)])
def test_transitional_rule_measured_on_1_january_2022(born, bars):
    r = six_years_before_pension(grant(D(2021, 10, 1), age=None, birth_date=born, course_start=D(2022, 2, 1)))
    assert r.value is (not bars), "§ 7, stk. 4 measures the 6 years on 1 January 2022"


@pytest.mark.parametrize(
    "born, age_at_limit",
    [
        (D(1961, 5, 5), 61),
        (D(1964, 5, 5), 62),
        (D(1968, 5, 5), 63),
        (D(1975, 5, 5), 64),
    ],
)
def test_limit_ages_of_law_status(born, age_at_limit):
    """spec/law-status.md: less than 6 years begins at 61 (born 1 Jul 1955-1962), 62 (1963-66),
    63 (1967-70) and 64 (1971 or later)."""
    birthday = D(born.year + age_at_limit, born.month, born.day)
    on = six_years_before_pension(grant(birthday, age=None, birth_date=born))
    after = six_years_before_pension(grant(birthday + DAY, age=None, birth_date=born))
    assert on.value is True and after.value is False


def test_age_alone_can_decide():
    assert six_years_before_pension(grant(D(2023, 1, 1), age=30)).value is True
    r = six_years_before_pension(grant(D(2023, 1, 1), age=None, age_over=50))
    assert r.value is None and "birth_date" in r.missing


def test_running_course_continues():
    r = six_years_before_pension(grant(D(2023, 1, 1), decision="ophør", age=None, birth_date=D(1960, 1, 1)))
    assert r.value is True and r.outcome == "fortsaetter_til_afslutning", (
        "LAB § 112, stk. 3, 2. pkt.: a person reaching the 6-year mark during a course continues"
    )


@pytest.mark.parametrize("day, reached", [(D(2022, 6, 30), False), (D(2022, 7, 1), True)])
def test_pension_age_reached(day, reached):
    # a running course (ophør): whether the pension day is reached is all that counts; a new
    # grant the day before is barred already by the shortest duration (test below)
    r = pension_age_rule(Facts(decision_date=day, decision="ophør", birth_date=D(1955, 7, 1)))
    assert r.value is (not reached), (
        "LAB § 114, stk. 4: courses only until folkepensionsalderen (67 for born 1955-07-01)"
    )
    if reached:
        assert {"LAB § 114, stk. 4", "LSP § 1 a"} <= set(r.refs)


def test_pension_age_ref_before_2022_is_old_stk_3():
    r = pension_age_rule(Facts(decision_date=D(2021, 6, 1), decision="bevilget", birth_date=D(1954, 1, 1)))
    assert r.value is False and "LAB § 114, stk. 3" in r.refs, "before 2022 the rule was § 114, stk. 3, 2. pkt."


def test_the_age_from_which_the_six_year_rule_can_bear_on_a_new_course():
    """Lowest folkepensionsalder of those not yet at it, minus the rule's 6 years, minus the longest course."""
    import datetime as dt

    from rules.pension import six_year_rule_in_view_from

    assert six_year_rule_in_view_from(dt.date(2024, 1, 1)) == 67 - 6 - 3
    assert six_year_rule_in_view_from(dt.date(2021, 6, 1)) == 66.5 - 6 - 5, "before 2022: 5-year courses"
    assert six_year_rule_in_view_from(dt.date(2031, 1, 1)) == 68 - 6 - 3, "everyone born by 1962 has reached 67"


def test_an_age_without_a_birth_date_leaves_the_end_open_when_the_pension_day_may_fall_inside():
    # 62 on 1 January 2013 (folkepension at 65) and a 3-year course: the pension day falls inside
    # the course for nearly every birth date the age allows, so the end is not known to be lawful
    r = pension_age_rule(grant(D(2013, 1, 1), age=62, granted_years=3.0, course_start=D(2013, 1, 1)))
    assert r.value is True and r.outcome == "slutdato_uvis"
    exact = pension_age_rule(
        grant(D(2013, 1, 1), age=None, birth_date=D(1950, 12, 31), granted_years=3.0, course_start=D(2013, 1, 1))
    )
    assert exact.outcome == "ophoerer_ved_folkepensionsalder", "LAB § 114, stk. 3 (before 2022): only until then"


def test_an_unknown_start_leaves_the_end_open_near_the_pension_day():
    base = dict(age=None, birth_date=D(1957, 12, 31), granted_years=3.1, decision="forlænget")
    assert pension_age_rule(grant(D(2021, 12, 31), **base, course_start=None)).outcome == "slutdato_uvis"
    known = pension_age_rule(grant(D(2021, 12, 31), **base, course_start=D(2021, 12, 31)))
    assert known.outcome == "ophoerer_ved_folkepensionsalder"


def test_a_course_far_from_the_pension_day_ends_in_time_whatever_its_start_and_length():
    r = pension_age_rule(grant(D(2023, 5, 1), age=35, granted_years=None, course_start=None))
    assert r.outcome == "under_folkepensionsalder"


def test_no_new_course_with_less_than_the_shortest_duration_left_to_folkepension():
    # born 3 January 1958: folkepension 3 January 2025; a course applied for in November 2024
    # would have to last at least 1 year (LAB § 114, stk. 1) and end at the pension day
    refused = grant(D(2024, 11, 25), age=None, birth_date=D(1958, 1, 3), decision="afslag", wishes_course=True)
    r = pension_age_rule(refused)
    assert r.value is False and r.outcome == "under_mindste_varighed_til_folkepension"
    assert {"LAB § 114, stk. 1", "LSP § 1 a"} <= set(r.refs)
    # a running course is not stopped for that: it continues until the pension day
    running = grant(D(2024, 11, 25), age=None, birth_date=D(1958, 1, 3), decision="ophør")
    assert pension_age_rule(running).value is True
    # an age alone that leaves the pension day on either side of a year from now decides nothing
    assert pension_age_rule(grant(D(2024, 11, 25), age=66, decision="afslag")).value is None


@pytest.mark.parametrize(
    "born, on, pension_years, limit_age",
    [
        (D(1961, 3, 3), D(2025, 5, 6), 67, None),  # less than 6 years: barred
        (D(1963, 2, 1), D(2024, 9, 16), 68, 62),
        (D(1967, 3, 1), D(2024, 6, 1), 69, 63),
    ],
)
def test_the_verdict_names_the_persons_own_pension_age(born, on, pension_years, limit_age):
    """The reader asks "how old must I be?": the reason states the person's folkepensionsalder
    (LSP § 1 a) and, when the 6 years lie ahead, the age they begin at; cited either way."""
    r = six_years_before_pension(grant(on, age=None, birth_date=born))
    assert f"folkepensionsalder er {pension_years} år" in r.reason
    if limit_age is not None:
        assert r.value is True and f"som {limit_age}-årig" in r.reason
    else:
        assert r.value is False
    assert {"LAB § 112, stk. 3", "LSP § 1 a"} <= set(r.refs)


def test_an_age_spanning_two_pension_ages_names_none():
    # 62 on 1 July 2025: born 1962-07-02 … 1963-07-01, folkepensionsalder 67 or 68
    r = six_years_before_pension(grant(D(2025, 7, 1), age=62))
    assert "folkepensionsalder er" not in r.reason
