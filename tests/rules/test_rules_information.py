"""LAB §§ 43-44 and PM 24-20: insufficient case information; the team's recommendation behind a decision."""

import pytest
from rules_testkit import D, grant

from rules import Facts
from rules.appeal import assess_appeal
from rules.information import case_information, team_recommendation

OK = dict(lae265_current=True, preparatory_part_current=True, specialist_info_missing=False)


def test_sufficient():
    assert case_information(Facts(**OK)).value is True


@pytest.mark.parametrize(
    "defect, ref",
    [
        ({"lae265_current": False}, "LAB § 44, stk. 1, nr. 3"),
        ({"preparatory_part_current": False}, "LAB § 43"),
        ({"specialist_info_missing": True}, "PM 24-20"),
    ],
)
def test_a_defect_that_may_matter(defect, ref):
    r = case_information(Facts(**{**OK, **defect}, defect_immaterial=False))
    assert r.value is False, "PM 24-20: a defect that may have mattered makes the decision invalid"
    assert ref in r.refs and "PM 24-20" in r.refs


def test_a_defect_shown_immaterial():
    r = case_information(Facts(**{**OK, "lae265_current": False}, defect_immaterial=True))
    assert r.value is True, "PM 24-20: same information and conclusions → the defect has no effect"


def test_defect_with_unknown_materiality_is_undecided():
    r = case_information(Facts(**{**OK, "lae265_current": False}))
    assert r.value is None and r.missing == ["defect_immaterial"]


# -- the rehabiliteringsteam's recommendation behind the decision -----------------------------

# nothing speaks for the target group (BIF 2020-06-10)
NO_SIGNS = dict.fromkeys(
    (
        "complex_problems",
        "interdisciplinary_need",
        "long_public_support",
        "participated_without_progress",
        "needs_long_effort",
    ),
    False,
)


def test_a_grant_without_the_team_is_sent_back():
    r = team_recommendation(Facts(decision="bevilget", team_treated=False))
    assert r.value is False, "the municipality decides on the basis of the team's recommendation"
    assert "Praksisnotat 2022, afsnit Rehabiliteringsteam og -plan" in r.refs


def test_a_refusal_without_the_team_depends_on_signs_of_the_target_group():
    due = team_recommendation(Facts(decision="afslag", team_treated=False, long_public_support=True))
    assert due.value is False and "BIF 2020-06-10" in due.refs
    not_due = team_recommendation(Facts(decision="afslag", team_treated=False, **NO_SIGNS))
    assert not_due.value is True, "BIF 2020-06-10: only where something speaks for the target group"
    open_ = team_recommendation(Facts(decision="afslag", team_treated=False))
    assert open_.value is None and "complex_problems" in open_.missing


def test_unknown_until_the_facts_say_whether_the_team_treated_the_case():
    unknown = team_recommendation(Facts(decision="bevilget"))
    assert unknown.value is None and unknown.missing == ["team_treated"]
    assert team_recommendation(Facts(decision="bevilget", team_treated=True)).value is True
    no_signs = team_recommendation(Facts(decision="afslag", **NO_SIGNS))
    assert no_signs.value is True, "no forelæggelse is due where nothing speaks for the target group"


def test_the_appeal_sends_a_grant_made_without_the_team_back():
    decided = assess_appeal(grant(D(2023, 5, 1)))
    sent_back = assess_appeal(grant(D(2023, 5, 1), team_treated=False))
    assert decided.outcome != "hjemvisning" and not decided.declined
    assert sent_back.outcome == "hjemvisning"
