"""Optional LLM phrasing: a LangChain chat model may rephrase the checked answer.

The model sees only the deterministic answer's sentences and their sources, must cite
`[ref]` after each sentence, and its text goes through the same grounding check. If any
sentence fails (an invented paragraph, a number not in the source, an outcome that
contradicts the rules core), the deterministic answer is returned instead.
Default: no LLM.
"""

from __future__ import annotations

import re

from assistant.answering.grounding import GroundingChecker
from assistant.answering.model import Answer, Sentence, Support
from assistant.corpus.refs import RefError, parse_ref

PROMPT = """Du er en erfaren kollega i et jobcenter. Omskriv svaret nedenfor til klart, venligt dansk
{audience}. Brug KUN oplysningerne i sætningerne. Tilføj ingen nye fakta, tal eller paragraffer.
Skriv efter hver sætning den eller de kilder, den bygger på, i firkantede parenteser, fx [LAB § 114, stk. 1].

Spørgsmål: {question}

Sætninger med kilder:
{sentences}
"""


def make_chat_model(spec: str | None):
    """`openai:<model>@<base_url>` or `ollama:<model>@<base_url>`; None when unset."""
    if not spec:
        return None
    kind, _, rest = spec.partition(":")
    model, _, url = rest.partition("@")
    if kind == "openai":
        from langchain_openai import ChatOpenAI  # optional dependency

        return ChatOpenAI(model=model, base_url=url or None, temperature=0)
    if kind == "ollama":
        from langchain_ollama import ChatOllama  # optional dependency

        return ChatOllama(model=model, base_url=url or "http://127.0.0.1:11434", temperature=0)
    raise ValueError(f"Ukendt LLM-indstilling {spec!r} (brug openai:<model>@<url> eller ollama:<model>@<url>)")


_CITE = re.compile(r"\[([^\[\]]{3,80})\]")


def parse_llm_text(text: str) -> list[tuple[str, list[str]]]:
    """(sentence without its [refs], refs) for each sentence of the model's text."""
    out = []
    for raw in re.split(r"(?<=[.!?\]])\s+(?=[A-ZÆØÅ])", text.strip()):
        refs = [m.group(1).strip() for m in _CITE.finditer(raw)]
        clean = _CITE.sub("", raw).strip()
        clean = re.sub(r"\s+([.,;:!?])", r"\1", clean)
        if clean:
            out.append((clean, refs))
    return out


def rephrase(llm, answer: Answer, checker: GroundingChecker, rule_refs, expected, values, asked) -> Answer:
    """The LLM's phrasing if every sentence passes the grounding check, else `answer` unchanged."""
    if llm is None or answer.abstained or not answer.sentences:
        return answer
    listing = "\n".join(f"- {s.text} [{'; '.join(dict.fromkeys(x.ref for x in s.support))}]" for s in answer.sentences)
    prompt = PROMPT.format(
        audience="til en borger (du-form, korte sætninger)" if answer.audience == "citizen" else "til en sagsbehandler",
        question=answer.question,
        sentences=listing,
    )
    try:
        reply = llm.invoke(prompt)
    except Exception:  # the endpoint is down or refuses: the checked answer stands
        return answer
    text = getattr(reply, "content", str(reply))
    allowed = {x.ref: x for s in answer.sentences for x in s.support}
    given: dict[str, set[str]] = {}  # a ref → the user's numbers the checked sentences citing it repeat
    for s in answer.sentences:
        for x in s.support:
            given.setdefault(x.ref, set()).update(s.given)
    sentences = []
    for clean, refs in parse_llm_text(text):
        support = []
        for r in refs:
            try:
                key = parse_ref(r).canonical
            except RefError:
                support.append(Support(kind="passage", ref=r))  # will fail the check
                continue
            src = allowed.get(key)
            support.append(
                Support(kind=src.kind, ref=key, unit_id=src.unit_id, rule=src.rule)
                if src
                else Support(kind="passage", ref=key)
            )
        repeated = sorted(set().union(*(given.get(x.ref, set()) for x in support)))
        sentences.append(Sentence(text=clean, support=support, given=repeated))
    if not sentences:
        return answer
    kept, removed = checker.check(sentences, rule_refs, expected, values, asked)
    if removed:
        return answer.model_copy(update={"removed": answer.removed + removed})
    return answer.model_copy(
        update={
            "answer": " ".join(s.text for s in kept) + _tail(answer),
            "sentences": kept,
            "producer": getattr(llm, "model_name", None) or type(llm).__name__,
        }
    )


def _tail(answer: Answer) -> str:
    """The question back to the user and the citizen's notice are kept as they were."""
    body = " ".join(s.text for s in answer.sentences)
    rest = answer.answer[len(body) :] if answer.answer.startswith(body) else ""
    return rest
