"""The answer plan: the lead first, the conditions the question calls for, one quote, the budget."""

from __future__ import annotations

from assistant.answering.model import Sentence, Support
from assistant.answering.plan import BUDGET, MAX_CONDITIONS, STRETCH, n_words, plan


def s(text: str, role: str = "condition", unit: str = "u1") -> Sentence:
    return Sentence(text=text, role=role, support=[Support(kind="passage", ref="LAB § 114, stk. 1", unit_id=unit)])


LONG = " ".join(["ord"] * 30)


def test_the_lead_comes_first_and_the_condition_that_shares_the_question_is_chosen():
    out = plan(
        [
            s("Noget om mentorstøtte og praktik i et forløb."),
            s("Svaret er nej.", "lead"),
            s("Du kan klage til Ankestyrelsen."),
        ],
        "Hvor kan jeg klage?",
        "citizen",
    )
    assert out[0].text == "Svaret er nej."
    assert "Du kan klage til Ankestyrelsen." in [x.text for x in out]


def test_the_budget_and_the_number_of_conditions_hold():
    sentences = [s("Svaret er nej.", "lead")] + [s(f"Betingelse {i} {LONG}.", unit=f"u{i}") for i in range(8)]
    out = plan(sentences, "Betingelse?", "citizen")
    assert len([x for x in out if x.role == "condition"]) <= MAX_CONDITIONS
    assert sum(n_words(x.text) for x in out) <= BUDGET["citizen"] * STRETCH


def test_a_condition_the_question_calls_for_may_stretch_the_budget_one_not_asked_for_may_not():
    sentences = [s(f"Indledning {LONG} {LONG}.", "lead"), s(f"Klage {LONG}.", unit="a"), s(f"Andet {LONG}.", unit="b")]
    weights = {sentences[1].text: 1.0}
    out = [x.text for x in plan(sentences, "klage", "caseworker", weight=weights)]
    assert sentences[1].text in out and sentences[2].text not in out


def test_one_quote_and_not_from_a_passage_already_cited():
    out = plan(
        [
            s("Svaret er nej.", "lead", unit="a"),
            s("»Kommunen skal fastsætte varigheden.«", "quote", unit="a"),
            s("»Borgeren har ret til en jobformidler.«", "quote", unit="b"),
            s("»Teamet afgiver en indstilling om jobformidler.«", "quote", unit="c"),
        ],
        "Har hun ret til en jobformidler?",
        "caseworker",
    )
    assert [x.text for x in out] == ["Svaret er nej.", "»Borgeren har ret til en jobformidler.«"]


def test_a_quote_that_shares_nothing_with_the_question_is_not_said():
    sentences = [s("Svaret er nej.", "lead"), s("»Teamet afgiver en indstilling.«", "quote", unit="c")]
    assert [x.text for x in plan(sentences, "Hvor længe varer det?", "caseworker")] == ["Svaret er nej."]


def test_without_a_verdict_the_condition_that_answers_comes_before_the_context():
    context = s("Nye forløb kan ikke bevilges efter reformen.", "lead")
    answer = s("Et forløb varer mindst 1 og højst 3 år.")
    out = plan([context, answer], "Hvor længe varer et forløb?", "caseworker", weight={answer.text: 1.0})
    assert [x.text for x in out] == [answer.text, context.text]
    # asked whether a course can be had at all, the law in force is the answer and stays first
    out = plan(
        [context, answer],
        "Kan hun få et forløb, og hvor længe varer det?",
        "caseworker",
        weight={answer.text: 1.0},
        context_answers=True,
    )
    assert [x.text for x in out] == [context.text, answer.text]


def test_a_lead_that_repeats_an_earlier_lead_is_dropped():
    first = s("Der kan ikke bevilges nye ressourceforløb efter 1. juli 2026 ifølge L 1750/2025.", "lead")
    again = s("Fra 1. juli 2026 kan der ikke bevilges nye ressourceforløb.", "lead")
    assert [x.text for x in plan([first, again], "Kan hun få et nyt forløb?", "caseworker")] == [first.text]


def test_what_was_said_before_is_not_said_again_but_the_lead_is():
    before = ["Svaret er nej. Du kan klage til Ankestyrelsen."]
    sentences = [s("Svaret er nej.", "lead"), s("Du kan klage til Ankestyrelsen."), s("Fristen er 4 uger.")]
    out = [x.text for x in plan(sentences, "Og fristen?", "citizen", said_before=before)]
    assert out == ["Svaret er nej.", "Fristen er 4 uger."]


