"""Parameters as data: every dated parameter has exactly one value on every day, each value
carries a canonical ref, and a reform is a YAML change."""

import datetime as dt

import pytest
from rules_testkit import grant

from assistant.corpus.refs import parse_ref
from rules import params as P
from rules import value
from rules.duration import duration

D = dt.date
GRID_END = D(2026, 11, 22)


def test_date_grid_exactly_one_value_every_day():
    """Catala-style temporal coverage: no gap (NoValue) and no overlap (Conflict) from
    2013-01-01 to 2026-11-22 for every dated parameter."""
    days = (GRID_END - P.COVERAGE_START).days + 1
    for name in P.names():
        vals = P.values(name)
        for i in range(days):
            day = P.COVERAGE_START + dt.timedelta(days=i)
            hits = sum(1 for pv in vals if pv.covers(day))
            assert hits == 1, f"{name} must have exactly one value on {day}, has {hits}"
        assert vals[-1].valid_to is None, f"{name}: the last value must be open-ended"


def test_every_ref_is_canonical():
    refs = []
    for name in P.names():
        for pv in P.values(name):
            refs += [pv.ref, *pv.see_also] + ([pv.amended_by] if pv.amended_by else [])
    refs += [c.ref for c in P.constants().values()]
    refs += [row.ref for row in P.pension_table()]
    for r in refs:
        assert parse_ref(r).canonical == r, f"{r!r} is not a canonical reference"


@pytest.mark.parametrize(
    "name, day, expected, ref",
    [
        ("max_duration_years", D(2021, 12, 31), 5, "LAB § 114, stk. 1"),
        ("max_duration_years", D(2022, 1, 1), 3, "LAB § 114, stk. 1"),
        ("min_duration_years", D(2013, 1, 1), 1, "LAB § 114, stk. 1"),
        ("repeat_age_limit", D(2021, 12, 31), 40, "LAB § 114, stk. 3"),
        ("repeat_age_limit", D(2022, 1, 1), 50, "LAB § 114, stk. 4"),
        ("total_limit_40_50_years", D(2021, 12, 31), None, "L 1160/2021 § 1, nr. 5"),
        ("total_limit_40_50_years", D(2022, 1, 1), 5, "LAB § 114, stk. 3"),
        ("years_before_pension_rule", D(2021, 12, 31), None, "L 1160/2021 § 1, nr. 1"),
        ("years_before_pension_rule", D(2022, 1, 1), 6, "LAB § 112, stk. 3"),
        ("rehab_team_months", D(2022, 1, 1), 6, "LAB § 113, stk. 2"),
        ("jobformidler_right", D(2021, 12, 31), None, "L 1160/2021 § 1, nr. 3"),
        ("jobformidler_right", D(2022, 1, 1), True, "LAB § 113 a"),
        ("new_courses_allowed", D(2026, 1, 31), True, "LAB § 112, stk. 1"),
        ("new_courses_allowed", D(2026, 2, 1), False, "L 1750/2025"),
    ],
)
def test_values_by_date(name, day, expected, ref):
    pv = value(name, day)
    assert pv.value == expected and pv.ref == ref, f"{name} on {day}: the law gives {expected} ({ref})"


def test_reform_date_is_unconfirmed():
    assert value("new_courses_allowed", D(2026, 2, 1)).unconfirmed, (
        "L 1750/2025's date for new courses is from a secondary source and must be marked unconfirmed"
    )
    assert not value("new_courses_allowed", D(2026, 1, 31)).unconfirmed


def test_transitional_constants():
    assert P.constant("jobformidler_guidance_deadline").value == D(2022, 5, 1)
    assert P.constant("rehab_team_old_courses_deadline").value == D(2022, 7, 1)
    assert P.constant("long_courses_above_years").value == 3


def test_no_law_before_2013():
    with pytest.raises(ValueError):
        value("max_duration_years", D(2012, 12, 31))


@pytest.mark.parametrize(
    "born, years",
    [
        (D(1953, 12, 31), 65),
        (D(1954, 1, 1), 65.5),
        (D(1954, 6, 30), 65.5),
        (D(1954, 7, 1), 66),
        (D(1955, 1, 1), 66.5),
        (D(1955, 7, 1), 67),
        (D(1962, 12, 31), 67),
        (D(1963, 1, 1), 68),
        (D(1967, 1, 1), 69),
        (D(1970, 12, 31), 69),
        (D(1971, 1, 1), 70),
        (D(2000, 5, 5), 70),
    ],
)
def test_pension_age_table(born, years):
    assert P.pension_age(born).years == years, f"LSP § 1 a: born {born} → folkepensionsalder {years}"


def test_pension_table_covers_every_birth_date_once():
    rows = P.pension_table()
    day = D(1940, 1, 1)
    while day <= D(2010, 12, 31):
        hits = [
            r for r in rows if (r.born_from is None or r.born_from <= day) and (r.born_to is None or day <= r.born_to)
        ]
        assert len(hits) == 1, f"born {day}: {len(hits)} rows"
        day += dt.timedelta(days=17)


def test_half_year_pension_age():
    assert P.pension_date(D(1954, 3, 1)) == D(2019, 9, 1), "65½ år = 65 years and 6 months"


@pytest.mark.parametrize(
    "spec, problem",
    [
        ({"values": [{"from": D(2013, 1, 2), "value": 1, "ref": "LAB § 114, stk. 1"}]}, "begynde"),
        (
            {
                "values": [
                    {"from": D(2013, 1, 1), "to": D(2020, 1, 1), "value": 1, "ref": "LAB § 114, stk. 1"},
                    {"from": D(2020, 1, 3), "value": 2, "ref": "LAB § 114, stk. 1"},
                ]
            },
            "hul",
        ),
        (
            {
                "values": [
                    {"from": D(2013, 1, 1), "to": D(2020, 1, 5), "value": 1, "ref": "LAB § 114, stk. 1"},
                    {"from": D(2020, 1, 3), "value": 2, "ref": "LAB § 114, stk. 1"},
                ]
            },
            "overlap",
        ),
        ({"values": [{"from": D(2013, 1, 1), "value": 1}]}, "ref"),
        ({"values": [{"from": D(2013, 1, 1), "to": D(2014, 1, 1), "value": 1, "ref": "X 1"}]}, "åben"),
    ],
)
def test_malformed_parameter_is_rejected(spec, problem):
    with pytest.raises(P.ParamError, match=problem):
        P._load_values("x", spec, "test.yaml")


def test_a_new_reform_is_a_yaml_change(monkeypatch):
    """Appending a dated value (here a hypothetical new main act from 2027 with at most 2
    years) changes what the rules conclude without touching code."""
    spec = {
        "values": [
            {"from": D(2013, 1, 1), "to": D(2021, 12, 31), "value": 5, "ref": "LAB § 114, stk. 1"},
            {"from": D(2022, 1, 1), "to": D(2026, 12, 31), "value": 3, "ref": "LAB § 114, stk. 1"},
            {"from": D(2027, 1, 1), "value": 2, "ref": "L 999/2026 § 10", "unconfirmed": True},
        ]
    }
    monkeypatch.setitem(P._PARAMS, "max_duration_years", P._load_values("max_duration_years", spec, "ny.yaml"))
    before = duration(grant(D(2026, 12, 31), granted_years=3.0))
    after = duration(grant(D(2027, 1, 1), granted_years=3.0))
    assert before.value is True and after.value is False
    assert "L 999/2026 § 10" in after.refs and after.unconfirmed
