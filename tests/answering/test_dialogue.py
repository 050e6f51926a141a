"""Conversation state across turns."""

import datetime as dt

from assistant.answering.dialogue import ConversationState
from assistant.language.dates import date_in_message


def test_later_turns_add_and_correct_facts():
    st = ConversationState()
    st.absorb("Borgeren er 53 år og har tidligere deltaget i et ressourceforløb.")
    assert st.facts.age == 53 and st.facts.previous_courses == 1
    st.absorb("Undskyld, hun er faktisk 49.")
    assert st.facts.age == 49, "a correction replaces the earlier age"
    st.absorb("Hun ønsker selv et nyt forløb.")
    assert st.facts.wishes_course is True and st.facts.age == 49


def test_an_age_band_replaces_an_exact_age():
    st = ConversationState()
    st.absorb("Han er 45 år.")
    st.absorb("Nej, han er over 50 år.")
    assert st.facts.age is None and st.facts.age_over == 50


def test_a_decision_date_changes_the_law_that_applies():
    st = ConversationState()
    st.absorb("Afgørelsen var fra marts 2021.")
    assert st.date == dt.date(2021, 3, 1) and st.facts.decision_date == dt.date(2021, 3, 1)


def test_dates_in_messages():
    assert date_in_message("kommunen traf afgørelse den 1. september 2021") == dt.date(2021, 9, 1)
    assert date_in_message("bevilget 2023-05-01") == dt.date(2023, 5, 1)
    assert date_in_message("afgørelsen blev truffet i 2020") == dt.date(2020, 7, 1)
    assert date_in_message("hvor længe varer det?") is None
    assert date_in_message("bevilget 2021-02-30") is None, "an impossible date is no date"


def test_state_round_trips_as_json():
    st = ConversationState(audience="citizen")
    st.absorb("Jeg er 58 og vil ikke have et nyt forløb.")
    again = ConversationState.model_validate_json(st.model_dump_json())
    assert again.facts == st.facts and again.audience == "citizen"


def test_facts_counted_up_to_a_day_use_the_conversations_date():
    st = ConversationState(date=dt.date(2024, 3, 1))
    st.absorb("Jeg startede i ressourceforløb 1. juli 2023, og der sker ingenting.")
    assert st.facts.get("course_start") == dt.date(2023, 7, 1)
    assert 7.9 < st.facts.get("months_without_offer") < 8.1
