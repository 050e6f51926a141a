"""Reading facts from Danish free text, with the words each fact came from."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.language.reader import extract_facts, strip_conclusions


def facts(text):
    return extract_facts(text)[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Borgeren er 57 år og bor alene.", {"age": 57}),
        ("Kvinden er over 50 år.", {"age_over": 50}),
        ("Han er under 40 år og har to børn på 12 år.", {"age_under": 40}),
        ("Jeg er 45 og har været i ressourceforløb i 4 år i alt.", {"age": 45, "previous_years_total": 4.0}),
        ("Hun er faktisk 49.", {"age": 49}),
        ("Borger er født 3. april 1962.", {"birth_date": dt.date(1962, 4, 3)}),
        ("Kan vi iværksætte et forløb for en borger på 63, der ikke selv ønsker det?", {"age": 63}),
        ("Far (56) har fået brev om et nyt forløb.", {"age": 56}),
        ("Borgeren, som jeg bistår, er 46 år.", {"age": 46}),
        ("Borger er født i 1976.", {"birth_year": 1976}),
        ("min mor er født 5/3-1957", {"birth_date": dt.date(1957, 3, 5)}),
        ("jeg er fireogtyve år punktum", {"age": 24}),
        ("jeg er født den anden november nitten hundrede og enogtres", {"birth_date": dt.date(1961, 11, 2)}),
    ],
)
def test_ages_and_birth_dates(text, expected):
    got = facts(text)
    for k, v in expected.items():
        assert got.get(k) == v, (k, got)
    if "age" not in expected:
        assert "age" not in got, "an age band or a child's age is not the person's age"


@pytest.mark.parametrize(
    "text",
    [
        "Hun har arbejdet som rengøringsassistent i 25 år og har slidgigt.",
        "Han var i ressourceforløb i 5 år fra han var 48, og siden har han fået kontanthjælp.",
    ],
)
def test_a_length_of_time_or_an_earlier_age_is_not_the_age(text):
    assert "age" not in facts(text)


def test_the_municipality_decision_and_prior_course():
    got = facts(
        "Borgeren har tidligere deltaget i et 4-årigt ressourceforløb. Jobcentret har nu bevilget "
        "hende et nyt ressourceforløb på 3 år, og det klager hun over."
    )
    assert got["previous_courses"] == 1 and got["previous_years_total"] == 4.0
    assert got["decision"] == "bevilget" and got["granted_years"] == 3.0
    assert got["wishes_course"] is False, "complaining about a grant means not wishing it"


@pytest.mark.parametrize(
    "text, wish",
    [
        ("Borgeren ønsker selv at fortsætte i forløbet.", True),
        ("Han ønsker ikke et nyt forløb.", False),
        ("Kommunen kan kun tilbyde et nyt forløb, hvis personen ønsker det.", None),
        ("Det vil jeg ikke.", False),
    ],
)
def test_wishes_and_the_rules_own_condition(text, wish):
    assert facts(text).get("wishes_course") == wish


def test_negations_flip_or_block_facts():
    got = facts(
        "Der er ingen yderligere behandlingsmuligheder. Kommunen har ikke indhentet en aktuel LÆ 265, "
        "og der er ikke indhentet oplyninger. Arbejdsevnen er ikke afklaret."
    )
    assert got["treatment_options"] is False
    assert got["lae265_current"] is False
    assert got["work_capacity_clarified"] is False


def test_missing_specialist_information():
    got = facts(
        "Kommunen har ikke indhentet helbredsoplysninger fra psykiatrisk afdeling, "
        "og oplysningerne kan have væsentlig betydning for afgørelsens resultat."
    )
    assert got["specialist_info_missing"] is True and got["defect_immaterial"] is False


def test_verdicts_are_not_read_as_facts():
    text = "Ændring - kommunen kan ikke kræve, at borger deltager i endnu et ressourceforløb. Borger er 55 år."
    assert "Ændring" not in strip_conclusions(text)
    got = facts(text)
    assert got["decision"] == "bevilget" and got["previous_courses"] == 1, "the heading names the decision"
    assert got["age"] == 55


def test_every_fact_names_its_words():
    _, derived = extract_facts("Borgeren er 61 år og ønsker ikke et nyt forløb.")
    assert {d.field for d in derived} == {"age", "wishes_course"}
    assert all(d.words for d in derived)


def test_nothing_is_guessed_from_nothing():
    assert facts("Hej, jeg har et spørgsmål.") == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        # an age written as a note: the course named after it is not its unit
        ("Borger 52 år, har haft ét forløb og orker ikke mere", {"age": 52, "previous_courses": 1}),
        ("jeg er 38 og har haft 2 ressource forløb", {"age": 38, "previous_courses": 2}),
        ("Forløbet blev bevilget for 4 år. Er det i orden?", {"decision": "bevilget", "granted_years": 4.0}),
        ("Borger f. 01.03.1967, første RF bevilget i dag.", {"previous_courses": 0}),
    ],
)
def test_courses_and_lengths_in_short_notes(text, expected):
    got = facts(text)
    for k, v in expected.items():
        assert got.get(k) == v, (k, got)


def test_a_first_course_in_the_past_does_not_say_there_was_none():
    assert "previous_courses" not in facts("Første forløb startede i 2019.")


@pytest.mark.parametrize(
    "text, wish",
    [
        # a concessive clause states a fact, even inside a question
        ("kan de tvinge mig i et nyt forløb, selvom jeg ikke vil?", False),
        ("Kan de kræve det, selv om hun gerne vil?", True),
        ("Hun orker ikke et nyt forløb.", False),
        # a plain question still states no stance
        ("Vil hun et nyt forløb?", None),
    ],
)
def test_stances_in_concessions_and_in_everyday_words(text, wish):
    assert facts(text).get("wishes_course") == wish


def test_an_intention_given_up_is_not_the_decision():
    got = facts(
        "Kommunen ville bevilge et nyt forløb, men borger sagde nej tak, og det har kommunen respekteret. "
        "Kommunen har herefter truffet afgørelse om, at han fortsætter på kontanthjælp."
    )
    assert got.get("decision") != "bevilget" and got.get("wishes_course") is False


@pytest.mark.parametrize(
    "text, months",
    [
        ("Borger startede RF 01.02.2023, pr. 15.09.2023 intet tilbud påbegyndt.", 7.4),
        (
            "Borgeren startede i ressourceforløb 1. marts 2024. Ved opfølgningen 15. september 2024 havde hun "
            "ikke været i praktik eller løntilskud.",
            6.5,
        ),
        ("jeg har vaeret i ressourceforlob i 8 maaneder og der sker ingenting", 8.0),
    ],
)
def test_months_without_an_effort_from_a_dated_observation(text, months):
    assert facts(text).get("months_without_offer") == months


def test_an_effort_that_began_counts_the_months_up_to_it():
    assert (
        facts("Borger startede i forløb 1. marts 2024 og fik praktik fra 1. april 2024.")["months_without_offer"] == 1.0
    )


@pytest.mark.parametrize(
    "text, disregards",
    [
        ("de vil sende mig i praktik paa et lager men min leage siger jeg ikke maa loefte noget tungt", True),
        ("Borger skal i løntilskud, men lægen fraråder arbejde med tunge løft.", True),
        # a restriction with no offer in view is not a complaint about the offer
        ("Min læge siger, jeg ikke må løfte. Hvor længe varer et forløb?", None),
    ],
)
def test_a_doctors_restriction_beside_an_offer(text, disregards):
    assert facts(text).get("offer_disregards_health") == disregards


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        # a comma ends the age: what follows is not the length of a course
        ("Borger 52 år, første forløb. Kan vi kræve det?", {"age": 52}, ()),
        ("Hun er 44, ressourceforløb i 4 år.", {"age": 44}, ()),
        ("Borger på 45 år med ressourceforløb.", {"age": 45}, ()),
        ("Borger, 47 år, har været i ressourceforløb i 5 år i alt.", {"age": 47, "previous_years_total": 5.0}, ()),
        ("Hun har haft et 16 år langt forløb.", {}, ("age",)),
        # the course she is in now is not an earlier one; the time in earlier ones is not a course now
        (
            "jeg har været i ressourceforløb i 8 måneder og der sker ingenting.",
            {"in_course": True},
            ("previous_courses",),
        ),
        ("Jeg har været i ressourceforløb i 5 år i alt (2 forløb).", {"previous_years_total": 5.0}, ("in_course",)),
        # a month and a year are as near as the start gets
        ("Hun startede i ressourceforløb i februar 2023.", {"course_start": dt.date(2023, 2, 1)}, ()),
        ("Forløbet begyndte i august 2022.", {"course_start": dt.date(2022, 8, 1)}, ()),
        (
            "En borger startede 1. september 2020 i et ressourceforløb på 5 år.",
            {"course_start": dt.date(2020, 9, 1), "granted_years": 5.0},
            (),
        ),
        ("Hun startede i praktik i maj 2023.", {}, ("course_start",)),
        ("En borger i ressourceforløb skriver, at praktikken ikke passer.", {"in_course": True}, ()),
        # a concessive clause states the wish, even inside a question
        ("Kan vi bevilge et nyt forløb, selvom hun siger, at hun ikke vil?", {"wishes_course": False}, ()),
    ],
)
def test_clause_bounds_of_ages_courses_and_wishes(text, expected, absent):
    got = facts(text)
    assert {k: got.get(k) for k in expected} == expected, got
    assert not set(absent) & set(got), got


def test_months_without_an_effort_count_to_the_day_asked():
    got = extract_facts(
        "Hun startede i ressourceforløb i februar 2023, og der er ikke sket noget.", on=dt.date(2023, 9, 1)
    )[0]
    assert got["course_start"] == dt.date(2023, 2, 1) and 6.9 < got["months_without_offer"] < 7.1


def test_a_recent_statement_from_the_doctor_makes_an_old_lae_265_immaterial():
    """PM 24-20: the defect does not matter when the same health information came in otherwise."""
    text = (
        "Seneste LÆ 265 er fra april 2024. Til mødet indgik en statusattest fra egen læge af "
        "10. december 2025 og en erklæring fra distriktspsykiatrien af 20. november 2025."
    )
    got = extract_facts(text, on=dt.date(2026, 1, 12))[0]
    assert got.get("lae265_current") is False and got.get("defect_immaterial") is True
    old = extract_facts(text.replace("2025", "2023"), on=dt.date(2026, 1, 12))[0]
    assert "defect_immaterial" not in old, "a statement over a year old is no current information"


def test_months_in_the_course_by_the_day_asked_date_its_start():
    """The rules core never guesses a start (adding the real one could flip its answer): the
    reader reads "i 8 måneder" up to the day asked as the start, a fact with its words."""
    text = "jeg har været i ressourceforløb i 8 måneder og der sker ingenting."
    got = extract_facts(text, on=dt.date(2024, 3, 10))[0]
    assert got["course_start"] == dt.date(2023, 7, 10) and got["months_without_offer"] == 8.0
    assert "course_start" not in extract_facts(text)[0], "without the day asked there is no start"
