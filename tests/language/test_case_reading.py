"""Reading a case narrative: the decision, the history, the complaint's scope, the presumptions."""

from __future__ import annotations

import datetime as dt

from assistant.language.facts import birth_bounds
from assistant.language.presume import presume_for_case
from assistant.language.reader import read

ON = dt.date(2023, 3, 20)


def facts(text: str, on: dt.date = ON) -> dict:
    return read(text, on=on).facts


def test_the_decision_dated_on_the_decision_date_is_the_one_under_review():
    f = facts(
        "Kommunen bevilgede i 2018 et forløb. Kommunen har den 20. marts 2023 givet afslag på et nyt ressourceforløb."
    )
    assert f["decision"] == "afslag"
    g = facts("Afg. 20/3-23: RF bev. 2 år, start 1/4-23.")
    assert g["decision"] == "bevilget" and g["granted_years"] == 2


def test_an_effort_refused_is_its_own_kind_of_decision():
    assert (
        facts("Kommunen gav den 20. marts 2023 afslag på en samtale med sundhedskoordinatoren.")["decision"]
        == "afslag_sundhedskoordinator"
    )
    assert facts("Afg. 20/3-23: afslag på forelæggelse for rehab-team.")["decision"] == "afslag_rehabiliteringsteam"


def test_earlier_courses_from_their_dates_counts_and_totals():
    f = facts(
        "Han var i ressourceforløb fra 1. februar 2018 til 31. januar 2023. Kommunen har den 20. marts 2023 "
        "bevilget et nyt ressourceforløb på 1 år."
    )
    assert f["previous_courses"] == 1 and f["previous_years_total"] == 5.0 and f["granted_years"] == 1
    g = facts("Jeg har i alt været i forløb i 4 år, fra 1. marts 2018 til 28. februar 2022.")
    assert g["previous_years_total"] == 4.0
    h = facts("Jeg var i et jobafklaringsforløb fra 2020 til 2022, men jeg har aldrig været i et ressourceforløb før.")
    assert h["previous_courses"] == 0 and "previous_years_total" not in h


def test_a_past_age_is_not_the_age_at_the_decision():
    f = facts("Det første forløb startede jeg som 41-årig. Jeg er nu 47 år.")
    assert f["age"] == 47
    assert "age" not in facts("Da hun var 44 år, fik hun sit første forløb.")


def test_the_complaints_scope_and_issues():
    r = read("Borgeren klager alene over varigheden af forløbet.", on=ON)
    assert r.facts.get("complaint_only_duration") is True and "duration" in r.complaint.issues
    r = read("Borger klager over, at hun er henvist til et nyt forløb, selvom hun ikke ønsker det.", on=ON)
    assert "wish" in r.complaint.issues and "duration" not in r.complaint.issues


def test_undisputed_findings_stand_and_are_presumed_with_their_basis():
    text = (
        "Rehabiliteringsteamet indstillede et nyt ressourceforløb. Kommunen har den 20. marts 2023 bevilget "
        "forløbet. Borger klager over, at hun ikke selv har ønsket det."
    )
    r = read(text, on=ON)
    out, presumed = presume_for_case(r, {**r.facts, "decision_date": ON})
    assert out["target_group_undisputed"] is True and out["perspective_undisputed"] is True
    basis = {p.field: p.words for p in presumed}
    assert "ikke bestridt" in basis["target_group_undisputed"]
    disputed = read(
        "Kommunen har den 20. marts 2023 bevilget et forløb. Borger klager og mener ikke, at hun er i målgruppen.",
        on=ON,
    )
    out, _ = presume_for_case(disputed, {**disputed.facts, "decision_date": ON})
    assert "target_group_undisputed" not in out


