"""One fact vocabulary: every fact has a type, a label, and (when asked) a question per audience."""

import dataclasses

from rules import Facts, all_rules
from rules.vocabulary import question, vocabulary


def test_every_fact_has_an_entry_and_the_rules_that_read_it_exist():
    v = vocabulary()
    assert list(v) == [f.name for f in dataclasses.fields(Facts)]
    for spec in v.values():
        assert spec.label and spec.type in {"date", "int", "float", "bool", "decision"}
        assert set(spec.rules) <= set(all_rules())
        if spec.type == "bool":
            assert spec.condition, spec.name
    assert "repeated_courses" in v["wishes_course"].rules


def test_questions_speak_to_their_audience():
    assert question("previous_courses") == "Har borgeren tidligere været i et ressourceforløb?"
    assert question("previous_courses", citizen=True) == "Har du været i et ressourceforløb før?"
    assert question("motivation_factor") is None
