"""KnownFacts: the rules core's fact vocabulary outside it, typed and checked on assignment."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing

import pytest

from assistant.language.facts import FactValueError, KnownFacts
from rules import Facts, FactsError


def test_the_fields_are_the_rules_facts_plus_what_only_a_reader_knows():
    rules_types = typing.get_type_hints(Facts)
    ours = {name: info.annotation for name, info in KnownFacts.model_fields.items()}
    assert set(ours) - set(rules_types) == KnownFacts.READER_ONLY
    for f in dataclasses.fields(Facts):
        assert ours[f.name] == rules_types[f.name], f.name


def test_values_are_typed_on_assignment():
    facts = KnownFacts()
    facts.set("age", "49")
    facts.set("wishes_course", "nej")
    facts.set("granted_years", "2,5")
    facts.set("course_start", "2021-03-01")
    assert facts.known() == {
        "age": 49,
        "granted_years": 2.5,
        "wishes_course": False,
        "course_start": dt.date(2021, 3, 1),
    }
    assert facts.as_json()["course_start"] == "2021-03-01"
    facts.set("age", None)
    assert "age" not in facts and facts.get("age", 7) == 7


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("note", "x", "Ukendt faktum"),
        ("age", "53 ([CPR-nummer])", "ikke en gyldig værdi"),
        ("course_start", "2021-02-30", "ikke en gyldig værdi"),
        ("wishes_course", [1], "ikke en gyldig værdi"),
    ],
)
def test_an_unknown_fact_or_a_bad_value_is_a_danish_input_error(name, value, message):
    with pytest.raises(FactValueError, match=message):
        KnownFacts().set(name, value)


def test_contradictions_are_the_rules_cores_to_find():
    facts = KnownFacts(age=30, birth_date=dt.date(1960, 1, 1), decision_date=dt.date(2023, 1, 1))
    with pytest.raises(FactsError, match="selvmodsigende"):
        facts.to_rules()
    assert KnownFacts(age=53, birth_year=1970).to_rules().age == 53, "the reader-only year is not passed on"


def test_stored_facts_load_and_unknown_stored_keys_are_dropped():
    facts = KnownFacts.model_validate({"age": 53, "note": "gammel nøgle"})
    assert facts.known() == {"age": 53}
