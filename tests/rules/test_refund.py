"""L 1160/2021 § 7, stk. 6, the provision added through the registry: its rule on its own."""

import datetime as dt

from rules import Facts, all_rules, evaluate_all
from rules import params as P
from rules.refund import late_refund

UNTIL = P.constant("late_refund_efforts_until").value


def test_the_rule_registers_itself_and_runs_with_the_others():
    assert all_rules()["late_refund"] is late_refund
    assert evaluate_all(Facts(course_start=dt.date(2021, 3, 1)))["late_refund"].value is True


def test_a_course_begun_by_the_day_can_hold_late_refunds_and_one_begun_after_cannot():
    on_the_day = late_refund(Facts(course_start=UNTIL))
    after = late_refund(Facts(course_start=UNTIL + dt.timedelta(days=1)))
    assert on_the_day.value is True and on_the_day.refs == ["L 1160/2021 § 7, stk. 6"]
    assert after.value is False and after.outcome == "ikke_omfattet"


def test_without_the_start_the_rule_asks_for_it():
    res = late_refund(Facts())
    assert res.value is None and res.missing == ["course_start"]