def test_a_birth_year_or_month_bounds_the_date_of_birth():
    from rules import Facts

    assert birth_bounds(1970, 6) == {"born_from": dt.date(1970, 6, 1), "born_to": dt.date(1970, 6, 30)}
    f = Facts(decision_date=dt.date(2023, 5, 1), **birth_bounds(1970, 6))
    assert f.age_bounds() == (52, 52), "born in June 1970: 52 on 1 May 2023"
    assert Facts(decision_date=dt.date(2023, 5, 1), **birth_bounds(1961, None)).age_bounds() == (61, 62)


def test_a_hard_wrapped_paragraph_reads_as_running_text():
    wrapped = (
        "Borgeren klager over vores afgørelse af 20. marts 2023, hvor vi efter\n"
        "rehabiliteringsteamets indstilling visiterede hende til et 2-årigt\n"
        "ressourceforløb. Det er hendes første forløb."
    )
    f = facts(wrapped)
    assert f["decision"] == "bevilget" and f["granted_years"] == 2 and f["previous_courses"] == 0
    # a short heading line keeps its break: it is no part of the first sentence
    assert (
        facts("Til teamleder\nKommunen har den 20. marts 2023 givet afslag på ressourceforløb.")["decision"] == "afslag"
    )


def test_a_letter_in_lower_case_is_split_into_sentences():
    from assistant.language.reader import sentences

    assert sentences("hej lise. det er kenneth igen (den anden er stoppet). de har bevilget mig et forlob.") == [
        "hej lise.",
        "det er kenneth igen (den anden er stoppet).",
        "de har bevilget mig et forlob.",
    ]
    assert sentences("jeg fik f.eks. et brev jf. stk. 2 i dag.") == ["jeg fik f.eks. et brev jf. stk. 2 i dag."]


def test_a_grant_shorter_than_the_teams_proposal_is_a_grant():
    f = facts(
        "Afgørelse 20.03.2023: Jobcentret bevilgede ressourceforløb i 1 år og forkortede dermed forløbet i forhold "
        "til teamets forslag."
    )
    assert f["decision"] == "bevilget"


def test_the_teams_view_in_the_clause_after_its_verb():
    f = facts("Rehabiliteringsteamet sagde på mødet, at jeg skulle have et ressourceforløb.")
    assert f["team_recommended"] is True
    g = facts("Teamet sagde, at hun ikke skulle have et ressourceforløb.")
    assert g["team_recommended"] is False
    assert "team_recommended" not in facts("Teamet sagde, at hun har det svært.")


def test_a_refusal_that_sends_the_case_to_fortidspension_presumes_nothing_on_the_perspective():
    text = (
        "Borger har klaget over afgørelsen af 20. marts 2023, hvor kommunen fulgte teamets indstilling: afslag på "
        "ressourceforløb og overgang til behandling efter reglerne om førtidspension. Hun vil ikke parkeres på pension."
    )
    reading = read(text, on=ON)
    presumed, _ = presume_for_case(reading, {**reading.facts, "decision_date": ON})
    assert "perspective_undisputed" not in presumed and "target_group_undisputed" not in presumed


def test_years_relative_to_the_decision_and_dates_without_the_stop():
    on = dt.date(2025, 5, 14)
    f = facts("Jeg startede i ressourceforløb 1. oktober sidste år (2 år).", on=on)
    assert f["course_start"] == dt.date(2024, 10, 1)
    from assistant.language.reader import _dates_in

    assert [d for d, _ in _dates_in("siden 1 september 2024")] == [dt.date(2024, 9, 1)]
    assert _dates_in("i 12 måneder 2020") == []


def test_an_effort_started_in_a_named_month_counts_towards_the_six_months():
    on = dt.date(2023, 10, 4)
    text = (
        "Jeg startede i ressourceforløb 1. februar i år. Jeg går til et genoptræningshold på kommunens "
        "sundhedscenter, det startede i starten af maj. Jeg bad om at min sag kom på rehabiliteringsteamet igen. "
        "Kommunen har afslået."
    )
    f = facts(text, on=on)
    assert f["decision"] == "afslag_rehabiliteringsteam"
    assert f["months_without_offer"] < 6  # February to May


