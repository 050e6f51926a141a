"""The rules core's verdict as lead sentences, on typed facts (no index)."""

from __future__ import annotations

import datetime as dt

from assistant.answering import compose as C
from assistant.answering.verdict import conclude, facts_for_rules
from assistant.language.facts import KnownFacts

from .units_fixture import by_ref

ON = dt.date(2023, 5, 1)


def draft(audience: str = "caseworker") -> C.Draft:
    return C.Draft(on=ON, audience=audience, units=by_ref())


def test_a_decided_rule_leads_with_its_reason_and_refs():
    d = draft()
    outcome, trace = conclude(d, KnownFacts(age=53, previous_courses=1, wishes_course=False), ["repeat"])
    assert outcome and outcome["rule"] == "repeated_courses" and outcome["value"] is False
    lead = d.sentences[0]
    assert {s.ref for s in lead.support} & {"LAB § 114, stk. 4"} and lead.claim == {
        "type": "can_require",
        "value": False,
    }
    assert d.expected["can_require"] is False and trace[0]["rule"] == "repeated_courses"


def test_one_missing_yes_no_fact_gives_both_branches_and_one_question():
    d = draft()
    outcome, _ = conclude(d, KnownFacts(age=53, previous_courses=1), ["repeat"])
    texts = [s.text for s in d.sentences]
    assert texts[0].startswith("Svaret afhænger af, om borgeren selv ønsker forløbet")
    assert texts[1].startswith("Hvis ja:") and texts[2].startswith("Hvis nej:")
    assert d.missing == ["wishes_course"] and len(d.questions) == 1
    assert outcome and outcome["value"] is None


def test_citizens_are_spoken_to_as_du():
    d = draft("citizen")
    conclude(d, KnownFacts(age=53, previous_courses=1, wishes_course=False), ["repeat"])
    assert "Borgeren" not in d.sentences[0].text


def test_no_personal_fact_no_verdict():
    d = draft()
    assert conclude(d, KnownFacts(), ["repeat"]) == (None, []) and not d.sentences


def test_contradicting_facts_are_reported_in_the_trace_not_swallowed():
    d = draft()
    facts = KnownFacts(age=30, birth_date=dt.date(1960, 1, 1), decision_date=ON)
    outcome, trace = conclude(d, facts, ["repeat"])
    assert outcome is None and not d.sentences
    assert trace and trace[0]["rule"] == "facts" and trace[0]["outcome"] == "modstridende_fakta"
    assert "selvmodsigende" in trace[0]["reason"]


def test_a_birth_year_becomes_an_age_range_and_a_topic_presumes_its_decision():
    f = facts_for_rules(KnownFacts(birth_year=1961), ON, ["repeat"])
    assert f.age_bounds() == (61, 62), "born in 1961: 61 or 62 on the date"
    assert f.decision == "bevilget" and f.decision_date == ON
    assert facts_for_rules(KnownFacts(birth_year=1961), ON, ["duration"]).decision is None


def test_a_citizen_asking_for_someone_else_is_answered_about_that_person():
    from assistant.answering.verdict import _to_citizen

    text = "Borgerens folkepensionsalder er 67 år, og borgeren ønsker ikke selv forløbet."
    assert _to_citizen(text) == "Din folkepensionsalder er 67 år, og du ønsker ikke selv forløbet."
    assert _to_citizen(text, "din far") == "Din fars folkepensionsalder er 67 år, og din far ønsker ikke selv forløbet."


def test_when_a_rule_bars_the_course_what_other_rules_need_is_not_asked():
    """A person with less than 6 years to folkepensionsalderen who does not wish a course: the
    number of earlier courses cannot open it again, so it is not asked and not branched on."""
    d = draft()
    facts = KnownFacts(birth_date=dt.date(1961, 3, 3), wishes_course=False, decision="bevilget")
    outcome, _ = conclude(d, facts, ["repeat", "pension_6y"])
    texts = [s.text for s in d.sentences]
    assert any("mindre end 6 år" in t and "67 år" in t for t in texts), texts
    assert not d.questions and not any(t.startswith(("Svaret afhænger", "Hvis ja", "Hvis nej")) for t in texts)


def test_a_named_topic_gets_its_rules_answer_even_when_the_rule_finds_itself_beside_the_point():
    """ "Har § 112, stk. 3 betydning?" for someone far from folkepensionsalderen: the answer is "no,
    6 years or more", which the rule alone would leave out as not bearing on the course."""
    facts = KnownFacts(birth_date=dt.date(1967, 3, 1), wishes_course=False, decision="bevilget")
    quiet, named = draft(), draft()
    conclude(quiet, facts, ["pension_6y"])
    conclude(named, facts, ["pension_6y"], named={"pension_6y"})
    assert not any("69 år" in s.text for s in quiet.sentences)
    assert any("69 år" in s.text and "63-årig" in s.text for s in named.sentences)


def test_an_exception_nobody_raised_is_said_with_medmindre_and_not_asked():
    """LAB § 113, stk. 2, 2. pkt. ("Det gælder dog ikke, hvis særlige grunde taler imod"): the
    rule as it applies, with its exception, not two branches and a question."""
    d = C.Draft(on=dt.date(2024, 3, 10), audience="citizen", units=by_ref())
    facts = KnownFacts(in_course=True, course_start=dt.date(2023, 7, 1), months_without_offer=8.3)
    outcome, _ = conclude(d, facts, ["rehab_team"])
    lead = d.sentences[0].text
    assert lead.startswith("Sagen skal forelægges for rehabiliteringsteamet") and "medmindre særlige grunde" in lead
    assert "Hvis ja" not in " ".join(s.text for s in d.sentences) and not d.questions
    assert lead.endswith("(LAB § 113, stk. 2).") and " du " in lead
    assert outcome and outcome["value"] is True


def test_the_verdict_that_bars_the_course_goes_first():
    d = draft()
    facts = KnownFacts(age=44, previous_courses=1, previous_years_total=4.0, granted_years=2.0, wishes_course=False)
    conclude(d, facts, ["duration", "repeat"])
    assert d.sentences[0].text.startswith("Kommunen kan ikke kræve"), [s.text for s in d.sentences]
    assert any("Varigheden på 2 år" in s.text for s in d.sentences[1:])
    assert not d.questions, "the course is barred: no other rule's fact is asked"


def test_a_rule_that_only_applies_on_its_condition_is_said_on_it_not_in_two_branches():
    d = draft()
    conclude(d, KnownFacts(course_start=dt.date(2022, 3, 1)), ["jobformidler"])
    texts = [s.text for s in d.sentences]
    assert texts[0].startswith("Hvis borgeren er i et ressourceforløb: Borgeren har ret til en personlig jobformidler")
    assert not any(t.startswith(("Svaret afhænger", "Hvis nej")) for t in texts)
    assert d.missing == ["in_course"]