def test_nothing_is_said_twice_in_one_answer():
    out = plan([s("Svaret er nej.", "lead"), s("Svaret er nej.", "lead"), s("A b c.")], "a", "citizen")
    assert [x.text for x in out] == ["Svaret er nej.", "A b c."]


def test_two_wordings_of_one_statement_are_said_once():
    out = plan(
        [
            s("Et forløb på mere end 3 år, der er påbegyndt før 1. januar 2022, fortsætter, til det er afsluttet."),
            s(
                "Et ressourceforløb på mere end 3 år, der er påbegyndt før 1. januar 2022, fortsætter, til det er afsluttet."
            ),
        ],
        "forløb",
        "caseworker",
    )
    assert len(out) == 1


def test_a_condition_for_an_age_band_the_person_is_not_in_is_left_out():
    out = plan(
        [
            s("Er du mellem 40 og 50 år, må du højst være i forløb i 5 år."),
            s("Er du over 50 år, skal du selv ønske det."),
        ],
        "jeg er 56",
        "citizen",
        age=56,
    )
    assert [x.text for x in out] == ["Er du over 50 år, skal du selv ønske det."]


def test_a_condition_or_quote_the_lead_already_says_is_left_out():
    lead = Sentence(
        text="Borgeren har den 6. maj 2025 mindre end 6 år til folkepensionsalderen og ønsker ikke selv "
        "forløbet; der skal derfor ikke iværksættes et ressourceforløb (LAB § 112, stk. 3).",
        role="lead",
    )
    again = s(
        "Har du mindre end 6 år til folkepensionsalderen, skal du ikke begynde i et ressourceforløb, "
        "medmindre du selv ønsker det."
    )
    other = s("Kommunen skal fastsætte varigheden, når forløbet bevilges.", unit="u2")
    quote = s(
        "Af L 1160/2021 § 1, nr. 1 fremgår: »For personer, der har mindre end 6 år til folkepensionsalderen, "
        "skal der ikke iværksættes et ressourceforløb, medmindre personen selv ønsker det.«",
        "quote",
        unit="u3",
    )
    kept = plan([lead, again, other, quote], "Kan hun tvinges?", "caseworker")
    assert [x.text for x in kept] == [lead.text, other.text]


def test_the_closing_comes_after_the_answer_and_is_not_said_twice():
    lead = s("Kommunen kan ikke kræve, at du deltager i endnu et forløb.", "lead")
    closing = s("Er du uenig i kommunens afgørelse, kan du klage inden 4 uger.", "closing", unit="u2")
    cond = s("Er du over 50 år, kan kommunen kun give dig mere end ét forløb, hvis du selv ønsker det.", unit="u3")
    kept = plan([lead, closing, cond], "Kan de kræve et nyt forløb, når jeg er 56?", "citizen", age=56)
    assert [x.text for x in kept] == [lead.text, cond.text, closing.text]
    again = plan([lead, closing, cond], "Og hvad så?", "citizen", said_before=[" ".join(x.text for x in kept)], age=56)
    assert closing.text not in [x.text for x in again] and lead.text in [x.text for x in again]


def test_without_a_lead_the_topic_that_answers_best_goes_first_in_its_own_order():
    def t(text: str, topic: str) -> Sentence:
        out = s(text)
        out.topic = topic
        return out

    out = plan(
        [
            t("Sagen forelægges rehabiliteringsteamet efter 6 måneder uden tilbud.", "rehab_team"),
            t("Målgruppen er personer med komplekse problemer ud over ledighed.", "target_group"),
            t("Derudover skal personen have modtaget offentlig forsørgelse i længere tid.", "target_group"),
        ],
        "Hvilke betingelser for målgruppen skal være opfyldt ud over de komplekse problemer?",
        "caseworker",
    )
    texts = [x.text for x in out]
    assert texts[0].startswith("Målgruppen") and texts[1].startswith("Derudover"), texts


def test_a_condition_restating_the_verdict_in_other_words_is_left_out():
    lead = Sentence(
        text="Varigheden på 4 år ligger inden for lovens rammer på mindst 1 og højst 5 år (LAB § 114, stk. 1).",
        role="lead",
    )
    again = s("Et forløb på 4 år ligger inden for den ramme.")
    other = s("Perioder med barsel tæller ikke med i varigheden.", unit="u2")
    kept = plan([lead, again, other], "Må forløbet vare 4 år?", "caseworker")
    assert [x.text for x in kept] == [lead.text, other.text]
