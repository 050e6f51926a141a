"""Shared helpers for the rules tests (not a test module)."""

from __future__ import annotations

import datetime as dt
import tempfile

import hypothesis.configuration
from hypothesis import settings

from rules import Facts

# keep Hypothesis' files out of the repository (no example database, cache in a temp dir)
hypothesis.configuration.set_hypothesis_home_dir(tempfile.gettempdir() + "/hypothesis-rules-tests")
settings.register_profile("rules", database=None, deadline=None)
settings.load_profile("rules")

D = dt.date

# a person in the target group, with a development perspective, in a sufficiently informed case
OK_PROFILE = dict(
    complex_problems=True,
    interdisciplinary_need=True,
    needs_long_effort=True,
    treatment_options=True,
    work_capacity_clarified=False,
    documented_no_improvement=False,
    no_improvement_possible=False,
    only_quality_of_life=False,
    lae265_current=True,
    preparatory_part_current=True,
    specialist_info_missing=False,
    team_treated=True,
)


def grant(decision_date: dt.date, **kw) -> Facts:
    """A complete 'bevilget' case the citizen complains about (first course, 30 years old,
    referral and duration in issue); keyword arguments override."""
    base = dict(
        OK_PROFILE,
        decision_date=decision_date,
        decision="bevilget",
        age=30,
        previous_courses=0,
        wishes_course=False,
        course_start=decision_date,
        granted_years=2.0,
        complaint_only_duration=False,
        duration_contested=True,
    )
    base.update(kw)
    return Facts(**{k: v for k, v in base.items() if v is not None})


def without(f: Facts, *names: str) -> Facts:
    return f.replace(**dict.fromkeys(names))
