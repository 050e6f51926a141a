"""LAB § 112, stk. 2, PM 58-18 and the practice note's indicator lists."""

import pytest

from rules import Facts
from rules.development import development_perspective, disability_pension_path

NEG_FALSE = dict(documented_no_improvement=False, no_improvement_possible=False, only_quality_of_life=False)


@pytest.mark.parametrize(
    "indicator",
    [
        {"treatment_options": True},
        {"work_capacity_clarified": False},
        {"motivation_factor": True},
        {"support_measures_relevant": True},
    ],
)
def test_one_indicator_for_and_none_against(indicator):
    r = development_perspective(Facts(**indicator, **NEG_FALSE))
    assert r.value is True, f"{indicator} is an indicator FOR a development perspective"


@pytest.mark.parametrize("negative", ["documented_no_improvement", "no_improvement_possible", "only_quality_of_life"])
def test_an_indicator_against_decides(negative):
    r = development_perspective(Facts(treatment_options=True, **{negative: True}))
    assert r.value is False, f"{negative}: no development perspective (LAB § 112, stk. 2, 2. pkt.)"
    fp = disability_pension_path(Facts(treatment_options=True, **{negative: True}))
    assert fp.value is True and "PM 58-18" in fp.refs, "PM 58-18: the case must go to førtidspension instead"


def test_not_excluded_is_not_enough():
    """PM 58-18: it is not enough that development cannot be excluded; a perspective must be
    positively pointed to."""
    r = development_perspective(
        Facts(
            treatment_options=False,
            work_capacity_clarified=True,
            motivation_factor=False,
            support_measures_relevant=False,
            **NEG_FALSE,
        )
    )
    assert r.value is False and r.outcome == "intet_positivt_perspektiv"


def test_unknown_negatives_leave_it_open():
    r = development_perspective(Facts(treatment_options=True))
    assert r.value is None and "documented_no_improvement" in r.missing
