"""The topic registry: each topic declared once, pointing at rules, facts and builders that exist."""

from __future__ import annotations

import datetime as dt

from assistant.answering.topics import BY_NAME, TOPICS, rules_for, topics_in, with_fact_topics
from assistant.language.analysis import fold
from assistant.language.facts import KnownFacts
from rules import all_rules
from rules import params as P


def test_every_topic_points_at_real_rules_facts_and_sentences():
    assert len(BY_NAME) == len(TOPICS), "each name once"
    for t in TOPICS:
        assert t.build or t.lead, t.name
        assert set(t.rules) <= set(all_rules()), t.name
        assert set(t.facts) | {n for n, _ in t.presumes} <= set(KnownFacts.model_fields), t.name


def test_cues_with_legal_numbers_follow_the_parameters():
    weeks = P.value("complaint_deadline_weeks", dt.date(2024, 1, 1)).value
    assert "complaint" in topics_in(fold(f"Skal jeg klage inden {weeks} uger?"))
    months = P.value("rehab_team_months", dt.date(2024, 1, 1)).value
    assert "rehab_team" in topics_in(fold(f"Der er ikke sket noget efter {months} måneder"))
    assert "repeat" in topics_in(fold("Hvad gælder for borgere over 50?"))
    assert "transitional" in topics_in(fold("Forløbet blev bevilget i december 2021"))


def test_facts_bring_in_the_rules_they_make_relevant():
    on = dt.date(2024, 1, 1)
    assert with_fact_topics(["repeat"], KnownFacts(age=62), on) == ["repeat", "pension_6y"]
    assert with_fact_topics(["repeat"], KnownFacts(age=40), on) == ["repeat"]
    assert with_fact_topics(["complaint"], KnownFacts(age=62), on) == ["complaint"], "not a question about a course"
    assert "transitional" in with_fact_topics(["duration"], KnownFacts(course_start=dt.date(2021, 5, 1)), on)


def test_the_verdict_asks_the_rules_of_the_topics():
    assert rules_for(["repeat", "pension_6y"]) == ["repeated_courses", "six_years_before_pension", "pension_age"]
    assert rules_for(["content", "unknown"]) == []


def test_a_fact_only_one_topic_reads_brings_in_that_topic():
    from assistant.answering.topics import topics_of_facts

    assert topics_of_facts({"granted_years"}) == ["duration"]
    assert topics_of_facts({"months_without_offer", "previous_courses"}) == ["repeat", "rehab_team"]
    # the setting of a question (its date, a running course) and shared facts (age) bring in none
    assert topics_of_facts({"decision_date", "in_course", "age"}) == []


def test_a_course_that_runs_past_the_reform_day_brings_in_the_transitional_rules():
    before = dt.date(2021, 11, 15)
    long_course = KnownFacts(course_start=dt.date(2020, 9, 1), granted_years=5.0)
    assert "transitional" in with_fact_topics(["duration"], long_course, before)
    short_course = KnownFacts(course_start=dt.date(2020, 9, 1), granted_years=1.0)  # ends September 2021
    assert "transitional" not in with_fact_topics(["duration"], short_course, before)


def test_a_doctor_saying_one_never_gets_well_is_about_the_development_perspective():
    assert "development" in topics_in(
        fold("Min læge siger jeg aldrig bliver rask. Skal jeg så stadig i ressourceforløb?")
    )
