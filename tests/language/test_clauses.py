"""Clauses, their subjects and negations; stances read clause by clause."""

from __future__ import annotations

import pytest

from assistant.language.clauses import clauses
from assistant.language.stances import read_stances, resolve


def wish(text: str, first_person: str = "citizen") -> bool | None:
    return resolve([s for s in read_stances(text, first_person) if s.fact == "wishes_course"]).value  # type: ignore[arg-type]


def test_a_clause_takes_its_own_subject_not_one_behind_a_preposition():
    c = clauses("Efter indstilling fra rehabiliteringsteamet bevilgede kommunen et forløb, men hun ønskede det ikke.")
    assert [x.subject for x in c] == ["municipality", "citizen"]
    assert c[1].negated and not c[0].negated


@pytest.mark.parametrize(
    "text, value",
    [
        ("Kommunen bevilgede et nyt ressourceforløb, men han ikke ønskede et nyt ressourceforløb.", False),
        ("Borgeren er imod det og siger klart nej.", False),
        ("Hun har ikke selv bedt om det.", False),
        ("Han takkede nej på mødet.", False),
        ("Hun har aldrig ønsket et forløb.", False),
        ("Han er henvist uden at have ønsket det.", False),
        ("jo, det vil hun gerne", True),
        ("Hun bad selv om et ressourceforløb.", True),
        ("Jeg vil meget gerne fortsætte forløbet.", True),
        ("Han modsatte sig ikke forløbet.", True),
        ("Borger vil ikke i endnu et forløb.", False),
    ],
)
def test_negations_flip_the_stance_of_their_clause(text, value):
    assert wish(text) is value


@pytest.mark.parametrize(
    "text",
    [
        "Kommunen kan kun tilbyde flere forløb, hvis personen selv ønsker det.",
        "Man kan ikke tvinges i mere end ét ressourceforløb.",
        "Ønsker hun et nyt forløb?",
        "Rehabiliteringsteamet anbefalede et nyt ressourceforløb.",
        "Kommunen ønsker, at hun deltager.",
    ],
)
def test_rules_questions_and_other_actors_are_no_stance_of_the_citizen(text):
    assert wish(text) is None


def test_the_teams_recommendation_is_its_own_fact():
    team = [
        s
        for s in read_stances("Rehabiliteringsteamet indstillede til et nyt ressourceforløb.")
        if s.fact == "team_recommended"
    ]
    assert team and team[0].value is True
    fp = [s for s in read_stances("Rehabiliteringsteamet indstillede førtidspension.") if s.fact == "team_recommended"]
    assert fp and fp[0].value is False


def test_disagreeing_stances_are_a_conflict_unless_the_later_one_is_a_change_of_mind():
    res = resolve(read_stances("Hun ønsker forløbet. Hun ønsker ikke forløbet."))
    assert res.value is None and len(res.conflict) == 2
    later = resolve(read_stances("Først ville han ikke deltage, men nu vil han gerne deltage i forløbet."))
    assert later.value is True and not later.conflict


def test_a_second_verb_phrase_keeps_its_own_negation():
    from assistant.language.stances import read_stances

    got = read_stances(
        "Vores klient har ikke ønsket et nyt forløb og har på intet tidspunkt sagt, at han vil i et nyt forløb."
    )
    assert got and all(s.value is False for s in got)


def test_lower_case_text_is_split_into_sentences():
    from assistant.language.stances import read_stances

    got = read_stances("jeg har aldrig været i praktik. jeg har ikke lyst til et forløb mere.")
    assert [s.value for s in got] == [False]
