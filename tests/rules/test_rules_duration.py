"""LAB § 114, stk. 1, PM 82-16, L 1160/2021 § 7, stk. 5."""

import datetime as dt

import pytest
from rules_testkit import grant, without

from rules.duration import duration

D = dt.date


@pytest.mark.parametrize(
    "years, ok_2021, ok_2022",
    [
        (0.9, False, False),
        (1, True, True),
        (3, True, True),
        (3.1, True, False),
        (5, True, False),
    ],
)
def test_duration_limits_around_1_january_2022(years, ok_2021, ok_2022):
    r21 = duration(grant(D(2021, 12, 31), granted_years=years))
    r22 = duration(grant(D(2022, 1, 1), granted_years=years))
    assert r21.value is ok_2021, f"{years} år on 2021-12-31: the law requires 1-5 years"
    assert r22.value is ok_2022, f"{years} år on 2022-01-01: the law requires 1-3 years"
    assert "LAB § 114, stk. 1" in r22.refs


@pytest.mark.parametrize(
    "start, years, expected",
    [
        (D(2022, 1, 10), 5, False),
        (D(2021, 12, 1), 5, True),
        (None, 5, None),
        (None, 3, True),
    ],
)
def test_transitional_rule_7_5(start, years, expected):
    """L 1160/2021 § 7, stk. 5: granted before 2022 to start 2022 or later → at most 3 years."""
    f = grant(D(2021, 11, 15), granted_years=years, course_start=start)
    r = duration(f)
    assert r.value is expected
    if expected is None:
        assert r.missing == ["course_start"]
    if expected is False:
        assert "L 1160/2021 § 7, stk. 5" in r.refs


def test_duration_must_be_fixed():
    r = duration(without(grant(D(2023, 1, 1)), "granted_years").replace(duration_fixed=False))
    assert r.value is False and r.outcome == "varighed_ikke_fastsat", (
        "PM 82-16: the precise duration must be fixed with the grant"
    )


def test_unknown_duration():
    r = duration(without(grant(D(2023, 1, 1)), "granted_years"))
    assert r.value is None and "granted_years" in r.missing


def test_extension_counts_the_whole_course():
    assert duration(grant(D(2023, 1, 1), decision="forlænget", granted_years=3.5)).value is False


def test_not_relevant_for_stop():
    assert duration(grant(D(2023, 1, 1), decision="ophør")).relevant is False
