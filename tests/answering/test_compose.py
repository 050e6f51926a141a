"""The composer on a few real units (no index): support holds on the date, numbers come from the parameters."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assistant.answering import compose as C
from assistant.answering.grounding import GroundingChecker
from assistant.answering.topics import TOPICS
from assistant.answering.verdict import numbers_in
from assistant.corpus.units import load_corpus
from assistant.language.facts import KnownFacts
from assistant.settings import REPO_ROOT
from rules import params as P

from .units_fixture import by_ref, units


def draft(on: dt.date, audience: str = "caseworker") -> C.Draft:
    return C.Draft(on=on, audience=audience, units=by_ref())


def test_say_needs_a_passage_in_force_on_the_date_that_holds_the_quote():
    d = draft(dt.date(2023, 1, 1))
    assert d.say("Højst 3 år.", ref="LAB § 114, stk. 1", quote="højst 3 års varighed")
    assert not d.say("Højst 5 år.", ref="LAB § 114, stk. 1", quote="højst 5 års varighed"), "the 2021 wording"
    assert not d.say("Noget.", ref="LAB § 114, stk. 1", quote="står ikke i teksten")
    assert not d.say("Noget.", ref="PM 99-99")
    assert [s.text for s in d.sentences] == ["Højst 3 år."]
    assert draft(dt.date(2021, 6, 1)).say("Højst 5 år.", ref="LAB § 114, stk. 1", quote="højst 5 års varighed")


@pytest.mark.parametrize("on, years", [(dt.date(2021, 6, 1), 5), (dt.date(2023, 1, 1), 3)])
def test_duration_says_the_limits_in_force_on_the_date(on, years):
    d = draft(on)
    C.duration(d, KnownFacts())
    first = d.sentences[0]
    assert f"højst {years} år" in first.text and first.claim == {"type": "max_years", "value": years}
    assert d.expected["max_years"] == years == P.value("max_duration_years", on).value


def test_the_pension_sentences_are_the_parameter_table():
    d = draft(dt.date(2024, 1, 1))
    C.pension_6y(d, KnownFacts())
    text = " ".join(s.text for s in d.sentences)
    n = int(P.value("years_before_pension_rule", d.on).value)
    for row in P.pension_table():
        if row.born_to is None or P.pension_date(row.born_to) >= d.on:
            assert f"{int(row.years)} år for" in text and f"ved {int(row.years) - n} år" in text


def test_a_known_birth_year_gets_its_own_pension_age_not_the_table():
    d = draft(dt.date(2024, 1, 1))
    C.pension_6y(d, KnownFacts(birth_year=1961))
    text = " ".join(s.text for s in d.sentences)
    assert "født i 1961 er folkepensionsalderen 67 år" in text and "fra 61-årsalderen" in text
    assert "afhænger af fødselsdatoen" not in text and "nås dermed" not in text


def test_the_complaint_deadline_is_the_parameter():
    d = draft(dt.date(2024, 1, 1), "citizen")
    C.complaint(d, KnownFacts())
    weeks = P.value("complaint_deadline_weeks", d.on).value
    assert f"inden {weeks} uger" in d.sentences[0].text


@pytest.mark.parametrize("on", [dt.date(2016, 5, 1), dt.date(2021, 12, 31), dt.date(2022, 1, 1), dt.date(2026, 12, 2)])
@pytest.mark.parametrize("audience", ["caseworker", "citizen"])
def test_every_builder_writes_only_sentences_the_check_keeps(on, audience):
    corpus = load_corpus([REPO_ROOT / "corpus"])
    checker = GroundingChecker(corpus)
    facts = KnownFacts(age=55, previous_courses=1, granted_years=2, course_start=dt.date(2021, 3, 1))
    for topic in TOPICS:
        d = C.Draft(on=on, audience=audience, units=checker.by_ref)
        if topic.lead:
            topic.lead(d, facts, "kan man stadig få et ressourceforløb")
        if topic.build:
            topic.build(d, facts)
        asked = C.numbers_of([on])
        numbers_in(facts.known(), asked)
        kept, removed = checker.check(d.sentences, d.rule_refs, d.expected, d.values, asked)
        assert not removed, (topic.name, [(s.text, s.problem) for s in removed])
        if audience == "citizen":
            assert all("Borgeren " not in s.text for s in kept), topic.name


def test_law_version_names_the_rules_of_the_date():
    assert "før 1. januar 2022" in C.law_version(draft(dt.date(2021, 1, 1)))
    assert "L 1750/2025" in C.law_version(draft(dt.date(2026, 12, 2)))
    assert P.constant("l1160_in_force").value == C.REFORM_DAY


def test_units_fixture_is_small():
    assert 0 < len(units()) < 40


def test_a_list_label_is_not_quoted_but_a_list_item_that_is_a_sentence_is():
    assert not C.quotable("Datoen, fra hvilken nye forløb ikke længere kan bevilges: 1. februar 2026 ifølge en kilde.")
    text = "Punkter:\n- En ny hovedlov forventes at træde i kraft den 1. januar 2027.\n"
    assert "En ny hovedlov forventes at træde i kraft den 1. januar 2027." in C.sentences_of(text)


def test_an_unconfirmed_point_the_question_asks_about_is_said_as_a_sentence():
    corpus = load_corpus([REPO_ROOT / "corpus"])
    checker = GroundingChecker(corpus)
    d = C.Draft(on=dt.date(2026, 12, 2), audience="caseworker", units=checker.by_ref)
    C.unconfirmed_points(d, "Og hvordan bliver deres forløb udfaset?")
    assert [s.text for s in d.sentences] == ["Hvordan igangværende forløb udfases, er ikke bekræftet."]
    d.sentences.clear()
    C.unconfirmed_points(d, "Hvor længe kan et forløb vare?")
    assert not d.sentences


def test_a_decided_case_is_quoted_by_its_holding_not_its_facts():
    from assistant.answering.compose import quotable

    assert quotable("Ændring - kommunen kan ikke kræve, at borger deltager i endnu et ressourceforløb.", "sag")
    assert quotable(
        "Efter reglerne kan kommunen kun tilbyde mere end et ressourceforløb, hvis personen ønsker det.", "sag"
    )
    assert not quotable("Borger er over 50 år og har tidligere fået bevilget et 5-årigt ressourceforløb.", "sag")
    assert not quotable("Borger har ikke deltaget i virksomhedspraktik.", "sag")
    # the same sentence in a law or a note is not a case's fact
    assert quotable("Borger har ikke deltaget i virksomhedspraktik.", "lov")


def test_one_who_wants_the_course_is_not_told_that_refusing_gives_no_pension():
    wants = draft(dt.date(2024, 1, 1))
    C.repeat(wants, KnownFacts(age=55, previous_courses=1, wishes_course=True))
    refuses = draft(dt.date(2024, 1, 1))
    C.repeat(refuses, KnownFacts(age=55, previous_courses=1, wishes_course=False))
    assert not any("førtidspension" in s.text for s in wants.sentences)
    assert any("førtidspension" in s.text for s in refuses.sentences)


def test_words_every_question_shares_do_not_make_a_sentence_quotable_for_it():
    from assistant.answering.compose import top_sentences
    from assistant.language.analysis import fold

    unit = next(u for units in by_ref().values() for u in units if u.ref == "PM 82-16")
    question = "Kan kommunen stoppe et igangværende ressourceforløb, fordi borgeren ikke møder op?"
    terms = {fold(w) for w in re.findall(r"[A-Za-zÆØÅæøå0-9]{3,}", question)}
    assert top_sentences(unit, terms, 3, min_overlap=2) == []
