"""An unknown kind of decision is decided only when every kind gives the same outcome."""

import datetime as dt

from rules import COURSE_DECISIONS, Facts, assess_appeal

BASE = dict(
    decision_date=dt.date(2023, 5, 1),
    age=30,
    previous_courses=0,
    wishes_course=True,
    lae265_current=False,
    defect_immaterial=False,
    complaint_only_duration=False,
    duration_contested=False,
)


def test_a_defect_that_matters_gives_hjemvisning_whatever_was_decided_on_the_course():
    for kind in COURSE_DECISIONS:
        r = assess_appeal(Facts(**BASE, decision=kind))
        assert not r.declined and r.outcome == "hjemvisning", "PM 24-20: a missing LÆ 265 that may matter is sent back"
        assert "PM 24-20" in r.refs


def test_an_unknown_decision_may_be_a_refused_effort_which_no_defect_decides():
    """A refused jobformidler does not turn on the LÆ 265: with the kind unknown, nothing is decided."""
    r = assess_appeal(Facts(**BASE))
    assert r.declined and "decision" in r.missing


def test_kinds_that_disagree_are_declined_for_want_of_the_decision():
    facts = Facts(
        decision_date=dt.date(2023, 5, 1),
        age=55,
        previous_courses=1,
        wishes_course=False,
        lae265_current=True,
        preparatory_part_current=True,
        specialist_info_missing=False,
    )
    r = assess_appeal(facts)
    assert r.declined and "decision" in r.missing
