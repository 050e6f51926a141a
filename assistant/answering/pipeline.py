"""One question's path: understand → retrieve → decide (rules) → compose → check → answer.

The same `Assistant.ask` serves the CLI, the service and the evaluation harness.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from assistant.answering.compose import (
    Draft,
    holding_of,
    law_version,
    numbers_of,
    quotable,
    reform_lead,
    sentences_of,
    top_sentences,
    version_note,
)
from assistant.answering.dialogue import ConversationState
from assistant.answering.grounding import GroundingChecker
from assistant.answering.model import Answer, Citation, Sentence
from assistant.answering.plan import n_words, plan
from assistant.answering.topics import BY_NAME, topics_in, topics_of_facts, with_fact_topics
from assistant.answering.understand import asking_sentences, asks_about_granting, asks_compulsion, understand
from assistant.answering.verdict import numbers_in
from assistant.corpus.refs import parse_ref
from assistant.language.abbreviations import expand
from assistant.language.analysis import about_person, fold, spoken_of
from assistant.language.dates import dk_date
from assistant.language.facts import KnownFacts
from assistant.language.input import clean_question
from assistant.language.reader import extract_facts
from assistant.language.redact import redact
from assistant.retrieval.engine import SearchEngine
from rules.params import COVERAGE_START

log = logging.getLogger(__name__)

CITIZEN_NOTE = "Det er kommunen, der træffer afgørelsen i din sag."

REFER_ON = {
    "amount": "Jeg kan ikke svare på beløb i kroner. Spørg kommunen, eller se satserne på borger.dk.",
    "tax": "Skat ligger uden for det, mine kilder dækker. Kontakt Skattestyrelsen, eller se borger.dk.",
    "other_law": "Det spørgsmål handler om andre regler end ressourceforløb, som mine kilder ikke dækker. "
    "Kontakt kommunen, eller se borger.dk.",
    "offtopic": "Det kan jeg ikke hjælpe med. Jeg kan kun forklare reglerne om ressourceforløb; "
    "med andre spørgsmål kan kommunen eller borger.dk hjælpe.",
    "language": "Jeg kan kun svare på dansk om ressourceforløb. (I can only answer questions in Danish "
    "about ressourceforløb; please contact your municipality or see borger.dk.)",
    "own_decision": "Jeg kan ikke træffe afgørelse i en konkret sag; det gør kommunen, og en klage går "
    "til Ankestyrelsen. Jeg kan forklare reglerne, så du kan se, hvad der lægges vægt på.",
    "before_coverage": f"Mine kilder dækker reglerne om ressourceforløb fra {dk_date(COVERAGE_START)}, så for en "
    f"dato før det kan jeg ikke svare. Vælg en dato fra {dk_date(COVERAGE_START)}.",
    "injection": "Jeg kan ikke følge instrukser om, hvordan jeg skal svare, eller skrive noget, mine kilder ikke "
    "støtter. Stil gerne dit spørgsmål om ressourceforløb.",
    "medical": "Spørgsmål om medicin og behandling skal du tage med din læge. Jeg kan kun forklare reglerne "
    "om ressourceforløb.",
    "statistics": "Jeg har ikke tal for enkelte kommuner eller år; mine kilder er reglerne og afgjorte sager. "
    "Ankestyrelsen offentliggør en ankestatistik.",
    "no_sources": "Det spørgsmål dækker mine kilder ikke. Kontakt kommunen eller Ankestyrelsen, eller se borger.dk.",
}


class Assistant:
    """Answers questions in a conversation; holds the search engine and the corpus."""

    def __init__(self, engine: SearchEngine | None = None, llm=None):
        self.engine = engine or SearchEngine()
        self.checker = GroundingChecker(self.engine.units)
        self.units_by_ref = self.checker.by_ref  # ref key → units
        self.llm = llm if llm is not None else _configured_llm(self.engine.settings.llm)
        self._public: Assistant | None = None

    def for_audience(self, audience: str | None) -> Assistant:
        """Citizens are answered from public sources only; internal instructions never reach them."""
        if audience == "citizen" and not self.engine.public_only and self.engine.has_internal():
            if self._public is None:
                self._public = Assistant(self.engine.public_view(), llm=self.llm)
            return self._public
        return self

    # -- the entry point ------------------------------------------------------------------
    def ask(
        self,
        message: str,
        state: ConversationState | None = None,
        audience: str | None = None,
        on: dt.date | None = None,
    ) -> tuple[Answer, ConversationState]:
        state = state or ConversationState()
        if audience:
            state.audience = audience  # type: ignore[assignment]
        delegate = self.for_audience(state.audience)
        if delegate is not self:
            return delegate.ask(message, state=state, audience=audience, on=on)
        text = redact(clean_question(message, self.engine.settings.max_question_chars))
        analysed = expand(text)  # "RF", "bgr", "rehab-team" read as the words in full
        u = understand(analysed)
        if (
            not u.in_scope
            and u.scope_reason == "offtopic"
            and "asked" not in u.notes  # "kan du give mig en opskrift …" is asked, not a follow-up
            and not u.injection
            and (state.topics or (state.turns and extract_facts(analysed)[0]))
        ):
            # a follow-up in a conversation about ressourceforløb ("hun er faktisk 49") stays in scope
            u.in_scope, u.scope_reason, u.topics = True, None, u.topics or list(state.topics)
        question = u.cleaned or analysed
        if on is not None:
            state.date = on
        changed: dict[str, Any] = {}
        if u.in_scope:
            changed = state.absorb(question, today=self.engine.settings.current_date())
        day = state.date or self.engine.settings.current_date()
        topics = u.topics or (state.topics if u.in_scope else [])
        if u.in_scope:  # the rules the message's facts bear on are asked about too
            topics = topics + [t for t in topics_of_facts(set(changed)) if t not in topics]
        if u.in_scope and day >= COVERAGE_START:
            topics = with_fact_topics(topics, state.facts, day)
        if not u.in_scope:
            answer = self._abstain(text, day, state, u.scope_reason or "offtopic")
        elif day < COVERAGE_START:  # ressourceforløb did not exist: no rule to apply
            answer = self._abstain(text, day, state, "before_coverage")
        else:
            answer = self._answer(question, day, state, topics, set(changed))
        if topics and u.in_scope:
            state.topics = topics
        # the fact the answer asks for: the next message may answer it without naming it
        state.asked = answer.missing_facts[0] if answer.asks and answer.missing_facts else None
        state.turns.append(_turn(text, answer))
        return answer, state

    # -- abstention -----------------------------------------------------------------------
    def _abstain(self, text: str, day: dt.date, state: ConversationState, reason: str) -> Answer:
        msg = REFER_ON.get(reason, REFER_ON["offtopic"])
        return Answer(
            question=text,
            date=day,
            audience=state.audience,
            answer=msg,
            sentences=[Sentence(text=msg, supported=True)],
            abstained=True,
            grounded=True,
            facts=state.facts.as_json(),
            law_version="",
            abstain_reason=reason,
        )

    # -- the answer -------------------------------------------------------------------------
    def _answer(
        self,
        question: str,
        day: dt.date,
        state: ConversationState,
        topics: list[str],
        changed: frozenset[str] | set[str] = frozenset(),
    ) -> Answer:
        passages = self.engine.search(question, on=day, k=self.engine.settings.top_k)
        d = Draft(on=day, audience=state.audience, units=self.units_by_ref)
        if d.citizen:
            d.person = spoken_of([t.user for t in state.turns] + [question])
        facts = state.facts.model_copy()
        # a reply of facts alone ("Hun er 53 år.") still asks the conversation's question
        asked_text = question if "?" in question else next((t.user for t in reversed(state.turns) if "?" in t.user), "")
        if facts.get("wishes_course") is None and asks_compulsion(asked_text):
            facts.set("wishes_course", False)  # "kan de tvinge mig?" asks about a course not wanted
        chosen = [BY_NAME[t] for t in topics if t in BY_NAME]
        named = set(topics_in(fold(question)))
        outcome, trace = self._decide(d, facts, topics, named)
        verdict, d.sentences = d.sentences, []
        for s in verdict:
            s.role = "lead"
        # order: what changed in the law, which law applies, the verdict on the facts, the rules
        d.role = "lead"
        if any(t.about_new_course for t in chosen):
            reform_lead(d, facts, question)
        version_note(d)
        d.sentences += verdict
        # a topic the message names, or the facts bring in, weighs more in the plan than one
        # carried over from earlier in the conversation
        # (a message that names none, like a correction, continues the topics before it; a topic
        # whose facts the message changed is asked about too)
        asked = named or set(topics)
        asked |= {t.name for t in chosen if changed & set(t.facts)}
        asking = set(topics_in(fold(asking_sentences(question))))
        weight: dict[str, float] = {}
        d.role = "condition"
        for t in chosen:
            if d.barred_by and t.rules and d.barred_by not in t.rules and t.name not in asking:
                continue  # the person's facts bar the course: what other rules would say of it is moot
            first = len(d.sentences)
            d.topic = t.name
            if t.lead is not None:
                t.lead(d, facts, question)
            if t.build is not None:
                t.build(d, facts)
            d.topic = None
            w = 1.0 if t.name in asked or (t.brought_in_by and t.brought_in_by(facts, day, topics)) else 0.0
            if t.name in asking:
                w += 1.0  # named in the very sentence that asks
            if outcome and outcome.get("rule") in t.rules:
                w += 0.5  # the topic whose rule decides the facts
            for s in d.sentences[first:]:
                weight.setdefault(s.text, w)
        d.role = "quote"
        self._named_units(d, question)
        self._quote_passages(d, question, passages, limit=1 if topics else 2)
        d.role = "condition"
        if d.citizen and outcome is not None:
            for extra in BY_NAME.values():
                if extra.closing is None or extra.name in topics:
                    continue
                first = len(d.sentences)
                extra.closing(d, facts)
                if len(d.sentences) > first:  # a citizen given a verdict is always told how to complain,
                    d.sentences[first].role = "closing"  # after the answer itself
        asked = numbers_of([day])  # the numbers the user gave: the date asked about and the facts
        numbers_in(facts.known(), asked)
        kept, removed = self.checker.check(d.sentences, d.rule_refs, d.expected, d.values, asked)
        if not kept:
            return self._abstain(question, day, state, "no_sources")
        asks = bool(d.questions)
        note = about_person(CITIZEN_NOTE, d.person) if d.person else CITIZEN_NOTE
        tail = ([d.questions[0]] if asks else []) + ([note] if d.citizen else [])
        # what was said before is not said again, unless this message changed the facts it rests on
        before = [t.answer for t in state.turns] if not changed else []
        numbers: set[str] = set()
        numbers_in([t.get("trace") for t in trace], numbers)
        numbers_in(facts.known(), numbers)
        numbers -= {"0", "1", "2", "3"}  # too common to tell one rule from another
        kept = (
            plan(
                kept,
                question,
                state.audience,
                sum(n_words(t) for t in tail),
                before,
                weight,
                numbers,
                facts.get("age"),
                context_answers=asks_about_granting(question),
            )
            or kept
        )
        text = " ".join([s.text for s in kept] + tail)
        citations = self._citations(kept, day)
        answer = Answer(
            question=question,
            date=day,
            audience=state.audience,
            answer=text,
            sentences=kept,
            removed=removed,
            citations=citations,
            grounded=all(s.supported for s in kept),
            abstained=False,
            outcome=outcome,
            trace=trace,
            missing_facts=d.missing,
            facts=state.facts.as_json(),
            topics=topics,
            passages=[p.to_json() for p in passages],
            law_version=law_version(d),
            asks=asks,
        )
        if self.llm is not None:
            from assistant.answering.llm import rephrase

            answer = rephrase(self.llm, answer, self.checker, d.rule_refs, d.expected, d.values, asked)
        return answer

    def _decide(
        self, d: Draft, facts: KnownFacts, topics: list[str], named: set[str]
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """Run the rules core on the facts known so far; the conclusion leads the answer."""
        from assistant.answering.verdict import conclude

        return conclude(d, facts, topics, named)

    def _named_units(self, d: Draft, question: str) -> None:
        """A question that names a provision gets its wording (as it stood on the date)."""
        from assistant.corpus.refs import find_refs

        for named in find_refs(question)[:3]:
            # the named unit and the finer units inside it (closeness 0 and 1+, not the coarser 5)
            hits = [(c, self.engine.by_id[uid]) for uid, c in self.engine.named_units([named]) if c < 5]
            hits = [(c, u) for c, u in hits if u.in_force(d.on)]
            hits.sort(key=lambda x: (x[0] != 0, len(x[1].ref), x[1].ref))
            for _, unit in hits[:2]:
                text = " ".join(re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", unit.text)[:3])
                if len(text) > 700:
                    text = text[:700].rsplit(" ", 1)[0]
                d.say(f"{unit.ref} ({unit.title}) lyder: »{text}«", ref=unit.ref, quote=text)

    def _quote_passages(self, d: Draft, question: str, passages, limit: int = 2) -> None:
        """Then the source: quote the best sentence of the best passages not yet cited."""
        terms = {fold(w) for w in re.findall(r"[A-Za-zÆØÅæøå0-9]{3,}", question)}
        cited = {sup.unit_id for s in d.sentences for sup in s.support}
        added = 0
        for p in passages[:4]:
            if added >= limit:
                break
            unit = self.engine.by_id[p.unit_id]
            if unit.id in cited or not unit.in_force(d.on):
                continue
            # a case's holding is short and general ("kommunen kan ikke kræve …"): one shared word
            # will do, and a case whose facts match the question's is quoted by its holding
            overlap = 1 if unit.kind == "sag" else 2
            found = [x for x in top_sentences(unit, terms, 3, min_overlap=overlap) if _true_on(x, d.on)][:1]
            if not found and unit.kind == "sag" and (held := holding_of(unit, terms)) is not None:
                found = [held]
            if found and d.say(f"Af {unit.ref} fremgår: »{found[0]}«", ref=unit.ref, quote=found[0]):
                added += 1

    def _citations(self, sentences: list[Sentence], day: dt.date) -> list[Citation]:
        out: dict[str, Citation] = {}
        for s in sentences:
            for sup in s.support:
                unit = self.engine.by_id.get(sup.unit_id or "")
                if unit is None:
                    cands = sorted(self.units_by_ref.get(parse_ref(sup.ref).key, []), key=lambda u: not u.in_force(day))
                    unit = cands[0] if cands else None
                if unit is None:
                    continue
                key = unit.id
                if key not in out:  # a sentence resting on a rule quotes the unit's first whole sentence
                    quote = sup.quote or next(
                        (x for x in sentences_of(unit.text) if quotable(x, unit.kind)), unit.title or unit.text[:300]
                    )
                    out[key] = Citation(ref=unit.ref, title=unit.title, quote=quote, url=unit.url, unit_id=unit.id)
        return list(out.values())


_FROM = re.compile(r"\b(?:fra|efter|gælder fra)\s+(?:den\s+)?(\d{1,2})\.\s*(\w+)\s+(\d{4})", re.I)
_UNTIL = re.compile(r"\b(?:frem til|før|indtil|inden)\s+(?:den\s+)?(\d{1,2})\.\s*(\w+)\s+(\d{4})", re.I)


def _true_on(sentence: str, day: dt.date) -> bool:
    """A sentence that speaks of rules "fra 1. januar 2022" is not quoted about 2021 (and
    one about rules "frem til 1. januar 2022" not about later dates)."""
    from assistant.language.dates import MONTHS

    for rx, later in ((_FROM, True), (_UNTIL, False)):
        for m in rx.finditer(sentence):
            try:
                when = dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
            except (KeyError, ValueError):
                continue
            if (later and day < when) or (not later and day >= when):
                return False
    return True


def _configured_llm(spec: str | None):
    if not spec:
        return None
    try:
        from assistant.answering.llm import make_chat_model

        return make_chat_model(spec)
    except Exception as exc:  # missing optional package or a bad setting: run without the LLM
        log.warning("LLM er slået fra: %s", exc)
        return None


def _turn(text: str, answer: Answer):
    from assistant.answering.dialogue import Turn

    return Turn(user=text, answer=answer.answer, topics=answer.topics, refs=answer.cited_refs)
