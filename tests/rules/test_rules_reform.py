"""L 1750/2025: no new ressourceforløb from 1 February 2026 (unconfirmed)."""

import datetime as dt

from rules import Facts
from rules.reform import new_course_after_reform

D = dt.date


def test_last_day_and_first_day():
    before = new_course_after_reform(Facts(decision_date=D(2026, 1, 31), decision="bevilget"))
    after = new_course_after_reform(Facts(decision_date=D(2026, 2, 1), decision="bevilget"))
    assert before.value is True and not before.unconfirmed
    assert after.value is False, "L 1750/2025: a new course cannot be granted from 1 February 2026"
    assert after.unconfirmed and after.refs == ["L 1750/2025"], "the date is unconfirmed and must say so"


def test_running_courses_continue():
    r = new_course_after_reform(Facts(decision_date=D(2026, 3, 1), decision="forlænget"))
    assert r.value is True and r.outcome == "igangvaerende_fortsaetter" and r.unconfirmed


def test_kind_of_decision_unknown():
    r = new_course_after_reform(Facts(decision_date=D(2026, 3, 1)))
    assert r.value is None and r.missing == ["decision"]