def test_whose_no_it_is():
    # the citizen's own refusal to attend is no refusal of the municipality's
    f = facts(
        "Jeg bad om en samtale med sundhedskoordinatoren. Jeg sagde at jeg ikke ville komme i praktikken før "
        "samtalen var holdt."
    )
    assert f.get("decision") != "afslag_sundhedskoordinator"
    # a refused course is not a refused forelæggelse because the team is named beside it
    g = facts("Kommunen vil ikke give ham et ressourceforløb, selv om teamet anbefalede det.")
    assert g["decision"] == "afslag"


def test_a_negated_report_negates_the_wish_it_reports():
    f = facts("Borger har ikke på noget tidspunkt tilkendegivet, at han ønsker et nyt forløb.")
    assert f["wishes_course"] is False


def test_what_the_jobcenter_writes_she_said_is_not_her_stance():
    r = read(
        "Jobcentret skriver at han har accepteret forløbet, men det passer ikke – han har ikke på noget "
        "tidspunkt bedt om det.",
        on=ON,
    )
    assert r.facts.get("wishes_course") is False and not r.conflicts


def test_a_negated_noun_phrase_carries_through_its_list():
    f = facts("Der er ikke oplysninger om sociale problemer, misbrug eller gæld, og han har let astma.")
    assert f.get("complex_problems") is not True


def test_month_abbreviations_and_a_course_named_before():
    f = facts("Jeg har fået et nyt ressourceforløb. Jeg var i det første fra feb 2021 til jan 2023.")
    assert f["previous_years_total"] == 2.0


def test_a_bulleted_list_under_a_course_heading_is_the_course_history():
    f = facts(
        "Tidligere ressourceforløb:\n- 1. februar 2017 - 31. januar 2020 (3 år)\n- 1. februar 2020 - 31. januar 2022"
    )
    assert f["previous_courses"] == 2 and f["previous_years_total"] == 5.0


def test_a_running_course_that_continues_is_its_own_decision():
    f = facts("Kommunen traf den 20. marts 2023 afgørelse om, at forløbet fortsætter som bevilget.")
    assert f["decision"] == "fortsat"


def test_an_offer_to_go_on_before_the_talk_is_a_decision_on_the_talk():
    f = facts(
        "Jeg bad om en samtale med sundhedskoordinatoren. Kommunen har bestemt den 20. marts 2023, at jeg skal "
        "fortsætte i praktikken, til samtalen har været."
    )
    assert f["decision"] == "afslag_sundhedskoordinator"


def test_a_case_decided_without_the_team():
    f = facts(
        "Kommunen bevilgede den 20. marts 2023 et ressourceforløb på 2 år. Sagen blev aldrig forelagt "
        "rehabiliteringsteamet."
    )
    assert f["team_treated"] is False
    again = facts(
        "Kommunen bevilgede den 20. marts 2023 et ressourceforløb på 2 år. Efter 8 måneder er sagen ikke "
        "forelagt rehabiliteringsteamet igen."
    )
    assert "team_treated" not in again, "'igen' is the new forelæggelse of LAB § 113, stk. 2"


def test_a_decision_that_follows_the_teams_recommendation():
    f = facts(
        "Rehabiliteringsteamet indstillede den 1. marts 2023 til et ressourceforløb. Kommunen traf afgørelse "
        "herom den 20. marts 2023."
    )
    assert f["decision"] == "bevilget"


def test_an_age_then_is_not_the_age_now():
    f = facts("Borger er født i 1975. Kommunen lagde vægt på, at hun var under 40 år under sit første forløb.")
    assert "age_under" not in f


def test_a_municipal_letter_reports_the_decision():
    f = facts(
        'Brevet fra jobcentret, dateret 20.03.2023, siger, at hun "visiteres til et nyt ressourceforløb på 2 år".'
    )
    assert f["decision"] == "bevilget" and f["granted_years"] == 2
    g = facts("Jeg søgte om et ressourceforløb. Den 20/3-23 fik jeg svar, og det blev et nej.")
    assert g["decision"] == "afslag"
