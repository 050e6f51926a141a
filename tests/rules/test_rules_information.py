"""LAB §§ 43-44 and PM 24-20: insufficient case information."""

import pytest

from rules import Facts
from rules.information import case_information

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
