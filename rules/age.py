"""Age questions in three-valued logic, from whatever age facts are known.

The possible dates of birth form an interval (`Facts.birth_range`); since age and the day
folkepensionsalderen is reached both grow with the date of birth, a question is decided
when both ends of the interval give the same answer.
"""

from __future__ import annotations

import datetime as dt

from rules import params as P
from rules.dates import add_years, age_on
from rules.facts import Facts
from rules.logic import Tri, known, unknown
from rules.result import Ctx


def _missing(facts: Facts) -> tuple[str, ...]:
    if facts.birth_date is None and facts.age is None and facts.age_over is None and facts.age_under is None:
        return ("age",)
    return ("birth_date",)


def turned(ctx: Ctx, n: int, on: dt.date) -> Tri:
    """Has the person turned (fyldt) `n` years on `on`?"""
    facts = ctx.facts
    for name in ("birth_date", "age", "age_over", "age_under"):
        ctx.fact(name)
    earliest, latest = facts.birth_range()
    if latest is not None and age_on(latest, on) >= n:
        res = known(True)
    elif earliest is not None and age_on(earliest, on) < n:
        res = known(False)
    else:
        res = unknown(*_missing(facts))
    ctx.derived(f"fyldt_{n}_den_{on.isoformat()}", res, f"alder på {on.isoformat()} sammenholdt med {n} år")
    return res


def pension_dates(ctx: Ctx) -> tuple[dt.date | None, dt.date | None]:
    """(earliest, latest) possible day of reaching folkepensionsalderen."""
    earliest, latest = ctx.facts.birth_range()
    lo = P.pension_date(earliest) if earliest is not None else None
    hi = P.pension_date(latest) if latest is not None else None
    if earliest is not None:
        ctx.pension_row(earliest)
    if latest is not None and latest != earliest:
        ctx.pension_row(latest)
    return lo, hi


def reached_pension_age(ctx: Ctx, on: dt.date) -> Tri:
    """Has the person reached folkepensionsalderen (LSP § 1 a) on `on`?"""
    for name in ("birth_date", "age", "age_over", "age_under"):
        ctx.fact(name)
    lo, hi = pension_dates(ctx)
    if hi is not None and on >= hi:
        res = known(True)
    elif lo is not None and on < lo:
        res = known(False)
    else:
        res = unknown(*_missing(ctx.facts))
    ctx.derived(
        f"folkepensionsalder_naaet_den_{on.isoformat()}",
        res,
        f"folkepensionsalderen nås {lo.isoformat() if lo else '?'}"
        + (f" - {hi.isoformat()}" if hi and hi != lo else "")
        + " (LSP § 1 a)",
        ["LSP § 1 a"],
    )
    return res


def less_than_years_to_pension(ctx: Ctx, years: int, on: dt.date) -> Tri:
    """Has the person less than `years` years to folkepensionsalderen on `on`?
    Exactly `years` years is not less (`add_years(on, years) > pension day`)."""
    for name in ("birth_date", "age", "age_over", "age_under"):
        ctx.fact(name)
    lo, hi = pension_dates(ctx)
    horizon = add_years(on, years)
    if hi is not None and horizon > hi:
        res = known(True)
    elif lo is not None and horizon <= lo:
        res = known(False)
    else:
        res = unknown(*_missing(ctx.facts))
    ctx.derived(
        f"under_{years}_aar_til_folkepension_den_{on.isoformat()}",
        res,
        f"{years} år efter {on.isoformat()} er {horizon.isoformat()}; folkepensionsalderen nås "
        f"{lo.isoformat() if lo else '?'}" + (f" - {hi.isoformat()}" if hi and hi != lo else ""),
        ["LSP § 1 a"],
    )
    return res


def pension_age_years(ctx: Ctx) -> float | None:
    """The person's folkepensionsalder in years (LSP § 1 a), when every possible date of birth
    gives the same; None when the dates of birth span two rows of the table or are unknown."""
    earliest, latest = ctx.facts.birth_range()
    if earliest is None or latest is None:
        return None
    lo, hi = P.pension_age(earliest), P.pension_age(latest)
    return lo.years if lo.years == hi.years else None


def years_text(years: float) -> str:
    """65.5 → "65½", 67 → "67"."""
    whole = int(years)
    return f"{whole}½" if years - whole else str(whole)
