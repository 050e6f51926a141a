"""LAB § 112, stk. 1 (målgruppen), PM 1-15, PM 24-14."""

from rules import Facts
from rules.target_group import target_group


def test_in_target_group_with_one_of_nr_1_3():
    r = target_group(Facts(complex_problems=True, interdisciplinary_need=True, long_public_support=True))
    assert r.value is True, "complex problems + a tværfaglig need + one of nr. 1-3 puts the person in the target group"
    assert "LAB § 112, stk. 1, nr. 1" in r.refs and "PM 1-15" in r.refs


def test_not_interdisciplinary_is_outside():
    r = target_group(Facts(complex_problems=True, interdisciplinary_need=False, needs_long_effort=True))
    assert r.value is False, "PM 1-15: the needed effort must be tværfaglig"


def test_no_condition_of_nr_1_3():
    r = target_group(
        Facts(
            complex_problems=True,
            interdisciplinary_need=True,
            long_public_support=False,
            participated_without_progress=False,
            needs_long_effort=False,
        )
    )
    assert r.value is False, "LAB § 112, stk. 1: one of nr. 1-3 must be met"


def test_unknown_lists_missing_facts():
    r = target_group(Facts(complex_problems=True))
    assert r.value is None
    assert {
        "interdisciplinary_need",
        "long_public_support",
        "participated_without_progress",
        "needs_long_effort",
    } <= set(r.missing)
