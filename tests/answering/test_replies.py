"""A reply to the assistant's own question fills the fact it asked for."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.answering.dialogue import ConversationState
from assistant.language.replies import bind_reply
from rules.vocabulary import vocabulary


@pytest.mark.parametrize(
    "reply, value",
    [
        ("Nej.", False),
        ("Hun har ikke bedt om det", False),
        ("jo, det vil hun gerne", True),
        ("Ja", True),
        ("det ved jeg ikke", None),
    ],
)
def test_yes_no_replies_to_the_wish(reply, value):
    assert bind_reply(reply, vocabulary()["wishes_course"]).get("wishes_course") is value


def test_numbers_dates_and_years_by_the_facts_type():
    v = vocabulary()
    assert bind_reply("hun er 53", v["age"]) == {"age": 53}
    assert bind_reply("født i 1963", v["age"]) == {"birth_year": 1963}
    assert bind_reply("ja, to", v["previous_courses"]) == {"previous_courses": 2}
    assert bind_reply("nej", v["previous_courses"]) == {"previous_courses": 0}
    assert bind_reply("den 3. marts 2021", v["decision_date"])["decision_date"].isoformat() == "2021-03-03"


def test_the_state_binds_a_reply_once():
    st = ConversationState()
    st.asked = "wishes_course"
    assert st.absorb("Nej.") == {"wishes_course": False}
    assert st.asked is None
    assert st.absorb("Nej.") == {}, "without a question asked, a bare no says nothing"


def test_a_date_given_as_something_else_is_not_the_reply():
    assert bind_reply("Hvad nu, hvis forløbet i stedet var startet 1. december 2021?", vocabulary()["birth_date"]) == {}
    assert bind_reply("Hun er født 1. december 1961.", vocabulary()["birth_date"]) == {
        "birth_date": dt.date(1961, 12, 1)
    }


def test_a_length_is_not_a_number_of_courses():
    assert bind_reply("Forløbet blev bevilget for 4 år.", vocabulary()["previous_courses"]) == {}
    assert bind_reply("to", vocabulary()["previous_courses"]) == {"previous_courses": 2}
