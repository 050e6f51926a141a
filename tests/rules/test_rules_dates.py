"""Date arithmetic: birthdays, months, 29 February."""

import datetime as dt

import rules_testkit  # noqa: F401  (Hypothesis settings)
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.dates import add_months, add_years, age_on, months_between

D = dt.date


def test_age_turns_on_the_birthday():
    b = D(1973, 3, 1)
    assert age_on(b, D(2023, 2, 28)) == 49, "the day before the 50th birthday the person is 49"
    assert age_on(b, D(2023, 3, 1)) == 50, "on the 50th birthday the person has turned (fyldt) 50"


def test_29_february_birthday_is_1_march_in_common_years():
    b = D(1972, 2, 29)
    assert add_years(b, 50) == D(2022, 3, 1)
    assert age_on(b, D(2022, 2, 28)) == 49 and age_on(b, D(2022, 3, 1)) == 50


@settings(max_examples=200, deadline=None)
@given(st.dates(D(1930, 1, 1), D(2010, 12, 31)), st.integers(0, 80))
def test_add_years_is_the_birthday(b, n):
    assert age_on(b, add_years(b, n)) == n
    assert age_on(b, add_years(b, n) - dt.timedelta(days=1)) == n - 1


def test_months():
    assert add_months(D(2022, 1, 31), 1) == D(2022, 3, 1)
    assert add_months(D(2021, 7, 15), 6) == D(2022, 1, 15)
    assert months_between(D(2021, 6, 1), D(2022, 7, 1)) == 13
    assert 5 < months_between(D(2022, 1, 15), D(2022, 7, 1)) < 6
